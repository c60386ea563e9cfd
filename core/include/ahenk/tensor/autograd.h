// Reverse-mode automatic differentiation over the engine's fixed set of ops. A Tape records, for
// each op run in the forward pass, the closure that runs its backward kernel; backward() replays
// them in reverse order. Activations and their gradients live in the tape's Arena and die at
// reset().
//
//   ahenk::tensor::Tape tape(ahenk::tensor::cpu_backend());
//   Var* x = tape.constant(input);                         // (N, I), no gradient
//   Var* w = tape.parameter(weight);                       // gradient goes to weight.grad
//   Var* h = ahenk::tensor::linear(tape, x, w);            // (N, O)
//   auto loss = ahenk::tensor::cross_entropy(tape, h, head, targets, 1.0f / N);  // seeds gradients
//   tape.backward();                                       // weight.grad += dloss/dweight
//   tape.reset();                                          // next step
//
// Gradients accumulate (+=) into Parameter::grad; zero them between optimizer steps. The loss op
// computes its input gradients in its forward pass (the logits are never kept), so it must be the
// last op recorded before backward(). With gradients disabled (evaluation) nothing is recorded and
// no gradient memory is touched. Threading: one tape per thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "ahenk/tensor/backend.h"
#include "ahenk/tensor/tensor.h"

namespace ahenk::tensor {

// A trainable tensor with its gradient (same shape). `decay`: whether AdamW's weight decay applies
// (matrices yes; gains such as RMSNorm weights no).
struct Parameter {
  std::string name;  // "blocks.0.attn.qkv.weight"
  Tensor value;
  Tensor grad;
  bool decay = true;
};

// A node of the graph: a value and, once some backward wrote to it, a gradient.
struct Var {
  Tensor value;
  Tensor grad;  // undefined until needed
  bool requires_grad = false;
};

// Time spent per op kind, forward and backward (Tape::enable_profile). Zero cost when off.
struct OpProfile {
  double forward_seconds = 0, backward_seconds = 0;
  std::int64_t calls = 0;
};

class Tape {
 public:
  explicit Tape(Backend& backend, std::size_t arena_block_bytes = std::size_t{64} << 20);

  Backend& backend() { return backend_; }
  Arena& arena() { return arena_; }
  bool grad_enabled() const { return grad_enabled_; }
  void set_grad_enabled(bool enabled) { grad_enabled_ = enabled; }

  Var* parameter(Parameter& p);
  Var* constant(const Tensor& t);
  // A fresh output (uninitialised) that needs a gradient when any input does.
  Var* output(const Shape& shape, bool requires_grad);
  // The gradient of v, allocated zeroed on first use.
  Tensor& grad(Var* v);
  // `output`: the op's result, whose gradient nobody reads once this closure has run (every
  // consumer was recorded later, so ran earlier); its memory is then reused for later gradients.
  void record(std::function<void()> backward, const char* op = "op", Var* output = nullptr);

  // Per-op timing of forward kernels and backward closures, accumulated until cleared.
  void enable_profile(bool on) { profile_on_ = on; }
  bool profiling() const { return profile_on_; }
  const std::vector<std::pair<std::string, OpProfile>>& profile() const { return profile_; }
  void clear_profile() { profile_.clear(); }
  OpProfile& profile_entry(const char* op);

  void backward();  // runs the recorded closures, newest first
  void reset();     // forgets the graph and frees the arena (parameters' gradients stay)
  std::size_t recorded() const { return closures_.size(); }

 private:
  Backend& backend_;
  Arena arena_;
  std::deque<Var> vars_;
  std::vector<std::function<void()>> closures_;
  std::vector<const char*> closure_ops_;
  std::vector<Var*> closure_outputs_;
  std::vector<Tensor> free_grads_;  // released activation gradients, reused by size
  std::vector<std::pair<std::string, OpProfile>> profile_;
  bool grad_enabled_ = true;
  bool profile_on_ = false;
};

// ---- the differentiable ops (shapes as in reference.h) ----
Var* embedding(Tape& tape, const std::int32_t* ids, Index N, Var* table);  // (N, C)
Var* linear(Tape& tape, Var* x, Var* weight);                              // (N, I) x (O, I)^T
Var* rmsnorm(Tape& tape, Var* x, Var* weight, float eps);
// Rotates the query and key parts of a fused qkv (B*T, 3C) and copies the values through.
Var* rope_qkv(Tape& tape, Var* qkv, Index B, Index T, Index H, double theta);
// out (B*T, C); when lse_out is non-null it receives the (B, H, T) log-sum-exp tensor.
Var* attention(Tape& tape, Var* qkv, Index B, Index T, Index H, Tensor* lse_out = nullptr);
Var* swiglu(Tape& tape, Var* x);  // (N, 2H) -> (N, H)
Var* add(Tape& tape, Var* a, Var* b);

// Columns [first, first + count) of x (N, W), copied: (N, count).
Var* slice_columns(Tape& tape, Var* x, Index first, Index count);
// Depthwise causal conv1d + SiLU over columns [first, first + Di) of x (B*T, W); weight (Di, K),
// bias (Di). Out (B*T, Di).
Var* causal_conv1d_silu(Tape& tape, Var* x, Index first, Var* weight, Var* bias, Index B, Index T);
// Mamba's selective scan (sequence_ops.h). u, delta: (B*T, Di); bc: (B*T, W) holding B_t at
// columns [b_col, b_col + S) and C_t right after it; A_log (Di, S); dt_bias, D (Di); z:
// columns [z_col, z_col + Di) of its tensor, or null. Out (B*T, Di).
struct ScanInputs {
  Var *u = nullptr, *delta = nullptr, *dt_bias = nullptr, *A_log = nullptr, *bc = nullptr;
  Index b_col = 0;
  Var *D = nullptr, *z = nullptr;
  Index z_col = 0;
};
Var* selective_scan(Tape& tape, const ScanInputs& in, Index B, Index T);
// Leaky integrate-and-fire neurons: firing rates (N, F) of current (N, F); beta (F).
Var* lif(Tape& tape, Var* current, Var* beta, const LifArgs& args);

struct LossResult {
  double sum = 0;   // summed cross-entropy (nats) over the counted targets
  Index count = 0;  // targets >= 0
};
// Cross-entropy of x (N, C) W (V, C)^T against targets; with gradients enabled, adds
// grad_scale * d(sum)/dx and d(sum)/dW to the gradients (so grad_scale = 1/count gives the mean).
LossResult cross_entropy(Tape& tape, Var* x, Var* weight, const std::int32_t* targets,
                         float grad_scale);

}  // namespace ahenk::tensor
