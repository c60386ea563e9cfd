// A training-curve chart (Qt Charts) that stays responsive with any number of steps: it keeps the
// full history and gives Qt only what the plot's width can show, computed in the engine
// (ahenk/session/curves.h): the extremes-keeping polyline of the raw values, the debiased per-step
// EMA, and a min/max band. Log scale, smoothing and band are view options; markers (alarms) are
// drawn as points on top. Measured in ../shared/STACK.md section 4: decimation to about two points
// per pixel column keeps a chart update under 6 ms where giving Qt 100k points stalls for seconds.
//
//   auto* chart = new CurveChart(tr("Loss"));
//   chart->setLine("train", tr("train"), steps, values, Qt::blue);   // replaces that line's data
//   chart->setSmoothing(0.9);  chart->setLogScale(true);
#pragma once

#include <QChartView>
#include <QColor>
#include <QString>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "ahenk/session/curves.h"

class QLineSeries;
class QScatterSeries;
class QAreaSeries;
class QAbstractAxis;

namespace ahenk::ui {

class CurveChart : public QChartView {
  Q_OBJECT

 public:
  explicit CurveChart(const QString& title, QWidget* parent = nullptr);

  // Sets (or replaces) a line's full data, in step order. `smoothable` lines get the EMA and the
  // band; others (sparse validation points) are drawn as they are, with point markers.
  void setLine(const QString& key, const QString& label, std::vector<std::int64_t> steps,
               std::vector<double> values, const QColor& color, bool smoothable = true);
  // Sets a line from a curve already aggregated by the engine (a session's stored levels).
  void setCurve(const QString& key, const QString& label, session::Curve curve,
                const QColor& color);
  // Appends points to a line (created with setLine first).
  void appendToLine(const QString& key, const std::vector<std::int64_t>& steps,
                    const std::vector<double>& values);
  void setMarkers(const QString& label, const std::vector<std::int64_t>& steps,
                  const std::vector<double>& values);
  void clear();
  void setTitle(const QString& title);
  // The x axis's title (default: "step").
  void setXTitle(const QString& title);
  void setLineLabel(const QString& key, const QString& label);

  void setSmoothing(double smoothing);  // 0 = raw only
  void setBand(bool on);
  void setLogScale(bool on);
  bool logScale() const { return log_; }

  // Redraws from the data (call after changes; cheap: decimated to the chart's width). A hidden
  // chart only notes it is out of date and redraws when shown: changing a hidden QChartView's
  // scene stopped other widgets of the window from being painted on the offscreen platform.
  void refresh();

  // For tests: the points Qt draws for a line's raw polyline, and the data points it holds.
  int drawnPoints(const QString& key) const;
  std::size_t dataPoints(const QString& key) const;

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  struct Line {
    QString label;
    QColor color;
    bool smoothable = true;
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    std::optional<session::Curve> curve;  // set instead of steps/values by setCurve
    int drawn = 0;
    // Qt's series for it, made once and refilled (rebuilding series and axes on every refresh
    // costs a relayout and a full repaint).
    QLineSeries* raw = nullptr;
    QLineSeries* ema = nullptr;
    QLineSeries* upper = nullptr;
    QLineSeries* lower = nullptr;
    QAreaSeries* band = nullptr;
  };
  void ensureSeries(Line& line);
  void removeRetired();
  void setYAxis();
  std::map<QString, Line> lines_;
  std::vector<Line> retired_;  // cleared lines whose Qt series go at the next visible refresh
  QString title_;
  QString x_title_;
  QString marker_label_;
  std::vector<std::int64_t> marker_steps_;
  std::vector<double> marker_values_;
  double smoothing_ = 0.6;
  bool band_ = true, log_ = false;
  QScatterSeries* marks_ = nullptr;
  QAbstractAxis* x_axis_ = nullptr;
  QAbstractAxis* y_axis_ = nullptr;
  bool y_is_log_ = false;
  bool dirty_ = true;
};

}  // namespace ahenk::ui
