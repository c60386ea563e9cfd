// What the CUDA runtime says about this machine, in plain types (no CUDA headers), so that code
// built without nvcc can use it too: without the backend, probe() answers built = false.
//
//   ahenk::cuda::Probe p = ahenk::cuda::probe();
//   if (!p.built) ...;                 // this Ahenk was built without nvcc
//   else if (p.devices.empty()) ...;   // p.error_name says why ("cudaErrorInsufficientDriver")
//
// Thread-safe. The first call initializes the CUDA runtime (about 100 ms with a GPU).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ahenk::cuda {

struct DeviceInfo {
  std::string name;
  int compute_major = 0;
  int compute_minor = 0;
  std::uint64_t memory_bytes = 0;
  int multiprocessors = 0;
};

struct Probe {
  bool built = false;       // the CUDA backend was compiled in
  int toolkit_version = 0;  // CUDART_VERSION of the toolkit used to build, e.g. 13000
  int runtime_version = 0;  // cudaRuntimeGetVersion
  int driver_version = 0;   // cudaDriverGetVersion; 0 when no driver is installed
  std::string error_name;   // of cudaGetDeviceCount when it failed, else empty
  std::string error_string;
  std::vector<DeviceInfo> devices;
};

Probe probe();

// Runs y = a*x + y on the first device over n elements and checks the result against the CPU.
// Returns false with `error` set when there is no device or the result is wrong.
bool smoke_test(int n, std::string* error);

}  // namespace ahenk::cuda
