#include "corpus_page.h"

#include <QAbstractTableModel>
#include <QCheckBox>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>
#include <filesystem>
#include <fstream>
#include <map>

#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "ahenk/text/corpus_output.h"
#include "ahenk/text/inputs.h"
#include "ahenk/text/pipeline.h"
#include "background_job.h"
#include "engine_text.h"
#include "page_helpers.h"
#include "resources_path.h"

namespace ahenk::ui {

namespace fs = std::filesystem;

namespace {

// One colour per kind of change, in the order of text::Change.
const char* kChangeColours[] = {"#f6c6c6", "#fde2a7", "#e2daf7", "#f6cfe0",
                                "#c9e7f5", "#d8f0c8", "#ffe9b3"};

// Documents longer than this are shown up to it (the rest is said, not drawn).
constexpr std::size_t kShownBytes = 200000;

QString escaped(std::string_view bytes) {
  return QString::fromUtf8(bytes.data(), qsizetype(bytes.size())).toHtmlEscaped();
}

// What a changed stretch of the raw text held, made visible: spaces, line endings and invisible
// or control characters get a sign, since the change is often that they were there.
QString visible(std::string_view bytes) {
  const QString text = QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
  QString out;
  for (const char32_t c : text.toUcs4()) {
    const QChar::Category category = QChar::category(c);
    if (c == U' ') {
      out += QStringLiteral("·");
    } else if (c == U'\r') {
      out += QStringLiteral("⟨CR⟩");
    } else if (c == U'\n') {
      out += QStringLiteral("↵\n");
    } else if (c == U'\t') {
      out += QStringLiteral("⇥");
    } else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || category == QChar::Other_Format ||
               category == QChar::Separator_Line || category == QChar::Separator_Paragraph ||
               (category == QChar::Separator_Space && c != U' ')) {
      out += QStringLiteral("⟨U+%1⟩").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
    } else {
      out += QString::fromUcs4(&c, 1);
    }
  }
  return out.toHtmlEscaped();
}

struct Span {
  std::uint64_t begin, end;
  text::Change kind;
};

// The text with the spans highlighted (spans sorted, overlaps clipped), shown up to kShownBytes.
QString highlighted(const std::string& textv, std::vector<Span> spans, bool show_removed) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  const std::uint64_t limit = std::min<std::uint64_t>(textv.size(), kShownBytes);
  QString html = QStringLiteral("<div style=\"white-space: pre-wrap\">");
  std::uint64_t pos = 0;
  for (const auto& sp : spans) {
    if (sp.begin >= limit) break;
    const std::uint64_t begin = std::max(sp.begin, pos), end = std::min(sp.end, limit);
    if (end < begin) continue;
    html += escaped(std::string_view(textv).substr(pos, begin - pos));
    const auto inside = std::string_view(textv).substr(begin, end - begin);
    const QString shown = show_removed ? visible(inside) : escaped(inside);
    html += QStringLiteral("<span style=\"background-color:%1\">%2</span>")
                .arg(QString::fromLatin1(kChangeColours[std::size_t(sp.kind)]),
                     shown.isEmpty() ? QStringLiteral("▏") : shown);
    pos = end;
  }
  html += escaped(std::string_view(textv).substr(pos, limit - pos));
  html += QStringLiteral("</div>");
  if (textv.size() > limit)
    html +=
        QStringLiteral("<p><i>%1</i></p>")
            .arg(CorpusPage::tr("… %1 more bytes not shown").arg(qulonglong(textv.size() - limit)));
  return html;
}

}  // namespace

// The documents of a corpus output: kept ones, then removed ones, read lazily from their files.
class DocumentsModel final : public QAbstractTableModel {
 public:
  using QAbstractTableModel::QAbstractTableModel;
  enum class Show { All, Kept, Removed };

