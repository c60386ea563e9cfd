// The CUDA probe: runtime and driver versions and the devices, through the runtime API only (the
// driver API's libcuda stub links but fails at runtime on machines without a driver).
#include <cuda_runtime.h>

#include "ahenk/cuda/probe.h"

namespace ahenk::cuda {

Probe probe() {
  Probe p;
  p.built = true;
  p.toolkit_version = CUDART_VERSION;
  cudaRuntimeGetVersion(&p.runtime_version);
  cudaDriverGetVersion(&p.driver_version);
  int count = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    p.error_name = cudaGetErrorName(err);
    p.error_string = cudaGetErrorString(err);
    cudaGetLastError();  // clear the sticky error
    return p;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    DeviceInfo d;
    d.name = prop.name;
    d.compute_major = prop.major;
    d.compute_minor = prop.minor;
    d.memory_bytes = prop.totalGlobalMem;
    d.multiprocessors = prop.multiProcessorCount;
    p.devices.push_back(d);
  }
  return p;
}

}  // namespace ahenk::cuda
