// AdamW with decoupled weight decay (none on gains), global gradient-norm clipping, and the
// learning-rate schedule (linear warmup, then cosine decay to a floor).
//
//   ahenk::train::AdamW opt(model->parameters(), {.lr = 1e-3, .weight_decay = 0.1});
//   double norm = ahenk::train::clip_grad_norm(be, model->parameters(), 1.0);  // before clipping
//   opt.step(be, ahenk::train::lr_at(step, schedule));
//   ahenk::train::zero_grad(be, model->parameters());
//
// Semantics are torch.optim.AdamW's and torch.nn.utils.clip_grad_norm_'s (checked against PyTorch
// in tests/golden). Threading: the owner thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ahenk/tensor/autograd.h"

namespace ahenk::train {

struct AdamWOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.95;
  double eps = 1e-8;
  double weight_decay = 0.1;  // applied only to parameters with decay == true
};

class AdamW {
 public:
  AdamW(std::vector<tensor::Parameter>& params, AdamWOptions options);
  // One update with learning rate `lr` (the schedule's value for this step).
  void step(tensor::Backend& backend, double lr);
  std::int64_t steps() const { return step_; }
  void set_steps(std::int64_t s) { step_ = s; }
  const AdamWOptions& options() const { return options_; }
  // First and second moments, parallel to the parameters (for checkpoints).
  std::vector<tensor::Tensor>& first_moments() { return m_; }
  std::vector<tensor::Tensor>& second_moments() { return v_; }

 private:
  std::vector<tensor::Parameter>& params_;
  AdamWOptions options_;
  std::vector<tensor::Tensor> m_, v_;
  std::int64_t step_ = 0;
};

// The L2 norm over all gradients; when it exceeds max_norm, scales every gradient by
// max_norm / (norm + 1e-6) as PyTorch does. Returns the norm before clipping.
double clip_grad_norm(tensor::Backend& backend, std::vector<tensor::Parameter>& params,
                      double max_norm);
void zero_grad(std::vector<tensor::Parameter>& params);

struct Schedule {
  double lr = 1e-3;
  double min_lr = 1e-4;
  std::int64_t warmup_steps = 100;
  std::int64_t total_steps = 5000;  // cosine reaches min_lr here
};
// Learning rate for step (0-based): (step + 1) / warmup * lr during warmup, then cosine to min_lr.
double lr_at(std::int64_t step, const Schedule& schedule);

}  // namespace ahenk::train
