// RoPE rotations: a real query and key of the model (one head, one frequency band) drawn as 2-D
// vectors turning on a circle as their position grows; every band's wavelength; and the dot
// product of the whole head's query and key against their distance, before and after rotation.
// Placed at all positions, the same query and key give one curve: the score depends only on m - n.
#include <algorithm>
#include <cmath>

#include "view_common.h"
#include "views.h"

namespace ahenk::inspect {

void RopeView::set_source(Source source, int layers, int heads, double model_theta) {
  source_ = std::move(source);
  layers_ = std::max(1, layers);
  heads_ = std::max(1, heads);
  model_theta_ = model_theta;
  options_.theta = model_theta;
  refresh();
}

void RopeView::refresh() {
  if (!source_) return;
  try {
    demo_ = source_(options_);
    set_message("");
  } catch (const std::exception& e) {
    demo_ = {};
    set_message(describe(e));
  }
  m_ = std::clamp<int>(m_, 0, int(options_.positions) - 1);
  n_ = std::clamp<int>(n_, 0, int(options_.positions) - 1);
  double lo = demo_.unrotated_dot, hi = demo_.unrotated_dot;
  for (const auto* v : {&demo_.rotated_dot, &demo_.prompt_rotated, &demo_.prompt_unrotated})
    for (double d : *v) lo = std::min(lo, d), hi = std::max(hi, d);
  const double pad = std::max(1e-6, (hi - lo) * 0.08);
  dot_lo_ = lo - pad;
  dot_hi_ = hi + pad;
  invalidate();
}

void RopeView::controls(const FrameInfo& info) {
  ImGui::SetNextWindowPos(ImVec2(10, info.height - 190), ImGuiCond_FirstUseEver);
  ImGui::Begin(label(QT_TRANSLATE_NOOP("InspectOverlay", "RoPE"), "rope").c_str(), nullptr,
               ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PushItemWidth(150);
  bool changed = false;
  changed |= ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Layer"), "layer").c_str(),
                              &options_.layer, 0, layers_ - 1);
  changed |= ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Head"), "head").c_str(),
                              &options_.head, 0, heads_ - 1);
  changed |=
      ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Frequency band"), "band").c_str(),
                       &options_.band, 0, std::max(0, int(demo_.head_dim / 2) - 1));
  float theta = float(options_.theta);
  if (ImGui::SliderFloat(
          label(QT_TRANSLATE_NOOP("InspectOverlay", "Theta (base)"), "theta").c_str(), &theta,
          10.0f, 1e6f, "%.0f", ImGuiSliderFlags_Logarithmic)) {
    options_.theta = theta;
    changed = true;
  }
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Query position m"), "m").c_str(),
                       &m_, 0, int(options_.positions) - 1))
    invalidate();
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Key position n"), "n").c_str(),
                       &n_, 0, int(options_.positions) - 1))
    invalidate();
  ImGui::PopItemWidth();
  if (ImGui::Button(label(QT_TRANSLATE_NOOP("InspectOverlay", "Model's theta"), "reset").c_str())) {
    options_.theta = model_theta_;
    changed = true;
  }
  ImGui::End();
  if (changed) refresh();
}

