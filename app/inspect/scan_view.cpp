// Mamba's parallel scan, step by step: one channel and state of a layer as the recurrence
// h_t = a_t h_{t-1} + b_t; each row is the sequence of affine maps after one round of the
// Blelloch scan (up-sweep, then down-sweep), cells coloured by their offset b, lines joining the
// pairs a round combines; beneath, the states it gives against the sequential loop's.
#include <algorithm>
#include <cmath>
#include <limits>

#include "view_common.h"
#include "views.h"

namespace ahenk::inspect {
namespace {

constexpr float kCell = 0.62f;  // share of a row's height the cells take; the rest shows the pairs
const float kPadding = std::numeric_limits<float>::quiet_NaN();  // identities padding to 2^k

}  // namespace

void ScanView::set_source(Source source, int layers, int channels, int states) {
  source_ = std::move(source);
  layers_ = std::max(1, layers);
  channels_ = std::max(1, channels);
  states_ = std::max(1, states);
  refresh();
}

void ScanView::refresh() {
  if (!source_) return;
  try {
    trace_ = source_(options_);
    set_message("");
  } catch (const std::exception& e) {
    trace_ = {};
    set_message(describe(e));
  }
  step_ = std::clamp(step_, 0, steps());
  invalidate();
}

void ScanView::controls(const FrameInfo& info) {
  if (playing_) {
    clock_ += info.dt;
    if (clock_ >= 0.8f) {
      clock_ = 0;
      if (step_ >= steps()) {
        playing_ = false;
      } else {
        set_step(step_ + 1);
      }
    }
  }
  ImGui::SetNextWindowPos(ImVec2(info.width - 290, 10), ImGuiCond_FirstUseEver);
  ImGui::Begin(label(QT_TRANSLATE_NOOP("InspectOverlay", "Scan"), "scan").c_str(), nullptr,
               ImGuiWindowFlags_AlwaysAutoResize);
  if (ImGui::Button(playing_
                        ? label(QT_TRANSLATE_NOOP("InspectOverlay", "Pause"), "play").c_str()
                        : label(QT_TRANSLATE_NOOP("InspectOverlay", "Play"), "play").c_str())) {
    if (!playing_ && step_ >= steps()) set_step(0);
    playing_ = !playing_;
    clock_ = 0;
  }
  ImGui::PushItemWidth(150);
  int step = step_;
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Round"), "round").c_str(), &step,
                       0, steps()))
    set_step(step);
  bool changed =
      ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Layer"), "layer").c_str(),
                       &options_.layer, 0, layers_ - 1);
  changed |= ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Channel"), "ch").c_str(),
                              &options_.channel, 0, channels_ - 1);
  changed |= ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "State"), "st").c_str(),
                              &options_.state, 0, states_ - 1);
  int length = int(options_.length);
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Tokens"), "len").c_str(), &length,
                       2, 64)) {
    options_.length = length;
    changed = true;
  }
  ImGui::PopItemWidth();
  ImGui::End();
  if (changed) refresh();
}

