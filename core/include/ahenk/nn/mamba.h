// Mamba (Gu & Dao 2023), as in the paper and mamba-minimal: token embedding, n residual blocks
// x + Mixer(RMSNorm(x)), a final RMSNorm and the output projection (tied to the embedding by
// default). The mixer:
//   (x, z) = in_proj(h)                     x, z: (T, Di), Di = expand * d_model
//   x = silu(causal depthwise conv1d(x))    kernel d_conv, with bias
//   (dlow, B, C) = x_proj(x)                dlow: dt_rank columns, B and C: d_state columns each
//   dt = softplus(dt_proj(dlow))            dt_proj has a bias
//   y = selective scan(x, dt, A = -exp(A_log), B, C, D) * silu(z)
//   out = out_proj(y)
// The scan is one fused op (ahenk/tensor/sequence_ops.h); generation carries the conv window and
// the (Di, d_state) state per layer: O(1) memory and time per token, whatever the context.
//
//   ahenk::nn::MambaConfig cfg;  cfg.vocab_size = 256; cfg.d_model = 128; cfg.n_layers = 2;
//   ahenk::nn::Mamba model(cfg, /*seed=*/1);
//
// Parameter names (mamba-minimal's state_dict keys; conv1d.weight is (Di, d_conv) here, PyTorch's
// (Di, 1, d_conv)): embed.weight (V, C); layers.{i}.norm.weight (C);
// layers.{i}.mixer.in_proj.weight (2Di, C) [x rows first]; layers.{i}.mixer.conv1d.weight (Di, K);
// layers.{i}.mixer.conv1d.bias (Di); layers.{i}.mixer.x_proj.weight (R + 2S, Di) [dlow, B, C];
// layers.{i}.mixer.dt_proj.weight (Di, R); layers.{i}.mixer.dt_proj.bias (Di);
// layers.{i}.mixer.A_log (Di, S); layers.{i}.mixer.D (Di); layers.{i}.mixer.out_proj.weight
// (C, Di); norm_f.weight (C); lm_head.weight (V, C) only when embeddings are not tied.
#pragma once

#include "ahenk/nn/model.h"

namespace ahenk::nn {

struct MambaConfig {
  Index vocab_size = 256;
  Index d_model = 256;
  Index n_layers = 4;
  Index d_state = 16;
  Index d_conv = 4;
  Index expand = 2;
  Index dt_rank = 0;  // 0: ceil(d_model / 16)
  Index ctx = 256;    // training window (generation is not limited by it)
  bool tie_embeddings = true;
  float norm_eps = 1e-5f;
  float init_std = 0.02f;  // embedding N(0, std); linear layers as PyTorch's default (see .cpp)
  float dt_min = 0.001f, dt_max = 0.1f;  // initial dt, log-uniform in [dt_min, dt_max]

  Index inner() const { return expand * d_model; }
  Index rank() const { return dt_rank > 0 ? dt_rank : (d_model + 15) / 16; }
  nlohmann::json to_json() const;
  static MambaConfig from_json(const nlohmann::json& j);  // unknown keys are errors
  void validate() const;
};

class Mamba final : public LanguageModel {
 public:
  Mamba(const MambaConfig& config, std::uint64_t seed);

  std::string arch() const override { return "mamba"; }
  nlohmann::json spec() const override { return config_.to_json(); }
  Index vocab_size() const override { return config_.vocab_size; }
  Index context() const override { return config_.ctx; }
  std::vector<tensor::Parameter>& parameters() override { return params_; }
  tensor::LossResult forward_backward(tensor::Tape& tape, const std::int32_t* tokens,
                                      const std::int32_t* targets, Index B, Index T,
                                      float grad_scale, Probes* probes = nullptr) override;
  std::unique_ptr<Generation> start_generation(tensor::Backend& backend,
                                               bool bf16_weights = false) override;
  double forward_flops_per_token(Index T) const override;
  const MambaConfig& config() const { return config_; }

 private:
  struct Layer {
    tensor::Parameter *norm, *in_proj, *conv_w, *conv_b, *x_proj, *dt_w, *dt_b, *A_log, *D, *out;
  };
  friend class MambaGeneration;
  MambaConfig config_;
  std::vector<tensor::Parameter> params_;
  std::vector<Layer> layers_;
  tensor::Parameter* embed_ = nullptr;
  tensor::Parameter* norm_f_ = nullptr;
  tensor::Parameter* head_ = nullptr;
};

}  // namespace ahenk::nn
