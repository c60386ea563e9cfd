// The sequence kernels (Mamba's scan and conv, LIF neurons): the fast CPU kernels, with both scan
// strategies, against the scalar reference; the three ways of running the scan (sequential,
// chunk-parallel, one recurrent step at a time) agree; the Blelloch scan against a loop.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "ahenk/tensor/backend.h"
#include "ahenk/tensor/scan.h"
#include "ahenk/tensor/sequence_ops.h"
#include "expect_close.h"
#include "random_values.h"

using namespace ahenk::tensor;
using Vec = std::vector<float>;
using ahenk::test::expect_close;

namespace {

Vec random_vec(Index n, std::mt19937& rng, float scale = 1.0f) {
  return ahenk::test::normal_values<float>(n, rng, scale);
}

// The scan's exps and sums run in another order than the reference's.
constexpr float kAtol = 5e-5f, kRtol = 5e-4f;

// A scan problem with strided B/C (one matrix, like Mamba's x_proj output) and z (like in_proj's).
struct ScanProblem {
  Index B, T, Di, S, W;
  Vec u, delta, dt_bias, A_log, bc, D, xz, dout;
  ScanProblem(Index B_, Index T_, Index Di_, Index S_, std::mt19937& rng)
      : B(B_), T(T_), Di(Di_), S(S_), W(3 + 2 * S_) {
    const Index N = B * T;
    u = random_vec(N * Di, rng);
    delta = random_vec(N * Di, rng, 0.5f);
    dt_bias = random_vec(Di, rng, 0.5f);
    A_log.resize(static_cast<std::size_t>(Di * S));
    for (Index d = 0; d < Di; ++d)
      for (Index s = 0; s < S; ++s) A_log[d * S + s] = std::log(float(s + 1)) + 0.1f * float(d % 3);
    bc = random_vec(N * W, rng);
    D = random_vec(Di, rng);
    xz = random_vec(N * 2 * Di, rng);
    dout = random_vec(N * Di, rng);
  }
  ScanArgs args(bool gate) const {
    return make_scan_args(B, T, Di, S, u.data(), delta.data(), dt_bias.data(), A_log.data(),
                          D.data(), bc.data() + 3, W, gate ? xz.data() + Di : nullptr, 2 * Di);
  }
};

struct ScanResult {
  Vec out, du, ddelta, ddt_bias, dA_log, dbc, dD, dxz;
};

ScanResult run_scan(Backend& be, const ScanProblem& p, bool gate) {
  ScanArgs a = p.args(gate);
  ScanResult r;
  const Index N = p.B * p.T;
  r.out.assign(N * p.Di, 0.0f);
  Vec chunks(static_cast<std::size_t>(Backend::scan_chunk_states_size(a)));
  be.selective_scan_forward(a, r.out.data(), chunks.data());
  r.du.assign(N * p.Di, 0.0f);
  r.ddelta.assign(N * p.Di, 0.0f);
  r.ddt_bias.assign(p.Di, 0.0f);
  r.dA_log.assign(p.Di * p.S, 0.0f);
  r.dbc.assign(N * p.W, 0.0f);
  r.dD.assign(p.Di, 0.0f);
  r.dxz.assign(N * 2 * p.Di, 0.0f);
  ScanGrads g;
  g.du = r.du.data();
  g.ddelta = r.ddelta.data();
  g.ddt_bias = r.ddt_bias.data();
  g.dA_log = r.dA_log.data();
  g.dB = r.dbc.data() + 3;
  g.dC = r.dbc.data() + 3 + p.S;
  g.dD = r.dD.data();
  g.dz = r.dxz.data() + p.Di;
  be.selective_scan_backward(a, g, p.dout.data(), chunks.data());
  return r;
}

void expect_same_scan(const ScanResult& a, const ScanResult& b, float rtol = kRtol) {
  expect_close(a.out, b.out, "out", kAtol, rtol);
  expect_close(a.du, b.du, "du", kAtol, rtol);
  expect_close(a.ddelta, b.ddelta, "ddelta", kAtol, rtol);
  expect_close(a.ddt_bias, b.ddt_bias, "ddt_bias", 2e-4f, rtol);
  expect_close(a.dA_log, b.dA_log, "dA_log", 2e-4f, rtol);
  expect_close(a.dbc, b.dbc, "dB/dC", 2e-4f, rtol);
  expect_close(a.dD, b.dD, "dD", 2e-4f, rtol);
  expect_close(a.dxz, b.dxz, "dz", kAtol, rtol);
}

class StrategyGuard {
 public:
  explicit StrategyGuard(ScanStrategy s) : saved_(scan_strategy()) { set_scan_strategy(s); }
  ~StrategyGuard() { set_scan_strategy(saved_); }

 private:
  ScanStrategy saved_;
};

}  // namespace