void ScanView::layout(const FrameInfo& info) {
  const float m = 12;
  rows_box_ = {m + 170, 34, info.width - m, info.height * 0.66f};
  plot_box_ = {m + 170, info.height * 0.66f + 34, info.width - m, info.height - 26};
  const std::size_t n = trace_.rounds.empty() ? trace_.a.size() : trace_.rounds[0].values.size();
  const int rows = steps() + 1;
  cell_ = (rows_box_[2] - rows_box_[0]) / float(std::max<std::size_t>(1, n));
  const float row_h = (rows_box_[3] - rows_box_[1]) / float(rows);
  double bmax = 1e-12;
  for (double b : trace_.b) bmax = std::max(bmax, std::abs(b));
  for (const auto& r : trace_.rounds)
    for (const auto& v : r.values) bmax = std::max(bmax, std::abs(v.b));
  // Row 0: the inputs (padded with identities); row r: the values after round r.
  std::vector<float> values;
  std::vector<vk::HeatTile> tiles;
  for (int r = 0; r <= std::min(step_, steps()); ++r) {
    const uint32_t offset = uint32_t(values.size());
    for (std::size_t i = 0; i < n; ++i)
      values.push_back(r == 0 ? (i < trace_.b.size() ? float(trace_.b[i]) : kPadding)
                              : float(trace_.rounds[std::size_t(r - 1)].values[i].b));
    const float y = rows_box_[1] + float(r) * row_h;
    tiles.push_back({{rows_box_[0], y, rows_box_[2], y + row_h * kCell},
                     offset,
                     uint32_t(n),
                     1,
                     vk::Colormap::diverging,
                     float(-bmax),
                     float(bmax)});
  }
  canvas_.set_heatmap(values, tiles);
  std::vector<vk::Vertex> lines, points;
  for (int r = 0; r <= steps(); ++r) {
    const float y = rows_box_[1] + float(r) * row_h;
    for (std::size_t i = 0; i <= n; ++i)
      add_line(lines, rows_box_[0] + float(i) * cell_, y, rows_box_[0] + float(i) * cell_,
               y + row_h * kCell, r <= step_ ? vk::rgba(0, 0, 0, 120) : vk::rgba(70, 74, 86));
    if (r > step_)
      add_rect_outline(lines, rows_box_[0], y, rows_box_[2], y + row_h * kCell,
                       vk::rgba(70, 74, 86));
  }
  // The pairs each shown round combined: from the row above into this row.
  for (int r = 1; r <= std::min(step_, steps()); ++r) {
    const auto& round = trace_.rounds[std::size_t(r - 1)];
    const float y_from = rows_box_[1] + float(r - 1) * row_h + row_h * kCell;
    const float y_to = rows_box_[1] + float(r) * row_h;
    const bool up = round.phase == "up-sweep";
    const uint32_t colour = r == step_ ? kAccent : vk::rgba(255, 196, 61, 110);
    for (const auto& [left, right] : round.pairs) {
      const float xl = rows_box_[0] + (float(left) + 0.5f) * cell_;
      const float xr = rows_box_[0] + (float(right) + 0.5f) * cell_;
      add_line(lines, xl, y_from, xr, y_to, colour);  // the left part flows into the right
      add_line(lines, xr, y_from, xr, y_to, colour);
      if (!up) add_line(lines, xr, y_from, xl, y_to, colour);  // the prefix passes to the left
    }
  }
  // States: sequential (line) and parallel (points).
  const std::size_t T = trace_.sequential.size();
  double lo = 0, hi = 0;
  for (double v : trace_.sequential) lo = std::min(lo, v), hi = std::max(hi, v);
  const double pad = std::max(1e-9, (hi - lo) * 0.1);
  lo -= pad, hi += pad;
  auto px = [&](std::size_t t) {
    return plot_box_[0] +
           (float(t) + 0.5f) * (plot_box_[2] - plot_box_[0]) / float(std::max<std::size_t>(1, T));
  };
  auto py = [&](double v) {
    return plot_box_[3] - float((v - lo) / (hi - lo)) * (plot_box_[3] - plot_box_[1]);
  };
  for (std::size_t t = 0; t + 1 < T; ++t)
    add_line(lines, px(t), py(trace_.sequential[t]), px(t + 1), py(trace_.sequential[t + 1]), kKey);
  if (step_ >= steps())
    for (std::size_t t = 0; t < T; ++t)
      points.push_back({px(t), py(trace_.parallel[t]), 0, kAccent, 7});
  add_line(lines, plot_box_[0], py(0), plot_box_[2], py(0), vk::rgba(70, 74, 86));
  add_rect_outline(lines, plot_box_[0], plot_box_[1], plot_box_[2], plot_box_[3], kFrame);
  canvas_.set_lines(lines);
  canvas_.set_points(points);
}

void ScanView::labels(const FrameInfo& info) {
  (void)info;
  const int rows = steps() + 1;
  const float row_h = (rows_box_[3] - rows_box_[1]) / float(rows);
  text_at(
      rows_box_[0], 8, kText,
      format(
          "%s %d, %s %d, %s %d: h_t = a_t h_{t-1} + b_t  ·  %s",
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "layer")).c_str(), options_.layer,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "channel")).c_str(), options_.channel,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "state")).c_str(), options_.state,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "cells: the offset b of each partial map"))
              .c_str()));
  for (int r = 0; r < rows; ++r) {
    std::string name;
    if (r == 0) {
      name = localized(QT_TRANSLATE_NOOP("InspectOverlay", "inputs (a_t, b_t)"));
    } else {
      const auto& round = trace_.rounds[std::size_t(r - 1)];
      name =
          format("%s %d",
                 round.phase == "up-sweep"
                     ? localized(QT_TRANSLATE_NOOP("InspectOverlay", "up-sweep, stride")).c_str()
                     : localized(QT_TRANSLATE_NOOP("InspectOverlay", "down-sweep, stride")).c_str(),
                 1 << round.level);
    }
    text_at(12, rows_box_[1] + float(r) * row_h + row_h * kCell / 2 - 8, r <= step_ ? kText : kDim,
            name);
    if (r <= step_ && cell_ >= 44) {
      const std::size_t n =
          r == 0 ? trace_.b.size() : trace_.rounds[std::size_t(r - 1)].values.size();
      for (std::size_t i = 0; i < n; ++i) {
        const double b = r == 0 ? trace_.b[i] : trace_.rounds[std::size_t(r - 1)].values[i].b;
        const std::string value = format("%.3g", b);
        if (text_size(value).x > cell_ - 5) continue;  // only what fits its cell
        text_at(rows_box_[0] + float(i) * cell_ + 3,
                rows_box_[1] + float(r) * row_h + row_h * kCell / 2 - 8, vk::rgba(20, 20, 24),
                value);
      }
    }
  }
  text_at(plot_box_[0], plot_box_[1] - 20, kKey,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "states h_t: sequential loop (line)")));
  if (step_ >= steps())
    text_at(plot_box_[0] + 280, plot_box_[1] - 20, kAccent,
            format("%s  ·  max |Δ| = %.2g",
                   localized(QT_TRANSLATE_NOOP("InspectOverlay", "parallel scan (points)")).c_str(),
                   trace_.max_difference));
}

}  // namespace ahenk::inspect
