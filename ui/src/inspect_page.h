// The Inspect page: the model's internals drawn with Vulkan (app/inspect's views) with Dear ImGui
// controls: the embedding projector, attention maps, RoPE rotations, the spike raster and the
// Mamba scan, for a checkpoint folder and a prompt. With "Follow training" it reloads the
// checkpoint the Train page saves each time, and keeps every embedding projection it saw so a
// slider scrubs through them (the cloud moves from one to the next).
#pragma once

#include <QWidget>
#include <memory>
#include <vector>

#include "views.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QTabBar;

namespace ahenk::inspect {
struct Subject;
}

namespace ahenk::ui {

class BackgroundJob;
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
};

}  // namespace ahenk::ui
