// The Corpus page: point Ahenk at files and folders (drag and drop, the Files/Folder buttons or
// File > Open), run the corpus stage (load, clean, identify language, filter, deduplicate) with
// progress and Cancel, recorded in the session; then:
//   - Files: every file with its size, format, detected encoding and confidence, languages,
//     documents and problems (invalid bytes with their offsets, skipped files with the reason);
//   - Documents: every document kept or removed (with the rule, value and threshold), and for the
//     selected one its raw text beside the cleaned text, each change highlighted by kind
//     (normalized, invisible removed, bidi control removed, line ending, whitespace, repaired),
//     with per-kind counts: the engine's clean_text on the document found again in its source.
// The run's output folder feeds the Filters page (outputReady).
#pragma once

#include <QStringList>
#include <QWidget>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "ahenk/text/clean.h"
#include "ahenk/text/filters.h"
#include "ahenk/text/loader.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTextBrowser;

namespace ahenk::ui {

class BackgroundJob;
class FormHistory;
class DocumentsModel;

class CorpusPage : public QWidget {
  Q_OBJECT

 public:
  explicit CorpusPage(QWidget* parent = nullptr);
  ~CorpusPage() override;

  void setSessionFile(const std::string& file);
  void setInputs(const QStringList& inputs);
  QStringList inputs() const;
  void setSplit(text::SplitMode split);
  void setLanguageIdentifier(const QString& langid);  // "cld2" or "none"
  void setDeduplicate(bool on);
  void setOutputFolder(const QString& dir);  // empty: beside the session file
  // Thresholds for the next run (the Filters page's choice); the form says how many changed.
  void setRules(const std::vector<text::Rule>& rules);
  bool busy() const;
  FormHistory* history() const { return history_; }

  // What the page shows (for tests).
  QString outputFolder() const { return out_dir_; }
  const nlohmann::json& report() const { return report_; }
  int fileRows() const;
  int documentRows() const;
  QString errorText() const;
  // Selects a document by id (as the Documents table does) and returns false if it is not there.
  bool showDocument(const QString& id);
  const text::CleanResult& shownCleaning() const { return shown_; }
  QString rawHtml() const;
  QString cleanedHtml() const;

 public slots:
  void run();
  void cancel();
  bool openOutput(const QString& dir);

 signals:
  void finished(bool ok, const QString& message, qint64 run);
  void outputReady(const QString& dir);

 protected:
  void changeEvent(QEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void retranslate();
  void showResult();
  void showOutput();
  void showError(const QString& message);
  void updateControls();
  void selectDocument(int row);

  QGroupBox* box_ = nullptr;
  QFormLayout* form_ = nullptr;
  QLineEdit* inputs_ = nullptr;
  QPushButton *add_files_ = nullptr, *add_folder_ = nullptr;
  QComboBox *split_ = nullptr, *normalize_ = nullptr, *langid_ = nullptr, *rule_sets_ = nullptr;
  QLineEdit* languages_ = nullptr;
  QCheckBox* dedup_ = nullptr;
  QLineEdit* output_ = nullptr;
  QLabel* thresholds_ = nullptr;
  QPushButton *run_ = nullptr, *cancel_ = nullptr, *open_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* summary_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QTableWidget* files_ = nullptr;
  QComboBox* document_filter_ = nullptr;
  QTableView* documents_ = nullptr;
  DocumentsModel* documents_model_ = nullptr;
  QLabel* legend_ = nullptr;
  QLabel* change_counts_ = nullptr;
  QTextBrowser* raw_ = nullptr;
  QTextBrowser* cleaned_ = nullptr;
  BackgroundJob* job_ = nullptr;
  FormHistory* history_ = nullptr;

  std::string session_file_;
  std::vector<text::Rule> rules_;  // thresholds for the next run
  int changed_thresholds_ = 0;
  // The shown output and the options it was made with (to find and re-clean documents).
  QString out_dir_;
  nlohmann::json report_;
  text::LoadOptions load_;
  text::CleanOptions cleaning_;
  bool cleaned_run_ = true;
  text::CleanResult shown_;

  std::mutex mutex_;  // the job's result
  bool ok_ = false;
  QString message_, result_dir_;
  qint64 run_id_ = 0;
};

}  // namespace ahenk::ui
