#include "sessions_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <map>
#include <set>

#include "ahenk/session/archive.h"
#include "ahenk/session/writer.h"
#include "curve_chart.h"
#include "engine_text.h"
#include "page_helpers.h"

namespace ahenk::ui {

namespace {

// How a run turned out, worded in the UI's language from the engine's measures.
QString outcomeText(const session::RunInfo& r) {
  QString s;
  for (const auto& [key, v] : session::run_outcome_parts(r)) {
    const QString value = QString::fromStdString(session::outcome_number(v));
    if (key == "documents") {
      s += SessionsPage::tr(" of %1 documents").arg(value);
      continue;
    }
    if (!s.isEmpty()) s += QStringLiteral(", ");
    if (key == "val_bpb" || key == "bits_per_byte")
      s += SessionsPage::tr("bits/byte %1").arg(value);
    else if (key == "val_loss")
      s += SessionsPage::tr("validation loss %1").arg(value);
    else if (key == "loss")
      s += SessionsPage::tr("loss %1").arg(value);
    else if (key == "kept")
      s += SessionsPage::tr("kept %1").arg(value);
    else if (key == "vocab_size")
      s += SessionsPage::tr("vocabulary %1").arg(value);
    else if (key == "bytes_per_token")
      s += SessionsPage::tr("%1 bytes/token").arg(value);
    else if (key == "files")
      s += SessionsPage::tr("%1 files").arg(value);
    else
      s += QStringLiteral("%1 %2").arg(QString::fromStdString(key), value);
  }
  return s;
}

}  // namespace

namespace fs = std::filesystem;

// Keeps the latest progress of the worker for the page's timer (never a signal per report).
class SessionsPage::Sink final : public ProgressSink {
 public:
  void report(const Progress& p) override {
    std::lock_guard lock(mutex);
    latest = p;
  }
  Progress get() {
    std::lock_guard lock(mutex);
    return latest;
  }
  std::mutex mutex;
  Progress latest;
};

namespace {

const QColor kColours[] = {QColor(31, 119, 180),  QColor(214, 39, 40),  QColor(44, 160, 44),
                           QColor(148, 103, 189), QColor(255, 127, 14), QColor(140, 86, 75),
                           QColor(227, 119, 194), QColor(127, 127, 127)};

QString text_of(const nlohmann::json& v) {
  if (v.is_null()) return QStringLiteral("—");
  if (v.is_string()) return QString::fromStdString(v.get<std::string>());
  return QString::fromStdString(v.dump());
}

}  // namespace

SessionsPage::SessionsPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("sessionsPage"));
  title_ = new QLabel();
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  error_ = makeErrorLabel(QStringLiteral("sessionsError"));
  refresh_ = new QPushButton();
  refresh_->setShortcut(QKeySequence::Refresh);
  rename_ = new QPushButton();
  note_ = new QPushButton();
  open_ = new QPushButton();
  export_ = new QPushButton();
  import_ = new QPushButton();
  cancel_ = new QPushButton();
  cancel_->hide();
  progress_ = new QProgressBar();
  progress_->hide();
  auto* buttons = new QHBoxLayout();
  for (auto* b : {refresh_, rename_, note_, open_, export_, import_}) buttons->addWidget(b);
  buttons->addStretch(1);
  buttons->addWidget(progress_);
  buttons->addWidget(cancel_);

  table_ = new QTableWidget(0, 7);
  table_->setObjectName(QStringLiteral("runTable"));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setStretchLastSection(true);

  metric_ = new QComboBox();
  metric_->setObjectName(QStringLiteral("metricChoice"));
  metric_->setMinimumContentsLength(16);
  metric_label_ = new QLabel();
  log_scale_ = new QCheckBox();
  smoothing_ = new QSlider(Qt::Horizontal);
  smoothing_->setRange(0, 99);
  smoothing_->setValue(60);
  smoothing_->setMaximumWidth(160);
  smoothing_label_ = new QLabel();
  chart_ = new CurveChart(QString());
  chart_->setSmoothing(0.6);
  auto* chart_options = new QHBoxLayout();
  chart_options->addWidget(metric_label_);
  chart_options->addWidget(metric_);
  chart_options->addWidget(log_scale_);
  chart_options->addWidget(smoothing_label_);
  chart_options->addWidget(smoothing_);
  chart_options->addStretch(1);
  auto* chart_box = new QWidget();
  auto* chart_layout = new QVBoxLayout(chart_box);
  chart_layout->setContentsMargins(0, 0, 0, 0);
  chart_layout->addLayout(chart_options);
  chart_layout->addWidget(chart_, 1);

  diff_ = new QTableWidget(0, 3);
  diff_->setObjectName(QStringLiteral("configDiff"));
  diff_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  diff_->verticalHeader()->hide();
  diff_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  notes_ = new QListWidget();
  notes_->setObjectName(QStringLiteral("notes"));
  notes_->setWordWrap(true);
  tabs_ = new QTabWidget();
  tabs_->addTab(chart_box, QString());
  tabs_->addTab(diff_, QString());
  tabs_->addTab(notes_, QString());

  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(table_);
  splitter->addWidget(tabs_);
  splitter->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(title_);
  layout->addLayout(buttons);
  layout->addWidget(error_);
  layout->addWidget(splitter, 1);

  work_timer_ = new QTimer(this);
  work_timer_->setInterval(100);
  connect(work_timer_, &QTimer::timeout, this, &SessionsPage::pollWork);
  connect(refresh_, &QPushButton::clicked, this, &SessionsPage::refresh);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &SessionsPage::selectionChanged);
  connect(metric_, &QComboBox::currentTextChanged, this, [this] { updateChart(); });
  connect(log_scale_, &QCheckBox::toggled, this, [this](bool on) {
    chart_->setLogScale(on);
    chart_->refresh();
  });
  connect(smoothing_, &QSlider::valueChanged, this, [this](int v) {
    chart_->setSmoothing(v / 100.0);
    retranslate();
    chart_->refresh();
  });
  connect(rename_, &QPushButton::clicked, this, [this] {
    const auto ids = selectedRuns();
    if (ids.size() == 1) renameRun(ids[0], QString());
  });
  connect(note_, &QPushButton::clicked, this, [this] { addNote(QString()); });
  connect(open_, &QPushButton::clicked, this, [this] {
    const auto ids = selectedRuns();
    for (const auto& r : runs_)
      if (ids.size() == 1 && r.id == ids[0] && r.kind == "train") emit openTrainingConfig(r.config);
  });
  connect(export_, &QPushButton::clicked, this, [this] { exportTo(QString()); });
  connect(import_, &QPushButton::clicked, this, [this] { importFrom(QString(), QString()); });
  connect(cancel_, &QPushButton::clicked, this, &SessionsPage::cancelWork);
  retranslate();
  selectionChanged();
}

