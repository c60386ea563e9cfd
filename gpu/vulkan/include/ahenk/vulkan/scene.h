// The seam between what is drawn (a Scene) and where it is drawn (a host: a Qt Vulkan window in
// ui/, or the OffscreenRenderer here). A host owns the instance, device and render pass; a scene
// owns its pipelines and buffers and records draw commands into the host's render pass.
//
//   PointGridScene scene;
//   scene.create(host_context, host_render_pass, VK_SAMPLE_COUNT_1_BIT);   // named hook: create
//   ... per frame, before the host's render pass: scene.prepare(cmd, extent);
//   ... and inside it: scene.record(cmd, extent);
//   scene.destroy();                                                       // named hook: release
//
// Threading: all calls on the host's render thread. The scene must be destroyed before the device.
#pragma once

#include <vulkan/vulkan.h>

namespace ahenk::vk {

// Borrowed handles of the host (not owned by the receiver).
struct DeviceContext {
  VkInstance instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical_device = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint32_t queue_family = 0;  // graphics-capable
  VkQueue queue = VK_NULL_HANDLE;
};

class Scene {
 public:
  virtual ~Scene() = default;
  // Creates pipelines for `render_pass` (subpass 0) with `samples` rasterization samples.
  virtual void create(const DeviceContext& context, VkRenderPass render_pass,
                      VkSampleCountFlagBits samples) = 0;
  // Releases everything create() made. Idempotent.
  virtual void destroy() = 0;
  // Records work that must run before the render pass (compute, clears) for the next record();
  // the host calls it each frame, outside the render pass, before beginning it.
  virtual void prepare(VkCommandBuffer command_buffer, VkExtent2D extent) {
    (void)command_buffer;
    (void)extent;
  }
  // Records draw commands; the host has begun the render pass and clears the target itself.
  virtual void record(VkCommandBuffer command_buffer, VkExtent2D extent) = 0;
};

}  // namespace ahenk::vk
