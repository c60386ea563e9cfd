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

// log(x) for normal x > 0, relative error about 1e-7 (Cephes' logf polynomial on the mantissa).
__attribute__((always_inline)) inline float fast_log(float x) {
  std::int32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  float e = float(((bits >> 23) & 0xFF) - 126);
  bits = (bits & 0x807FFFFF) | 0x3F000000;  // mantissa in [0.5, 1)
  float m;
  std::memcpy(&m, &bits, sizeof m);
  bool small = m < 0.70710678f;
  e = small ? e - 1.0f : e;
  m = small ? m + m - 1.0f : m - 1.0f;
  float z = m * m;
  float y = 7.0376836292e-2f;
  y = y * m - 1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m - 1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m - 1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m - 2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = y * m * z;
  y += -2.12194440e-4f * e;
  y += -0.5f * z;
  return m + y + 0.693359375f * e;
}

// softplus(x) = max(x, 0) + log1p(exp(-|x|)); log1p(w) = log(u) - ((u - 1) - w) / u with u = 1 + w
// keeps the relative accuracy for tiny w.
__attribute__((always_inline)) inline float fast_softplus(float x) {
  float w = fast_exp(-std::fabs(x));
  float u = 1.0f + w;
  float l = fast_log(u) - ((u - 1.0f) - w) / u;
  return (x > 0.0f ? x : 0.0f) + l;
}

__attribute__((always_inline)) inline float fast_sigmoid(float x) {
  return 1.0f / (1.0f + fast_exp(-x));
}

}  // namespace ahenk::tensor::detail
