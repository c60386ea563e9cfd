// The Train page: a config form with presets and explanations, start / pause / resume / stop, live
// charts (train and validation loss with EMA, min/max band and log scale; learning rate; gradient
// norm; throughput), the gradient norm per layer, divergence alarms where they happened, and the
// run's checkpoints. The run trains on its own thread (TrainingJob) and is recorded in the
// workbench's session; the charts refresh on a timer from the trainer's ring buffer.
#pragma once

#include <QWidget>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "ahenk/train/alarms.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QDoubleSpinBox;
class QPushButton;
class QLabel;
class QCheckBox;
class QSlider;
class QListWidget;
class QTableWidget;
class QTimer;
class QUndoStack;
class QFormLayout;
class QGroupBox;
class QTabWidget;
class QAction;

namespace ahenk::ui {

class CurveChart;
class TrainingJob;

class TrainPage : public QWidget {
  Q_OBJECT

 public:
  explicit TrainPage(QWidget* parent = nullptr);
  ~TrainPage() override;

  void setSessionFile(const std::filesystem::path& file) { session_ = file; }
  const std::filesystem::path& sessionFile() const { return session_; }

  // The form as a training config ({"model": ..., "train": ...}) and back.
  nlohmann::json config() const;
  void setConfig(const nlohmann::json& config);
  QStringList presetNames() const;
  bool loadPreset(const QString& name);
  void setDataFiles(const QStringList& files);
  // The tokenizer.json to train with (empty: bytes).
  void setTokenizerFile(const QString& file);
  void setOutputFolder(const QString& dir);

  TrainingJob* job() const { return job_; }
  CurveChart* lossChart() const { return loss_chart_; }
  CurveChart* mfuChart() const { return mfu_chart_; }
  CurveChart* layerChart() const { return layer_chart_; }
  QUndoStack* undoStack() const { return undo_; }
  qint64 runId() const { return run_id_; }
  // The current or last run's checkpoint folder (empty before the first run).
  QString checkpointDir() const { return checkpoint_dir_; }
  qint64 lastStep() const { return last_step_; }
  QString errorText() const;
  QListWidget* alarmList() const { return alarms_; }
  QListWidget* checkpointList() const { return checkpoints_; }

 public slots:
  void start();
  void togglePause();
  void stop();

 signals:
  void runFinished(qint64 run, bool ok);
  // Training wrote a checkpoint (the Inspect page follows them).
  void checkpointSaved(qint64 step, const QString& dir);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void buildForm();
  void retranslate();
  void showPresetDescription();
  void poll();
  void updateButtons();
  void formEdited();
  void applyConfigToForm(const nlohmann::json& config);
  void resetCharts();
  void onFinished(bool ok, const QString& message, qint64 run);

  std::filesystem::path session_;
  QString checkpoint_dir_;
  TrainingJob* job_ = nullptr;
  QTimer* timer_ = nullptr;
  QUndoStack* undo_ = nullptr;
  nlohmann::json base_;       // the preset the form started from (keys the form does not show)
  nlohmann::json committed_;  // the form's config after the last edit (for undo)
  bool applying_ = false;

  // Form.
  QGroupBox* config_box_ = nullptr;
  QFormLayout* form_ = nullptr;
  QComboBox* preset_ = nullptr;
  QLabel* preset_description_ = nullptr;
  QComboBox* arch_ = nullptr;
  QLineEdit* data_ = nullptr;
  QPushButton* data_browse_ = nullptr;
  QLineEdit* tokenizer_ = nullptr;
  QPushButton* tokenizer_browse_ = nullptr;
  QLineEdit* out_ = nullptr;
  QSpinBox *d_model_ = nullptr, *n_layers_ = nullptr, *n_heads_ = nullptr, *ctx_ = nullptr;
  QDoubleSpinBox* rope_theta_ = nullptr;
  QSpinBox *batch_ = nullptr, *warmup_ = nullptr, *max_steps_ = nullptr, *eval_interval_ = nullptr,
           *checkpoint_interval_ = nullptr, *seed_ = nullptr;
  QDoubleSpinBox *lr_ = nullptr, *weight_decay_ = nullptr, *grad_clip_ = nullptr,
                 *max_time_ = nullptr;
  std::vector<QWidget*> form_fields_;

  // Controls and views.
  QPushButton *start_ = nullptr, *pause_ = nullptr, *stop_ = nullptr;
  QAction *undo_action_ = nullptr, *redo_action_ = nullptr;
  QLabel* status_ = nullptr;
  QLabel* error_ = nullptr;
  QLabel* stats_ = nullptr;
  QCheckBox* log_scale_ = nullptr;
  QCheckBox* band_ = nullptr;
  QSlider* smoothing_ = nullptr;
  QLabel* smoothing_label_ = nullptr;
  CurveChart* loss_chart_ = nullptr;
  CurveChart* lr_chart_ = nullptr;
  CurveChart* grad_chart_ = nullptr;
  CurveChart* speed_chart_ = nullptr;
  CurveChart* mfu_chart_ = nullptr;
  CurveChart* layer_chart_ = nullptr;  // gradient norm per layer over the steps
  std::vector<std::string> layer_keys_;
  QTabWidget* lower_tabs_ = nullptr;
  QTableWidget* layers_ = nullptr;
  QListWidget* alarms_ = nullptr;
  QListWidget* checkpoints_ = nullptr;

  // The run's latest values and its alarms (the charts keep the history of every step; the
  // trainer's ring holds the latest steps only).
  qint64 run_id_ = 0, last_step_ = 0, max_steps_value_ = 0;
  std::vector<std::int64_t> alarm_steps_;
  std::vector<double> alarm_values_;
  double last_loss_ = 0, last_mfu_ = 0, last_tokens_per_s_ = 0, elapsed_ = 0;
  double last_val_ = -1, last_bpb_ = -1;
  train::DivergenceMonitor monitor_;
  int polls_ = 0;
};

}  // namespace ahenk::ui