void RopeView::layout(const FrameInfo& info) {
  const float m = 12, top = 34;
  const float panel_w = (info.width - 4 * m) / 3;
  const float bottom = info.height - 34;
  circle_ = {m, top, m + panel_w, bottom};
  bars_ = {2 * m + panel_w + 40, top, 2 * m + 2 * panel_w, bottom};
  plot_ = {3 * m + 2 * panel_w + 40, top, info.width - m, bottom - 4 * 17};  // legend below
  std::vector<vk::Vertex> lines, points;

  // Circle panel: the pair's trajectory, its circle, and the vectors at m and n.
  const float cx = (circle_[0] + circle_[2]) / 2, cy = (circle_[1] + circle_[3]) / 2;
  const float radius = 0.45f * std::min(circle_[2] - circle_[0], circle_[3] - circle_[1]);
  float biggest = 1e-12f;
  for (const auto* c : {&demo_.q_circle, &demo_.k_circle})
    for (std::size_t i = 0; i + 1 < c->size(); i += 2)
      biggest = std::max(biggest, std::hypot((*c)[i], (*c)[i + 1]));
  const float s = radius / biggest;
  auto at = [&](const std::vector<float>& c, int pos) {
    return std::array<float, 2>{cx + s * c[std::size_t(2 * pos)],
                                cy - s * c[std::size_t(2 * pos + 1)]};
  };
  for (const auto* c : {&demo_.q_circle, &demo_.k_circle}) {
    const float r = std::hypot((*c)[0], (*c)[1]) * s;
    for (int k = 0; k < 96; ++k) {
      const float a0 = float(k) / 96 * 6.2831853f, a1 = float(k + 1) / 96 * 6.2831853f;
      add_line(lines, cx + r * std::cos(a0), cy - r * std::sin(a0), cx + r * std::cos(a1),
               cy - r * std::sin(a1), kFrame);
    }
  }
  add_line(lines, cx - radius, cy, cx + radius, cy, vk::rgba(60, 64, 76));
  add_line(lines, cx, cy - radius, cx, cy + radius, vk::rgba(60, 64, 76));
  const int P = int(options_.positions);
  for (int pos = 0; pos < P; ++pos) {
    const float t = float(pos) / float(std::max(1, P - 1));
    const auto q = at(demo_.q_circle, pos), k = at(demo_.k_circle, pos);
    points.push_back(
        {q[0], q[1], 0, vk::colormap_rgba(vk::Colormap::magma, 0.3f + 0.7f * t, 200), 5});
    points.push_back(
        {k[0], k[1], 0, vk::colormap_rgba(vk::Colormap::viridis, 0.3f + 0.7f * t, 200), 4});
  }
  const auto qm = at(demo_.q_circle, m_), kn = at(demo_.k_circle, n_);
  add_line(lines, cx, cy, qm[0], qm[1], kQuery);
  add_line(lines, cx, cy, kn[0], kn[1], kKey);
  points.push_back({qm[0], qm[1], 0, kQuery, 10});
  points.push_back({kn[0], kn[1], 0, kKey, 10});

  // Wavelength bars (log scale): positions per full turn of each band.
  const std::size_t bands = demo_.wavelengths.size();
  double wmax = 1;
  for (double w : demo_.wavelengths) wmax = std::max(wmax, w);
  const double lmin = std::log10(2 * M_PI) - 0.1, lmax = std::log10(wmax) + 0.1;
  std::vector<vk::Vertex> triangles;
  const float bw = (bars_[2] - bars_[0]) / float(std::max<std::size_t>(1, bands));
  for (std::size_t b = 0; b < bands; ++b) {
    const double v = (std::log10(demo_.wavelengths[b]) - lmin) / (lmax - lmin);
    const float y = bars_[3] - float(v) * (bars_[3] - bars_[1]);
    add_rect_fill(triangles, bars_[0] + float(b) * bw + 1, y, bars_[0] + float(b + 1) * bw - 1,
                  bars_[3], int(b) == options_.band ? kAccent : vk::rgba(100, 181, 246, 200));
  }
  add_rect_outline(lines, bars_[0], bars_[1], bars_[2], bars_[3], kFrame);
  for (int decade = 1; decade <= int(lmax); ++decade) {
    const float y = bars_[3] - float((decade - lmin) / (lmax - lmin)) * (bars_[3] - bars_[1]);
    add_line(lines, bars_[0] - 4, y, bars_[0], y, kDim);
  }

  // Dot product against distance.
  add_rect_outline(lines, plot_[0], plot_[1], plot_[2], plot_[3], kFrame);
  auto px = [&](double d) {
    return plot_[0] + float(d / double(std::max(1, P - 1))) * (plot_[2] - plot_[0]);
  };
  auto py = [&](double v) {
    return plot_[3] - float((v - dot_lo_) / (dot_hi_ - dot_lo_)) * (plot_[3] - plot_[1]);
  };
  const float y0 = py(demo_.unrotated_dot);
  add_line(lines, plot_[0], y0, plot_[2], y0, kDim);
  for (std::size_t i = 0; i < demo_.prompt_distance.size(); ++i) {
    if (demo_.prompt_distance[i] >= P) continue;
    points.push_back({px(double(demo_.prompt_distance[i])), py(demo_.prompt_unrotated[i]), 0,
                      vk::rgba(150, 150, 160, 110), 3});
    points.push_back({px(double(demo_.prompt_distance[i])), py(demo_.prompt_rotated[i]), 0,
                      vk::rgba(79, 195, 247, 120), 3});
  }
  for (std::size_t i = 0; i < demo_.distance.size(); ++i)
    points.push_back({px(double(demo_.distance[i])), py(demo_.rotated_dot[i]), 0, kAccent, 4});
  const int d = std::abs(m_ - n_);
  add_line(lines, px(d), plot_[1], px(d), plot_[3], vk::rgba(255, 112, 67, 160));
  canvas_.set_triangles(triangles);
  canvas_.set_lines(lines);
  canvas_.set_points(points);
}

