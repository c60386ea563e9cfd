// Spike raster: neurons x time steps of one layer of the spiking model on the prompt (spikes
// bright, the membrane potential faint beneath them), the selected neuron's potential against its
// threshold and its surrogate gradient, and the firing rate of every layer.
#include <algorithm>
#include <cmath>

#include "view_common.h"
#include "views.h"

namespace ahenk::inspect {

void SpikeView::set_source(Source source, int layers, std::vector<std::string> tokens) {
  source_ = std::move(source);
  layers_ = std::max(1, layers);
  tokens_ = std::move(tokens);
  refresh();
}

void SpikeView::refresh() {
  if (!source_) return;
  try {
    raster_ = source_(options_);
    const int T = int(raster_.T);
    if (tokens_shown_ <= 0 || tokens_shown_ > T) tokens_shown_ = T;
    first_token_ = std::clamp(first_token_, 0, std::max(0, T - 1));
    set_message("");
  } catch (const std::exception& e) {
    raster_ = {};
    set_message(describe(e));
  }
  neuron_ = std::clamp<int>(neuron_, 0, std::max<int>(0, int(raster_.neurons) - 1));
  invalidate();
}

std::pair<tensor::Index, tensor::Index> SpikeView::window() const {
  const tensor::Index T = std::max<tensor::Index>(1, raster_.T);
  const tensor::Index first = std::clamp<tensor::Index>(first_token_, 0, T - 1);
  const tensor::Index shown = tokens_shown_ > 0 ? tokens_shown_ : T;
  return {first, std::clamp<tensor::Index>(shown, 1, T - first)};
}

void SpikeView::controls(const FrameInfo& info) {
  ImGui::SetNextWindowPos(ImVec2(info.width - 270, info.height - 150), ImGuiCond_FirstUseEver);
  ImGui::Begin(label(QT_TRANSLATE_NOOP("InspectOverlay", "Spikes"), "spikes").c_str(), nullptr,
               ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushItemWidth(140);
  bool changed =
      ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Layer"), "layer").c_str(),
                       &options_.layer, 0, layers_ - 1);
  changed |= ImGui::SliderInt(
      label(QT_TRANSLATE_NOOP("InspectOverlay", "Neurons shown"), "neurons").c_str(),
      &options_.neurons, 8, 512);
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Neuron"), "neuron").c_str(),
                       &neuron_, 0, std::max(0, int(raster_.neurons) - 1)))
    invalidate();
  // The token window: which of the prompt's tokens the raster and the traces show.
  const int T = std::max(1, int(raster_.T));
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "First token"), "t0").c_str(),
                       &first_token_, 0, T - 1))
    invalidate();
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Tokens shown"), "tn").c_str(),
                       &tokens_shown_, 1, T))
    invalidate();
  ImGui::PopItemWidth();
  ImGui::End();
  if (changed) refresh();
}

