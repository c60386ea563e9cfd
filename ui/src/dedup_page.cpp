#include "dedup_page.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QValueAxis>
#include <QVBoxLayout>
#include <map>

#include "ahenk/text/minhash.h"
#include "engine_text.h"
#include "page_helpers.h"

namespace ahenk::ui {

namespace {

// The Jaccard a pair is placed at: exact when verified, else the signature's estimate.
double pair_jaccard(const text::DedupOutput::Pair& p) {
  return p.exact >= 0 ? p.exact : p.estimated;
}

QString words_html(const text::SharedWords& w) {
  QString html;
  bool open = false;
  for (std::size_t i = 0; i < w.words.size(); ++i) {
    if (w.shared[i] != open) {
      html += w.shared[i] ? QStringLiteral("<span style=\"background-color:#d8f0c8\">")
                          : QStringLiteral("</span>");
      open = w.shared[i];
    }
    html += QString::fromStdString(w.words[i]).toHtmlEscaped() + QLatin1Char(' ');
  }
  if (open) html += QStringLiteral("</span>");
  return html;
}

}  // namespace

DedupPage::DedupPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("dedupPage"));
  source_ = new QLabel();
  source_->setWordWrap(true);
  open_ = new QPushButton();
  connect(open_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("A corpus output folder"));
    if (!dir.isEmpty()) openOutput(dir);
  });
  error_ = makeErrorLabel(QStringLiteral("dedupError"));
  summary_ = new QLabel();
  summary_->setObjectName(QStringLiteral("dedupSummary"));
  summary_->setWordWrap(true);
  warnings_ = new QLabel();
  warnings_->setObjectName(QStringLiteral("dedupWarnings"));
  warnings_->setWordWrap(true);
  warnings_->setStyleSheet(QStringLiteral("color: #a05000;"));

  // The S-curve with the pairs on it.
  auto* chart = new QChart();
  chart->legend()->hide();  // the key is in the note under the chart (it wraps; a legend elides)
  curve_ = new QLineSeries();
  curve_->setColor(QColor(0x1f, 0x77, 0xb4));
  threshold_line_ = new QLineSeries();
  threshold_line_->setPen(QPen(QColor(200, 20, 20), 1.5, Qt::DashLine));
  joined_ = new QScatterSeries();
  joined_->setColor(QColor(40, 160, 60));
  joined_->setMarkerSize(9);
  rejected_ = new QScatterSeries();
  rejected_->setColor(QColor(150, 150, 150));
  rejected_->setMarkerSize(9);
  for (QAbstractSeries* s :
       std::initializer_list<QAbstractSeries*>{curve_, threshold_line_, rejected_, joined_}) {
    s->setName(QStringLiteral(" "));  // named in updateCurve(); an unnamed series gets no label
    chart->addSeries(s);
  }
  auto* x = new QValueAxis();
  x->setRange(0, 1);
  auto* y = new QValueAxis();
  y->setRange(0, 1.02);
  y->setLabelFormat(QStringLiteral("%.1f"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  for (auto* s : chart->series()) {
    s->attachAxis(x);
    s->attachAxis(y);
  }
  curve_view_ = new QChartView(chart);
  curve_view_->setObjectName(QStringLiteral("sCurve"));
  curve_view_->setRenderHint(QPainter::Antialiasing);
  curve_view_->setMinimumHeight(240);
  bands_ = new QSpinBox();
  bands_->setObjectName(QStringLiteral("lshBands"));
  bands_->setRange(1, 1024);
  rows_ = new QSpinBox();
  rows_->setObjectName(QStringLiteral("lshRows"));
  rows_->setRange(1, 1024);
  connect(bands_, &QSpinBox::valueChanged, this, [this] { updateCurve(); });
  connect(rows_, &QSpinBox::valueChanged, this, [this] { updateCurve(); });
  curve_note_ = new QLabel();
  curve_note_->setObjectName(QStringLiteral("sCurveNote"));
  curve_note_->setWordWrap(true);
  curve_note_->setMinimumHeight(4 * curve_note_->fontMetrics().lineSpacing() + 4);
  sizes_ = new QLabel();
  sizes_->setWordWrap(true);

  clusters_ = new QTableWidget(0, 4);
  clusters_->setObjectName(QStringLiteral("dedupClusters"));
  clusters_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  clusters_->setSelectionBehavior(QAbstractItemView::SelectRows);
  clusters_->verticalHeader()->hide();
  clusters_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
  connect(clusters_, &QTableWidget::currentCellChanged, this,
          [this](int row) { selectCluster(row); });
  members_ = new QTableWidget(0, 3);
  members_->setObjectName(QStringLiteral("dedupMembers"));
  members_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  members_->setSelectionBehavior(QAbstractItemView::SelectRows);
  members_->verticalHeader()->hide();
  members_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  connect(members_, &QTableWidget::currentCellChanged, this,
          [this](int row) { selectMember(row); });
  connect(members_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() == 2) setMemberKept(item->row(), item->checkState() == Qt::Checked);
  });
  pair_ = new QLabel();
  pair_->setObjectName(QStringLiteral("dedupPair"));
  pair_->setWordWrap(true);
  pair_->setMinimumHeight(3 * pair_->fontMetrics().lineSpacing() + 4);
  left_ = new QTextBrowser();
  right_ = new QTextBrowser();
  right_->setObjectName(QStringLiteral("dedupShared"));
  apply_ = new QPushButton();
  apply_->setObjectName(QStringLiteral("applyDecisions"));
  connect(apply_, &QPushButton::clicked, this, &DedupPage::applyDecisions);

  auto* top = new QHBoxLayout();
  top->addWidget(source_, 1);
  top->addWidget(open_);
  auto* spin_row = new QHBoxLayout();
  auto* bands_caption = new QLabel();
  bands_caption->setObjectName(QStringLiteral("bandsCaption"));
  auto* rows_caption = new QLabel();
  rows_caption->setObjectName(QStringLiteral("rowsCaption"));
  spin_row->addWidget(bands_caption);
  spin_row->addWidget(bands_);
  spin_row->addWidget(rows_caption);
  spin_row->addWidget(rows_);
  spin_row->addStretch(1);
  auto* left_col = new QWidget();
  auto* ll = new QVBoxLayout(left_col);
  ll->setContentsMargins(0, 0, 0, 0);
  ll->addWidget(curve_view_, 2);
  ll->addLayout(spin_row);
  ll->addWidget(curve_note_);
  ll->addWidget(sizes_);
  ll->addWidget(clusters_, 2);
  auto* texts = new QSplitter();
  texts->addWidget(left_);
  texts->addWidget(right_);
  auto* right_col = new QWidget();
  auto* rl = new QVBoxLayout(right_col);
  rl->setContentsMargins(0, 0, 0, 0);
  rl->addWidget(members_, 1);
  auto* apply_row = new QHBoxLayout();
  apply_row->addStretch(1);
  apply_row->addWidget(apply_);
  rl->addLayout(apply_row);
  rl->addWidget(pair_);
  rl->addWidget(texts, 2);
  auto* splitter = new QSplitter();
  splitter->addWidget(left_col);
  splitter->addWidget(right_col);
  splitter->setSizes({520, 700});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addLayout(top);
  layout->addWidget(error_);
  layout->addWidget(summary_);
  layout->addWidget(warnings_);
  layout->addWidget(splitter, 1);
  retranslate();
}

