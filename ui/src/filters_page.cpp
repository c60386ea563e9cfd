#include "filters_page.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMouseEvent>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "engine_text.h"
#include "page_helpers.h"

namespace ahenk::ui {

namespace {

constexpr int kBins = 60;
constexpr int kListedDocuments = 1000;

bool removes_above(const text::Rule& rule) {
  return rule.remove_when == text::Compare::Greater ||
         rule.remove_when == text::Compare::GreaterEqual;
}

QString number(double v) {
  return QString::number(v, 'g', 5);
}

// The engine's description of what a rule measures, in the UI's language.
QString measureText(const std::string& measure) {
  static const QRegularExpression gram(QStringLiteral("(\\d+)-gram"));
  const QString m = QString::fromStdString(measure);
  const auto match = gram.match(m);
  const QString n = match.hasMatch() ? match.captured(1) : QString();
  if (m.startsWith(QStringLiteral("characters of the most frequent")))
    return FiltersPage::tr("characters of the most frequent %1-gram / characters").arg(n);
  if (m.startsWith(QStringLiteral("characters in repeated")))
    return FiltersPage::tr("characters in repeated %1-grams / characters").arg(n);
  const std::pair<const char*, QString> known[] = {
      {"duplicate paragraphs / paragraphs", FiltersPage::tr("duplicate paragraphs / paragraphs")},
      {"characters in duplicate paragraphs / characters",
       FiltersPage::tr("characters in duplicate paragraphs / characters")},
      {"duplicate lines / lines", FiltersPage::tr("duplicate lines / lines")},
      {"characters in duplicate lines / characters",
       FiltersPage::tr("characters in duplicate lines / characters")},
      {"words (punctuation excluded)", FiltersPage::tr("words (punctuation excluded)")},
      {"mean word length", FiltersPage::tr("mean word length")},
      {"'#' per word", FiltersPage::tr("'#' per word")},
      {"ellipses per word", FiltersPage::tr("ellipses per word")},
      {"lines starting with a bullet / lines",
       FiltersPage::tr("lines starting with a bullet / lines")},
      {"lines ending with an ellipsis / lines",
       FiltersPage::tr("lines ending with an ellipsis / lines")},
      {"words with a letter / words", FiltersPage::tr("words with a letter / words")},
      {"stop words", FiltersPage::tr("stop words")},
      {"kept lines containing \"lorem ipsum\"",
       FiltersPage::tr("kept lines containing \"lorem ipsum\"")},
      {"kept lines containing a curly bracket",
       FiltersPage::tr("kept lines containing a curly bracket")},
      {"sentences in the lines C4 keeps", FiltersPage::tr("sentences in the lines C4 keeps")},
      {"lines ending in punctuation / lines",
       FiltersPage::tr("lines ending in punctuation / lines")},
      {"lines of 30 characters or fewer / lines",
       FiltersPage::tr("lines of 30 characters or fewer / lines")},
      {"line breaks / words", FiltersPage::tr("line breaks / words")},
  };
  for (const auto& [english, translated] : known)
    if (measure == english) return translated;
  return m;  // a rule added to the engine later: its own words until translated
}

double published(const std::string& id) {
  for (const auto& r : text::all_rules())
    if (r.id == id) return r.threshold;
  return std::nan("");
}

}  // namespace

// ---- ThresholdHistogram ----

ThresholdHistogram::ThresholdHistogram(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("thresholdHistogram"));
  setMouseTracking(false);
  setCursor(Qt::SizeHorCursor);
}

void ThresholdHistogram::setData(text::FilterTable::Histogram histogram, const text::Rule& rule) {
  histogram_ = std::move(histogram);
  rule_ = rule;
  threshold_ = rule.threshold;
  // The x range: the measured values and the published threshold, with a little room.
  const double lo =
      histogram_.bins.empty() ? rule.threshold : std::min(histogram_.lo, rule.threshold);
  const double hi =
      histogram_.bins.empty() ? rule.threshold : std::max(histogram_.hi, rule.threshold);
  const double pad = hi > lo ? (hi - lo) * 0.03 : std::max(1.0, std::abs(hi) * 0.1);
  lo_ = lo >= 0 ? std::max(0.0, lo - pad) : lo - pad;  // no negative axis for counts and ratios
  hi_ = hi + pad;
  update();
}