TEST(SequenceKernels, ScanBothStrategiesMatchTheSequentialReference) {
  std::mt19937 rng(7);
  // Odd sizes; T across several chunks of 64 with a ragged last one; one batch row and several.
  for (auto [B, T, Di, S] :
       {std::array<Index, 4>{1, 150, 13, 4}, {3, 70, 8, 16}, {2, 5, 3, 2}, {1, 64, 16, 16}}) {
    ScanProblem p(B, T, Di, S, rng);
    for (bool gate : {true, false}) {
      ScanResult want = run_scan(reference_backend(), p, gate);
      for (ScanStrategy st : {ScanStrategy::rows, ScanStrategy::chunks}) {
        StrategyGuard guard(st);
        SCOPED_TRACE("B " + std::to_string(B) + " T " + std::to_string(T) + " strategy " +
                     std::to_string(int(st)) + (gate ? " gated" : ""));
        expect_same_scan(run_scan(cpu_backend(), p, gate), want);
      }
    }
  }
}

TEST(SequenceKernels, RecurrentStepsEqualTheWholeScan) {
  // Generation runs the scan one token at a time through ScanArgs::state; the states it carries
  // must reproduce the whole-sequence outputs, on both backends and both strategies.
  std::mt19937 rng(8);
  ScanProblem p(2, 140, 6, 5, rng);
  ScanArgs whole = p.args(true);
  Vec want(static_cast<std::size_t>(p.B * p.T * p.Di));
  reference::selective_scan_forward(whole, want.data());
  for (Backend* be : {&reference_backend(), &cpu_backend()})
    for (ScanStrategy st : {ScanStrategy::rows, ScanStrategy::chunks}) {
      StrategyGuard guard(st);
      Vec got(want.size()), split(want.size()), state(static_cast<std::size_t>(p.Di * p.S));
      // Scans `len` steps of batch row b from t0, carrying `state`, into out.
      auto scan_rows = [&](Vec& out, Index b, Index t0, Index len) {
        ScanArgs part = whole;
        const Index row = b * p.T + t0;
        part.B = 1;
        part.T = len;
        part.u += row * part.u_stride;
        part.delta += row * part.delta_stride;
        part.Bm += row * part.bc_stride;
        part.Cm += row * part.bc_stride;
        part.z += row * part.z_stride;
        part.state = state.data();
        be->selective_scan_forward(part, out.data() + row * p.Di, nullptr);
      };
      for (Index b = 0; b < p.B; ++b) {
        std::fill(state.begin(), state.end(), 0.0f);
        for (Index t = 0; t < p.T; ++t) scan_rows(got, b, t, 1);
      }
      expect_close(got, want, "step by step", kAtol, kRtol);
      // And a prefix then the rest from the carried state (the chunked path with an initial state).
      const Index cut = 77;
      for (Index b = 0; b < p.B; ++b) {
        std::fill(state.begin(), state.end(), 0.0f);
        scan_rows(split, b, 0, cut);
        scan_rows(split, b, cut, p.T - cut);
      }
      expect_close(split, want, "prefix then rest", kAtol, kRtol);
    }
}

TEST(SequenceKernels, BlellochScanEqualsTheSequentialLoop) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> a_dist(0.5, 1.0), b_dist(-1.0, 1.0);
  for (std::size_t n : {1u, 2u, 5u, 8u, 13u, 64u}) {
    std::vector<double> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = a_dist(rng);
      b[i] = b_dist(rng);
    }
    ScanTrace trace = trace_linear_scan(a, b);
    ASSERT_EQ(trace.parallel.size(), n);
    EXPECT_LT(trace.max_difference, 1e-12) << n;
    double h = 0;
    for (std::size_t i = 0; i < n; ++i) {
      h = a[i] * h + b[i];
      EXPECT_NEAR(trace.parallel[i], h, 1e-12);
    }
    // log2(padded n) rounds each way; the last up-sweep round combines the two halves.
    std::size_t levels = 0;
    while ((std::size_t{1} << levels) < n) ++levels;
    ASSERT_EQ(trace.rounds.size(), 2 * levels);
    if (levels > 0) {
      EXPECT_EQ(trace.rounds.front().phase, "up-sweep");
      EXPECT_EQ(trace.rounds.back().phase, "down-sweep");
      EXPECT_EQ(trace.rounds[levels - 1].pairs.size(), 1u);
    }
  }
  EXPECT_THROW(trace_linear_scan({1.0}, {}), std::invalid_argument);
}

