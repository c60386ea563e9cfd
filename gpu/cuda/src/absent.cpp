// The CUDA probe of a build without nvcc: reports that the backend was not compiled in.
#include <string>

#include "ahenk/cuda/probe.h"

namespace ahenk::cuda {

Probe probe() {
  return Probe{};
}

bool smoke_test(int, std::string* error) {
  if (error) *error = "this Ahenk was built without CUDA";
  return false;
}

}  // namespace ahenk::cuda
