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

#include "ahenk/tensor/sequence_ops.h"

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
  // Mamba's selective scan (sequence_ops.h). `chunk_states` (scan_chunk_states_size floats) is
  // scratch the forward fills for the same backend's backward: the state entering each chunk of
  // kScanChunk steps, so the backward recomputes states chunk by chunk instead of keeping all
  // B x T x Di x S of them. It may be null when no backward follows (evaluation, generation).
  static constexpr Index kScanChunk = 64;
  static Index scan_chunk_states_size(const ScanArgs& a) {
    return a.B * ((a.T + kScanChunk - 1) / kScanChunk) * a.Di * a.S;
  }
  virtual void selective_scan_forward(const ScanArgs& args, float* out, float* chunk_states) = 0;
  // Requires args.state == nullptr (training starts from a zero state).
  virtual void selective_scan_backward(const ScanArgs& args, const ScanGrads& grads,
                                       const float* dout, const float* chunk_states) = 0;
  // Depthwise causal conv1d + SiLU over x (B*T rows, Di, row stride x_stride); w (Di, K).
  virtual void causal_conv1d_silu_forward(float* out, const float* x, Index x_stride,
                                          const float* w, const float* bias, Index B, Index T,
                                          Index Di, Index K) = 0;
  virtual void causal_conv1d_silu_backward(float* dx, float* dw, float* dbias, const float* dout,
                                           const float* x, Index x_stride, const float* w,
                                           const float* bias, Index B, Index T, Index Di,
                                           Index K) = 0;
  // Leaky integrate-and-fire neurons over args.steps steps: rate (N, F) from current (N, F).
  virtual void lif_forward(float* rate, const float* current, const float* beta, Index N, Index F,
                           const LifArgs& args) = 0;
  virtual void lif_backward(float* dcurrent, float* dbeta, const float* drate, const float* current,
                            const float* beta, Index N, Index F, const LifArgs& args) = 0;
  virtual void adamw_update(float* param, const float* grad, float* m, float* v, Index n, double lr,
                            double beta1, double beta2, double eps, double weight_decay,
                            std::int64_t step) = 0;
  // out = a + b (out may alias a or b); dst += src; x *= s; returns sum of squares (in double).
  virtual void add(float* out, const float* a, const float* b, Index n) = 0;
  virtual void accumulate(float* dst, const float* src, Index n) = 0;
  virtual void scale(float* x, Index n, float s) = 0;
  virtual double sum_squares(const float* x, Index n) = 0;
};

// How the CPU backend parallelises the selective scan: over batch rows (each scans its whole
// sequence; least work), over chunks of the sequence with a Blelloch scan of the chunks' carries
// (twice the work, but both cores busy on one long sequence), or chosen by the shape (automatic).
enum class ScanStrategy : std::uint8_t { automatic, rows, chunks };
void set_scan_strategy(ScanStrategy strategy);
ScanStrategy scan_strategy();

// The process-wide CPU backend (fast kernels on ThreadPool::global()).
Backend& cpu_backend();
// The scalar reference kernels in float, single-threaded: slow, for tests and for checking.
Backend& reference_backend();

}  // namespace ahenk::tensor
