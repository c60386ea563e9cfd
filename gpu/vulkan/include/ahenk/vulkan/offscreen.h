// Rendering without a window: its own instance and device, one R8G8B8A8_UNORM colour target, and a
// readback to host memory. Used by the CLI (`ahenk render`), the tests, and the Inspect page when
// the Qt platform has no Vulkan surface (the offscreen platform), so every view draws the same
// image in all three places.
//
//   std::string why;
//   auto renderer = ahenk::vk::OffscreenRenderer::create(&why);   // null, with `why`, when no
//   device ahenk::vk::PointGridScene scene; scene.create(renderer->context(),
//   renderer->render_pass(), VK_SAMPLE_COUNT_1_BIT); ahenk::vk::Image image =
//   renderer->render(scene, 640, 480, {0.1f, 0.1f, 0.12f, 1.0f}); scene.destroy();   // before the
//   renderer goes
//
// Device choice: the first device whose name contains $AHENK_VULKAN_DEVICE if set, else a discrete
// GPU, then an integrated one, then any (lavapipe). Threading: one thread at a time.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>

#include "ahenk/vulkan/image.h"
#include "ahenk/vulkan/scene.h"

namespace ahenk::vk {

class OffscreenRenderer {
 public:
  // Extra commands recorded inside the render pass after the scene (an ImGui overlay, say).
  using Recorder = std::function<void(VkCommandBuffer)>;

  static std::unique_ptr<OffscreenRenderer> create(std::string* error);
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  const DeviceContext& context() const;
  // One colour attachment, R8G8B8A8_UNORM, one sample, cleared on load.
  VkRenderPass render_pass() const;
  VkFormat color_format() const { return VK_FORMAT_R8G8B8A8_UNORM; }
  std::string device_name() const;

  // Renders one frame of `scene` (and `overlay`) at width x height and reads it back.
  Image render(Scene& scene, uint32_t width, uint32_t height, std::array<float, 4> clear,
               const Recorder& overlay = {});

  // Records `work` into a one-shot command buffer, submits it and waits (uploads, say).
  void submit_and_wait(const Recorder& work);

 private:
  struct State;
  explicit OffscreenRenderer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace ahenk::vk
