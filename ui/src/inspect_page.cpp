#include "inspect_page.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QTabBar>
#include <QTimer>
#include <QVBoxLayout>
#include <chrono>

#include "ahenk/message.h"
#include "ahenk/train/trainer.h"
#include "background_job.h"
#include "engine_text.h"
#include "subject.h"
#include "training_job.h"
#include "translate.h"
#include "vulkan_view.h"

namespace ahenk::ui {
namespace {

const char* const kViewIds[] = {"embeddings", "attention", "rope", "spikes", "scan"};

}  // namespace

struct InspectPage::Snapshot {
  QString label;  // "step 200" or the folder's name
  inspect::EmbeddingView::Data data;
};

InspectPage::InspectPage(QWidget* parent) : QWidget(parent) {
  // The views' ImGui text goes through Qt's translations (context "InspectOverlay").
  inspect::set_translator([](const char* source) {
    return QCoreApplication::translate("InspectOverlay", source).toStdString();
  });
  installEngineTranslator();  // the views' engine errors (ahenk::describe)
  for (const char* id : kViewIds) views_.push_back(inspect::make_view(id));

  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  checkpoint_label_ = new QLabel(this);
  checkpoint_ = new QLineEdit(this);
  checkpoint_->setObjectName(QStringLiteral("inspectCheckpoint"));
  open_ = new QPushButton(this);
  open_->setObjectName(QStringLiteral("inspectOpen"));
  follow_ = new QCheckBox(this);
  follow_->setObjectName(QStringLiteral("inspectFollow"));
  follow_->setChecked(true);
  top->addWidget(checkpoint_label_);
  top->addWidget(checkpoint_, 1);
  top->addWidget(open_);
  top->addWidget(follow_);
  layout->addLayout(top);

  auto* second = new QHBoxLayout;
  prompt_label_ = new QLabel(this);
  prompt_ = new QLineEdit(this);
  prompt_->setObjectName(QStringLiteral("inspectPrompt"));
  prompt_->setText(QStringLiteral("To be, or not to be, that is the question."));
  scrub_label_ = new QLabel(this);
  scrub_ = new QSlider(Qt::Horizontal, this);
  scrub_->setObjectName(QStringLiteral("inspectScrub"));
  scrub_->setRange(0, 0);
  scrub_->setEnabled(false);
  scrub_->setMaximumWidth(240);
  second->addWidget(prompt_label_);
  second->addWidget(prompt_, 1);
  second->addWidget(scrub_label_);
  second->addWidget(scrub_);
  layout->addLayout(second);

  tabs_ = new QTabBar(this);
  tabs_->setObjectName(QStringLiteral("inspectTabs"));
  for (std::size_t i = 0; i < views_.size(); ++i) tabs_->addTab(QString());
  layout->addWidget(tabs_);

  view_ = new VulkanView(this);
  view_->setObjectName(QStringLiteral("inspectView"));
  layout->addWidget(view_, 1);
  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("inspectStatus"));
  status_->setWordWrap(true);
  layout->addWidget(status_);

  job_ = new BackgroundJob(this);
  connect(job_, &BackgroundJob::tick, this, [this] { updateStatus(); });
  connect(job_, &BackgroundJob::finished, this, [this] {
    const bool ok = loading_ != nullptr && load_error_.empty();
    if (ok) {
      // Views are given the new subject before the old one goes (their sources point into it).
      std::swap(subject_, loading_);
      auto snapshot = std::make_unique<Snapshot>();
      const qint64 step = subject_->checkpoint.state.value("step", std::int64_t(-1));
      snapshot->label =
          step >= 0 ? tr("step %1").arg(step) : QString::fromStdString(subject_->name);
      snapshot->data = std::move(*loading_embeddings_);
      // Older snapshots keep their projection only (the scrubber); neighbours need the matrix.
      if (!history_.empty()) {
        auto& previous = history_.back()->data;
        previous.embeddings.clear();
        previous.embeddings.shrink_to_fit();
        previous.dims = 0;
      }
      const bool animate = !history_.empty() && history_.back()->data.projection.points ==
                                                    snapshot->data.projection.points;
      history_.push_back(std::move(snapshot));
      auto* embeddings = static_cast<inspect::EmbeddingView*>(viewById("embeddings"));
      embeddings->set_message("");
      embeddings->set_data(history_.back()->data, animate);
      attachAll();
      loading_.reset();
      scrub_->blockSignals(true);
      scrub_->setRange(0, int(history_.size()) - 1);
      scrub_->setValue(int(history_.size()) - 1);
      scrub_->setEnabled(history_.size() > 1);
      scrub_->blockSignals(false);
      message_.clear();
    } else {
      message_ = QString::fromStdString(load_error_);
      loading_.reset();
    }
    loading_embeddings_.reset();
    view_->requestFrame();
    updateStatus();
    emit loaded(ok, ok ? QString() : message_);
    if (!pending_dir_.isEmpty()) {
      const QString next = pending_dir_;
      pending_dir_.clear();
      openCheckpoint(next);
    }
  });

