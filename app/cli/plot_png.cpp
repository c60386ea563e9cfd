#include "plot_png.h"

#include <stb_easy_font.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "ahenk/vulkan/image.h"

namespace ahenk::cli {

namespace {

struct Rgb {
  unsigned char r, g, b;
};

// Colour-blind-safe palette (Okabe-Ito).
const Rgb kPalette[] = {{0, 114, 178},  {230, 159, 0}, {0, 158, 115},  {204, 121, 167},
                        {86, 180, 233}, {213, 94, 0},  {240, 228, 66}, {0, 0, 0}};

class Canvas {
 public:
  Canvas(int w, int h) {
    image_.width = static_cast<uint32_t>(w);
    image_.height = static_cast<uint32_t>(h);
    image_.rgba.assign(static_cast<std::size_t>(w) * h * 4, 255);
  }
  void blend(int x, int y, Rgb c, double alpha) {
    if (x < 0 || y < 0 || x >= static_cast<int>(image_.width) ||
        y >= static_cast<int>(image_.height) || alpha <= 0)
      return;
    alpha = std::min(alpha, 1.0);
    auto* p = &image_.rgba[(static_cast<std::size_t>(y) * image_.width + x) * 4];
    p[0] = static_cast<unsigned char>(p[0] + (c.r - p[0]) * alpha);
    p[1] = static_cast<unsigned char>(p[1] + (c.g - p[1]) * alpha);
    p[2] = static_cast<unsigned char>(p[2] + (c.b - p[2]) * alpha);
  }
  void fill(int x0, int y0, int x1, int y1, Rgb c) {
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) blend(x, y, c, 1.0);
  }
  // An anti-aliased line about 2 px wide: samples along the segment, coverage by distance.
  void line(double x0, double y0, double x1, double y1, Rgb c) {
    double len = std::hypot(x1 - x0, y1 - y0);
    int n = std::max(1, static_cast<int>(std::ceil(len * 2)));
    for (int i = 0; i <= n; ++i) {
      double t = static_cast<double>(i) / n;
      double x = x0 + (x1 - x0) * t, y = y0 + (y1 - y0) * t;
      for (int dy = -1; dy <= 2; ++dy)
        for (int dx = -1; dx <= 2; ++dx) {
          int px = static_cast<int>(std::floor(x)) + dx, py = static_cast<int>(std::floor(y)) + dy;
          double d = std::hypot(px + 0.5 - x, py + 0.5 - y);
          blend(px, py, c, std::clamp(1.6 - d, 0.0, 1.0) * 0.5);
        }
    }
  }
  // Text from stb_easy_font's quads, scaled.
  void text(int x, int y, const std::string& s, Rgb c, int scale = 2) {
    static char buffer[99999];
    int quads =
        stb_easy_font_print(0, 0, const_cast<char*>(s.c_str()), nullptr, buffer, sizeof buffer);
    const float* v = reinterpret_cast<const float*>(buffer);
    for (int q = 0; q < quads; ++q) {
      const float* quad = v + q * 16;  // 4 vertices of x, y, z, colour
      int qx0 = static_cast<int>(quad[0]), qy0 = static_cast<int>(quad[1]);
      int qx1 = static_cast<int>(quad[8]), qy1 = static_cast<int>(quad[9]);
      fill(x + qx0 * scale, y + qy0 * scale, x + qx1 * scale, y + qy1 * scale, c);
    }
  }
  static int text_width(const std::string& s, int scale = 2) {
    return stb_easy_font_width(const_cast<char*>(s.c_str())) * scale;
  }
  const vk::Image& image() const { return image_; }

