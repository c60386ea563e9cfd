// The Transformer's forward pass on the tape (its backward is the tape's), its initialisation, and
// generation with a KV cache.
#include "ahenk/nn/transformer.h"

#include "ahenk/tensor/reference.h"

#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

namespace ahenk::nn {

using tensor::Parameter;
using tensor::Tape;
using tensor::Tensor;
using tensor::Var;

namespace {

Parameter make_parameter(std::string name, const tensor::Shape& shape, bool decay) {
  Parameter p;
  p.name = std::move(name);
  p.value = Tensor::zeros(shape);
  p.grad = Tensor::zeros(shape);
  p.decay = decay;
  return p;
}

void fill_normal(Tensor& t, float std, std::mt19937_64& rng) {
  std::normal_distribution<float> normal(0.0f, std);
  float* d = t.data();
  for (Index i = 0; i < t.numel(); ++i) d[i] = normal(rng);
}

}  // namespace

nlohmann::json TransformerConfig::to_json() const {
  return {{"arch", "transformer"},    {"vocab_size", vocab_size},
          {"d_model", d_model},       {"n_layers", n_layers},
          {"n_heads", n_heads},       {"ctx", ctx},
          {"ffn_hidden", hidden()},   {"tie_embeddings", tie_embeddings},
          {"rope_theta", rope_theta}, {"norm_eps", norm_eps},
          {"init_std", init_std}};
}

TransformerConfig TransformerConfig::from_json(const nlohmann::json& j) {
  TransformerConfig c;
  if (!j.is_object()) throw std::invalid_argument("model spec must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    auto integer = [&]() -> Index {
      if (!v.is_number_integer())
        throw std::invalid_argument("model." + key + " must be an integer");
      return v.get<Index>();
    };
    auto number = [&]() -> double {
      if (!v.is_number()) throw std::invalid_argument("model." + key + " must be a number");
      return v.get<double>();
    };
    if (key == "arch") {
      if (v != "transformer") throw std::invalid_argument("model.arch is not \"transformer\"");
    } else if (key == "vocab_size") {
      c.vocab_size = integer();
    } else if (key == "d_model") {
      c.d_model = integer();
    } else if (key == "n_layers") {
      c.n_layers = integer();
    } else if (key == "n_heads") {
      c.n_heads = integer();
    } else if (key == "ctx") {
      c.ctx = integer();
    } else if (key == "ffn_hidden") {
      c.ffn_hidden = integer();
    } else if (key == "tie_embeddings") {
      if (!v.is_boolean())
        throw std::invalid_argument("model.tie_embeddings must be true or false");
      c.tie_embeddings = v.get<bool>();
    } else if (key == "rope_theta") {
      c.rope_theta = number();
    } else if (key == "norm_eps") {
      c.norm_eps = float(number());
    } else if (key == "init_std") {
      c.init_std = float(number());
    } else {
      throw std::invalid_argument("unknown model setting \"" + key +
                                  "\" (known: vocab_size d_model n_layers n_heads ctx ffn_hidden "
                                  "tie_embeddings rope_theta norm_eps init_std)");
    }
  }
  c.validate();
  return c;
}

void TransformerConfig::validate() const {
  auto positive = [](Index v, const char* name) {
    if (v <= 0) throw std::invalid_argument(std::string("model.") + name + " must be positive");
  };
  positive(vocab_size, "vocab_size");
  positive(d_model, "d_model");
  positive(n_layers, "n_layers");
  positive(n_heads, "n_heads");
  positive(ctx, "ctx");
  if (vocab_size > (Index{1} << 31) - 1)
    throw std::invalid_argument("model.vocab_size is too large");
  if (d_model % n_heads != 0)
    throw std::invalid_argument("model.d_model (" + std::to_string(d_model) +
                                ") must be a multiple of model.n_heads (" +
                                std::to_string(n_heads) + ")");
  if (head_dim() % 2 != 0)
    throw std::invalid_argument("model.d_model / model.n_heads must be even (RoPE rotates pairs)");
  if (ffn_hidden < 0) throw std::invalid_argument("model.ffn_hidden must be >= 0");
  if (!(rope_theta > 1.0)) throw std::invalid_argument("model.rope_theta must be > 1");
  if (!(norm_eps > 0)) throw std::invalid_argument("model.norm_eps must be > 0");
}

