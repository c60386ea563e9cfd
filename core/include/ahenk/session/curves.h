// Training curves as a chart wants them, computed in the engine (never in the UI): raw points or
// pre-aggregated buckets, an exponential moving average that is debiased and defined per step (so
// it is the same curve whether the points are raw, sparse or downsampled), min/max bands over a
// window of steps, and downsampling that keeps every extreme.
//
//   ahenk::session::Curve c = session.curve(run, "loss", 2000);     // or from_points(...)
//   auto smooth = ahenk::session::ema(c, 0.9);                        // one value per point
//   auto band = ahenk::session::band(c, 100);                         // min/max over 100 steps
//   auto line = ahenk::session::extremes_polyline(c);                 // what to draw
//
// Why per step: TensorBoard smooths per plotted point, so the same smoothing slider gives a
// different curve when the points are thinned or logged at another interval, and its first points
// are biased towards zero without debiasing. Here a point d steps after the previous one decays the
// average by smoothing^d, and the average is divided by the total weight, so a constant curve
// smooths to itself at every level of detail.
//
// Threading: plain functions on values; safe anywhere.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ahenk::session {

// One chart point: a raw metric row (count 1, all values equal) or a bucket of consecutive steps.
struct CurvePoint {
  double step = 0;  // mean step of the rows in the bucket (the raw step for a raw point)
  double mean = 0;
  double min = 0, max = 0;
  double first = 0, last = 0;
  std::int64_t step_first = 0, step_last = 0;
  std::int64_t step_at_min = 0, step_at_max = 0;
  std::int64_t count = 1;  // metric rows in the bucket
};

struct Curve {
  std::string name;
  int level = 0;  // 0: raw rows; k: a stored level, buckets of 16^k steps; -1: another width
  std::int64_t bucket_width = 1;   // steps per bucket
  std::vector<CurvePoint> points;  // in step order
};

// A raw curve from (step, value) pairs, sorted by step (ties keep the last value).
Curve from_points(std::string name, const std::vector<std::int64_t>& steps,
                  const std::vector<double>& values);

// Buckets of `width` steps (width >= 1) aggregated from a finer curve, keeping each bucket's
// first, last, minimum and maximum with their steps, its mean and count.
Curve aggregate(const Curve& curve, std::int64_t width);

// Debiased exponential moving average, per step: smoothing in [0, 1), 0 = the curve itself.
// A bucket counts as `count` rows at its mean step. One value per point.
std::vector<double> ema(const Curve& curve, double smoothing);

struct Band {
  std::vector<double> min, max;  // one per point
};
// Min and max over the points whose steps lie in (step - window, step]; window in steps (>= 1).
Band band(const Curve& curve, double window);

struct Polyline {
  std::vector<double> step, value;
};
// The line to draw: every bucket's first, minimum, maximum and last value in step order (the M4
// rule: a chart one column per bucket then shows exactly the extremes of the raw data).
Polyline extremes_polyline(const Curve& curve);

// At most about max_points buckets of equal width over the curve's step range (M4 downsampling of
// an in-memory curve, for live data that is not in a session file yet).
Curve downsample(const Curve& curve, std::size_t max_points);

}  // namespace ahenk::session
