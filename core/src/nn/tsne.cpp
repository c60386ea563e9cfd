// t-SNE with Barnes-Hut repulsion (tsne.h). Written for reading: each step of the method is one
// function below, in the order the method runs them.
#include "ahenk/nn/tsne.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>

#include "../tensor/cpu_kernels.h"
#include "ahenk/message.h"
#include "ahenk/tensor/thread_pool.h"

namespace ahenk::nn {
namespace {

using tensor::ThreadPool;

// ---- Step 2a: exact k nearest neighbours by blocks of matrix products ----

struct Neighbours {
  int k = 0;
  std::vector<std::int32_t> index;  // (n, k), nearest first
  std::vector<double> distance2;    // (n, k), squared Euclidean
};

Neighbours nearest_neighbours_exact(const float* X, Index n, Index d, int k, ThreadPool& pool,
                                    ProgressSink* progress, const CancelToken* cancel) {
  tensor::cpu::ensure_single_threaded_blas();
  std::vector<double> norm(std::size_t(n), 0.0);
  for (Index i = 0; i < n; ++i) {
    double s = 0;
    for (Index j = 0; j < d; ++j) s += double(X[i * d + j]) * X[i * d + j];
    norm[std::size_t(i)] = s;
  }
  Neighbours out;
  out.k = k;
  out.index.resize(std::size_t(n * k));
  out.distance2.resize(std::size_t(n * k));
  // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b, the dot products of a block of rows with all rows at once.
  const Index block = 64;
  const Index blocks = (n + block - 1) / block;
  const Index per_round = Index(pool.threads()) * 4;
  std::atomic<bool> stop{false};
  for (Index first = 0; first < blocks; first += per_round) {
    const Index last = std::min(blocks, first + per_round);
    pool.parallel_tasks(last - first, [&](std::int64_t t) {
      if (stop.load(std::memory_order_relaxed)) return;
      if (cancel != nullptr && cancel->cancelled()) {
        stop = true;
        return;
      }
      const Index r0 = (first + t) * block, r1 = std::min(n, r0 + block);
      std::vector<float> dot(std::size_t((r1 - r0) * n));
      tensor::cpu::sgemm_on_this_thread(false, true, r1 - r0, n, d, 1.0f, X + r0 * d, d, X, d, 0.0f,
                                        dot.data(), n);
      std::vector<std::pair<double, std::int32_t>> candidates(std::size_t(n - 1));
      for (Index i = r0; i < r1; ++i) {
        const float* row = dot.data() + (i - r0) * n;
        std::size_t c = 0;
        for (Index j = 0; j < n; ++j) {
          if (j == i) continue;
          const double d2 =
              std::max(0.0, norm[std::size_t(i)] + norm[std::size_t(j)] - 2.0 * row[j]);
          candidates[c++] = {d2, std::int32_t(j)};
        }
        // Ties broken by index, so the neighbours do not depend on the selection algorithm.
        std::nth_element(candidates.begin(), candidates.begin() + (k - 1), candidates.end());
        std::sort(candidates.begin(), candidates.begin() + k);
        for (int m = 0; m < k; ++m) {
          out.index[std::size_t(i * k + m)] = candidates[std::size_t(m)].second;
          out.distance2[std::size_t(i * k + m)] = candidates[std::size_t(m)].first;
        }
      }
    });
    throw_if_cancelled(cancel);
    if (progress != nullptr)
      progress->report({"nearest neighbours", std::uint64_t(std::min(n, last * block)),
                        std::uint64_t(n), "points"});
  }
  return out;
}

// ---- Step 2b: Gaussian bandwidths by bisection on the perplexity ----

// Fills p (k) with p_j|i for one row of squared distances (nearest first) and returns the
// perplexity reached, exp(H) with H in nats.
double conditional_row(const double* distance2, int k, double perplexity, double* p) {
  const double target = std::log(perplexity);
  const double d0 = distance2[0];  // shifts exponents so the largest term is 1
  double mean = 0;
  for (int j = 0; j < k; ++j) mean += distance2[j] - d0;
  mean /= k;
  double beta = mean > 0 ? 1.0 / mean : 1.0;  // precision 1 / (2 sigma^2)
  double lo = 0, hi = std::numeric_limits<double>::infinity();
  double entropy = 0;
  for (int iteration = 0; iteration < 200; ++iteration) {
    double sum = 0, weighted = 0;
    for (int j = 0; j < k; ++j) {
      p[j] = std::exp(-beta * (distance2[j] - d0));
      sum += p[j];
      weighted += (distance2[j] - d0) * p[j];
    }
    entropy = std::log(sum) + beta * weighted / sum;
    for (int j = 0; j < k; ++j) p[j] /= sum;
    if (std::abs(entropy - target) < 1e-6) break;
    if (entropy > target) {  // too flat: narrower
      lo = beta;
      beta = std::isinf(hi) ? beta * 2 : (beta + hi) / 2;
    } else {
      hi = beta;
      beta = (lo + beta) / 2;
    }
  }
  return std::exp(entropy);
}

// ---- Step 3: the quadtree of the map, for the repulsive forces ----

class QuadTree {
 public:
  explicit QuadTree(const std::vector<double>& Y) : y_(Y) {
    const Index n = Index(Y.size() / 2);
    order_.resize(std::size_t(n));
    for (Index i = 0; i < n; ++i) order_[std::size_t(i)] = std::int32_t(i);
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
    for (Index i = 0; i < n; ++i) {
      x0 = std::min(x0, Y[std::size_t(2 * i)]), x1 = std::max(x1, Y[std::size_t(2 * i)]);
      y0 = std::min(y0, Y[std::size_t(2 * i + 1)]), y1 = std::max(y1, Y[std::size_t(2 * i + 1)]);
    }
    const double half = std::max(x1 - x0, y1 - y0) / 2 * (1 + 1e-9) + 1e-12;
    nodes_.reserve(std::size_t(4 * n + 1));
    nodes_.resize(1);
    fill(0, (x0 + x1) / 2, (y0 + y1) / 2, half, 0, std::int32_t(n), 0);
  }

