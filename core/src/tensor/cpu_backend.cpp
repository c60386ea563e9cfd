// The CPU backend: the element-wise and row-wise kernels live here (each a target_clones loop over
// a range of rows, run on the thread pool); matrix products, attention and the fused cross-entropy
// have their own files. Every backward accumulates (+=), as in reference.h.
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "ahenk/tensor/backend.h"
#include "ahenk/tensor/reference.h"
#include "ahenk/tensor/thread_pool.h"
#include "cpu_kernels.h"
#include "vec_math.h"

namespace ahenk::tensor {

namespace {

using detail::fast_exp;

// Rows per task: enough work per wake-up (about 16k elements).
Index grain_rows(Index row_elements) {
  return std::max<Index>(1, 16384 / std::max<Index>(1, row_elements));
}

AHENK_SIMD_CLONES void rmsnorm_forward_rows(float* out, float* rstd, const float* inp,
                                            const float* weight, Index begin, Index end, Index C,
                                            float eps) {
  for (Index n = begin; n < end; ++n) {
    const float* x = inp + n * C;
    float ms = 0;
    for (Index c = 0; c < C; ++c) ms += x[c] * x[c];
    float r = 1.0f / std::sqrt(ms / float(C) + eps);
    rstd[n] = r;
    float* y = out + n * C;
    for (Index c = 0; c < C; ++c) y[c] = x[c] * r * weight[c];
  }
}

// dweight is summed per range into `dweight_part` (one row of C per task), then reduced.
AHENK_SIMD_CLONES void rmsnorm_backward_rows(float* dinp, float* dweight_part, const float* dout,
                                             const float* inp, const float* weight,
                                             const float* rstd, Index begin, Index end, Index C) {
  for (Index n = begin; n < end; ++n) {
    const float* x = inp + n * C;
    const float* dy = dout + n * C;
    float r = rstd[n];
    float gx = 0;
    for (Index c = 0; c < C; ++c) gx += dy[c] * weight[c] * x[c];
    float k = r * r * r / float(C) * gx;
    float* dx = dinp + n * C;
    for (Index c = 0; c < C; ++c) {
      dweight_part[c] += dy[c] * x[c] * r;
      dx[c] += r * dy[c] * weight[c] - k * x[c];
    }
  }
}

AHENK_SIMD_CLONES void swiglu_forward_rows(float* out, const float* inp, Index begin, Index end,
                                           Index Hd) {
  for (Index n = begin; n < end; ++n) {
    const float* g = inp + n * 2 * Hd;
    const float* u = g + Hd;
    float* y = out + n * Hd;
    for (Index i = 0; i < Hd; ++i) y[i] = g[i] / (1.0f + fast_exp(-g[i])) * u[i];
  }
}

AHENK_SIMD_CLONES void swiglu_backward_rows(float* dinp, const float* dout, const float* inp,
                                            Index begin, Index end, Index Hd) {
  for (Index n = begin; n < end; ++n) {
    const float* g = inp + n * 2 * Hd;
    const float* u = g + Hd;
    const float* dy = dout + n * Hd;
    float* dg = dinp + n * 2 * Hd;
    float* du = dg + Hd;
    for (Index i = 0; i < Hd; ++i) {
      float sig = 1.0f / (1.0f + fast_exp(-g[i]));
      dg[i] += dy[i] * u[i] * sig * (1.0f + g[i] * (1.0f - sig));
      du[i] += dy[i] * g[i] * sig;
    }
  }
}

// Rotates rows [begin, end) of a (B*T) range; cos/sin tables are (positions, D/2).
AHENK_SIMD_CLONES void rope_rows(float* out, const float* inp, const float* cos_table,
                                 const float* sin_table, Index begin, Index end, Index T, Index H,
                                 Index D, Index in_stride, Index out_stride, Index position_offset,
                                 bool accumulate_inverse) {
  Index half = D / 2;
  for (Index row = begin; row < end; ++row) {
    Index pos = row % T + position_offset;
    const float* cs = cos_table + pos * half;
    const float* sn = sin_table + pos * half;
    for (Index h = 0; h < H; ++h) {
      const float* x = inp + row * in_stride + h * D;
      float* y = out + row * out_stride + h * D;
      if (!accumulate_inverse) {
        for (Index i = 0; i < half; ++i) {
          float a = x[i], e = x[i + half];
          y[i] = a * cs[i] - e * sn[i];
          y[i + half] = e * cs[i] + a * sn[i];
        }
      } else {  // y is dinp (in_stride rows), x is dout
        for (Index i = 0; i < half; ++i) {
          float a = x[i], e = x[i + half];
          y[i] += a * cs[i] + e * sn[i];
          y[i + half] += e * cs[i] - a * sn[i];
        }
      }
    }
  }
}

AHENK_SIMD_CLONES void adamw_range(float* param, const float* grad, float* m, float* v, Index begin,
                                   Index end, float beta1, float beta2, float eps,
                                   float decay_factor, float step_size, float inv_sqrt_bias2) {
  for (Index i = begin; i < end; ++i) {
    float p = param[i] * decay_factor;
    float g = grad[i];
    float mi = beta1 * m[i] + (1.0f - beta1) * g;
    float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = p - step_size * mi / (std::sqrt(vi) * inv_sqrt_bias2 + eps);
  }
}

AHENK_SIMD_CLONES void gemv_bf16_rows(float* y, const std::uint16_t* W, const float* x, Index begin,
                                      Index end, Index K) {
  for (Index n = begin; n < end; ++n) {
    const std::uint16_t* w = W + n * K;
    float sum = 0.0f;
    for (Index k = 0; k < K; ++k) {
      std::uint32_t bits = std::uint32_t{w[k]} << 16;
      float wk;
      std::memcpy(&wk, &bits, sizeof wk);
      sum += wk * x[k];
    }
    y[n] = sum;
  }
}

AHENK_SIMD_CLONES void add_range(float* out, const float* a, const float* b, Index begin,
                                 Index end) {
  for (Index i = begin; i < end; ++i) out[i] = a[i] + b[i];
}
AHENK_SIMD_CLONES void accumulate_range(float* dst, const float* src, Index begin, Index end) {
  for (Index i = begin; i < end; ++i) dst[i] += src[i];
}
AHENK_SIMD_CLONES void scale_range(float* x, Index begin, Index end, float s) {
  for (Index i = begin; i < end; ++i) x[i] *= s;
}
AHENK_SIMD_CLONES double sum_squares_range(const float* x, Index begin, Index end) {
  // Blocks of float sums, added in double: exact enough and vectorised.
  double total = 0;
  for (Index i = begin; i < end; i += 4096) {
    Index stop = std::min(end, i + 4096);
    float s = 0;
    for (Index j = i; j < stop; ++j) s += x[j] * x[j];
    total += s;
  }
  return total;
}

// cos/sin tables for a (positions, theta, D), kept between calls.
struct RopeTables {
  std::vector<float> cos, sin;
  Index positions = 0, D = 0;
  double theta = 0;
};

const RopeTables& rope_tables(Index positions, Index D, double theta) {
  static thread_local RopeTables tables;
  if (tables.positions < positions || tables.D != D || tables.theta != theta) {
    Index half = D / 2;
    Index grown = std::max(
        positions, tables.D == D && tables.theta == theta ? 2 * tables.positions : positions);
    tables.cos.resize(grown * half);
    tables.sin.resize(grown * half);
    for (Index p = 0; p < grown; ++p)
      for (Index i = 0; i < half; ++i) {
        double angle = reference::rope_angle(p, i, D, theta);
        tables.cos[p * half + i] = float(std::cos(angle));
        tables.sin[p * half + i] = float(std::sin(angle));
      }
    tables.positions = grown;
    tables.D = D;
    tables.theta = theta;
  }
  return tables;
}

class CpuBackend final : public Backend {
 public:
  Capabilities capabilities() const override {
    Capabilities caps;
    caps.name = "cpu";
    caps.device = cpu_model() + " (" + std::to_string(ThreadPool::global().threads()) + " threads)";
    caps.simd = cpu::simd_level();
    caps.threads = ThreadPool::global().threads();
    caps.fused_attention = true;
    caps.fused_cross_entropy = true;
    return caps;
  }

