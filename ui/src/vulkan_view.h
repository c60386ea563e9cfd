// A widget that shows a Vulkan-rendered scene with its ImGui overlay. Two backends behind one
// widget:
//   - window:    a QVulkanWindow embedded with createWindowContainer (a real swapchain);
//   - offscreen: the same scene rendered by gpu/vulkan's OffscreenRenderer and painted as a QImage,
//                used where the Qt platform has no Vulkan surface (QT_QPA_PLATFORM=offscreen), or
//                when AHENK_VULKAN_VIEW=offscreen asks for it;
// and, with no Vulkan at all, a message saying why. Frames are drawn on demand (input, resize, a
// running animation), never in a busy loop, so an idle view costs nothing.
#pragma once

#include <vulkan/vulkan.h>  // before any Qt header (Qt's Vulkan headers define VK_NO_PROTOTYPES)

#include <QImage>
#include <QWidget>
#include <memory>

#include "grid_controls.h"

class QVulkanInstance;
class QLabel;

namespace ahenk::ui {

class GridWindow;
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
  // The last frame as an image (window backend: read back from the swapchain).
  QImage capture();
  GridViewState& state() { return state_; }
  // Draws a new frame soon (after a change of state()).
  void requestFrame();

 signals:
  void frameRendered();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();

  Backend backend_ = Backend::Unavailable;
  GridViewState state_;
  QString error_;
  std::unique_ptr<QVulkanInstance> instance_;
  QWidget* container_ = nullptr;
  GridWindow* window_ = nullptr;
  OffscreenCanvas* canvas_ = nullptr;
  QLabel* message_ = nullptr;
};

}  // namespace ahenk::ui
