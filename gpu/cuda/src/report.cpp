#include "ahenk/cuda/report.h"

#include <string>

#include "ahenk/cuda/probe.h"

namespace ahenk::cuda {
namespace {

nlohmann::ordered_json version(int v) {
  if (v <= 0) return nullptr;
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

}  // namespace

nlohmann::ordered_json cuda_section() {
  const Probe p = probe();
  nlohmann::ordered_json j;
  j["built"] = p.built;
  j["available"] = !p.devices.empty();
  if (!p.built) {
    j["reason"] =
        "this Ahenk was built without the CUDA backend: nvcc was not found when CMake configured "
        "the build (install the CUDA toolkit, or set CUDACXX, and rebuild)";
    return j;
  }
  j["toolkit_version"] = version(p.toolkit_version);
  j["runtime_version"] = version(p.runtime_version);
  j["driver_version"] = version(p.driver_version);
  auto devices = nlohmann::ordered_json::array();
  for (const auto& d : p.devices) {
    devices.push_back({{"name", d.name},
                       {"compute_capability",
                        std::to_string(d.compute_major) + "." + std::to_string(d.compute_minor)},
                       {"memory_mib", d.memory_bytes >> 20},
                       {"multiprocessors", d.multiprocessors}});
  }
  j["devices"] = std::move(devices);
  if (p.devices.empty()) {
    std::string reason;
    if (p.driver_version == 0) {
      reason =
          "no NVIDIA driver is installed (libcuda.so.1 is missing), so there is no CUDA device";
    } else if (!p.error_name.empty()) {
      reason = "the CUDA runtime reports " + p.error_name + ": " + p.error_string;
    } else {
      reason = "the NVIDIA driver is installed but reports no CUDA device";
    }
    if (!p.error_name.empty() && p.driver_version == 0) reason += " (" + p.error_name + ")";
    j["reason"] = reason;
  }
  return j;
}

}  // namespace ahenk::cuda
