// The decoder-only Transformer: token embedding, n pre-norm blocks (RMSNorm -> fused qkv -> RoPE ->
// causal attention -> output projection, residual; RMSNorm -> SwiGLU MLP, residual), a final
// RMSNorm and the output projection (tied to the embedding by default). No biases.
//
//   ahenk::nn::TransformerConfig cfg;          // defaults match bench/torch_reference.py
//   cfg.vocab_size = 256; cfg.d_model = 128; cfg.n_layers = 4; cfg.n_heads = 4; cfg.ctx = 128;
//   ahenk::nn::Transformer model(cfg, /*seed=*/1);
//
// Parameter names (the safetensors keys, and the PyTorch reference's state_dict keys):
//   embed.weight (V, C); blocks.{i}.attn_norm.weight (C); blocks.{i}.attn.qkv.weight (3C, C);
//   blocks.{i}.attn.out.weight (C, C); blocks.{i}.mlp_norm.weight (C);
//   blocks.{i}.mlp.gate_up.weight (2F, C) [gate rows first]; blocks.{i}.mlp.down.weight (C, F);
//   final_norm.weight (C); lm_head.weight (V, C) only when embeddings are not tied.
//
// The spiking variant ("arch": "spiking", spiking.enabled) replaces each SwiGLU MLP by a spiking
// one: current = up(h) (F, C); leaky integrate-and-fire neurons integrate it over `steps` time
// steps (ahenk/tensor/sequence_ops.h); their firing rates go through down (C, F). Parameters
// blocks.{i}.mlp.up.weight (F, C), blocks.{i}.mlp.down.weight (C, F) and, with learn_beta,
// blocks.{i}.mlp.beta (F). docs/models.md says why this design.
#pragma once

#include "ahenk/nn/model.h"

namespace ahenk::nn {

struct SpikingSettings {
  bool enabled = false;
  Index steps = 4;  // time steps per token
  float threshold = 1.0f;
  float beta = 0.9f;        // membrane decay (initial value when learned)
  bool learn_beta = false;  // one learned decay per neuron, clamped to [0, 1]
  tensor::LifReset reset = tensor::LifReset::subtract;
  tensor::Surrogate surrogate = tensor::Surrogate::fast_sigmoid;
  float slope = 0;  // 0: the surrogate's usual default (fast sigmoid 25, ATan 2)
  tensor::SpikeEncoding encoding = tensor::SpikeEncoding::current;
  tensor::LifArgs lif(std::uint64_t seed) const;
};

struct TransformerConfig {
  Index vocab_size = 256;
  Index d_model = 256;
  Index n_layers = 4;
  Index n_heads = 4;
  Index ctx = 256;
  Index ffn_hidden = 0;  // 0: round_up(8 d_model / 3, 64), SwiGLU's usual width
  bool tie_embeddings = true;
  double rope_theta = 10000.0;
  float norm_eps = 1e-5f;
  float init_std = 0.02f;  // N(0, std); residual projections std / sqrt(2 n_layers)
  SpikingSettings spiking;

  // SwiGLU: round_up(8 d / 3, 64); the spiking MLP: 4 d (a plain MLP's usual width).
  Index hidden() const {
    if (ffn_hidden > 0) return ffn_hidden;
    return spiking.enabled ? 4 * d_model : (8 * d_model / 3 + 63) / 64 * 64;
  }
  Index head_dim() const { return d_model / n_heads; }
  nlohmann::json to_json() const;
  // Unknown keys are errors (a typo must not silently train another model).
  static TransformerConfig from_json(const nlohmann::json& j);
  void validate() const;  // throws std::invalid_argument naming the field
};

class Transformer final : public LanguageModel {
 public:
  Transformer(const TransformerConfig& config, std::uint64_t seed);

  std::string arch() const override { return config_.spiking.enabled ? "spiking" : "transformer"; }
  nlohmann::json spec() const override;
  Index vocab_size() const override { return config_.vocab_size; }
  Index context() const override { return config_.ctx; }
  std::vector<tensor::Parameter>& parameters() override { return params_; }
  tensor::LossResult forward_backward(tensor::Tape& tape, const std::int32_t* tokens,
                                      const std::int32_t* targets, Index B, Index T,
                                      float grad_scale, Probes* probes = nullptr) override;
  std::unique_ptr<Generation> start_generation(tensor::Backend& backend,
                                               bool bf16_weights = false) override;
  double forward_flops_per_token(Index T) const override;
  const TransformerConfig& config() const { return config_; }

 private:
  struct Layer {
    tensor::Parameter *attn_norm, *qkv, *out, *mlp_norm, *gate_up, *down;
    tensor::Parameter* beta;  // spiking with learn_beta; else null
  };
  // The spiking MLP's rates for current (N, F) of layer l; fills the spike probes when asked.
  tensor::Var* spiking_mlp(tensor::Tape& tape, tensor::Var* current, std::size_t l,
                           const std::int32_t* tokens, Index T, Probes* probes);
  tensor::Tensor fixed_beta_;  // (F) filled with spiking.beta when it is not learned
  friend class TransformerGeneration;
  TransformerConfig config_;
  std::vector<tensor::Parameter> params_;
  std::vector<Layer> layers_;
  tensor::Parameter* embed_ = nullptr;
  tensor::Parameter* final_norm_ = nullptr;
  tensor::Parameter* head_ = nullptr;  // == embed_ when tied
};

}  // namespace ahenk::nn