  void setOutput(std::shared_ptr<text::JsonlIndex> kept,
                 std::shared_ptr<text::JsonlIndex> removed) {
    beginResetModel();
    kept_ = std::move(kept);
    removed_ = std::move(removed);
    fates_.clear();
    endResetModel();
  }
  void setShow(Show show) {
    beginResetModel();
    show_ = show;
    endResetModel();
  }
  std::size_t keptRows() const { return show_ == Show::Removed || !kept_ ? 0 : kept_->size(); }
  std::size_t removedRows() const {
    return show_ == Show::Kept || !removed_ ? 0 : removed_->size();
  }
  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : int(keptRows() + removedRows());
  }
  int columnCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : 2;
  }
  // (index, is kept) of a row.
  std::pair<const text::JsonlIndex*, std::size_t> at(int row) const {
    const auto r = std::size_t(row);
    if (r < keptRows()) return {kept_.get(), r};
    return {removed_.get(), r - keptRows()};
  }
  int rowOf(const std::string& id) const {
    if (kept_ && keptRows() > 0)
      if (const auto i = kept_->find(id); i < kept_->size()) return int(i);
    if (removed_ && removedRows() > 0)
      if (const auto i = removed_->find(id); i < removed_->size()) return int(keptRows() + i);
    return -1;
  }
  QVariant data(const QModelIndex& index, int role) const override {
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    const auto [file, line] = at(index.row());
    if (file == nullptr) return {};
    if (index.column() == 0) return QString::fromStdString(file->id(line));
    if (file == kept_.get()) return CorpusPage::tr("kept");
    // Removed: the reason, read from its line once.
    auto& cached = fates_[line];
    if (cached.isEmpty()) {
      try {
        const auto j = file->read(line);
        const std::string reason = j.value("reason", std::string());
        if (j.contains("rule") && j["value"].is_number() && j["threshold"].is_number())
          cached = CorpusPage::tr("removed: %1 %2 (%3)")
                       .arg(QString::fromStdString(j.value("rule", std::string())))
                       .arg(j["value"].get<double>(), 0, 'g', 4)
                       .arg(j["threshold"].get<double>(), 0, 'g', 4);
        else
          cached = CorpusPage::tr("removed: %1").arg(QString::fromStdString(reason));
      } catch (const std::exception& e) {
        cached = engineText(e);
      }
    }
    return cached;
  }
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == 0 ? CorpusPage::tr("Document") : CorpusPage::tr("Fate");
  }
  void retranslate() {
    fates_.clear();
    emit headerDataChanged(Qt::Horizontal, 0, 1);
  }

 private:
  std::shared_ptr<text::JsonlIndex> kept_, removed_;
  Show show_ = Show::All;
  mutable std::map<std::size_t, QString> fates_;
};

