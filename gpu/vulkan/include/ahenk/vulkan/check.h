// Vulkan error handling and RAII for device-owned handles.
//
//   ahenk::vk::check(vkCreateBuffer(device, &info, nullptr, &raw), "vkCreateBuffer");  // throws
//   ahenk::vk::Unique<VkBuffer, vkDestroyBuffer> buffer(device, raw);                 // destroyed
//   at scope end
//
// Every handle this project creates lives in a Unique (or in an owner whose destructor releases
// it), so an exception between creation steps never leaks (GUIDE, rule 8). Not thread-safe.
#pragma once

#include <vulkan/vulkan.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace ahenk::vk {

// A Vulkan call failed; what() names the call and the VkResult.
class VulkanError : public std::runtime_error {
 public:
  VulkanError(const std::string& what, VkResult result)
      : std::runtime_error(what), result_(result) {}
  VkResult result() const { return result_; }

 private:
  VkResult result_;
};

// "VK_ERROR_OUT_OF_DEVICE_MEMORY" and so on.
const char* result_name(VkResult result);

inline void check(VkResult result, const char* call) {
  if (result != VK_SUCCESS) {
    throw VulkanError(std::string(call) + " failed: " + result_name(result), result);
  }
}

// Owns one handle created from `device`; destroyed with `Destroy(device, handle, nullptr)`.
template <class Handle, void (*Destroy)(VkDevice, Handle, const VkAllocationCallbacks*)>
class Unique {
 public:
  Unique() = default;
  Unique(VkDevice device, Handle handle) : device_(device), handle_(handle) {}
  Unique(const Unique&) = delete;
  Unique& operator=(const Unique&) = delete;
  Unique(Unique&& other) noexcept
      : device_(other.device_), handle_(std::exchange(other.handle_, VK_NULL_HANDLE)) {}
  Unique& operator=(Unique&& other) noexcept {
    if (this != &other) {
      reset();
      device_ = other.device_;
      handle_ = std::exchange(other.handle_, VK_NULL_HANDLE);
    }
    return *this;
  }
  ~Unique() { reset(); }

  void reset() {
    if (handle_ != VK_NULL_HANDLE) Destroy(device_, handle_, nullptr);
    handle_ = VK_NULL_HANDLE;
  }
  Handle get() const { return handle_; }
  explicit operator bool() const { return handle_ != VK_NULL_HANDLE; }

 private:
  VkDevice device_ = VK_NULL_HANDLE;
  Handle handle_ = VK_NULL_HANDLE;
};

using UniqueBuffer = Unique<VkBuffer, vkDestroyBuffer>;
using UniqueMemory = Unique<VkDeviceMemory, vkFreeMemory>;
using UniqueImage = Unique<VkImage, vkDestroyImage>;
using UniqueImageView = Unique<VkImageView, vkDestroyImageView>;
using UniqueFramebuffer = Unique<VkFramebuffer, vkDestroyFramebuffer>;
using UniqueRenderPass = Unique<VkRenderPass, vkDestroyRenderPass>;
using UniquePipeline = Unique<VkPipeline, vkDestroyPipeline>;
using UniquePipelineLayout = Unique<VkPipelineLayout, vkDestroyPipelineLayout>;
using UniqueShaderModule = Unique<VkShaderModule, vkDestroyShaderModule>;
using UniqueCommandPool = Unique<VkCommandPool, vkDestroyCommandPool>;
using UniqueFence = Unique<VkFence, vkDestroyFence>;
using UniqueDescriptorPool = Unique<VkDescriptorPool, vkDestroyDescriptorPool>;

// Index of a memory type allowed by `type_bits` with all of `flags`; throws when there is none.
uint32_t find_memory_type(VkPhysicalDevice physical_device, uint32_t type_bits,
                          VkMemoryPropertyFlags flags);

// A device-local 2-D colour image (one mip level and layer, optimal tiling, initial layout
// undefined), its memory and a view of it (destroyed in the reverse order).
struct ColorImage {
  UniqueImage image;
  UniqueMemory memory;
  UniqueImageView view;
};
ColorImage make_color_image(VkDevice device, VkPhysicalDevice physical_device, VkFormat format,
                            VkExtent2D extent, VkImageUsageFlags usage);

}  // namespace ahenk::vk
