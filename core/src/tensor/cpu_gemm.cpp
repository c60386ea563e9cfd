// Matrix products on the engine's thread pool: the output is cut into one panel per thread and each
// thread calls single-threaded OpenBLAS sgemm on its panel, so BLAS never starts threads of its own
// next to the pool's (no oversubscription; the pool's threads are the only ones computing).
#include <cblas.h>

#include <algorithm>
#include <mutex>

#include "ahenk/tensor/thread_pool.h"
#include "cpu_kernels.h"

namespace ahenk::tensor::cpu {

void ensure_single_threaded_blas() {
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

void sgemm_on_this_thread(bool trans_a, bool trans_b, Index M, Index N, Index K, float alpha,
                          const float* A, Index lda, const float* B, Index ldb, float beta,
                          float* C, Index ldc) {
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, static_cast<blasint>(M), static_cast<blasint>(N),
              static_cast<blasint>(K), alpha, A, static_cast<blasint>(lda), B,
              static_cast<blasint>(ldb), beta, C, static_cast<blasint>(ldc));
}

namespace {

// C (1, N) = alpha * a (1, K) op(B) + beta * C as a matrix-vector product: sgemm would pack all of
// B for a single row (generation's case, where that packing dominated the time).
void row_times_matrix(bool trans_b, Index N, Index K, float alpha, const float* a, const float* B,
                      Index ldb, float beta, float* C) {
  ThreadPool& pool = ThreadPool::global();
  auto part = [&](Index n0, Index n1) {
    if (trans_b)  // B is (N, K): C = B a
      cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<blasint>(n1 - n0),
                  static_cast<blasint>(K), alpha, B + n0 * ldb, static_cast<blasint>(ldb), a, 1,
                  beta, C + n0, 1);
    else  // B is (K, N): C = B^T a, columns [n0, n1)
      cblas_sgemv(CblasRowMajor, CblasTrans, static_cast<blasint>(K), static_cast<blasint>(n1 - n0),
                  alpha, B + n0, static_cast<blasint>(ldb), a, 1, beta, C + n0, 1);
  };
  if (double(N) * double(K) < 1e5) {
    part(0, N);
    return;
  }
  pool.parallel_for(N, part, 64);
}

}  // namespace

void gemm(bool trans_a, bool trans_b, Index M, Index N, Index K, float alpha, const float* A,
          Index lda, const float* B, Index ldb, float beta, float* C, Index ldc) {
  if (M <= 0 || N <= 0) return;
  ensure_single_threaded_blas();
  if (M == 1 && (!trans_a || lda == 1)) {
    row_times_matrix(trans_b, N, K, alpha, A, B, ldb, beta, C);
    return;
  }
  ThreadPool& pool = ThreadPool::global();
  int parts = pool.threads();
  // Below ~4 MFLOP a split costs more in packing and wake-up than it saves.
  if (parts <= 1 || 2.0 * double(M) * double(N) * double(K) < 4e6) {
    sgemm_on_this_thread(trans_a, trans_b, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  const Index align = 16;
  if (M >= N) {
    Index step = ((M + parts - 1) / parts + align - 1) / align * align;
    Index chunks = (M + step - 1) / step;
    pool.parallel_tasks(chunks, [&](std::int64_t p) {
      Index m0 = p * step, rows = std::min(step, M - m0);
      const float* a = trans_a ? A + m0 : A + m0 * lda;
      sgemm_on_this_thread(trans_a, trans_b, rows, N, K, alpha, a, lda, B, ldb, beta, C + m0 * ldc,
                           ldc);
    });
  } else {
    Index step = ((N + parts - 1) / parts + align - 1) / align * align;
    Index chunks = (N + step - 1) / step;
    pool.parallel_tasks(chunks, [&](std::int64_t p) {
      Index n0 = p * step, cols = std::min(step, N - n0);
      const float* b = trans_b ? B + n0 * ldb : B + n0;
      sgemm_on_this_thread(trans_a, trans_b, M, cols, K, alpha, A, lda, b, ldb, beta, C + n0, ldc);
    });
  }
}

}  // namespace ahenk::tensor::cpu
