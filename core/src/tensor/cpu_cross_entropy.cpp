// Cross-entropy fused with the output projection: the logits (N, V) are computed a chunk of rows at
// a time into one buffer of at most 4M floats, turned into their gradient in place, and multiplied
// back (dx += g W, dW += g^T x) before the next chunk, so a batch's B x T x V logits never all
// exist.
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

// Turns rows [begin, end) of logits into grad_scale * (softmax - onehot) (zero for an ignored row)
// when `gradients`, and returns their summed loss.
AHENK_SIMD_CLONES double softmax_rows(float* logits, const std::int32_t* targets, Index begin,
                                      Index end, Index V, float grad_scale, bool gradients) {
  double loss = 0;
  for (Index n = begin; n < end; ++n) {
    float* z = logits + n * V;
    std::int32_t target = targets[n];
    if (target < 0) {
      if (gradients) std::fill(z, z + V, 0.0f);
      continue;
    }
    float max = -std::numeric_limits<float>::infinity();
    for (Index v = 0; v < V; ++v) max = std::max(max, z[v]);
    float sum = 0.0f;
    for (Index v = 0; v < V; ++v) sum += fast_exp(z[v] - max);
    float log_sum = max + std::log(sum);
    loss += double(log_sum) - double(z[target]);
    if (!gradients) continue;
    for (Index v = 0; v < V; ++v) z[v] = fast_exp(z[v] - log_sum) * grad_scale;
    z[target] -= grad_scale;
  }
  return loss;
}

}  // namespace

double cross_entropy_forward_backward(float* dx, float* dweight, const float* x,
                                      const float* weight, const std::int32_t* targets, Index N,
                                      Index C, Index V, float grad_scale, Index* count) {
  bool gradients = dx != nullptr;
  Index chunk =
      std::clamp<Index>((Index{1} << 22) / std::max<Index>(1, V), 16, std::max<Index>(16, N));
  static thread_local std::vector<float> buffer;
  buffer.resize(static_cast<std::size_t>(std::min(chunk, N) * V));
  ThreadPool& pool = ThreadPool::global();
  double total = 0;
  Index used = 0;
  for (Index n = 0; n < N; ++n) used += targets[n] >= 0 ? 1 : 0;
  for (Index r0 = 0; r0 < N; r0 += chunk) {
    Index rows = std::min(chunk, N - r0);
    float* logits = buffer.data();
    gemm(false, true, rows, V, C, 1.0f, x + r0 * C, C, weight, C, 0.0f, logits, V);
    int parts = pool.threads();
    std::vector<double> partial(parts, 0.0);
    pool.parallel_tasks(parts, [&](Index p) {
      Index begin = rows * p / parts, end = rows * (p + 1) / parts;
      partial[p] = softmax_rows(logits, targets + r0, begin, end, V, grad_scale, gradients);
    });
    for (double s : partial) total += s;
    if (!gradients) continue;
    gemm(false, false, rows, C, V, 1.0f, logits, V, weight, C, 1.0f, dx + r0 * C, C);
    gemm(true, false, V, C, rows, 1.0f, logits, V, x + r0 * C, C, 1.0f, dweight, C);
  }
  if (count != nullptr) *count = used;
  return total;
}

}  // namespace ahenk::tensor::cpu
