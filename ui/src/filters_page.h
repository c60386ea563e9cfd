// The Filters page: for each quality rule of a corpus run, the histogram of its measured value
// over the corpus with the threshold as a line to drag (or a value to type); the kept and removed
// counts follow at once, computed by the engine from the values the run measured
// (text::FilterTable, no corpus re-read), and equal what `ahenk corpus run --set rule=value`
// reports; the documents the rule removes, with value and threshold, open on click. The chosen
// thresholds go to the Corpus page for the next run, or to the clipboard as CLI options.
#pragma once

#include <QWidget>
#include <memory>
#include <vector>

#include "ahenk/text/corpus_output.h"

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QCheckBox;
class QTableWidget;

namespace ahenk::ui {

// A histogram with a draggable threshold line; the side the rule removes is shaded.
class ThresholdHistogram : public QWidget {
  Q_OBJECT

 public:
  explicit ThresholdHistogram(QWidget* parent = nullptr);
  void setData(text::FilterTable::Histogram histogram, const text::Rule& rule);
  void setThreshold(double threshold);
  double threshold() const { return threshold_; }
  void setLogCounts(bool on);
  QSize minimumSizeHint() const override { return {320, 180}; }
  // The value under an x position of the widget (for tests: where a drag lands).
  double valueAt(int x) const;
  int xOf(double value) const;

 signals:
  void thresholdDragged(double threshold);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;

 private:
  QRect plot() const;
  text::FilterTable::Histogram histogram_;
  text::Rule rule_;
  double threshold_ = 0;
  double lo_ = 0, hi_ = 1;  // the x range shown (data and threshold)
  bool log_ = false;
};

class FiltersPage : public QWidget {
  Q_OBJECT

 public:
  explicit FiltersPage(QWidget* parent = nullptr);

  // Loads a corpus output folder's measurements; false (with the reason shown) if it cannot.
  bool openOutput(const QString& dir);
  QString outputFolder() const { return dir_; }
  const text::FilterTable& table() const { return table_; }
  const std::vector<text::Rule>& thresholds() const { return rules_; }
  void selectRule(const QString& id);
  QString selectedRule() const;
  void setThreshold(double value);  // of the selected rule
  // What the page says: documents every rule keeps, and the selected rule's list.
  std::uint64_t passedCount() const { return outcome_.passed; }
  int removedListRows() const;
  QString countsText() const;
  QString cliOptions() const;  // "--set rule=value ..." for the changed thresholds
  ThresholdHistogram* histogram() const { return histogram_; }
  QString shownText() const;
  void openRemoved(int row);

 signals:
  void thresholdsChosen(const std::vector<text::Rule>& rules);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void recompute();
  void showRule();
  void updateRemovedList();
  std::size_t current() const;

  QLabel* source_ = nullptr;
  QPushButton* open_ = nullptr;
  QListWidget* rules_list_ = nullptr;
  QLabel* rule_title_ = nullptr;
  ThresholdHistogram* histogram_ = nullptr;
  QCheckBox* log_counts_ = nullptr;
  QDoubleSpinBox* threshold_ = nullptr;
  QPushButton *reset_ = nullptr, *reset_all_ = nullptr, *use_ = nullptr;
  QLabel* counts_ = nullptr;
  QLineEdit* cli_ = nullptr;
  QLabel* error_ = nullptr;
  QTableWidget* removed_ = nullptr;
  QPlainTextEdit* text_ = nullptr;

  QString dir_;
  text::FilterTable table_;
  std::vector<text::Rule> rules_;  // the thresholds being tried
  text::FilterTable::Outcome outcome_;
  std::vector<std::size_t> removed_docs_;
  std::unique_ptr<text::OutputDocuments> documents_;
};

}  // namespace ahenk::ui