  // Sums, over every j != i, w = 1 / (1 + |y_i - y_j|^2) into z and w^2 (y_i - y_j) into force,
  // a cell standing for all its points when its width is under theta times its distance.
  void repel(std::int32_t i, double theta, double& fx, double& fy, double& z) const {
    const double xi = y_[std::size_t(2 * i)], yi = y_[std::size_t(2 * i + 1)];
    std::array<std::int32_t, 256> stack{};
    int top = 0;
    stack[std::size_t(top++)] = 0;
    while (top > 0) {
      const Node& node = nodes_[std::size_t(stack[std::size_t(--top)])];
      if (node.first_child < 0) {
        for (std::int32_t m = node.begin; m < node.end; ++m) {
          const std::int32_t j = order_[std::size_t(m)];
          if (j == i) continue;
          const double dx = xi - y_[std::size_t(2 * j)], dy = yi - y_[std::size_t(2 * j + 1)];
          const double w = 1.0 / (1.0 + dx * dx + dy * dy);
          z += w;
          fx += w * w * dx, fy += w * w * dy;
        }
        continue;
      }
      const double dx = xi - node.mx, dy = yi - node.my, d2 = dx * dx + dy * dy;
      const double width = 2 * node.half;
      if (theta > 0 && width * width < theta * theta * d2) {
        const double w = 1.0 / (1.0 + d2), count = node.end - node.begin;
        z += count * w;
        fx += count * w * w * dx, fy += count * w * w * dy;
        continue;
      }
      for (int c = 0; c < 4; ++c) {
        const std::int32_t child = node.first_child + c;
        if (nodes_[std::size_t(child)].end > nodes_[std::size_t(child)].begin)
          stack[std::size_t(top++)] = child;
      }
    }
  }

 private:
  struct Node {
    double cx = 0, cy = 0, half = 0;  // the square cell
    double mx = 0, my = 0;            // centre of mass of its points
    std::int32_t begin = 0, end = 0;
    std::int32_t first_child = -1;  // four consecutive nodes, or -1 for a leaf
  };