SessionsPage::~SessionsPage() {
  cancelWork();
  if (worker_.joinable()) worker_.join();
}

void SessionsPage::setSessionFile(const fs::path& file) {
  file_ = file;
  {
    const QSignalBlocker block(table_);
    table_->clearSelection();  // a selection belongs to the session it was made in
  }
  refresh();
}

QString SessionsPage::errorText() const {
  return error_->isHidden() ? QString() : error_->text();
}

void SessionsPage::showError(const QString& text) {
  error_->setText(text);
  error_->setVisible(!text.isEmpty());
}

void SessionsPage::refresh() {
  const auto selected = selectedRuns();
  runs_.clear();
  all_notes_.clear();
  showError(QString());
  if (!file_.empty() && fs::exists(file_)) {
    try {
      session::Session s(file_);
      runs_ = s.runs();
      all_notes_ = s.notes();
    } catch (const std::exception& e) {
      showError(engineText(e));
    }
  }
  const QSignalBlocker block(table_);
  table_->setRowCount(static_cast<int>(runs_.size()));
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    const auto& r = runs_[i];
    const QStringList cells = {QString::number(r.id),
                               statusText(r.status),
                               QString::fromStdString(r.kind),
                               QString::fromStdString(r.name),
                               r.last_step ? QString::number(*r.last_step) : QStringLiteral("—"),
                               QDateTime::fromSecsSinceEpoch(static_cast<qint64>(r.created))
                                   .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                               outcomeText(r)};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c == 0 || c == 4) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      if (c == 1 && r.status == session::RunStatus::failed) item->setForeground(QColor(176, 0, 32));
      table_->setItem(static_cast<int>(i), c, item);
    }
  }
  table_->resizeColumnsToContents();
  retranslate();
  // Nothing chosen yet: the latest training run (else the latest run), so its curve shows.
  std::vector<std::int64_t> show = selected;
  if (show.empty() && !runs_.empty()) {
    show.push_back(runs_.back().id);
    for (const auto& r : runs_)
      if (r.kind == "train") show.back() = r.id;
  }
  selectRuns(show);
}