void ThresholdHistogram::setThreshold(double threshold) {
  threshold_ = threshold;
  update();
}

void ThresholdHistogram::setLogCounts(bool on) {
  log_ = on;
  update();
}

QRect ThresholdHistogram::plot() const {
  return rect().adjusted(56, 12, -14, -34);
}

double ThresholdHistogram::valueAt(int x) const {
  const QRect p = plot();
  const double t = std::clamp(double(x - p.left()) / std::max(1, p.width()), 0.0, 1.0);
  return lo_ + t * (hi_ - lo_);
}

int ThresholdHistogram::xOf(double value) const {
  const QRect p = plot();
  return p.left() + int(std::lround((value - lo_) / (hi_ - lo_) * p.width()));
}

void ThresholdHistogram::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.fillRect(rect(), palette().base());
  const QRect p = plot();
  painter.setPen(palette().mid().color());
  painter.drawRect(p.adjusted(0, 0, -1, -1));
  if (histogram_.bins.empty()) {
    painter.setPen(palette().text().color());
    painter.drawText(p, Qt::AlignCenter, tr("No document has a value for this rule."));
    return;
  }
  // The removed side, shaded.
  const int tx = std::clamp(xOf(threshold_), p.left(), p.right());
  const QColor shade(220, 40, 40, 40);
  if (removes_above(rule_))
    painter.fillRect(QRect(QPoint(tx, p.top()), p.bottomRight()), shade);
  else
    painter.fillRect(QRect(p.topLeft(), QPoint(tx, p.bottom())), shade);
  // Bars.
  std::uint64_t top = 1;
  for (const auto b : histogram_.bins) top = std::max(top, b);
  auto height = [&](std::uint64_t n) {
    const double f =
        log_ ? std::log1p(double(n)) / std::log1p(double(top)) : double(n) / double(top);
    return int(std::lround(f * (p.height() - 4)));
  };
  const double width = (histogram_.hi - histogram_.lo) / double(histogram_.bins.size());
  painter.setBrush(QColor(0x1f, 0x77, 0xb4));
  painter.setPen(Qt::NoPen);
  for (std::size_t i = 0; i < histogram_.bins.size(); ++i) {
    if (histogram_.bins[i] == 0) continue;
    const double a = histogram_.lo + width * double(i);
    const int x0 = xOf(a), x1 = std::max(x0 + 1, xOf(a + (width > 0 ? width : 0)));
    const int h = std::max(1, height(histogram_.bins[i]));
    painter.drawRect(QRect(QPoint(x0, p.bottom() - h), QPoint(x1 - 1, p.bottom())));
  }
  // Axes: the range and the tallest bar.
  painter.setPen(palette().text().color());
  const QFontMetrics fm(font());
  painter.drawText(QRect(0, p.top() - 6, p.left() - 6, fm.height()), Qt::AlignRight,
                   QString::number(top));
  painter.drawText(QRect(0, p.bottom() - fm.height() + 6, p.left() - 6, fm.height()),
                   Qt::AlignRight, QStringLiteral("0"));
  painter.drawText(QRect(p.left(), p.bottom() + 4, p.width() / 2, fm.height()), Qt::AlignLeft,
                   number(lo_));
  painter.drawText(QRect(p.center().x(), p.bottom() + 4, p.width() / 2, fm.height()),
                   Qt::AlignRight, number(hi_));
  // The threshold.
  painter.setPen(QPen(QColor(200, 20, 20), 2));
  painter.drawLine(tx, p.top(), tx, p.bottom());
  const QString label = QStringLiteral("%1 %2").arg(
      QString::fromLatin1(text::compare_symbol(rule_.remove_when)), number(threshold_));
  const int lw = fm.horizontalAdvance(label) + 8;
  const int lx = tx + lw + 4 < p.right() ? tx + 4 : tx - lw - 4;
  painter.fillRect(QRect(lx, p.top() + 2, lw, fm.height() + 2), palette().base());
  painter.drawText(QRect(lx, p.top() + 2, lw, fm.height() + 2), Qt::AlignCenter, label);
}

