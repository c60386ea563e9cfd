// Runs where a CUDA device exists (label `cuda`; exit code 77 = skipped elsewhere): the toolchain,
// the driver and the device compute saxpy like the CPU, and the doctor lists the device.
#include <cstdio>
#include <string>

#include "ahenk/cuda/probe.h"
#include "ahenk/cuda/report.h"

int main() {
  const auto probe = ahenk::cuda::probe();
  if (!probe.built || probe.devices.empty()) {
    std::printf("SKIP: no CUDA device (%s)\n", probe.error_name.c_str());
    return 77;
  }
  std::string error;
  if (!ahenk::cuda::smoke_test(1 << 20, &error)) {
    std::printf("FAIL: %s\n", error.c_str());
    return 1;
  }
  const auto section = ahenk::cuda::cuda_section();
  if (!section["available"].get<bool>() || section["devices"].empty()) {
    std::printf("FAIL: the report does not list the device: %s\n", section.dump().c_str());
    return 1;
  }
  std::printf("OK: saxpy on %s\n", probe.devices[0].name.c_str());
  return 0;
}