CorpusPage::CorpusPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("corpusPage"));
  setAcceptDrops(true);
  rules_ = text::all_rules();
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

  box_ = new QGroupBox();
  form_ = new QFormLayout(box_);
  inputs_ = new QLineEdit();
  inputs_->setObjectName(QStringLiteral("corpusInputs"));
  add_files_ = new QPushButton();
  add_folder_ = new QPushButton();
  auto* input_row = makeInputsRow(inputs_, add_files_, add_folder_, this);
  split_ = new QComboBox();
  for (const char* s : {"file", "paragraph", "line"}) split_->addItem(QString(), QString(s));
  normalize_ = new QComboBox();
  for (const char* n : {"nfkc", "nfc", "none"}) normalize_->addItem(QString(), QString(n));
  langid_ = new QComboBox();
  langid_->addItem(QStringLiteral("CLD2"), QStringLiteral("cld2"));
  langid_->addItem(QString(), QStringLiteral("none"));
  languages_ = new QLineEdit();
  rule_sets_ = new QComboBox();
  for (const char* r : {"all", "gopher", "c4", "fineweb", "none"})
    rule_sets_->addItem(QString(), QString(r));
  dedup_ = new QCheckBox();
  dedup_->setChecked(true);
  output_ = new QLineEdit();
  output_->setObjectName(QStringLiteral("corpusOutput"));
  thresholds_ = new QLabel();
  thresholds_->setWordWrap(true);
  for (QWidget* field : std::initializer_list<QWidget*>{input_row, split_, normalize_, langid_,
                                                        languages_, rule_sets_, dedup_, output_})
    form_->addRow(new QLabel(), field);
  form_->addRow(thresholds_);

  run_ = new QPushButton();
  run_->setObjectName(QStringLiteral("runCorpusButton"));
  run_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  cancel_ = new QPushButton();
  cancel_->setShortcut(QKeySequence(Qt::Key_Escape));
  open_ = new QPushButton();
  connect(run_, &QPushButton::clicked, this, &CorpusPage::run);
  connect(cancel_, &QPushButton::clicked, this, &CorpusPage::cancel);
  connect(open_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("A corpus output folder"));
    if (!dir.isEmpty()) openOutput(dir);
  });
  progress_ = new QProgressBar();
  progress_->setVisible(false);
  status_ = new QLabel();
  status_->setObjectName(QStringLiteral("corpusStatus"));
  status_->setWordWrap(true);
  error_ = makeErrorLabel(QStringLiteral("corpusError"));
  summary_ = new QLabel();
  summary_->setObjectName(QStringLiteral("corpusSummary"));
  summary_->setWordWrap(true);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  files_ = new QTableWidget(0, 7);
  files_->setObjectName(QStringLiteral("corpusFiles"));
  files_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  files_->verticalHeader()->hide();
  files_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  files_->setSortingEnabled(true);

  document_filter_ = new QComboBox();
  for (int i = 0; i < 3; ++i) document_filter_->addItem(QString());
  documents_model_ = new DocumentsModel(this);
  connect(document_filter_, &QComboBox::currentIndexChanged, this,
          [this](int i) { documents_model_->setShow(DocumentsModel::Show(i)); });
  documents_ = new QTableView();
  documents_->setObjectName(QStringLiteral("corpusDocuments"));
  documents_->setModel(documents_model_);
  documents_->setSelectionBehavior(QAbstractItemView::SelectRows);
  documents_->setSelectionMode(QAbstractItemView::SingleSelection);
  documents_->verticalHeader()->hide();
  documents_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  connect(documents_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { selectDocument(current.row()); });
  raw_ = new QTextBrowser();
  raw_->setObjectName(QStringLiteral("rawText"));
  cleaned_ = new QTextBrowser();
  cleaned_->setObjectName(QStringLiteral("cleanedText"));
  legend_ = new QLabel();
  legend_->setWordWrap(true);
  change_counts_ = new QLabel();
  change_counts_->setObjectName(QStringLiteral("changeCounts"));
  change_counts_->setWordWrap(true);
  auto* doc_left = new QWidget();
  auto* dl = new QVBoxLayout(doc_left);
  dl->setContentsMargins(0, 0, 0, 0);
  dl->addWidget(document_filter_);
  dl->addWidget(documents_, 1);
  auto* texts = new QSplitter();
  texts->addWidget(raw_);
  texts->addWidget(cleaned_);
  auto* doc_right = new QWidget();
  auto* dr = new QVBoxLayout(doc_right);
  dr->setContentsMargins(0, 0, 0, 0);
  dr->addWidget(legend_);
  dr->addWidget(change_counts_);
  dr->addWidget(texts, 1);
  auto* doc_split = new QSplitter();
  doc_split->addWidget(doc_left);
  doc_split->addWidget(doc_right);
  doc_split->setSizes({420, 600});

  tabs_ = new QTabWidget();
  tabs_->setObjectName(QStringLiteral("corpusTabs"));
  tabs_->addTab(files_, QString());
  tabs_->addTab(doc_split, QString());

  layoutStagePage(this, box_, {run_, cancel_, open_}, {progress_, status_, error_, summary_},
                  tabs_);

  retranslate();
  updateControls();
  history_ = new FormHistory(box_, this);  // Ctrl+Z / Ctrl+Shift+Z undo form edits
  // The bundled sample until the user picks their own text. Its files are whole books and laws,
  // so its documents are their paragraphs (a pile of files keeps one document per file).
  const fs::path sample = app::sample_corpus_dir();
  if (fs::exists(sample)) {
    setInputs({QString::fromStdString(sample.string())});
    setSplit(text::SplitMode::Paragraph);
  }
}

