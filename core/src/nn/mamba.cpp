// Mamba's forward pass on the tape, its initialisation (as mamba_ssm's), and recurrent generation.
#include "ahenk/nn/mamba.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "ahenk/message.h"
#include "ahenk/tensor/sequence_ops.h"
#include "model_common.h"

namespace ahenk::nn {

using tensor::Parameter;
using tensor::Tape;
using tensor::Tensor;
using tensor::Var;

nlohmann::json MambaConfig::to_json() const {
  return {{"arch", "mamba"},      {"vocab_size", vocab_size},
          {"d_model", d_model},   {"n_layers", n_layers},
          {"d_state", d_state},   {"d_conv", d_conv},
          {"expand", expand},     {"dt_rank", rank()},
          {"ctx", ctx},           {"tie_embeddings", tie_embeddings},
          {"norm_eps", norm_eps}, {"init_std", init_std},
          {"dt_min", dt_min},     {"dt_max", dt_max}};
}

MambaConfig MambaConfig::from_json(const nlohmann::json& j) {
  MambaConfig c;
  detail::SpecReader r(j, "mamba");
  r.integer("vocab_size", c.vocab_size);
  r.integer("d_model", c.d_model);
  r.integer("n_layers", c.n_layers);
  r.integer("d_state", c.d_state);
  r.integer("d_conv", c.d_conv);
  r.integer("expand", c.expand);
  r.integer("dt_rank", c.dt_rank);
  r.integer("ctx", c.ctx);
  r.boolean("tie_embeddings", c.tie_embeddings);
  r.number("norm_eps", c.norm_eps);
  r.number("init_std", c.init_std);
  r.number("dt_min", c.dt_min);
  r.number("dt_max", c.dt_max);
  r.read();
  c.validate();
  return c;
}

void MambaConfig::validate() const {
  for (auto [v, name] : {std::pair{vocab_size, "vocab_size"},
                         {d_model, "d_model"},
                         {n_layers, "n_layers"},
                         {d_state, "d_state"},
                         {d_conv, "d_conv"},
                         {expand, "expand"},
                         {ctx, "ctx"}})
    detail::require_positive(v, name);
  if (dt_rank < 0)
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "model.dt_rank must be >= 0 (0: d_model / 16)"));
  if (vocab_size > (Index{1} << 31) - 1)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.vocab_size is too large"));
  if (!(norm_eps > 0))
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.norm_eps must be > 0"));
  if (!(dt_min > 0 && dt_max >= dt_min))
    throw InvalidArgument(QT_TRANSLATE_NOOP(
        "Engine", "model.dt_min and model.dt_max must satisfy 0 < dt_min <= dt_max"));
}

