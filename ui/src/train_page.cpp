#include "train_page.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <fstream>

#include "resources_path.h"
#include "curve_chart.h"
#include "language.h"
#include "page_helpers.h"
#include "training_job.h"

namespace ahenk::ui {

namespace fs = std::filesystem;

namespace {

// One edit of the form (any field): undo restores the config before it, redo the one after.
class ConfigEdit final : public QUndoCommand {
 public:
  ConfigEdit(TrainPage* page, nlohmann::json before, nlohmann::json after)
      : page_(page), before_(std::move(before)), after_(std::move(after)) {
    setText(QObject::tr("edit the training config"));
  }
  void undo() override { page_->setConfig(before_); }
  void redo() override {
    if (first_) {
      first_ = false;  // the form already shows it
      return;
    }
    page_->setConfig(after_);
  }

 private:
  TrainPage* page_;
  nlohmann::json before_, after_;
  bool first_ = true;
};

QSpinBox* spin(int lo, int hi, int step = 1) {
  auto* s = new QSpinBox();
  s->setRange(lo, hi);
  s->setSingleStep(step);
  s->setKeyboardTracking(false);
  return s;
}

QDoubleSpinBox* dspin(double lo, double hi, int decimals, double step) {
  auto* s = new QDoubleSpinBox();
  s->setRange(lo, hi);
  s->setDecimals(decimals);
  s->setSingleStep(step);
  s->setKeyboardTracking(false);
  return s;
}

nlohmann::json read_preset(const fs::path& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

QString number(double v, int precision = 4) {
  return QString::number(v, 'g', precision);
}

// The engine's alarm kinds, worded in the UI's language.
QString alarmKind(const std::string& kind) {
  if (kind == "loss spike") return TrainPage::tr("loss spike");
  if (kind == "gradient explosion") return TrainPage::tr("gradient explosion");
  if (kind == "non-finite") return TrainPage::tr("not finite (NaN or infinity)");
  return QString::fromStdString(kind);
}

}  // namespace

TrainPage::TrainPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("trainPage"));
  job_ = new TrainingJob(this);
  undo_ = new QUndoStack(this);
  timer_ = new QTimer(this);
  // Twice a second: live enough for training curves, and the GUI takes little from the training
  // (bench_train_page: the cost of the live page on a 2-core machine).
  timer_->setInterval(500);
  connect(timer_, &QTimer::timeout, this, &TrainPage::poll);

  buildForm();

  // Controls.
  start_ = new QPushButton();
  start_->setObjectName(QStringLiteral("startButton"));
  start_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  pause_ = new QPushButton();
  pause_->setObjectName(QStringLiteral("pauseButton"));
  pause_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
  stop_ = new QPushButton();
  stop_->setObjectName(QStringLiteral("stopButton"));
  stop_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
  connect(start_, &QPushButton::clicked, this, &TrainPage::start);
  connect(pause_, &QPushButton::clicked, this, &TrainPage::togglePause);
  connect(stop_, &QPushButton::clicked, this, &TrainPage::stop);
  undo_action_ = undo_->createUndoAction(this);
  undo_action_->setShortcut(QKeySequence::Undo);
  undo_action_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  redo_action_ = undo_->createRedoAction(this);
  redo_action_->setShortcut(QKeySequence::Redo);
  redo_action_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  addAction(undo_action_);
  addAction(redo_action_);