CorpusPage::~CorpusPage() {
  delete job_;  // cancels and waits, before the members the job writes to go away
}

void CorpusPage::setSessionFile(const std::string& file) {
  session_file_ = file;
}

void CorpusPage::setInputs(const QStringList& inputs) {
  inputs_->setText(inputs.join(u';'));
  if (history_) history_->sync();
}

QStringList CorpusPage::inputs() const {
  QStringList out;
  for (const auto& i : inputs_->text().split(u';', Qt::SkipEmptyParts)) out << i.trimmed();
  return out;
}

void CorpusPage::setSplit(text::SplitMode split) {
  split_->setCurrentIndex(int(split));
}

void CorpusPage::setLanguageIdentifier(const QString& langid) {
  langid_->setCurrentIndex(std::max(0, langid_->findData(langid)));
}

void CorpusPage::setDeduplicate(bool on) {
  dedup_->setChecked(on);
}

void CorpusPage::setOutputFolder(const QString& dir) {
  output_->setText(dir);
  if (history_) history_->sync();
}

void CorpusPage::setRules(const std::vector<text::Rule>& rules) {
  const auto defaults = text::all_rules();
  rules_ = defaults;
  changed_thresholds_ = 0;
  for (const auto& r : rules)
    for (auto& mine : rules_)
      if (mine.id == r.id && mine.threshold != r.threshold) {
        mine.threshold = r.threshold;
        ++changed_thresholds_;
      }
  retranslate();
}

bool CorpusPage::busy() const {
  return job_->busy();
}

int CorpusPage::fileRows() const {
  return files_->rowCount();
}

int CorpusPage::documentRows() const {
  return documents_model_->rowCount();
}

QString CorpusPage::errorText() const {
  return error_->text();
}

QString CorpusPage::rawHtml() const {
  return raw_->toHtml();
}

QString CorpusPage::cleanedHtml() const {
  return cleaned_->toHtml();
}

void CorpusPage::showError(const QString& message) {
  error_->setText(message);
  error_->setVisible(!message.isEmpty());
}

void CorpusPage::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void CorpusPage::dropEvent(QDropEvent* event) {
  QStringList dropped;
  for (const auto& url : event->mimeData()->urls())
    if (url.isLocalFile()) dropped << url.toLocalFile();
  if (dropped.isEmpty()) return;
  setInputs(dropped);  // a drop names the corpus; the buttons add to it
  event->acceptProposedAction();
}