  // Fills node `slot` with the cell (cx, cy, half) holding order_[begin, end), then its children,
  // which take four consecutive new slots.
  void fill(std::int32_t slot, double cx, double cy, double half, std::int32_t begin,
            std::int32_t end, int depth) {
    double mx = 0, my = 0;
    for (std::int32_t m = begin; m < end; ++m) {
      mx += y_[std::size_t(2 * order_[std::size_t(m)])];
      my += y_[std::size_t(2 * order_[std::size_t(m)] + 1)];
    }
    if (end > begin) mx /= end - begin, my /= end - begin;
    nodes_[std::size_t(slot)] = {cx, cy, half, mx, my, begin, end, -1};
    // A leaf: one point, or points too close to separate (depth 60 halves a cell 2^60 times;
    // the stack of repel() holds 3 per level plus 4).
    if (end - begin <= 1 || depth >= 60) return;
    auto first = order_.begin() + begin, last = order_.begin() + end;
    auto split_y = std::partition(first, last,
                                  [&](std::int32_t j) { return y_[std::size_t(2 * j + 1)] < cy; });
    auto left = [&](std::int32_t j) { return y_[std::size_t(2 * j)] < cx; };
    auto split_lower = std::partition(first, split_y, left);
    auto split_upper = std::partition(split_y, last, left);
    const std::array<std::int32_t, 5> bounds{begin, std::int32_t(split_lower - order_.begin()),
                                             std::int32_t(split_y - order_.begin()),
                                             std::int32_t(split_upper - order_.begin()), end};
    const double h = half / 2;
    const std::array<std::array<double, 2>, 4> centres{
        {{cx - h, cy - h}, {cx + h, cy - h}, {cx - h, cy + h}, {cx + h, cy + h}}};
    const auto first_child = std::int32_t(nodes_.size());
    nodes_[std::size_t(slot)].first_child = first_child;
    nodes_.resize(nodes_.size() + 4);
    for (int c = 0; c < 4; ++c)
      fill(first_child + c, centres[std::size_t(c)][0], centres[std::size_t(c)][1], h,
           bounds[std::size_t(c)], bounds[std::size_t(c + 1)], depth + 1);
  }

  const std::vector<double>& y_;
  std::vector<std::int32_t> order_;
  std::vector<Node> nodes_;
};

double gradient(const TsneAffinities& P, const std::vector<double>& Y, double exaggeration,
                double theta, std::vector<double>& grad, ThreadPool& pool) {
  const Index n = P.n;
  grad.assign(std::size_t(2 * n), 0.0);
  std::vector<double> repulsion(std::size_t(2 * n));
  std::vector<double> z_part(static_cast<std::size_t>(n));
  const QuadTree tree(Y);
  pool.parallel_for(
      n,
      [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t i = b; i < e; ++i) {
          double fx = 0, fy = 0, z = 0;
          tree.repel(std::int32_t(i), theta, fx, fy, z);
          repulsion[std::size_t(2 * i)] = fx, repulsion[std::size_t(2 * i + 1)] = fy;
          z_part[std::size_t(i)] = z;
        }
      },
      64);
  double Z = 0;
  for (double z : z_part) Z += z;
  Z = std::max(Z, std::numeric_limits<double>::min());
  // dC/dy_i = 4 (sum_j e p_ij w_ij (y_i - y_j) - sum_j w_ij^2 (y_i - y_j) / Z), w = 1/(1+d^2).
  pool.parallel_for(
      n,
      [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t i = b; i < e; ++i) {
          const double xi = Y[std::size_t(2 * i)], yi = Y[std::size_t(2 * i + 1)];
          double ax = 0, ay = 0;
          for (std::int64_t m = P.row_start[std::size_t(i)]; m < P.row_start[std::size_t(i + 1)];
               ++m) {
            const auto j = std::size_t(P.column[std::size_t(m)]);
            const double dx = xi - Y[2 * j], dy = yi - Y[2 * j + 1];
            const double w = 1.0 / (1.0 + dx * dx + dy * dy);
            ax += P.p[std::size_t(m)] * w * dx, ay += P.p[std::size_t(m)] * w * dy;
          }
          grad[std::size_t(2 * i)] = 4 * (exaggeration * ax - repulsion[std::size_t(2 * i)] / Z);
          grad[std::size_t(2 * i + 1)] =
              4 * (exaggeration * ay - repulsion[std::size_t(2 * i + 1)] / Z);
        }
      },
      256);
  return Z;
}