  status_ = new QLabel();
  status_->setObjectName(QStringLiteral("trainStatus"));
  error_ = makeErrorLabel(QStringLiteral("trainError"));
  stats_ = new QLabel();
  stats_->setObjectName(QStringLiteral("trainStats"));
  stats_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  // Charts and their view options.
  loss_chart_ = new CurveChart(QString());
  lr_chart_ = new CurveChart(QString());
  grad_chart_ = new CurveChart(QString());
  speed_chart_ = new CurveChart(QString());
  mfu_chart_ = new CurveChart(QString());
  layer_chart_ = new CurveChart(QString());
  layer_chart_->setObjectName(QStringLiteral("layerGradientChart"));
  layer_chart_->setLogScale(true);  // layers' norms differ by orders of magnitude
  for (auto* c : {lr_chart_, grad_chart_, speed_chart_, mfu_chart_, layer_chart_}) {
    c->setSmoothing(0);
    c->setBand(false);
  }
  grad_chart_->setSmoothing(0.6);
  speed_chart_->setSmoothing(0.6);
  mfu_chart_->setSmoothing(0.6);
  log_scale_ = new QCheckBox();
  band_ = new QCheckBox();
  band_->setChecked(true);
  smoothing_ = new QSlider(Qt::Horizontal);
  smoothing_->setRange(0, 99);
  smoothing_->setValue(60);
  smoothing_->setMaximumWidth(160);
  smoothing_label_ = new QLabel();
  connect(log_scale_, &QCheckBox::toggled, this, [this](bool on) {
    loss_chart_->setLogScale(on);
    loss_chart_->refresh();
  });
  connect(band_, &QCheckBox::toggled, this, [this](bool on) {
    loss_chart_->setBand(on);
    loss_chart_->refresh();
  });
  connect(smoothing_, &QSlider::valueChanged, this, [this](int v) {
    loss_chart_->setSmoothing(v / 100.0);
    smoothing_label_->setText(QString::number(v / 100.0, 'f', 2));
    loss_chart_->refresh();
  });
  smoothing_label_->setText(QStringLiteral("0.60"));
  loss_chart_->setSmoothing(0.6);

  layers_ = new QTableWidget(0, 2);
  layers_->setObjectName(QStringLiteral("layerGradients"));
  layers_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  layers_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  layers_->verticalHeader()->hide();
  layers_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  alarms_ = new QListWidget();
  alarms_->setObjectName(QStringLiteral("alarms"));
  checkpoints_ = new QListWidget();
  checkpoints_->setObjectName(QStringLiteral("checkpoints"));
  lower_tabs_ = new QTabWidget();
  lower_tabs_->addTab(layer_chart_, QString());
  lower_tabs_->addTab(layers_, QString());
  lower_tabs_->addTab(alarms_, QString());
  lower_tabs_->addTab(checkpoints_, QString());

