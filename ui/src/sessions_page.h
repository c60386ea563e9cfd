// The Sessions page: the open session's runs in a table (status, kind, name, last step, started,
// outcome), their metrics overlaid as curves from the levels stored in the file (EMA, band, log
// scale), the config difference between two runs, notes; rename a run, add a note, open a training
// run's config in the Train page, export the session as an archive and import one (on a worker
// thread, with progress and Cancel). Reads with its own connection, so a run that is recording
// (this window's Train page or an `ahenk` in a terminal) is never blocked; Refresh (F5) rereads.
#pragma once

#include <QWidget>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "ahenk/progress.h"
#include "ahenk/session/session.h"

class QLabel;
class QTableWidget;
class QComboBox;
class QCheckBox;
class QSlider;
class QPushButton;
class QListWidget;
class QProgressBar;
class QTimer;
class QTabWidget;

namespace ahenk::ui {

class CurveChart;

class SessionsPage : public QWidget {
  Q_OBJECT

 public:
  explicit SessionsPage(QWidget* parent = nullptr);
  ~SessionsPage() override;

  void setSessionFile(const std::filesystem::path& file);
  const std::vector<session::RunInfo>& runs() const { return runs_; }
  QTableWidget* runTable() const { return table_; }
  QTableWidget* configDiff() const { return diff_; }
  CurveChart* chart() const { return chart_; }
  QComboBox* metricChoice() const { return metric_; }
  QListWidget* noteList() const { return notes_; }
  // Selects runs by id (as a user does with the mouse); the chart and the diff follow.
  void selectRuns(const std::vector<std::int64_t>& ids);
  std::vector<std::int64_t> selectedRuns() const;

  // Actions (also on the page's buttons); empty text/paths ask with a dialog.
  bool renameRun(std::int64_t run, const QString& name);
  bool addNote(const QString& text);
  // Starts an export or import on a worker thread; done() is emitted when it ends.
  bool exportTo(const QString& archive);
  bool importFrom(const QString& archive, const QString& destination);
  bool busy() const { return worker_.joinable(); }
  void cancelWork();
  QString errorText() const;
  static QString statusText(session::RunStatus status);

 public slots:
  void refresh();

 signals:
  // A training run's config, to open in the Train page.
  void openTrainingConfig(const nlohmann::json& config);
  // An export or import ended; for an import, `session` is the imported file.
  void done(bool ok, const QString& message, const QString& session);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void selectionChanged();
  void updateChart();
  void updateDiff();
  void updateNotes();
  void showError(const QString& text);
  void startWork(std::function<QString(ProgressSink*, const CancelToken*)> work,
                 const QString& imported);
  void pollWork();

  std::filesystem::path file_;
  std::vector<session::RunInfo> runs_;
  std::vector<session::NoteInfo> all_notes_;

  QLabel* title_ = nullptr;
  QLabel* error_ = nullptr;
  QPushButton *refresh_ = nullptr, *rename_ = nullptr, *note_ = nullptr, *open_ = nullptr,
              *export_ = nullptr, *import_ = nullptr, *cancel_ = nullptr;
  QTableWidget* table_ = nullptr;
  QComboBox* metric_ = nullptr;
  QCheckBox* log_scale_ = nullptr;
  QSlider* smoothing_ = nullptr;
  QLabel* metric_label_ = nullptr;
  QLabel* smoothing_label_ = nullptr;
  CurveChart* chart_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QTableWidget* diff_ = nullptr;
  QListWidget* notes_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QTimer* work_timer_ = nullptr;

  // The export/import worker and what it reports.
  class Sink;
  std::thread worker_;
  std::unique_ptr<Sink> sink_;
  std::unique_ptr<CancelToken> cancel_token_;
  std::mutex work_mutex_;
  bool work_done_ = false;
  QString work_result_, work_error_, work_imported_;
};

}  // namespace ahenk::ui
