// The Dedup page: how MinHash + LSH found the corpus's near duplicates, and what to keep.
//   - the LSH S-curve, P(two documents become a candidate pair | Jaccard s) = 1 - (1 - s^r)^b, for
//     the chosen bands x rows (the run's to start with), with the run's actual candidate pairs
//     placed on it at their exact Jaccard (joined ones green, rejected ones grey) and the
//     threshold marked;
//   - clusters largest first, with the size histogram and warnings for giant ones; a cluster's
//     members with their Jaccard to the kept document; the kept document and a member side by side
//     as the deduplicator sees them (folded words), the words of shared shingles highlighted, with
//     the bands that collided for the pair;
//   - keep/remove decisions per member, applied to the output (text::apply_keep_decisions).
// Everything comes from the engine (text::DedupOutput, shared_shingle_words, lsh_probability).
#pragma once

#include <QWidget>
#include <memory>
#include <vector>

#include "ahenk/text/corpus_output.h"

class QChartView;
class QLabel;
class QLineSeries;
class QPushButton;
class QScatterSeries;
class QSpinBox;
class QTableWidget;
class QTextBrowser;

namespace ahenk::ui {

class DedupPage : public QWidget {
  Q_OBJECT

 public:
  explicit DedupPage(QWidget* parent = nullptr);

  bool openOutput(const QString& dir);
  QString outputFolder() const { return dir_; }
  const text::DedupOutput& output() const { return dedup_; }
  void setBandsRows(int bands, int rows);
  // The curve's probability at the threshold, as shown.
  double candidateProbability() const;
  int clusterRows() const;
  void selectCluster(int row);
  void selectMember(int row);
  int memberRows() const;
  // Marks member `row` of the selected cluster kept or removed (as its checkbox does).
  void setMemberKept(int row, bool keep);
  QString comparisonText() const;  // the pair's evidence line
  QString sharedHtml() const;      // the member's words, shared ones highlighted
  QString warnings() const;

 public slots:
  // Writes the decisions into the output; emits outputChanged.
  bool applyDecisions();

 signals:
  void outputChanged(const QString& dir);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateCurve();
  void showClusters();
  void showComparison();
  std::string textOf(const std::string& id) const;

  QLabel* source_ = nullptr;
  QPushButton* open_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* summary_ = nullptr;
  QLabel* warnings_ = nullptr;
  QChartView* curve_view_ = nullptr;
  QLineSeries* curve_ = nullptr;
  QLineSeries* threshold_line_ = nullptr;
  QScatterSeries* joined_ = nullptr;
  QScatterSeries* rejected_ = nullptr;
  QSpinBox *bands_ = nullptr, *rows_ = nullptr;
  QLabel* curve_note_ = nullptr;
  QLabel* sizes_ = nullptr;
  QTableWidget* clusters_ = nullptr;
  QTableWidget* members_ = nullptr;
  QLabel* pair_ = nullptr;
  QTextBrowser* left_ = nullptr;
  QTextBrowser* right_ = nullptr;
  QPushButton* apply_ = nullptr;

  QString dir_;
  text::DedupOutput dedup_;
  std::unique_ptr<text::OutputDocuments> documents_;
  std::vector<std::pair<std::string, bool>> decisions_;
  int cluster_ = -1, member_ = -1;
};

}  // namespace ahenk::ui
