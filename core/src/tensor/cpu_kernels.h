// The fast CPU kernels (internal): declared here, defined one family per file, parallel on
// ThreadPool::global(). Semantics, shapes and the accumulate rule are those of reference.h.
#pragma once

#include <cstdint>

#include "ahenk/tensor/backend.h"

namespace ahenk::tensor::cpu {

void gemm(bool trans_a, bool trans_b, Index M, Index N, Index K, float alpha, const float* A,
          Index lda, const float* B, Index ldb, float beta, float* C, Index ldc);
void attention_forward(float* out, float* lse, const float* qkv, Index B, Index T, Index H,
                       Index D);
void attention_backward(float* dqkv, const float* dout, const float* out, const float* lse,
                        const float* qkv, Index B, Index T, Index H, Index D);
void attention_decode(float* out, float* probs, const float* q, const float* k_cache,
                      const float* v_cache, Index cache_stride, Index T, Index H, Index D);
double cross_entropy_forward_backward(float* dx, float* dweight, const float* x,
                                      const float* weight, const std::int32_t* targets, Index N,
                                      Index C, Index V, float grad_scale, Index* count);
void selective_scan_forward(const ScanArgs& args, float* out, float* chunk_states);
void selective_scan_backward(const ScanArgs& args, const ScanGrads& grads, const float* dout,
                             const float* chunk_states);
void causal_conv1d_silu_forward(float* out, const float* x, Index x_stride, const float* w,
                                const float* bias, Index B, Index T, Index Di, Index K);
void causal_conv1d_silu_backward(float* dx, float* dw, float* dbias, const float* dout,
                                 const float* x, Index x_stride, const float* w, const float* bias,
                                 Index B, Index T, Index Di, Index K);
void lif_forward(float* rate, const float* current, const float* beta, Index N, Index F,
                 const LifArgs& args);
void lif_backward(float* dcurrent, float* dbeta, const float* drate, const float* current,
                  const float* beta, Index N, Index F, const LifArgs& args);
const char* simd_level();
// OpenBLAS runs single-threaded: the pool's threads call it (see cpu_gemm.cpp). Idempotent.
void ensure_single_threaded_blas();
// One sgemm on the calling thread (row-major; the arguments of gemm()): a panel of gemm() or a tile
// of attention inside a pool task.
void sgemm_on_this_thread(bool trans_a, bool trans_b, Index M, Index N, Index K, float alpha,
                          const float* A, Index lda, const float* B, Index ldb, float beta,
                          float* C, Index ldc);

}  // namespace ahenk::tensor::cpu
