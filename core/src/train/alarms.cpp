#include "ahenk/train/alarms.h"

#include <cmath>
#include <cstdio>

namespace ahenk::train {

namespace {
std::string format(const char* pattern, double a, double b, long long step) {
  char buf[200];
  std::snprintf(buf, sizeof buf, pattern, a, b, step);
  return buf;
}
}  // namespace

std::optional<Alarm> DivergenceMonitor::observe(const StepMetrics& m) {
  if (seen_ > 0 && m.step <= last_step_) return std::nullopt;
  last_step_ = m.step;
  if (!std::isfinite(m.loss) || !std::isfinite(m.grad_norm)) {
    if (reported_non_finite_) return std::nullopt;
    reported_non_finite_ = true;
    const bool loss_bad = !std::isfinite(m.loss);
    return Alarm{m.step, "non-finite", loss_bad ? m.loss : m.grad_norm,
                 loss_bad ? loss_mean_ : grad_mean_,
                 std::string(loss_bad ? "the loss" : "the gradient norm") +
                     " is not finite at step " + std::to_string(m.step)};
  }
  std::optional<Alarm> alarm;
  if (seen_ >= o_.warmup) {
    const double sd = std::sqrt(std::max(loss_var_, 0.0));
    if (m.step >= quiet_spike_until_ && m.loss > loss_mean_ + o_.spike_sigmas * sd &&
        m.loss > o_.spike_min_ratio * loss_mean_) {
      quiet_spike_until_ = m.step + o_.cooldown;
      alarm = Alarm{m.step, "loss spike", m.loss, loss_mean_,
                    format("loss %.4g against a recent %.4g at step %lld", m.loss, loss_mean_,
                           static_cast<long long>(m.step))};
    } else if (m.step >= quiet_grad_until_ && grad_mean_ > 0 &&
               m.grad_norm > o_.grad_ratio * grad_mean_) {
      quiet_grad_until_ = m.step + o_.cooldown;
      alarm = Alarm{m.step, "gradient explosion", m.grad_norm, grad_mean_,
                    format("gradient norm %.4g against a recent %.4g at step %lld", m.grad_norm,
                           grad_mean_, static_cast<long long>(m.step))};
    }
  }
  // Exponential moving mean and variance (West's update); the first step seeds them.
  const double alpha = 1.0 / std::max(1.0, o_.window);
  if (seen_ == 0) {
    loss_mean_ = m.loss;
    loss_var_ = 0;
    grad_mean_ = m.grad_norm;
  } else {
    const double d = m.loss - loss_mean_;
    loss_mean_ += alpha * d;
    loss_var_ = (1 - alpha) * (loss_var_ + alpha * d * d);
    grad_mean_ += alpha * (m.grad_norm - grad_mean_);
  }
  ++seen_;
  return alarm;
}

}  // namespace ahenk::train
