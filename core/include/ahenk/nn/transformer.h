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
#pragma once

#include "ahenk/nn/model.h"

namespace ahenk::nn {

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

  Index hidden() const { return ffn_hidden > 0 ? ffn_hidden : (8 * d_model / 3 + 63) / 64 * 64; }
  Index head_dim() const { return d_model / n_heads; }
  nlohmann::json to_json() const;
  // Unknown keys are errors (a typo must not silently train another model).
  static TransformerConfig from_json(const nlohmann::json& j);
  void validate() const;  // throws std::invalid_argument naming the field
};

class Transformer final : public LanguageModel {
 public:
  Transformer(const TransformerConfig& config, std::uint64_t seed);

  std::string arch() const override { return "transformer"; }
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
  };
  friend class TransformerGeneration;
  TransformerConfig config_;
  std::vector<tensor::Parameter> params_;
  std::vector<Layer> layers_;
  tensor::Parameter* embed_ = nullptr;
  tensor::Parameter* final_norm_ = nullptr;
  tensor::Parameter* head_ = nullptr;  // == embed_ when tied
};

}  // namespace ahenk::nn
