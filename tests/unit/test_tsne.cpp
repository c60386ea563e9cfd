// t-SNE checked against independent computations: the bisection reaches the perplexity asked for,
// P is a symmetric distribution, the Barnes-Hut gradient with theta 0 equals the dense textbook
// gradient (and stays close with theta 0.5), a dense finite difference of KL agrees with the
// gradient, separated clusters come out separated, and the result does not depend on the number of
// threads.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "ahenk/nn/tsne.h"

using namespace ahenk;
using tensor::Index;

namespace {

// `clusters` Gaussian blobs of `per` points in `d` dimensions, centres 20 apart, unit spread.
std::vector<float> blobs(int clusters, int per, int d, std::uint32_t seed,
                         std::vector<int>* label) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0, 1);
  std::vector<float> X;
  for (int c = 0; c < clusters; ++c)
    for (int i = 0; i < per; ++i) {
      for (int k = 0; k < d; ++k) X.push_back(normal(rng) + (k == c ? 20.0f : 0.0f));
      if (label != nullptr) label->push_back(c);
    }
  return X;
}

std::vector<double> random_map(Index n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal(0, 3);
  std::vector<double> Y(std::size_t(2 * n));
  for (auto& y : Y) y = normal(rng);
  return Y;
}

// The dense P and the textbook gradient 4 sum_j (e p_ij - q_ij) w_ij (y_i - y_j), written from the
// paper without the sparse rows or the tree.
std::vector<double> dense(const nn::TsneAffinities& P) {
  std::vector<double> D(std::size_t(P.n * P.n), 0.0);
  for (Index i = 0; i < P.n; ++i)
    for (auto m = P.row_start[std::size_t(i)]; m < P.row_start[std::size_t(i + 1)]; ++m)
      D[std::size_t(i * P.n + P.column[std::size_t(m)])] = P.p[std::size_t(m)];
  return D;
}

// Z = sum over i != j of the Student-t kernel 1 / (1 + |y_i - y_j|^2).
double dense_z(const std::vector<double>& Y, Index n) {
  double Z = 0;
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j)
      if (i != j) {
        const double dx = Y[std::size_t(2 * i)] - Y[std::size_t(2 * j)];
        const double dy = Y[std::size_t(2 * i + 1)] - Y[std::size_t(2 * j + 1)];
        Z += 1 / (1 + dx * dx + dy * dy);
      }
  return Z;
}

double dense_kl(const std::vector<double>& D, const std::vector<double>& Y, Index n) {
  const double Z = dense_z(Y, n);
  double kl = 0;
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) {
      const double p = D[std::size_t(i * n + j)];
      if (i == j || p <= 0) continue;
      const double dx = Y[std::size_t(2 * i)] - Y[std::size_t(2 * j)];
      const double dy = Y[std::size_t(2 * i + 1)] - Y[std::size_t(2 * j + 1)];
      kl += p * std::log(p / (1 / (1 + dx * dx + dy * dy) / Z));
    }
  return kl;
}

std::vector<double> dense_gradient(const std::vector<double>& D, const std::vector<double>& Y,
                                   Index n, double exaggeration) {
  const double Z = dense_z(Y, n);
  std::vector<double> g(std::size_t(2 * n), 0.0);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) {
      if (i == j) continue;
      const double dx = Y[std::size_t(2 * i)] - Y[std::size_t(2 * j)];
      const double dy = Y[std::size_t(2 * i + 1)] - Y[std::size_t(2 * j + 1)];
      const double w = 1 / (1 + dx * dx + dy * dy);
      const double f = 4 * (exaggeration * D[std::size_t(i * n + j)] - w / Z) * w;
      g[std::size_t(2 * i)] += f * dx;
      g[std::size_t(2 * i + 1)] += f * dy;
    }
  return g;
}

double norm(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}

}  // namespace

TEST(Tsne, BisectionReachesThePerplexityAndPIsASymmetricDistribution) {
  const auto X = blobs(3, 40, 8, 1, nullptr);
  const auto P = nn::tsne_affinities(X.data(), 120, 8, 15.0);
  ASSERT_EQ(P.n, 120);
  for (double perplexity : P.row_perplexity) EXPECT_NEAR(perplexity, 15.0, 1e-3);
  const auto D = dense(P);
  double total = 0;
  for (Index i = 0; i < 120; ++i) {
    EXPECT_EQ(D[std::size_t(i * 120 + i)], 0.0);
    for (Index j = 0; j < 120; ++j) {
      EXPECT_DOUBLE_EQ(D[std::size_t(i * 120 + j)], D[std::size_t(j * 120 + i)]);
      total += D[std::size_t(i * 120 + j)];
    }
  }
  EXPECT_NEAR(total, 1.0, 1e-12);
  // Affinities across the 20-unit gaps between blobs are negligible.
  for (Index i = 0; i < 120; ++i)
    for (Index j = 0; j < 120; ++j)
      if (i / 40 != j / 40) {
        EXPECT_LT(D[std::size_t(i * 120 + j)], 1e-20);
      }
}

TEST(Tsne, TreeGradientWithThetaZeroIsTheDenseGradient) {
  const auto X = blobs(2, 50, 5, 2, nullptr);
  const auto P = nn::tsne_affinities(X.data(), 100, 5, 10.0);
  const auto Y = random_map(100, 3);
  std::vector<double> grad;
  nn::tsne_gradient(P, Y, 4.0, 0.0, grad);
  const auto expected = dense_gradient(dense(P), Y, 100, 4.0);
  ASSERT_EQ(grad.size(), expected.size());
  for (std::size_t c = 0; c < grad.size(); ++c)
    EXPECT_NEAR(grad[c], expected[c], 1e-12 + 1e-9 * std::abs(expected[c])) << c;
}

