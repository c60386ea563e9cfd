// The whole system report (`ahenk doctor`, the About dialog): the engine's sections plus the GPU
// backends' and the Qt version the caller knows. Takes about 0.1-0.3 s (a Vulkan instance is
// created; the CUDA runtime is initialized when compiled in).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ahenk::app {

// `qt_version` empty: the section says Qt is not part of this program.
nlohmann::ordered_json full_report(const std::string& qt_version);

}  // namespace ahenk::app
