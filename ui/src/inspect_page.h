// The Inspect page: Vulkan-rendered views of the model's internals with Dear ImGui controls. It
// starts with the point-grid scene that proves the rendering path (window or offscreen); the
// embedding, attention, RoPE and spike views join it with the inspection capability.
#pragma once

#include <QWidget>

class QLabel;

namespace ahenk::ui {

class VulkanView;

class InspectPage : public QWidget {
  Q_OBJECT

 public:
  explicit InspectPage(QWidget* parent = nullptr);
  VulkanView* view() const { return view_; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  QLabel* intro_ = nullptr;
  QLabel* status_ = nullptr;
  VulkanView* view_ = nullptr;
};

}  // namespace ahenk::ui