void RopeView::labels(const FrameInfo& info) {
  (void)info;
  const int P = int(options_.positions);
  const double wl = demo_.wavelengths[std::size_t(options_.band)];
  text_at(circle_[0], 8, kText,
          format("%s %d: %s %.1f %s",
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "band")).c_str(), options_.band,
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "one turn every")).c_str(), wl,
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "positions")).c_str()));
  text_at(circle_[0], circle_[3] + 6, kQuery, format("q @ m=%d", m_));
  text_at(circle_[0] + 90, circle_[3] + 6, kKey, format("k @ n=%d", n_));
  text_at(bars_[0], 8, kText,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "wavelength per band (log)")));
  text_at(bars_[0], bars_[3] + 6, kDim,
          format("%s 0 … %zu  ·  θ = %.0f",
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "band")).c_str(),
                 demo_.wavelengths.size() - 1, demo_.theta));
  double wmax = 1;
  for (double w : demo_.wavelengths) wmax = std::max(wmax, w);
  const double lmin = std::log10(2 * M_PI) - 0.1, lmax = std::log10(wmax) + 0.1;
  for (int decade = 1; decade <= int(lmax); ++decade) {
    const float y = bars_[3] - float((decade - lmin) / (lmax - lmin)) * (bars_[3] - bars_[1]);
    const std::string s = format("%g", std::pow(10.0, decade));
    text_at(bars_[0] - text_size(s).x - 6, y - 8, kDim, s);
  }
  text_at(plot_[0], 8, kText,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "q · k against m − n")));
  text_at(plot_[0], plot_[3] + 2, kDim, "0");
  const std::string last = format("%d", P - 1);
  text_at(plot_[2] - text_size(last).x, plot_[3] + 2, kDim, last);
  float y = plot_[3] + 20;
  auto legend = [&](uint32_t colour, const char* text) {
    text_at(plot_[0], y, colour,
            "● " + clip_label(localized(text),
                              std::size_t(std::max(8.0f, (plot_[2] - plot_[0]) / 7.5f))));
    y += 17;
  };
  legend(kAccent, QT_TRANSLATE_NOOP("InspectOverlay", "one q, one k at every m, n: one curve"));
  legend(kKey, QT_TRANSLATE_NOOP("InspectOverlay", "the prompt's q_m · k_n, rotated"));
  legend(vk::rgba(170, 170, 180), QT_TRANSLATE_NOOP("InspectOverlay", "the same without RoPE"));
  legend(kDim, QT_TRANSLATE_NOOP("InspectOverlay", "line: q · k without rotation"));
  const std::string range = format("%.2f … %.2f", dot_lo_, dot_hi_);
  text_at(plot_[2] - text_size(range).x - 4, plot_[3] - 20, kDim, range);
}

}  // namespace ahenk::inspect