  connect(open_, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a checkpoint folder"),
                                                          checkpoint_->text());
    if (!dir.isEmpty()) openCheckpoint(dir);
  });
  connect(checkpoint_, &QLineEdit::returnPressed, this,
          [this] { openCheckpoint(checkpoint_->text()); });
  connect(prompt_, &QLineEdit::returnPressed, this, [this] { applyPrompt(); });
  connect(tabs_, &QTabBar::currentChanged, this, [this](int index) {
    if (index >= 0 && std::size_t(index) < views_.size())
      view_->setView(views_[std::size_t(index)].get());
    updateStatus();
  });
  connect(scrub_, &QSlider::valueChanged, this, [this](int index) { scrubTo(index); });
  connect(view_, &VulkanView::frameRendered, this, [this] {
    if (status_->property("device").toString().isEmpty() && !view_->deviceName().isEmpty()) {
      status_->setProperty("device", view_->deviceName());
      updateStatus();
    }
  });
  view_->setView(views_.front().get());
  live_timer_ = new QTimer(this);
  live_timer_->setInterval(1000);
  connect(live_timer_, &QTimer::timeout, this, [this] { pollTraining(); });
  live_timer_->start();
  retranslate();
}

InspectPage::~InspectPage() {
  // A checkpoint still loading writes into loading_: the job (a child, which Qt would delete only
  // after these members are gone) is cancelled and waited for first.
  delete job_;
  job_ = nullptr;
  // The Vulkan widget releases the current view's canvas before the views go.
  view_->setView(nullptr);
  delete view_;
  view_ = nullptr;
}

inspect::View* InspectPage::viewById(const QString& id) const {
  for (const auto& v : views_)
    if (id == QLatin1String(v->id())) return v.get();
  return nullptr;
}

QString InspectPage::currentView() const {
  const int index = tabs_->currentIndex();
  return index >= 0 ? QString::fromLatin1(views_[std::size_t(index)]->id()) : QString();
}

void InspectPage::showView(const QString& id) {
  for (std::size_t i = 0; i < views_.size(); ++i)
    if (id == QLatin1String(views_[i]->id())) tabs_->setCurrentIndex(int(i));
}

bool InspectPage::busy() const {
  return job_ != nullptr && job_->busy();
}

void InspectPage::openCheckpoint(const QString& dir) {
  if (dir.isEmpty()) return;
  if (job_->busy()) {
    pending_dir_ = dir;  // loaded when this one is done
    return;
  }
  checkpoint_->setText(dir);
  const std::string path = dir.toStdString();
  const std::string prompt = prompt_->text().toStdString();
  loading_ = std::make_unique<inspect::Subject>();
  loading_embeddings_ = std::make_unique<inspect::EmbeddingView::Data>();
  load_error_.clear();
  inspect::Subject* target = loading_.get();
  inspect::EmbeddingView::Data* embeddings = loading_embeddings_.get();
  std::string* error = &load_error_;
  job_->start([path, prompt, target, embeddings, error](CancelToken&, ProgressSink& sink) {
    try {
      sink.report({"loading the checkpoint", 0, 3, "steps"});
      *target = inspect::load_subject(path, prompt);
      sink.report({"counting tokens in the training text", 1, 3, "steps"});
      inspect::count_frequencies(*target);
      sink.report({"projecting the embeddings (PCA)", 2, 3, "steps"});
      *embeddings = inspect::embedding_data(*target);
    } catch (const std::exception& e) {
      *error = path + ": " + describe(e);
    }
  });
  updateStatus();
}

