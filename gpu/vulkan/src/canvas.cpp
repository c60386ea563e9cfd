#include "ahenk/vulkan/canvas.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace ahenk::vk {
namespace {

const uint32_t kCanvasVert[] =
#include "canvas.vert.spv.inc"
    ;
const uint32_t kPointFrag[] =
#include "canvas_point.frag.spv.inc"
    ;
const uint32_t kLineFrag[] =
#include "canvas_line.frag.spv.inc"
    ;
const uint32_t kHeatVert[] =
#include "heatmap.vert.spv.inc"
    ;
const uint32_t kHeatFrag[] =
#include "heatmap.frag.spv.inc"
    ;
const uint32_t kSplatComp[] =
#include "point_splat.comp.spv.inc"
    ;
const uint32_t kSplatVert[] =
#include "point_splat.vert.spv.inc"
    ;
const uint32_t kSplatFrag[] =
#include "point_splat.frag.spv.inc"
    ;

// Matches the push_constant block of point_splat.comp.
struct SplatParams {
  float transform[16];
  uint32_t extent[2];
  uint32_t count;
  float max_size;
};
static_assert(sizeof(SplatParams) == 80);

// Matches `Tile` in heatmap.vert/.frag (std430: vec4, uvec4, vec4).
struct GpuTile {
  float rect[4];
  uint32_t block[4];
  float range[4];
};
static_assert(sizeof(GpuTile) == 48);

UniqueShaderModule make_module(VkDevice device, const uint32_t* code, size_t bytes) {
  VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  info.codeSize = bytes;
  info.pCode = code;
  VkShaderModule module = VK_NULL_HANDLE;
  check(vkCreateShaderModule(device, &info, nullptr, &module), "vkCreateShaderModule");
  return UniqueShaderModule(device, module);
}

UniquePipeline make_pipeline(VkDevice device, VkRenderPass render_pass,
                             VkSampleCountFlagBits samples, VkPipelineLayout layout,
                             VkShaderModule vert, VkShaderModule frag, VkPrimitiveTopology topology,
                             bool vertex_buffer) {
  std::array<VkPipelineShaderStageCreateInfo, 2> stages{};
  stages[0] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
  stages[0].stage = VK_SHADER_STAGE_VERTEX_BIT;
  stages[0].module = vert;
  stages[0].pName = "main";
  stages[1] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
  stages[1].stage = VK_SHADER_STAGE_FRAGMENT_BIT;
  stages[1].module = frag;
  stages[1].pName = "main";

  VkVertexInputBindingDescription binding{0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
  std::array<VkVertexInputAttributeDescription, 3> attributes{{
      {0, 0, VK_FORMAT_R32G32B32_SFLOAT, offsetof(Vertex, x)},
      {1, 0, VK_FORMAT_R8G8B8A8_UNORM, offsetof(Vertex, color)},
      {2, 0, VK_FORMAT_R32_SFLOAT, offsetof(Vertex, size)},
  }};
  VkPipelineVertexInputStateCreateInfo vertex_input{
      VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
  if (vertex_buffer) {
    vertex_input.vertexBindingDescriptionCount = 1;
    vertex_input.pVertexBindingDescriptions = &binding;
    vertex_input.vertexAttributeDescriptionCount = uint32_t(attributes.size());
    vertex_input.pVertexAttributeDescriptions = attributes.data();
  }
  VkPipelineInputAssemblyStateCreateInfo assembly{
      VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
  assembly.topology = topology;
  VkPipelineViewportStateCreateInfo viewport{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
  viewport.viewportCount = 1;
  viewport.scissorCount = 1;
  VkPipelineRasterizationStateCreateInfo raster{
      VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
  raster.polygonMode = VK_POLYGON_MODE_FILL;
  raster.cullMode = VK_CULL_MODE_NONE;
  raster.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
  raster.lineWidth = 1.0f;
  VkPipelineMultisampleStateCreateInfo multisample{
      VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
  multisample.rasterizationSamples = samples;
  // The host's pass may carry a depth attachment (Qt's default pass does); the canvas ignores it.
  VkPipelineDepthStencilStateCreateInfo depth{
      VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
  VkPipelineColorBlendAttachmentState blend_attachment{};
  blend_attachment.blendEnable = VK_TRUE;
  blend_attachment.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
  blend_attachment.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
  blend_attachment.colorBlendOp = VK_BLEND_OP_ADD;
  blend_attachment.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
  blend_attachment.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
  blend_attachment.alphaBlendOp = VK_BLEND_OP_ADD;
  blend_attachment.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT |
                                    VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
  VkPipelineColorBlendStateCreateInfo blend{
      VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
  blend.attachmentCount = 1;
  blend.pAttachments = &blend_attachment;
  std::array<VkDynamicState, 2> dynamic_states{VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
  VkPipelineDynamicStateCreateInfo dynamic{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
  dynamic.dynamicStateCount = uint32_t(dynamic_states.size());
  dynamic.pDynamicStates = dynamic_states.data();

  VkGraphicsPipelineCreateInfo info{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO};
  info.stageCount = uint32_t(stages.size());
  info.pStages = stages.data();
  info.pVertexInputState = &vertex_input;
  info.pInputAssemblyState = &assembly;
  info.pViewportState = &viewport;
  info.pRasterizationState = &raster;
  info.pMultisampleState = &multisample;
  info.pDepthStencilState = &depth;
  info.pColorBlendState = &blend;
  info.pDynamicState = &dynamic;
  info.layout = layout;
  info.renderPass = render_pass;
  VkPipeline pipeline = VK_NULL_HANDLE;
  check(vkCreateGraphicsPipelines(device, VK_NULL_HANDLE, 1, &info, nullptr, &pipeline),
        "vkCreateGraphicsPipelines");
  return UniquePipeline(device, pipeline);
}

// A descriptor set layout of `bindings`, a pool sized for exactly one set of it, and that set
// (freed with the pool).
struct OneSet {
  Unique<VkDescriptorSetLayout, vkDestroyDescriptorSetLayout> layout;
  UniqueDescriptorPool pool;
  VkDescriptorSet set = VK_NULL_HANDLE;
};
OneSet make_one_set(VkDevice device, const std::vector<VkDescriptorSetLayoutBinding>& bindings) {
  OneSet out;
  VkDescriptorSetLayoutCreateInfo set_info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
  set_info.bindingCount = uint32_t(bindings.size());
  set_info.pBindings = bindings.data();
  VkDescriptorSetLayout layout = VK_NULL_HANDLE;
  check(vkCreateDescriptorSetLayout(device, &set_info, nullptr, &layout),
        "vkCreateDescriptorSetLayout");
  out.layout = decltype(out.layout)(device, layout);
  std::vector<VkDescriptorPoolSize> sizes;
  for (const auto& b : bindings) sizes.push_back({b.descriptorType, b.descriptorCount});
  VkDescriptorPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
  pool_info.maxSets = 1;
  pool_info.poolSizeCount = uint32_t(sizes.size());
  pool_info.pPoolSizes = sizes.data();
  VkDescriptorPool pool = VK_NULL_HANDLE;
  check(vkCreateDescriptorPool(device, &pool_info, nullptr, &pool), "vkCreateDescriptorPool");
  out.pool = UniqueDescriptorPool(device, pool);
  VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
  alloc.descriptorPool = pool;
  alloc.descriptorSetCount = 1;
  alloc.pSetLayouts = &layout;
  check(vkAllocateDescriptorSets(device, &alloc, &out.set), "vkAllocateDescriptorSets");
  return out;
}

UniquePipelineLayout make_layout(VkDevice device, const VkDescriptorSetLayout* set_layout) {
  VkPushConstantRange range{VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(Matrix)};
  VkPipelineLayoutCreateInfo info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  info.pushConstantRangeCount = 1;
  info.pPushConstantRanges = &range;
  if (set_layout != nullptr) {
    info.setLayoutCount = 1;
    info.pSetLayouts = set_layout;
  }
  VkPipelineLayout layout = VK_NULL_HANDLE;
  check(vkCreatePipelineLayout(device, &info, nullptr, &layout), "vkCreatePipelineLayout");
  return UniquePipelineLayout(device, layout);
}

}  // namespace

uint32_t colormap_rgba(Colormap colormap, float t, uint8_t alpha) {
  // The same polynomial fits as heatmap.frag.
  static const double kViridis[7][3] = {
      {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
      {0.1050930431085774, 1.404613529898575, 1.384590162594685},
      {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
      {-4.634230498983486, -5.799100973351585, -19.33244095627987},
      {6.228269936347081, 14.17993336680509, 56.69055260068105},
      {4.776384997670288, -13.74514537774601, -65.35303263337234},
      {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
  static const double kMagma[7][3] = {
      {-0.002136485053939582, -0.000749655052795221, -0.005386127855323933},
      {0.2516605407371642, 0.6775232436837668, 2.494026599312351},
      {8.353717279216625, -3.577719514958484, 0.3144679030132573},
      {-27.66873308576866, 14.26473078096533, -13.64921318813922},
      {52.17613981234068, -27.94360607168351, 12.94416944238394},
      {-50.76852536473588, 29.04658282127291, 4.23415299384598},
      {18.65570506591883, -11.48977351997711, -5.601961508734096}};
  const double x = std::clamp(double(t), 0.0, 1.0);
  double rgb[3];
  if (colormap == Colormap::viridis || colormap == Colormap::magma) {
    const auto& c = colormap == Colormap::viridis ? kViridis : kMagma;
    for (int k = 0; k < 3; ++k) {
      double v = c[6][k];
      for (int i = 5; i >= 0; --i) v = c[i][k] + x * v;
      rgb[k] = v;
    }
  } else if (colormap == Colormap::grey) {
    rgb[0] = rgb[1] = rgb[2] = x;
  } else {
    const double blue[3] = {0.23, 0.30, 0.75}, white[3] = {0.97, 0.97, 0.97},
                 red[3] = {0.71, 0.02, 0.15};
    for (int k = 0; k < 3; ++k)
      rgb[k] = x < 0.5 ? blue[k] + (white[k] - blue[k]) * x * 2
                       : white[k] + (red[k] - white[k]) * (x * 2 - 1);
  }
  auto byte = [](double v) { return uint8_t(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  return rgba(byte(rgb[0]), byte(rgb[1]), byte(rgb[2]), alpha);
}

Matrix identity() {
  Matrix m{};
  m[0] = m[5] = m[10] = m[15] = 1;
  return m;
}

Matrix ortho(float x0, float x1, float y0, float y1) {
  // Vulkan's clip space has y down: y1 (top) maps to -1.
  Matrix m = identity();
  m[0] = 2 / (x1 - x0);
  m[5] = -2 / (y1 - y0);
  m[12] = -(x1 + x0) / (x1 - x0);
  m[13] = (y1 + y0) / (y1 - y0);
  return m;
}

Matrix ortho_down(float x0, float x1, float y0, float y1) {
  Matrix m = identity();
  m[0] = 2 / (x1 - x0);
  m[5] = 2 / (y1 - y0);
  m[12] = -(x1 + x0) / (x1 - x0);
  m[13] = -(y1 + y0) / (y1 - y0);
  return m;
}

Matrix multiply(const Matrix& a, const Matrix& b) {
  Matrix r{};
  for (int col = 0; col < 4; ++col)
    for (int row = 0; row < 4; ++row) {
      float s = 0;
      for (int k = 0; k < 4; ++k) s += a[size_t(k * 4 + row)] * b[size_t(col * 4 + k)];
      r[size_t(col * 4 + row)] = s;
    }
  return r;
}

std::array<float, 2> project(const Matrix& m, float x, float y, float z) {
  const float cx = m[0] * x + m[4] * y + m[8] * z + m[12];
  const float cy = m[1] * x + m[5] * y + m[9] * z + m[13];
  const float cw = m[3] * x + m[7] * y + m[11] * z + m[15];
  return {cx / cw, cy / cw};
}

void Canvas::create(const DeviceContext& context, VkRenderPass render_pass,
                    VkSampleCountFlagBits samples) {
  destroy();
  context_ = context;
  VkDevice device = context.device;
  VkPhysicalDeviceProperties props;
  vkGetPhysicalDeviceProperties(context.physical_device, &props);
  max_point_size_ = props.limits.pointSizeRange[1];

  // The heatmap: its tiles and values as two storage buffers.
  const VkShaderStageFlags both = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
  OneSet heat = make_one_set(device, {{0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, both, nullptr},
                                      {1, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, both, nullptr}});
  set_layout_ = std::move(heat.layout);
  pool_ = std::move(heat.pool);
  set_ = heat.set;
  VkDescriptorSetLayout set_layout = set_layout_.get();

  plain_layout_ = make_layout(device, nullptr);
  heat_layout_ = make_layout(device, &set_layout);
  auto canvas_vert = make_module(device, kCanvasVert, sizeof(kCanvasVert));
  auto point_frag = make_module(device, kPointFrag, sizeof(kPointFrag));
  auto line_frag = make_module(device, kLineFrag, sizeof(kLineFrag));
  auto heat_vert = make_module(device, kHeatVert, sizeof(kHeatVert));
  auto heat_frag = make_module(device, kHeatFrag, sizeof(kHeatFrag));
  point_pipeline_ =
      make_pipeline(device, render_pass, samples, plain_layout_.get(), canvas_vert.get(),
                    point_frag.get(), VK_PRIMITIVE_TOPOLOGY_POINT_LIST, true);
  line_pipeline_ =
      make_pipeline(device, render_pass, samples, plain_layout_.get(), canvas_vert.get(),
                    line_frag.get(), VK_PRIMITIVE_TOPOLOGY_LINE_LIST, true);
  triangle_pipeline_ =
      make_pipeline(device, render_pass, samples, plain_layout_.get(), canvas_vert.get(),
                    line_frag.get(), VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, true);
  heat_pipeline_ = make_pipeline(device, render_pass, samples, heat_layout_.get(), heat_vert.get(),
                                 heat_frag.get(), VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, false);
  // The splat path: points (storage buffer) -> R32_UINT image (compute) -> the target (fragment).
  OneSet splat = make_one_set(
      device, {{0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr},
               {1, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, 1,
                VK_SHADER_STAGE_COMPUTE_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, nullptr}});
  splat_set_layout_ = std::move(splat.layout);
  splat_pool_ = std::move(splat.pool);
  splat_set_ = splat.set;
  VkDescriptorSetLayout splat_set_layout = splat_set_layout_.get();
  VkPushConstantRange splat_range{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(SplatParams)};
  VkPipelineLayoutCreateInfo splat_layout_info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  splat_layout_info.setLayoutCount = 1;
  splat_layout_info.pSetLayouts = &splat_set_layout;
  splat_layout_info.pushConstantRangeCount = 1;
  splat_layout_info.pPushConstantRanges = &splat_range;
  VkPipelineLayout splat_layout = VK_NULL_HANDLE;
  check(vkCreatePipelineLayout(device, &splat_layout_info, nullptr, &splat_layout),
        "vkCreatePipelineLayout");
  splat_layout_ = UniquePipelineLayout(device, splat_layout);
  auto splat_comp = make_module(device, kSplatComp, sizeof(kSplatComp));
  VkComputePipelineCreateInfo compute{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  compute.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
  compute.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  compute.stage.module = splat_comp.get();
  compute.stage.pName = "main";
  compute.layout = splat_layout;
  VkPipeline splat_pipeline = VK_NULL_HANDLE;
  check(vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &compute, nullptr, &splat_pipeline),
        "vkCreateComputePipelines");
  splat_pipeline_ = UniquePipeline(device, splat_pipeline);
  auto splat_vert = make_module(device, kSplatVert, sizeof(kSplatVert));
  auto splat_frag = make_module(device, kSplatFrag, sizeof(kSplatFrag));
  composite_pipeline_ = make_pipeline(device, render_pass, samples, splat_layout, splat_vert.get(),
                                      splat_frag.get(), VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, false);

  // Both storage buffers exist from the start so the descriptor set is always valid.
  const float zero = 0;
  const GpuTile none{};
  upload(tiles_, &none, sizeof(none), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
  upload(values_, &zero, sizeof(zero), VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
  update_descriptors();
}

void Canvas::destroy() {
  if (context_.device != VK_NULL_HANDLE) vkDeviceWaitIdle(context_.device);
  for (Buffer* b : {&points_, &lines_, &triangles_, &tiles_, &values_}) {
    if (b->mapped != nullptr) vkUnmapMemory(context_.device, b->memory.get());
    *b = Buffer{};
  }
  splat_view_.reset();
  splat_image_.reset();
  splat_memory_.reset();
  splat_extent_ = {0, 0};
  splat_points_bound_ = VK_NULL_HANDLE;
  splat_ready_ = false;
  splat_pipeline_.reset();
  composite_pipeline_.reset();
  splat_layout_.reset();
  splat_pool_.reset();
  splat_set_ = VK_NULL_HANDLE;
  splat_set_layout_.reset();
  point_pipeline_.reset();
  line_pipeline_.reset();
  triangle_pipeline_.reset();
  heat_pipeline_.reset();
  plain_layout_.reset();
  heat_layout_.reset();
  pool_.reset();
  set_ = VK_NULL_HANDLE;
  set_layout_.reset();
  n_points_ = n_lines_ = n_triangles_ = n_tiles_ = 0;
  context_ = {};
}

bool Canvas::upload(Buffer& target, const void* data, VkDeviceSize bytes,
                    VkBufferUsageFlags usage) {
  if (context_.device == VK_NULL_HANDLE) throw std::logic_error("Canvas used before create()");
  VkDevice device = context_.device;
  // No frame in flight may read the buffer while it is rewritten or replaced.
  vkDeviceWaitIdle(device);
  bytes = std::max<VkDeviceSize>(bytes, 4);
  const bool grow = bytes > target.capacity;
  if (grow) {
    if (target.mapped != nullptr) vkUnmapMemory(device, target.memory.get());
    target = Buffer{};
    const VkDeviceSize capacity = std::max<VkDeviceSize>(bytes, 256) * 3 / 2;
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = capacity;
    info.usage = usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    VkBuffer buffer = VK_NULL_HANDLE;
    check(vkCreateBuffer(device, &info, nullptr, &buffer), "vkCreateBuffer");
    target.buffer = UniqueBuffer(device, buffer);
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(device, buffer, &req);
    VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = find_memory_type(
        context_.physical_device, req.memoryTypeBits,
        VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    VkDeviceMemory memory = VK_NULL_HANDLE;
    check(vkAllocateMemory(device, &alloc, nullptr, &memory), "vkAllocateMemory");
    target.memory = UniqueMemory(device, memory);
    check(vkBindBufferMemory(device, buffer, memory, 0), "vkBindBufferMemory");
    check(vkMapMemory(device, memory, 0, VK_WHOLE_SIZE, 0, &target.mapped), "vkMapMemory");
    target.capacity = capacity;
  }
  if (data != nullptr) std::memcpy(target.mapped, data, size_t(bytes));
  return grow;
}

void Canvas::update_descriptors() {
  std::array<VkDescriptorBufferInfo, 2> infos{
      {{tiles_.buffer.get(), 0, VK_WHOLE_SIZE}, {values_.buffer.get(), 0, VK_WHOLE_SIZE}}};
  std::array<VkWriteDescriptorSet, 2> writes{};
  for (uint32_t i = 0; i < 2; ++i) {
    writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    writes[i].dstSet = set_;
    writes[i].dstBinding = i;
    writes[i].descriptorCount = 1;
    writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[i].pBufferInfo = &infos[i];
  }
  vkUpdateDescriptorSets(context_.device, uint32_t(writes.size()), writes.data(), 0, nullptr);
}

void Canvas::set_points(const std::vector<Vertex>& points) {
  upload(points_, points.data(), points.size() * sizeof(Vertex),
         VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
  n_points_ = uint32_t(points.size());
}

void Canvas::set_lines(const std::vector<Vertex>& segments) {
  upload(lines_, segments.data(), segments.size() * sizeof(Vertex),
         VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
  n_lines_ = uint32_t(segments.size() / 2 * 2);
}

void Canvas::set_triangles(const std::vector<Vertex>& triangles) {
  upload(triangles_, triangles.data(), triangles.size() * sizeof(Vertex),
         VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
  n_triangles_ = uint32_t(triangles.size() / 3 * 3);
}

void Canvas::set_heatmap(const std::vector<float>& values, const std::vector<HeatTile>& tiles) {
  std::vector<GpuTile> gpu;
  gpu.reserve(tiles.size());
  for (const auto& t : tiles) {
    if (t.cols == 0 || t.rows == 0 || size_t(t.offset) + size_t(t.cols) * t.rows > values.size())
      throw std::invalid_argument("a heatmap tile reads past its values");
    gpu.push_back({{t.rect[0], t.rect[1], t.rect[2], t.rect[3]},
                   {t.offset, t.cols, t.rows, uint32_t(t.colormap)},
                   {t.lo, t.hi, 0, 0}});
  }
  // A replaced buffer may get the handle of the one it replaces, so compare growth, not handles.
  bool replaced = false;
  if (!gpu.empty()) {
    replaced |= upload(tiles_, gpu.data(), gpu.size() * sizeof(GpuTile),
                       VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
    replaced |= upload(values_, values.data(), values.size() * sizeof(float),
                       VK_BUFFER_USAGE_STORAGE_BUFFER_BIT);
  }
  if (replaced) update_descriptors();
  n_tiles_ = uint32_t(gpu.size());
}

void Canvas::clear() {
  n_points_ = n_lines_ = n_triangles_ = n_tiles_ = 0;
}

bool Canvas::splat_now() const {
  if (n_points_ == 0 || !splat_pipeline_) return false;
  return point_mode_ == PointMode::splat ||
         (point_mode_ == PointMode::automatic && n_points_ > kSplatAbove);
}

void Canvas::ensure_splat_image(VkExtent2D extent) {
  if (splat_image_ && splat_extent_.width == extent.width && splat_extent_.height == extent.height)
    return;
  VkDevice device = context_.device;
  vkDeviceWaitIdle(device);  // no frame in flight may still read the old image
  splat_view_.reset();
  splat_image_.reset();
  splat_memory_.reset();
  ColorImage made = make_color_image(device, context_.physical_device, VK_FORMAT_R32_UINT, extent,
                                     VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT);
  splat_image_ = std::move(made.image);
  splat_memory_ = std::move(made.memory);
  splat_view_ = std::move(made.view);
  splat_extent_ = extent;
  splat_points_bound_ = VK_NULL_HANDLE;  // rewrite the descriptor set with the new image
}

void Canvas::prepare(VkCommandBuffer cmd, VkExtent2D extent) {
  splat_ready_ = false;
  if (!splat_now() || extent.width == 0 || extent.height == 0) return;
  ensure_splat_image(extent);
  if (splat_points_bound_ != points_.buffer.get()) {
    // Safe: the points buffer was just (re)uploaded after the device went idle, or the image was
    // just recreated after it did; no pending frame uses this set.
    vkDeviceWaitIdle(context_.device);
    VkDescriptorBufferInfo buffer{points_.buffer.get(), 0, VK_WHOLE_SIZE};
    VkDescriptorImageInfo image{VK_NULL_HANDLE, splat_view_.get(), VK_IMAGE_LAYOUT_GENERAL};
    std::array<VkWriteDescriptorSet, 2> writes{};
    writes[0] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    writes[0].dstSet = splat_set_;
    writes[0].dstBinding = 0;
    writes[0].descriptorCount = 1;
    writes[0].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    writes[0].pBufferInfo = &buffer;
    writes[1] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    writes[1].dstSet = splat_set_;
    writes[1].dstBinding = 1;
    writes[1].descriptorCount = 1;
    writes[1].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE;
    writes[1].pImageInfo = &image;
    vkUpdateDescriptorSets(context_.device, uint32_t(writes.size()), writes.data(), 0, nullptr);
    splat_points_bound_ = points_.buffer.get();
  }
  // After the previous frame's composite read it: clear, splat, then let this frame's fragments
  // read it.
  VkImageMemoryBarrier to_clear{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
  to_clear.srcAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
  to_clear.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  to_clear.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  to_clear.newLayout = VK_IMAGE_LAYOUT_GENERAL;
  to_clear.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  to_clear.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  to_clear.image = splat_image_.get();
  to_clear.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
  vkCmdPipelineBarrier(cmd,
                       VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                       VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, nullptr, 0, nullptr, 1, &to_clear);
  VkClearColorValue zero{};
  vkCmdClearColorImage(cmd, splat_image_.get(), VK_IMAGE_LAYOUT_GENERAL, &zero, 1,
                       &to_clear.subresourceRange);
  VkImageMemoryBarrier to_splat = to_clear;
  to_splat.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  to_splat.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
  to_splat.oldLayout = VK_IMAGE_LAYOUT_GENERAL;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0,
                       0, nullptr, 0, nullptr, 1, &to_splat);
  vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, splat_pipeline_.get());
  vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, splat_layout_.get(), 0, 1,
                          &splat_set_, 0, nullptr);
  SplatParams params{};
  std::copy(transform_.begin(), transform_.end(), params.transform);
  params.extent[0] = extent.width;
  params.extent[1] = extent.height;
  params.count = n_points_;
  params.max_size = max_point_size_;
  vkCmdPushConstants(cmd, splat_layout_.get(), VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(params),
                     &params);
  vkCmdDispatch(cmd, (n_points_ + 63) / 64, 1, 1);
  VkImageMemoryBarrier to_show = to_splat;
  to_show.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
  to_show.dstAccessMask = VK_ACCESS_SHADER_READ_BIT;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                       VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT, 0, 0, nullptr, 0, nullptr, 1,
                       &to_show);
  splat_ready_ = true;
}

void Canvas::record(VkCommandBuffer cmd, VkExtent2D extent) {
  if (!point_pipeline_ || extent.width == 0 || extent.height == 0) return;
  VkViewport viewport{0, 0, float(extent.width), float(extent.height), 0, 1};
  VkRect2D scissor{{0, 0}, extent};
  vkCmdSetViewport(cmd, 0, 1, &viewport);
  vkCmdSetScissor(cmd, 0, 1, &scissor);
  const VkDeviceSize zero = 0;
  auto draw_vertices = [&](VkPipeline pipeline, const Buffer& b, uint32_t count) {
    if (count == 0) return;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline);
    vkCmdPushConstants(cmd, plain_layout_.get(), VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(Matrix),
                       transform_.data());
    VkBuffer buffer = b.buffer.get();
    vkCmdBindVertexBuffers(cmd, 0, 1, &buffer, &zero);
    vkCmdDraw(cmd, count, 1, 0, 0);
  };
  draw_vertices(triangle_pipeline_.get(), triangles_, n_triangles_);
  if (n_tiles_ > 0) {
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, heat_pipeline_.get());
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, heat_layout_.get(), 0, 1, &set_,
                            0, nullptr);
    vkCmdPushConstants(cmd, heat_layout_.get(), VK_SHADER_STAGE_VERTEX_BIT, 0, sizeof(Matrix),
                       transform_.data());
    vkCmdDraw(cmd, 6 * n_tiles_, 1, 0, 0);
  }
  draw_vertices(line_pipeline_.get(), lines_, n_lines_);
  if (splat_ready_) {
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, composite_pipeline_.get());
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, splat_layout_.get(), 0, 1,
                            &splat_set_, 0, nullptr);
    vkCmdDraw(cmd, 3, 1, 0, 0);
  } else if (!splat_now()) {
    draw_vertices(point_pipeline_.get(), points_, n_points_);
  }
}

}  // namespace ahenk::vk
