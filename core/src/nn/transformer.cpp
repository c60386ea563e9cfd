// The Transformer's forward pass on the tape (its backward is the tape's), its initialisation, and
// generation with a KV cache.
#include "ahenk/nn/transformer.h"

#include "ahenk/tensor/reference.h"
#include "ahenk/tensor/sequence_ops.h"
#include "model_common.h"

#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::nn {

using tensor::Parameter;
using tensor::Tape;
using tensor::Tensor;
using tensor::Var;

using detail::fill_normal;
using detail::make_parameter;

namespace {
const std::vector<std::string> kResets = {"subtract", "zero"};
const std::vector<std::string> kSurrogates = {"fast_sigmoid", "atan"};
const std::vector<std::string> kEncodings = {"current", "rate", "latency"};
}  // namespace

tensor::LifArgs SpikingSettings::lif(std::uint64_t seed) const {
  tensor::LifArgs a;
  a.steps = steps;
  a.threshold = threshold;
  a.reset = reset;
  a.surrogate = surrogate;
  a.slope = slope > 0 ? slope : (surrogate == tensor::Surrogate::fast_sigmoid ? 25.0f : 2.0f);
  a.encoding = encoding;
  a.seed = seed;
  return a;
}

nlohmann::json TransformerConfig::to_json() const {
  nlohmann::json j = {{"arch", spiking.enabled ? "spiking" : "transformer"},
                      {"vocab_size", vocab_size},
                      {"d_model", d_model},
                      {"n_layers", n_layers},
                      {"n_heads", n_heads},
                      {"ctx", ctx},
                      {"ffn_hidden", hidden()},
                      {"tie_embeddings", tie_embeddings},
                      {"rope_theta", rope_theta},
                      {"norm_eps", norm_eps},
                      {"init_std", init_std}};
  if (spiking.enabled) {
    tensor::LifArgs a = spiking.lif(0);
    j["steps"] = spiking.steps;
    j["threshold"] = spiking.threshold;
    j["beta"] = spiking.beta;
    j["learn_beta"] = spiking.learn_beta;
    j["reset"] = kResets[static_cast<std::size_t>(spiking.reset)];
    j["surrogate"] = kSurrogates[static_cast<std::size_t>(spiking.surrogate)];
    j["slope"] = a.slope;
    j["encoding"] = kEncodings[static_cast<std::size_t>(spiking.encoding)];
  }
  return j;
}

TransformerConfig TransformerConfig::from_json(const nlohmann::json& j) {
  TransformerConfig c;
  c.spiking.enabled = j.is_object() && j.value("arch", "transformer") == "spiking";
  detail::SpecReader r(j, c.spiking.enabled ? "spiking" : "transformer");
  if (c.spiking.enabled) {
    r.integer("steps", c.spiking.steps);
    r.number("threshold", c.spiking.threshold);
    r.number("beta", c.spiking.beta);
    r.boolean("learn_beta", c.spiking.learn_beta);
    r.choice("reset", c.spiking.reset, kResets);
    r.choice("surrogate", c.spiking.surrogate, kSurrogates);
    r.number("slope", c.spiking.slope);
    r.choice("encoding", c.spiking.encoding, kEncodings);
  }
  r.integer("vocab_size", c.vocab_size);
  r.integer("d_model", c.d_model);
  r.integer("n_layers", c.n_layers);
  r.integer("n_heads", c.n_heads);
  r.integer("ctx", c.ctx);
  r.integer("ffn_hidden", c.ffn_hidden);
  r.boolean("tie_embeddings", c.tie_embeddings);
  r.number("rope_theta", c.rope_theta);
  r.number("norm_eps", c.norm_eps);
  r.number("init_std", c.init_std);
  r.read();
  c.validate();
  return c;
}

void TransformerConfig::validate() const {
  const auto positive = detail::require_positive;
  positive(vocab_size, "vocab_size");
  positive(d_model, "d_model");
  positive(n_layers, "n_layers");
  positive(n_heads, "n_heads");
  positive(ctx, "ctx");
  if (vocab_size > (Index{1} << 31) - 1)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.vocab_size is too large"));
  if (d_model % n_heads != 0)
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "model.d_model (%1) must be a multiple of model.n_heads (%2)"),
        {std::to_string(d_model), std::to_string(n_heads)});
  if (head_dim() % 2 != 0)
    throw InvalidArgument(QT_TRANSLATE_NOOP(
        "Engine", "model.d_model / model.n_heads must be even (RoPE rotates pairs)"));
  if (ffn_hidden < 0)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.ffn_hidden must be >= 0"));
  if (!(rope_theta > 1.0))
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.rope_theta must be > 1"));
  if (!(norm_eps > 0))
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.norm_eps must be > 0"));
  if (spiking.enabled) {
    positive(spiking.steps, "steps");
    if (spiking.steps > 256)
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.steps must be at most 256"));
    if (!(spiking.threshold > 0))
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.threshold must be > 0"));
    if (!(spiking.beta >= 0 && spiking.beta <= 1))
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.beta must be in [0, 1]"));
    if (!(spiking.slope >= 0))
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.slope must be >= 0"));
  }
}

