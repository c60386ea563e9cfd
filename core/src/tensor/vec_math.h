// Vectorisable math for the fast CPU kernels (internal). Written as scalar code that GCC turns into
// AVX2/AVX-512 loops inside the target_clones kernels.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

// Each kernel carrying this attribute is compiled three times (x86-64-v4: AVX-512; x86-64-v3:
// AVX2+FMA; baseline x86-64) and the loader picks the best one the CPU supports. (Feature levels,
// not "arch=haswell": that one checks the CPU model and would send an AMD Zen to the baseline.)
#define AHENK_SIMD_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

namespace ahenk::tensor::detail {

// exp(x) for x <= 88.7 with a relative error below 2e-7 (Cephes' polynomial after reducing by
// powers of two). Inputs below -87.3 give about 1e-38 instead of 0; kernels mask those themselves.
__attribute__((always_inline)) inline float fast_exp(float x) {
  x = x < -87.3f ? -87.3f : (x > 88.7f ? 88.7f : x);
  float n = std::floor(x * 1.44269504088896341f + 0.5f);
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

}  // namespace ahenk::tensor::detail
