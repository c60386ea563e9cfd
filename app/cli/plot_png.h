// Line charts as PNG for `ahenk session compare --plot`: one panel per metric, one coloured line
// per run, axes with tick labels and a legend. Software-rendered (no display needed).
#pragma once

#include <string>
#include <vector>

namespace ahenk::cli {

struct PlotSeries {
  std::string label;
  std::vector<double> x, y;  // in x order
};

struct PlotPanel {
  std::string title;
  std::vector<PlotSeries> series;
  bool log_y = false;  // when every value is positive
};

// Throws naming the path when the file cannot be written.
void write_plot_png(const std::vector<PlotPanel>& panels, const std::string& path, int width = 1000,
                    int panel_height = 380);

}  // namespace ahenk::cli
