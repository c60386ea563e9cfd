// A square grid of round, coloured points: the first Inspect scene, and the fixture of the renderer
// tests (its pixels are predictable: point (i, j) sits at ((i/(n-1))*1.6-0.8, (j/(n-1))*1.6-0.8) in
// normalized device coordinates before rotation, coloured (u, v, 1-(u+v)/2)).
//
//   ahenk::vk::PointGridScene scene;
//   scene.params().grid = 32; scene.params().point_size = 6;
//   scene.create(context, render_pass, samples);
//   scene.record(cmd, extent);   // draws grid*grid points, no vertex buffer
#pragma once

#include "ahenk/vulkan/check.h"
#include "ahenk/vulkan/scene.h"

namespace ahenk::vk {

class PointGridScene final : public Scene {
 public:
  struct Params {
    uint32_t grid = 24;       // points per side, >= 2
    float point_size = 8.0f;  // diameter in pixels; clamped to the device's limit
    float angle = 0.0f;       // radians
  };

  Params& params() { return params_; }
  const Params& params() const { return params_; }

  void create(const DeviceContext& context, VkRenderPass render_pass,
              VkSampleCountFlagBits samples) override;
  void destroy() override;
  void record(VkCommandBuffer command_buffer, VkExtent2D extent) override;

  // Largest point diameter the device draws (VkPhysicalDeviceLimits::pointSizeRange[1]).
  float max_point_size() const { return max_point_size_; }

 private:
  Params params_;
  float max_point_size_ = 1.0f;
  UniquePipelineLayout layout_;
  UniquePipeline pipeline_;
};

}  // namespace ahenk::vk
