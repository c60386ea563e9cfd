#include "ahenk/vulkan/offscreen.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "ahenk/vulkan/check.h"

namespace ahenk::vk {
namespace {

struct InstanceOwner {
  VkInstance handle = VK_NULL_HANDLE;
  ~InstanceOwner() {
    if (handle) vkDestroyInstance(handle, nullptr);
  }
};
struct DeviceOwner {
  VkDevice handle = VK_NULL_HANDLE;
  ~DeviceOwner() {
    if (handle) {
      vkDeviceWaitIdle(handle);
      vkDestroyDevice(handle, nullptr);
    }
  }
};

int device_rank(const VkPhysicalDeviceProperties& props) {
  const char* wanted = std::getenv("AHENK_VULKAN_DEVICE");
  if (wanted && *wanted && std::strstr(props.deviceName, wanted)) return 0;
  switch (props.deviceType) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return 1;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return 2;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return 3;
    default:
      return 4;
  }
}

}  // namespace

// Declaration order is destruction order reversed: device objects go before the device, the device
// before the instance.
struct OffscreenRenderer::State {
  InstanceOwner instance;
  DeviceOwner device;
  DeviceContext context;
  std::string device_name;
  UniqueCommandPool pool;
  UniqueRenderPass render_pass;
  UniqueFence fence;
  VkCommandBuffer cmd = VK_NULL_HANDLE;  // freed with the pool
  // Size-dependent target, recreated when the size changes.
  uint32_t width = 0, height = 0;
  UniqueMemory image_memory;
  UniqueImage image;
  UniqueImageView view;
  UniqueFramebuffer framebuffer;
  UniqueMemory readback_memory;
  UniqueBuffer readback;
  void* mapped = nullptr;

  ~State() {
    if (device.handle) vkDeviceWaitIdle(device.handle);
    // Members are destroyed in reverse order: target, fence, render pass, pool, then the device.
  }

  void resize(uint32_t w, uint32_t h);
};

