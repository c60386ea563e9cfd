// The Home page: what the bundled sample corpus holds, and what this machine offers (the same
// report as `ahenk doctor`). Both are computed on a worker thread; the page fills in when they
// arrive.
#pragma once

#include <QWidget>
#include <nlohmann/json.hpp>
#include <optional>

#include "ahenk/text/corpus_stats.h"

class QLabel;
class QTableWidget;
class QGroupBox;

namespace ahenk::ui {

class ReportTree;

class HomePage : public QWidget {
  Q_OBJECT

 public:
  explicit HomePage(QWidget* parent = nullptr);
  ~HomePage() override;

  // Null until the worker has finished.
  const std::optional<text::CorpusStats>& sampleStats() const { return stats_; }
  const nlohmann::ordered_json& report() const { return report_; }
  QString samplePath() const { return sample_path_; }

 signals:
  void sampleReady();
  void reportReady();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void start();
  void showStats();
  void retranslate();

  QString sample_path_;
  std::optional<text::CorpusStats> stats_;
  QString stats_error_;
  nlohmann::ordered_json report_;
  std::shared_ptr<CancelToken> cancel_;

  QLabel* title_ = nullptr;
  QLabel* intro_ = nullptr;
  QGroupBox* sample_box_ = nullptr;
  QLabel* sample_label_ = nullptr;
  QTableWidget* totals_ = nullptr;
  QTableWidget* files_ = nullptr;
  QGroupBox* env_box_ = nullptr;
  ReportTree* report_tree_ = nullptr;
};

}  // namespace ahenk::ui
