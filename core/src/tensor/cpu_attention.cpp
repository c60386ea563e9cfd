// Fused causal attention on the CPU, in tiles with an online softmax (the FlashAttention
// algorithm): the T x T score matrix never exists; each (batch, head, query block) keeps a running
// max, a running sum and an output accumulator while it walks the key blocks up to the diagonal.
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
constexpr Index kBlock = 64;  // queries and keys per tile: a tile's K^T and V fit in L1/L2

struct Scratch {
  std::vector<float> q, kt, vt, o, s, dk, dv;
  void reserve(Index D) {
    q.resize(kBlock * D);
    kt.resize(D * kBlock);
    vt.resize(D * kBlock);
    o.resize(kBlock * D);
    s.resize(kBlock * kBlock);
    dk.resize(kBlock * D);
    dv.resize(kBlock * D);
  }
};

Scratch& scratch(Index D) {
  static thread_local Scratch s;
  s.reserve(D);
  return s;
}

// One query block of one (b, h): rows [q0, q0 + rows).
AHENK_SIMD_CLONES void forward_tile(float* out, float* lse, const float* qkv, Index b, Index h,
                                    Index q0, Index rows, Index T, Index H, Index D,
                                    Scratch& sc) {
  Index C = H * D, C3 = 3 * C;
  float scale = 1.0f / std::sqrt(float(D));
  float* Q = sc.q.data();
  float* Kt = sc.kt.data();
  float* O = sc.o.data();
  float* S = sc.s.data();
  float m[kBlock], l[kBlock];
  for (Index i = 0; i < rows; ++i) {
    const float* q = qkv + (b * T + q0 + i) * C3 + h * D;
    for (Index d = 0; d < D; ++d) Q[i * D + d] = q[d] * scale;
    for (Index d = 0; d < D; ++d) O[i * D + d] = 0.0f;
    m[i] = -std::numeric_limits<float>::infinity();
    l[i] = 0.0f;
  }
  for (Index k0 = 0; k0 < q0 + rows; k0 += kBlock) {
    Index keys = std::min(kBlock, q0 + rows - k0);
    for (Index j = 0; j < keys; ++j) {
      const float* k = qkv + (b * T + k0 + j) * C3 + C + h * D;
      for (Index d = 0; d < D; ++d) Kt[d * kBlock + j] = k[d];
    }
    for (Index i = 0; i < rows; ++i) {
      Index valid = std::min(keys, q0 + i - k0 + 1);  // causal: keys up to the query's position
      if (valid <= 0) continue;
      float* s = S + i * kBlock;
      for (Index j = 0; j < valid; ++j) s[j] = 0.0f;
      for (Index d = 0; d < D; ++d) {
        float qd = Q[i * D + d];
        const float* kt = Kt + d * kBlock;
        for (Index j = 0; j < valid; ++j) s[j] += qd * kt[j];
      }
      float block_max = s[0];
      for (Index j = 1; j < valid; ++j) block_max = std::max(block_max, s[j]);
      float m_new = std::max(m[i], block_max);
      float correction = fast_exp(m[i] - m_new);
      float sum = 0.0f;
      for (Index j = 0; j < valid; ++j) {
        s[j] = fast_exp(s[j] - m_new);
        sum += s[j];
      }
      l[i] = l[i] * correction + sum;
      m[i] = m_new;
      float* o = O + i * D;
      for (Index d = 0; d < D; ++d) o[d] *= correction;
      for (Index j = 0; j < valid; ++j) {
        const float* v = qkv + (b * T + k0 + j) * C3 + 2 * C + h * D;
        float p = s[j];
        for (Index d = 0; d < D; ++d) o[d] += p * v[d];
      }
    }
  }
  for (Index i = 0; i < rows; ++i) {
    float inv = 1.0f / l[i];
    float* y = out + (b * T + q0 + i) * C + h * D;
    for (Index d = 0; d < D; ++d) y[d] = O[i * D + d] * inv;
    lse[(b * H + h) * T + q0 + i] = m[i] + std::log(l[i]);
  }
}

