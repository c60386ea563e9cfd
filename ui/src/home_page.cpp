#include "home_page.h"

#include <QApplication>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <QtGlobal>

#include "engine_text.h"
#include "full_report.h"
#include "report_tree.h"
#include "resources_path.h"

namespace ahenk::ui {

HomePage::HomePage(QWidget* parent) : QWidget(parent), cancel_(std::make_shared<CancelToken>()) {
  auto* layout = new QVBoxLayout(this);
  title_ = new QLabel(this);
  QFont big = title_->font();
  big.setPointSizeF(big.pointSizeF() * 1.6);
  big.setBold(true);
  title_->setFont(big);
  intro_ = new QLabel(this);
  intro_->setWordWrap(true);
  layout->addWidget(title_);
  layout->addWidget(intro_);

  auto* columns = new QHBoxLayout;
  sample_box_ = new QGroupBox(this);
  auto* sample_layout = new QVBoxLayout(sample_box_);
  sample_label_ = new QLabel(sample_box_);
  sample_label_->setWordWrap(true);
  sample_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  totals_ = new QTableWidget(6, 2, sample_box_);
  totals_->setObjectName(QStringLiteral("sampleTotals"));
  totals_->verticalHeader()->hide();
  totals_->horizontalHeader()->setStretchLastSection(true);
  totals_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  totals_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  totals_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  files_ = new QTableWidget(0, 4, sample_box_);
  files_->setObjectName(QStringLiteral("sampleFiles"));
  files_->verticalHeader()->hide();
  files_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  files_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  files_->setWordWrap(false);
  files_->setTextElideMode(Qt::ElideMiddle);
  files_->verticalHeader()->setDefaultSectionSize(files_->fontMetrics().height() + 8);
  files_->setSortingEnabled(true);
  files_->sortByColumn(0, Qt::AscendingOrder);
  sample_layout->addWidget(sample_label_);
  sample_layout->addWidget(totals_);
  sample_layout->addWidget(files_, 1);

  env_box_ = new QGroupBox(this);
  auto* env_layout = new QVBoxLayout(env_box_);
  report_tree_ = new ReportTree(env_box_);
  report_tree_->setObjectName(QStringLiteral("environmentReport"));
  env_layout->addWidget(report_tree_);

  columns->addWidget(sample_box_, 1);
  columns->addWidget(env_box_, 1);
  layout->addLayout(columns, 1);

  const auto dir = app::sample_corpus_dir();
  sample_path_ = QString::fromStdString(dir.string());
  retranslate();
  start();
}

HomePage::~HomePage() {
  cancel_->cancel();
}

void HomePage::start() {
  QPointer<HomePage> self(this);
  const std::string path = sample_path_.toStdString();
  auto cancel = cancel_;
  const std::string qt_version = qVersion();
  QThread* worker = QThread::create([self, path, cancel, qt_version] {
    std::optional<text::CorpusStats> stats;
    QString error;
    try {
      if (path.empty())
        throw text::InputError(
            QT_TRANSLATE_NOOP("Engine", "the sample corpus is missing from this installation"));
      stats = text::corpus_stats({path}, nullptr, cancel.get());
    } catch (const Cancelled&) {
      return;
    } catch (const std::exception& e) {
      error = engineText(e);
    }
    QMetaObject::invokeMethod(
        qApp,
        [self, stats, error] {
          if (!self) return;
          self->stats_ = stats;
          self->stats_error_ = error;
          self->showStats();
          emit self->sampleReady();
        },
        Qt::QueuedConnection);
    auto report = app::full_report(qt_version);
    QMetaObject::invokeMethod(
        qApp,
        [self, report] {
          if (!self) return;
          self->report_ = report;
          self->report_tree_->setReport(report);
          emit self->reportReady();
        },
        Qt::QueuedConnection);
  });
  connect(worker, &QThread::finished, worker, &QObject::deleteLater);
  worker->start();
}

void HomePage::showStats() {
  const QLocale locale;
  if (!stats_) {
    sample_label_->setText(stats_error_.isEmpty()
                               ? tr("Reading the sample corpus…")
                               : tr("Cannot read the sample corpus: %1").arg(stats_error_));
    return;
  }
  sample_label_->setText(tr("The bundled sample corpus in %1").arg(sample_path_));
  const auto& t = stats_->totals;
  const QStringList names = {tr("Files"), tr("Bytes"),       tr("Lines"),
                             tr("Words"), tr("Code points"), tr("Invalid UTF-8 sequences")};
  const quint64 values[] = {
      quint64(stats_->files.size()), t.bytes, t.lines, t.words, t.code_points, t.invalid_utf8};
  for (int row = 0; row < names.size(); ++row) {
    totals_->setItem(row, 0, new QTableWidgetItem(names[row]));
    auto* value = new QTableWidgetItem(locale.toString(values[row]));
    value->setData(Qt::UserRole, values[row]);
    value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    totals_->setItem(row, 1, value);
  }
  totals_->resizeRowsToContents();
  int height = totals_->horizontalHeader()->height() + 2 * totals_->frameWidth();
  for (int row = 0; row < totals_->rowCount(); ++row) height += totals_->rowHeight(row);
  totals_->setFixedHeight(height);
  files_->setSortingEnabled(false);
  files_->setRowCount(int(stats_->files.size()));
  for (int row = 0; row < int(stats_->files.size()); ++row) {
    const auto& f = stats_->files[size_t(row)];
    QString name = QString::fromStdString(f.path);
    if (name.startsWith(sample_path_)) name = name.mid(sample_path_.size() + 1);
    files_->setItem(row, 0, new QTableWidgetItem(name));
    const quint64 numbers[] = {f.counts.bytes, f.counts.lines, f.counts.words};
    for (int c = 0; c < 3; ++c) {
      auto* item = new QTableWidgetItem;
      item->setData(Qt::DisplayRole, numbers[c]);
      item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      files_->setItem(row, c + 1, item);
    }
  }
  files_->setSortingEnabled(true);
}

void HomePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void HomePage::retranslate() {
  title_->setText(tr("Welcome to Ahenk"));
  intro_->setText(
      tr("Ahenk shows, step by step, how a language model is trained from a pile of "
         "text files: the corpus, the tokenizer, the model and its training. Pick a "
         "stage on the left. Each stage appears here as it becomes available."));
  sample_box_->setTitle(tr("Sample corpus"));
  env_box_->setTitle(tr("This machine"));
  totals_->setHorizontalHeaderLabels({tr("Measure"), tr("Value")});
  files_->setHorizontalHeaderLabels({tr("File"), tr("Bytes"), tr("Lines"), tr("Words")});
  showStats();
}

}  // namespace ahenk::ui
