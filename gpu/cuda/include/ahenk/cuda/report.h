// The CUDA section of the system report.
//   {"built": true, "available": false, "toolkit_version": "13.0", "runtime_version": "13.0",
//    "driver_version": null, "devices": [], "reason": "no NVIDIA driver is installed ..."}
#pragma once

#include <nlohmann/json.hpp>

namespace ahenk::cuda {

nlohmann::ordered_json cuda_section();

}  // namespace ahenk::cuda
