// What the Inspect views draw, checked against independent computations: PCA against the
// eigen-equation and a known covariance, the attention grid against the single-head probe and
// against RoPE's rotated dot products, RoPE's relative-position property, and the spike raster
// against the LIF rule.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ahenk/nn/inspect.h"
#include "ahenk/nn/transformer.h"
#include "ahenk/tensor/backend.h"

using namespace ahenk;
using tensor::Index;

namespace {

nlohmann::json tiny_transformer() {
  return {{"arch", "transformer"}, {"vocab_size", 50}, {"d_model", 32},
          {"n_layers", 2},         {"n_heads", 4},     {"ctx", 32}};
}

std::vector<std::int32_t> tokens_of(Index n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::int32_t> t(static_cast<std::size_t>(n));
  for (auto& x : t) x = std::int32_t(rng() % 50u);
  return t;
}

TEST(Inspect, PcaFindsTheAxesOfAKnownCloud) {
  // Points spread 3:2:0.5 along three orthogonal directions of R^4 (not the coordinate axes).
  const Index n = 4000, d = 4;
  const double s = 1 / std::sqrt(2.0);
  const double axes[3][4] = {{s, s, 0, 0}, {0, 0, s, -s}, {s, -s, 0, 0}};
  const double sd[3] = {3, 2, 0.5};
  std::mt19937 rng(7);
  std::normal_distribution<double> g(0, 1);
  std::vector<float> X(static_cast<std::size_t>(n * d));
  for (Index i = 0; i < n; ++i) {
    double z[3] = {g(rng) * sd[0], g(rng) * sd[1], g(rng) * sd[2]};
    for (Index j = 0; j < d; ++j)
      X[std::size_t(i * d + j)] =
          float(5.0 + z[0] * axes[0][j] + z[1] * axes[1][j] + z[2] * axes[2][j]);
  }
  const auto p = nn::pca(X.data(), n, d, 3);
  ASSERT_EQ(p.coords.size(), std::size_t(n * 3));
  // Variance shares close to 9 : 4 : 0.25 of 13.25.
  EXPECT_NEAR(p.variance_ratio[0], 9 / 13.25, 0.03);
  EXPECT_NEAR(p.variance_ratio[1], 4 / 13.25, 0.03);
  EXPECT_NEAR(p.variance_ratio[2], 0.25 / 13.25, 0.01);
  // Each projected coordinate is uncorrelated with the others and centred.
  for (int a = 0; a < 3; ++a) {
    double mean = 0;
    for (Index i = 0; i < n; ++i) mean += p.coords[std::size_t(i * 3 + a)];
    EXPECT_NEAR(mean / double(n), 0, 1e-3);
    for (int b = a + 1; b < 3; ++b) {
      double cov = 0;
      for (Index i = 0; i < n; ++i)
        cov += double(p.coords[std::size_t(i * 3 + a)]) * p.coords[std::size_t(i * 3 + b)];
      EXPECT_NEAR(cov / double(n), 0, 1e-3) << a << "," << b;
    }
  }
  // The 8 corners of a box with half-sides 3, 2, 0.5 along the same axes, centred at 5: an exact
  // covariance, so the coordinates are the corners' own +-3, +-2, +-0.5 (signs by the sign rule).
  std::vector<float> box;
  for (int corner = 0; corner < 8; ++corner) {
    const double z[3] = {corner & 1 ? 3.0 : -3.0, corner & 2 ? 2.0 : -2.0, corner & 4 ? 0.5 : -0.5};
    for (Index j = 0; j < d; ++j)
      box.push_back(float(5.0 + z[0] * axes[0][j] + z[1] * axes[1][j] + z[2] * axes[2][j]));
  }
  const auto b = nn::pca(box.data(), 8, d, 3);
  for (int corner = 0; corner < 8; ++corner) {
    EXPECT_NEAR(std::abs(b.coords[std::size_t(corner * 3 + 0)]), 3.0, 1e-5);
    EXPECT_NEAR(std::abs(b.coords[std::size_t(corner * 3 + 1)]), 2.0, 1e-5);
    EXPECT_NEAR(std::abs(b.coords[std::size_t(corner * 3 + 2)]), 0.5, 1e-5);
  }
  // The sign rule: axes[1]'s largest loading is its first nonzero one, +s at column 2, so the
  // corner with z1 = +2 (corner 2) has second coordinate +2.
  EXPECT_NEAR(b.coords[2 * 3 + 1], 2.0, 1e-5);
  EXPECT_THROW(nn::pca(X.data(), 1, d, 1), std::invalid_argument);
  EXPECT_THROW(nn::pca(X.data(), n, d, 5), std::invalid_argument);
}

TEST(Inspect, NearestNeighboursByCosine) {
  std::vector<float> rows = {1, 0, 0.9f, 0.1f, -1, 0, 0, 1, 2, 0.05f};
  auto X = tensor::Tensor::borrow(rows.data(), {5, 2});
  const auto nn5 = nn::nearest_neighbours(X, 0, 3);
  ASSERT_EQ(nn5.size(), 3u);
  EXPECT_EQ(nn5[0].first, 4);  // (2, 0.05): almost the same direction
  EXPECT_EQ(nn5[1].first, 1);
  EXPECT_EQ(nn5[2].first, 3);
  EXPECT_NEAR(nn5[2].second, 0.0f, 1e-6);
  EXPECT_THROW(nn::nearest_neighbours(X, 5, 1), std::invalid_argument);
}

TEST(Inspect, AttentionGridEqualsTheSingleHeadProbeAndIsADistribution) {
  auto model = nn::make_model(tiny_transformer(), 3);
  const auto tokens = tokens_of(20, 1);
  const auto grid = nn::capture_attention(*model, tokens);
  ASSERT_EQ(grid.layers, 2);
  ASSERT_EQ(grid.heads, 4);
  ASSERT_EQ(grid.T, 20);
  for (Index l = 0; l < grid.layers; ++l)
    for (Index h = 0; h < grid.heads; ++h) {
      nn::Probes one;
      one.attention_layer = int(l);
      one.attention_head = int(h);
      tensor::Tape tape(tensor::cpu_backend());
      tape.set_grad_enabled(false);
      std::vector<std::int32_t> targets(tokens.size(), -1);
      model->forward_backward(tape, tokens.data(), targets.data(), 1, 20, 1.0f, &one);
      const float* map = grid.map(l, h);
      double entropy = 0;
      for (Index i = 0; i < 20; ++i) {
        double row = 0, row_entropy = 0;
        for (Index j = 0; j < 20; ++j) {
          const float p = map[i * 20 + j];
          EXPECT_EQ(p, one.attention[std::size_t(i * 20 + j)]);
          if (j > i) {
            EXPECT_EQ(p, 0.0f);
          }
          row += p;
          if (p > 0) row_entropy -= p * std::log(double(p));
        }
        EXPECT_NEAR(row, 1.0, 1e-5);
        entropy += row_entropy / 20;
      }
      EXPECT_NEAR(grid.entropy[std::size_t(l * 4 + h)], entropy, 1e-6);
      EXPECT_NEAR(one.attention_entropy[std::size_t(h)], entropy, 1e-6);
    }
  auto mamba = nn::make_model({{"arch", "mamba"}, {"vocab_size", 50}, {"d_model", 16}}, 1);
  EXPECT_THROW(nn::capture_attention(*mamba, tokens), std::invalid_argument);
}

TEST(Inspect, RopeDotProductsDependOnlyOnTheDistance) {
  auto model = nn::make_model(tiny_transformer(), 4);
  const auto tokens = tokens_of(12, 2);
  const auto demo = nn::rope_demo(*model, tokens, {.layer = 1, .head = 2, .band = 1});
  ASSERT_EQ(demo.head_dim, 8);
  ASSERT_EQ(demo.wavelengths.size(), 4u);
  EXPECT_NEAR(demo.wavelengths[0], 2 * M_PI, 1e-9);  // band 0 turns by 1 radian per position
  EXPECT_GT(demo.wavelengths[3], demo.wavelengths[2]);
  // Same distance, same dot product; distance 0 gives the unrotated one.
  std::vector<double> first(64, NAN);
  for (std::size_t i = 0; i < demo.distance.size(); ++i) {
    double& f = first[std::size_t(demo.distance[i])];
    if (std::isnan(f)) f = demo.rotated_dot[i];
    EXPECT_NEAR(demo.rotated_dot[i], f, 1e-9 * (1 + std::abs(f)));
  }
  EXPECT_NEAR(first[0], demo.unrotated_dot, 1e-9 * (1 + std::abs(demo.unrotated_dot)));
  EXPECT_GT(std::abs(first[5] - first[0]), 1e-6);  // rotation does change it with distance
  // The circles keep the pair's length.
  ASSERT_EQ(demo.q_circle.size(), 128u);
  const double r0 = std::hypot(demo.q_circle[0], demo.q_circle[1]);
  for (std::size_t m = 0; m < 64; ++m)
    EXPECT_NEAR(std::hypot(demo.q_circle[2 * m], demo.q_circle[2 * m + 1]), r0, 1e-5);
  // The prompt's rotated dot products are the attention scores: log p_mn - log p_m0 equals
  // (s_mn - s_m0) / sqrt(head_dim).
  const auto grid = nn::capture_attention(*model, tokens);
  const float* map = grid.map(1, 2);
  std::size_t at = 0;
  for (Index m = 0; m < 12; ++m) {
    const double s0 = demo.prompt_rotated[at];
    for (Index n = 0; n <= m; ++n, ++at) {
      const double expect = (demo.prompt_rotated[at] - s0) / std::sqrt(8.0);
      EXPECT_NEAR(std::log(map[m * 12 + n]) - std::log(map[m * 12]), expect, 1e-4);
    }
  }
  EXPECT_THROW(nn::rope_demo(*model, tokens, {.band = 4}), std::invalid_argument);
  EXPECT_THROW(nn::rope_demo(*model, tokens, {.layer = 2}), std::invalid_argument);
  EXPECT_THROW(nn::rope_demo(*model, tokens, {.key = 12}), std::invalid_argument);
}

TEST(Inspect, SpikeRasterFollowsTheLifRule) {
  nlohmann::json spec = {{"arch", "spiking"}, {"vocab_size", 50}, {"d_model", 16},
                         {"n_layers", 2},     {"n_heads", 2},     {"ctx", 24}};
  auto model = nn::make_model(spec, 5);
  const auto tokens = tokens_of(10, 3);
  const auto r = nn::capture_spikes(*model, tokens, {.layer = 1, .neurons = 20});
  ASSERT_EQ(r.T, 10);
  ASSERT_EQ(r.neurons, 20);
  ASSERT_EQ(r.spikes.size(), std::size_t(10 * r.steps * 20));
  ASSERT_EQ(r.firing_rate.size(), 2u);
  double most = 0;
  std::size_t at_most = 0;
  for (std::size_t i = 0; i < r.spikes.size(); ++i) {
    EXPECT_EQ(r.spikes[i], r.membrane[i] > r.threshold ? 1.0f : 0.0f);
    if (r.surrogate[i] > most) most = r.surrogate[i], at_most = i;
  }
  // The surrogate gradient peaks where the potential is closest to the threshold.
  double closest = 1e9;
  for (float v : r.membrane) closest = std::min(closest, double(std::abs(v - r.threshold)));
  EXPECT_NEAR(std::abs(r.membrane[at_most] - r.threshold), closest, 1e-6);
  EXPECT_GT(r.dense_mlp_flops_per_token, 0);
  auto plain = nn::make_model(tiny_transformer(), 1);
  EXPECT_THROW(nn::capture_spikes(*plain, tokens, {}), std::invalid_argument);
  EXPECT_THROW(nn::capture_spikes(*model, tokens, {.layer = 2}), std::invalid_argument);
}

TEST(Inspect, ScanOfOneChannelIsTheModelsOwnState) {
  nlohmann::json spec = {{"arch", "mamba"}, {"vocab_size", 50}, {"d_model", 16},
                         {"n_layers", 2},   {"d_state", 4},     {"ctx", 40}};
  auto model = nn::make_model(spec, 2);
  const auto tokens = tokens_of(30, 4);
  const auto trace =
      nn::capture_scan(*model, tokens, {.layer = 1, .channel = 5, .state = 2, .length = 13});
  ASSERT_EQ(trace.a.size(), 13u);
  EXPECT_LT(trace.max_difference, 1e-9);
  EXPECT_FALSE(trace.rounds.empty());
  for (double a : trace.a) {
    EXPECT_GT(a, 0.0);  // exp(dt A) with A < 0: a decay in (0, 1)
    EXPECT_LT(a, 1.0);
  }
  // The Mamba layer's own state of channel 5, state 2 over the same 13 tokens.
  nn::Probes probes;
  probes.state_layer = 1;
  probes.state_channel = 5;
  tensor::Tape tape(tensor::cpu_backend());
  tape.set_grad_enabled(false);
  std::vector<std::int32_t> head(tokens.begin(), tokens.begin() + 13), targets(13, -1);
  model->forward_backward(tape, head.data(), targets.data(), 1, 13, 1.0f, &probes);
  for (std::size_t t = 0; t < 13; ++t)
    EXPECT_NEAR(trace.sequential[t], probes.state_trace[t * 4 + 2],
                1e-5 * (1 + std::abs(trace.sequential[t])));
  EXPECT_THROW(nn::capture_scan(*model, tokens, {.state = 4}), std::invalid_argument);
  auto plain = nn::make_model(tiny_transformer(), 1);
  EXPECT_THROW(nn::capture_scan(*plain, tokens, {}), std::invalid_argument);
}

}  // namespace
