// The Tokenizer page: train a BPE, Unigram or WordPiece tokenizer on the user's files (progress,
// Cancel, recorded in the session), or open a tokenizer.json; then watch how it learned and what
// it became:
//   - Training: bytes per token after every merge (BPE, WordPiece), or the log-likelihood per EM
//     iteration and every pruning step with the pieces it removed (Unigram);
//   - Merge replay (BPE): a slider over every merge; the merge's pair, new token and count, the
//     compression curve with the merge marked, and a sample text segmented as it was at that merge
//     (coloured token spans, id and bytes on hover), from the engine's
//     BpeTokenizer::encode_at_merge;
//   - Vocabulary: every token in a searchable table (id, token, bytes, what it is);
//   - Compare: several tokenizers on the user's text (bytes per token, fertility, split
//     characters, unknown tokens, per-script coverage) and their segmentations side by side, from
//     the engine's compare_tokenizers.
// Training and comparing run on a worker thread; the page polls it on a timer (GUIDE, section 2).
#pragma once

#include <QStringList>
#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "ahenk/progress.h"
#include "ahenk/tokenize/compare.h"
#include "ahenk/tokenize/training.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTextBrowser;
class QTimer;

namespace ahenk::ui {

class BackgroundJob;
class FormHistory;
class CurveChart;
class VocabularyModel;

class TokenizerPage : public QWidget {
  Q_OBJECT

 public:
  explicit TokenizerPage(QWidget* parent = nullptr);
  ~TokenizerPage() override;  // cancels a running job and waits for it

  void setSessionFile(const std::string& file);
  // The form: inputs (files or folders), model ("bpe", "unigram", "wordpiece"), vocabulary size,
  // output file (empty: beside the session file, runs/<run id>/tokenizer.json).
  void setInputs(const QStringList& inputs);
  void setModel(const QString& model);
  void setVocabularySize(int size);
  void setOutput(const QString& file);
  bool busy() const;
  FormHistory* history() const { return history_; }

  // What the page shows (for tests and the other pages).
  const tokenize::Tokenizer* tokenizer() const { return tokenizer_.get(); }
  QString tokenizerFile() const { return tokenizer_file_; }
  QString errorText() const;
  QString statusText() const;
  int mergeCount() const;
  int currentMerge() const;
  // The merge replay's segmentation of the sample text as shown: token ids, and the tooltip of
  // token `index`.
  std::vector<std::uint32_t> replayIds() const { return replay_ids_; }
  QString replayToolTip(int index) const;
  QString mergeDescription() const;
  void setSampleText(const QString& text);
  void setVocabularyFilter(const QString& text);
  int vocabularyRowsShown() const;
  std::vector<tokenize::TokenizerStats> comparison() const { return compare_stats_; }
  QStringList comparedFiles() const;
  void setComparedFiles(const QStringList& files);

 public slots:
  void train();
  void cancel();
  // Shows a tokenizer.json or SentencePiece .model (no training history: the replay then has no
  // counts, and the Training tab says so).
  bool openTokenizer(const QString& file);
  void setMerge(int merges);
  void compare();

 signals:
  // A training or comparison ended; run is the session run (0 when not recorded).
  void finished(bool ok, const QString& message, qint64 run);
  void tokenizerReady(const QString& file);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void showResult();
  void showTokenizer();
  void showTrainingCurves();
  void updateReplay();
  void updateControls();
  void showError(const QString& message);
  QString segmentedHtml(const tokenize::Encoding& enc, const tokenize::Tokenizer& tok,
                        std::vector<QString>* tooltips) const;
  void startJob(std::function<void(CancelToken&, ProgressSink&)> work);

  // Form.
  QGroupBox* box_ = nullptr;
  QFormLayout* form_ = nullptr;
  QLineEdit* inputs_ = nullptr;
  QPushButton *add_files_ = nullptr, *add_folder_ = nullptr;
  QComboBox *model_ = nullptr, *pattern_ = nullptr, *normalizer_ = nullptr, *lowercase_ = nullptr;
  QSpinBox *vocab_ = nullptr, *min_frequency_ = nullptr;
  QDoubleSpinBox* coverage_ = nullptr;
  QLineEdit* output_ = nullptr;
  QPushButton *train_ = nullptr, *cancel_ = nullptr, *open_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* summary_ = nullptr;

  // Views.
  QTabWidget* tabs_ = nullptr;
  QWidget *training_tab_ = nullptr, *replay_tab_ = nullptr, *vocab_tab_ = nullptr,
          *compare_tab_ = nullptr;
  CurveChart* curve_ = nullptr;
  QLabel* curve_note_ = nullptr;
  QTableWidget* prunes_ = nullptr;
  QSlider* merge_slider_ = nullptr;
  QSpinBox* merge_spin_ = nullptr;
  QLabel* merge_label_ = nullptr;
  CurveChart* replay_curve_ = nullptr;
  QPlainTextEdit* sample_ = nullptr;
  QTextBrowser* segmented_ = nullptr;
  QLabel* sample_caption_ = nullptr;
  QLineEdit* vocab_search_ = nullptr;
  QTableView* vocab_view_ = nullptr;
  VocabularyModel* vocab_model_ = nullptr;
  QSortFilterProxyModel* vocab_proxy_ = nullptr;
  QListWidget* compare_files_ = nullptr;
  QPushButton *compare_add_ = nullptr, *compare_add_current_ = nullptr, *compare_remove_ = nullptr,
              *compare_run_ = nullptr;
  QTableWidget* compare_table_ = nullptr;
  QTextBrowser* compare_segments_ = nullptr;
  QLabel* compare_caption_ = nullptr;
  QTimer* replay_timer_ = nullptr;
  BackgroundJob* job_ = nullptr;
  FormHistory* history_ = nullptr;

  // State (GUI thread).
  std::string session_file_;
  std::shared_ptr<tokenize::Tokenizer> tokenizer_;
  QString tokenizer_file_;
  std::vector<tokenize::MergeEvent> merges_;
  std::vector<tokenize::WordPieceEvent> wordpiece_merges_;
  std::vector<tokenize::UnigramEmEvent> em_;
  std::vector<tokenize::UnigramPruneEvent> prunes_list_;
  std::uint64_t word_occurrences_ = 0;
  std::vector<std::uint32_t> replay_ids_;
  std::vector<QString> replay_tooltips_;
  std::vector<tokenize::TokenizerStats> compare_stats_;
  QStringList compare_names_;

  // What the job hands back (guarded by mutex_).
  mutable std::mutex mutex_;
  bool ok_ = false;
  QString message_;
  qint64 run_ = 0;
  std::unique_ptr<tokenize::TokenizerTrainReport> report_;
  QString report_file_;
  std::vector<tokenize::TokenizerStats> pending_stats_;
  QStringList pending_names_;
  std::vector<std::unique_ptr<tokenize::Tokenizer>> pending_tokenizers_;
  std::vector<std::unique_ptr<tokenize::Tokenizer>> compared_tokenizers_;
};

}  // namespace ahenk::ui