  void gemm(bool trans_a, bool trans_b, Index M, Index N, Index K, float alpha, const float* A,
            Index lda, const float* B, Index ldb, float beta, float* C, Index ldc) override {
    cpu::gemm(trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }

  void gemv_bf16(float* y, const std::uint16_t* W, const float* x, Index N, Index K) override {
    if (N * K < 100000) {
      gemv_bf16_rows(y, W, x, 0, N, K);
      return;
    }
    pool().parallel_for(
        N, [&](Index begin, Index end) { gemv_bf16_rows(y, W, x, begin, end, K); }, 64);
  }

  void embedding_forward(float* out, const std::int32_t* ids, const float* table, Index N,
                         Index C) override {
    pool().parallel_for(
        N,
        [&](Index begin, Index end) {
          for (Index n = begin; n < end; ++n)
            std::copy(table + Index{ids[n]} * C, table + Index{ids[n]} * C + C, out + n * C);
        },
        grain_rows(C));
  }
  void embedding_backward(float* dtable, const std::int32_t* ids, const float* dout, Index N,
                          Index C) override {
    // Rows of the table may repeat, so threads split the channels, not the rows.
    pool().parallel_for(
        C,
        [&](Index c0, Index c1) {
          for (Index n = 0; n < N; ++n) {
            float* d = dtable + Index{ids[n]} * C;
            const float* g = dout + n * C;
            for (Index c = c0; c < c1; ++c) d[c] += g[c];
          }
        },
        64);
  }

  void rmsnorm_forward(float* out, float* rstd, const float* inp, const float* weight, Index N,
                       Index C, float eps) override {
    pool().parallel_for(
        N,
        [&](Index begin, Index end) {
          rmsnorm_forward_rows(out, rstd, inp, weight, begin, end, C, eps);
        },
        grain_rows(C));
  }
  void rmsnorm_backward(float* dinp, float* dweight, const float* dout, const float* inp,
                        const float* weight, const float* rstd, Index N, Index C) override {
    int parts = pool().threads();
    std::vector<float> partial(static_cast<std::size_t>(parts * C), 0.0f);
    pool().parallel_tasks(parts, [&](Index p) {
      Index begin = N * p / parts, end = N * (p + 1) / parts;
      rmsnorm_backward_rows(dinp, partial.data() + p * C, dout, inp, weight, rstd, begin, end, C);
    });
    for (int p = 0; p < parts; ++p)
      for (Index c = 0; c < C; ++c) dweight[c] += partial[p * C + c];
  }

  void rope_forward(float* out, const float* inp, Index B, Index T, Index H, Index D,
                    Index in_stride, Index out_stride, double theta,
                    Index position_offset) override {
    rotate(out, inp, B, T, H, D, in_stride, out_stride, theta, position_offset, false);
  }
  // The transpose rotation, reading dout (out_stride rows) and accumulating into dinp (in_stride).
  void rope_backward(float* dinp, const float* dout, Index B, Index T, Index H, Index D,
                     Index in_stride, Index out_stride, double theta,
                     Index position_offset) override {
    rotate(dinp, dout, B, T, H, D, out_stride, in_stride, theta, position_offset, true);
  }

  void attention_forward(float* out, float* lse, const float* qkv, Index B, Index T, Index H,
                         Index D) override {
    cpu::attention_forward(out, lse, qkv, B, T, H, D);
  }
  void attention_backward(float* dqkv, const float* dout, const float* out, const float* lse,
                          const float* qkv, Index B, Index T, Index H, Index D) override {
    cpu::attention_backward(dqkv, dout, out, lse, qkv, B, T, H, D);
  }
  void attention_decode(float* out, float* probs, const float* q, const float* k_cache,
                        const float* v_cache, Index cache_stride, Index T, Index H,
                        Index D) override {
    cpu::attention_decode(out, probs, q, k_cache, v_cache, cache_stride, T, H, D);
  }

  void swiglu_forward(float* out, const float* inp, Index N, Index Hd) override {
    pool().parallel_for(
        N, [&](Index begin, Index end) { swiglu_forward_rows(out, inp, begin, end, Hd); },
        grain_rows(Hd));
  }
  void swiglu_backward(float* dinp, const float* dout, const float* inp, Index N,
                       Index Hd) override {
    pool().parallel_for(
        N, [&](Index begin, Index end) { swiglu_backward_rows(dinp, dout, inp, begin, end, Hd); },
        grain_rows(Hd));
  }

  double cross_entropy_forward_backward(float* dx, float* dweight, const float* x,
                                        const float* weight, const std::int32_t* targets, Index N,
                                        Index C, Index V, float grad_scale, Index* count) override {
    return cpu::cross_entropy_forward_backward(dx, dweight, x, weight, targets, N, C, V, grad_scale,
                                               count);
  }

  void adamw_update(float* param, const float* grad, float* m, float* v, Index n, double lr,
                    double beta1, double beta2, double eps, double weight_decay,
                    std::int64_t step) override {
    double bias1 = 1.0 - std::pow(beta1, double(step));
    double bias2 = 1.0 - std::pow(beta2, double(step));
    float decay = float(1.0 - lr * weight_decay), step_size = float(lr / bias1);
    float inv_sqrt_bias2 = float(1.0 / std::sqrt(bias2));
    pool().parallel_for(
        n,
        [&](Index begin, Index end) {
          adamw_range(param, grad, m, v, begin, end, float(beta1), float(beta2), float(eps), decay,
                      step_size, inv_sqrt_bias2);
        },
        16384);
  }

  void selective_scan_forward(const ScanArgs& args, float* out, float* chunk_states) override {
    cpu::selective_scan_forward(args, out, chunk_states);
  }
  void selective_scan_backward(const ScanArgs& args, const ScanGrads& grads, const float* dout,
                               const float* chunk_states) override {
    cpu::selective_scan_backward(args, grads, dout, chunk_states);
  }
  void causal_conv1d_silu_forward(float* out, const float* x, Index x_stride, const float* w,
                                  const float* bias, Index B, Index T, Index Di, Index K) override {
    cpu::causal_conv1d_silu_forward(out, x, x_stride, w, bias, B, T, Di, K);
  }
  void causal_conv1d_silu_backward(float* dx, float* dw, float* dbias, const float* dout,
                                   const float* x, Index x_stride, const float* w,
                                   const float* bias, Index B, Index T, Index Di,
                                   Index K) override {
    cpu::causal_conv1d_silu_backward(dx, dw, dbias, dout, x, x_stride, w, bias, B, T, Di, K);
  }
  void lif_forward(float* rate, const float* current, const float* beta, Index N, Index F,
                   const LifArgs& args) override {
    cpu::lif_forward(rate, current, beta, N, F, args);
  }
  void lif_backward(float* dcurrent, float* dbeta, const float* drate, const float* current,
                    const float* beta, Index N, Index F, const LifArgs& args) override {
    cpu::lif_backward(dcurrent, dbeta, drate, current, beta, N, F, args);
  }
  void add(float* out, const float* a, const float* b, Index n) override {
    pool().parallel_for(
        n, [&](Index begin, Index end) { add_range(out, a, b, begin, end); }, 16384);
  }
  void accumulate(float* dst, const float* src, Index n) override {
    pool().parallel_for(
        n, [&](Index begin, Index end) { accumulate_range(dst, src, begin, end); }, 16384);
  }
  void scale(float* x, Index n, float s) override {
    pool().parallel_for(
        n, [&](Index begin, Index end) { scale_range(x, begin, end, s); }, 16384);
  }
  double sum_squares(const float* x, Index n) override {
    int parts = pool().threads();
    std::vector<double> partial(parts, 0.0);
    pool().parallel_tasks(parts, [&](Index p) {
      partial[p] = sum_squares_range(x, n * p / parts, n * (p + 1) / parts);
    });
    double total = 0;
    for (double s : partial) total += s;
    return total;
  }

 private:
  static ThreadPool& pool() { return ThreadPool::global(); }
  // rope_rows over all B*T rows on the pool; `from_stride`/`to_stride` are the row strides of the
  // tensor read and the tensor written.
  static void rotate(float* to, const float* from, Index B, Index T, Index H, Index D,
                     Index from_stride, Index to_stride, double theta, Index position_offset,
                     bool accumulate_inverse) {
    const RopeTables& t = rope_tables(T + position_offset, D, theta);
    pool().parallel_for(
        B * T,
        [&](Index begin, Index end) {
          rope_rows(to, from, t.cos.data(), t.sin.data(), begin, end, T, H, D, from_stride,
                    to_stride, position_offset, accumulate_inverse);
        },
        grain_rows(H * D));
  }
  static std::string cpu_model() {
    static std::string model = [] {
      std::ifstream in("/proc/cpuinfo");
      std::string line;
      while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
          auto colon = line.find(':');
          return colon == std::string::npos ? line : line.substr(colon + 2);
        }
      return std::string("unknown CPU");
    }();
    return model;
  }
};

}  // namespace

const char* cpu::simd_level() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "avx512f";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2";
  return "scalar";
}

Backend& cpu_backend() {
  static CpuBackend backend;
  return backend;
}

}  // namespace ahenk::tensor
