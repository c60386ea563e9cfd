#include "curve_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ahenk/session/curves.h"

namespace ahenk::ui {

CurveChart::CurveChart(const QString& title, QWidget* parent) : QChartView(parent) {
  auto* c = new QChart();
  title_ = title;
  c->setTitle(title);
  c->setAnimationOptions(QChart::NoAnimation);
  c->legend()->setAlignment(Qt::AlignBottom);
  c->setMargins(QMargins(4, 4, 4, 4));
  setChart(c);
  setMinimumHeight(180);
}

void CurveChart::setXTitle(const QString& title) {
  x_title_ = title;
  dirty_ = true;
}

void CurveChart::setTitle(const QString& title) {
  title_ = title;
  refresh();
}

void CurveChart::setLineLabel(const QString& key, const QString& label) {
  auto it = lines_.find(key);
  if (it != lines_.end()) it->second.label = label;
}

void CurveChart::setLine(const QString& key, const QString& label, std::vector<std::int64_t> steps,
                         std::vector<double> values, const QColor& color, bool smoothable) {
  Line& l = lines_[key];
  l.label = label;
  l.smoothable = smoothable;
  l.curve.reset();
  l.color = color;
  l.steps = std::move(steps);
  l.values = std::move(values);
}

void CurveChart::setCurve(const QString& key, const QString& label, session::Curve curve,
                          const QColor& color) {
  setLine(key, label, {}, {}, color, true);
  lines_[key].curve = std::move(curve);
}

void CurveChart::appendToLine(const QString& key, const std::vector<std::int64_t>& steps,
                              const std::vector<double>& values) {
  auto it = lines_.find(key);
  if (it == lines_.end()) return;
  it->second.steps.insert(it->second.steps.end(), steps.begin(), steps.end());
  it->second.values.insert(it->second.values.end(), values.begin(), values.end());
}

void CurveChart::setMarkers(const QString& label, const std::vector<std::int64_t>& steps,
                            const std::vector<double>& values) {
  marker_label_ = label;
  marker_steps_ = steps;
  marker_values_ = values;
}

void CurveChart::clear() {
  // The series go at the next visible refresh: a hidden chart's scene is never touched.
  for (auto& [key, line] : lines_) retired_.push_back(line);
  lines_.clear();
  marker_steps_.clear();
  marker_values_.clear();
  refresh();
}

void CurveChart::removeRetired() {
  for (auto& line : retired_) {
    for (QAbstractSeries* series :
         {static_cast<QAbstractSeries*>(line.band), static_cast<QAbstractSeries*>(line.raw),
          static_cast<QAbstractSeries*>(line.ema)}) {
      if (series == nullptr) continue;
      chart()->removeSeries(series);
      delete series;
    }
    delete line.upper;
    delete line.lower;
  }
  retired_.clear();
}

void CurveChart::setSmoothing(double smoothing) {
  smoothing_ = std::clamp(smoothing, 0.0, 0.999);
}
void CurveChart::setBand(bool on) {
  band_ = on;
}
void CurveChart::setLogScale(bool on) {
  log_ = on;
}

int CurveChart::drawnPoints(const QString& key) const {
  auto it = lines_.find(key);
  return it == lines_.end() ? 0 : it->second.drawn;
}

std::size_t CurveChart::dataPoints(const QString& key) const {
  auto it = lines_.find(key);
  if (it == lines_.end()) return 0;
  return it->second.curve ? it->second.curve->points.size() : it->second.steps.size();
}

void CurveChart::resizeEvent(QResizeEvent* event) {
  QChartView::resizeEvent(event);
  refresh();
}

void CurveChart::ensureSeries(Line& line) {
  if (line.raw != nullptr) return;
  QChart* c = chart();
  line.upper = new QLineSeries(this);
  line.lower = new QLineSeries(this);
  line.band = new QAreaSeries(line.upper, line.lower);
  QColor fill = line.color;
  fill.setAlpha(40);
  line.band->setBrush(fill);
  line.band->setPen(Qt::NoPen);
  line.raw = new QLineSeries();
  line.ema = new QLineSeries();
  for (QAbstractSeries* s :
       {static_cast<QAbstractSeries*>(line.band), static_cast<QAbstractSeries*>(line.raw),
        static_cast<QAbstractSeries*>(line.ema)}) {
    c->addSeries(s);
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  if (marks_ != nullptr) {  // markers stay on top
    c->removeSeries(marks_);
    c->addSeries(marks_);
    marks_->attachAxis(x_axis_);
    marks_->attachAxis(y_axis_);
  }
}

void CurveChart::setYAxis() {
  if (y_axis_ != nullptr && y_is_log_ == log_) return;
  QChart* c = chart();
  if (y_axis_ != nullptr) {
    c->removeAxis(y_axis_);
    delete y_axis_;
  }
  if (log_) {
    auto* ly = new QLogValueAxis();
    ly->setBase(10);
    ly->setLabelFormat(QStringLiteral("%.3g"));
    y_axis_ = ly;
  } else {
    auto* vy = new QValueAxis();
    vy->setLabelFormat(QStringLiteral("%.3g"));
    y_axis_ = vy;
  }
  y_is_log_ = log_;
  c->addAxis(y_axis_, Qt::AlignLeft);
  for (auto* s : c->series()) s->attachAxis(y_axis_);
}

void CurveChart::showEvent(QShowEvent* event) {
  QChartView::showEvent(event);
  if (dirty_) refresh();
}

void CurveChart::refresh() {
  // A hidden chart only notes that it is out of date: it is drawn when shown (no work, and no
  // scene changes, for pages nobody looks at).
  if (!isVisible()) {
    dirty_ = true;
    return;
  }
  dirty_ = false;
  QChart* c = chart();
  removeRetired();
  if (c->title() != title_) c->setTitle(title_);
  if (x_axis_ == nullptr) {
    auto* x = new QValueAxis();
    x->setLabelFormat(QStringLiteral("%.0f"));
    x_axis_ = x;
    c->addAxis(x_axis_, Qt::AlignBottom);
    marks_ = new QScatterSeries();
    marks_->setColor(QColor(220, 30, 30));
    marks_->setMarkerSize(11);
    c->addSeries(marks_);
    marks_->attachAxis(x_axis_);
  }
  const QString x_title = x_title_.isEmpty() ? tr("step") : x_title_;
  if (x_axis_->titleText() != x_title) x_axis_->setTitleText(x_title);
  setYAxis();
  if (!marks_->attachedAxes().contains(y_axis_)) marks_->attachAxis(y_axis_);
  const std::size_t columns = static_cast<std::size_t>(std::max(64, int(c->plotArea().width())));
  double x_min = std::numeric_limits<double>::infinity(), x_max = -x_min;
  double y_min = x_min, y_max = -x_min;
  // On a log axis a non-positive value cannot be drawn: it is left out.
  auto usable = [this](double v) { return std::isfinite(v) && (!log_ || v > 0); };
  auto extend = [&](double x, double y) {
    if (!usable(y)) return;
    x_min = std::min(x_min, x), x_max = std::max(x_max, x);
    y_min = std::min(y_min, y), y_max = std::max(y_max, y);
  };
  for (auto& [key, line] : lines_) {
    ensureSeries(line);
    line.drawn = 0;
    QList<QPointF> raw_points, ema_points, upper_points, lower_points;
    const bool smooth = line.smoothable && smoothing_ > 0;
    if (!line.steps.empty() || (line.curve && !line.curve->points.empty())) {
      const session::Curve raw =
          line.curve ? *line.curve
                     : session::from_points(key.toStdString(), line.steps, line.values);
      const session::Curve curve =
          raw.points.size() > 2 * columns ? session::downsample(raw, columns) : raw;
      if (line.smoothable && band_ && curve.points.size() > 1) {
        // The band: min and max over a window of about 1/50 of the visible steps.
        const double span = double(curve.points.back().step_last - curve.points.front().step_first);
        const auto b = session::band(curve, std::max(1.0, span / 50));
        for (std::size_t i = 0; i < curve.points.size(); ++i) {
          if (!usable(b.min[i]) || !usable(b.max[i])) continue;
          upper_points.append(QPointF(curve.points[i].step, b.max[i]));
          lower_points.append(QPointF(curve.points[i].step, b.min[i]));
        }
      }
      const session::Polyline poly = session::extremes_polyline(curve);
      raw_points.reserve(static_cast<qsizetype>(poly.step.size()));
      for (std::size_t i = 0; i < poly.step.size(); ++i) {
        if (!usable(poly.value[i])) continue;
        raw_points.append(QPointF(poly.step[i], poly.value[i]));
        extend(poly.step[i], poly.value[i]);
      }
      if (smooth) {
        const auto e = session::ema(curve, smoothing_);
        for (std::size_t i = 0; i < curve.points.size(); ++i)
          if (usable(e[i])) ema_points.append(QPointF(curve.points[i].step, e[i]));
      }
    }
    line.drawn = static_cast<int>(raw_points.size());
    line.upper->replace(upper_points);
    line.lower->replace(lower_points);
    QColor fill = line.color;
    fill.setAlpha(40);
    if (line.band->brush().color() != fill) line.band->setBrush(fill);
    line.band->setVisible(!upper_points.isEmpty());
    line.band->setName(tr("%1 min/max").arg(line.label));
    line.raw->replace(raw_points);
    QColor pen = line.color;
    if (smooth) pen.setAlpha(90);
    line.raw->setPen(QPen(pen, smooth ? 1.0 : 2.0));
    line.raw->setName(smooth ? tr("%1 (raw)").arg(line.label) : line.label);
    line.raw->setPointsVisible(!line.smoothable);
    line.ema->replace(ema_points);
    line.ema->setPen(QPen(line.color, 2.0));
    line.ema->setName(tr("%1 (EMA %2)").arg(line.label).arg(smoothing_, 0, 'f', 2));
    line.ema->setVisible(smooth);
  }
  QList<QPointF> mark_points;
  for (std::size_t i = 0; i < marker_steps_.size(); ++i) {
    double y = marker_values_[i];
    if (!usable(y)) y = std::isfinite(y_max) ? y_max : 1.0;  // a NaN drawn at the top
    mark_points.append(QPointF(double(marker_steps_[i]), y));
    extend(double(marker_steps_[i]), y);
  }
  marks_->replace(mark_points);
  marks_->setName(marker_label_);
  marks_->setVisible(!mark_points.isEmpty());
  // Legend entries only for what is drawn.
  for (auto* marker : c->legend()->markers())
    marker->setVisible(marker->series()->isVisible() &&
                       !(qobject_cast<QXYSeries*>(marker->series()) &&
                         static_cast<QXYSeries*>(marker->series())->count() == 0));
  if (!std::isfinite(x_min)) x_min = 0, x_max = 10, y_min = log_ ? 0.1 : 0, y_max = 1;
  if (x_max < x_min + 10) x_max = x_min + 10;
  if (y_max <= y_min) y_max = y_min + (log_ ? y_min : 1.0), y_min = log_ ? y_min / 2 : y_min - 1;
  static_cast<QValueAxis*>(x_axis_)->setRange(x_min, x_max);
  if (log_) {
    static_cast<QLogValueAxis*>(y_axis_)->setRange(y_min * 0.95, y_max * 1.05);
  } else {
    const double pad = (y_max - y_min) * 0.05;
    static_cast<QValueAxis*>(y_axis_)->setRange(y_min - pad, y_max + pad);
  }
}

}  // namespace ahenk::ui