Index LanguageModel::parameter_count() {
  Index n = 0;
  for (auto& p : parameters()) n += p.value.numel();
  return n;
}

Transformer::Transformer(const TransformerConfig& config, std::uint64_t seed) : config_(config) {
  config_.validate();
  const Index V = config_.vocab_size, C = config_.d_model, F = config_.hidden();
  const Index L = config_.n_layers;
  params_.reserve(static_cast<std::size_t>(4 + 6 * L));  // pointers below stay valid
  params_.push_back(make_parameter("embed.weight", {V, C}, true));
  for (Index i = 0; i < L; ++i) {
    std::string p = "blocks." + std::to_string(i) + ".";
    params_.push_back(make_parameter(p + "attn_norm.weight", {C}, false));
    params_.push_back(make_parameter(p + "attn.qkv.weight", {3 * C, C}, true));
    params_.push_back(make_parameter(p + "attn.out.weight", {C, C}, true));
    params_.push_back(make_parameter(p + "mlp_norm.weight", {C}, false));
    params_.push_back(make_parameter(p + "mlp.gate_up.weight", {2 * F, C}, true));
    params_.push_back(make_parameter(p + "mlp.down.weight", {C, F}, true));
  }
  params_.push_back(make_parameter("final_norm.weight", {C}, false));
  if (!config_.tie_embeddings) params_.push_back(make_parameter("lm_head.weight", {V, C}, true));

  embed_ = &params_[0];
  for (Index i = 0; i < L; ++i) {
    Parameter* b = &params_[static_cast<std::size_t>(1 + 6 * i)];
    layers_.push_back({b, b + 1, b + 2, b + 3, b + 4, b + 5});
  }
  final_norm_ = &params_[static_cast<std::size_t>(1 + 6 * L)];
  head_ = config_.tie_embeddings ? embed_ : &params_.back();

  std::mt19937_64 rng(seed);
  float residual_std = config_.init_std / std::sqrt(2.0f * float(L));
  for (Parameter& p : params_) {
    if (!p.decay) {
      p.value.fill(1.0f);  // norm gains
    } else {
      bool residual = p.name.ends_with("attn.out.weight") || p.name.ends_with("mlp.down.weight");
      fill_normal(p.value, residual ? residual_std : config_.init_std, rng);
    }
  }
}

nlohmann::json Transformer::spec() const {
  return config_.to_json();
}

double Transformer::forward_flops_per_token(Index T) const {
  // 2 flops per multiply-add: the matrix products plus attention's QK^T and PV over the causal
  // half (T/2 keys on average).
  double C = double(config_.d_model), F = double(config_.hidden()), V = double(config_.vocab_size);
  double per_layer = 2.0 * (3 * C * C + C * C + 3 * C * F) + 2.0 * 2.0 * C * (double(T) / 2.0);
  return double(config_.n_layers) * per_layer + 2.0 * C * V;
}