void InspectPage::checkpointSaved(qint64, const QString& dir) {
  if (follow_->isChecked()) openCheckpoint(dir);
}

void InspectPage::pollTraining() {
  auto* embeddings = static_cast<inspect::EmbeddingView*>(viewById("embeddings"));
  const bool pca = embeddings->method() == inspect::EmbeddingView::Method::pca;
  if (live_projection_.valid() &&
      live_projection_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    try {
      auto projected = live_projection_.get();
      // Not while the user looks back through the checkpoints, or at a t-SNE map (which would
      // start again with each capture).
      if (pca && (history_.empty() || scrub_->value() == int(history_.size()) - 1)) {
        const bool animate = embeddings->has_data() &&
                             embeddings->data().projection.points == projected.projection.points;
        embeddings->set_message("");
        embeddings->set_data(std::move(projected), animate);
        view_->requestFrame();
      }
    } catch (const std::exception&) {
      // A projection that failed (a degenerate matrix): the next capture tries again.
    }
  }
  if (training_ == nullptr || !training_->active() || !follow_->isChecked() || !isVisible()) return;
  if (auto capture = training_->takeCapture()) applyCapture(std::move(*capture));
  nn::Probes probes;
  probes.attention_all = true;
  training_->requestCapture(probes, pca && !live_projection_.valid());
}

void InspectPage::applyCapture(train::Capture c) {
  live_step_ = c.step;
  const auto T = std::int64_t(c.tokens.size());
  // The vocabulary's readable labels come with the last checkpoint loaded, when it is this model's.
  const inspect::EmbeddingView::Data* known =
      !history_.empty() && history_.back()->data.tokens.size() == std::size_t(c.vocab)
          ? &history_.back()->data
          : nullptr;
  auto label = [&](std::int32_t id) {
    return known != nullptr && id >= 0 && std::size_t(id) < known->tokens.size()
               ? known->tokens[std::size_t(id)]
               : "#" + std::to_string(id);
  };
  if (c.layers > 0 && c.heads > 0 &&
      c.probes.attention_maps.size() == std::size_t(c.layers * c.heads * T * T)) {
    std::vector<std::string> labels;
    for (std::int32_t id : c.tokens) labels.push_back(label(id));
    nn::AttentionCapture a;
    a.layers = c.layers;
    a.heads = c.heads;
    a.T = T;
    a.p = std::move(c.probes.attention_maps);
    a.entropy = std::move(c.probes.attention_map_entropy);
    auto* attention = static_cast<inspect::AttentionView*>(viewById("attention"));
    attention->set_message("");
    attention->set_data(std::move(a), std::move(labels));
    view_->requestFrame();
  }
  if (!c.embeddings.empty() && c.dims >= 3 && c.vocab >= 3 && !live_projection_.valid()) {
    inspect::EmbeddingView::Data base;
    if (known != nullptr) {
      base.tokens = known->tokens;
      base.scripts = known->scripts;
      base.frequency = known->frequency;
    } else {
      for (std::int64_t id = 0; id < c.vocab; ++id) base.tokens.push_back(label(std::int32_t(id)));
    }
    base.checkpoint = tr("step %1 (live)").arg(c.step).toStdString();
    live_projection_ =
        std::async(std::launch::async, [base = std::move(base), E = std::move(c.embeddings),
                                        vocab = c.vocab, dims = c.dims]() mutable {
          base.projection = nn::pca(E.data(), vocab, dims, 3);
          base.embeddings = std::move(E);
          base.dims = dims;
          return std::move(base);
        });
  }
  updateStatus();
}

void InspectPage::scrubTo(int index) {
  if (index < 0 || std::size_t(index) >= history_.size()) return;
  auto* embeddings = static_cast<inspect::EmbeddingView*>(viewById("embeddings"));
  embeddings->set_data(history_[std::size_t(index)]->data, true);
  showView(QStringLiteral("embeddings"));
  view_->requestFrame();
  updateStatus();
}

