// The drawing surface every Inspect view renders through: round points (instanced in one draw,
// 100k+ of them), line segments, filled triangles, and heatmap tiles whose values live in a storage
// buffer and are coloured in the fragment shader (viridis, magma, grey or diverging), all placed by
// one 4x4 transform from the view's units to clip space.
//
//   ahenk::vk::Canvas canvas;
//   canvas.create(context, render_pass, samples);           // named hook: create
//   canvas.set_transform(ahenk::vk::ortho(0, 10, 0, 5));    // x right, y up
//   canvas.set_points({{1, 2, 0, ahenk::vk::rgba(255, 0, 0), 6}});
//   canvas.set_lines({{0, 0, 0, white, 1}, {10, 5, 0, white, 1}});   // pairs of vertices
//   canvas.set_heatmap(values, {{{0, 0, 4, 4}, 0, 16, 16, ahenk::vk::Colormap::viridis, 0, 1}});
//   ... inside the host's render pass: canvas.record(cmd, extent);
//   canvas.destroy();                                       // named hook: release
//
// Draw order: triangles, heatmap tiles, lines, points (later ones on top); blending is "over".
// Setting data waits for the device to be idle first (no frame in flight reads a buffer being
// rewritten), so set data when it changes, not every frame. Threading: the host's render thread.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "ahenk/vulkan/check.h"
#include "ahenk/vulkan/scene.h"

namespace ahenk::vk {

struct Vertex {
  float x = 0, y = 0, z = 0;
  uint32_t color = 0xffffffff;  // RGBA8, R in the low byte (see rgba())
  float size = 1;               // point diameter in pixels (lines and triangles ignore it)
};
static_assert(sizeof(Vertex) == 20);

constexpr uint32_t rgba(uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  return uint32_t(r) | uint32_t(g) << 8 | uint32_t(b) << 16 | uint32_t(a) << 24;
}

enum class Colormap : uint32_t { viridis = 0, magma = 1, grey = 2, diverging = 3 };

// The colour the heatmap shader gives t in [0, 1] (clamped), for points, legends and labels.
uint32_t colormap_rgba(Colormap colormap, float t, uint8_t alpha = 255);

struct HeatTile {
  std::array<float, 4> rect{};  // x0, y0, x1, y1 in the view's units; row 0 is drawn at y0
  uint32_t offset = 0;          // index of the tile's first value in the values array
  uint32_t cols = 1, rows = 1;  // row-major block of values
  Colormap colormap = Colormap::viridis;
  float lo = 0, hi = 1;  // values mapped to the colormap's two ends (clamped outside)
};

using Matrix = std::array<float, 16>;  // column-major, as GLSL's mat4
Matrix identity();
// Maps the rectangle [x0, x1] x [y0, y1] onto the whole target, y up (y1 at the top).
Matrix ortho(float x0, float x1, float y0, float y1);
// Maps [x0, x1] x [y0, y1] with y down (y0 at the top): pixel-like units for grids and rasters.
Matrix ortho_down(float x0, float x1, float y0, float y1);
Matrix multiply(const Matrix& a, const Matrix& b);  // a * b
// (x, y, z) through m to normalised device coordinates (x, y in [-1, 1], y down).
std::array<float, 2> project(const Matrix& m, float x, float y, float z);

class Canvas final : public Scene {
 public:
  Canvas() = default;
  ~Canvas() override { destroy(); }
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  void create(const DeviceContext& context, VkRenderPass render_pass,
              VkSampleCountFlagBits samples) override;
  void destroy() override;
  void prepare(VkCommandBuffer command_buffer, VkExtent2D extent) override;
  void record(VkCommandBuffer command_buffer, VkExtent2D extent) override;

  // How points are drawn: rasterised (round point sprites, blended) or splatted by a compute pass
  // (opaque discs, later points on top), which a CPU device draws far faster for large clouds.
  // automatic: splat above kSplatAbove points.
  enum class PointMode { automatic, raster, splat };
  static constexpr uint32_t kSplatAbove = 20000;
  void set_point_mode(PointMode mode) { point_mode_ = mode; }
  bool created() const { return bool(point_pipeline_); }

  void set_transform(const Matrix& m) { transform_ = m; }
  const Matrix& transform() const { return transform_; }
  // Each call replaces that kind of primitive.
  void set_points(const std::vector<Vertex>& points);
  void set_lines(const std::vector<Vertex>& segments);       // vertex pairs
  void set_triangles(const std::vector<Vertex>& triangles);  // vertex triples
  void set_heatmap(const std::vector<float>& values, const std::vector<HeatTile>& tiles);
  void clear();

  // Largest point diameter the device draws (VkPhysicalDeviceLimits::pointSizeRange[1]).
  float max_point_size() const { return max_point_size_; }

 private:
  struct Buffer {
    UniqueBuffer buffer;
    UniqueMemory memory;
    void* mapped = nullptr;
    VkDeviceSize capacity = 0;
  };
  // Copies `bytes` into `target`, growing it when needed; true when the buffer was replaced.
  bool upload(Buffer& target, const void* data, VkDeviceSize bytes, VkBufferUsageFlags usage);
  void update_descriptors();

  DeviceContext context_;
  float max_point_size_ = 1;
  Matrix transform_ = identity();
  UniquePipelineLayout plain_layout_, heat_layout_;
  Unique<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout> set_layout_;
  UniqueDescriptorPool pool_;
  VkDescriptorSet set_ = VK_NULL_HANDLE;  // freed with the pool
  UniquePipeline point_pipeline_, line_pipeline_, triangle_pipeline_, heat_pipeline_;
  Buffer points_, lines_, triangles_, tiles_, values_;
  uint32_t n_points_ = 0, n_lines_ = 0, n_triangles_ = 0, n_tiles_ = 0;

  // The splat path: a compute pipeline writing an R32_UINT image the size of the target, and a
  // full-screen pass showing it.
  bool splat_now() const;
  void ensure_splat_image(VkExtent2D extent);
  PointMode point_mode_ = PointMode::automatic;
  Unique<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout> splat_set_layout_;
  UniqueDescriptorPool splat_pool_;
  VkDescriptorSet splat_set_ = VK_NULL_HANDLE;
  UniquePipelineLayout splat_layout_;
  UniquePipeline splat_pipeline_, composite_pipeline_;
  UniqueImage splat_image_;
  UniqueMemory splat_memory_;
  UniqueImageView splat_view_;
  VkExtent2D splat_extent_{0, 0};
  VkBuffer splat_points_bound_ = VK_NULL_HANDLE;
  bool splat_ready_ = false;  // prepared for this frame's record()
};

}  // namespace ahenk::vk
