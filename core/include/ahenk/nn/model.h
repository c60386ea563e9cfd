// Language models of every family behind one base, made by a factory from a typed spec that is
// saved inside each checkpoint (GUIDE rule 6): the Transformer (transformer.h), Mamba (mamba.h) and
// the spiking Transformer (spiking.h).
//
//   nlohmann::json spec = {{"arch", "transformer"}, {"vocab_size", 256}, {"d_model", 128}, ...};
//   auto model = ahenk::nn::make_model(spec, /*seed=*/1337);
//   ahenk::tensor::Tape tape(ahenk::tensor::cpu_backend());
//   auto loss = model->forward_backward(tape, tokens, targets, B, T, 1.0f / (B * T));
//   tape.backward();                           // parameters' grads now hold d(mean loss)/dw
//   auto cache = model->start_generation(tape.backend());   // KV cache / state for sampling
//   const float* logits = cache->step(token_id);            // (vocab_size)
//
// Threading: a model is used by one thread at a time (the job's owner thread).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ahenk/tensor/autograd.h"

namespace ahenk::nn {

using tensor::Index;

// What the GUI asked to see during the next forward passes; everything is off by default, and an
// unset probe costs nothing (no copy, no extra kernel).
struct Probes {
  int attention_layer = -1;      // capture attention probabilities of this layer ...
  int attention_head = 0;        // ... and head, for batch row 0: (T, T), row-major, causal zeros
  bool activation_rms = false;   // RMS of the residual stream after each layer
  bool hidden_states = false;    // the residual stream after each layer, batch row 0: (T, C) each
  std::vector<float> attention;  // filled when attention_layer >= 0
  std::vector<double> residual_rms;        // per layer, when activation_rms
  std::vector<std::vector<float>> hidden;  // per layer, when hidden_states
  std::vector<double> attention_entropy;   // per layer and head (nats), with attention_layer >= 0
  // Every layer and head at once (the Inspect grid), batch row 0: (layers, heads, T, T) and the
  // mean entropy of each head's rows (layers, heads), in nats.
  bool attention_all = false;
  std::vector<float> attention_maps;
  std::vector<double> attention_map_entropy;
  // The projected queries, keys and values of this layer before RoPE rotates them, batch row 0:
  // (T, 3 * d_model), per token q (heads x head_dim), then k, then v.
  int qkv_layer = -1;
  std::vector<float> qkv;

  // Mamba.
  bool scan_stats = false;  // per layer: mean and max of dt, RMS of the state (batch row 0)
  int state_layer = -1;     // the state h_t of channel `state_channel` in this layer, batch row 0
  int state_channel = 0;
  std::vector<double> dt_mean, dt_max, state_rms;  // per layer, when scan_stats
  std::vector<float> state_trace;                  // (T, d_state), when state_layer >= 0
  // The recurrence h_t = a_t h_{t-1} + b_t of one channel and state of this layer, batch row 0:
  // a_t = exp(dt_t A) and b_t = dt_t B_t x_t, each (T), when scan_layer >= 0 (the Scan view).
  int scan_layer = -1;
  int scan_channel = 0;
  int scan_state = 0;
  std::vector<float> scan_a, scan_b;

  // Spiking.
  bool spike_stats = false;         // per layer firing rate; synaptic operations per token
  int spike_layer = -1;             // raster of this layer, batch row 0, the first `spike_neurons`:
  int spike_neurons = 64;           //   spikes and membrane potentials (T, steps, neurons)
  std::vector<double> firing_rate;  // per layer: mean spikes per neuron per time step
  double synaptic_ops_per_token = 0;     // spikes x fan-out, summed over layers
  double dense_mlp_flops_per_token = 0;  // the same MLPs run densely: 2 flops per weight
  std::vector<float> spikes, membrane;   // when spike_layer >= 0
};

// Autoregressive generation state (a KV cache for the Transformer).
class Generation {
 public:
  virtual ~Generation() = default;
  // Feeds one token at the next position and returns the logits for the one after (vocab_size
  // floats, valid until the next call).
  virtual const float* step(std::int32_t token) = 0;
  virtual Index position() const = 0;
};

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;
  virtual std::string arch() const = 0;
  virtual nlohmann::json spec() const = 0;  // factory input that rebuilds this model
  virtual Index vocab_size() const = 0;
  virtual Index context() const = 0;
  virtual std::vector<tensor::Parameter>& parameters() = 0;
  // Forward pass over tokens (B, T) with targets (B, T) (negative = ignored), the loss fused in;
  // with the tape's gradients enabled, records the backward (call tape.backward() next), with
  // d(sum of losses)/dparam scaled by grad_scale.
  virtual tensor::LossResult forward_backward(tensor::Tape& tape, const std::int32_t* tokens,
                                              const std::int32_t* targets, Index B, Index T,
                                              float grad_scale, Probes* probes = nullptr) = 0;
  // bf16_weights: the matrix-vector products read bfloat16 copies of the weights (made once here):
  // half the memory traffic per token, logits within about 1% of the f32 ones.
  virtual std::unique_ptr<Generation> start_generation(tensor::Backend& backend,
                                                       bool bf16_weights = false) = 0;
  // Multiply-adds x 2 per token of a training step's forward pass (for MFU).
  virtual double forward_flops_per_token(Index T) const = 0;

  Index parameter_count();
};

// Builds a model from its spec ("arch": "transformer" | "mamba" | "spiking"); weights initialised
// from `seed`.
// Throws std::invalid_argument naming the bad field.
std::unique_ptr<LanguageModel> make_model(const nlohmann::json& spec, std::uint64_t seed);

}  // namespace ahenk::nn
