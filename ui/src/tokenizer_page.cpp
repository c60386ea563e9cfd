#include "tokenizer_page.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QAbstractTableModel>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>
#include <set>

#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "ahenk/text/inputs.h"
#include "ahenk/text/loader.h"
#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/unigram.h"
#include "ahenk/tokenize/wordpiece.h"
#include "background_job.h"
#include "curve_chart.h"
#include "engine_text.h"
#include "page_helpers.h"
#include "resources_path.h"

namespace ahenk::ui {

namespace fs = std::filesystem;

namespace {

QString readable(std::string_view bytes) {
  return QString::fromStdString(tokenize::display_token(bytes));
}

QString in_quotes(std::string_view bytes) {
  return QStringLiteral("“%1”").arg(readable(bytes));
}

// What a training made, worded in the UI's language from the engine's report (the CLI prints the
// engine's English summary).
QString summaryText(const nlohmann::ordered_json& j) {
  auto n = [&](const char* key) { return j.value(key, std::uint64_t(0)); };
  const QString bytes = QString::fromStdString(human_bytes(double(n("bytes"))));
  const std::string model = j.value("model", std::string());
  QString s;
  if (model == "bpe") {
    s = TokenizerPage::tr(
            "vocabulary %1 (%2 merges) from %3 documents, %4; %5 distinct "
            "pre-tokens")
            .arg(n("vocab_size"))
            .arg(n("merges"))
            .arg(n("documents"))
            .arg(bytes)
            .arg(n("unique_pretokens"));
    if (n("tokens_after") > 0)
      s += QLatin1Char('\n') +
           TokenizerPage::tr("training text: %1 bytes → %2 tokens (%3 bytes per token)")
               .arg(n("tokens_before"))
               .arg(n("tokens_after"))
               .arg(double(n("tokens_before")) / double(n("tokens_after")), 0, 'f', 2);
  } else if (model == "unigram") {
    s = TokenizerPage::tr(
            "vocabulary %1 from %2 documents, %3; %4 distinct words; alphabet %5 "
            "characters, %6 kept; %7 seed pieces; %8 EM iterations, %9 pruning "
            "steps")
            .arg(n("vocab_size"))
            .arg(n("documents"))
            .arg(bytes)
            .arg(n("unique_words"))
            .arg(n("alphabet"))
            .arg(n("kept_characters"))
            .arg(n("seed_pieces"))
            .arg(j.contains("em") ? j["em"].size() : 0)
            .arg(j.contains("prunes") ? j["prunes"].size() : 0);
  } else {
    s = TokenizerPage::tr(
            "vocabulary %1 (alphabet %2 + %3 merges) from %4 documents, %5; %6 "
            "distinct words")
            .arg(n("vocab_size"))
            .arg(n("alphabet"))
            .arg(j.contains("events") ? j["events"].size() : 0)
            .arg(n("documents"))
            .arg(bytes)
            .arg(n("unique_words"));
  }
  if (n("documents_used") < n("documents_seen"))
    s += QLatin1Char('\n') +
         TokenizerPage::tr("trained on %1 of %2 documents (sampled to stay within %3 of memory)")
             .arg(n("documents_used"))
             .arg(n("documents_seen"))
             .arg(QString::fromStdString(human_bytes(double(n("memory_limit")))));
  return s;
}

// Token spans alternate through these pale colours so neighbours are told apart.
const char* kSpanColours[] = {"#fde2a7", "#c9e7f5", "#d8f0c8", "#f6cfe0", "#e2daf7"};

// The text the comparison reads: documents of the inputs, up to this many bytes.
constexpr std::uint64_t kCompareBytes = 8000000;

std::string sample_from(const QStringList& inputs, std::size_t bytes) {
  std::vector<std::string> paths;
  for (const auto& i : inputs) paths.push_back(i.toStdString());
  std::string text;
  try {
    text::load_documents(paths, {}, [&](text::Document&& d) {
      if (text.size() >= bytes) return;
      text += d.text.substr(0, bytes - text.size());
    });
  } catch (const std::exception&) {
    return {};  // the form shows input errors when training starts
  }
  // Cut at the last line break (or space) so the sample ends with whole words.
  const auto cut = text.find_last_of('\n');
  if (cut != std::string::npos && cut > bytes / 2) text.resize(cut + 1);
  return tokenize::to_valid_utf8(text);
}

}  // namespace

// Every token of a tokenizer as a table row: id, token (readable), bytes, what it is.
class VocabularyModel final : public QAbstractTableModel {
 public:
  using QAbstractTableModel::QAbstractTableModel;
  void setTokenizer(std::shared_ptr<tokenize::Tokenizer> tok) {
    beginResetModel();
    tok_ = std::move(tok);
    bpe_ = dynamic_cast<const tokenize::BpeTokenizer*>(tok_.get());
    unigram_ = dynamic_cast<const tokenize::UnigramTokenizer*>(tok_.get());
    endResetModel();
  }
  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() || !tok_ ? 0 : int(tok_->vocab_size());
  }
  int columnCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : 4;
  }
  QVariant data(const QModelIndex& index, int role) const override {
    if (!tok_ || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) return {};
    const auto id = std::uint32_t(index.row());
    const std::string bytes = tok_->token(id);
    switch (index.column()) {
      case 0:
        return int(id);
      case 1:
        return readable(bytes);
      case 2:
        return int(bytes.size());
      default:
        return kind(id, bytes);
    }
  }
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    const QString names[] = {TokenizerPage::tr("Id"), TokenizerPage::tr("Token"),
                             TokenizerPage::tr("Bytes"), TokenizerPage::tr("What it is")};
    return section >= 0 && section < 4 ? names[section] : QVariant();
  }
  void retranslate() { emit headerDataChanged(Qt::Horizontal, 0, 3); }

 private:
  QString kind(std::uint32_t id, const std::string& bytes) const {
    if (tok_->is_special(id)) return TokenizerPage::tr("special token");
    if (id == tok_->unknown_id()) return TokenizerPage::tr("unknown");
    if (bpe_ != nullptr) {
      const auto& m = bpe_->model();
      if (bytes.size() == 1 && id < m.special_ids.size() + 256) return TokenizerPage::tr("byte");
      const auto rank = std::find(m.merge_results.begin(), m.merge_results.end(), id);
      if (rank != m.merge_results.end())
        return TokenizerPage::tr("merge %1").arg(rank - m.merge_results.begin() + 1);
      return {};
    }
    if (unigram_ != nullptr) {
      const auto& p = unigram_->model().pieces[id];
      if (p.type == tokenize::UnigramPiece::Type::Byte) return TokenizerPage::tr("byte");
      return TokenizerPage::tr("score %1").arg(p.score, 0, 'f', 3);
    }
    return bytes.rfind("##", 0) == 0 ? TokenizerPage::tr("inside a word")
                                     : TokenizerPage::tr("starts a word");
  }

  std::shared_ptr<tokenize::Tokenizer> tok_;
  const tokenize::BpeTokenizer* bpe_ = nullptr;
  const tokenize::UnigramTokenizer* unigram_ = nullptr;
};

