// CPU facts for the system report: model name, core counts and the SIMD extensions the engine's
// kernels may dispatch on.
#include <sched.h>

#include <fstream>
#include <string>
#include <thread>

#include "ahenk/system_report.h"

namespace ahenk::system {
namespace {

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        return value;
      }
    }
  }
  return "unknown";
}

int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
  return static_cast<int>(std::thread::hardware_concurrency());
}

}  // namespace

nlohmann::ordered_json cpu_section() {
  nlohmann::ordered_json cpu;
  cpu["model"] = cpu_model_name();
  cpu["logical_cores"] = std::thread::hardware_concurrency();
  cpu["usable_cores"] = usable_cores();
  auto simd = nlohmann::ordered_json::array();
  __builtin_cpu_init();
  // Listed from the oldest to the newest; the kernels pick the widest one present.
  if (__builtin_cpu_supports("sse4.2")) simd.push_back("sse4.2");
  if (__builtin_cpu_supports("avx")) simd.push_back("avx");
  if (__builtin_cpu_supports("avx2")) simd.push_back("avx2");
  if (__builtin_cpu_supports("fma")) simd.push_back("fma");
  if (__builtin_cpu_supports("avx512f")) simd.push_back("avx512f");
  if (__builtin_cpu_supports("avx512bw")) simd.push_back("avx512bw");
  if (__builtin_cpu_supports("avx512vl")) simd.push_back("avx512vl");
  if (__builtin_cpu_supports("avx512vnni")) simd.push_back("avx512vnni");
  cpu["simd"] = simd;
  return cpu;
}

}  // namespace ahenk::system