TEST(SequenceKernels, CausalConvMatchesReference) {
  std::mt19937 rng(9);
  for (auto [B, T, Di, K] :
       {std::array<Index, 4>{2, 9, 7, 4}, {1, 3, 5, 4}, {3, 33, 16, 2}, {1, 1, 3, 3}}) {
    const Index W = 2 * Di + 1, N = B * T;
    Vec x = random_vec(N * W, rng), w = random_vec(Di * K, rng), bias = random_vec(Di, rng),
        dout = random_vec(N * Di, rng);
    Vec results[2][4];
    int i = 0;
    for (Backend* be : {&reference_backend(), &cpu_backend()}) {
      Vec out(N * Di), dx(N * W, 0.0f), dw(Di * K, 0.0f), db(Di, 0.0f);
      be->causal_conv1d_silu_forward(out.data(), x.data() + 1, W, w.data(), bias.data(), B, T, Di,
                                     K);
      be->causal_conv1d_silu_backward(dx.data() + 1, dw.data(), db.data(), dout.data(),
                                      x.data() + 1, W, w.data(), bias.data(), B, T, Di, K);
      results[i][0] = out;
      results[i][1] = dx;
      results[i][2] = dw;
      results[i][3] = db;
      ++i;
    }
    const char* names[] = {"out", "dx", "dw", "dbias"};
    for (int k = 0; k < 4; ++k) expect_close(results[1][k], results[0][k], names[k], kAtol, kRtol);
    // Causality: a change at position t leaves earlier outputs alone.
    Vec out1(N * Di), out2(N * Di);
    cpu_backend().causal_conv1d_silu_forward(out1.data(), x.data(), W, w.data(), bias.data(), B, T,
                                             Di, K);
    x[(T - 1) * W + 0] += 1.0f;
    cpu_backend().causal_conv1d_silu_forward(out2.data(), x.data(), W, w.data(), bias.data(), B, T,
                                             Di, K);
    for (Index t = 0; t + 1 < T; ++t) EXPECT_EQ(out1[t * Di], out2[t * Di]) << t;
  }
}

TEST(SequenceKernels, LifMatchesReferenceForEveryVariant) {
  std::mt19937 rng(10);
  const Index N = 37, F = 29;
  Vec current = random_vec(N * F, rng, 1.5f), drate = random_vec(N * F, rng);
  Vec beta(F);
  for (Index f = 0; f < F; ++f) beta[f] = 0.5f + 0.6f * float(f) / float(F);  // some clamp at 1
  for (auto reset : {LifReset::subtract, LifReset::zero})
    for (auto sur : {Surrogate::fast_sigmoid, Surrogate::atan})
      for (auto enc : {SpikeEncoding::current, SpikeEncoding::rate, SpikeEncoding::latency}) {
        LifArgs a;
        a.steps = 5;
        a.reset = reset;
        a.surrogate = sur;
        a.encoding = enc;
        a.slope = 5.0f;
        a.seed = 42;
        Vec rate[2], dcur[2], dbeta[2];
        int i = 0;
        for (Backend* be : {&reference_backend(), &cpu_backend()}) {
          rate[i].assign(N * F, 0.0f);
          dcur[i].assign(N * F, 0.0f);
          dbeta[i].assign(F, 0.0f);
          be->lif_forward(rate[i].data(), current.data(), beta.data(), N, F, a);
          be->lif_backward(dcur[i].data(), dbeta[i].data(), drate.data(), current.data(),
                           beta.data(), N, F, a);
          ++i;
        }
        SCOPED_TRACE("reset " + std::to_string(int(reset)) + " surrogate " +
                     std::to_string(int(sur)) + " encoding " + std::to_string(int(enc)));
        expect_close(rate[1], rate[0], "rate", 0, 0);  // spikes are exact
        expect_close(dcur[1], dcur[0], "dcurrent", kAtol, kRtol);
        expect_close(dbeta[1], dbeta[0], "dbeta", 2e-4f, kRtol);
        for (float r : rate[0]) EXPECT_TRUE(r >= 0 && r <= 1);
        // Neurons whose beta is clamped at 1 get no beta gradient.
        EXPECT_EQ(dbeta[0][F - 1], 0.0f);
      }
}

TEST(SequenceKernels, LifEncodingsBehaveAsDocumented) {
  LifArgs a;
  a.steps = 8;
  a.threshold = 0.5f;
  // Latency: exactly one input spike, earlier for a stronger current.
  a.encoding = SpikeEncoding::latency;
  auto first_spike = [&](float current) {
    for (Index t = 0; t < a.steps; ++t)
      if (reference::lif_input(a, current, 0, t) > 0) return t;
    return Index{-1};
  };
  EXPECT_LT(first_spike(4.0f), first_spike(-4.0f));
  EXPECT_EQ(first_spike(20.0f), 0);
  EXPECT_EQ(first_spike(-20.0f), a.steps - 1);
  // Rate: the input spike frequency follows sigmoid(current), and is reproducible.
  a.encoding = SpikeEncoding::rate;
  a.seed = 5;
  double count = 0;
  const Index neurons = 4000;
  for (Index n = 0; n < neurons; ++n)
    for (Index t = 0; t < a.steps; ++t) count += reference::lif_input(a, 1.0f, n, t);
  double expected = 1.0 / (1.0 + std::exp(-1.0));
  EXPECT_NEAR(count / double(neurons * a.steps), expected, 0.01);
  EXPECT_EQ(reference::lif_input(a, 0.3f, 17, 3), reference::lif_input(a, 0.3f, 17, 3));
}