tensor::LossResult Transformer::forward_backward(Tape& tape, const std::int32_t* tokens,
                                                 const std::int32_t* targets, Index B, Index T,
                                                 float grad_scale, Probes* probes) {
  if (T > config_.ctx)
    throw std::invalid_argument("sequence length " + std::to_string(T) + " exceeds the context " +
                                std::to_string(config_.ctx));
  const Index N = B * T, H = config_.n_heads, D = config_.head_dim();
  for (Index n = 0; n < N; ++n)
    if (tokens[n] < 0 || tokens[n] >= config_.vocab_size)
      throw std::out_of_range("token id " + std::to_string(tokens[n]) + " at position " +
                              std::to_string(n) + " is outside the vocabulary (" +
                              std::to_string(config_.vocab_size) + ")");
  if (probes != nullptr) {
    probes->residual_rms.clear();
    probes->attention_entropy.clear();
    probes->hidden.clear();
  }
  Var* x = tensor::embedding(tape, tokens, N, tape.parameter(*embed_));
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    Var* h = tensor::rmsnorm(tape, x, tape.parameter(*layer.attn_norm), config_.norm_eps);
    Var* qkv = tensor::linear(tape, h, tape.parameter(*layer.qkv));
    Var* rotated = tensor::rope_qkv(tape, qkv, B, T, H, config_.rope_theta);
    Tensor lse;
    Var* a = tensor::attention(tape, rotated, B, T, H, &lse);
    if (probes != nullptr && probes->attention_layer == static_cast<int>(l)) {
      // Materialised only here, for a view: p_ij = exp(q_i.k_j / sqrt(D) - lse_i), batch row 0.
      const float* q = rotated->value.data();
      const Index C = H * D, C3 = 3 * C;
      float scale = 1.0f / std::sqrt(float(D));
      probes->attention.assign(static_cast<std::size_t>(T * T), 0.0f);
      probes->attention_entropy.assign(static_cast<std::size_t>(H), 0.0);
      for (Index head = 0; head < H; ++head)
        for (Index i = 0; i < T; ++i) {
          double entropy = 0;
          for (Index j = 0; j <= i; ++j) {
            float s = 0;
            for (Index d = 0; d < D; ++d)
              s += q[i * C3 + head * D + d] * q[j * C3 + C + head * D + d];
            float p = std::exp(s * scale - lse.data()[head * T + i]);
            if (p > 0) entropy -= double(p) * std::log(double(p));
            if (head == probes->attention_head)
              probes->attention[static_cast<std::size_t>(i * T + j)] = p;
          }
          probes->attention_entropy[static_cast<std::size_t>(head)] += entropy / double(T);
        }
    }
    x = tensor::add(tape, x, tensor::linear(tape, a, tape.parameter(*layer.out)));
    Var* h2 = tensor::rmsnorm(tape, x, tape.parameter(*layer.mlp_norm), config_.norm_eps);
    Var* gu = tensor::linear(tape, h2, tape.parameter(*layer.gate_up));
    x = tensor::add(tape, x,
                    tensor::linear(tape, tensor::swiglu(tape, gu), tape.parameter(*layer.down)));
    if (probes != nullptr && probes->hidden_states)
      probes->hidden.emplace_back(x->value.data(), x->value.data() + T * config_.d_model);
    if (probes != nullptr && probes->activation_rms)
      probes->residual_rms.push_back(
          std::sqrt(tape.backend().sum_squares(x->value.data(), x->value.numel()) /
                    double(x->value.numel())));
  }
  Var* xf = tensor::rmsnorm(tape, x, tape.parameter(*final_norm_), config_.norm_eps);
  return tensor::cross_entropy(tape, xf, tape.parameter(*head_), targets, grad_scale);
}

// ---- generation ----

class TransformerGeneration final : public Generation {
 public:
  TransformerGeneration(Transformer& model, tensor::Backend& backend, bool bf16_weights)
      : model_(model), be_(backend) {
    if (bf16_weights) {
      auto convert = [&](const Parameter* p) {
        auto& copy = bf16_[p];
        copy.resize(static_cast<std::size_t>(p->value.numel()));
        for (std::size_t i = 0; i < copy.size(); ++i)
          copy[i] = tensor::reference::float_to_bf16(p->value.data()[i]);
      };
      for (const auto& layer : model_.layers_)
        for (const Parameter* p : {layer.qkv, layer.out, layer.gate_up, layer.down}) convert(p);
      convert(model_.head_);
    }
    const auto& c = model_.config_;
    const Index C = c.d_model, F = c.hidden(), L = c.n_layers;
    cache_ = Tensor::zeros({L, 2, c.ctx, C});
    x_ = Tensor::zeros({C});
    h_ = Tensor::zeros({C});
    qkv_ = Tensor::zeros({3 * C});
    attn_ = Tensor::zeros({C});
    proj_ = Tensor::zeros({C});
    gate_up_ = Tensor::zeros({2 * F});
    act_ = Tensor::zeros({F});
    rstd_ = Tensor::zeros({1});
    logits_ = Tensor::zeros({c.vocab_size});
  }

  const float* step(std::int32_t token) override {
    const auto& c = model_.config_;
    const Index C = c.d_model;
    if (token < 0 || token >= c.vocab_size)
      throw std::out_of_range("token id " + std::to_string(token) + " is outside the vocabulary");
    if (position_ == c.ctx) slide();
    history_.push_back(token);
    forward_one(token, position_++);
    be_.rmsnorm_forward(h_.data(), rstd_.data(), x_.data(), model_.final_norm_->value.data(), 1, C,
                        c.norm_eps);
    project(logits_.data(), model_.head_, h_.data());
    return logits_.data();
  }
  Index position() const override { return position_; }