void OffscreenRenderer::State::resize(uint32_t w, uint32_t h) {
  if (w == width && h == height && framebuffer) return;
  VkDevice dev = device.handle;
  vkDeviceWaitIdle(dev);
  framebuffer.reset();
  view.reset();
  image.reset();
  image_memory.reset();
  if (mapped) vkUnmapMemory(dev, readback_memory.get());
  mapped = nullptr;
  readback.reset();
  readback_memory.reset();

  ColorImage target =
      make_color_image(dev, context.physical_device, VK_FORMAT_R8G8B8A8_UNORM, {w, h},
                       VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
  image = std::move(target.image);
  image_memory = std::move(target.memory);
  view = std::move(target.view);
  VkImageView raw_view = view.get();

  VkFramebufferCreateInfo fi{VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO};
  fi.renderPass = render_pass.get();
  fi.attachmentCount = 1;
  fi.pAttachments = &raw_view;
  fi.width = w;
  fi.height = h;
  fi.layers = 1;
  VkFramebuffer raw_fb = VK_NULL_HANDLE;
  check(vkCreateFramebuffer(dev, &fi, nullptr, &raw_fb), "vkCreateFramebuffer");
  framebuffer = UniqueFramebuffer(dev, raw_fb);

  VkBufferCreateInfo bi{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  bi.size = VkDeviceSize(w) * h * 4;
  bi.usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT;
  VkBuffer raw_buffer = VK_NULL_HANDLE;
  check(vkCreateBuffer(dev, &bi, nullptr, &raw_buffer), "vkCreateBuffer");
  readback = UniqueBuffer(dev, raw_buffer);
  VkMemoryRequirements req;
  vkGetBufferMemoryRequirements(dev, raw_buffer, &req);
  VkMemoryAllocateInfo ai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  ai.allocationSize = req.size;
  ai.memoryTypeIndex =
      find_memory_type(context.physical_device, req.memoryTypeBits,
                       VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
  VkDeviceMemory raw_memory = VK_NULL_HANDLE;
  check(vkAllocateMemory(dev, &ai, nullptr, &raw_memory), "vkAllocateMemory");
  readback_memory = UniqueMemory(dev, raw_memory);
  check(vkBindBufferMemory(dev, raw_buffer, raw_memory, 0), "vkBindBufferMemory");
  check(vkMapMemory(dev, raw_memory, 0, VK_WHOLE_SIZE, 0, &mapped), "vkMapMemory");
  width = w;
  height = h;
}

std::unique_ptr<OffscreenRenderer> OffscreenRenderer::create(std::string* error) {
  auto state = std::make_unique<State>();
  try {
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "ahenk";
    app.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo ici{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    ici.pApplicationInfo = &app;
    check(vkCreateInstance(&ici, nullptr, &state->instance.handle), "vkCreateInstance");

    uint32_t count = 0;
    check(vkEnumeratePhysicalDevices(state->instance.handle, &count, nullptr),
          "vkEnumeratePhysicalDevices");
    if (count == 0) throw VulkanError("no Vulkan device found", VK_ERROR_INITIALIZATION_FAILED);
    std::vector<VkPhysicalDevice> devices(count);
    check(vkEnumeratePhysicalDevices(state->instance.handle, &count, devices.data()),
          "vkEnumeratePhysicalDevices");
    int best_rank = 1 << 30;
    for (auto candidate : devices) {
      VkPhysicalDeviceProperties props;
      vkGetPhysicalDeviceProperties(candidate, &props);
      uint32_t families = 0;
      vkGetPhysicalDeviceQueueFamilyProperties(candidate, &families, nullptr);
      std::vector<VkQueueFamilyProperties> fam(families);
      vkGetPhysicalDeviceQueueFamilyProperties(candidate, &families, fam.data());
      for (uint32_t f = 0; f < families; ++f) {
        if (!(fam[f].queueFlags & VK_QUEUE_GRAPHICS_BIT)) continue;
        if (device_rank(props) < best_rank) {
          best_rank = device_rank(props);
          state->context.physical_device = candidate;
          state->context.queue_family = f;
          state->device_name = props.deviceName;
        }
        break;
      }
    }
    if (!state->context.physical_device) {
      throw VulkanError("no Vulkan device with a graphics queue", VK_ERROR_INITIALIZATION_FAILED);
    }
    const float priority = 1.0f;
    VkDeviceQueueCreateInfo qi{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    qi.queueFamilyIndex = state->context.queue_family;
    qi.queueCount = 1;
    qi.pQueuePriorities = &priority;
    VkDeviceCreateInfo di{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    di.queueCreateInfoCount = 1;
    di.pQueueCreateInfos = &qi;
    check(vkCreateDevice(state->context.physical_device, &di, nullptr, &state->device.handle),
          "vkCreateDevice");
    VkDevice dev = state->device.handle;
    state->context.instance = state->instance.handle;
    state->context.device = dev;
    vkGetDeviceQueue(dev, state->context.queue_family, 0, &state->context.queue);

    VkCommandPoolCreateInfo pi{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pi.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pi.queueFamilyIndex = state->context.queue_family;
    VkCommandPool pool = VK_NULL_HANDLE;
    check(vkCreateCommandPool(dev, &pi, nullptr, &pool), "vkCreateCommandPool");
    state->pool = UniqueCommandPool(dev, pool);
    VkCommandBufferAllocateInfo cai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    cai.commandPool = pool;
    cai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    cai.commandBufferCount = 1;
    check(vkAllocateCommandBuffers(dev, &cai, &state->cmd), "vkAllocateCommandBuffers");

    VkAttachmentDescription color{};
    color.format = VK_FORMAT_R8G8B8A8_UNORM;
    color.samples = VK_SAMPLE_COUNT_1_BIT;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    color.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    color.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    color.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    color.finalLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription sub{};
    sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    sub.colorAttachmentCount = 1;
    sub.pColorAttachments = &ref;
    // Make the colour writes visible to the copy that follows the pass.
    VkSubpassDependency dep{};
    dep.srcSubpass = 0;
    dep.dstSubpass = VK_SUBPASS_EXTERNAL;
    dep.srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dep.dstStageMask = VK_PIPELINE_STAGE_TRANSFER_BIT;
    dep.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    dep.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT;
    VkRenderPassCreateInfo rpi{VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO};
    rpi.attachmentCount = 1;
    rpi.pAttachments = &color;
    rpi.subpassCount = 1;
    rpi.pSubpasses = &sub;
    rpi.dependencyCount = 1;
    rpi.pDependencies = &dep;
    VkRenderPass rp = VK_NULL_HANDLE;
    check(vkCreateRenderPass(dev, &rpi, nullptr, &rp), "vkCreateRenderPass");
    state->render_pass = UniqueRenderPass(dev, rp);

    VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkFence fence = VK_NULL_HANDLE;
    check(vkCreateFence(dev, &fci, nullptr, &fence), "vkCreateFence");
    state->fence = UniqueFence(dev, fence);
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return nullptr;
  }
  return std::unique_ptr<OffscreenRenderer>(new OffscreenRenderer(std::move(state)));
}

OffscreenRenderer::OffscreenRenderer(std::unique_ptr<State> state) : state_(std::move(state)) {}
OffscreenRenderer::~OffscreenRenderer() = default;

const DeviceContext& OffscreenRenderer::context() const {
  return state_->context;
}
VkRenderPass OffscreenRenderer::render_pass() const {
  return state_->render_pass.get();
}
std::string OffscreenRenderer::device_name() const {
  return state_->device_name;
}

void OffscreenRenderer::submit_and_wait(const Recorder& work) {
  VkCommandBuffer cmd = state_->cmd;
  VkDevice dev = state_->device.handle;
  check(vkResetCommandBuffer(cmd, 0), "vkResetCommandBuffer");
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
  work(cmd);
  check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
  VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &cmd;
  VkFence fence = state_->fence.get();
  check(vkResetFences(dev, 1, &fence), "vkResetFences");
  check(vkQueueSubmit(state_->context.queue, 1, &submit, fence), "vkQueueSubmit");
  check(vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX), "vkWaitForFences");
}

Image OffscreenRenderer::render(Scene& scene, uint32_t width, uint32_t height,
                                std::array<float, 4> clear, const Recorder& overlay) {
  if (width == 0 || height == 0) return {};
  state_->resize(width, height);
  submit_and_wait([&](VkCommandBuffer cmd) {
    VkClearValue clear_value{};
    std::memcpy(clear_value.color.float32, clear.data(), sizeof(float) * 4);
    VkRenderPassBeginInfo rbi{VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO};
    rbi.renderPass = state_->render_pass.get();
    rbi.framebuffer = state_->framebuffer.get();
    rbi.renderArea = {{0, 0}, {width, height}};
    rbi.clearValueCount = 1;
    rbi.pClearValues = &clear_value;
    scene.prepare(cmd, {width, height});
    vkCmdBeginRenderPass(cmd, &rbi, VK_SUBPASS_CONTENTS_INLINE);
    scene.record(cmd, {width, height});
    if (overlay) overlay(cmd);
    vkCmdEndRenderPass(cmd);
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {width, height, 1};
    vkCmdCopyImageToBuffer(cmd, state_->image.get(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                           state_->readback.get(), 1, &region);
    VkMemoryBarrier to_host{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    to_host.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    to_host.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1,
                         &to_host, 0, nullptr, 0, nullptr);
  });
  Image image;
  image.width = width;
  image.height = height;
  image.rgba.resize(size_t(width) * height * 4);
  std::memcpy(image.rgba.data(), state_->mapped, image.rgba.size());
  return image;
}

}  // namespace ahenk::vk
