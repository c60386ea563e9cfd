// The Inspect page: the model's internals drawn with Vulkan (app/inspect's views) with Dear ImGui
// controls: the embedding projector, attention maps, RoPE rotations, the spike raster and the
// Mamba scan, for a checkpoint folder and a prompt. With "Follow training" it reloads the
// checkpoint the Train page saves each time, and keeps every embedding projection it saw so a
// slider scrubs through them (the cloud moves from one to the next); between checkpoints, while
// the page is shown, it asks the training loop for a capture each second (the trainer's capture
// hook: every attention map of the current training batch and the embedding matrix) and draws
// that live.
#pragma once

#include <QWidget>
#include <future>
#include <memory>
#include <vector>

#include "views.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QTabBar;
class QTimer;

namespace ahenk::inspect {
struct Subject;
}
namespace ahenk::train {
struct Capture;
}

namespace ahenk::ui {

class BackgroundJob;
class TrainingJob;
class VulkanView;

class InspectPage : public QWidget {
  Q_OBJECT

 public:
  explicit InspectPage(QWidget* parent = nullptr);
  ~InspectPage() override;
  VulkanView* view() const { return view_; }

  // Loads a checkpoint folder in the background, then shows it in every view.
  void openCheckpoint(const QString& dir);
  // The Train page saved a checkpoint: reload it when following training.
  void checkpointSaved(qint64 step, const QString& dir);
  // The Train page's job, for live captures while it trains (not owned; may be null).
  void setTrainingJob(TrainingJob* job) { training_ = job; }
  // The training step of the last live capture drawn (-1: none yet).
  qint64 liveStep() const { return live_step_; }
  // "embeddings", "attention", "rope", "spikes" or "scan".
  void showView(const QString& id);
  QString currentView() const;
  inspect::View* viewById(const QString& id) const;
  bool busy() const;
  // Embedding snapshots kept for the scrubber (one per checkpoint loaded).
  int snapshots() const { return int(history_.size()); }
  void scrubTo(int index);

 signals:
  void loaded(bool ok, const QString& message);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Snapshot;
  void retranslate();
  void applyPrompt();
  void attachAll();
  void updateStatus();
  void pollTraining();
  void applyCapture(train::Capture capture);

  QLabel* checkpoint_label_ = nullptr;
  QLineEdit* checkpoint_ = nullptr;
  QPushButton* open_ = nullptr;
  QCheckBox* follow_ = nullptr;
  QLabel* prompt_label_ = nullptr;
  QLineEdit* prompt_ = nullptr;
  QTabBar* tabs_ = nullptr;
  QLabel* scrub_label_ = nullptr;
  QSlider* scrub_ = nullptr;
  QLabel* status_ = nullptr;
  VulkanView* view_ = nullptr;
  BackgroundJob* job_ = nullptr;

  std::vector<std::unique_ptr<inspect::View>> views_;
  std::unique_ptr<inspect::Subject> subject_;
  std::unique_ptr<inspect::Subject> loading_;  // filled by the background job
  std::unique_ptr<inspect::EmbeddingView::Data> loading_embeddings_;
  std::string load_error_;
  QString pending_dir_;  // a checkpoint saved while another was loading
  std::vector<std::unique_ptr<Snapshot>> history_;
  QString message_;

  TrainingJob* training_ = nullptr;
  QTimer* live_timer_ = nullptr;
  qint64 live_step_ = -1;
  std::future<inspect::EmbeddingView::Data> live_projection_;  // PCA of a capture, off the GUI
};

}  // namespace ahenk::ui