Transformer::Transformer(const TransformerConfig& config, std::uint64_t seed) : config_(config) {
  config_.validate();
  const Index V = config_.vocab_size, C = config_.d_model, F = config_.hidden();
  const Index L = config_.n_layers;
  const bool spiking = config_.spiking.enabled, learn_beta = spiking && config_.spiking.learn_beta;
  const Index per_layer = learn_beta ? 7 : 6;
  params_.reserve(static_cast<std::size_t>(3 + per_layer * L));  // pointers below stay valid
  params_.push_back(make_parameter("embed.weight", {V, C}, true));
  for (Index i = 0; i < L; ++i) {
    std::string p = "blocks." + std::to_string(i) + ".";
    params_.push_back(make_parameter(p + "attn_norm.weight", {C}, false));
    params_.push_back(make_parameter(p + "attn.qkv.weight", {3 * C, C}, true));
    params_.push_back(make_parameter(p + "attn.out.weight", {C, C}, true));
    params_.push_back(make_parameter(p + "mlp_norm.weight", {C}, false));
    if (spiking)
      params_.push_back(make_parameter(p + "mlp.up.weight", {F, C}, true));
    else
      params_.push_back(make_parameter(p + "mlp.gate_up.weight", {2 * F, C}, true));
    params_.push_back(make_parameter(p + "mlp.down.weight", {C, F}, true));
    if (learn_beta) params_.push_back(make_parameter(p + "mlp.beta", {F}, false));
  }
  params_.push_back(make_parameter("final_norm.weight", {C}, false));
  if (!config_.tie_embeddings) params_.push_back(make_parameter("lm_head.weight", {V, C}, true));

  embed_ = &params_[0];
  for (Index i = 0; i < L; ++i) {
    Parameter* b = &params_[static_cast<std::size_t>(1 + per_layer * i)];
    layers_.push_back({b, b + 1, b + 2, b + 3, b + 4, b + 5, learn_beta ? b + 6 : nullptr});
  }
  final_norm_ = &params_[static_cast<std::size_t>(1 + per_layer * L)];
  head_ = config_.tie_embeddings ? embed_ : &params_.back();
  if (spiking) {
    fixed_beta_ = Tensor::zeros({F});
    fixed_beta_.fill(config_.spiking.beta);
  }

  std::mt19937_64 rng(seed);
  float residual_std = config_.init_std / std::sqrt(2.0f * float(L));
  for (Parameter& p : params_) {
    if (p.name.ends_with("mlp.beta")) {
      p.value.fill(config_.spiking.beta);
    } else if (p.name.ends_with("mlp.up.weight")) {
      // Currents of unit scale (the input is RMS-normalised): with N(0, 0.02) they would stay far
      // below the threshold and no neuron would ever fire, leaving no gradient to learn from.
      fill_normal(p.value, 1.0f / std::sqrt(float(C)), rng);
    } else if (!p.decay) {
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
  // The spiking MLP: up and down (2 C F) plus about 4 flops per neuron and time step.
  double mlp = config_.spiking.enabled ? 2.0 * 2 * C * F + 4.0 * F * double(config_.spiking.steps)
                                       : 2.0 * 3 * C * F;
  double per_layer = 2.0 * (3 * C * C + C * C) + mlp + 2.0 * 2.0 * C * (double(T) / 2.0);
  return double(config_.n_layers) * per_layer + 2.0 * C * V;
}

tensor::LossResult Transformer::forward_backward(Tape& tape, const std::int32_t* tokens,
                                                 const std::int32_t* targets, Index B, Index T,
                                                 float grad_scale, Probes* probes) {
  if (T > config_.ctx)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "sequence length %1 exceeds the context %2"),
                          {std::to_string(T), std::to_string(config_.ctx)});
  const Index N = B * T, H = config_.n_heads, D = config_.head_dim();
  detail::check_tokens(tokens, N, config_.vocab_size);
  if (probes != nullptr) {
    probes->residual_rms.clear();
    probes->attention_entropy.clear();
    probes->attention_maps.clear();
    probes->attention_map_entropy.clear();
    probes->qkv.clear();
    probes->hidden.clear();
    probes->firing_rate.clear();
    probes->spikes.clear();
    probes->membrane.clear();
    probes->synaptic_ops_per_token = 0;
    probes->dense_mlp_flops_per_token = 0;
  }
  Var* x = tensor::embedding(tape, tokens, N, tape.parameter(*embed_));
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    Var* h = tensor::rmsnorm(tape, x, tape.parameter(*layer.attn_norm), config_.norm_eps);
    Var* qkv = tensor::linear(tape, h, tape.parameter(*layer.qkv));
    Var* rotated = tensor::rope_qkv(tape, qkv, B, T, H, config_.rope_theta);
    Tensor lse;
    Var* a = tensor::attention(tape, rotated, B, T, H, &lse);
    if (probes != nullptr && probes->qkv_layer == static_cast<int>(l))
      probes->qkv.assign(qkv->value.data(), qkv->value.data() + T * 3 * H * D);
    const bool one = probes != nullptr && probes->attention_layer == static_cast<int>(l);
    const bool all = probes != nullptr && probes->attention_all;
    if (all && l == 0) {
      probes->attention_maps.assign(static_cast<std::size_t>(layers_.size() * H * T * T), 0.0f);
      probes->attention_map_entropy.assign(static_cast<std::size_t>(layers_.size() * H), 0.0);
    }
    if (one || all) {
      // Materialised only here, for a view: p_ij = exp(q_i.k_j / sqrt(D) - lse_i), batch row 0.
      const float* q = rotated->value.data();
      const Index C = H * D, C3 = 3 * C;
      float scale = 1.0f / std::sqrt(float(D));
      if (one) {
        probes->attention.assign(static_cast<std::size_t>(T * T), 0.0f);
        probes->attention_entropy.assign(static_cast<std::size_t>(H), 0.0);
      }
      for (Index head = 0; head < H; ++head) {
        const std::size_t map = static_cast<std::size_t>(Index(l) * H + head);
        float* grid = all ? probes->attention_maps.data() + map * std::size_t(T * T) : nullptr;
        double mean_entropy = 0;
        for (Index i = 0; i < T; ++i) {
          double entropy = 0;
          for (Index j = 0; j <= i; ++j) {
            float s = 0;
            for (Index d = 0; d < D; ++d)
              s += q[i * C3 + head * D + d] * q[j * C3 + C + head * D + d];
            float p = std::exp(s * scale - lse.data()[head * T + i]);
            if (p > 0) entropy -= double(p) * std::log(double(p));
            if (one && head == probes->attention_head)
              probes->attention[static_cast<std::size_t>(i * T + j)] = p;
            if (grid != nullptr) grid[i * T + j] = p;
          }
          mean_entropy += entropy / double(T);
        }
        if (one) probes->attention_entropy[static_cast<std::size_t>(head)] = mean_entropy;
        if (all) probes->attention_map_entropy[map] = mean_entropy;
      }
    }
    x = tensor::add(tape, x, tensor::linear(tape, a, tape.parameter(*layer.out)));
    Var* h2 = tensor::rmsnorm(tape, x, tape.parameter(*layer.mlp_norm), config_.norm_eps);
    Var* gu = tensor::linear(tape, h2, tape.parameter(*layer.gate_up));
    Var* act = config_.spiking.enabled ? spiking_mlp(tape, gu, l, tokens, T, probes)
                                       : tensor::swiglu(tape, gu);
    x = tensor::add(tape, x, tensor::linear(tape, act, tape.parameter(*layer.down)));
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

namespace {
// The rate encoding's draws: seeded by the batch's tokens and the layer, so they are the same on
// a resumed run and differ between batches and layers.
std::uint64_t spike_seed(const std::int32_t* tokens, Index N, std::size_t layer) {
  std::uint64_t h = 0xcbf29ce484222325ull ^ (std::uint64_t(layer) * 0x9E3779B97F4A7C15ull);
  for (Index i = 0; i < N; ++i)
    h = (h ^ std::uint64_t(std::uint32_t(tokens[i]))) * 0x100000001B3ull;
  return h;
}
}  // namespace

Var* Transformer::spiking_mlp(Tape& tape, Var* current, std::size_t l, const std::int32_t* tokens,
                              Index T, Probes* probes) {
  const Index N = current->value.dim(0), F = current->value.dim(1);
  const Layer& layer = layers_[l];
  const bool draws = config_.spiking.encoding == tensor::SpikeEncoding::rate;
  const tensor::LifArgs args = config_.spiking.lif(draws ? spike_seed(tokens, N, l) : 0);
  Var* beta = layer.beta != nullptr ? tape.parameter(*layer.beta) : tape.constant(fixed_beta_);
  Var* rate = tensor::lif(tape, current, beta, args);
  if (probes == nullptr) return rate;
  if (probes->spike_stats) {
    double sum = 0;
    const float* r = rate->value.data();
    for (Index i = 0; i < N * F; ++i) sum += r[i];
    const double spikes_per_token = sum * double(args.steps) / double(N);
    probes->firing_rate.push_back(sum / double(N * F));
    probes->synaptic_ops_per_token += spikes_per_token * double(config_.d_model);  // fan-out
    probes->dense_mlp_flops_per_token += 2.0 * double(F) * double(config_.d_model);
  }
  if (probes->spike_layer == static_cast<int>(l)) {
    // Batch row 0, the first spike_neurons neurons, every step: (T, steps, n). The whole rows run
    // so that the rate encoding's draws (indexed by row * F + neuron) are those of training.
    const Index n = std::clamp<Index>(probes->spike_neurons, 1, F);
    const std::size_t all = static_cast<std::size_t>(T * args.steps * F);
    std::vector<float> out(static_cast<std::size_t>(T * F)), membrane(all), spikes(all);
    tensor::reference::lif_forward(out.data(), current->value.data(), beta->value.data(), T, F,
                                   args, membrane.data(), spikes.data());
    probes->spikes.clear();
    probes->membrane.clear();
    for (Index row = 0; row < T * args.steps; ++row) {
      probes->spikes.insert(probes->spikes.end(), spikes.begin() + row * F,
                            spikes.begin() + row * F + n);
      probes->membrane.insert(probes->membrane.end(), membrane.begin() + row * F,
                              membrane.begin() + row * F + n);
    }
  }
  return rate;
}

// ---- generation ----

class TransformerGeneration final : public Generation {
 public:
  TransformerGeneration(Transformer& model, tensor::Backend& backend, bool bf16_weights)
      : model_(model), be_(backend), project(backend) {
    if (bf16_weights) {
      for (const auto& layer : model_.layers_)
        for (const Parameter* p : {layer.qkv, layer.out, layer.gate_up, layer.down})
          project.keep_bf16(p);
      project.keep_bf16(model_.head_);
    }
    const auto& c = model_.config_;
    const Index C = c.d_model, F = c.hidden(), L = c.n_layers;
    cache_ = Tensor::zeros({L, 2, c.ctx, C});
    x_ = Tensor::zeros({C});
    h_ = Tensor::zeros({C});
    qkv_ = Tensor::zeros({3 * C});
    attn_ = Tensor::zeros({C});
    proj_ = Tensor::zeros({C});
    gate_up_ = Tensor::zeros({c.spiking.enabled ? F : 2 * F});
    act_ = Tensor::zeros({F});
    rstd_ = Tensor::zeros({1});
    logits_ = Tensor::zeros({c.vocab_size});
  }

  const float* step(std::int32_t token) override {
    const auto& c = model_.config_;
    const Index C = c.d_model;
    if (token < 0 || token >= c.vocab_size)
      throw EngineError<std::out_of_range>(
          QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"),
          {std::to_string(token)});
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
      if (c.spiking.enabled) {
        const Tensor& beta = layer.beta != nullptr ? layer.beta->value : model_.fixed_beta_;
        be_.lif_forward(act_.data(), gate_up_.data(), beta.data(), 1, F,
                        c.spiking.lif(std::uint64_t(pos) * 1000003u + std::uint64_t(l)));
      } else {
        be_.swiglu_forward(act_.data(), gate_up_.data(), 1, F);
      }
      project(proj_.data(), layer.down, act_.data());
      be_.add(x_.data(), x_.data(), proj_.data(), C);
    }
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
  detail::Projector project;
};

std::unique_ptr<Generation> Transformer::start_generation(tensor::Backend& backend,
                                                          bool bf16_weights) {
  return std::make_unique<TransformerGeneration>(*this, backend, bf16_weights);
}

}  // namespace ahenk::nn