  auto* buttons = new QHBoxLayout();
  buttons->addWidget(start_);
  buttons->addWidget(pause_);
  buttons->addWidget(stop_);
  buttons->addStretch(1);
  auto* left = new QVBoxLayout();
  auto* scroll = new QScrollArea();
  scroll->setWidget(config_box_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  left->addWidget(scroll, 1);
  left->addLayout(buttons);
  left->addWidget(status_);
  left->addWidget(error_);
  auto* left_widget = new QWidget();
  left_widget->setLayout(left);
  left_widget->setMinimumWidth(330);

  auto* view_options = new QHBoxLayout();
  view_options->addWidget(log_scale_);
  view_options->addWidget(band_);
  view_options->addSpacing(12);
  auto* smoothing_caption = new QLabel();
  smoothing_caption->setObjectName(QStringLiteral("smoothingCaption"));
  view_options->addWidget(smoothing_caption);
  view_options->addWidget(smoothing_);
  view_options->addWidget(smoothing_label_);
  view_options->addStretch(1);
  auto* small_charts = new QGridLayout();
  small_charts->addWidget(lr_chart_, 0, 0);
  small_charts->addWidget(grad_chart_, 0, 1);
  small_charts->addWidget(speed_chart_, 0, 2);
  small_charts->addWidget(mfu_chart_, 0, 3);
  auto* right = new QVBoxLayout();
  right->addWidget(stats_);
  right->addLayout(view_options);
  right->addWidget(loss_chart_, 3);
  right->addLayout(small_charts, 2);
  right->addWidget(lower_tabs_, 2);
  auto* right_widget = new QWidget();
  right_widget->setLayout(right);

  auto* splitter = new QSplitter();
  splitter->addWidget(left_widget);
  splitter->addWidget(right_widget);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({360, 900});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(6, 6, 6, 6);
  layout->addWidget(splitter);

  connect(job_, &TrainingJob::phaseChanged, this,
          [this](const QString& text) { status_->setText(text); });
  connect(job_, &TrainingJob::runStarted, this,
          [this](qint64 run, const QString& out, qint64 max_steps) {
            run_id_ = run;
            checkpoint_dir_ = out;
            max_steps_value_ = max_steps;
            status_->setText(tr("Run %1 training; checkpoints in %2").arg(run).arg(out));
          });
  connect(job_, &TrainingJob::checkpointSaved, this, [this](qint64 step, const QString& dir) {
    checkpoints_->addItem(tr("step %1: %2").arg(step).arg(dir));
    emit checkpointSaved(step, dir);
  });
  connect(job_, &TrainingJob::finished, this, &TrainPage::onFinished);

  const QStringList presets = presetNames();
  if (!presets.isEmpty())
    loadPreset(presets.contains(QStringLiteral("sample-char")) ? QStringLiteral("sample-char")
                                                               : presets.first());
  const fs::path sample = app::sample_corpus_dir() / "en" / "shakespeare.txt";
  if (fs::exists(sample)) setDataFiles({QString::fromStdString(sample.string())});
  committed_ = config();
  undo_->clear();
  retranslate();
  resetCharts();
  updateButtons();
}

TrainPage::~TrainPage() = default;

void TrainPage::buildForm() {
  config_box_ = new QGroupBox();
  form_ = new QFormLayout(config_box_);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  preset_ = new QComboBox();
  preset_->setObjectName(QStringLiteral("preset"));
  for (const auto& name : presetNames()) preset_->addItem(name);
  preset_description_ = new QLabel();
  preset_description_->setWordWrap(true);
  preset_description_->setStyleSheet(QStringLiteral("color: palette(mid);"));
  arch_ = new QComboBox();
  arch_->addItems(
      {QStringLiteral("transformer"), QStringLiteral("mamba"), QStringLiteral("spiking")});
  data_ = new QLineEdit();
  data_->setObjectName(QStringLiteral("dataFiles"));
  data_browse_ = new QPushButton();
  tokenizer_ = new QLineEdit();
  tokenizer_browse_ = new QPushButton();
  out_ = new QLineEdit();
  d_model_ = spin(8, 4096, 8);
  n_layers_ = spin(1, 64);
  n_heads_ = spin(1, 64);
  ctx_ = spin(8, 8192, 8);
  rope_theta_ = dspin(1, 1e7, 0, 1000);
  batch_ = spin(1, 1024);
  lr_ = dspin(1e-6, 1.0, 6, 1e-4);
  warmup_ = spin(0, 1000000, 10);
  max_steps_ = spin(1, 10000000, 100);
  max_time_ = dspin(0, 1e6, 0, 30);
  weight_decay_ = dspin(0, 1, 3, 0.01);
  grad_clip_ = dspin(0, 100, 2, 0.1);
  eval_interval_ = spin(0, 1000000, 10);
  checkpoint_interval_ = spin(0, 1000000, 50);
  seed_ = spin(0, 2147483647);
  max_steps_->setObjectName(QStringLiteral("maxSteps"));
  d_model_->setObjectName(QStringLiteral("dModel"));
  lr_->setObjectName(QStringLiteral("learningRate"));

  auto with_button = [](QLineEdit* edit, QPushButton* button) {
    auto* w = new QWidget();
    auto* h = new QHBoxLayout(w);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(edit, 1);
    h->addWidget(button);
    return w;
  };
  form_->addRow(new QLabel(), preset_);
  form_->addRow(preset_description_);
  form_->addRow(new QLabel(), arch_);
  form_->addRow(new QLabel(), with_button(data_, data_browse_));
  form_->addRow(new QLabel(), with_button(tokenizer_, tokenizer_browse_));
  form_->addRow(new QLabel(), out_);
  for (QWidget* w : std::initializer_list<QWidget*>{
           d_model_, n_layers_, n_heads_, ctx_, rope_theta_, batch_, lr_, warmup_, max_steps_,
           max_time_, weight_decay_, grad_clip_, eval_interval_, checkpoint_interval_, seed_}) {
    form_->addRow(new QLabel(), w);
  }
  form_fields_ = {arch_,
                  data_,
                  tokenizer_,
                  out_,
                  d_model_,
                  n_layers_,
                  n_heads_,
                  ctx_,
                  rope_theta_,
                  batch_,
                  lr_,
                  warmup_,
                  max_steps_,
                  max_time_,
                  weight_decay_,
                  grad_clip_,
                  eval_interval_,
                  checkpoint_interval_,
                  seed_};

  connect(preset_, &QComboBox::activated, this, [this](int) {
    const nlohmann::json before = config();
    loadPreset(preset_->currentText());
    undo_->push(new ConfigEdit(this, before, config()));
    committed_ = config();
  });
  for (QSpinBox* s : config_box_->findChildren<QSpinBox*>())
    connect(s, &QSpinBox::valueChanged, this, &TrainPage::formEdited);
  for (QDoubleSpinBox* s : config_box_->findChildren<QDoubleSpinBox*>())
    connect(s, &QDoubleSpinBox::valueChanged, this, &TrainPage::formEdited);
  for (QLineEdit* e : {data_, tokenizer_, out_})
    connect(e, &QLineEdit::editingFinished, this, &TrainPage::formEdited);
  connect(arch_, &QComboBox::activated, this, [this](int) { formEdited(); });
  connect(data_browse_, &QPushButton::clicked, this, [this] {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Training text"), QString(),
        tr("Text and token files (*.txt *.md *.jsonl *.bin);;All files (*)"));
    if (!files.isEmpty()) {
      setDataFiles(files);
      formEdited();
    }
  });
  connect(tokenizer_browse_, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Tokenizer"), QString(), tr("Tokenizers (*.json *.model);;All files (*)"));
    if (!file.isEmpty()) {
      tokenizer_->setText(file);
      formEdited();
    }
  });
}