Mamba::Mamba(const MambaConfig& config, std::uint64_t seed) : config_(config) {
  config_.validate();
  using detail::make_parameter;
  const Index V = config_.vocab_size, C = config_.d_model, L = config_.n_layers;
  const Index Di = config_.inner(), S = config_.d_state, K = config_.d_conv, R = config_.rank();
  constexpr Index kPerLayer = 10;
  params_.reserve(static_cast<std::size_t>(3 + kPerLayer * L));  // pointers below stay valid
  params_.push_back(make_parameter("embed.weight", {V, C}, true));
  for (Index i = 0; i < L; ++i) {
    std::string p = "layers." + std::to_string(i) + ".";
    std::string m = p + "mixer.";
    params_.push_back(make_parameter(p + "norm.weight", {C}, false));
    params_.push_back(make_parameter(m + "in_proj.weight", {2 * Di, C}, true));
    params_.push_back(make_parameter(m + "conv1d.weight", {Di, K}, true));
    params_.push_back(make_parameter(m + "conv1d.bias", {Di}, false));
    params_.push_back(make_parameter(m + "x_proj.weight", {R + 2 * S, Di}, true));
    params_.push_back(make_parameter(m + "dt_proj.weight", {Di, R}, true));
    params_.push_back(make_parameter(m + "dt_proj.bias", {Di}, false));
    params_.push_back(make_parameter(m + "A_log", {Di, S}, false));
    params_.push_back(make_parameter(m + "D", {Di}, false));
    params_.push_back(make_parameter(m + "out_proj.weight", {C, Di}, true));
  }
  params_.push_back(make_parameter("norm_f.weight", {C}, false));
  if (!config_.tie_embeddings) params_.push_back(make_parameter("lm_head.weight", {V, C}, true));
  embed_ = &params_[0];
  for (Index i = 0; i < L; ++i) {
    Parameter* b = &params_[static_cast<std::size_t>(1 + kPerLayer * i)];
    layers_.push_back({b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9});
  }
  norm_f_ = &params_[static_cast<std::size_t>(1 + kPerLayer * L)];
  head_ = config_.tie_embeddings ? embed_ : &params_.back();

  // mamba_ssm's initialisation: linear layers keep PyTorch's default U(+-1/sqrt(fan_in)), out_proj
  // divided by sqrt(n_layers); dt_proj U(+-dt_rank^-0.5) with its bias the inverse softplus of a
  // log-uniform dt in [dt_min, dt_max]; A_log = log(1..S) (S4D-real); D = 1; embeddings N(0, std).
  std::mt19937_64 rng(seed);
  detail::fill_normal(embed_->value, config_.init_std, rng);
  if (!config_.tie_embeddings) detail::fill_normal(head_->value, config_.init_std, rng);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const Layer& l : layers_) {
    l.norm->value.fill(1.0f);
    detail::fill_uniform(l.in_proj->value, 1.0f / std::sqrt(float(C)), rng);
    detail::fill_uniform(l.conv_w->value, 1.0f / std::sqrt(float(K)), rng);
    detail::fill_uniform(l.conv_b->value, 1.0f / std::sqrt(float(K)), rng);
    detail::fill_uniform(l.x_proj->value, 1.0f / std::sqrt(float(Di)), rng);
    detail::fill_uniform(l.dt_w->value, 1.0f / std::sqrt(float(R)), rng);
    for (Index d = 0; d < Di; ++d) {
      double lo = std::log(double(config_.dt_min)), hi = std::log(double(config_.dt_max));
      double dt = std::max(std::exp(lo + unit(rng) * (hi - lo)), 1e-4);
      l.dt_b->value.data()[d] = float(dt + std::log(-std::expm1(-dt)));
      for (Index s = 0; s < S; ++s) l.A_log->value.data()[d * S + s] = std::log(float(s + 1));
      l.D->value.data()[d] = 1.0f;
    }
    detail::fill_uniform(l.out->value, 1.0f / std::sqrt(float(Di)) / std::sqrt(float(L)), rng);
  }
  norm_f_->value.fill(1.0f);
}

double Mamba::forward_flops_per_token(Index) const {
  const double C = double(config_.d_model), Di = double(config_.inner()),
               S = double(config_.d_state), K = double(config_.d_conv), R = double(config_.rank()),
               V = double(config_.vocab_size);
  // Matrix products (2 flops per multiply-add), the conv, and the scan: per channel and state an
  // exp, h = a h + dt x B and y += C h (6 flops); gate and skip about 5 per channel.
  double per_layer = 2.0 * (C * 2 * Di + Di * (R + 2 * S) + R * Di + Di * C) + 2.0 * Di * K +
                     6.0 * Di * S + 5.0 * Di;
  return double(config_.n_layers) * per_layer + 2.0 * C * V;
}

