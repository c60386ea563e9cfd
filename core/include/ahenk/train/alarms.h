// Divergence alarms for a training run, computed in the engine from the step metrics (the Train
// page marks them on its charts; anything reading a MetricsRing can use it):
//   - "non-finite": the loss or the gradient norm is NaN or infinite;
//   - "loss spike": the loss is more than `spike_sigmas` standard deviations above its recent
//     average (an exponential moving mean and variance over about `window` steps), and at least
//     `spike_min_ratio` times that average;
//   - "gradient explosion": the gradient norm (before clipping) is more than `grad_ratio` times its
//     recent average.
// Nothing is reported during the first `warmup` steps (the statistics settle first); after an
// alarm of a kind, the same kind is quiet for `cooldown` steps so one event is one alarm.
//
//   ahenk::train::DivergenceMonitor monitor;
//   for (const auto& m : ring.read_since(next, &next))
//     if (auto alarm = monitor.observe(m)) show(alarm->step, alarm->kind, alarm->message);
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ahenk/train/trainer.h"

namespace ahenk::train {

struct AlarmOptions {
  std::int64_t warmup = 20;
  double window = 50;  // steps
  double spike_sigmas = 6;
  double spike_min_ratio = 1.2;
  double grad_ratio = 10;
  std::int64_t cooldown = 50;
};

struct Alarm {
  std::int64_t step = 0;
  std::string kind;     // "non-finite", "loss spike", "gradient explosion"
  double value = 0;     // the loss or gradient norm that raised it
  double expected = 0;  // its recent average
  std::string message;  // one readable sentence
};

class DivergenceMonitor {
 public:
  explicit DivergenceMonitor(AlarmOptions options = {}) : o_(options) {}
  // Steps in order; a step seen again (a resumed run) is ignored.
  std::optional<Alarm> observe(const StepMetrics& m);

 private:
  AlarmOptions o_;
  std::int64_t seen_ = 0, last_step_ = 0;
  double loss_mean_ = 0, loss_var_ = 0, grad_mean_ = 0;
  std::int64_t quiet_spike_until_ = 0, quiet_grad_until_ = 0;
  bool reported_non_finite_ = false;
};

}  // namespace ahenk::train