bool DedupPage::openOutput(const QString& dir) {
  try {
    dedup_ = text::DedupOutput::load(dir.toStdString());
    documents_ = std::make_unique<text::OutputDocuments>(dir.toStdString());
  } catch (const std::exception& e) {
    error_->setText(engineText(e));
    error_->show();
    return false;
  }
  error_->hide();
  dir_ = dir;
  decisions_.clear();
  bands_->blockSignals(true);
  rows_->blockSignals(true);
  bands_->setValue(dedup_.bands);
  rows_->setValue(dedup_.rows);
  bands_->blockSignals(false);
  rows_->blockSignals(false);
  showClusters();
  retranslate();
  return true;
}

void DedupPage::setBandsRows(int bands, int rows) {
  bands_->setValue(bands);
  rows_->setValue(rows);
  updateCurve();
}

double DedupPage::candidateProbability() const {
  return text::lsh_probability(dedup_.threshold, rows_->value(), bands_->value());
}

void DedupPage::updateCurve() {
  const int b = bands_->value(), r = rows_->value();
  QList<QPointF> points;
  for (int i = 0; i <= 200; ++i) {
    const double s = i / 200.0;
    points << QPointF(s, text::lsh_probability(s, r, b));
  }
  curve_->replace(points);
  curve_->setName(tr("P(candidate), %1 bands × %2 rows").arg(b).arg(r));
  threshold_line_->replace({QPointF(dedup_.threshold, 0), QPointF(dedup_.threshold, 1.02)});
  threshold_line_->setName(tr("threshold %1").arg(dedup_.threshold));
  QList<QPointF> joined, rejected;
  for (const auto& p : dedup_.pairs) {
    if (p.exact_duplicate) continue;  // found by the exact pass, not by LSH
    const double s = pair_jaccard(p);
    (p.joined ? joined : rejected) << QPointF(s, text::lsh_probability(s, r, b));
  }
  joined_->replace(joined);
  rejected_->replace(rejected);
  joined_->setName(tr("joined pairs (%1)").arg(joined.size()));
  rejected_->setName(tr("candidates below the threshold (%1)").arg(rejected.size()));
  const QString key =
      QStringLiteral(
          "<span style=\"color:#1f77b4\">━</span> %1 &nbsp; "
          "<span style=\"color:#c81414\">┆</span> %2 &nbsp; "
          "<span style=\"color:#28a03c\">●</span> %3 &nbsp; "
          "<span style=\"color:#969696\">●</span> %4<br>")
          .arg(curve_->name().toHtmlEscaped(), threshold_line_->name().toHtmlEscaped(),
               joined_->name().toHtmlEscaped(), rejected_->name().toHtmlEscaped());
  curve_note_->setText(
      key + tr("With %1 bands of %2 rows (%3 hash functions), a pair at Jaccard %4 becomes a "
               "candidate with probability %5; at 0.5, %6. The run used %7 × %8.")
                .arg(b)
                .arg(r)
                .arg(b * r)
                .arg(dedup_.threshold)
                .arg(candidateProbability(), 0, 'f', 3)
                .arg(text::lsh_probability(0.5, r, b), 0, 'f', 3)
                .arg(dedup_.bands)
                .arg(dedup_.rows));
}