 private:
  void forward_one(std::int32_t token, Index pos) {
    const auto& c = model_.config_;
    const Index C = c.d_model, F = c.hidden(), H = c.n_heads, D = c.head_dim();
    be_.embedding_forward(x_.data(), &token, model_.embed_->value.data(), 1, C);
    for (Index l = 0; l < c.n_layers; ++l) {
      const auto& layer = model_.layers_[static_cast<std::size_t>(l)];
      float* keys = cache_.data() + (l * 2) * c.ctx * C;
      float* values = keys + c.ctx * C;
      be_.rmsnorm_forward(h_.data(), rstd_.data(), x_.data(), layer.attn_norm->value.data(), 1, C,
                          c.norm_eps);
      project(qkv_.data(), layer.qkv, h_.data());
      // Rotate q in place (via attn_ as scratch) and write the rotated key and the value to the
      // cache.
      be_.rope_forward(attn_.data(), qkv_.data(), 1, 1, H, D, C, C, c.rope_theta, pos);
      std::copy(attn_.data(), attn_.data() + C, qkv_.data());
      be_.rope_forward(keys + pos * C, qkv_.data() + C, 1, 1, H, D, C, C, c.rope_theta, pos);
      std::copy(qkv_.data() + 2 * C, qkv_.data() + 3 * C, values + pos * C);
      be_.attention_decode(attn_.data(), nullptr, qkv_.data(), keys, values, C, pos + 1, H, D);
      project(proj_.data(), layer.out, attn_.data());
      be_.add(x_.data(), x_.data(), proj_.data(), C);
      be_.rmsnorm_forward(h_.data(), rstd_.data(), x_.data(), layer.mlp_norm->value.data(), 1, C,
                          c.norm_eps);
      project(gate_up_.data(), layer.gate_up, h_.data());
      be_.swiglu_forward(act_.data(), gate_up_.data(), 1, F);
      project(proj_.data(), layer.down, act_.data());
      be_.add(x_.data(), x_.data(), proj_.data(), C);
    }
  }

  // y = W x for a weight W (out, in): f32, or its bfloat16 copy when generation was started so.
  void project(float* y, const Parameter* w, const float* x) {
    const Index N = w->value.dim(0), K = w->value.dim(1);
    auto it = bf16_.find(w);
    if (it != bf16_.end())
      be_.gemv_bf16(y, it->second.data(), x, N, K);
    else
      be_.gemm(false, true, 1, N, K, 1.0f, x, K, w->value.data(), K, 0.0f, y, N);
  }

  // The context is full: keep the newest half and recompute its cache (positions restart at 0, as
  // in training, where every window starts at position 0).
  void slide() {
    const Index keep = model_.config_.ctx / 2;
    std::vector<std::int32_t> recent(history_.end() - keep, history_.end());
    history_.clear();
    position_ = 0;
    for (std::int32_t t : recent) {
      history_.push_back(t);
      forward_one(t, position_++);
    }
  }

  Transformer& model_;
  tensor::Backend& be_;
  Tensor cache_;  // (L, 2, ctx, C): rotated keys, values
  Tensor x_, h_, qkv_, attn_, proj_, gate_up_, act_, rstd_, logits_;
  std::vector<std::int32_t> history_;
  Index position_ = 0;
  std::map<const Parameter*, std::vector<std::uint16_t>> bf16_;
};

std::unique_ptr<Generation> Transformer::start_generation(tensor::Backend& backend,
                                                          bool bf16_weights) {
  return std::make_unique<TransformerGeneration>(*this, backend, bf16_weights);
}

std::unique_ptr<LanguageModel> make_model(const nlohmann::json& spec, std::uint64_t seed) {
  std::string arch = spec.value("arch", "transformer");
  if (arch == "transformer") {
    return std::make_unique<Transformer>(TransformerConfig::from_json(spec), seed);
  }
  throw std::invalid_argument("unknown model.arch \"" + arch + "\" (available: transformer)");
}

}  // namespace ahenk::nn
