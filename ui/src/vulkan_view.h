// A widget that shows an Inspect view (app/inspect: a Vulkan canvas with its Dear ImGui controls
// and labels). Two backends behind one widget:
//   - window:    a QVulkanWindow embedded with createWindowContainer (a real swapchain);
//   - offscreen: the same view rendered by gpu/vulkan's OffscreenRenderer and painted as a QImage,
//                used where the Qt platform has no Vulkan surface (QT_QPA_PLATFORM=offscreen), or
//                when AHENK_VULKAN_VIEW=offscreen asks for it;
// and, with no Vulkan at all, a message saying why. Frames are drawn on demand (input, resize, a
// change of the view's data, a running animation), never in a busy loop, so an idle view costs
// nothing. The widget does not own the views; setView() switches between them (their canvases
// are created and released on the render thread at the next frame).
#pragma once

#include <vulkan/vulkan.h>  // before any Qt header (Qt's Vulkan headers define VK_NO_PROTOTYPES)

#include <QImage>
#include <QWidget>
#include <memory>

class QVulkanInstance;
class QLabel;

namespace ahenk::inspect {
class View;
}

namespace ahenk::ui {

class ViewWindow;
class OffscreenCanvas;

class VulkanView : public QWidget {
  Q_OBJECT

 public:
  enum class Backend { Window, Offscreen, Unavailable };

  explicit VulkanView(QWidget* parent = nullptr);
  ~VulkanView() override;

  Backend backend() const { return backend_; }
  QString backendName() const;
  // The Vulkan device drawing the view ("llvmpipe (LLVM 15.0.6, 256 bits)"), once known.
  QString deviceName() const;
  // Why the view is unavailable (empty otherwise).
  QString errorText() const { return error_; }
  quint64 frames() const;
  // Smoothed time between the last frames, in milliseconds.
  double frameMs() const;
  // The last frame as an image (window backend: read back from the swapchain).
  QImage capture();
  // The view drawn from the next frame on (null: none). Not owned; it must outlive its use here:
  // call setView(nullptr) or destroy this widget before deleting it.
  void setView(inspect::View* view);
  inspect::View* view() const { return view_; }
  // Draws a new frame soon (after a change of the view's data).
  void requestFrame();

 signals:
  void frameRendered();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  Backend backend_ = Backend::Unavailable;
  inspect::View* view_ = nullptr;
  QString error_;
  std::unique_ptr<QVulkanInstance> instance_;
  QWidget* container_ = nullptr;
  ViewWindow* window_ = nullptr;
  OffscreenCanvas* canvas_ = nullptr;
  QLabel* message_ = nullptr;
};

}  // namespace ahenk::ui
