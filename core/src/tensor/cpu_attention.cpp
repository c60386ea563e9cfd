// Fused causal attention on the CPU, in tiles with an online softmax (the FlashAttention
// algorithm): the T x T score matrix never exists; each (batch, head, query block of 64) keeps a
// running max, a running sum and an output accumulator while it walks key blocks of 256 up to the
// diagonal. The two products of a tile (Q K^T and P V) are single-threaded sgemm calls on operands
// read in place from qkv (row stride 3C); the pool runs the tiles in parallel.
// The forward saves lse = log sum exp(score) per query; the backward recomputes the probabilities
// from it tile by tile. Backward accumulates (+=) into dqkv. Layouts are reference.h's.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "ahenk/tensor/thread_pool.h"
#include "cpu_kernels.h"
#include "vec_math.h"

namespace ahenk::tensor::cpu {

namespace {

using detail::fast_exp;
constexpr Index kQueryBlock = 64;  // query rows per tile
constexpr Index kKeyBlock = 256;   // keys per tile: S and P tiles are 64 x 256 floats (64 KB)

// A tile's product, on the pool thread that owns the tile.
constexpr auto tile_gemm = sgemm_on_this_thread;

struct Scratch {
  std::vector<float> s, dp, o, delta;
  void reserve(Index D, Index T) {
    s.resize(kQueryBlock * kKeyBlock);
    dp.resize(kQueryBlock * kKeyBlock);
    o.resize(kQueryBlock * D);
    delta.resize(T);
  }
};

Scratch& scratch(Index D, Index T) {
  static thread_local Scratch s;
  s.reserve(D, T);
  return s;
}

// Online softmax over one tile of scores S (rows x keys, row stride kKeyBlock), queries starting at
// q0 and keys at k0: masks keys after each query, updates the running max m and sum l, turns S into
// the unnormalised probabilities and returns in `correction` how much to rescale the accumulator.
AHENK_SIMD_CLONES void online_softmax_tile(float* S, float* m, float* l, float* correction,
                                           Index rows, Index keys, Index q0, Index k0) {
  for (Index i = 0; i < rows; ++i) {
    float* s = S + i * kKeyBlock;
    Index valid = std::min(keys, q0 + i - k0 + 1);
    float block_max = -std::numeric_limits<float>::infinity();
    for (Index j = 0; j < valid; ++j) block_max = std::max(block_max, s[j]);
    float m_new = std::max(m[i], block_max);
    correction[i] = fast_exp(m[i] - m_new);
    float sum = 0.0f;
    for (Index j = 0; j < valid; ++j) {
      s[j] = fast_exp(s[j] - m_new);
      sum += s[j];
    }
    for (Index j = std::max<Index>(valid, 0); j < keys; ++j) s[j] = 0.0f;
    l[i] = l[i] * correction[i] + sum;
    m[i] = m_new;
  }
}

// One query block of one (b, h): rows [q0, q0 + rows).
void forward_tile(float* out, float* lse, const float* qkv, Index b, Index h, Index q0, Index rows,
                  Index T, Index H, Index D, Scratch& sc) {
  const Index C = H * D, C3 = 3 * C;
  const float scale = 1.0f / std::sqrt(float(D));
  const float* Q = qkv + (b * T + q0) * C3 + h * D;
  float* O = sc.o.data();
  float m[kQueryBlock], l[kQueryBlock], correction[kQueryBlock];
  std::fill(O, O + rows * D, 0.0f);
  std::fill(m, m + rows, -std::numeric_limits<float>::infinity());
  std::fill(l, l + rows, 0.0f);
  for (Index k0 = 0; k0 < q0 + rows; k0 += kKeyBlock) {
    const Index keys = std::min(kKeyBlock, q0 + rows - k0);
    const float* K = qkv + (b * T + k0) * C3 + C + h * D;
    const float* V = K + C;
    tile_gemm(false, true, rows, keys, D, scale, Q, C3, K, C3, 0.0f, sc.s.data(), kKeyBlock);
    online_softmax_tile(sc.s.data(), m, l, correction, rows, keys, q0, k0);
    if (k0 > 0)
      for (Index i = 0; i < rows; ++i)
        for (Index d = 0; d < D; ++d) O[i * D + d] *= correction[i];
    tile_gemm(false, false, rows, D, keys, 1.0f, sc.s.data(), kKeyBlock, V, C3, 1.0f, O, D);
  }
  for (Index i = 0; i < rows; ++i) {
    float inv = 1.0f / l[i];
    float* y = out + (b * T + q0 + i) * C + h * D;
    for (Index d = 0; d < D; ++d) y[d] = O[i * D + d] * inv;
    lse[(b * H + h) * T + q0 + i] = m[i] + std::log(l[i]);
  }
}

// P = exp(S - lse) (masked), then dS = P (dP - delta) scale, in place in S and dP.
AHENK_SIMD_CLONES void backward_scores_tile(float* S, float* dP, const float* lse,
                                            const float* delta, Index rows, Index keys, Index q0,
                                            Index k0, float scale) {
  for (Index i = 0; i < rows; ++i) {
    float* p = S + i * kKeyBlock;
    float* ds = dP + i * kKeyBlock;
    Index valid = std::min(keys, q0 + i - k0 + 1);
    float row_lse = lse[q0 + i], row_delta = delta[q0 + i];
    for (Index j = 0; j < valid; ++j) {
      p[j] = fast_exp(p[j] - row_lse);
      ds[j] = p[j] * (ds[j] - row_delta) * scale;
    }
    for (Index j = std::max<Index>(valid, 0); j < keys; ++j) {
      p[j] = 0.0f;
      ds[j] = 0.0f;
    }
  }
}

AHENK_SIMD_CLONES void row_dots(float* delta, const float* a, const float* b, Index T, Index stride,
                                Index D) {
  for (Index t = 0; t < T; ++t) {
    float acc = 0.0f;
    for (Index d = 0; d < D; ++d) acc += a[t * stride + d] * b[t * stride + d];
    delta[t] = acc;
  }
}

// All of one (b, h), query block by query block; for each, the key blocks up to the diagonal. The
// task owns this head's columns of dqkv, so no other thread writes them.
void backward_head(float* dqkv, const float* dout, const float* out, const float* lse,
                   const float* qkv, Index b, Index h, Index T, Index H, Index D, Scratch& sc) {
  const Index C = H * D, C3 = 3 * C;
  const float scale = 1.0f / std::sqrt(float(D));
  const float* head_lse = lse + (b * H + h) * T;
  float* delta = sc.delta.data();
  row_dots(delta, dout + b * T * C + h * D, out + b * T * C + h * D, T, C, D);
  for (Index q0 = 0; q0 < T; q0 += kQueryBlock) {
    const Index rows = std::min(kQueryBlock, T - q0);
    const float* Q = qkv + (b * T + q0) * C3 + h * D;
    const float* dO = dout + (b * T + q0) * C + h * D;
    float* dQ = dqkv + (b * T + q0) * C3 + h * D;
    for (Index k0 = 0; k0 < q0 + rows; k0 += kKeyBlock) {
      const Index keys = std::min(kKeyBlock, q0 + rows - k0);
      const float* K = qkv + (b * T + k0) * C3 + C + h * D;
      const float* V = K + C;
      float* dK = dqkv + (b * T + k0) * C3 + C + h * D;
      float* dV = dK + C;
      tile_gemm(false, true, rows, keys, D, scale, Q, C3, K, C3, 0.0f, sc.s.data(), kKeyBlock);
      tile_gemm(false, true, rows, keys, D, 1.0f, dO, C, V, C3, 0.0f, sc.dp.data(), kKeyBlock);
      backward_scores_tile(sc.s.data(), sc.dp.data(), head_lse, delta, rows, keys, q0, k0, scale);
      tile_gemm(true, false, keys, D, rows, 1.0f, sc.s.data(), kKeyBlock, dO, C, 1.0f, dV, C3);
      tile_gemm(true, false, keys, D, rows, 1.0f, sc.dp.data(), kKeyBlock, Q, C3, 1.0f, dK, C3);
      tile_gemm(false, false, rows, D, keys, 1.0f, sc.dp.data(), kKeyBlock, K, C3, 1.0f, dQ, C3);
    }
  }
}

AHENK_SIMD_CLONES void decode_head(float* out, float* probs, const float* q, const float* k_cache,
                                   const float* v_cache, Index cache_stride, Index T, Index h,
                                   Index D, float* s) {
  float scale = 1.0f / std::sqrt(float(D));
  const float* qh = q + h * D;
  float max = -std::numeric_limits<float>::infinity();
  for (Index t = 0; t < T; ++t) {
    const float* k = k_cache + t * cache_stride + h * D;
    float acc = 0.0f;
    for (Index d = 0; d < D; ++d) acc += qh[d] * k[d];
    s[t] = acc * scale;
    max = std::max(max, s[t]);
  }
  float sum = 0.0f;
  for (Index t = 0; t < T; ++t) {
    s[t] = fast_exp(s[t] - max);
    sum += s[t];
  }
  float inv = 1.0f / sum;
  float* o = out + h * D;
  for (Index d = 0; d < D; ++d) o[d] = 0.0f;
  for (Index t = 0; t < T; ++t) {
    float p = s[t] * inv;
    if (probs != nullptr) probs[h * T + t] = p;
    const float* v = v_cache + t * cache_stride + h * D;
    for (Index d = 0; d < D; ++d) o[d] += p * v[d];
  }
}

}  // namespace

void attention_forward(float* out, float* lse, const float* qkv, Index B, Index T, Index H,
                       Index D) {
  ensure_single_threaded_blas();
  Index blocks = (T + kQueryBlock - 1) / kQueryBlock;
  // Later query blocks see more keys: hand them out first so the threads finish together.
  ThreadPool::global().parallel_tasks(B * H * blocks, [&](Index task) {
    Index qb = blocks - 1 - task % blocks, bh = task / blocks;
    Index q0 = qb * kQueryBlock;
    forward_tile(out, lse, qkv, bh / H, bh % H, q0, std::min(kQueryBlock, T - q0), T, H, D,
                 scratch(D, T));
  });
}

void attention_backward(float* dqkv, const float* dout, const float* out, const float* lse,
                        const float* qkv, Index B, Index T, Index H, Index D) {
  ensure_single_threaded_blas();
  ThreadPool::global().parallel_tasks(B * H, [&](Index bh) {
    backward_head(dqkv, dout, out, lse, qkv, bh / H, bh % H, T, H, D, scratch(D, T));
  });
}

void attention_decode(float* out, float* probs, const float* q, const float* k_cache,
                      const float* v_cache, Index cache_stride, Index T, Index H, Index D) {
  auto run = [&](Index h) {
    static thread_local std::vector<float> s;
    s.resize(T);
    decode_head(out, probs, q, k_cache, v_cache, cache_stride, T, h, D, s.data());
  };
  // Short contexts: a wake-up costs more than the work.
  if (T * H * D < 32768) {
    for (Index h = 0; h < H; ++h) run(h);
  } else {
    ThreadPool::global().parallel_tasks(H, run);
  }
}

}  // namespace ahenk::tensor::cpu