void ThresholdHistogram::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || histogram_.bins.empty()) return;
  threshold_ = valueAt(event->position().toPoint().x());
  update();
  emit thresholdDragged(threshold_);
}

void ThresholdHistogram::mouseMoveEvent(QMouseEvent* event) {
  if (!(event->buttons() & Qt::LeftButton) || histogram_.bins.empty()) return;
  threshold_ = valueAt(event->position().toPoint().x());
  update();
  emit thresholdDragged(threshold_);
}

// ---- FiltersPage ----

FiltersPage::FiltersPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("filtersPage"));
  source_ = new QLabel();
  source_->setWordWrap(true);
  open_ = new QPushButton();
  connect(open_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("A corpus output folder"));
    if (!dir.isEmpty()) openOutput(dir);
  });
  error_ = makeErrorLabel(QStringLiteral("filtersError"));
  rules_list_ = new QListWidget();
  rules_list_->setObjectName(QStringLiteral("filterRules"));
  connect(rules_list_, &QListWidget::currentRowChanged, this, [this] { showRule(); });
  rule_title_ = new QLabel();
  rule_title_->setWordWrap(true);
  rule_title_->setMinimumHeight(2 * rule_title_->fontMetrics().lineSpacing() + 4);
  histogram_ = new ThresholdHistogram();
  connect(histogram_, &ThresholdHistogram::thresholdDragged, this,
          [this](double v) { setThreshold(v); });
  log_counts_ = new QCheckBox();
  connect(log_counts_, &QCheckBox::toggled, histogram_, &ThresholdHistogram::setLogCounts);
  threshold_ = new QDoubleSpinBox();
  threshold_->setObjectName(QStringLiteral("thresholdValue"));
  threshold_->setRange(-1e9, 1e9);
  threshold_->setDecimals(4);
  threshold_->setKeyboardTracking(false);
  connect(threshold_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setThreshold(v); });
  reset_ = new QPushButton();
  connect(reset_, &QPushButton::clicked, this, [this] {
    if (current() < rules_.size()) setThreshold(table_.rules[current()].threshold);
  });
  reset_all_ = new QPushButton();
  connect(reset_all_, &QPushButton::clicked, this, [this] {
    rules_ = table_.rules;
    recompute();
    showRule();
  });
  use_ = new QPushButton();
  use_->setObjectName(QStringLiteral("useThresholds"));
  connect(use_, &QPushButton::clicked, this, [this] { emit thresholdsChosen(rules_); });
  counts_ = new QLabel();
  counts_->setObjectName(QStringLiteral("filterCounts"));
  counts_->setWordWrap(true);
  cli_ = new QLineEdit();
  cli_->setObjectName(QStringLiteral("filterCli"));
  cli_->setReadOnly(true);
  removed_ = new QTableWidget(0, 3);
  removed_->setObjectName(QStringLiteral("removedDocuments"));
  removed_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  removed_->setSelectionBehavior(QAbstractItemView::SelectRows);
  removed_->verticalHeader()->hide();
  removed_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  connect(removed_, &QTableWidget::currentCellChanged, this, [this](int row) { openRemoved(row); });
  text_ = new QPlainTextEdit();
  text_->setObjectName(QStringLiteral("filterDocumentText"));
  text_->setReadOnly(true);

  auto* top = new QHBoxLayout();
  top->addWidget(source_, 1);
  top->addWidget(open_);
  auto* threshold_row = new QHBoxLayout();
  auto* threshold_caption = new QLabel();
  threshold_caption->setObjectName(QStringLiteral("thresholdCaption"));
  threshold_row->addWidget(threshold_caption);
  threshold_row->addWidget(threshold_);
  threshold_row->addWidget(reset_);
  threshold_row->addWidget(log_counts_);
  threshold_row->addStretch(1);
  threshold_row->addWidget(reset_all_);
  threshold_row->addWidget(use_);
  auto* center = new QWidget();
  auto* cl = new QVBoxLayout(center);
  cl->setContentsMargins(0, 0, 0, 0);
  cl->addWidget(rule_title_);
  cl->addWidget(histogram_, 2);
  cl->addLayout(threshold_row);
  cl->addWidget(counts_);
  cl->addWidget(cli_);
  auto* lower = new QSplitter();
  lower->addWidget(removed_);
  lower->addWidget(text_);
  cl->addWidget(lower, 2);
  auto* splitter = new QSplitter();
  splitter->addWidget(rules_list_);
  splitter->addWidget(center);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({300, 900});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addLayout(top);
  layout->addWidget(error_);
  layout->addWidget(splitter, 1);
  retranslate();
}

