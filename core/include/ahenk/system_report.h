// What this machine and this build offer: the facts `ahenk doctor` and the About dialog show.
//
//   nlohmann::ordered_json report = ahenk::system::core_report();
//   report["cpu"]["logical_cores"];   // 2
//   report["openblas"]["core"];       // "Haswell" (what OpenBLAS's dynamic dispatch picked)
//
// Each section is a JSON object; a section that cannot be filled says so with "available": false
// and a "reason" in words a user can act on. The GPU sections live with their backends (gpu/vulkan,
// gpu/cuda) because the engine core must not depend on them; the application merges them.
// Thread-safe; each call queries the libraries afresh (a few milliseconds).
#pragma once

#include <nlohmann/json.hpp>

namespace ahenk::system {

// {"version", "build_type", "compiler"} of this Ahenk build.
nlohmann::ordered_json build_section();
// {"model", "logical_cores", "usable_cores", "simd": [...]} from /proc/cpuinfo, affinity and CPUID.
nlohmann::ordered_json cpu_section();
// {"version", "unicode_version"} of the ICU library in use (runtime, not headers).
nlohmann::ordered_json icu_section();
// {"version", "source_id", "threadsafe"} of the SQLite library in use.
nlohmann::ordered_json sqlite_section();
// {"config", "core", "threads", "parallel", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"}.
nlohmann::ordered_json openblas_section();

// All of the above keyed "ahenk", "cpu", "icu", "sqlite", "openblas".
nlohmann::ordered_json core_report();

// Renders a report as indented "key: value" lines for people (nested objects indent, arrays of
// objects become numbered entries). The JSON form stays the machine interface.
std::string format_report(const nlohmann::ordered_json& report);

}  // namespace ahenk::system
