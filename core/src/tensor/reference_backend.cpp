// The reference backend: reference.h's scalar kernels in float, one thread. Slow by design; tests
// run whole models on it to check the fast backend end to end.
#include "ahenk/tensor/backend.h"
#include "ahenk/tensor/reference.h"

namespace ahenk::tensor {

namespace {

class ReferenceBackend final : public Backend {
 public:
  Capabilities capabilities() const override {
    Capabilities caps;
    caps.name = "reference";
    caps.device = "scalar C++ (1 thread)";
    caps.simd = "scalar";
    return caps;
  }
  void gemm(bool trans_a, bool trans_b, Index M, Index N, Index K, float alpha, const float* A,
            Index lda, const float* B, Index ldb, float beta, float* C, Index ldc) override {
    reference::gemm(trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }
  void gemv_bf16(float* y, const std::uint16_t* W, const float* x, Index N, Index K) override {
    reference::gemv_bf16(y, W, x, N, K);
  }
  void embedding_forward(float* out, const std::int32_t* ids, const float* table, Index N,
                         Index C) override {
    reference::embedding_forward(out, ids, table, N, C);
  }
  void embedding_backward(float* dtable, const std::int32_t* ids, const float* dout, Index N,
                          Index C) override {
    reference::embedding_backward(dtable, ids, dout, N, C);
  }
  void rmsnorm_forward(float* out, float* rstd, const float* inp, const float* weight, Index N,
                       Index C, float eps) override {
    reference::rmsnorm_forward(out, rstd, inp, weight, N, C, eps);
  }
  void rmsnorm_backward(float* dinp, float* dweight, const float* dout, const float* inp,
                        const float* weight, const float* rstd, Index N, Index C) override {
    reference::rmsnorm_backward(dinp, dweight, dout, inp, weight, rstd, N, C);
  }
  void rope_forward(float* out, const float* inp, Index B, Index T, Index H, Index D,
                    Index in_stride, Index out_stride, double theta,
                    Index position_offset) override {
    reference::rope_forward(out, inp, B, T, H, D, in_stride, out_stride, theta, position_offset);
  }
  void rope_backward(float* dinp, const float* dout, Index B, Index T, Index H, Index D,
                     Index in_stride, Index out_stride, double theta,
                     Index position_offset) override {
    reference::rope_backward(dinp, dout, B, T, H, D, in_stride, out_stride, theta, position_offset);
  }
  void attention_forward(float* out, float* lse, const float* qkv, Index B, Index T, Index H,
                         Index D) override {
    reference::attention_forward(out, lse, qkv, B, T, H, D);
  }
  void attention_backward(float* dqkv, const float* dout, const float* out, const float* lse,
                          const float* qkv, Index B, Index T, Index H, Index D) override {
    reference::attention_backward(dqkv, dout, out, lse, qkv, B, T, H, D);
  }
  void swiglu_forward(float* out, const float* inp, Index N, Index Hd) override {
    reference::swiglu_forward(out, inp, N, Hd);
  }
  void swiglu_backward(float* dinp, const float* dout, const float* inp, Index N,
                       Index Hd) override {
    reference::swiglu_backward(dinp, dout, inp, N, Hd);
  }
  double cross_entropy_forward_backward(float* dx, float* dweight, const float* x,
                                        const float* weight, const std::int32_t* targets, Index N,
                                        Index C, Index V, float grad_scale, Index* count) override {
    return reference::cross_entropy_forward_backward(dx, dweight, x, weight, targets, N, C, V,
                                                     grad_scale, count);
  }
  void selective_scan_forward(const ScanArgs& args, float* out, float*) override {
    reference::selective_scan_forward(args, out);
  }
  void selective_scan_backward(const ScanArgs& args, const ScanGrads& grads, const float* dout,
                               const float*) override {
    reference::selective_scan_backward(args, grads, dout);
  }
  void causal_conv1d_silu_forward(float* out, const float* x, Index x_stride, const float* w,
                                  const float* bias, Index B, Index T, Index Di, Index K) override {
    reference::causal_conv1d_silu_forward(out, x, x_stride, w, bias, B, T, Di, K);
  }
  void causal_conv1d_silu_backward(float* dx, float* dw, float* dbias, const float* dout,
                                   const float* x, Index x_stride, const float* w,
                                   const float* bias, Index B, Index T, Index Di,
                                   Index K) override {
    reference::causal_conv1d_silu_backward(dx, dw, dbias, dout, x, x_stride, w, bias, B, T, Di, K);
  }
  void lif_forward(float* rate, const float* current, const float* beta, Index N, Index F,
                   const LifArgs& args) override {
    reference::lif_forward(rate, current, beta, N, F, args);
  }
  void lif_backward(float* dcurrent, float* dbeta, const float* drate, const float* current,
                    const float* beta, Index N, Index F, const LifArgs& args) override {
    reference::lif_backward(dcurrent, dbeta, drate, current, beta, N, F, args);
  }
  void adamw_update(float* param, const float* grad, float* m, float* v, Index n, double lr,
                    double beta1, double beta2, double eps, double weight_decay,
                    std::int64_t step) override {
    reference::adamw_update(param, grad, m, v, n, lr, beta1, beta2, eps, weight_decay, step);
  }
  void add(float* out, const float* a, const float* b, Index n) override {
    for (Index i = 0; i < n; ++i) out[i] = a[i] + b[i];
  }
  void accumulate(float* dst, const float* src, Index n) override {
    for (Index i = 0; i < n; ++i) dst[i] += src[i];
  }
  void scale(float* x, Index n, float s) override {
    for (Index i = 0; i < n; ++i) x[i] *= s;
  }
  double sum_squares(const float* x, Index n) override {
    double s = 0;
    for (Index i = 0; i < n; ++i) s += double(x[i]) * double(x[i]);
    return s;
  }
};

}  // namespace

// The scalar definition every backend may keep: one query against the cache, per head.
void Backend::attention_decode(float* out, float* probs, const float* q, const float* k_cache,
                               const float* v_cache, Index cache_stride, Index T, Index H,
                               Index D) {
  float scale = 1.0f / std::sqrt(float(D));
  std::vector<float> s(T);
  for (Index h = 0; h < H; ++h) {
    float max = -std::numeric_limits<float>::infinity();
    for (Index t = 0; t < T; ++t) {
      float acc = 0;
      for (Index d = 0; d < D; ++d) acc += q[h * D + d] * k_cache[t * cache_stride + h * D + d];
      s[t] = acc * scale;
      max = std::max(max, s[t]);
    }
    float sum = 0;
    for (Index t = 0; t < T; ++t) sum += (s[t] = std::exp(s[t] - max));
    for (Index d = 0; d < D; ++d) out[h * D + d] = 0;
    for (Index t = 0; t < T; ++t) {
      float p = s[t] / sum;
      if (probs != nullptr) probs[h * T + t] = p;
      for (Index d = 0; d < D; ++d) out[h * D + d] += p * v_cache[t * cache_stride + h * D + d];
    }
  }
}

Backend& reference_backend() {
  static ReferenceBackend backend;
  return backend;
}

}  // namespace ahenk::tensor