 private:
  vk::Image image_;
};

std::string tick_label(double v) {
  char buf[32];
  double a = std::fabs(v);
  if (a != 0 && (a >= 1e5 || a < 1e-3))
    std::snprintf(buf, sizeof buf, "%.1e", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// About `count` round tick values over [lo, hi].
std::vector<double> ticks(double lo, double hi, int count) {
  double span = hi - lo;
  if (!(span > 0)) return {lo};
  double raw = span / count;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  std::vector<double> out;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  return out;
}

void draw_panel(Canvas& canvas, const PlotPanel& panel, int top, int width, int height) {
  const Rgb ink{40, 40, 40}, grid{225, 225, 225};
  const int left = 90, right = 20, title_h = 34, bottom = 40;
  const int plot_w = width - left - right, plot_h = height - title_h - bottom;
  const int x_origin = left, y_origin = top + title_h;
  canvas.text(left, top + 8, panel.title, ink, 2);

  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  bool log_y = panel.log_y;
  for (const auto& s : panel.series)
    for (std::size_t i = 0; i < s.x.size(); ++i) {
      if (!std::isfinite(s.y[i])) continue;
      x_lo = std::min(x_lo, s.x[i]);
      x_hi = std::max(x_hi, s.x[i]);
      y_lo = std::min(y_lo, s.y[i]);
      y_hi = std::max(y_hi, s.y[i]);
    }
  if (!std::isfinite(x_lo)) {
    canvas.text(left, y_origin + plot_h / 2, "no data", ink, 2);
    return;
  }
  if (log_y && !(y_lo > 0)) log_y = false;
  auto ty = [&](double v) { return log_y ? std::log10(v) : v; };
  double a = ty(y_lo), b = ty(y_hi);
  if (b - a < 1e-12) a -= 0.5, b += 0.5;
  double pad = (b - a) * 0.05;
  a -= pad, b += pad;
  if (x_hi - x_lo < 1e-12) x_lo -= 0.5, x_hi += 0.5;
  auto px = [&](double x) { return x_origin + (x - x_lo) / (x_hi - x_lo) * plot_w; };
  auto py = [&](double y) { return y_origin + plot_h - (ty(y) - a) / (b - a) * plot_h; };

  for (double t : ticks(a, b, 5)) {
    double yy = y_origin + plot_h - (t - a) / (b - a) * plot_h;
    canvas.fill(x_origin, static_cast<int>(yy), x_origin + plot_w, static_cast<int>(yy) + 1, grid);
    std::string label = tick_label(log_y ? std::pow(10.0, t) : t);
    canvas.text(x_origin - 8 - Canvas::text_width(label), static_cast<int>(yy) - 6, label, ink);
  }
  for (double t : ticks(x_lo, x_hi, 6)) {
    double xx = px(t);
    canvas.fill(static_cast<int>(xx), y_origin, static_cast<int>(xx) + 1, y_origin + plot_h, grid);
    std::string label = tick_label(t);
    canvas.text(static_cast<int>(xx) - Canvas::text_width(label) / 2, y_origin + plot_h + 8, label,
                ink);
  }
  canvas.fill(x_origin, y_origin, x_origin + 1, y_origin + plot_h, ink);
  canvas.fill(x_origin, y_origin + plot_h, x_origin + plot_w, y_origin + plot_h + 1, ink);
  canvas.text(x_origin + plot_w - Canvas::text_width("step"), y_origin + plot_h + 24, "step", ink);

  int legend_y = y_origin + 6;
  for (std::size_t k = 0; k < panel.series.size(); ++k) {
    const auto& s = panel.series[k];
    Rgb c = kPalette[k % (sizeof kPalette / sizeof kPalette[0])];
    for (std::size_t i = 1; i < s.x.size(); ++i)
      if (std::isfinite(s.y[i - 1]) && std::isfinite(s.y[i]))
        canvas.line(px(s.x[i - 1]), py(s.y[i - 1]), px(s.x[i]), py(s.y[i]), c);
    if (s.x.size() == 1)
      canvas.fill(int(px(s.x[0])) - 2, int(py(s.y[0])) - 2, int(px(s.x[0])) + 3,
                  int(py(s.y[0])) + 3, c);
    int lx = x_origin + plot_w - 260;
    canvas.fill(lx, legend_y + 5, lx + 24, legend_y + 8, c);
    canvas.text(lx + 32, legend_y, s.label, ink);
    legend_y += 20;
  }
}

}  // namespace

void write_plot_png(const std::vector<PlotPanel>& panels, const std::string& path, int width,
                    int panel_height) {
  if (panels.empty()) throw std::runtime_error(path + ": nothing to plot");
  Canvas canvas(width, panel_height * static_cast<int>(panels.size()));
  for (std::size_t i = 0; i < panels.size(); ++i)
    draw_panel(canvas, panels[i], static_cast<int>(i) * panel_height, width, panel_height);
  vk::write_png(canvas.image(), path);
}

}  // namespace ahenk::cli