QStringList TrainPage::presetNames() const {
  QStringList names;
  const fs::path dir = app::presets_dir();
  if (dir.empty()) return names;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") names << QString::fromStdString(e.path().stem().string());
  names.sort();
  return names;
}

void TrainPage::showPresetDescription() {
  // A preset may carry its description in the UI's language ("description_tr").
  if (!base_.is_object()) return;
  const std::string localized = "description_" + currentLanguage().toStdString();
  preset_description_->setText(QString::fromStdString(
      base_.contains(localized) ? base_.value(localized, "") : base_.value("description", "")));
}

bool TrainPage::loadPreset(const QString& name) {
  const fs::path file = app::presets_dir() / (name.toStdString() + ".json");
  nlohmann::json preset = read_preset(file);
  if (!preset.is_object() || !preset.contains("model")) return false;
  base_ = preset;
  const int index = preset_->findText(name);
  if (index >= 0) preset_->setCurrentIndex(index);
  showPresetDescription();
  applyConfigToForm(preset);
  return true;
}

void TrainPage::setDataFiles(const QStringList& files) {
  data_->setText(files.join(u';'));
}
void TrainPage::setTokenizerFile(const QString& file) {
  tokenizer_->setText(file);
}

void TrainPage::setOutputFolder(const QString& dir) {
  out_->setText(dir);
}

nlohmann::json TrainPage::config() const {
  nlohmann::json c = base_.is_object() ? base_ : nlohmann::json::object();
  c.erase("description");
  auto& m = c["model"];
  auto& t = c["train"];
  m["arch"] = arch_->currentText().toStdString();
  m["d_model"] = d_model_->value();
  m["n_layers"] = n_layers_->value();
  m["ctx"] = ctx_->value();
  if (m["arch"] != "mamba") m["n_heads"] = n_heads_->value();
  if (m["arch"] == "transformer" || m.contains("rope_theta"))
    m["rope_theta"] = rope_theta_->value();
  t["batch_size"] = batch_->value();
  t["lr"] = lr_->value();
  t["warmup_steps"] = warmup_->value();
  t["max_steps"] = max_steps_->value();
  t["max_time"] = max_time_->value();
  t["weight_decay"] = weight_decay_->value();
  t["grad_clip"] = grad_clip_->value();
  t["eval_interval"] = eval_interval_->value();
  t["checkpoint_interval"] = checkpoint_interval_->value();
  t["seed"] = seed_->value();
  // Not part of the model/train config, but of what the user edits (undo covers it).
  c["workbench"] = {{"data", data_->text().toStdString()},
                    {"tokenizer", tokenizer_->text().toStdString()},
                    {"out", out_->text().toStdString()},
                    {"preset", preset_->currentText().toStdString()}};
  return c;
}

void TrainPage::setConfig(const nlohmann::json& config) {
  applyConfigToForm(config);
  committed_ = this->config();
}