namespace {

// The scan statistics and the state trace of one layer (batch row 0), recomputed with the
// reference scan so the training path keeps no states.
void record_scan_probes(Probes& probes, int layer, const tensor::ScanArgs& all, Index T) {
  tensor::ScanArgs row0 = all;
  row0.B = 1;
  const Index Di = all.Di, S = all.S;
  std::vector<float> out(static_cast<std::size_t>(T * Di)),
      states(static_cast<std::size_t>(T * Di * S));
  tensor::reference::selective_scan_forward(row0, out.data(), states.data());
  if (probes.scan_stats) {
    double sum = 0, mx = 0, sq = 0;
    for (Index t = 0; t < T; ++t)
      for (Index d = 0; d < Di; ++d) {
        double dt = tensor::reference::softplus(double(all.delta[t * all.delta_stride + d]) +
                                                double(all.dt_bias[d]));
        sum += dt;
        mx = std::max(mx, dt);
      }
    for (float v : states) sq += double(v) * double(v);
    probes.dt_mean.push_back(sum / double(T * Di));
    probes.dt_max.push_back(mx);
    probes.state_rms.push_back(std::sqrt(sq / double(states.size())));
  }
  if (probes.scan_layer == layer) {
    const Index ch = std::clamp<Index>(probes.scan_channel, 0, Di - 1);
    const Index st = std::clamp<Index>(probes.scan_state, 0, S - 1);
    const float A = -std::exp(all.A_log[ch * S + st]);
    probes.scan_a.resize(static_cast<std::size_t>(T));
    probes.scan_b.resize(static_cast<std::size_t>(T));
    for (Index t = 0; t < T; ++t) {
      const float dt =
          tensor::reference::softplus(all.delta[t * all.delta_stride + ch] + all.dt_bias[ch]);
      probes.scan_a[std::size_t(t)] = std::exp(dt * A);
      probes.scan_b[std::size_t(t)] =
          dt * all.Bm[t * all.bc_stride + st] * all.u[t * all.u_stride + ch];
    }
  }
  if (probes.state_layer == layer) {
    const Index ch = std::clamp<Index>(probes.state_channel, 0, Di - 1);
    probes.state_trace.resize(static_cast<std::size_t>(T * S));
    for (Index t = 0; t < T; ++t)
      for (Index s = 0; s < S; ++s)
        probes.state_trace[static_cast<std::size_t>(t * S + s)] = states[(t * Di + ch) * S + s];
  }
}

}  // namespace

tensor::LossResult Mamba::forward_backward(Tape& tape, const std::int32_t* tokens,
                                           const std::int32_t* targets, Index B, Index T,
                                           float grad_scale, Probes* probes) {
  const Index N = B * T, C = config_.d_model, Di = config_.inner(), S = config_.d_state;
  const Index R = config_.rank();
  detail::check_tokens(tokens, N, config_.vocab_size);
  if (probes != nullptr) {
    probes->dt_mean.clear();
    probes->dt_max.clear();
    probes->state_rms.clear();
    probes->state_trace.clear();
    probes->scan_a.clear();
    probes->scan_b.clear();
    probes->residual_rms.clear();
    probes->hidden.clear();
  }
  Var* x = tensor::embedding(tape, tokens, N, tape.parameter(*embed_));
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& L = layers_[l];
    Var* h = tensor::rmsnorm(tape, x, tape.parameter(*L.norm), config_.norm_eps);
    Var* xz = tensor::linear(tape, h, tape.parameter(*L.in_proj));  // (N, 2Di): x | z
    Var* u = tensor::causal_conv1d_silu(tape, xz, 0, tape.parameter(*L.conv_w),
                                        tape.parameter(*L.conv_b), B, T);
    Var* x_dbl = tensor::linear(tape, u, tape.parameter(*L.x_proj));  // (N, R + 2S)
    Var* delta =
        tensor::linear(tape, tensor::slice_columns(tape, x_dbl, 0, R), tape.parameter(*L.dt_w));
    tensor::ScanInputs in;
    in.u = u;
    in.delta = delta;
    in.dt_bias = tape.parameter(*L.dt_b);
    in.A_log = tape.parameter(*L.A_log);
    in.bc = x_dbl;
    in.b_col = R;
    in.D = tape.parameter(*L.D);
    in.z = xz;
    in.z_col = Di;
    Var* y = tensor::selective_scan(tape, in, B, T);
    if (probes != nullptr &&
        (probes->scan_stats || probes->state_layer == int(l) || probes->scan_layer == int(l))) {
      const tensor::ScanArgs a = tensor::make_scan_args(
          B, T, Di, S, u->value.data(), delta->value.data(), L.dt_b->value.data(),
          L.A_log->value.data(), L.D->value.data(), x_dbl->value.data() + R, R + 2 * S);
      record_scan_probes(*probes, int(l), a, T);
    }
    x = tensor::add(tape, x, tensor::linear(tape, y, tape.parameter(*L.out)));
    if (probes != nullptr && probes->hidden_states)
      probes->hidden.emplace_back(x->value.data(), x->value.data() + T * C);
    if (probes != nullptr && probes->activation_rms)
      probes->residual_rms.push_back(
          std::sqrt(tape.backend().sum_squares(x->value.data(), x->value.numel()) /
                    double(x->value.numel())));
  }
  Var* xf = tensor::rmsnorm(tape, x, tape.parameter(*norm_f_), config_.norm_eps);
  return tensor::cross_entropy(tape, xf, tape.parameter(*head_), targets, grad_scale);
}