bool FiltersPage::openOutput(const QString& dir) {
  try {
    table_ = text::FilterTable::load(dir.toStdString());
    documents_ = std::make_unique<text::OutputDocuments>(dir.toStdString());
  } catch (const std::exception& e) {
    error_->setText(engineText(e));
    error_->show();
    return false;
  }
  error_->hide();
  dir_ = dir;
  rules_ = table_.rules;
  rules_list_->blockSignals(true);
  rules_list_->clear();
  for (const auto& r : table_.rules) rules_list_->addItem(QString::fromStdString(r.id));
  rules_list_->blockSignals(false);
  recompute();
  // Start on the rule that removes the most documents: where the thresholds matter here.
  const auto most = std::max_element(outcome_.removed.begin(), outcome_.removed.end());
  rules_list_->setCurrentRow(most == outcome_.removed.end() ? 0
                                                            : int(most - outcome_.removed.begin()));
  retranslate();
  return true;
}

std::size_t FiltersPage::current() const {
  const int row = rules_list_->currentRow();
  return row < 0 ? rules_.size() : std::size_t(row);
}

void FiltersPage::selectRule(const QString& id) {
  const std::size_t i = table_.rule_index(id.toStdString());
  if (i < table_.rules.size()) rules_list_->setCurrentRow(int(i));
}

QString FiltersPage::selectedRule() const {
  return current() < rules_.size() ? QString::fromStdString(rules_[current()].id) : QString();
}

void FiltersPage::setThreshold(double value) {
  const std::size_t r = current();
  if (r >= rules_.size() || rules_[r].threshold == value) return;
  rules_[r].threshold = value;
  histogram_->setThreshold(value);
  threshold_->blockSignals(true);
  threshold_->setValue(value);
  threshold_->blockSignals(false);
  recompute();
  updateRemovedList();
}

void FiltersPage::recompute() {
  if (table_.rules.empty()) return;
  outcome_ = table_.apply(rules_);
  for (int i = 0; i < rules_list_->count() && std::size_t(i) < rules_.size(); ++i) {
    const auto& r = rules_[std::size_t(i)];
    const bool moved = r.threshold != table_.rules[std::size_t(i)].threshold;
    rules_list_->item(i)->setText(tr("%1%2 — removes %3")
                                      .arg(QString::fromStdString(r.id))
                                      .arg(moved ? QStringLiteral(" *") : QString())
                                      .arg(outcome_.removed[std::size_t(i)]));
    rules_list_->item(i)->setToolTip(measureText(r.measure));
  }
  const std::size_t r = current();
  const std::uint64_t total = table_.ids.size();
  QString text = tr("Kept by the filters: %1 of %2 documents (%3 removed).")
                     .arg(outcome_.passed)
                     .arg(total)
                     .arg(total - outcome_.passed);
  if (r < rules_.size())
    text += QLatin1Char(' ') + tr("%1 removes %2 (the first rule to fail for them); %3 fail it "
                                  "in all.")
                                   .arg(QString::fromStdString(rules_[r].id))
                                   .arg(outcome_.removed[r])
                                   .arg(outcome_.failing[r]);
  counts_->setText(text);
  cli_->setText(cliOptions());
}