void TrainPage::applyConfigToForm(const nlohmann::json& c) {
  applying_ = true;
  const nlohmann::json m = c.value("model", nlohmann::json::object());
  const nlohmann::json t = c.value("train", nlohmann::json::object());
  const train::TrainOptions defaults;
  arch_->setCurrentText(QString::fromStdString(m.value("arch", std::string("transformer"))));
  d_model_->setValue(m.value("d_model", 128));
  n_layers_->setValue(m.value("n_layers", 4));
  n_heads_->setValue(m.value("n_heads", 4));
  ctx_->setValue(m.value("ctx", 128));
  rope_theta_->setValue(m.value("rope_theta", 10000.0));
  batch_->setValue(static_cast<int>(t.value("batch_size", defaults.batch_size)));
  lr_->setValue(t.value("lr", defaults.lr));
  warmup_->setValue(static_cast<int>(t.value("warmup_steps", defaults.warmup_steps)));
  max_steps_->setValue(static_cast<int>(t.value("max_steps", defaults.max_steps)));
  max_time_->setValue(t.value("max_time", defaults.max_time));
  weight_decay_->setValue(t.value("weight_decay", defaults.weight_decay));
  grad_clip_->setValue(t.value("grad_clip", defaults.grad_clip));
  eval_interval_->setValue(static_cast<int>(t.value("eval_interval", defaults.eval_interval)));
  checkpoint_interval_->setValue(
      static_cast<int>(t.value("checkpoint_interval", defaults.checkpoint_interval)));
  seed_->setValue(static_cast<int>(t.value("seed", defaults.seed)));
  n_heads_->setEnabled(arch_->currentText() != QLatin1String("mamba"));
  rope_theta_->setEnabled(arch_->currentText() == QLatin1String("transformer"));
  if (c.contains("workbench")) {
    const auto& w = c["workbench"];
    data_->setText(QString::fromStdString(w.value("data", "")));
    tokenizer_->setText(QString::fromStdString(w.value("tokenizer", "")));
    out_->setText(QString::fromStdString(w.value("out", "")));
    const int index = preset_->findText(QString::fromStdString(w.value("preset", "")));
    if (index >= 0) preset_->setCurrentIndex(index);
  }
  if (c.contains("model")) {
    base_["model"] = c["model"];
    base_["train"] = c.value("train", nlohmann::json::object());
  }
  applying_ = false;
}

void TrainPage::formEdited() {
  if (applying_) return;
  n_heads_->setEnabled(arch_->currentText() != QLatin1String("mamba"));
  rope_theta_->setEnabled(arch_->currentText() == QLatin1String("transformer"));
  const nlohmann::json now = config();
  if (now == committed_) return;
  undo_->push(new ConfigEdit(this, committed_, now));
  committed_ = now;
}

QString TrainPage::errorText() const {
  return error_->isHidden() ? QString() : error_->text();
}

void TrainPage::resetCharts() {
  alarm_steps_.clear(), alarm_values_.clear();
  monitor_ = train::DivergenceMonitor();
  last_step_ = 0, last_loss_ = 0, last_val_ = -1, last_bpb_ = -1, last_mfu_ = 0;
  last_tokens_per_s_ = 0;
  loss_chart_->setLine(QStringLiteral("train"), tr("train loss"), {}, {}, QColor(31, 119, 180));
  loss_chart_->setLine(QStringLiteral("val"), tr("validation loss"), {}, {}, QColor(214, 39, 40),
                       /*smoothable=*/false);
  loss_chart_->setMarkers(tr("alarms"), {}, {});
  lr_chart_->setLine(QStringLiteral("lr"), tr("learning rate"), {}, {}, QColor(44, 160, 44));
  grad_chart_->setLine(QStringLiteral("grad"), tr("gradient norm"), {}, {}, QColor(148, 103, 189));
  speed_chart_->setLine(QStringLiteral("speed"), tr("tokens/s"), {}, {}, QColor(255, 127, 14));
  mfu_chart_->setLine(QStringLiteral("mfu"), tr("MFU %"), {}, {}, QColor(23, 190, 207));
  layer_chart_->clear();
  layer_keys_.clear();
  for (auto* c : {loss_chart_, lr_chart_, grad_chart_, speed_chart_, mfu_chart_, layer_chart_})
    c->refresh();
  layers_->setRowCount(0);
  alarms_->clear();
  checkpoints_->clear();
}

