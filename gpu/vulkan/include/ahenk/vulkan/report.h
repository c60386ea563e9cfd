// The Vulkan section of the system report: loader version and every physical device.
//
//   auto j = ahenk::vk::vulkan_section();
//   // {"available": true, "loader_version": "1.3.239",
//   //  "devices": [{"name": "llvmpipe (LLVM 15.0.6, 256 bits)", "type": "cpu", ...}]}
//   // or {"available": false, "reason": "no Vulkan driver found: ..."}
#pragma once

#include <nlohmann/json.hpp>

namespace ahenk::vk {

nlohmann::ordered_json vulkan_section();

}  // namespace ahenk::vk