void DedupPage::showClusters() {
  std::uint64_t exact = 0, near = 0, giant = 0, split = 0;
  for (const auto& p : dedup_.pairs) (p.exact_duplicate ? exact : near) += p.joined;
  std::map<std::size_t, int> sizes;
  clusters_->setRowCount(int(dedup_.clusters.size()));
  for (int i = 0; i < int(dedup_.clusters.size()); ++i) {
    const auto& c = dedup_.clusters[std::size_t(i)];
    ++sizes[c.members.size()];
    giant += c.giant;
    split += c.split;
    QStringList flags;
    if (c.giant) flags << tr("giant");
    if (c.split) flags << tr("split");
    auto* size = new QTableWidgetItem();
    size->setData(Qt::DisplayRole, int(c.members.size()));
    clusters_->setItem(i, 0, new QTableWidgetItem(QString::number(c.id)));
    clusters_->setItem(i, 1, size);
    clusters_->setItem(i, 2, new QTableWidgetItem(QString::fromStdString(c.kept)));
    clusters_->setItem(i, 3, new QTableWidgetItem(flags.join(QStringLiteral(", "))));
  }
  clusters_->resizeColumnToContents(0);
  clusters_->resizeColumnToContents(1);
  QStringList histogram;
  for (auto it = sizes.rbegin(); it != sizes.rend(); ++it)
    histogram << tr("%1 of size %2").arg(it->second).arg(it->first);
  sizes_->setText(dedup_.clusters.empty()
                      ? tr("No clusters: no two documents are duplicates at this threshold.")
                      : tr("Clusters by size: %1").arg(histogram.join(QStringLiteral(", "))));
  summary_->setText(tr("%1 candidate pairs; %2 clusters; joined as exact duplicates: %3, as near "
                       "duplicates: %4 (threshold %5, %6).")
                        .arg(dedup_.pairs.size())
                        .arg(dedup_.clusters.size())
                        .arg(exact)
                        .arg(near)
                        .arg(dedup_.threshold)
                        .arg(dedup_.verify ? tr("each pair verified by its exact Jaccard")
                                           : tr("pairs joined unverified, as datatrove does")));
  QStringList warn;
  if (giant > 0)
    warn << tr(
        "%n giant cluster(s): many documents joined into one, often boilerplate (a "
        "licence, a navigation bar) rather than copies. Read a few members before "
        "removing them.",
        nullptr, int(giant));
  if (split > 0)
    warn << tr(
        "%n cluster(s) split: members joined through a chain of pairs but not similar "
        "enough to the kept document became clusters of their own.",
        nullptr, int(split));
  warnings_->setText(warn.join(QLatin1Char('\n')));
  warnings_->setVisible(!warn.isEmpty());
  updateCurve();
  members_->setRowCount(0);
  left_->clear();
  right_->clear();
  pair_->clear();
  cluster_ = member_ = -1;
  if (!dedup_.clusters.empty()) clusters_->selectRow(0), selectCluster(0);
}

