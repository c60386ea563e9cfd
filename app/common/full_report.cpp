#include "full_report.h"

#include "ahenk/cuda/report.h"
#include "ahenk/system_report.h"
#include "ahenk/vulkan/report.h"

namespace ahenk::app {

nlohmann::ordered_json full_report(const std::string& qt_version) {
  auto report = system::core_report();
  nlohmann::ordered_json qt;
  if (qt_version.empty()) {
    qt["available"] = false;
    qt["reason"] = "built without the Qt workbench (AHENK_BUILD_GUI=OFF)";
  } else {
    qt["version"] = qt_version;
  }
  report["qt"] = qt;
  report["vulkan"] = vk::vulkan_section();
  report["cuda"] = cuda::cuda_section();
  return report;
}

}  // namespace ahenk::app