TokenizerPage::TokenizerPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("tokenizerPage"));
  job_ = new BackgroundJob(this);
  connect(job_, &BackgroundJob::tick, this, [this] {
    const Progress p = job_->progress();
    showProgress(progress_, p);
    if (!p.phase.empty() && !job_->cancelled()) status_->setText(describeProgress(p));
  });
  connect(job_, &BackgroundJob::finished, this, [this] {
    progress_->setVisible(false);
    showResult();
    updateControls();
  });
  // The slider asks for a replay at most every 30 ms, however fast it is dragged.
  replay_timer_ = new QTimer(this);
  replay_timer_->setSingleShot(true);
  replay_timer_->setInterval(30);
  connect(replay_timer_, &QTimer::timeout, this, &TokenizerPage::updateReplay);

  // ---- the form ----
  box_ = new QGroupBox();
  form_ = new QFormLayout(box_);
  inputs_ = new QLineEdit();
  inputs_->setObjectName(QStringLiteral("tokenizerInputs"));
  add_files_ = new QPushButton();
  add_folder_ = new QPushButton();
  auto* input_row = makeInputsRow(inputs_, add_files_, add_folder_, this);
  model_ = new QComboBox();
  model_->setObjectName(QStringLiteral("tokenizerModel"));
  for (const char* m : {"bpe", "unigram", "wordpiece"}) model_->addItem(QString(), QString(m));
  vocab_ = new QSpinBox();
  vocab_->setObjectName(QStringLiteral("vocabularySize"));
  vocab_->setRange(260, 1000000);
  vocab_->setSingleStep(256);
  vocab_->setValue(4096);
  vocab_->setKeyboardTracking(false);
  pattern_ = new QComboBox();
  pattern_->addItem(QStringLiteral("GPT-2"), QStringLiteral("gpt2"));
  pattern_->addItem(QStringLiteral("GPT-4 (cl100k)"), QStringLiteral("gpt4"));
  normalizer_ = new QComboBox();
  for (const char* n : {"", "nfkc", "nfc", "none"}) normalizer_->addItem(QString(), QString(n));
  lowercase_ = new QComboBox();
  for (const char* l : {"none", "default", "tr"}) lowercase_->addItem(QString(), QString(l));
  min_frequency_ = new QSpinBox();
  min_frequency_->setRange(1, 1000000);
  min_frequency_->setValue(2);
  coverage_ = new QDoubleSpinBox();
  coverage_->setRange(0.9, 1.0);
  coverage_->setDecimals(4);
  coverage_->setSingleStep(0.0005);
  coverage_->setValue(0.9995);
  output_ = new QLineEdit();
  output_->setObjectName(QStringLiteral("tokenizerOutput"));
  connect(model_, &QComboBox::currentIndexChanged, this, [this] { updateControls(); });
  for (QWidget* field :
       std::initializer_list<QWidget*>{input_row, model_, vocab_, pattern_, normalizer_, lowercase_,
                                       min_frequency_, coverage_, output_})
    form_->addRow(new QLabel(), field);

  train_ = new QPushButton();
  train_->setObjectName(QStringLiteral("trainTokenizerButton"));
  train_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  cancel_ = new QPushButton();
  cancel_->setObjectName(QStringLiteral("cancelTokenizerButton"));
  cancel_->setShortcut(QKeySequence(Qt::Key_Escape));
  open_ = new QPushButton();
  open_->setObjectName(QStringLiteral("openTokenizerButton"));
  connect(train_, &QPushButton::clicked, this, &TokenizerPage::train);
  connect(cancel_, &QPushButton::clicked, this, &TokenizerPage::cancel);
  connect(open_, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open tokenizer"), QString(), tr("Tokenizers (*.json *.model);;All files (*)"));
    if (!file.isEmpty()) openTokenizer(file);
  });
  progress_ = new QProgressBar();
  progress_->setObjectName(QStringLiteral("tokenizerProgress"));
  progress_->setVisible(false);
  status_ = new QLabel();
  status_->setObjectName(QStringLiteral("tokenizerStatus"));
  status_->setWordWrap(true);
  error_ = makeErrorLabel(QStringLiteral("tokenizerError"));
  summary_ = new QLabel();
  summary_->setObjectName(QStringLiteral("tokenizerSummary"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  // ---- Training tab ----
  curve_ = new CurveChart(QString());
  curve_->setSmoothing(0);
  curve_->setBand(false);
  curve_note_ = new QLabel();
  curve_note_->setWordWrap(true);
  prunes_ = new QTableWidget(0, 4);
  prunes_->setObjectName(QStringLiteral("pruningSteps"));
  prunes_->verticalHeader()->hide();
  prunes_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  prunes_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
  training_tab_ = new QWidget();
  auto* tl = new QVBoxLayout(training_tab_);
  tl->addWidget(curve_note_);
  tl->addWidget(curve_, 3);
  tl->addWidget(prunes_, 2);

  // ---- Merge replay tab ----
  merge_slider_ = new QSlider(Qt::Horizontal);
  merge_slider_->setObjectName(QStringLiteral("mergeSlider"));
  merge_slider_->setRange(0, 0);
  merge_spin_ = new QSpinBox();
  merge_spin_->setRange(0, 0);
  connect(merge_slider_, &QSlider::valueChanged, this, [this](int v) {
    merge_spin_->blockSignals(true);
    merge_spin_->setValue(v);
    merge_spin_->blockSignals(false);
    replay_timer_->start();
  });
  connect(merge_spin_, &QSpinBox::valueChanged, merge_slider_, &QSlider::setValue);
  merge_label_ = new QLabel();
  merge_label_->setObjectName(QStringLiteral("mergeLabel"));
  merge_label_->setWordWrap(true);
  merge_label_->setTextFormat(Qt::PlainText);
  replay_curve_ = new CurveChart(QString());
  replay_curve_->setSmoothing(0);
  replay_curve_->setBand(false);
  sample_caption_ = new QLabel();
  sample_ = new QPlainTextEdit();
  sample_->setObjectName(QStringLiteral("replaySample"));
  sample_->setMaximumHeight(80);
  connect(sample_, &QPlainTextEdit::textChanged, this, [this] { replay_timer_->start(); });
  segmented_ = new QTextBrowser();
  segmented_->setObjectName(QStringLiteral("replaySegments"));
  segmented_->setOpenLinks(false);
  QFont big = segmented_->font();
  big.setPointSizeF(big.pointSizeF() * 1.35);
  segmented_->setFont(big);
  replay_tab_ = new QWidget();
  auto* rl = new QVBoxLayout(replay_tab_);
  auto* slider_row = new QHBoxLayout();
  slider_row->addWidget(merge_slider_, 1);
  slider_row->addWidget(merge_spin_);
  rl->addLayout(slider_row);
  rl->addWidget(merge_label_);
  rl->addWidget(replay_curve_, 2);
  rl->addWidget(sample_caption_);
  rl->addWidget(sample_);
  rl->addWidget(segmented_, 2);

  // ---- Vocabulary tab ----
  vocab_search_ = new QLineEdit();
  vocab_search_->setObjectName(QStringLiteral("vocabularySearch"));
  vocab_search_->setClearButtonEnabled(true);
  vocab_model_ = new VocabularyModel(this);
  vocab_proxy_ = new QSortFilterProxyModel(this);
  vocab_proxy_->setSourceModel(vocab_model_);
  vocab_proxy_->setFilterKeyColumn(1);
  vocab_proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  connect(vocab_search_, &QLineEdit::textChanged, vocab_proxy_,
          &QSortFilterProxyModel::setFilterFixedString);
  vocab_view_ = new QTableView();
  vocab_view_->setObjectName(QStringLiteral("vocabularyTable"));
  vocab_view_->setModel(vocab_proxy_);
  vocab_view_->setSortingEnabled(true);
  vocab_view_->sortByColumn(0, Qt::AscendingOrder);
  vocab_view_->verticalHeader()->hide();
  vocab_view_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  vocab_tab_ = new QWidget();
  auto* vl = new QVBoxLayout(vocab_tab_);
  vl->addWidget(vocab_search_);
  vl->addWidget(vocab_view_, 1);

  // ---- Compare tab ----
  compare_files_ = new QListWidget();
  compare_files_->setObjectName(QStringLiteral("compareFiles"));
  compare_files_->setMaximumHeight(90);
  compare_add_ = new QPushButton();
  compare_add_current_ = new QPushButton();
  compare_remove_ = new QPushButton();
  compare_run_ = new QPushButton();
  compare_run_->setObjectName(QStringLiteral("compareButton"));
  connect(compare_add_, &QPushButton::clicked, this, [this] {
    const QStringList files =
        QFileDialog::getOpenFileNames(this, tr("Tokenizers to compare"), QString(),
                                      tr("Tokenizers (*.json *.model);;All files (*)"));
    for (const auto& f : files) compare_files_->addItem(f);
    updateControls();
  });
  connect(compare_add_current_, &QPushButton::clicked, this, [this] {
    if (!tokenizer_file_.isEmpty() &&
        compare_files_->findItems(tokenizer_file_, Qt::MatchExactly).isEmpty())
      compare_files_->addItem(tokenizer_file_);
    updateControls();
  });
  connect(compare_remove_, &QPushButton::clicked, this, [this] {
    delete compare_files_->currentItem();
    updateControls();
  });
  connect(compare_run_, &QPushButton::clicked, this, &TokenizerPage::compare);
  compare_caption_ = new QLabel();
  compare_caption_->setWordWrap(true);
  compare_table_ = new QTableWidget(0, 0);
  compare_table_->setObjectName(QStringLiteral("compareTable"));
  compare_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  compare_segments_ = new QTextBrowser();
  compare_segments_->setObjectName(QStringLiteral("compareSegments"));
  compare_tab_ = new QWidget();
  auto* cl = new QVBoxLayout(compare_tab_);
  auto* compare_buttons = new QVBoxLayout();
  compare_buttons->addWidget(compare_add_current_);
  compare_buttons->addWidget(compare_add_);
  compare_buttons->addWidget(compare_remove_);
  auto* files_row = new QHBoxLayout();
  files_row->addWidget(compare_files_, 1);
  files_row->addLayout(compare_buttons);
  cl->addLayout(files_row);
  auto* run_row = new QHBoxLayout();
  run_row->addWidget(compare_run_);
  run_row->addWidget(compare_caption_, 1);
  cl->addLayout(run_row);
  cl->addWidget(compare_table_, 1);
  cl->addWidget(compare_segments_, 1);

  tabs_ = new QTabWidget();
  tabs_->setObjectName(QStringLiteral("tokenizerTabs"));
  tabs_->addTab(training_tab_, QString());
  tabs_->addTab(replay_tab_, QString());
  tabs_->addTab(vocab_tab_, QString());
  tabs_->addTab(compare_tab_, QString());

  // ---- layout ----
  layoutStagePage(this, box_, {train_, cancel_, open_}, {progress_, status_, error_, summary_},
                  tabs_);

  retranslate();
  updateControls();
  history_ = new FormHistory(box_, this);  // Ctrl+Z / Ctrl+Shift+Z undo form edits
  // The bundled sample (English and Turkish) until the user picks their own text.
  const fs::path sample = app::sample_corpus_dir();
  if (fs::exists(sample)) setInputs({QString::fromStdString(sample.string())});
}

TokenizerPage::~TokenizerPage() {
  delete job_;  // cancels and waits, before the members the job writes to go away
}

bool TokenizerPage::busy() const {
  return job_->busy();
}

void TokenizerPage::setSessionFile(const std::string& file) {
  session_file_ = file;
}

void TokenizerPage::setInputs(const QStringList& inputs) {
  inputs_->setText(inputs.join(u';'));
  if (history_) history_->sync();
  if (sample_->toPlainText().isEmpty())
    sample_->setPlainText(QString::fromStdString(sample_from(inputs, 600)));
}

void TokenizerPage::setModel(const QString& model) {
  const int i = model_->findData(model);
  if (i >= 0) model_->setCurrentIndex(i);
}

void TokenizerPage::setVocabularySize(int size) {
  vocab_->setValue(size);
}

void TokenizerPage::setOutput(const QString& file) {
  output_->setText(file);
  if (history_) history_->sync();
}

QString TokenizerPage::errorText() const {
  return error_->isVisible() || !error_->text().isEmpty() ? error_->text() : QString();
}

QString TokenizerPage::statusText() const {
  return status_->text();
}

int TokenizerPage::mergeCount() const {
  return merge_slider_->maximum();
}

int TokenizerPage::currentMerge() const {
  return merge_slider_->value();
}

QString TokenizerPage::replayToolTip(int index) const {
  return index >= 0 && std::size_t(index) < replay_tooltips_.size()
             ? replay_tooltips_[std::size_t(index)]
             : QString();
}

QString TokenizerPage::mergeDescription() const {
  return merge_label_->text();
}

void TokenizerPage::setSampleText(const QString& text) {
  sample_->setPlainText(text);
  updateReplay();
}

void TokenizerPage::setVocabularyFilter(const QString& text) {
  vocab_search_->setText(text);
}

int TokenizerPage::vocabularyRowsShown() const {
  return vocab_proxy_->rowCount();
}

QStringList TokenizerPage::comparedFiles() const {
  QStringList files;
  for (int i = 0; i < compare_files_->count(); ++i) files << compare_files_->item(i)->text();
  return files;
}

void TokenizerPage::setComparedFiles(const QStringList& files) {
  compare_files_->clear();
  compare_files_->addItems(files);
  updateControls();
}

void TokenizerPage::showError(const QString& message) {
  error_->setText(message);
  error_->setVisible(!message.isEmpty());
}

void TokenizerPage::startJob(std::function<void(CancelToken&, ProgressSink&)> work) {
  {
    std::lock_guard lock(mutex_);
    ok_ = false;
    message_.clear();
    run_ = 0;
  }
  showError(QString());
  progress_->setRange(0, 0);
  progress_->setVisible(true);
  job_->start(std::move(work));
  updateControls();
}

void TokenizerPage::train() {
  if (busy()) return;
  tokenize::TokenizerTrainConfig config;
  for (const auto& i : inputs_->text().split(u';', Qt::SkipEmptyParts))
    config.inputs.push_back(i.trimmed().toStdString());
  config.model = model_->currentData().toString().toStdString();
  config.vocab_size = std::size_t(vocab_->value());
  config.pattern = pattern_->currentData().toString().toStdString();
  config.normalizer = normalizer_->currentData().toString().toStdString();
  config.lowercase = lowercase_->currentData().toString().toStdString();
  config.min_frequency = std::uint64_t(min_frequency_->value());
  config.character_coverage = coverage_->value();
  config.out = output_->text().trimmed().toStdString();
  try {
    config.validate();
    if (config.out.empty() && session_file_.empty())
      throw std::invalid_argument(tr("Choose an output file (no session is open).").toStdString());
  } catch (const std::exception& e) {
    showError(engineText(e));
    return;
  }
  if (sample_->toPlainText().isEmpty()) {
    QStringList inputs;
    for (const auto& i : config.inputs) inputs << QString::fromStdString(i);
    sample_->setPlainText(QString::fromStdString(sample_from(inputs, 600)));
  }
  status_->setText(tr("Reading the text"));
  const std::string session_file = session_file_;
  startJob([this, config, session_file](CancelToken& cancel, ProgressSink& sink) mutable {
    std::unique_ptr<session::SessionWriter> writer;
    std::int64_t run = 0;
    QString message;
    std::unique_ptr<tokenize::TokenizerTrainReport> report;
    const bool ok = runRecorded(
        writer, run,
        [&] {
          if (!session_file.empty()) {
            writer = std::make_unique<session::SessionWriter>(session_file);
            run = writer->begin_run({.kind = "tokenizer",
                                     .name = config.run_name(),
                                     .config = config.to_json(),
                                     .command = "ahenk-workbench: Tokenizer page"});
            if (config.out.empty()) {
              const fs::path dir = session::data_dir(session_file) / "runs" / std::to_string(run);
              fs::create_directories(dir);
              config.out = (dir / "tokenizer.json").string();
            }
            for (const auto& f : text::collect_inputs(config.inputs, nullptr))
              writer->input_file(run, f.path);
          }
          report = std::make_unique<tokenize::TokenizerTrainReport>(
              tokenize::train_tokenizer(config, &sink, &cancel));
          if (writer) {
            tokenize::record_tokenizer_metrics(*writer, run, *report);
            nlohmann::json outputs;
            for (const auto& [key, value] : report->json.items())
              if (value.is_primitive()) outputs[key] = value;
            writer->set_outputs(run, outputs);
            writer->artifact_file(run, "tokenizer", config.out);
          }
          message = tr("Trained: %1").arg(QString::fromStdString(config.out));
        },
        tr("Cancelled; nothing was written"), message);
    std::lock_guard lock(mutex_);
    ok_ = ok;
    message_ = message;
    run_ = run;
    report_ = std::move(report);
    report_file_ = QString::fromStdString(config.out);
  });
}

void TokenizerPage::cancel() {
  if (!busy()) return;
  job_->cancel();
  status_->setText(tr("Cancelling..."));
}

void TokenizerPage::compare() {
  if (busy()) return;
  const QStringList files = comparedFiles();
  if (files.isEmpty()) {
    showError(tr("Add the tokenizers to compare first."));
    return;
  }
  QStringList inputs = inputs_->text().split(u';', Qt::SkipEmptyParts);
  const std::string sample = sample_->toPlainText().toStdString();
  status_->setText(tr("Comparing %n tokenizer(s)", nullptr, int(files.size())));
  startJob([this, files, inputs, sample](CancelToken& cancel, ProgressSink& sink) {
    std::vector<std::unique_ptr<tokenize::Tokenizer>> toks;
    std::vector<tokenize::TokenizerStats> stats;
    QString message;
    bool ok = false;
    try {
      for (const auto& f : files) toks.push_back(tokenize::load_tokenizer(f.toStdString()));
      // The user's text: the inputs' documents up to kCompareBytes, else the sample.
      std::vector<std::string> documents;
      std::uint64_t bytes = 0;
      std::vector<std::string> paths;
      for (const auto& i : inputs) paths.push_back(i.trimmed().toStdString());
      if (!paths.empty()) {
        try {
          text::load_documents(
              paths, {},
              [&](text::Document&& d) {
                if (bytes >= kCompareBytes) throw Cancelled();  // enough text
                bytes += d.text.size();
                documents.push_back(std::move(d.text));
              },
              &sink, &cancel);
        } catch (const Cancelled&) {
          if (cancel.cancelled()) throw;
        }
      }
      if (documents.empty()) documents.push_back(sample);
      std::vector<const tokenize::Tokenizer*> list;
      for (const auto& t : toks) list.push_back(t.get());
      throw_if_cancelled(&cancel);
      stats = tokenize::compare_tokenizers(list, documents);
      ok = true;
      message = tr("Compared on %1 of text")
                    .arg(QString::fromStdString(human_bytes(double(std::max<std::uint64_t>(
                        bytes, documents.size() == 1 ? documents[0].size() : 0)))));
    } catch (const Cancelled&) {
      message = tr("Cancelled");
    } catch (const std::exception& e) {
      message = engineText(e);
    }
    std::lock_guard lock(mutex_);
    ok_ = ok;
    message_ = message;
    pending_stats_ = std::move(stats);
    pending_names_ = files;
    pending_tokenizers_ = std::move(toks);
  });
}

void TokenizerPage::showResult() {
  bool ok;
  QString message;
  qint64 run;
  std::unique_ptr<tokenize::TokenizerTrainReport> report;
  QString file;
  std::vector<tokenize::TokenizerStats> stats;
  QStringList names;
  std::vector<std::unique_ptr<tokenize::Tokenizer>> toks;
  {
    std::lock_guard lock(mutex_);
    ok = ok_;
    message = message_;
    run = run_;
    report = std::move(report_);
    file = report_file_;
    stats = std::move(pending_stats_);
    names = pending_names_;
    toks = std::move(pending_tokenizers_);
    pending_names_.clear();
  }
  status_->setText(message);
  if (!ok) showError(message);
  if (report) {
    tokenizer_ = std::shared_ptr<tokenize::Tokenizer>(std::move(report->tokenizer));
    tokenizer_file_ = file;
    merges_ = std::move(report->merges);
    wordpiece_merges_ = std::move(report->wordpiece_merges);
    em_ = std::move(report->em);
    prunes_list_ = std::move(report->prunes);
    word_occurrences_ = report->word_occurrences;
    summary_->setText(summaryText(report->json));
    showTokenizer();
    if (!merges_.empty()) tabs_->setCurrentWidget(replay_tab_);  // what a BPE training did
    emit tokenizerReady(file);
  }
  if (!names.isEmpty() && ok) {
    compare_stats_ = std::move(stats);
    compare_names_ = names;
    compared_tokenizers_ = std::move(toks);
    // Rows: the measures; columns: the tokenizers (side by side, as the CLI prints them).
    std::set<std::string> scripts;
    for (const auto& s : compare_stats_)
      for (const auto& [script, share] : s.coverage) scripts.insert(script);
    QStringList rows = {tr("Vocabulary"),       tr("Bytes per token"), tr("Tokens per word"),
                        tr("Split characters"), tr("Unknown tokens"),  tr("Byte tokens")};
    for (const auto& sc : scripts) rows << tr("Coverage: %1").arg(QString::fromStdString(sc));
    compare_table_->clear();
    compare_table_->setRowCount(int(rows.size()));
    compare_table_->setColumnCount(int(compare_stats_.size()));
    compare_table_->setVerticalHeaderLabels(rows);
    QStringList headers;
    for (const auto& n : compare_names_) headers << QFileInfo(n).fileName();
    compare_table_->setHorizontalHeaderLabels(headers);
    auto percent = [](double v) { return QStringLiteral("%1%").arg(100.0 * v, 0, 'f', 2); };
    for (int c = 0; c < int(compare_stats_.size()); ++c) {
      const auto& s = compare_stats_[std::size_t(c)];
      QStringList values = {QString::number(compared_tokenizers_[std::size_t(c)]->vocab_size()),
                            QString::number(s.bytes_per_token, 'f', 3),
                            QString::number(s.fertility, 'f', 3),
                            percent(s.split_rate),
                            percent(s.unknown_rate),
                            percent(s.byte_rate)};
      for (const auto& sc : scripts) {
        const auto it = s.coverage.find(sc);
        values << (it == s.coverage.end() ? QStringLiteral("–") : percent(it->second));
      }
      for (int r = 0; r < values.size(); ++r)
        compare_table_->setItem(r, c, new QTableWidgetItem(values[r]));
    }
    compare_table_->resizeColumnsToContents();
    // Segmentations side by side: the sample text cut by each tokenizer.
    const std::string sample = sample_->toPlainText().left(400).toStdString();
    QString html;
    for (std::size_t i = 0; i < compared_tokenizers_.size(); ++i) {
      const auto& tok = *compared_tokenizers_[i];
      const auto enc = tok.encode_detailed(sample);
      html += QStringLiteral("<p><b>%1</b> (%2)<br>")
                  .arg(QFileInfo(compare_names_[int(i)]).fileName().toHtmlEscaped())
                  .arg(tr("%n token(s)", nullptr, int(enc.ids.size())));
      html += segmentedHtml(enc, tok, nullptr) + QStringLiteral("</p>");
    }
    compare_segments_->setHtml(html);
  }
  emit finished(ok, message, run);
}

bool TokenizerPage::openTokenizer(const QString& file) {
  if (busy()) return false;
  try {
    tokenizer_ = std::shared_ptr<tokenize::Tokenizer>(tokenize::load_tokenizer(file.toStdString()));
  } catch (const std::exception& e) {
    showError(engineText(e));
    return false;
  }
  showError(QString());
  tokenizer_file_ = file;
  merges_.clear();
  wordpiece_merges_.clear();
  em_.clear();
  prunes_list_.clear();
  word_occurrences_ = 0;
  summary_->setText(QString::fromStdString(tokenizer_->describe()));
  status_->setText(tr("Opened %1").arg(file));
  showTokenizer();
  emit tokenizerReady(file);
  return true;
}

void TokenizerPage::showTokenizer() {
  vocab_model_->setTokenizer(tokenizer_);
  vocab_view_->resizeColumnToContents(0);
  const auto* bpe = dynamic_cast<const tokenize::BpeTokenizer*>(tokenizer_.get());
  const int merges = bpe != nullptr ? int(bpe->model().merges.size()) : 0;
  merge_slider_->blockSignals(true);
  merge_slider_->setRange(0, merges);
  merge_slider_->setValue(merges);
  merge_slider_->blockSignals(false);
  merge_spin_->setRange(0, merges);
  merge_spin_->setValue(merges);
  // The replay's compression curve: bytes per token after each merge (from the training).
  replay_curve_->clear();
  replay_curve_->setVisible(!merges_.empty());
  if (!merges_.empty()) {
    const auto curve = tokenize::bytes_per_token_curve(merges_);
    std::vector<std::int64_t> steps(curve.size());
    for (std::size_t i = 0; i < steps.size(); ++i) steps[i] = std::int64_t(i) + 1;
    replay_curve_->setLine(QStringLiteral("bpt"), tr("bytes per token"), std::move(steps), curve,
                           QColor(0x1f, 0x77, 0xb4), false);
  }
  showTrainingCurves();
  updateReplay();
  updateControls();
}

void TokenizerPage::showTrainingCurves() {
  curve_->clear();
  prunes_->setRowCount(0);
  prunes_->setVisible(!prunes_list_.empty());
  auto merge_curve = [this](const auto& events) {
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    for (std::size_t i = 0; i < events.size(); ++i) {
      steps.push_back(std::int64_t(i) + 1);
      values.push_back(double(events[i].tokens_after));
    }
    curve_->setLine(QStringLiteral("tokens"), tr("training text in tokens"), std::move(steps),
                    std::move(values), QColor(0x1f, 0x77, 0xb4), false);
    curve_->setTitle(tr("Tokens in the training text after each merge"));
    curve_->setXTitle(tr("merge"));
  };
  if (!merges_.empty()) {
    merge_curve(merges_);
    curve_note_->setText(
        tr("Each merge joins the most frequent pair of tokens into a new one, so "
           "the training text takes fewer tokens; the curve flattens as the "
           "remaining pairs grow rare."));
  } else if (!wordpiece_merges_.empty()) {
    merge_curve(wordpiece_merges_);
    curve_note_->setText(
        tr("WordPiece joins the pair with the highest score count(ab) / "
           "(count(a) count(b)): pairs whose parts rarely occur apart, not "
           "merely frequent ones."));
  } else if (!em_.empty()) {
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    const double words = double(std::max<std::uint64_t>(1, word_occurrences_));
    for (std::size_t i = 0; i < em_.size(); ++i) {
      steps.push_back(std::int64_t(i) + 1);
      values.push_back(em_[i].log_likelihood / words);
    }
    curve_->setLine(QStringLiteral("ll"), tr("log-likelihood per word"), std::move(steps),
                    std::move(values), QColor(0xd6, 0x27, 0x28), false);
    curve_->setTitle(tr("Log-likelihood per word at each EM iteration"));
    curve_->setXTitle(tr("EM iteration"));
    curve_note_->setText(
        tr("Unigram starts from many candidate pieces; each EM iteration re-estimates their "
           "probabilities, and each pruning step removes the pieces whose loss costs the text "
           "least likelihood, until the vocabulary has its size."));
    prunes_->setRowCount(int(prunes_list_.size()));
    for (int r = 0; r < int(prunes_list_.size()); ++r) {
      const auto& p = prunes_list_[std::size_t(r)];
      QStringList examples;
      for (std::size_t i = 0; i < p.removed.size() && i < 8; ++i)
        examples << QStringLiteral("%1 (%2)")
                        .arg(in_quotes(p.removed[i].first))
                        .arg(p.removed[i].second, 0, 'g', 3);
      const QString cells[] = {QString::number(p.round), QString::number(p.pieces_before),
                               QString::number(p.pieces_after),
                               examples.join(QStringLiteral(", "))};
      for (int c = 0; c < 4; ++c) prunes_->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
  } else if (tokenizer_) {
    curve_note_->setText(
        tr("This tokenizer was opened from a file: its training history is not "
           "in it. Train one here to see how it learned."));
  } else {
    curve_note_->setText(tr("Train a tokenizer, or open one, to see how it learned."));
  }
  curve_->setVisible(!merges_.empty() || !wordpiece_merges_.empty() || !em_.empty());
  curve_->refresh();
}

QString TokenizerPage::segmentedHtml(const tokenize::Encoding& enc, const tokenize::Tokenizer& tok,
                                     std::vector<QString>* tooltips) const {
  QString html;
  std::uint32_t begin = 0;
  for (std::size_t i = 0; i < enc.ids.size(); ++i) {
    const std::uint32_t end = i < enc.ends.size() ? enc.ends[i] : begin;
    const std::string_view bytes(enc.normalized.data() + begin, end - begin);
    const std::string token = tok.token(enc.ids[i]);
    const QString tip = tr("id %1 · %2 · %n byte(s)", nullptr, int(token.size()))
                            .arg(enc.ids[i])
                            .arg(in_quotes(token));
    if (tooltips != nullptr) tooltips->push_back(tip);
    QString shown = readable(bytes).toHtmlEscaped();
    if (bytes.find('\n') != std::string_view::npos) shown += QStringLiteral("<br>");
    html += QStringLiteral("<span style=\"background-color:%1\" title=\"%2\">%3</span>")
                .arg(QString::fromLatin1(kSpanColours[i % 5]), tip.toHtmlEscaped(), shown);
    // A hair of space between tokens so each one's edges show.
    html += QStringLiteral("<span style=\"font-size:2pt\"> </span>");
    begin = end;
  }
  return html;
}

void TokenizerPage::setMerge(int merges) {
  merge_slider_->setValue(merges);
  updateReplay();
}

void TokenizerPage::updateReplay() {
  replay_timer_->stop();
  replay_ids_.clear();
  replay_tooltips_.clear();
  const auto* bpe = dynamic_cast<const tokenize::BpeTokenizer*>(tokenizer_.get());
  if (bpe == nullptr) {
    segmented_->clear();
    merge_label_->setText(tokenizer_ ? tr("Merge replay is for BPE tokenizers; this one is %1.")
                                           .arg(QString::fromLatin1(tokenizer_->kind()))
                                     : QString());
    return;
  }
  const int k = merge_slider_->value();
  const auto& m = bpe->model();
  QString text;
  if (k == 0) {
    text = tr("Before the first merge: every byte is a token of its own.");
  } else {
    const auto [a, b] = m.merges[std::size_t(k) - 1];
    text = tr("Merge %1 of %2: %3 + %4 → %5")
               .arg(k)
               .arg(m.merges.size())
               .arg(in_quotes(m.vocab[a]), in_quotes(m.vocab[b]),
                    in_quotes(m.vocab[m.merge_results[std::size_t(k) - 1]]));
    if (std::size_t(k) <= merges_.size()) {
      const auto& e = merges_[std::size_t(k) - 1];
      text += tr(", seen %1 times; the training text went from %2 to %3 tokens (%4 bytes per "
                 "token)")
                  .arg(e.count)
                  .arg(e.tokens_before)
                  .arg(e.tokens_after)
                  .arg(double(merges_.front().tokens_before) /
                           double(std::max<std::uint64_t>(1, e.tokens_after)),
                       0, 'f', 3);
    }
  }
  merge_label_->setText(text);
  if (!merges_.empty()) {
    const auto curve = tokenize::bytes_per_token_curve(merges_);
    if (k >= 1 && std::size_t(k) <= curve.size())
      replay_curve_->setMarkers(tr("this merge"), {k}, {curve[std::size_t(k) - 1]});
    else
      replay_curve_->setMarkers(QString(), {}, {});
    replay_curve_->refresh();
  }
  const std::string sample = sample_->toPlainText().toStdString();
  const auto enc = bpe->encode_at_merge(sample, std::size_t(k));
  replay_ids_ = enc.ids;
  segmented_->setHtml(segmentedHtml(enc, *bpe, &replay_tooltips_));
  sample_caption_->setText(
      tr("Sample text: %n token(s) at this merge, %1 bytes per token", nullptr, int(enc.ids.size()))
          .arg(double(enc.normalized.size()) / double(std::max<std::size_t>(1, enc.ids.size())), 0,
               'f', 2));
}

void TokenizerPage::updateControls() {
  const bool running = busy();
  const QString model = model_->currentData().toString();
  train_->setEnabled(!running);
  open_->setEnabled(!running);
  cancel_->setEnabled(running);
  compare_run_->setEnabled(!running && compare_files_->count() > 0);
  compare_add_current_->setEnabled(!tokenizer_file_.isEmpty());
  compare_remove_->setEnabled(compare_files_->count() > 0);
  for (QWidget* w : {static_cast<QWidget*>(pattern_)})
    w->setEnabled(model == QStringLiteral("bpe"));
  min_frequency_->setEnabled(model != QStringLiteral("unigram"));
  coverage_->setEnabled(model == QStringLiteral("unigram"));
  const bool is_bpe = dynamic_cast<const tokenize::BpeTokenizer*>(tokenizer_.get()) != nullptr;
  tabs_->setTabEnabled(1, is_bpe);
  tabs_->setTabEnabled(2, tokenizer_ != nullptr);
}

void TokenizerPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void TokenizerPage::retranslate() {
  box_->setTitle(tr("Train a tokenizer"));
  auto label = [this](QWidget* field, const QString& text, const QString& tip) {
    setFormRow(form_, field, text, tip);
  };
  label(inputs_->parentWidget(), tr("Text"),
        tr("Files or folders to learn from (separated by ';'): .txt, .md, .jsonl, optionally "
           ".gz or .zst, in any encoding; a corpus output's kept.jsonl too."));
  label(model_, tr("Model"),
        tr("BPE starts from the 256 bytes and repeatedly merges the most frequent pair. Unigram "
           "starts from many candidate pieces and prunes the ones the text needs least. "
           "WordPiece merges the pair whose parts are most often seen together."));
  label(vocab_, tr("Vocabulary size"),
        tr("How many tokens the tokenizer ends with, bytes and special tokens included. Larger "
           "vocabularies cut text into fewer, longer tokens, and the model needs a bigger "
           "embedding table."));
  label(pattern_, tr("Split pattern"),
        tr("BPE first cuts text into words, numbers and punctuation with this regular "
           "expression; merges never cross those cuts."));
  label(normalizer_, tr("Normalization"),
        tr("Unicode normalization before tokenizing: NFKC folds compatibility forms (ﬁ → fi, "
           "full-width letters); the default is none for BPE, NFKC for the others."));
  label(lowercase_, tr("Lowercase"),
        tr("Lowercase the text first; Turkish lowercasing maps I to ı and İ to i."));
  label(min_frequency_, tr("Minimum count"),
        tr("BPE and WordPiece never merge a pair seen fewer times than this."));
  label(coverage_, tr("Character coverage"),
        tr("Unigram keeps the characters that make up this share of the text; the rarest rest "
           "become unknown (or bytes)."));
  label(output_, tr("Save as"),
        tr("The tokenizer.json to write (Hugging Face format); empty saves it beside the "
           "session file."));
  model_->setItemText(0, tr("Byte-level BPE"));
  model_->setItemText(1, tr("Unigram LM"));
  model_->setItemText(2, QStringLiteral("WordPiece"));
  normalizer_->setItemText(0, tr("Default for the model"));
  normalizer_->setItemText(1, QStringLiteral("NFKC"));
  normalizer_->setItemText(2, QStringLiteral("NFC"));
  normalizer_->setItemText(3, tr("None"));
  lowercase_->setItemText(0, tr("No"));
  lowercase_->setItemText(1, tr("Yes (Unicode)"));
  lowercase_->setItemText(2, tr("Yes (Turkish)"));
  add_files_->setText(tr("Files..."));
  add_folder_->setText(tr("Folder..."));
  output_->setPlaceholderText(tr("beside the session file"));
  train_->setText(tr("Train"));
  train_->setToolTip(tr("Train the tokenizer (Ctrl+Return)"));
  cancel_->setText(tr("Cancel"));
  cancel_->setToolTip(tr("Stop the training; nothing is written (Esc)"));
  open_->setText(tr("Open..."));
  open_->setToolTip(tr("Open a tokenizer.json or a SentencePiece .model"));
  tabs_->setTabText(0, tr("Training"));
  tabs_->setTabText(1, tr("Merge replay"));
  tabs_->setTabText(2, tr("Vocabulary"));
  tabs_->setTabText(3, tr("Compare"));
  tabs_->setTabToolTip(1, tr("Replays BPE training merge by merge"));
  prunes_->setHorizontalHeaderLabels(
      {tr("Round"), tr("Pieces before"), tr("Pieces after"), tr("Removed (loss)")});
  replay_curve_->setTitle(tr("Bytes per token after each merge"));
  replay_curve_->setXTitle(tr("merge"));
  sample_->setToolTip(tr("Type any text: it is cut as the tokenizer cut it at this merge."));
  segmented_->setToolTip(QString());
  vocab_search_->setPlaceholderText(tr("Search tokens"));
  vocab_model_->retranslate();
  compare_add_current_->setText(tr("Add this tokenizer"));
  compare_add_->setText(tr("Add files..."));
  compare_remove_->setText(tr("Remove"));
  compare_run_->setText(tr("Compare"));
  compare_caption_->setText(
      tr("On the Text files above (up to %1), or on the replay's sample text when there are none.")
          .arg(QString::fromStdString(human_bytes(double(kCompareBytes)))));
  showTrainingCurves();
  if (tokenizer_) updateReplay();
}

}  // namespace ahenk::ui