QString FiltersPage::cliOptions() const {
  const auto defaults = text::all_rules();
  QStringList parts;
  for (const auto& r : rules_)
    for (const auto& d : defaults)
      if (d.id == r.id && d.threshold != r.threshold)
        parts
            << QStringLiteral("--set %1=%2").arg(QString::fromStdString(r.id), number(r.threshold));
  return parts.join(QLatin1Char(' '));
}

QString FiltersPage::countsText() const {
  return counts_->text();
}

void FiltersPage::showRule() {
  const std::size_t r = current();
  if (r >= rules_.size()) return;
  const auto& rule = rules_[r];
  rule_title_->setText(
      tr("<b>%1</b> (%2): %3. A document is removed when the value is %4 the "
         "threshold; the published threshold is %5.")
          .arg(QString::fromStdString(rule.id), QString::fromStdString(rule.group),
               measureText(rule.measure).toHtmlEscaped(),
               QString::fromLatin1(text::compare_symbol(rule.remove_when)).toHtmlEscaped(),
               number(published(rule.id))));
  histogram_->setData(table_.histogram(r, kBins), table_.rules[r]);
  histogram_->setThreshold(rule.threshold);
  threshold_->blockSignals(true);
  threshold_->setValue(rule.threshold);
  threshold_->blockSignals(false);
  recompute();
  updateRemovedList();
}

void FiltersPage::updateRemovedList() {
  const std::size_t r = current();
  removed_->setRowCount(0);
  if (r >= rules_.size()) return;
  removed_docs_ = table_.removed_by(rules_, r);
  const int rows = int(std::min<std::size_t>(removed_docs_.size(), kListedDocuments));
  removed_->setRowCount(rows);
  for (int i = 0; i < rows; ++i) {
    const std::size_t d = removed_docs_[std::size_t(i)];
    removed_->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(table_.ids[d])));
    removed_->setItem(i, 1, new QTableWidgetItem(number(table_.value(d, r))));
    removed_->setItem(i, 2, new QTableWidgetItem(number(rules_[r].threshold)));
  }
  text_->clear();
}

int FiltersPage::removedListRows() const {
  return removed_->rowCount();
}

QString FiltersPage::shownText() const {
  return text_->toPlainText();
}

void FiltersPage::openRemoved(int row) {
  if (row < 0 || std::size_t(row) >= removed_docs_.size() || !documents_) return;
  const std::string& id = table_.ids[removed_docs_[std::size_t(row)]];
  try {
    if (const auto doc = documents_->find(id))
      text_->setPlainText(QString::fromStdString(doc->value("text", std::string())));
    else
      text_->setPlainText(
          tr("%1 is in neither kept.jsonl nor removed.jsonl.").arg(QString::fromStdString(id)));
  } catch (const std::exception& e) {
    text_->setPlainText(engineText(e));
  }
}

void FiltersPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void FiltersPage::retranslate() {
  source_->setText(
      dir_.isEmpty() ? tr("Run the corpus stage on the Corpus page, or open an output folder: "
                          "every rule's measured values are shown here.")
                     : tr("Measurements of %n document(s) from %1", nullptr, int(table_.ids.size()))
                           .arg(dir_));
  open_->setText(tr("Open output..."));
  log_counts_->setText(tr("Log counts"));
  if (auto* caption = findChild<QLabel*>(QStringLiteral("thresholdCaption")))
    caption->setText(tr("Threshold"));
  threshold_->setToolTip(tr("Type a value, or drag the red line on the histogram."));
  histogram_->setToolTip(
      tr("How many documents have each value; the shaded side is removed. "
         "Drag to move the threshold."));
  reset_->setText(tr("Reset"));
  reset_all_->setText(tr("Reset all"));
  use_->setText(tr("Use for the next run"));
  use_->setToolTip(tr("The Corpus page runs with these thresholds next time."));
  cli_->setToolTip(tr("The same thresholds for 'ahenk corpus run'."));
  cli_->setPlaceholderText(tr("all thresholds as published"));
  removed_->setHorizontalHeaderLabels({tr("Removed document"), tr("Value"), tr("Threshold")});
  if (!rules_.empty()) {
    recompute();
    showRule();
  }
}

}  // namespace ahenk::ui
