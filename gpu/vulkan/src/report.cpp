#include "ahenk/vulkan/report.h"

#include <string>
#include <vector>

#include "ahenk/vulkan/check.h"

namespace ahenk::vk {
namespace {

std::string version_string(uint32_t v) {
  return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) +
         "." + std::to_string(VK_API_VERSION_PATCH(v));
}

const char* type_name(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
      return "integrated-gpu";
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
      return "discrete-gpu";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
      return "virtual-gpu";
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
      return "cpu";
    default:
      return "other";
  }
}

}  // namespace

nlohmann::ordered_json vulkan_section() {
  nlohmann::ordered_json j;
  uint32_t loader = VK_API_VERSION_1_0;
  vkEnumerateInstanceVersion(&loader);
  j["available"] = false;
  j["loader_version"] = version_string(loader);

  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "ahenk doctor";
  app.apiVersion = VK_API_VERSION_1_1;
  VkInstanceCreateInfo ici{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ici.pApplicationInfo = &app;
  VkInstance instance = VK_NULL_HANDLE;
  VkResult result = vkCreateInstance(&ici, nullptr, &instance);
  if (result != VK_SUCCESS) {
    j["reason"] = std::string("cannot create a Vulkan instance (") + result_name(result) +
                  "): no Vulkan driver found; install mesa-vulkan-drivers (lavapipe, CPU) or the "
                  "GPU vendor's driver";
    return j;
  }
  uint32_t count = 0;
  vkEnumeratePhysicalDevices(instance, &count, nullptr);
  std::vector<VkPhysicalDevice> devices(count);
  vkEnumeratePhysicalDevices(instance, &count, devices.data());
  auto list = nlohmann::ordered_json::array();
  for (auto device : devices) {
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(device, &props);
    VkPhysicalDeviceMemoryProperties memory;
    vkGetPhysicalDeviceMemoryProperties(device, &memory);
    uint64_t device_local = 0;
    for (uint32_t h = 0; h < memory.memoryHeapCount; ++h) {
      if (memory.memoryHeaps[h].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) {
        device_local += memory.memoryHeaps[h].size;
      }
    }
    nlohmann::ordered_json d;
    d["name"] = props.deviceName;
    d["type"] = type_name(props.deviceType);
    d["api_version"] = version_string(props.apiVersion);
    d["driver_version"] = props.driverVersion;
    d["vendor_id"] = props.vendorID;
    d["device_local_memory_mib"] = device_local >> 20;
    d["max_point_size"] = props.limits.pointSizeRange[1];
    list.push_back(std::move(d));
  }
  vkDestroyInstance(instance, nullptr);
  j["available"] = !list.empty();
  if (list.empty()) j["reason"] = "the Vulkan loader found no physical device";
  j["devices"] = std::move(list);
  return j;
}

}  // namespace ahenk::vk
