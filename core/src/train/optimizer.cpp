// AdamW, clipping and the schedule.
#include "ahenk/train/optimizer.h"

#include <cmath>
#include <numbers>

namespace ahenk::train {

AdamW::AdamW(std::vector<tensor::Parameter>& params, AdamWOptions options)
    : params_(params), options_(options) {
  for (auto& p : params_) {
    m_.push_back(tensor::Tensor::zeros(p.value.shape()));
    v_.push_back(tensor::Tensor::zeros(p.value.shape()));
  }
}

void AdamW::step(tensor::Backend& backend, double lr) {
  ++step_;
  for (std::size_t i = 0; i < params_.size(); ++i) {
    auto& p = params_[i];
    backend.adamw_update(p.value.data(), p.grad.data(), m_[i].data(), v_[i].data(), p.value.numel(),
                         lr, options_.beta1, options_.beta2, options_.eps,
                         p.decay ? options_.weight_decay : 0.0, step_);
  }
}

double clip_grad_norm(tensor::Backend& backend, std::vector<tensor::Parameter>& params,
                      double max_norm) {
  double total = 0;
  for (auto& p : params) total += backend.sum_squares(p.grad.data(), p.grad.numel());
  double norm = std::sqrt(total);
  if (norm > max_norm && std::isfinite(norm)) {
    float factor = float(max_norm / (norm + 1e-6));
    for (auto& p : params) backend.scale(p.grad.data(), p.grad.numel(), factor);
  }
  return norm;
}

void zero_grad(std::vector<tensor::Parameter>& params) {
  for (auto& p : params) p.grad.fill(0.0f);
}

double lr_at(std::int64_t step, const Schedule& s) {
  if (step < s.warmup_steps) return s.lr * double(step + 1) / double(s.warmup_steps);
  if (step >= s.total_steps) return s.min_lr;
  double progress = double(step - s.warmup_steps) /
                    double(std::max<std::int64_t>(1, s.total_steps - s.warmup_steps));
  return s.min_lr + 0.5 * (s.lr - s.min_lr) * (1.0 + std::cos(std::numbers::pi * progress));
}

}  // namespace ahenk::train