void SpikeView::layout(const FrameInfo& info) {
  const float m = 12;
  const float right = info.width * 0.8f;
  raster_box_ = {m + 40, 30, right - m, info.height * 0.55f};
  trace_box_ = {m + 40, raster_box_[3] + 34, right - m,
                info.height * 0.55f + (info.height * 0.45f - 40) * 0.6f};
  grad_box_ = {m + 40, trace_box_[3] + 26, right - m, info.height - 24};
  rate_box_ = {right + 10, 30, info.width - m, info.height * 0.55f};
  const auto [t0, tn] = window();
  const tensor::Index c0 = t0 * raster_.steps, cols = tn * raster_.steps, N = raster_.neurons;
  // Raster values: 1 for a spike, else the potential as a faint fraction of the threshold.
  std::vector<float> values(std::size_t(N * cols));
  for (tensor::Index n = 0; n < N; ++n)
    for (tensor::Index c = 0; c < cols; ++c) {
      const std::size_t at = std::size_t((c0 + c) * N + n);
      values[std::size_t(n * cols + c)] =
          raster_.spikes[at] > 0
              ? 1.0f
              : 0.35f * std::clamp(raster_.membrane[at] / raster_.threshold, 0.0f, 1.0f);
    }
  canvas_.set_heatmap(values, {{{raster_box_[0], raster_box_[1], raster_box_[2], raster_box_[3]},
                                0,
                                uint32_t(cols),
                                uint32_t(N),
                                vk::Colormap::magma,
                                0,
                                1}});
  std::vector<vk::Vertex> lines, points, triangles;
  const float cw = (raster_box_[2] - raster_box_[0]) / float(cols);
  const float rh = (raster_box_[3] - raster_box_[1]) / float(N);
  if (cw * float(raster_.steps) >= 3)
    for (tensor::Index t = 1; t < tn; ++t) {
      const float x = raster_box_[0] + float(t * raster_.steps) * cw;
      add_line(lines, x, raster_box_[1], x, raster_box_[3], vk::rgba(255, 255, 255, 40));
    }
  const float ny = raster_box_[1] + float(neuron_) * rh;
  add_rect_outline(lines, raster_box_[0] - 1, ny, raster_box_[2] + 1, ny + std::max(rh, 1.0f),
                   kKey);
  // The selected neuron's potential and surrogate gradient over time.
  // The selected neuron's own range (and the threshold) fills the trace.
  v_lo_ = 0;
  v_hi_ = raster_.threshold;
  for (tensor::Index c = 0; c < cols; ++c) {
    const float v = raster_.membrane[std::size_t((c0 + c) * N + neuron_)];
    v_lo_ = std::min(v_lo_, v);
    v_hi_ = std::max(v_hi_, v);
  }
  v_hi_ += 0.05f * (v_hi_ - v_lo_);
  auto x_of = [&](tensor::Index c) { return trace_box_[0] + (float(c) + 0.5f) * cw; };
  auto v_y = [&](float v) {
    return trace_box_[3] -
           (v - v_lo_) / std::max(1e-6f, v_hi_ - v_lo_) * (trace_box_[3] - trace_box_[1]);
  };
  float g_hi = 1e-6f;
  for (tensor::Index c = 0; c < cols; ++c)
    g_hi = std::max(g_hi, raster_.surrogate[std::size_t((c0 + c) * N + neuron_)]);
  auto g_y = [&](float g) { return grad_box_[3] - g / g_hi * (grad_box_[3] - grad_box_[1]); };
  for (tensor::Index c = 0; c < cols; ++c) {
    const std::size_t at = std::size_t((c0 + c) * N + neuron_);
    if (c + 1 < cols) {
      const std::size_t next = std::size_t((c0 + c + 1) * N + neuron_);
      add_line(lines, x_of(c), v_y(raster_.membrane[at]), x_of(c + 1), v_y(raster_.membrane[next]),
               kKey);
      add_line(lines, x_of(c), g_y(raster_.surrogate[at]), x_of(c + 1),
               g_y(raster_.surrogate[next]), kAccent);
    }
    if (raster_.spikes[at] > 0)
      points.push_back({x_of(c), v_y(raster_.membrane[at]), 0, kQuery, 6});
  }
  const float thr = v_y(raster_.threshold);
  add_line(lines, trace_box_[0], thr, trace_box_[2], thr, kQuery);
  add_rect_outline(lines, trace_box_[0], trace_box_[1], trace_box_[2], trace_box_[3], kFrame);
  add_rect_outline(lines, grad_box_[0], grad_box_[1], grad_box_[2], grad_box_[3], kFrame);
  // Firing rate per layer, as horizontal bars.
  double rmax = 1e-9;
  for (double r : raster_.firing_rate) rmax = std::max(rmax, r);
  const float bh =
      (rate_box_[3] - rate_box_[1]) / float(std::max<std::size_t>(1, raster_.firing_rate.size()));
  for (std::size_t l = 0; l < raster_.firing_rate.size(); ++l) {
    const float w =
        float(raster_.firing_rate[l] / std::max(rmax, 0.25)) * (rate_box_[2] - rate_box_[0]);
    add_rect_fill(triangles, rate_box_[0], rate_box_[1] + float(l) * bh + 3, rate_box_[0] + w,
                  rate_box_[1] + float(l + 1) * bh - 3,
                  int(l) == raster_.layer ? kAccent : vk::rgba(100, 181, 246, 200));
  }
  canvas_.set_triangles(triangles);
  canvas_.set_lines(lines);
  canvas_.set_points(points);
}