void CorpusPage::run() {
  if (busy()) return;
  text::PipelineOptions options;
  std::vector<std::string> inputs;
  for (const auto& i : this->inputs()) inputs.push_back(i.toStdString());
  try {
    if (inputs.empty())
      throw std::invalid_argument(tr("Add files or folders first.").toStdString());
    options.load.split = text::SplitMode(split_->currentIndex());
    options.cleaning.normalization =
        text::parse_normalization(normalize_->currentData().toString().toStdString());
    options.langid = langid_->currentData().toString().toStdString();
    options.languages = text::parse_languages(languages_->text().trimmed().toStdString());
    if (!options.languages.empty() && options.langid == "none")
      throw std::invalid_argument(
          tr("Keeping only some languages needs a language identifier.").toStdString());
    const auto selected = text::select_rules(rule_sets_->currentData().toString().toStdString());
    options.rules.clear();
    for (const auto& r : selected)
      for (const auto& mine : rules_)
        if (mine.id == r.id) options.rules.push_back(mine);
    options.dedup = dedup_->isChecked();
    options.out_dir = output_->text().trimmed().toStdString();
    if (options.out_dir.empty() && session_file_.empty())
      throw std::invalid_argument(
          tr("Choose an output folder (no session is open).").toStdString());
  } catch (const std::exception& e) {
    showError(engineText(e));
    return;
  }
  load_ = options.load;
  cleaning_ = options.cleaning;
  cleaned_run_ = options.clean;
  nlohmann::json config = {{"verb", "run"},
                           {"split", split_->currentData().toString().toStdString()},
                           {"normalize", normalize_->currentData().toString().toStdString()},
                           {"langid", options.langid},
                           {"lang", languages_->text().trimmed().toStdString()},
                           {"rules", rule_sets_->currentData().toString().toStdString()},
                           {"dedup", options.dedup},
                           {"out", options.out_dir}};
  nlohmann::json set = nlohmann::json::array();
  const auto defaults = text::all_rules();
  for (std::size_t i = 0; i < rules_.size(); ++i)
    if (rules_[i].threshold != defaults[i].threshold)
      set.push_back(rules_[i].id + "=" + std::to_string(rules_[i].threshold));
  config["set"] = set;
  {
    std::lock_guard lock(mutex_);
    ok_ = false;
    message_.clear();
    run_id_ = 0;
  }
  showError(QString());
  status_->setText(tr("Reading the corpus"));
  progress_->setRange(0, 0);
  progress_->setVisible(true);
  const std::string session_file = session_file_;
  job_->start([this, options, inputs, config, session_file](CancelToken& cancel,
                                                            ProgressSink& sink) mutable {
    std::unique_ptr<session::SessionWriter> writer;
    std::int64_t run = 0;
    QString message;
    const bool ok = runRecorded(
        writer, run,
        [&] {
          if (!session_file.empty()) {
            writer = std::make_unique<session::SessionWriter>(session_file);
            run = writer->begin_run(
                {.kind = "corpus",
                 .name = "run " + (options.out_dir.empty()
                                       ? std::string("corpus")
                                       : fs::path(options.out_dir).filename().string()),
                 .config = config,
                 .command = "ahenk-workbench: Corpus page"});
            if (options.out_dir.empty())
              options.out_dir =
                  (session::data_dir(session_file) / "runs" / std::to_string(run) / "corpus")
                      .string();
            for (const auto& f : text::collect_inputs(inputs, nullptr))
              writer->input_file(run, f.path);
          }
          const auto report = text::run_pipeline(inputs, options, &sink, &cancel);
          if (writer) {
            nlohmann::json outputs = report.json["counts"];
            outputs["out"] = options.out_dir;
            writer->set_outputs(run, outputs);
            std::int64_t step = 0;
            for (const auto& [key, value] : report.json["counts"].items())
              if (value.is_number()) writer->metric(run, step, key, value.get<double>());
            writer->artifact_file(run, "report", fs::path(options.out_dir) / "report.json");
            writer->artifact_file(run, "output", fs::path(options.out_dir) / "kept.jsonl");
          }
          message = tr("Kept %1 of %2 documents").arg(report.kept).arg(report.documents);
        },
        tr("Cancelled; the inputs are untouched"), message);
    std::lock_guard lock(mutex_);
    ok_ = ok;
    message_ = message;
    run_id_ = run;
    result_dir_ = QString::fromStdString(options.out_dir);
  });
  updateControls();
}

void CorpusPage::cancel() {
  if (!busy()) return;
  job_->cancel();
  status_->setText(tr("Cancelling..."));
}

void CorpusPage::showResult() {
  bool ok;
  QString message, dir;
  qint64 run;
  {
    std::lock_guard lock(mutex_);
    ok = ok_;
    message = message_;
    dir = result_dir_;
    run = run_id_;
  }
  status_->setText(message);
  if (!ok) {
    showError(message);
  } else if (openOutput(dir)) {
    emit outputReady(dir);
  }
  emit finished(ok, message, run);
}

bool CorpusPage::openOutput(const QString& dir) {
  const fs::path folder = dir.toStdString();
  std::ifstream in(folder / "report.json");
  auto report = nlohmann::json::parse(in, nullptr, false);
  if (!in || report.is_discarded() || !report.contains("counts")) {
    showError(tr("%1 is not a corpus output folder (no readable report.json).").arg(dir));
    return false;
  }
  try {
    auto kept = std::make_shared<text::JsonlIndex>(folder / "kept.jsonl");
    auto removed = std::make_shared<text::JsonlIndex>(folder / "removed.jsonl");
    documents_model_->setOutput(std::move(kept), std::move(removed));
  } catch (const std::exception& e) {
    showError(engineText(e));
    return false;
  }
  showError(QString());
  out_dir_ = dir;
  report_ = std::move(report);
  showOutput();
  return true;
}

