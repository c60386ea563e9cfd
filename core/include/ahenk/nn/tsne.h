// t-SNE (van der Maaten and Hinton 2008) with Barnes-Hut repulsion (van der Maaten 2014), for the
// embedding projector: a 2-D map of a whole vocabulary in which tokens that are near in the model's
// space stay near, computed in the background with progress, cancellation and snapshots of the map
// as it forms.
//
//   ahenk::nn::TsneOptions options;                      // perplexity 30, 1000 iterations
//   auto map = ahenk::nn::tsne(X.data(), n, d, options, &sink, &cancel,
//                              [&](const ahenk::nn::TsneSnapshot& s) { show(s.coords); });
//
// The steps, each exposed for tests and for teaching:
//   1. the input is reduced to `pca_dims` principal components (as bhtsne and openTSNE do);
//   2. each point's k = 3 x perplexity nearest neighbours (exact, squared Euclidean, by blocks of
//      matrix products) get Gaussian affinities p_j|i whose bandwidth is found by bisection so that
//      the row's perplexity 2^H is the one asked for; P = (P + P^T) / 2n (tsne_affinities);
//   3. gradient descent on KL(P || Q), Q Student-t: attraction over the sparse P, repulsion over
//   all
//      pairs approximated by a quadtree (a cell far enough away, width / distance < theta, acts as
//      one point at its centre of mass; theta 0 is exact) (tsne_gradient);
//   4. early exaggeration (P x 12 for the first 250 iterations), momentum 0.5 then 0.8, per-
//      coordinate gains, learning rate max(n / 12 / 4, 50) (Belkina et al. 2019), PCA
//      initialisation scaled to standard deviation 1e-4 (Kobak and Linderman 2021), so that maps of
//      two nearby checkpoints start alike and the result does not depend on a random draw.
//
// Threading: one call per thread; it runs its own worker threads (options.threads).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ahenk/nn/inspect.h"
#include "ahenk/progress.h"

namespace ahenk::nn {

struct TsneOptions {
  double perplexity = 30;
  int iterations = 1000;
  int exaggeration_iterations = 250;
  double exaggeration = 12;
  double learning_rate = 0;  // 0: max(n / exaggeration / 4, 50)
  double theta = 0.5;        // Barnes-Hut accuracy; 0 computes every pair exactly
  int pca_dims = 50;         // reduce the input first; 0 keeps it as it is
  std::uint64_t seed = 1;    // the tiny jitter that separates identical rows
  int threads = 0;           // 0: the number of cores
  int snapshot_every = 25;   // iterations between snapshots (0: none)
};

// The symmetric affinities P as a sparse matrix (CSR, rows sorted by column, summing to 1).
struct TsneAffinities {
  Index n = 0;
  std::vector<std::int64_t> row_start;  // n + 1
  std::vector<std::int32_t> column;
  std::vector<double> p;
  // The perplexity each conditional row reached (2^H of p_j|i), for checking the bisection.
  std::vector<double> row_perplexity;
};
// Steps 2 above on rows of X (n, d). k = min(n - 1, floor(3 x perplexity)).
TsneAffinities tsne_affinities(const float* X, Index n, Index d, double perplexity, int threads = 0,
                               const CancelToken* cancel = nullptr);

// The gradient of KL(P || Q) at the map Y (n, 2) with P multiplied by `exaggeration`: writes
// grad (n, 2) and returns Z, the sum of the Student-t kernel over all pairs (approximated as the
// forces are when theta > 0).
double tsne_gradient(const TsneAffinities& P, const std::vector<double>& Y, double exaggeration,
                     double theta, std::vector<double>& grad, int threads = 0);

// KL(P || Q) at Y, with Q normalised by Z from tsne_gradient (exact when theta was 0).
double tsne_kl(const TsneAffinities& P, const std::vector<double>& Y, double Z);

struct TsneSnapshot {
  int iteration = 0;
  int iterations = 0;
  const std::vector<float>* coords = nullptr;  // (n, 2), centred
  double kl = 0;                               // KL(P || Q) without exaggeration
};

// The whole method. Returns Projection{n, 2, coords, {}} with method "t-SNE"; throws
// std::invalid_argument for n < 3, d < 1, a perplexity outside [1, n - 1), or non-finite input, and
// Cancelled when `cancel` is set. Snapshots come on the calling thread.
Projection tsne(const float* X, Index n, Index d, const TsneOptions& options = {},
                ProgressSink* progress = nullptr, const CancelToken* cancel = nullptr,
                const std::function<void(const TsneSnapshot&)>& on_snapshot = {});

}  // namespace ahenk::nn