QString SessionsPage::statusText(session::RunStatus status) {
  switch (status) {
    case session::RunStatus::running:
      return tr("running");
    case session::RunStatus::paused:
      return tr("paused");
    case session::RunStatus::completed:
      return tr("completed");
    case session::RunStatus::stopped:
      return tr("stopped");
    case session::RunStatus::failed:
      return tr("failed");
    case session::RunStatus::interrupted:
      return tr("interrupted");
  }
  return QString::fromStdString(session::to_string(status));
}

void SessionsPage::selectRuns(const std::vector<std::int64_t>& ids) {
  {
    const QSignalBlocker block(table_);
    table_->clearSelection();
    const std::set<std::int64_t> wanted(ids.begin(), ids.end());
    for (int row = 0; row < table_->rowCount(); ++row)
      if (wanted.count(runs_[static_cast<std::size_t>(row)].id))
        table_->selectionModel()->select(table_->model()->index(row, 0),
                                         QItemSelectionModel::Select | QItemSelectionModel::Rows);
  }
  selectionChanged();
}

std::vector<std::int64_t> SessionsPage::selectedRuns() const {
  std::vector<std::int64_t> ids;
  for (const auto& index : table_->selectionModel()->selectedRows())
    ids.push_back(runs_[static_cast<std::size_t>(index.row())].id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void SessionsPage::selectionChanged() {
  const auto ids = selectedRuns();
  rename_->setEnabled(ids.size() == 1 && !busy());
  bool training = false;
  for (const auto& r : runs_)
    if (ids.size() == 1 && r.id == ids[0]) training = r.kind == "train";
  open_->setEnabled(training);
  note_->setEnabled(!file_.empty() && !busy());
  export_->setEnabled(!file_.empty() && fs::exists(file_) && !busy());
  import_->setEnabled(!busy());
  // The metrics the selected runs have in common first, then the others.
  const QString current = metric_->currentText();
  std::map<std::string, int> counts;
  if (!ids.empty() && fs::exists(file_)) {
    try {
      session::Session s(file_);
      for (auto id : ids)
        for (const auto& series : s.series(id)) ++counts[series.name];
    } catch (const std::exception& e) {
      showError(engineText(e));
    }
  }
  std::vector<std::pair<std::string, int>> names(counts.begin(), counts.end());
  std::stable_sort(names.begin(), names.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  {
    const QSignalBlocker block(metric_);
    metric_->clear();
    for (const auto& [name, n] : names) metric_->addItem(QString::fromStdString(name));
    int keep = metric_->findText(current);
    if (keep < 0) keep = metric_->findText(QStringLiteral("loss"));
    if (keep >= 0) metric_->setCurrentIndex(keep);
  }
  updateChart();
  updateDiff();
  updateNotes();
}

void SessionsPage::updateChart() {
  chart_->clear();
  const auto ids = selectedRuns();
  const std::string metric = metric_->currentText().toStdString();
  chart_->setTitle(metric_->currentText());
  if (ids.empty() || metric.empty()) return;
  try {
    session::Session s(file_);
    std::size_t colour = 0;
    for (auto id : ids) {
      // Chart-ready from the levels kept in the file, whatever the run's length.
      session::Curve curve = s.curve(id, metric, 2000);
      if (curve.points.empty()) continue;
      std::string name;
      for (const auto& r : runs_)
        if (r.id == id) name = r.name;
      chart_->setCurve(QString::number(id),
                       tr("run %1 %2").arg(id).arg(QString::fromStdString(name)), std::move(curve),
                       kColours[colour++ % std::size(kColours)]);
    }
  } catch (const std::exception& e) {
    showError(engineText(e));
  }
  chart_->refresh();
}

void SessionsPage::updateDiff() {
  diff_->setRowCount(0);
  const auto ids = selectedRuns();
  if (ids.size() != 2) return;
  const session::RunInfo *a = nullptr, *b = nullptr;
  for (const auto& r : runs_) {
    if (r.id == ids[0]) a = &r;
    if (r.id == ids[1]) b = &r;
  }
  if (a == nullptr || b == nullptr) return;
  diff_->setHorizontalHeaderLabels(
      {tr("Setting"), tr("run %1").arg(a->id), tr("run %1").arg(b->id)});
  // Every leaf of the two configs by its JSON pointer; the rows where they differ.
  const nlohmann::json fa = a->config.is_null() ? nlohmann::json::object() : a->config.flatten();
  const nlohmann::json fb = b->config.is_null() ? nlohmann::json::object() : b->config.flatten();
  std::set<std::string> keys;
  for (const auto& [k, v] : fa.items()) keys.insert(k);
  for (const auto& [k, v] : fb.items()) keys.insert(k);
  int row = 0;
  for (const auto& k : keys) {
    const nlohmann::json va = fa.contains(k) ? fa[k] : nlohmann::json();
    const nlohmann::json vb = fb.contains(k) ? fb[k] : nlohmann::json();
    if (va == vb) continue;
    diff_->insertRow(row);
    diff_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(k.substr(1))));
    diff_->setItem(row, 1, new QTableWidgetItem(text_of(va)));
    diff_->setItem(row, 2, new QTableWidgetItem(text_of(vb)));
    ++row;
  }
}

void SessionsPage::updateNotes() {
  notes_->clear();
  const auto ids = selectedRuns();
  const std::set<std::int64_t> wanted(ids.begin(), ids.end());
  for (const auto& n : all_notes_) {
    if (n.run_id && !wanted.count(*n.run_id)) continue;
    const QString when = QDateTime::fromSecsSinceEpoch(static_cast<qint64>(n.time))
                             .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    notes_->addItem(
        n.run_id ? tr("%1, run %2: %3").arg(when).arg(*n.run_id).arg(QString::fromStdString(n.text))
                 : tr("%1, session: %2").arg(when).arg(QString::fromStdString(n.text)));
  }
}

bool SessionsPage::renameRun(std::int64_t run, const QString& name) {
  QString text = name;
  if (text.isEmpty()) {
    QString old;
    for (const auto& r : runs_)
      if (r.id == run) old = QString::fromStdString(r.name);
    bool ok = false;
    text = QInputDialog::getText(this, tr("Rename run %1").arg(run), tr("Name:"), QLineEdit::Normal,
                                 old, &ok);
    if (!ok || text.trimmed().isEmpty()) return false;
  }
  try {
    session::SessionWriter w(file_);
    w.rename_run(run, text.trimmed().toStdString());
  } catch (const std::exception& e) {
    showError(engineText(e));
    return false;
  }
  refresh();
  return true;
}

bool SessionsPage::addNote(const QString& text_in) {
  const auto ids = selectedRuns();
  QString text = text_in;
  if (text.isEmpty()) {
    bool ok = false;
    text = QInputDialog::getMultiLineText(
        this, tr("Note"),
        ids.size() == 1 ? tr("A note on run %1:").arg(ids[0]) : tr("A note on the session:"),
        QString(), &ok);
    if (!ok || text.trimmed().isEmpty()) return false;
  }
  try {
    session::SessionWriter w(file_);
    w.note(ids.size() == 1 ? std::optional<std::int64_t>(ids[0]) : std::nullopt,
           text.trimmed().toStdString());
  } catch (const std::exception& e) {
    showError(engineText(e));
    return false;
  }
  refresh();
  tabs_->setCurrentWidget(notes_);
  return true;
}

bool SessionsPage::exportTo(const QString& archive_in) {
  if (busy() || file_.empty()) return false;
  QString archive = archive_in;
  if (archive.isEmpty()) {
    archive = QFileDialog::getSaveFileName(
        this, tr("Export session"),
        QString::fromStdString(file_.stem().string()) + QStringLiteral(".tar.zst"),
        tr("Session archives (*.tar.zst)"));
    if (archive.isEmpty()) return false;
  }
  const fs::path file = file_;
  const fs::path target = archive.toStdString();
  startWork(
      [file, target](ProgressSink* sink, const CancelToken* cancel) {
        const auto r = session::export_session(file, target, sink, cancel);
        return tr("Exported %1 files (%2 MB) into %3")
            .arg(r.files)
            .arg(double(r.bytes) / 1e6, 0, 'f', 1)
            .arg(QString::fromStdString(target.string()));
      },
      QString());
  return true;
}

bool SessionsPage::importFrom(const QString& archive_in, const QString& destination_in) {
  if (busy()) return false;
  QString archive = archive_in, destination = destination_in;
  if (archive.isEmpty()) {
    archive = QFileDialog::getOpenFileName(this, tr("Import session"), QString(),
                                           tr("Session archives (*.tar.zst)"));
    if (archive.isEmpty()) return false;
  }
  if (destination.isEmpty()) {
    destination = QFileDialog::getSaveFileName(this, tr("Save the imported session as"), QString(),
                                               tr("Ahenk sessions (*.ahenk)"));
    if (destination.isEmpty()) return false;
  }
  const fs::path from = archive.toStdString();
  const fs::path to = destination.toStdString();
  startWork(
      [from, to](ProgressSink* sink, const CancelToken* cancel) {
        const auto r = session::import_session(from, to, sink, cancel);
        return tr("Imported %1 files into %2")
            .arg(r.files)
            .arg(QString::fromStdString(to.string()));
      },
      destination);
  return true;
}

void SessionsPage::startWork(std::function<QString(ProgressSink*, const CancelToken*)> work,
                             const QString& imported) {
  showError(QString());
  sink_ = std::make_unique<Sink>();
  cancel_token_ = std::make_unique<CancelToken>();
  {
    std::lock_guard lock(work_mutex_);
    work_done_ = false;
    work_result_.clear();
    work_error_.clear();
    work_imported_ = imported;
  }
  worker_ = std::thread([this, work = std::move(work)] {
    QString result, error;
    try {
      result = work(sink_.get(), cancel_token_.get());
    } catch (const Cancelled&) {
      error = tr("Cancelled; nothing was written.");
    } catch (const std::exception& e) {
      error = engineText(e);
    }
    std::lock_guard lock(work_mutex_);
    work_result_ = result;
    work_error_ = error;
    work_done_ = true;
  });
  progress_->setRange(0, 0);
  progress_->show();
  cancel_->show();
  work_timer_->start();
  selectionChanged();
}

void SessionsPage::cancelWork() {
  if (cancel_token_) cancel_token_->cancel();
}

void SessionsPage::pollWork() {
  if (sink_) {
    const Progress p = sink_->get();
    if (p.total > 0) {
      progress_->setRange(0, 1000);
      progress_->setValue(static_cast<int>(1000.0 * double(p.done) / double(p.total)));
    }
  }
  bool finished = false;
  QString result, error, imported;
  {
    std::lock_guard lock(work_mutex_);
    finished = work_done_;
    result = work_result_;
    error = work_error_;
    imported = work_imported_;
  }
  if (!finished) return;
  worker_.join();
  work_timer_->stop();
  progress_->hide();
  cancel_->hide();
  showError(error);
  selectionChanged();
  emit done(error.isEmpty(), error.isEmpty() ? result : error,
            error.isEmpty() ? imported : QString());
}

void SessionsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void SessionsPage::retranslate() {
  title_->setText(file_.empty() ? tr("No session is open.")
                                : tr("Session %1: %2 runs")
                                      .arg(QString::fromStdString(file_.string()))
                                      .arg(runs_.size()));
  refresh_->setText(tr("Refresh"));
  refresh_->setToolTip(
      tr("Read the session again (F5); runs recording elsewhere show their "
         "latest steps"));
  rename_->setText(tr("Rename..."));
  note_->setText(tr("Add note..."));
  note_->setToolTip(tr("A note on the selected run, or on the session when none is selected"));
  open_->setText(tr("Open in Train page"));
  open_->setToolTip(tr("Load this training run's configuration into the Train page"));
  export_->setText(tr("Export..."));
  export_->setToolTip(tr("Write the session and its artifacts into one archive to share"));
  import_->setText(tr("Import..."));
  import_->setToolTip(
      tr("Unpack a session archive, checking every file's SHA-256 before anything is kept"));
  cancel_->setText(tr("Cancel"));
  table_->setHorizontalHeaderLabels({tr("Run"), tr("Status"), tr("Kind"), tr("Name"),
                                     tr("Last step"), tr("Started"), tr("Outcome")});
  metric_label_->setText(tr("Metric"));
  log_scale_->setText(tr("Log scale"));
  smoothing_label_->setText(tr("Smoothing %1").arg(smoothing_->value() / 100.0, 0, 'f', 2));
  tabs_->setTabText(0, tr("Curves"));
  tabs_->setTabText(1, tr("Config difference (select two runs)"));
  tabs_->setTabText(2, tr("Notes"));
  if (diff_->rowCount() == 0)
    diff_->setHorizontalHeaderLabels({tr("Setting"), tr("first run"), tr("second run")});
}

}  // namespace ahenk::ui