int DedupPage::clusterRows() const {
  return clusters_->rowCount();
}

int DedupPage::memberRows() const {
  return members_->rowCount();
}

QString DedupPage::warnings() const {
  return warnings_->text();
}

void DedupPage::selectCluster(int row) {
  if (row < 0 || row >= int(dedup_.clusters.size()) || row == cluster_) return;
  cluster_ = row;
  const auto& c = dedup_.clusters[std::size_t(row)];
  members_->blockSignals(true);
  members_->setRowCount(int(c.members.size()));
  for (int i = 0; i < int(c.members.size()); ++i) {
    const auto& m = c.members[std::size_t(i)];
    bool kept = documents_->is_kept(m.id);
    for (const auto& [id, keep] : decisions_)
      if (id == m.id) kept = keep;
    auto* keep_item = new QTableWidgetItem(tr("keep"));
    keep_item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    keep_item->setCheckState(kept ? Qt::Checked : Qt::Unchecked);
    members_->setItem(i, 0, new QTableWidgetItem(QString::fromStdString(m.id)));
    members_->setItem(i, 1, new QTableWidgetItem(QString::number(m.jaccard, 'f', 3)));
    members_->setItem(i, 2, keep_item);
  }
  members_->blockSignals(false);
  members_->resizeColumnToContents(1);
  member_ = -1;
  if (c.members.size() > 1) members_->selectRow(1), selectMember(1);
}

void DedupPage::selectMember(int row) {
  if (cluster_ < 0 || row < 0 || row >= members_->rowCount()) return;
  member_ = row;
  showComparison();
}

void DedupPage::setMemberKept(int row, bool keep) {
  if (cluster_ < 0 || row < 0) return;
  const auto& c = dedup_.clusters[std::size_t(cluster_)];
  if (std::size_t(row) >= c.members.size()) return;
  const std::string& id = c.members[std::size_t(row)].id;
  std::erase_if(decisions_, [&](const auto& d) { return d.first == id; });
  const bool now = documents_->is_kept(id);
  if (keep != now) decisions_.emplace_back(id, keep);
  if (auto* item = members_->item(row, 2); item && (item->checkState() == Qt::Checked) != keep) {
    members_->blockSignals(true);
    item->setCheckState(keep ? Qt::Checked : Qt::Unchecked);
    members_->blockSignals(false);
  }
  apply_->setEnabled(!decisions_.empty());
  apply_->setText(tr("Apply %n decision(s) to the output", nullptr, int(decisions_.size())));
}

std::string DedupPage::textOf(const std::string& id) const {
  const auto doc = documents_->find(id);
  return doc ? doc->value("text", std::string()) : std::string();
}