void SpikeView::labels(const FrameInfo& info) {
  (void)info;
  const auto [t0, tn] = window();
  const tensor::Index cols = tn * raster_.steps, N = raster_.neurons;
  text_at(raster_box_[0], 8, kText,
          format("%s %d: %ld %s × %ld %s (%ld %s × %ld)",
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "layer")).c_str(), raster_.layer,
                 long(N), localized(QT_TRANSLATE_NOOP("InspectOverlay", "neurons")).c_str(),
                 long(cols), localized(QT_TRANSLATE_NOOP("InspectOverlay", "time steps")).c_str(),
                 long(tn), localized(QT_TRANSLATE_NOOP("InspectOverlay", "tokens")).c_str(),
                 long(raster_.steps)));
  const float cw = (raster_box_[2] - raster_box_[0]) / float(cols);
  const float token_w = cw * float(raster_.steps);
  const tensor::Index every =
      std::max<tensor::Index>(1, tensor::Index(std::ceil(40.0f / std::max(token_w, 1e-3f))));
  for (tensor::Index t = 0; t < tn && std::size_t(t0 + t) < tokens_.size(); t += every)
    text_at(raster_box_[0] + float(t) * token_w, raster_box_[3] + 2, kDim,
            clip_label(tokens_[std::size_t(t0 + t)], 5));
  text_at(raster_box_[0] - 40, raster_box_[1], kDim, "0");
  text_at(raster_box_[0] - 40, raster_box_[3] - 16, kDim, format("%ld", long(N - 1)));
  text_at(
      trace_box_[0], trace_box_[1] - 18, kKey,
      format("%s %d  ·  %s %.2f",
             localized(QT_TRANSLATE_NOOP("InspectOverlay", "membrane potential of neuron")).c_str(),
             neuron_, localized(QT_TRANSLATE_NOOP("InspectOverlay", "threshold")).c_str(),
             double(raster_.threshold)));
  text_at(grad_box_[0], grad_box_[1] - 18, kAccent,
          localized(QT_TRANSLATE_NOOP(
              "InspectOverlay", "surrogate gradient: what the backward pass uses for the spike")));
  text_at(rate_box_[0], 8, kText,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "firing rate per layer")));
  const float bh =
      (rate_box_[3] - rate_box_[1]) / float(std::max<std::size_t>(1, raster_.firing_rate.size()));
  for (std::size_t l = 0; l < raster_.firing_rate.size(); ++l)
    text_at(rate_box_[0] + 4, rate_box_[1] + float(l) * bh + bh / 2 - 8, kText,
            format("L%zu  %.3f", l, raster_.firing_rate[l]));
  if (raster_.dense_mlp_flops_per_token > 0)
    text_at(rate_box_[0], rate_box_[3] + 8, kDim,
            format("%s\n%.3g / %.3g (%.1f%%)",
                   localized(QT_TRANSLATE_NOOP("InspectOverlay",
                                               "synaptic ops per token\nvs dense FLOPs"))
                       .c_str(),
                   raster_.synaptic_ops_per_token, raster_.dense_mlp_flops_per_token,
                   100 * raster_.synaptic_ops_per_token / raster_.dense_mlp_flops_per_token));
  // A click on the raster selects the row's neuron.
  if (clicked_ && press_x_ >= raster_box_[0] && press_x_ < raster_box_[2] &&
      press_y_ >= raster_box_[1] && press_y_ < raster_box_[3]) {
    const float rh = (raster_box_[3] - raster_box_[1]) / float(N);
    select_neuron(std::clamp<int>(int((press_y_ - raster_box_[1]) / rh), 0, int(N) - 1));
  }
}

}  // namespace ahenk::inspect
