// Plain scalar reference kernels: the math of every op, written to be read. They are templates so
// the gradient checks run them in double precision; the fast kernels (ahenk/tensor/backend.h) are
// tested against them in float on random shapes, odd sizes included.
//
//   std::vector<double> out(N * C), rstd(N);
//   ahenk::tensor::reference::rmsnorm_forward(out.data(), rstd.data(), x.data(), w.data(), N, C,
//   1e-5);
//
// Conventions (the same for the fast kernels): row-major; shapes in the comments; `d` names a
// gradient. Every backward ACCUMULATES (+=) into its gradient outputs, so a tensor used twice (a
// residual stream, tied embeddings) collects both contributions; callers zero gradients first.
// Layout of a fused attention input `qkv` (B, T, 3C), C = H * D: query of head h at [h*D, h*D+D),
// key at [C + h*D, ...), value at [2C + h*D, ...). Attention is causal with scale 1/sqrt(D).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace ahenk::tensor::reference {

using Index = std::int64_t;

// bfloat16 storage: the top 16 bits of an IEEE float (8-bit exponent, 7-bit mantissa), rounded to
// nearest even when converting down. Weights stored this way halve the bytes a matrix-vector
// product streams from memory, which is what bounds generation at batch 1.
inline std::uint16_t float_to_bf16(float f) {
  std::uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  if ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0)
    return static_cast<std::uint16_t>((bits >> 16) | 0x40u);  // NaN stays a (quiet) NaN
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<std::uint16_t>(bits >> 16);
}
inline float bf16_to_float(std::uint16_t h) {
  std::uint32_t bits = std::uint32_t{h} << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// y (N) = W (N, K) x (K), W in bfloat16, accumulated in float.
template <class F>
void gemv_bf16(F* y, const std::uint16_t* W, const F* x, Index N, Index K) {
  for (Index n = 0; n < N; ++n) {
    F sum = 0;
    for (Index k = 0; k < K; ++k) sum += F(bf16_to_float(W[n * K + k])) * x[k];
    y[n] = sum;
  }
}

// C (M, N) = alpha * op(A) op(B) + beta * C; op(A) is (M, K): A is (M, K), or (K, M) when trans_a.
// op(B) is (K, N): B is (K, N), or (N, K) when trans_b. Leading dimensions are row strides.
template <class F>
void gemm(bool trans_a, bool trans_b, Index M, Index N, Index K, F alpha, const F* A, Index lda,
          const F* B, Index ldb, F beta, F* C, Index ldc) {
  for (Index m = 0; m < M; ++m) {
    for (Index n = 0; n < N; ++n) {
      F sum = 0;
      for (Index k = 0; k < K; ++k) {
        F a = trans_a ? A[k * lda + m] : A[m * lda + k];
        F b = trans_b ? B[n * ldb + k] : B[k * ldb + n];
        sum += a * b;
      }
      C[m * ldc + n] = alpha * sum + (beta == F(0) ? F(0) : beta * C[m * ldc + n]);
    }
  }
}

// out (N, C) = table (V, C) [ids (N)]
template <class F>
void embedding_forward(F* out, const std::int32_t* ids, const F* table, Index N, Index C) {
  for (Index n = 0; n < N; ++n)
    for (Index c = 0; c < C; ++c) out[n * C + c] = table[Index{ids[n]} * C + c];
}
template <class F>
void embedding_backward(F* dtable, const std::int32_t* ids, const F* dout, Index N, Index C) {
  for (Index n = 0; n < N; ++n)
    for (Index c = 0; c < C; ++c) dtable[Index{ids[n]} * C + c] += dout[n * C + c];
}

// out (N, C) = inp * rstd * weight, rstd (N) = 1 / sqrt(mean(inp^2) + eps)
template <class F>
void rmsnorm_forward(F* out, F* rstd, const F* inp, const F* weight, Index N, Index C, F eps) {
  for (Index n = 0; n < N; ++n) {
    const F* x = inp + n * C;
    F ms = 0;
    for (Index c = 0; c < C; ++c) ms += x[c] * x[c];
    F r = F(1) / std::sqrt(ms / F(C) + eps);
    rstd[n] = r;
    for (Index c = 0; c < C; ++c) out[n * C + c] = x[c] * r * weight[c];
  }
}
// dinp_j += r g_j - (r^3 / C) x_j sum_i g_i x_i, with g = dout * weight; dweight += dout * x * r.
template <class F>
void rmsnorm_backward(F* dinp, F* dweight, const F* dout, const F* inp, const F* weight,
                      const F* rstd, Index N, Index C) {
  for (Index n = 0; n < N; ++n) {
    const F* x = inp + n * C;
    const F* dy = dout + n * C;
    F r = rstd[n];
    F gx = 0;
    for (Index c = 0; c < C; ++c) gx += dy[c] * weight[c] * x[c];
    for (Index c = 0; c < C; ++c) {
      dweight[c] += dy[c] * x[c] * r;
      dinp[n * C + c] += r * dy[c] * weight[c] - r * r * r / F(C) * x[c] * gx;
    }
  }
}

// Rotary position embedding, rotate-half form (as in GPT-NeoX and Llama): for each head's vector
// x (D) at position p, pairs (x_i, x_{i+D/2}) rotate by the angle p * theta^(-2i/D).
// inp/out are (B, T, H, D) views whose rows (one per b, t) are `in_stride`/`out_stride` apart.
inline double rope_angle(Index position, Index i, Index D, double theta) {
  return double(position) * std::pow(theta, -2.0 * double(i) / double(D));
}
template <class F>
void rope_forward(F* out, const F* inp, Index B, Index T, Index H, Index D, Index in_stride,
                  Index out_stride, double theta, Index position_offset) {
  Index half = D / 2;
  for (Index b = 0; b < B; ++b)
    for (Index t = 0; t < T; ++t)
      for (Index h = 0; h < H; ++h) {
        const F* x = inp + (b * T + t) * in_stride + h * D;
        F* y = out + (b * T + t) * out_stride + h * D;
        for (Index i = 0; i < half; ++i) {
          double angle = rope_angle(t + position_offset, i, D, theta);
          F c = F(std::cos(angle)), s = F(std::sin(angle));
          F a = x[i], e = x[i + half];
          y[i] = a * c - e * s;
          y[i + half] = e * c + a * s;
        }
      }
}
// The rotation's transpose: dinp += R(-angle) dout.
template <class F>
void rope_backward(F* dinp, const F* dout, Index B, Index T, Index H, Index D, Index in_stride,
                   Index out_stride, double theta, Index position_offset) {
  Index half = D / 2;
  for (Index b = 0; b < B; ++b)
    for (Index t = 0; t < T; ++t)
      for (Index h = 0; h < H; ++h) {
        F* dx = dinp + (b * T + t) * in_stride + h * D;
        const F* dy = dout + (b * T + t) * out_stride + h * D;
        for (Index i = 0; i < half; ++i) {
          double angle = rope_angle(t + position_offset, i, D, theta);
          F c = F(std::cos(angle)), s = F(std::sin(angle));
          dx[i] += dy[i] * c + dy[i + half] * s;
          dx[i + half] += dy[i + half] * c - dy[i] * s;
        }
      }
}

// Causal multi-head attention with the full softmax materialised (the reference; the fast kernel
// never builds the T x T matrix). out (B, T, C); lse (B, H, T) = log sum_j exp(score_j).
template <class F>
void attention_forward(F* out, F* lse, const F* qkv, Index B, Index T, Index H, Index D) {
  Index C = H * D, C3 = 3 * C;
  F scale = F(1) / std::sqrt(F(D));
  std::vector<F> score(T);
  for (Index b = 0; b < B; ++b)
    for (Index h = 0; h < H; ++h)
      for (Index t = 0; t < T; ++t) {
        const F* q = qkv + (b * T + t) * C3 + h * D;
        F max = -std::numeric_limits<F>::infinity();
        for (Index j = 0; j <= t; ++j) {
          const F* k = qkv + (b * T + j) * C3 + C + h * D;
          F s = 0;
          for (Index d = 0; d < D; ++d) s += q[d] * k[d];
          score[j] = s * scale;
          max = std::max(max, score[j]);
        }
        F sum = 0;
        for (Index j = 0; j <= t; ++j) sum += std::exp(score[j] - max);
        lse[(b * H + h) * T + t] = max + std::log(sum);
        F* o = out + (b * T + t) * C + h * D;
        for (Index d = 0; d < D; ++d) o[d] = 0;
        for (Index j = 0; j <= t; ++j) {
          F p = std::exp(score[j] - max) / sum;
          const F* v = qkv + (b * T + j) * C3 + 2 * C + h * D;
          for (Index d = 0; d < D; ++d) o[d] += p * v[d];
        }
      }
}
// dscore_j = p_j (dout.v_j - dout.out); dq += scale sum_j dscore_j k_j; dk_j += scale dscore_j q;
// dv_j += p_j dout.
template <class F>
void attention_backward(F* dqkv, const F* dout, const F* out, const F* lse, const F* qkv, Index B,
                        Index T, Index H, Index D) {
  Index C = H * D, C3 = 3 * C;
  F scale = F(1) / std::sqrt(F(D));
  for (Index b = 0; b < B; ++b)
    for (Index h = 0; h < H; ++h)
      for (Index t = 0; t < T; ++t) {
        const F* q = qkv + (b * T + t) * C3 + h * D;
        const F* dy = dout + (b * T + t) * C + h * D;
        const F* y = out + (b * T + t) * C + h * D;
        F* dq = dqkv + (b * T + t) * C3 + h * D;
        F dy_y = 0;
        for (Index d = 0; d < D; ++d) dy_y += dy[d] * y[d];
        for (Index j = 0; j <= t; ++j) {
          const F* k = qkv + (b * T + j) * C3 + C + h * D;
          const F* v = qkv + (b * T + j) * C3 + 2 * C + h * D;
          F* dk = dqkv + (b * T + j) * C3 + C + h * D;
          F* dv = dqkv + (b * T + j) * C3 + 2 * C + h * D;
          F s = 0, dp = 0;
          for (Index d = 0; d < D; ++d) {
            s += q[d] * k[d];
            dp += dy[d] * v[d];
          }
          F p = std::exp(s * scale - lse[(b * H + h) * T + t]);
          F ds = p * (dp - dy_y) * scale;
          for (Index d = 0; d < D; ++d) {
            dq[d] += ds * k[d];
            dk[d] += ds * q[d];
            dv[d] += p * dy[d];
          }
        }
      }
}

// out (N, H) = silu(inp[:, :H]) * inp[:, H:], inp (N, 2H); silu(g) = g sigmoid(g).
template <class F>
void swiglu_forward(F* out, const F* inp, Index N, Index Hd) {
  for (Index n = 0; n < N; ++n)
    for (Index i = 0; i < Hd; ++i) {
      F g = inp[n * 2 * Hd + i], u = inp[n * 2 * Hd + Hd + i];
      out[n * Hd + i] = g / (F(1) + std::exp(-g)) * u;
    }
}
template <class F>
void swiglu_backward(F* dinp, const F* dout, const F* inp, Index N, Index Hd) {
  for (Index n = 0; n < N; ++n)
    for (Index i = 0; i < Hd; ++i) {
      F g = inp[n * 2 * Hd + i], u = inp[n * 2 * Hd + Hd + i];
      F sig = F(1) / (F(1) + std::exp(-g));
      F dy = dout[n * Hd + i];
      dinp[n * 2 * Hd + i] += dy * u * sig * (F(1) + g * (F(1) - sig));
      dinp[n * 2 * Hd + Hd + i] += dy * g * sig;
    }
}

// Cross-entropy of the logits x (N, C) W (V, C)^T against targets (N); a target < 0 is ignored.
// Returns the summed loss and counts the targets used; when dx/dweight are non-null, accumulates
// grad_scale * dloss/dx and grad_scale * dloss/dW into them.
template <class F>
double cross_entropy_forward_backward(F* dx, F* dweight, const F* x, const F* weight,
                                      const std::int32_t* targets, Index N, Index C, Index V,
                                      F grad_scale, Index* count) {
  double total = 0;
  Index used = 0;
  std::vector<F> logits(V);
  for (Index n = 0; n < N; ++n) {
    if (targets[n] < 0) continue;
    ++used;
    F max = -std::numeric_limits<F>::infinity();
    for (Index v = 0; v < V; ++v) {
      F s = 0;
      for (Index c = 0; c < C; ++c) s += x[n * C + c] * weight[v * C + c];
      logits[v] = s;
      max = std::max(max, s);
    }
    F sum = 0;
    for (Index v = 0; v < V; ++v) sum += std::exp(logits[v] - max);
    F log_sum = max + std::log(sum);
    total += double(log_sum - logits[targets[n]]);
    if (dx == nullptr) continue;
    for (Index v = 0; v < V; ++v) {
      F g = (std::exp(logits[v] - log_sum) - (v == targets[n] ? F(1) : F(0))) * grad_scale;
      for (Index c = 0; c < C; ++c) {
        dx[n * C + c] += g * weight[v * C + c];
        dweight[v * C + c] += g * x[n * C + c];
      }
    }
  }
  if (count != nullptr) *count = used;
  return total;
}

// One AdamW step as PyTorch's torch.optim.AdamW computes it (decoupled weight decay first, then the
// bias-corrected Adam update); `step` counts from 1.
template <class F>
void adamw_update(F* param, const F* grad, F* m, F* v, Index n, double lr, double beta1,
                  double beta2, double eps, double weight_decay, std::int64_t step) {
  double bias1 = 1.0 - std::pow(beta1, double(step));
  double bias2 = 1.0 - std::pow(beta2, double(step));
  for (Index i = 0; i < n; ++i) {
    param[i] = F(param[i] * (1.0 - lr * weight_decay));
    m[i] = F(beta1 * m[i] + (1.0 - beta1) * grad[i]);
    v[i] = F(beta2 * v[i] + (1.0 - beta2) * grad[i] * grad[i]);
    double denom = std::sqrt(double(v[i])) / std::sqrt(bias2) + eps;
    param[i] = F(param[i] - lr / bias1 * m[i] / denom);
  }
}

}  // namespace ahenk::tensor::reference