void CorpusPage::showOutput() {
  const auto& c = report_["counts"];
  auto count = [&](const char* key) { return c.value(key, std::uint64_t(0)); };
  summary_->setText(tr("%1 documents: %2 empty after cleaning, %3 removed by language, %4 by the "
                       "filters, %5 exact and %6 near duplicates; %7 kept.\nOutput: %8")
                        .arg(count("documents"))
                        .arg(count("empty_after_cleaning"))
                        .arg(count("removed_by_language"))
                        .arg(count("removed_by_filters"))
                        .arg(count("exact_duplicates"))
                        .arg(count("near_duplicates"))
                        .arg(count("kept"))
                        .arg(out_dir_));
  files_->setSortingEnabled(false);
  files_->setRowCount(0);
  if (report_.contains("files") && report_["files"].is_array()) {
    const auto& files = report_["files"];
    files_->setRowCount(int(files.size()));
    for (int r = 0; r < int(files.size()); ++r) {
      const auto& f = files[std::size_t(r)];
      QStringList languages;
      if (f.contains("languages"))
        for (const auto& [code, n] : f["languages"].items())
          languages << QStringLiteral("%1 %2").arg(QString::fromStdString(code)).arg(n.get<int>());
      QStringList problems;
      if (f.contains("skipped"))
        problems << tr("skipped: %1")
                        .arg(engineText(f.value("skipped_detail", nlohmann::json()),
                                        QString::fromStdString(f.value("skipped", std::string()))));
      if (f.value("replaced", 0) > 0) {
        QStringList offsets;
        for (const auto& o : f["replaced_offsets"]) offsets << QString::number(o.get<qulonglong>());
        problems << tr("%1 invalid byte sequences (at bytes %2)")
                        .arg(f["replaced"].get<qulonglong>())
                        .arg(offsets.join(QStringLiteral(", ")));
      }
      if (f.contains("problems"))
        for (const auto& p : f["problems"])
          problems << tr("byte %1: %2")
                          .arg(p.value("offset", qulonglong(0)))
                          .arg(engineText(
                              p.value("detail", nlohmann::json()),
                              QString::fromStdString(p.value("message", std::string()))));
      auto* size = new QTableWidgetItem();
      size->setData(Qt::DisplayRole, f.value("bytes", qulonglong(0)));
      auto* docs = new QTableWidgetItem();
      docs->setData(Qt::DisplayRole, f.value("documents", qulonglong(0)));
      auto* problem_item = new QTableWidgetItem(
          problems.isEmpty() ? QString() : problems.join(QStringLiteral("; ")));
      problem_item->setToolTip(problems.join(QLatin1Char('\n')));
      const QString format = QString::fromStdString(f.value("format", std::string())) +
                             (f.contains("compression")
                                  ? QStringLiteral(" (%1)").arg(
                                        QString::fromStdString(f["compression"].get<std::string>()))
                                  : QString());
      files_->setItem(r, 0,
                      new QTableWidgetItem(QString::fromStdString(f.value("path", std::string()))));
      files_->setItem(r, 1, size);
      files_->setItem(r, 2, new QTableWidgetItem(format));
      files_->setItem(
          r, 3,
          new QTableWidgetItem(QStringLiteral("%1 (%2)")
                                   .arg(QString::fromStdString(f.value("encoding", std::string())))
                                   .arg(f.value("encoding_confidence", 1.0), 0, 'f', 2)));
      files_->setItem(r, 4, new QTableWidgetItem(languages.join(QStringLiteral(", "))));
      files_->setItem(r, 5, docs);
      files_->setItem(r, 6, problem_item);
    }
  }
  // What was not read while listing the folders (sockets, broken links, unreadable folders, a file
  // named twice): a row each, with the path and the reason.
  if (report_.contains("input_problems") && report_["input_problems"].is_array())
    for (const auto& p : report_["input_problems"]) {
      if (!p.is_object()) continue;
      const int r = files_->rowCount();
      files_->insertRow(r);
      files_->setItem(r, 0,
                      new QTableWidgetItem(QString::fromStdString(p.value("path", std::string()))));
      const QString why = engineText(p.value("detail", nlohmann::json()),
                                     QString::fromStdString(p.value("reason", std::string())));
      auto* item = new QTableWidgetItem(why);
      item->setToolTip(why);
      files_->setItem(r, 6, item);
    }
  files_->setSortingEnabled(true);
  files_->resizeColumnsToContents();
  files_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  raw_->clear();
  cleaned_->clear();
  change_counts_->clear();
}

