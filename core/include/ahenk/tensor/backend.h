// The compute backend: every kernel the models need, behind one interface with capability
// queries. CPU now (fast kernels: OpenBLAS sgemm, compiler-vectorised loops built for AVX-512, AVX2
// and plain x86-64 with runtime dispatch, all on the one ThreadPool); the reference backend runs
// the scalar kernels of ahenk/tensor/reference.h; a CUDA backend implements the same interface
// later (pointers are then device pointers).
//
//   ahenk::tensor::Backend& be = ahenk::tensor::cpu_backend();
//   auto caps = be.capabilities();          // {"cpu", "avx2", threads 2, ...}
//   be.rmsnorm_forward(out, rstd, x, w, N, C, 1e-5f);
//
// Shapes, layouts and the accumulate (+=) rule of every backward are those of reference.h.
// Threading: a backend's kernels are called from one thread at a time (the job's owner thread);
// the CPU backend parallelises inside each call.
#pragma once

#include <cstdint>
#include <string>

namespace ahenk::tensor {

using Index = std::int64_t;

struct Capabilities {
  std::string name;    // "cpu", "reference", "cuda"
  std::string device;  // "AMD EPYC 9R14 (2 threads)", "NVIDIA H200"
  std::string simd;    // what the fast loops dispatched to: "avx512f", "avx2", "scalar"
  int threads = 1;
  bool fused_attention = false;      // attention without the T x T matrix
  bool fused_cross_entropy = false;  // logits computed in chunks, never all in memory
  bool bf16_storage = false;
  bool device_memory = false;  // pointers are not host memory
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual Capabilities capabilities() const = 0;

  virtual void gemm(bool trans_a, bool trans_b, Index M, Index N, Index K, float alpha,
                    const float* A, Index lda, const float* B, Index ldb, float beta, float* C,
                    Index ldc) = 0;
  // y (N) = W (N, K) x (K) with W stored as bfloat16 (reference.h's float_to_bf16).
  virtual void gemv_bf16(float* y, const std::uint16_t* W, const float* x, Index N, Index K) = 0;
  virtual void embedding_forward(float* out, const std::int32_t* ids, const float* table, Index N,
                                 Index C) = 0;
  virtual void embedding_backward(float* dtable, const std::int32_t* ids, const float* dout,
                                  Index N, Index C) = 0;
  virtual void rmsnorm_forward(float* out, float* rstd, const float* inp, const float* weight,
                               Index N, Index C, float eps) = 0;
  virtual void rmsnorm_backward(float* dinp, float* dweight, const float* dout, const float* inp,
                                const float* weight, const float* rstd, Index N, Index C) = 0;
  virtual void rope_forward(float* out, const float* inp, Index B, Index T, Index H, Index D,
                            Index in_stride, Index out_stride, double theta,
                            Index position_offset) = 0;
  virtual void rope_backward(float* dinp, const float* dout, Index B, Index T, Index H, Index D,
                             Index in_stride, Index out_stride, double theta,
                             Index position_offset) = 0;
  virtual void attention_forward(float* out, float* lse, const float* qkv, Index B, Index T,
                                 Index H, Index D) = 0;
  virtual void attention_backward(float* dqkv, const float* dout, const float* out,
                                  const float* lse, const float* qkv, Index B, Index T, Index H,
                                  Index D) = 0;
  // One new query per head against a key/value cache (generation): q (H, D); k_cache and v_cache
  // (T, C) rows `cache_stride` apart, the new position's key/value already at row T - 1; out (H,
  // D). When probs is non-null it receives the attention probabilities (H, T).
  virtual void attention_decode(float* out, float* probs, const float* q, const float* k_cache,
                                const float* v_cache, Index cache_stride, Index T, Index H,
                                Index D);
  virtual void swiglu_forward(float* out, const float* inp, Index N, Index Hd) = 0;
  virtual void swiglu_backward(float* dinp, const float* dout, const float* inp, Index N,
                               Index Hd) = 0;
  virtual double cross_entropy_forward_backward(float* dx, float* dweight, const float* x,
                                                const float* weight, const std::int32_t* targets,
                                                Index N, Index C, Index V, float grad_scale,
                                                Index* count) = 0;
  virtual void adamw_update(float* param, const float* grad, float* m, float* v, Index n, double lr,
                            double beta1, double beta2, double eps, double weight_decay,
                            std::int64_t step) = 0;
  // out = a + b (out may alias a or b); dst += src; x *= s; returns sum of squares (in double).
  virtual void add(float* out, const float* a, const float* b, Index n) = 0;
  virtual void accumulate(float* dst, const float* src, Index n) = 0;
  virtual void scale(float* x, Index n, float s) = 0;
  virtual double sum_squares(const float* x, Index n) = 0;
};

// The process-wide CPU backend (fast kernels on ThreadPool::global()).
Backend& cpu_backend();
// The scalar reference kernels in float, single-threaded: slow, for tests and for checking.
Backend& reference_backend();

}  // namespace ahenk::tensor