void TrainPage::start() {
  if (job_->active()) return;
  error_->hide();
  TrainRequest request;
  nlohmann::json c = config();
  c.erase("workbench");
  request.config = c;
  for (const QString& f : data_->text().split(u';', Qt::SkipEmptyParts))
    request.data.push_back(f.trimmed().toStdString());
  request.tokenizer = tokenizer_->text().trimmed().toStdString();
  request.out_dir = out_->text().trimmed().toStdString();
  request.session = session_;
  request.name = preset_->currentText().toStdString();
  if (request.data.empty()) {
    error_->setText(tr("Choose the text to train on (Data)."));
    error_->show();
    return;
  }
  if (session_.empty()) {
    error_->setText(tr("No session is open (File > New Session or Open Session)."));
    error_->show();
    return;
  }
  resetCharts();
  run_id_ = 0;
  job_->start(request);
  timer_->start();
  updateButtons();
}

void TrainPage::togglePause() {
  if (!job_->active()) return;
  if (job_->paused()) {
    job_->resume();
    status_->setText(tr("Training"));
  } else {
    job_->pause();
    status_->setText(tr("Paused at step %1").arg(last_step_));
  }
  updateButtons();
}

void TrainPage::stop() {
  if (!job_->active()) return;
  job_->stop();
  status_->setText(tr("Stopping after this step..."));
}

void TrainPage::onFinished(bool ok, const QString& message, qint64 run) {
  poll();  // the last steps
  timer_->stop();
  if (ok) {
    status_->setText(message);
  } else {
    status_->setText(tr("The run did not finish"));
    error_->setText(message);
    error_->show();
    // A NaN stop is an alarm too, where it happened.
    if (message.contains(QLatin1String("diverged"))) {
      alarms_->addItem(message);
      lower_tabs_->setCurrentWidget(alarms_);
    }
  }
  updateButtons();
  emit runFinished(run, ok);
}

