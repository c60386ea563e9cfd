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

}  // namespace ahenk::vk
