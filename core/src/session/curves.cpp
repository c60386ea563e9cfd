#include "ahenk/session/curves.h"

#include <cstdint>

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <stdexcept>

namespace ahenk::session {

Curve from_points(std::string name, const std::vector<std::int64_t>& steps,
                  const std::vector<double>& values) {
  if (steps.size() != values.size())
    throw std::invalid_argument("from_points: steps and values differ in length");
  std::vector<std::size_t> order(steps.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return steps[a] < steps[b]; });
  Curve c;
  c.name = std::move(name);
  for (std::size_t i : order) {
    CurvePoint p;
    p.step = static_cast<double>(steps[i]);
    p.mean = p.min = p.max = p.first = p.last = values[i];
    p.step_first = p.step_last = p.step_at_min = p.step_at_max = steps[i];
    if (!c.points.empty() && c.points.back().step_first == steps[i])
      c.points.back() = p;
    else
      c.points.push_back(p);
  }
  return c;
}

namespace {

// Folds point p into bucket b (p after b in step order).
void merge_into(CurvePoint& b, const CurvePoint& p) {
  double total = static_cast<double>(b.count + p.count);
  b.step = (b.step * b.count + p.step * p.count) / total;
  b.mean = (b.mean * b.count + p.mean * p.count) / total;
  if (p.min < b.min) {
    b.min = p.min;
    b.step_at_min = p.step_at_min;
  }
  if (p.max > b.max) {
    b.max = p.max;
    b.step_at_max = p.step_at_max;
  }
  b.last = p.last;
  b.step_last = p.step_last;
  b.count += p.count;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

Curve aggregate(const Curve& curve, std::int64_t width) {
  if (width < 1) throw std::invalid_argument("aggregate: width must be at least 1");
  Curve out;
  out.name = curve.name;
  out.bucket_width = std::max(width, curve.bucket_width);
  std::int64_t level_width = 1;
  out.level = 0;
  while (level_width < out.bucket_width) {
    if (level_width > INT64_MAX / 16) {  // wider than any stored level
      level_width = 0;
      break;
    }
    level_width *= 16;
    ++out.level;
  }
  if (level_width != out.bucket_width) out.level = -1;  // not one of the stored levels
  std::int64_t current = 0;
  for (const auto& p : curve.points) {
    std::int64_t bucket = floor_div(p.step_first, out.bucket_width);
    if (out.points.empty() || bucket != current) {
      out.points.push_back(p);
      current = bucket;
    } else {
      merge_into(out.points.back(), p);
    }
  }
  return out;
}

std::vector<double> ema(const Curve& curve, double smoothing) {
  if (!(smoothing >= 0 && smoothing < 1))
    throw std::invalid_argument("ema: smoothing must be in [0, 1)");
  std::vector<double> out;
  out.reserve(curve.points.size());
  // Weighted sums scaled to the latest point so that long gaps cannot underflow them to zero
  // before the newest term is added.
  double numerator = 0, denominator = 0, previous_step = 0;
  const double log_s = smoothing > 0 ? std::log(smoothing) : -INFINITY;
  for (std::size_t i = 0; i < curve.points.size(); ++i) {
    const auto& p = curve.points[i];
    if (i > 0) {
      double decay = std::exp(log_s * std::max(0.0, p.step - previous_step));
      numerator *= decay;
      denominator *= decay;
    }
    numerator += p.mean * static_cast<double>(p.count);
    denominator += static_cast<double>(p.count);
    previous_step = p.step;
    out.push_back(numerator / denominator);
  }
  return out;
}

Band band(const Curve& curve, double window) {
  if (!(window >= 1)) throw std::invalid_argument("band: window must be at least one step");
  Band out;
  const auto& pts = curve.points;
  out.min.resize(pts.size());
  out.max.resize(pts.size());
  // Monotonic deques of indices: O(n) for the whole curve.
  std::deque<std::size_t> low, high;
  std::size_t start = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    while (!low.empty() && pts[low.back()].min >= pts[i].min) low.pop_back();
    low.push_back(i);
    while (!high.empty() && pts[high.back()].max <= pts[i].max) high.pop_back();
    high.push_back(i);
    while (start < i && static_cast<double>(pts[start].step_last) <=
                            static_cast<double>(pts[i].step_last) - window)
      ++start;
    while (low.front() < start) low.pop_front();
    while (high.front() < start) high.pop_front();
    out.min[i] = pts[low.front()].min;
    out.max[i] = pts[high.front()].max;
  }
  return out;
}

Polyline extremes_polyline(const Curve& curve) {
  Polyline line;
  auto add = [&](std::int64_t step, double value) {
    if (!line.step.empty() && line.step.back() == static_cast<double>(step) &&
        line.value.back() == value)
      return;
    line.step.push_back(static_cast<double>(step));
    line.value.push_back(value);
  };
  for (const auto& p : curve.points) {
    add(p.step_first, p.first);
    if (p.step_at_min <= p.step_at_max) {
      add(p.step_at_min, p.min);
      add(p.step_at_max, p.max);
    } else {
      add(p.step_at_max, p.max);
      add(p.step_at_min, p.min);
    }
    add(p.step_last, p.last);
  }
  return line;
}

Curve downsample(const Curve& curve, std::size_t max_points) {
  if (max_points == 0 || curve.points.size() <= max_points) return curve;
  // ceil((hi - lo + 1) / max_points) = (hi - lo) / max_points + 1, in unsigned arithmetic: a
  // damaged file's steps may span the whole int64 range.
  const auto lo = static_cast<std::uint64_t>(curve.points.front().step_first);
  const auto hi = static_cast<std::uint64_t>(curve.points.back().step_last);
  const std::uint64_t distance =
      curve.points.back().step_last >= curve.points.front().step_first ? hi - lo : 0;
  const std::uint64_t width = distance / max_points + 1;
  return aggregate(curve, width > std::uint64_t(INT64_MAX) ? INT64_MAX : std::int64_t(width));
}

}  // namespace ahenk::session