void TrainPage::poll() {
  // Only the new points go to the charts (they keep the run's history); nothing is copied twice.
  const auto steps = job_->takeSteps();
  std::vector<std::int64_t> at;
  std::vector<double> loss, lr, grad, speed, mfu;
  std::vector<std::int64_t> mfu_at;
  for (const auto& m : steps) {
    if (m.mfu > 0) mfu_at.push_back(m.step), mfu.push_back(m.mfu * 100);
    at.push_back(m.step);
    loss.push_back(m.loss);
    lr.push_back(m.lr);
    grad.push_back(m.grad_norm);
    speed.push_back(m.tokens_per_s);
    last_step_ = m.step;
    last_loss_ = m.loss;
    last_mfu_ = m.mfu;
    last_tokens_per_s_ = m.tokens_per_s;
    elapsed_ = m.elapsed_seconds;
    if (auto alarm = monitor_.observe(m)) {
      alarm_steps_.push_back(alarm->step);
      alarm_values_.push_back(alarm->kind == "gradient explosion" ? m.loss : alarm->value);
      alarms_->addItem(
          tr("step %1 — %2: %3")
              .arg(alarm->step)
              .arg(alarmKind(alarm->kind))
              .arg(
                  tr("%1 against a recent %2").arg(number(alarm->value), number(alarm->expected))));
    }
  }
  std::vector<std::int64_t> val_at;
  std::vector<double> val_loss;
  for (const auto& v : job_->takeValidation()) {
    val_at.push_back(v.step);
    val_loss.push_back(v.loss);
    last_val_ = v.loss;
    if (v.bits_per_byte) last_bpb_ = *v.bits_per_byte;
  }
  // Per-parameter gradient norms once a second (they cost a pass over the gradients).
  if (job_->active() && ++polls_ % 2 == 0) job_->requestInternals();
  if (auto internals = job_->takeInternals()) {
    layers_->setRowCount(static_cast<int>(internals->names.size()));
    for (std::size_t i = 0; i < internals->names.size(); ++i) {
      layers_->setItem(int(i), 0,
                       new QTableWidgetItem(QString::fromStdString(internals->names[i])));
      layers_->setItem(int(i), 1, new QTableWidgetItem(number(internals->grad_norm[i])));
    }
    // The same, per layer, over the steps.
    static const QColor palette[] = {
        {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
        {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
    for (const auto& [layer, norm] : train::layer_grad_norms(*internals)) {
      const QString key = QString::fromStdString(layer);
      if (std::find(layer_keys_.begin(), layer_keys_.end(), layer) == layer_keys_.end()) {
        layer_chart_->setLine(key, key, {internals->step}, {norm},
                              palette[layer_keys_.size() % std::size(palette)]);
        layer_keys_.push_back(layer);
      } else {
        layer_chart_->appendToLine(key, {internals->step}, {norm});
      }
    }
    layer_chart_->refresh();
  }
  if (at.empty() && val_at.empty()) return;
  loss_chart_->appendToLine(QStringLiteral("train"), at, loss);
  loss_chart_->appendToLine(QStringLiteral("val"), val_at, val_loss);
  loss_chart_->setMarkers(tr("alarms"), alarm_steps_, alarm_values_);
  lr_chart_->appendToLine(QStringLiteral("lr"), at, lr);
  grad_chart_->appendToLine(QStringLiteral("grad"), at, grad);
  speed_chart_->appendToLine(QStringLiteral("speed"), at, speed);
  mfu_chart_->appendToLine(QStringLiteral("mfu"), mfu_at, mfu);
  for (auto* c : {loss_chart_, lr_chart_, grad_chart_, speed_chart_, mfu_chart_}) c->refresh();
  QStringList parts;
  parts << tr("step %1 of %2").arg(last_step_).arg(max_steps_value_);
  if (last_step_ > 0) parts << tr("loss %1").arg(number(last_loss_));
  if (last_val_ >= 0) parts << tr("validation loss %1").arg(number(last_val_));
  if (last_bpb_ >= 0) parts << tr("%1 bits/byte").arg(number(last_bpb_));
  parts << tr("%1 tokens/s").arg(QString::number(last_tokens_per_s_, 'f', 0));
  if (last_mfu_ > 0) parts << tr("MFU %1%").arg(QString::number(last_mfu_ * 100, 'f', 1));
  parts << tr("%1 s").arg(QString::number(elapsed_, 'f', 0));
  stats_->setText(parts.join(QStringLiteral("  ·  ")));
}

void TrainPage::updateButtons() {
  const bool active = job_->active();
  start_->setEnabled(!active);
  pause_->setEnabled(active);
  stop_->setEnabled(active);
  pause_->setText(job_->paused() ? tr("Resume") : tr("Pause"));
  for (QWidget* w : form_fields_) w->setEnabled(!active);
  preset_->setEnabled(!active);
  data_browse_->setEnabled(!active);
  tokenizer_browse_->setEnabled(!active);
  if (!active) {
    n_heads_->setEnabled(arch_->currentText() != QLatin1String("mamba"));
    rope_theta_->setEnabled(arch_->currentText() == QLatin1String("transformer"));
  }
}

void TrainPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void TrainPage::retranslate() {
  showPresetDescription();
  config_box_->setTitle(tr("Training configuration"));
  auto label = [this](QWidget* field, const QString& text, const QString& tip) {
    setFormRow(form_, field, text, tip);
  };
  label(preset_, tr("Preset"),
        tr("A ready configuration from resources/presets; every field below can be changed."));
  label(arch_, tr("Architecture"),
        tr("Transformer: pre-norm blocks of RMSNorm, causal self-attention with RoPE and a SwiGLU "
           "MLP. Mamba: a selective state-space model that compresses the past into a fixed-size "
           "state. Spiking: the Transformer with its MLP made of leaky integrate-and-fire "
           "neurons."));
  label(data_->parentWidget(), tr("Data"),
        tr("Text files to train on (separated by ';'); the last 10% is held out for "
           "validation."));
  label(tokenizer_->parentWidget(), tr("Tokenizer"),
        tr("A tokenizer.json from the Tokenizer stage; empty trains on bytes (vocabulary 256)."));
  label(out_, tr("Checkpoints"),
        tr("The folder for checkpoints; empty puts them beside the session file."));
  label(d_model_, tr("Model width"),
        tr("d_model: the size of every token's vector. Wider models learn more per step and "
           "cost more."));
  label(n_layers_, tr("Layers"), tr("How many blocks are stacked."));
  label(n_heads_, tr("Attention heads"),
        tr("Attention is split into this many heads, each looking for its own pattern; d_model "
           "must divide by it."));
  label(ctx_, tr("Context"), tr("How many tokens the model sees at once."));
  label(rope_theta_, tr("RoPE base"),
        tr("RoPE rotates each pair of query/key dimensions by an angle proportional to the "
           "position, so attention scores depend only on the distance between tokens. The base "
           "sets the slowest rotation's wavelength."));
  label(batch_, tr("Batch size"), tr("Sequences per optimizer step."));
  label(lr_, tr("Learning rate"),
        tr("The peak step size of AdamW, reached after the warmup and then lowered along a "
           "cosine."));
  label(warmup_, tr("Warmup steps"),
        tr("Steps over which the learning rate rises linearly from zero, while Adam's moment "
           "estimates settle."));
  label(max_steps_, tr("Steps"), tr("Optimizer steps to train for."));
  label(max_time_, tr("Time limit (s)"), tr("Stop after this many seconds; 0: no limit."));
  label(weight_decay_, tr("Weight decay"),
        tr("AdamW's decoupled weight decay: weights shrink by lr × decay each step, separately "
           "from the gradient update (so it is not scaled by Adam's normalisation); gains and "
           "norms are not decayed."));
  label(grad_clip_, tr("Gradient clipping"),
        tr("When the global gradient norm exceeds this, all gradients are scaled down to it; 0: "
           "no clipping."));
  label(eval_interval_, tr("Validation every"),
        tr("Steps between validations (loss and bits per byte on held-out text); 0: only at "
           "the end."));
  label(checkpoint_interval_, tr("Checkpoint every"),
        tr("Steps between checkpoints; 0: only at the end."));
  label(seed_, tr("Seed"), tr("The same seed gives the same initial weights and data order."));
  data_browse_->setText(tr("Browse..."));
  tokenizer_browse_->setText(tr("Browse..."));
  tokenizer_->setPlaceholderText(tr("bytes"));
  out_->setPlaceholderText(tr("beside the session"));
  start_->setText(tr("Start"));
  start_->setToolTip(tr("Start training (Ctrl+Return)"));
  pause_->setToolTip(tr("Pause or resume (Ctrl+P)"));
  stop_->setText(tr("Stop"));
  stop_->setToolTip(tr("Stop after the current step and save a checkpoint (Ctrl+.)"));
  pause_->setText(job_->paused() ? tr("Resume") : tr("Pause"));
  undo_action_->setText(tr("Undo config edit"));
  redo_action_->setText(tr("Redo config edit"));
  if (!job_->active() && last_step_ == 0) status_->setText(tr("Ready"));
  loss_chart_->setTitle(tr("Loss (nats per token)"));
  lr_chart_->setTitle(tr("Learning rate"));
  grad_chart_->setTitle(tr("Gradient norm (before clipping)"));
  speed_chart_->setTitle(tr("Tokens per second"));
  mfu_chart_->setTitle(tr("Model FLOPs utilisation"));
  mfu_chart_->setToolTip(
      tr("The model's FLOPs per second as a share of what this machine's "
         "matrix multiply reaches (measured at start)."));
  mfu_chart_->setLineLabel(QStringLiteral("mfu"), tr("MFU %"));
  layer_chart_->setTitle(tr("Gradient norm per layer (log scale)"));
  loss_chart_->setLineLabel(QStringLiteral("train"), tr("train loss"));
  loss_chart_->setLineLabel(QStringLiteral("val"), tr("validation loss"));
  log_scale_->setText(tr("Log scale"));
  band_->setText(tr("Min/max band"));
  if (auto* caption = findChild<QLabel*>(QStringLiteral("smoothingCaption")))
    caption->setText(tr("Smoothing"));
  smoothing_->setToolTip(
      tr("Exponential moving average, debiased and per step: the same curve at any zoom."));
  lower_tabs_->setTabText(0, tr("Gradient norm per layer"));
  lower_tabs_->setTabText(1, tr("Gradient norm per parameter"));
  lower_tabs_->setTabText(2, tr("Alarms"));
  lower_tabs_->setTabText(3, tr("Checkpoints"));
  layers_->setHorizontalHeaderLabels({tr("Parameter"), tr("Gradient norm")});
  for (auto* c : {loss_chart_, lr_chart_, grad_chart_, speed_chart_, mfu_chart_, layer_chart_})
    c->refresh();
}

}  // namespace ahenk::ui