TEST(Tsne, BarnesHutStaysCloseToTheExactGradient) {
  const auto X = blobs(4, 100, 6, 4, nullptr);
  const auto P = nn::tsne_affinities(X.data(), 400, 6, 30.0);
  const auto Y = random_map(400, 5);
  std::vector<double> exact, approx;
  const double z_exact = nn::tsne_gradient(P, Y, 1.0, 0.0, exact);
  const double z_approx = nn::tsne_gradient(P, Y, 1.0, 0.5, approx);
  EXPECT_NEAR(z_approx / z_exact, 1.0, 0.01);
  std::vector<double> difference(exact.size());
  for (std::size_t c = 0; c < exact.size(); ++c) difference[c] = approx[c] - exact[c];
  EXPECT_LT(norm(difference) / norm(exact), 0.05);
  EXPECT_GT(norm(difference), 0.0);  // the tree did approximate
}

TEST(Tsne, GradientMatchesAFiniteDifferenceOfKl) {
  const auto X = blobs(2, 15, 4, 6, nullptr);
  const auto P = nn::tsne_affinities(X.data(), 30, 4, 5.0);
  const auto D = dense(P);
  auto Y = random_map(30, 7);
  std::vector<double> grad;
  const double Z = nn::tsne_gradient(P, Y, 1.0, 0.0, grad);
  EXPECT_NEAR(nn::tsne_kl(P, Y, Z), dense_kl(D, Y, 30), 1e-10);
  for (std::size_t c : {0u, 7u, 31u, 58u}) {
    const double h = 1e-6, keep = Y[c];
    Y[c] = keep + h;
    const double up = dense_kl(D, Y, 30);
    Y[c] = keep - h;
    const double down = dense_kl(D, Y, 30);
    Y[c] = keep;
    EXPECT_NEAR(grad[c], (up - down) / (2 * h), 1e-6) << c;
  }
}

TEST(Tsne, SeparatedClustersStaySeparatedAndKlFalls) {
  std::vector<int> label;
  const auto X = blobs(3, 60, 10, 8, &label);
  nn::TsneOptions options;
  options.perplexity = 15;
  options.iterations = 400;
  options.snapshot_every = 50;
  std::vector<double> kl;
  const auto map =
      nn::tsne(X.data(), 180, 10, options, nullptr, nullptr, [&](const nn::TsneSnapshot& s) {
        EXPECT_EQ(s.coords->size(), 360u);
        kl.push_back(s.kl);
      });
  ASSERT_EQ(map.points, 180);
  ASSERT_EQ(map.dims, 2);
  EXPECT_EQ(map.method, "t-SNE");
  ASSERT_EQ(kl.size(), 8u);
  EXPECT_LT(kl.back(), kl[4]);  // after the early exaggeration ends (iteration 250)
  EXPECT_LT(kl.back(), 1.5);
  // Each point's nearest neighbour on the map is from its own blob.
  int agree = 0;
  for (Index i = 0; i < 180; ++i) {
    double best = 1e300;
    Index nearest = -1;
    for (Index j = 0; j < 180; ++j) {
      if (j == i) continue;
      const double dx = map.coords[std::size_t(2 * i)] - map.coords[std::size_t(2 * j)];
      const double dy = map.coords[std::size_t(2 * i + 1)] - map.coords[std::size_t(2 * j + 1)];
      if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, nearest = j;
    }
    agree += label[std::size_t(i)] == label[std::size_t(nearest)];
  }
  EXPECT_EQ(agree, 180);
}

TEST(Tsne, TheMapDoesNotDependOnTheNumberOfThreads) {
  const auto X = blobs(3, 30, 6, 9, nullptr);
  nn::TsneOptions options;
  options.perplexity = 10;
  options.iterations = 120;
  options.threads = 1;
  const auto one = nn::tsne(X.data(), 90, 6, options);
  options.threads = 2;
  const auto two = nn::tsne(X.data(), 90, 6, options);
  EXPECT_EQ(one.coords, two.coords);
}

TEST(Tsne, IdenticalRowsAndWideInputGiveAFiniteMap) {
  // 40 copies of one row among 60 others, and more dimensions than pca_dims keeps.
  auto X = blobs(2, 30, 64, 10, nullptr);
  for (int i = 0; i < 40; ++i) X.insert(X.end(), X.begin(), X.begin() + 64);
  nn::TsneOptions options;
  options.perplexity = 10;
  options.iterations = 100;
  options.pca_dims = 20;
  const auto map = nn::tsne(X.data(), 100, 64, options);
  for (float c : map.coords) ASSERT_TRUE(std::isfinite(c));
}

TEST(Tsne, BadInputIsRefusedAndCancellationStops) {
  const auto X = blobs(2, 10, 3, 11, nullptr);
  EXPECT_THROW(nn::tsne(X.data(), 2, 3), std::invalid_argument);
  nn::TsneOptions options;
  options.perplexity = 19;  // 20 points: at most 18.x
  EXPECT_THROW(nn::tsne(X.data(), 20, 3, options), std::invalid_argument);
  auto bad = X;
  bad[17] = std::nanf("");
  options.perplexity = 5;
  EXPECT_THROW(nn::tsne(bad.data(), 20, 3, options), std::invalid_argument);
  CancelToken cancel;
  int snapshots = 0;
  options.snapshot_every = 5;
  EXPECT_THROW(nn::tsne(X.data(), 20, 3, options, nullptr, &cancel,
                        [&](const nn::TsneSnapshot&) {
                          if (++snapshots == 2) cancel.cancel();
                        }),
               Cancelled);
  EXPECT_EQ(snapshots, 2);
}