void InspectPage::applyPrompt() {
  if (!subject_) return;
  try {
    inspect::set_prompt(*subject_, prompt_->text().toStdString());
    message_.clear();
    attachAll();
  } catch (const std::exception& e) {
    message_ = engineText(e);
  }
  view_->requestFrame();
  updateStatus();
}

void InspectPage::attachAll() {
  for (const auto& v : views_)
    if (std::string(v->id()) != "embeddings") inspect::attach(*v, *subject_);
}

void InspectPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void InspectPage::retranslate() {
  checkpoint_label_->setText(tr("Checkpoint:"));
  checkpoint_->setToolTip(
      tr("A checkpoint folder written by training (ahenk train --out); Enter "
         "loads it"));
  open_->setText(tr("Open…"));
  follow_->setText(tr("Follow training"));
  follow_->setToolTip(
      tr("Reload each checkpoint the Train page saves, and keep its embedding "
         "projection for the scrubber; between checkpoints, draw the attention of the "
         "current training batch and the embeddings live, once a second"));
  prompt_label_->setText(tr("Prompt:"));
  prompt_->setToolTip(
      tr("The text the model reads for the attention, RoPE, spike and scan views; "
         "Enter applies it"));
  scrub_label_->setText(tr("Checkpoints seen:"));
  scrub_->setToolTip(
      tr("Move through the embedding projections of the checkpoints loaded so far "
         "and watch the cloud move"));
  const QString names[] = {tr("Embeddings"), tr("Attention"), tr("RoPE"), tr("Spikes"), tr("Scan")};
  const QString tips[] = {
      tr("Every token of the vocabulary at its first three principal components"),
      tr("Every layer and head's attention on the prompt, one enlarged with its tokens"),
      tr("Rotary position embedding: a real query and key turning with position"),
      tr("The spiking model's neurons over time, with potentials and surrogate gradients"),
      tr("Mamba's parallel scan, round by round, against the sequential loop")};
  for (int i = 0; i < tabs_->count() && i < 5; ++i) {
    tabs_->setTabText(i, names[i]);
    tabs_->setTabToolTip(i, tips[i]);
  }
  for (const auto& v : views_)
    if (!subject_)
      v->set_message(tr("Open a checkpoint folder above, or train a model on the "
                        "Train page: its checkpoints appear here as they are saved.")
                         .toStdString());
  if (subject_) attachAll();  // what the views say of the model, in the new language
  updateStatus();
}

void InspectPage::updateStatus() {
  QString backend;
  switch (view_->backend()) {
    case VulkanView::Backend::Window:
      backend = tr("in a Vulkan window");
      break;
    case VulkanView::Backend::Offscreen:
      backend = tr("offscreen, shown as an image");
      break;
    default:
      backend = tr("unavailable");
      break;
  }
  const QString device = status_->property("device").toString();
  QString text = device.isEmpty() ? tr("Rendering %1").arg(backend)
                                  : tr("Rendering %1 on %2").arg(backend, device);
  if (busy()) {
    text += QStringLiteral("  ·  ") +
            tr("loading: %1").arg(QString::fromStdString(job_->progress().phase));
  } else if (subject_) {
    text += QStringLiteral("  ·  ") +
            tr("%1: a %2 model, %3 prompt tokens")
                .arg(QString::fromStdString(subject_->name))
                .arg(QString::fromStdString(subject_->checkpoint.model->arch()))
                .arg(subject_->tokens.size());
    if (history_.size() > 1)
      text += QStringLiteral("  ·  ") +
              tr("showing %1 of %2 checkpoints").arg(scrub_->value() + 1).arg(history_.size());
  }
  if (live_step_ >= 0 && training_ != nullptr && training_->active() && follow_->isChecked())
    text += QStringLiteral("  ·  ") + tr("live: the training batch at step %1").arg(live_step_);
  if (!message_.isEmpty()) text += QStringLiteral("\n") + message_;
  status_->setText(text);
}

}  // namespace ahenk::ui