TsneAffinities affinities(const float* X, Index n, Index d, double perplexity, ThreadPool& pool,
                          ProgressSink* progress, const CancelToken* cancel) {
  const int k = int(std::min<double>(double(n - 1), std::floor(3 * perplexity)));
  const Neighbours nn = nearest_neighbours_exact(X, n, d, k, pool, progress, cancel);
  std::vector<double> conditional(std::size_t(n * k));
  TsneAffinities P;
  P.n = n;
  P.row_perplexity.resize(std::size_t(n));
  pool.parallel_for(
      n,
      [&](std::int64_t b, std::int64_t e) {
        for (std::int64_t i = b; i < e; ++i)
          P.row_perplexity[std::size_t(i)] = conditional_row(
              nn.distance2.data() + i * k, k, perplexity, conditional.data() + i * k);
      },
      64);
  throw_if_cancelled(cancel);
  // P = (P_cond + P_cond^T) / 2n: every (i, j) entry also lands in row j; rows gathered by a
  // counting pass, then sorted by column and merged.
  std::vector<std::int64_t> count(std::size_t(n + 1), 0);
  for (Index i = 0; i < n; ++i)
    for (int m = 0; m < k; ++m) {
      ++count[std::size_t(i + 1)];
      ++count[std::size_t(nn.index[std::size_t(i * k + m)]) + 1];
    }
  for (Index i = 0; i < n; ++i) count[std::size_t(i + 1)] += count[std::size_t(i)];
  std::vector<std::pair<std::int32_t, double>> entries(std::size_t(count[std::size_t(n)]));
  std::vector<std::int64_t> fill(count.begin(), count.end() - 1);
  const double scale = 1.0 / (2.0 * double(n));
  for (Index i = 0; i < n; ++i)
    for (int m = 0; m < k; ++m) {
      const std::int32_t j = nn.index[std::size_t(i * k + m)];
      const double v = conditional[std::size_t(i * k + m)] * scale;
      entries[std::size_t(fill[std::size_t(i)]++)] = {j, v};
      entries[std::size_t(fill[std::size_t(j)]++)] = {std::int32_t(i), v};
    }
  P.row_start.assign(std::size_t(n + 1), 0);
  for (Index i = 0; i < n; ++i) {
    auto first = entries.begin() + count[std::size_t(i)];
    auto last = entries.begin() + count[std::size_t(i + 1)];
    std::sort(first, last);
    for (auto it = first; it != last; ++it) {
      if (!P.column.empty() && std::int64_t(P.column.size()) > P.row_start[std::size_t(i)] &&
          P.column.back() == it->first) {
        P.p.back() += it->second;
      } else {
        P.column.push_back(it->first);
        P.p.push_back(it->second);
      }
    }
    P.row_start[std::size_t(i + 1)] = std::int64_t(P.column.size());
  }
  return P;
}

void check_input(const float* X, Index n, Index d, double perplexity) {
  if (X == nullptr || n < 3 || d < 1)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine",
                                            "t-SNE needs at least 3 points of at least 1 "
                                            "dimension (got %1 x %2)"),
                          {std::to_string(n), std::to_string(d)});
  if (!(perplexity >= 1) || !(perplexity < double(n - 1)))
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine",
                                            "t-SNE perplexity must be at least 1 and "
                                            "below the number of points minus one (%1); "
                                            "got %2"),
                          {std::to_string(n - 1), std::to_string(perplexity)});
  for (Index i = 0; i < n * d; ++i)
    if (!std::isfinite(X[i]))
      throw InvalidArgument(
          QT_TRANSLATE_NOOP("Engine", "t-SNE input has a value that is not finite (row %1)"),
          {std::to_string(i / d)});
}

}  // namespace

TsneAffinities tsne_affinities(const float* X, Index n, Index d, double perplexity, int threads,
                               const CancelToken* cancel) {
  check_input(X, n, d, perplexity);
  ThreadPool pool(threads);
  return affinities(X, n, d, perplexity, pool, nullptr, cancel);
}

double tsne_gradient(const TsneAffinities& P, const std::vector<double>& Y, double exaggeration,
                     double theta, std::vector<double>& grad, int threads) {
  if (Y.size() != std::size_t(2 * P.n))
    throw std::invalid_argument("tsne_gradient: the map must have 2 coordinates per point");
  ThreadPool pool(threads);
  return gradient(P, Y, exaggeration, theta, grad, pool);
}

double tsne_kl(const TsneAffinities& P, const std::vector<double>& Y, double Z) {
  double kl = 0;
  for (Index i = 0; i < P.n; ++i)
    for (std::int64_t m = P.row_start[std::size_t(i)]; m < P.row_start[std::size_t(i + 1)]; ++m) {
      const auto j = std::size_t(P.column[std::size_t(m)]);
      const double p = P.p[std::size_t(m)];
      if (p <= 0) continue;
      const double dx = Y[std::size_t(2 * i)] - Y[2 * j],
                   dy = Y[std::size_t(2 * i + 1)] - Y[2 * j + 1];
      const double q = 1.0 / (1.0 + dx * dx + dy * dy) / Z;
      kl += p * std::log(p / std::max(q, std::numeric_limits<double>::min()));
    }
  return kl;
}