bool CorpusPage::showDocument(const QString& id) {
  document_filter_->setCurrentIndex(0);
  const int row = documents_model_->rowOf(id.toStdString());
  if (row < 0) return false;
  documents_->selectRow(row);
  selectDocument(row);
  return true;
}

void CorpusPage::selectDocument(int row) {
  if (row < 0 || row >= documents_model_->rowCount()) return;
  const auto [file, line] = documents_model_->at(row);
  shown_ = {};
  try {
    const auto j = file->read(line);
    const std::string id = j.value("id", std::string());
    std::string source = j.value("source", std::string());
    if (j.contains("meta") && j["meta"].is_object())
      source = j["meta"].value("source", std::string());
    std::optional<text::Document> doc;
    if (!source.empty()) doc = text::find_document(source, load_, id);
    if (!doc) {
      raw_->setPlainText(
          tr("The source of %1 (%2) cannot be read any more; the stored text is:\n\n%3")
              .arg(QString::fromStdString(id), QString::fromStdString(source),
                   QString::fromStdString(j.value("text", std::string()))));
      cleaned_->clear();
      change_counts_->clear();
      return;
    }
    // The engine's cleaning of the document as loaded: edits in raw and cleaned offsets.
    text::CleanOptions options = cleaning_;
    if (!cleaned_run_)
      options = {.normalization = text::Normalization::None,
                 .remove_invisible = false,
                 .remove_bidi = false,
                 .remove_controls = false,
                 .normalize_line_endings = false,
                 .normalize_whitespace = false};
    shown_ = text::clean_text(doc->text, options);
    std::vector<Span> before, after;
    for (const auto& e : shown_.edits) {
      before.push_back({e.begin, e.end, e.kind});
      after.push_back({e.out_begin, e.out_end, e.kind});
    }
    raw_->setHtml(highlighted(doc->text, before, true));
    cleaned_->setHtml(highlighted(shown_.text, after, false));
    QStringList counts;
    for (std::size_t k = 0; k < text::kChangeKinds; ++k)
      if (shown_.counts[k] > 0)
        counts << QStringLiteral("<span style=\"background-color:%1\">%2</span> %3")
                      .arg(QString::fromLatin1(kChangeColours[k]))
                      .arg(QString::fromLatin1(text::change_name(text::Change(k))))
                      .arg(shown_.counts[k]);
    change_counts_->setText(
        counts.isEmpty() ? tr("%1: cleaning changed nothing.").arg(QString::fromStdString(id))
                         : tr("%1: code points changed, by kind: %2")
                               .arg(QString::fromStdString(id).toHtmlEscaped(),
                                    counts.join(QStringLiteral(" · "))));
  } catch (const std::exception& e) {
    raw_->setPlainText(engineText(e));
  }
}

void CorpusPage::updateControls() {
  const bool running = busy();
  run_->setEnabled(!running);
  open_->setEnabled(!running);
  cancel_->setEnabled(running);
}

void CorpusPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void CorpusPage::retranslate() {
  box_->setTitle(tr("Corpus"));
  auto label = [this](QWidget* field, const QString& text, const QString& tip) {
    setFormRow(form_, field, text, tip);
  };
  label(inputs_->parentWidget(), tr("Text"),
        tr("Files or folders (separated by ';'), or drop them on the page: .txt, .md, .jsonl, "
           "optionally .gz or .zst, in any encoding. Inputs are never modified."));
  label(split_, tr("Documents"),
        tr("One document per text file, per paragraph (blank-line separated) or per line."));
  label(normalize_, tr("Normalization"),
        tr("ICU Unicode normalization: NFKC folds compatibility forms (ﬁ → fi, full-width "
           "letters) so the same text is always the same bytes."));
  label(langid_, tr("Language"),
        tr("Identify each document's language (CLD2), so rules and the language filter know it."));
  label(languages_, tr("Keep languages"),
        tr("Keep only these languages, with optional minimum scores: tr,en:0.5. Empty keeps all."));
  label(rule_sets_, tr("Quality rules"),
        tr("The published heuristic rule sets with their published thresholds: Gopher (quality "
           "and repetition), C4, FineWeb. Every removal records the rule, its measured value "
           "and the threshold; the Filters page moves thresholds."));
  label(dedup_, tr("Deduplicate"),
        tr("Remove exact duplicates, then near duplicates found with MinHash signatures and "
           "LSH banding (Jaccard similarity 0.8 of word 5-grams)."));
  label(output_, tr("Output folder"),
        tr("Where kept.jsonl, removed.jsonl, measurements.tsv and report.json go; empty puts them "
           "beside the session file."));
  thresholds_->setText(
      changed_thresholds_ == 0
          ? QString()
          : tr("%n threshold(s) changed on the Filters page apply to the next run.", nullptr,
               changed_thresholds_));
  split_->setItemText(0, tr("One per file"));
  split_->setItemText(1, tr("One per paragraph"));
  split_->setItemText(2, tr("One per line"));
  normalize_->setItemText(0, QStringLiteral("NFKC"));
  normalize_->setItemText(1, QStringLiteral("NFC"));
  normalize_->setItemText(2, tr("None"));
  langid_->setItemText(1, tr("Do not identify"));
  rule_sets_->setItemText(0, tr("All (Gopher, C4, FineWeb)"));
  rule_sets_->setItemText(1, QStringLiteral("Gopher"));
  rule_sets_->setItemText(2, QStringLiteral("C4"));
  rule_sets_->setItemText(3, QStringLiteral("FineWeb"));
  rule_sets_->setItemText(4, tr("None"));
  languages_->setPlaceholderText(tr("all languages"));
  output_->setPlaceholderText(tr("beside the session file"));
  add_files_->setText(tr("Files..."));
  add_folder_->setText(tr("Folder..."));
  run_->setText(tr("Run"));
  run_->setToolTip(tr("Load, clean, filter and deduplicate (Ctrl+Return)"));
  cancel_->setText(tr("Cancel"));
  cancel_->setToolTip(tr("Stop; the inputs are untouched (Esc)"));
  open_->setText(tr("Open output..."));
  open_->setToolTip(tr("Show a corpus output folder written earlier (or by 'ahenk corpus run')"));
  tabs_->setTabText(0, tr("Files"));
  tabs_->setTabText(1, tr("Documents"));
  files_->setHorizontalHeaderLabels({tr("File"), tr("Bytes"), tr("Format"), tr("Encoding"),
                                     tr("Languages"), tr("Documents"), tr("Problems")});
  document_filter_->setItemText(0, tr("All documents"));
  document_filter_->setItemText(1, tr("Kept"));
  document_filter_->setItemText(2, tr("Removed"));
  documents_model_->retranslate();
  legend_->setText(
      tr("Left: the text as loaded, with what cleaning changed made visible (· space, "
         "⟨CR⟩ carriage return, ⟨U+200B⟩ an invisible character). Right: the "
         "cleaned text. Colours: the kind of change, counted below."));
  if (!report_.is_null() && report_.contains("counts")) showOutput();
}

}  // namespace ahenk::ui
