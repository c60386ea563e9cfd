// The engine's part of `ahenk doctor`: real library versions, real CPU facts, readable text form.
#include <gtest/gtest.h>
#include <unicode/uversion.h>

#include <thread>

#include "ahenk/system_report.h"
#include "ahenk/version.h"

namespace ahenk::system {
namespace {

TEST(SystemReport, NamesTheLibrariesActuallyLinked) {
  const auto report = core_report();
  EXPECT_EQ(report["ahenk"]["version"], AHENK_VERSION);
  // The runtime ICU is the one the headers describe (Debian ties them).
  EXPECT_EQ(report["icu"]["version"].get<std::string>().substr(0, 2),
            std::to_string(U_ICU_VERSION_MAJOR_NUM));
  EXPECT_EQ(report["sqlite"]["version"].get<std::string>().substr(0, 2), "3.");
  EXPECT_NE(report["openblas"]["config"].get<std::string>().find("OpenBLAS"), std::string::npos);
  EXPECT_GE(report["openblas"]["threads"].get<int>(), 1);
}

TEST(SystemReport, CpuSectionMatchesTheMachine) {
  const auto cpu = cpu_section();
  EXPECT_EQ(cpu["logical_cores"].get<unsigned>(), std::thread::hardware_concurrency());
  EXPECT_GE(cpu["usable_cores"].get<int>(), 1);
  EXPECT_FALSE(cpu["model"].get<std::string>().empty());
  // Every x86-64 machine this runs on has SSE4.2; the list is what the kernels dispatch on.
  const auto& simd = cpu["simd"];
  EXPECT_NE(std::find(simd.begin(), simd.end(), "sse4.2"), simd.end());
}

TEST(SystemReport, TextFormIndentsSectionsAndNumbersDevices) {
  nlohmann::ordered_json r;
  r["vulkan"]["available"] = true;
  r["vulkan"]["devices"] = nlohmann::ordered_json::array({{{"name", "gpu0"}}, {{"name", "gpu1"}}});
  r["cpu"]["simd"] = {"avx2", "fma"};
  r["cpu"]["missing"] = nullptr;
  EXPECT_EQ(format_report(r),
            "vulkan:\n"
            "  available: true\n"
            "  devices:\n"
            "    [0]\n"
            "      name: gpu0\n"
            "    [1]\n"
            "      name: gpu1\n"
            "cpu:\n"
            "  simd: avx2, fma\n"
            "  missing: (unset)\n");
}

}  // namespace
}  // namespace ahenk::system