Projection tsne(const float* X, Index n, Index d, const TsneOptions& options,
                ProgressSink* progress, const CancelToken* cancel,
                const std::function<void(const TsneSnapshot&)>& on_snapshot) {
  check_input(X, n, d, options.perplexity);
  if (options.iterations < 1 || options.exaggeration_iterations < 0 || !(options.theta >= 0) ||
      !(options.exaggeration > 0) || options.learning_rate < 0)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine",
                                            "t-SNE options out of range (iterations >= 1, theta "
                                            ">= 0, exaggeration > 0, learning rate >= 0)"));
  ThreadPool pool(options.threads);

  // Step 1: principal components, also the starting map.
  if (progress != nullptr) progress->report({"PCA", 0, 1, "steps"});
  const int reduce = options.pca_dims > 0 ? int(std::min<Index>(d, options.pca_dims)) : int(d);
  const Projection reduced = pca(X, n, d, int(std::min<Index>(d, std::max(reduce, 2))));
  const float* input = X;
  Index input_dims = d;
  if (options.pca_dims > 0 && d > options.pca_dims) {
    input = reduced.coords.data();
    input_dims = reduced.dims;
  }
  throw_if_cancelled(cancel);

  // Step 2.
  const TsneAffinities P =
      affinities(input, n, input_dims, options.perplexity, pool, progress, cancel);

  // Step 4's start: the first two principal components scaled to standard deviation 1e-4 on the
  // first, plus a jitter a hundred times smaller that separates identical rows.
  std::vector<double> Y(std::size_t(2 * n), 0.0);
  double sd = 0;
  for (Index i = 0; i < n; ++i) {
    Y[std::size_t(2 * i)] = reduced.coords[std::size_t(i * reduced.dims)];
    if (reduced.dims > 1)
      Y[std::size_t(2 * i + 1)] = reduced.coords[std::size_t(i * reduced.dims + 1)];
    sd += Y[std::size_t(2 * i)] * Y[std::size_t(2 * i)];
  }
  sd = std::sqrt(sd / double(n));
  std::mt19937_64 random(options.seed);
  std::normal_distribution<double> jitter(0.0, 1e-6);
  for (double& y : Y) y = (sd > 0 ? y / sd * 1e-4 : 0.0) + jitter(random);

  const double rate = options.learning_rate > 0
                          ? options.learning_rate
                          : std::max(double(n) / options.exaggeration / 4.0, 50.0);
  std::vector<double> grad, velocity(Y.size(), 0.0), gains(Y.size(), 1.0);
  std::vector<float> coords(Y.size());
  for (int it = 0; it < options.iterations; ++it) {
    throw_if_cancelled(cancel);
    const bool early = it < options.exaggeration_iterations;
    const double Z = gradient(P, Y, early ? options.exaggeration : 1.0, options.theta, grad, pool);
    const double momentum = early ? 0.5 : 0.8;
    for (std::size_t c = 0; c < Y.size(); ++c) {
      // Gains grow while the gradient keeps pointing against the step, shrink when it turns.
      gains[c] =
          (grad[c] > 0) != (velocity[c] > 0) ? gains[c] + 0.2 : std::max(gains[c] * 0.8, 0.01);
      velocity[c] = momentum * velocity[c] - rate * gains[c] * grad[c];
      Y[c] += velocity[c];
    }
    double mx = 0, my = 0;
    for (Index i = 0; i < n; ++i) mx += Y[std::size_t(2 * i)], my += Y[std::size_t(2 * i + 1)];
    mx /= double(n), my /= double(n);
    for (Index i = 0; i < n; ++i) Y[std::size_t(2 * i)] -= mx, Y[std::size_t(2 * i + 1)] -= my;
    if (progress != nullptr && ((it + 1) % 10 == 0 || it + 1 == options.iterations))
      progress->report(
          {"t-SNE", std::uint64_t(it + 1), std::uint64_t(options.iterations), "iterations"});
    const bool last = it + 1 == options.iterations;
    if (on_snapshot &&
        ((options.snapshot_every > 0 && (it + 1) % options.snapshot_every == 0) || last)) {
      for (std::size_t c = 0; c < Y.size(); ++c) coords[c] = float(Y[c]);
      on_snapshot({it + 1, options.iterations, &coords, tsne_kl(P, Y, Z)});
    }
  }
  Projection out;
  out.points = n;
  out.dims = 2;
  out.coords.resize(Y.size());
  for (std::size_t c = 0; c < Y.size(); ++c) out.coords[c] = float(Y[c]);
  out.method = "t-SNE";
  return out;
}

}  // namespace ahenk::nn