// ---- generation: the recurrent form ----

class MambaGeneration final : public Generation {
 public:
  MambaGeneration(Mamba& model, tensor::Backend& backend, bool bf16_weights)
      : model_(model), be_(backend), project_(backend) {
    const auto& c = model_.config_;
    const Index C = c.d_model, Di = c.inner(), S = c.d_state, K = c.d_conv, R = c.rank();
    if (bf16_weights) {
      for (const auto& l : model_.layers_)
        for (const Parameter* p : {l.in_proj, l.x_proj, l.dt_w, l.out}) project_.keep_bf16(p);
      project_.keep_bf16(model_.head_);
    }
    conv_ = Tensor::zeros({c.n_layers, K, Di});
    state_ = Tensor::zeros({c.n_layers, Di, S});
    x_ = Tensor::zeros({C});
    h_ = Tensor::zeros({C});
    xz_ = Tensor::zeros({2 * Di});
    u_ = Tensor::zeros({Di});
    x_dbl_ = Tensor::zeros({R + 2 * S});
    delta_ = Tensor::zeros({Di});
    y_ = Tensor::zeros({Di});
    out_ = Tensor::zeros({C});
    rstd_ = Tensor::zeros({1});
    logits_ = Tensor::zeros({c.vocab_size});
  }

  const float* step(std::int32_t token) override {
    const auto& c = model_.config_;
    const Index C = c.d_model, Di = c.inner(), S = c.d_state, K = c.d_conv, R = c.rank();
    if (token < 0 || token >= c.vocab_size)
      throw EngineError<std::out_of_range>(
          QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"),
          {std::to_string(token)});
    be_.embedding_forward(x_.data(), &token, model_.embed_->value.data(), 1, C);
    for (Index li = 0; li < c.n_layers; ++li) {
      const auto& l = model_.layers_[static_cast<std::size_t>(li)];
      be_.rmsnorm_forward(h_.data(), rstd_.data(), x_.data(), l.norm->value.data(), 1, C,
                          c.norm_eps);
      project_(xz_.data(), l.in_proj, h_.data());
      // The conv window: the last K inputs, oldest first.
      float* win = conv_.data() + li * K * Di;
      std::copy(win + Di, win + K * Di, win);
      std::copy(xz_.data(), xz_.data() + Di, win + (K - 1) * Di);
      const float* w = l.conv_w->value.data();
      for (Index d = 0; d < Di; ++d) {
        float pre = l.conv_b->value.data()[d];
        for (Index k = 0; k < K; ++k) pre += w[d * K + k] * win[k * Di + d];
        u_.data()[d] = tensor::reference::silu(pre);
      }
      project_(x_dbl_.data(), l.x_proj, u_.data());
      project_(delta_.data(), l.dt_w, x_dbl_.data());  // dt_proj reads the first R columns
      tensor::ScanArgs a =
          tensor::make_scan_args(Index{1}, Index{1}, Di, S, u_.data(), delta_.data(),
                                 l.dt_b->value.data(), l.A_log->value.data(), l.D->value.data(),
                                 x_dbl_.data() + R, R + 2 * S, xz_.data() + Di, 2 * Di);
      a.state = state_.data() + li * Di * S;
      be_.selective_scan_forward(a, y_.data(), nullptr);
      project_(out_.data(), l.out, y_.data());
      be_.add(x_.data(), x_.data(), out_.data(), C);
    }
    be_.rmsnorm_forward(h_.data(), rstd_.data(), x_.data(), model_.norm_f_->value.data(), 1, C,
                        c.norm_eps);
    project_(logits_.data(), model_.head_, h_.data());
    ++position_;
    return logits_.data();
  }
  Index position() const override { return position_; }

 private:
  Mamba& model_;
  tensor::Backend& be_;
  detail::Projector project_;
  Tensor conv_, state_;  // per layer: the conv window (K, Di) and the SSM state (Di, S)
  Tensor x_, h_, xz_, u_, x_dbl_, delta_, y_, out_, rstd_, logits_;
  Index position_ = 0;
};

std::unique_ptr<Generation> Mamba::start_generation(tensor::Backend& backend, bool bf16_weights) {
  return std::make_unique<MambaGeneration>(*this, backend, bf16_weights);
}

}  // namespace ahenk::nn