// All of one (b, h): walks key blocks; for each, the query blocks at or below the diagonal.
AHENK_SIMD_CLONES void backward_head(float* dqkv, const float* dout, const float* out,
                                     const float* lse, const float* qkv, Index b, Index h, Index T,
                                     Index H, Index D, Scratch& sc) {
  Index C = H * D, C3 = 3 * C;
  float scale = 1.0f / std::sqrt(float(D));
  float* Kt = sc.kt.data();
  float* Vt = sc.vt.data();
  float* dK = sc.dk.data();
  float* dV = sc.dv.data();
  float* P = sc.s.data();  // one row of probabilities and one of dscores
  std::vector<float> delta(T);
  for (Index t = 0; t < T; ++t) {
    const float* dy = dout + (b * T + t) * C + h * D;
    const float* y = out + (b * T + t) * C + h * D;
    float acc = 0.0f;
    for (Index d = 0; d < D; ++d) acc += dy[d] * y[d];
    delta[t] = acc;
  }
  for (Index k0 = 0; k0 < T; k0 += kBlock) {
    Index keys = std::min(kBlock, T - k0);
    for (Index j = 0; j < keys; ++j) {
      const float* k = qkv + (b * T + k0 + j) * C3 + C + h * D;
      const float* v = k + C;
      for (Index d = 0; d < D; ++d) {
        Kt[d * kBlock + j] = k[d];
        Vt[d * kBlock + j] = v[d];
      }
    }
    std::fill(dK, dK + keys * D, 0.0f);
    std::fill(dV, dV + keys * D, 0.0f);
    for (Index t = k0; t < T; ++t) {
      Index valid = std::min(keys, t - k0 + 1);
      const float* q = qkv + (b * T + t) * C3 + h * D;
      const float* dy = dout + (b * T + t) * C + h * D;
      float* dq = dqkv + (b * T + t) * C3 + h * D;
      float* p = P;
      float* ds = P + kBlock;
      for (Index j = 0; j < valid; ++j) {
        p[j] = 0.0f;
        ds[j] = 0.0f;
      }
      for (Index d = 0; d < D; ++d) {
        float qd = q[d], dyd = dy[d];
        const float* kt = Kt + d * kBlock;
        const float* vt = Vt + d * kBlock;
        for (Index j = 0; j < valid; ++j) {
          p[j] += qd * kt[j];
          ds[j] += dyd * vt[j];
        }
      }
      float row_lse = lse[(b * H + h) * T + t], row_delta = delta[t];
      for (Index j = 0; j < valid; ++j) {
        p[j] = fast_exp(p[j] * scale - row_lse);
        ds[j] = p[j] * (ds[j] - row_delta) * scale;
      }
      for (Index j = 0; j < valid; ++j) {
        float pj = p[j], dsj = ds[j];
        float* dv = dV + j * D;
        float* dk = dK + j * D;
        const float* k = qkv + (b * T + k0 + j) * C3 + C + h * D;
        for (Index d = 0; d < D; ++d) {
          dv[d] += pj * dy[d];
          dk[d] += dsj * q[d];
          dq[d] += dsj * k[d];
        }
      }
    }
    for (Index j = 0; j < keys; ++j) {
      float* dk = dqkv + (b * T + k0 + j) * C3 + C + h * D;
      float* dv = dk + C;
      for (Index d = 0; d < D; ++d) {
        dk[d] += dK[j * D + d];
        dv[d] += dV[j * D + d];
      }
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
  Index blocks = (T + kBlock - 1) / kBlock;
  // Later query blocks see more keys: hand them out first so the threads finish together.
  ThreadPool::global().parallel_tasks(B * H * blocks, [&](Index task) {
    Index qb = blocks - 1 - task % blocks, bh = task / blocks;
    Index q0 = qb * kBlock;
    forward_tile(out, lse, qkv, bh / H, bh % H, q0, std::min(kBlock, T - q0), T, H, D, scratch(D));
  });
}

void attention_backward(float* dqkv, const float* dout, const float* out, const float* lse,
                        const float* qkv, Index B, Index T, Index H, Index D) {
  ThreadPool::global().parallel_tasks(B * H, [&](Index bh) {
    backward_head(dqkv, dout, out, lse, qkv, bh / H, bh % H, T, H, D, scratch(D));
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
