// What the Inspect views show, computed in the engine (the views only draw it): the embedding
// matrix projected by PCA with cosine neighbours, every attention map of a prompt with each head's
// entropy, RoPE's rotations of a real query and key, and a spiking layer's raster with its membrane
// potentials and surrogate gradients, and one channel of a Mamba layer's scan, round by round.
//
//   auto ckpt = ahenk::train::load_checkpoint("out/ckpt-final");
//   auto proj = ahenk::nn::pca(ahenk::nn::token_embeddings(*ckpt.model), 3);   // (V, 3)
//   auto maps = ahenk::nn::capture_attention(*ckpt.model, tokens);             // (L, H, T, T)
//   auto rope = ahenk::nn::rope_demo(*ckpt.model, tokens, {.layer = 0, .head = 1, .band = 2});
//   auto raster = ahenk::nn::capture_spikes(*ckpt.model, tokens, {.layer = 1});
//   auto scan = ahenk::nn::capture_scan(*mamba, tokens, {.layer = 0, .channel = 3});
//
// Threading: each call runs a forward pass on the calling thread; a model is used by one thread at
// a time (model.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ahenk/nn/model.h"
#include "ahenk/tensor/scan.h"

namespace ahenk::nn {

// ---- Embedding projector ----

struct Projection {
  Index points = 0;
  int dims = 0;
  std::vector<float> coords;           // (points, dims): centred, components by falling variance
  std::vector<double> variance_ratio;  // per component: its share of the total variance (PCA)
  std::string method = "PCA";          // "PCA" or "t-SNE" (tsne.h)
};
// Principal components of the rows of X (n, d), n >= 2: the covariance (d x d, in double) is
// diagonalised by cyclic Jacobi rotations; each component's sign is chosen so that its largest
// loading is positive, so that a projection does not flip between two checkpoints that barely
// differ. Cost O(n d^2 + d^3). Throws std::invalid_argument for bad sizes.
Projection pca(const float* X, Index n, Index d, int components);
Projection pca(const tensor::Tensor& X, int components);

// The token embedding matrix (vocab, d_model) of any model ("embed.weight"); throws when absent.
const tensor::Tensor& token_embeddings(LanguageModel& model);

// The k rows most similar to row `of` by cosine similarity (itself excluded), best first.
std::vector<std::pair<Index, float>> nearest_neighbours(const tensor::Tensor& X, Index of, int k);

// ---- Attention ----

struct AttentionCapture {
  Index layers = 0, heads = 0, T = 0;
  std::vector<float> p;         // (layers, heads, T, T), row i: query position i; zeros above
  std::vector<double> entropy;  // (layers, heads): mean over query positions, in nats
  const float* map(Index layer, Index head) const {
    return p.data() + (layer * heads + head) * T * T;
  }
};
// All attention maps of one forward pass over `tokens` (at most the model's context). Throws
// std::invalid_argument for a model without attention (Mamba) or bad tokens.
AttentionCapture capture_attention(LanguageModel& model, const std::vector<std::int32_t>& tokens);

// ---- RoPE ----

struct RopeOptions {
  int layer = 0;
  int head = 0;
  int band = 0;          // frequency band i < head_dim / 2: the pair (i, i + head_dim / 2)
  Index query = -1;      // prompt position whose query vector is used (-1: the last)
  Index key = 0;         // prompt position whose key vector is used
  Index positions = 64;  // positions 0 .. positions-1 to rotate the pair through
  double theta = 0;      // 0: the model's rope_theta
};
struct RopeDemo {
  Index head_dim = 0;
  double theta = 0;
  std::vector<double> wavelengths;  // per band: positions per full turn, 2 pi / theta^(-2i/D)
  // The chosen band's 2-D pair of the query and of the key, rotated to each position: (positions,
  // 2).
  std::vector<float> q_circle, k_circle;
  // The whole head's query placed at position m and key at n, for every n <= m < positions:
  // distance m - n and the dot product after rotation. Equal distances give equal dot products.
  std::vector<Index> distance;
  std::vector<double> rotated_dot;
  double unrotated_dot = 0;  // q . k without RoPE: the same at every m and n
  // The prompt's own queries and keys (each position its own token) before and after rotation,
  // for every n <= m < prompt length: what attention scores actually see.
  std::vector<Index> prompt_distance;
  std::vector<double> prompt_unrotated, prompt_rotated;
};
// Throws std::invalid_argument for a model without RoPE attention or an option out of range.
RopeDemo rope_demo(LanguageModel& model, const std::vector<std::int32_t>& tokens,
                   const RopeOptions& options);

// ---- Spikes ----

struct SpikeRaster {
  Index T = 0, steps = 0, neurons = 0;  // tokens, time steps per token, neurons recorded
  int layer = 0;
  std::vector<float> spikes;     // (T, steps, neurons): 0 or 1
  std::vector<float> membrane;   // (T, steps, neurons): potential after integration, before reset
  std::vector<float> surrogate;  // (T, steps, neurons): the surrogate gradient at that potential
  float threshold = 1.0f;
  std::vector<double> firing_rate;  // per layer
  double synaptic_ops_per_token = 0, dense_mlp_flops_per_token = 0;
};
struct SpikeOptions {
  int layer = 0;
  int neurons = 64;
};
// Throws std::invalid_argument for a model without spiking neurons or a layer out of range.
SpikeRaster capture_spikes(LanguageModel& model, const std::vector<std::int32_t>& tokens,
                           const SpikeOptions& options);

// ---- Scan ----

struct ScanOptions {
  int layer = 0;
  int channel = 0;
  int state = 0;
  Index length = 16;  // the first `length` tokens (at most 1024)
};
// The selective scan of one channel and state of a Mamba layer on the prompt, as the recurrence
// h_t = a_t h_{t-1} + b_t (a_t = exp(dt_t A), b_t = dt_t B_t x_t), run through the parallel scan
// round by round and through the sequential loop (tensor/scan.h). Throws std::invalid_argument for
// a model that is not Mamba or an option out of range.
tensor::ScanTrace capture_scan(LanguageModel& model, const std::vector<std::int32_t>& tokens,
                               const ScanOptions& options);

}  // namespace ahenk::nn
