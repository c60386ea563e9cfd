#include "ahenk/vulkan/check.h"

namespace ahenk::vk {

const char* result_name(VkResult result) {
  switch (result) {
#define AHENK_RESULT(name) \
  case name:               \
    return #name;
    AHENK_RESULT(VK_SUCCESS)
    AHENK_RESULT(VK_NOT_READY)
    AHENK_RESULT(VK_TIMEOUT)
    AHENK_RESULT(VK_INCOMPLETE)
    AHENK_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
    AHENK_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    AHENK_RESULT(VK_ERROR_INITIALIZATION_FAILED)
    AHENK_RESULT(VK_ERROR_DEVICE_LOST)
    AHENK_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
    AHENK_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
    AHENK_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
    AHENK_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
    AHENK_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
    AHENK_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
    AHENK_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
    AHENK_RESULT(VK_ERROR_SURFACE_LOST_KHR)
    AHENK_RESULT(VK_ERROR_OUT_OF_DATE_KHR)
#undef AHENK_RESULT
    default:
      return "VK_ERROR (unlisted)";
  }
}

uint32_t find_memory_type(VkPhysicalDevice physical_device, uint32_t type_bits,
                          VkMemoryPropertyFlags flags) {
  VkPhysicalDeviceMemoryProperties props;
  vkGetPhysicalDeviceMemoryProperties(physical_device, &props);
  for (uint32_t i = 0; i < props.memoryTypeCount; ++i) {
    if ((type_bits & (1u << i)) && (props.memoryTypes[i].propertyFlags & flags) == flags) return i;
  }
  throw VulkanError("no Vulkan memory type with the required properties",
                    VK_ERROR_OUT_OF_DEVICE_MEMORY);
}

ColorImage make_color_image(VkDevice device, VkPhysicalDevice physical_device, VkFormat format,
                            VkExtent2D extent, VkImageUsageFlags usage) {
  ColorImage out;
  VkImageCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
  info.imageType = VK_IMAGE_TYPE_2D;
  info.format = format;
  info.extent = {extent.width, extent.height, 1};
  info.mipLevels = 1;
  info.arrayLayers = 1;
  info.samples = VK_SAMPLE_COUNT_1_BIT;
  info.tiling = VK_IMAGE_TILING_OPTIMAL;
  info.usage = usage;
  info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  VkImage image = VK_NULL_HANDLE;
  check(vkCreateImage(device, &info, nullptr, &image), "vkCreateImage");
  out.image = UniqueImage(device, image);
  VkMemoryRequirements req;
  vkGetImageMemoryRequirements(device, image, &req);
  VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex =
      find_memory_type(physical_device, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
  VkDeviceMemory memory = VK_NULL_HANDLE;
  check(vkAllocateMemory(device, &alloc, nullptr, &memory), "vkAllocateMemory");
  out.memory = UniqueMemory(device, memory);
  check(vkBindImageMemory(device, image, memory, 0), "vkBindImageMemory");
  VkImageViewCreateInfo view_info{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
  view_info.image = image;
  view_info.viewType = VK_IMAGE_VIEW_TYPE_2D;
  view_info.format = format;
  view_info.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
  VkImageView view = VK_NULL_HANDLE;
  check(vkCreateImageView(device, &view_info, nullptr, &view), "vkCreateImageView");
  out.view = UniqueImageView(device, view);
  return out;
}

}  // namespace ahenk::vk