void DedupPage::showComparison() {
  const auto& c = dedup_.clusters[std::size_t(cluster_)];
  const auto& kept = c.members.front();
  const auto& member = c.members[std::size_t(member_)];
  try {
    const std::string a = textOf(kept.id), b = textOf(member.id);
    const auto kept_words = text::shared_shingle_words(a, b, dedup_.ngram);
    const auto member_words = text::shared_shingle_words(b, a, dedup_.ngram);
    left_->setHtml(QStringLiteral("<p><b>%1</b> (%2)</p>")
                       .arg(QString::fromStdString(kept.id).toHtmlEscaped(), tr("kept")) +
                   words_html(kept_words));
    right_->setHtml(
        QStringLiteral("<p><b>%1</b></p>").arg(QString::fromStdString(member.id).toHtmlEscaped()) +
        words_html(member_words));
    QString evidence =
        tr("Shared %1-word shingles: %2 of %3 distinct in the member (highlighted). ")
            .arg(dedup_.ngram)
            .arg(member_words.shared_shingles)
            .arg(member_words.shingles);
    if (member_ == 0) {
      evidence = tr("The kept document itself.");
    } else if (const auto* p = dedup_.pair(kept.id, member.id)) {
      if (p->exact_duplicate) {
        evidence += tr("Exact duplicate: the same words.");
      } else {
        QStringList bands;
        for (const int band : p->bands) bands << QString::number(band);
        evidence += tr("Bands that collided: %1 of %2 (%3). Jaccard estimated from the "
                       "signatures %4, exact %5.")
                        .arg(p->bands.size())
                        .arg(dedup_.bands)
                        .arg(bands.join(QStringLiteral(", ")))
                        .arg(p->estimated, 0, 'f', 3)
                        .arg(p->exact, 0, 'f', 3);
      }
    } else {
      evidence += tr("Not a candidate pair with the kept document: joined through another member "
                     "(Jaccard to the kept document %1).")
                      .arg(member.jaccard, 0, 'f', 3);
    }
    pair_->setText(evidence);
  } catch (const std::exception& e) {
    pair_->setText(engineText(e));
  }
}

QString DedupPage::comparisonText() const {
  return pair_->text();
}

QString DedupPage::sharedHtml() const {
  return right_->toHtml();
}

bool DedupPage::applyDecisions() {
  if (decisions_.empty() || dir_.isEmpty()) return false;
  try {
    text::apply_keep_decisions(dir_.toStdString(), decisions_);
  } catch (const std::exception& e) {
    error_->setText(engineText(e));
    error_->show();
    return false;
  }
  const QString dir = dir_;
  const int cluster = cluster_;
  openOutput(dir);
  if (cluster >= 0 && cluster < clusterRows()) {
    clusters_->selectRow(cluster);
    selectCluster(cluster);
  }
  emit outputChanged(dir);
  return true;
}

void DedupPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void DedupPage::retranslate() {
  source_->setText(dir_.isEmpty()
                       ? tr("Run the corpus stage with deduplication on the Corpus page, or open "
                            "an output folder: its clusters and candidate pairs are shown here.")
                       : tr("Deduplication of %1").arg(dir_));
  open_->setText(tr("Open output..."));
  if (auto* c = findChild<QLabel*>(QStringLiteral("bandsCaption"))) c->setText(tr("Bands"));
  if (auto* c = findChild<QLabel*>(QStringLiteral("rowsCaption"))) c->setText(tr("Rows"));
  bands_->setToolTip(tr("More bands catch less similar pairs (the curve moves left)."));
  rows_->setToolTip(tr("More rows per band make the curve steeper and move it right."));
  curve_view_->chart()->setTitle(tr("LSH S-curve: the chance that a pair becomes a candidate"));
  curve_view_->chart()->axes(Qt::Horizontal).value(0)->setTitleText(tr("Jaccard similarity"));
  curve_view_->chart()->axes(Qt::Vertical).value(0)->setTitleText(tr("probability"));
  clusters_->setHorizontalHeaderLabels({tr("Cluster"), tr("Size"), tr("Kept"), tr("Flags")});
  members_->setHorizontalHeaderLabels({tr("Member"), tr("Jaccard"), tr("Decision")});
  apply_->setText(tr("Apply %n decision(s) to the output", nullptr, int(decisions_.size())));
  apply_->setToolTip(
      tr("Moves the documents between kept.jsonl and removed.jsonl and records "
         "the decisions in decisions.jsonl."));
  apply_->setEnabled(!decisions_.empty());
  if (!dir_.isEmpty()) {
    const int cluster = cluster_, member = member_;
    showClusters();
    if (cluster >= 0) clusters_->selectRow(cluster), selectCluster(cluster);
    if (member >= 0) members_->selectRow(member), selectMember(member);
  }
}

}  // namespace ahenk::ui
