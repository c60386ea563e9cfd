// A smoke kernel proving the toolchain, the driver and the device work together: saxpy checked
// against the CPU. The tensor backend's kernels come with the training engine.
#include <cuda_runtime.h>

#include <cmath>
#include <string>
#include <vector>

#include "ahenk/cuda/probe.h"

namespace ahenk::cuda {
namespace {

__global__ void saxpy_kernel(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

bool fail(std::string* error, const char* what, cudaError_t err) {
  if (error)
    *error = std::string(what) + ": " + cudaGetErrorName(err) + " " + cudaGetErrorString(err);
  return false;
}

}  // namespace

bool smoke_test(int n, std::string* error) {
  int count = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) return fail(error, "cudaGetDeviceCount", err);
  if (count == 0) {
    if (error) *error = "no CUDA device";
    return false;
  }
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = 0.5f * static_cast<float>(i % 97);
    y[i] = static_cast<float>(i % 13) - 6.0f;
  }
  float *dx = nullptr, *dy = nullptr;
  const size_t bytes = sizeof(float) * static_cast<size_t>(n);
  if ((err = cudaMalloc(&dx, bytes)) != cudaSuccess) return fail(error, "cudaMalloc", err);
  if ((err = cudaMalloc(&dy, bytes)) != cudaSuccess) {
    cudaFree(dx);
    return fail(error, "cudaMalloc", err);
  }
  cudaMemcpy(dx, x.data(), bytes, cudaMemcpyHostToDevice);
  cudaMemcpy(dy, y.data(), bytes, cudaMemcpyHostToDevice);
  saxpy_kernel<<<(n + 255) / 256, 256>>>(n, 2.0f, dx, dy);
  err = cudaGetLastError();
  std::vector<float> out(n);
  if (err == cudaSuccess) err = cudaMemcpy(out.data(), dy, bytes, cudaMemcpyDeviceToHost);
  cudaFree(dx);
  cudaFree(dy);
  if (err != cudaSuccess) return fail(error, "saxpy", err);
  for (int i = 0; i < n; ++i) {
    const float expected = 2.0f * x[i] + y[i];
    if (std::fabs(out[i] - expected) > 1e-5f * (1.0f + std::fabs(expected))) {
      if (error) *error = "saxpy result differs from the CPU at index " + std::to_string(i);
      return false;
    }
  }
  return true;
}

}  // namespace ahenk::cuda
