// Finite-difference gradient checks, in double precision, of every op's backward (the reference
// kernels, which the fast kernels are tested against in tests/unit/test_kernels.cpp).
// For an op y = f(x) we check the backward against L = sum(r * f(x)) for a random r:
// dL/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / 2h with h = 1e-6.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "ahenk/tensor/reference.h"
#include "ahenk/tensor/sequence_ops.h"
#include "random_values.h"

namespace ref = ahenk::tensor::reference;
using Index = std::int64_t;
using Vec = std::vector<double>;

namespace {

Vec random_vec(Index n, std::mt19937_64& rng, double scale = 1.0) {
  return ahenk::test::normal_values<double>(n, rng, scale);
}

double dot(const Vec& a, const Vec& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// Checks analytic[i] against the central difference of loss() in input[i], for every i.
void expect_gradient(const char* what, Vec& input, const Vec& analytic,
                     const std::function<double()>& loss) {
  ASSERT_EQ(input.size(), analytic.size());
  const double h = 1e-6;
  for (std::size_t i = 0; i < input.size(); ++i) {
    double saved = input[i];
    input[i] = saved + h;
    double up = loss();
    input[i] = saved - h;
    double down = loss();
    input[i] = saved;
    double numeric = (up - down) / (2 * h);
    EXPECT_NEAR(analytic[i], numeric, 1e-6 + 1e-5 * std::abs(numeric)) << what << " element " << i;
  }
}

}  // namespace

TEST(Gradcheck, Gemm) {
  std::mt19937_64 rng(1);
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      Index M = 3, N = 5, K = 4;
      Vec A = random_vec(M * K, rng), B = random_vec(K * N, rng), r = random_vec(M * N, rng);
      Index lda = ta ? M : K, ldb = tb ? K : N;
      auto loss = [&] {
        Vec C(M * N);
        ref::gemm(ta, tb, M, N, K, 1.0, A.data(), lda, B.data(), ldb, 0.0, C.data(), N);
        return dot(C, r);
      };
      // dA = r op(B)^T (in A's layout), dB = op(A)^T r (in B's layout)
      Vec dA(M * K), dB(K * N);
      for (Index m = 0; m < M; ++m)
        for (Index k = 0; k < K; ++k)
          for (Index n = 0; n < N; ++n) {
            double b = tb ? B[n * ldb + k] : B[k * ldb + n];
            double a = ta ? A[k * lda + m] : A[m * lda + k];
            (ta ? dA[k * lda + m] : dA[m * lda + k]) += r[m * N + n] * b;
            (tb ? dB[n * ldb + k] : dB[k * ldb + n]) += r[m * N + n] * a;
          }
      expect_gradient("A", A, dA, loss);
      expect_gradient("B", B, dB, loss);
    }
}

TEST(Gradcheck, Embedding) {
  std::mt19937_64 rng(2);
  Index V = 5, C = 3, N = 7;
  std::vector<std::int32_t> ids = {0, 4, 4, 2, 1, 4, 0};  // repeats accumulate
  Vec table = random_vec(V * C, rng), r = random_vec(N * C, rng), dtable(V * C);
  ref::embedding_backward(dtable.data(), ids.data(), r.data(), N, C);
  expect_gradient("table", table, dtable, [&] {
    Vec out(N * C);
    ref::embedding_forward(out.data(), ids.data(), table.data(), N, C);
    return dot(out, r);
  });
}

TEST(Gradcheck, RmsNorm) {
  std::mt19937_64 rng(3);
  Index N = 4, C = 7;
  Vec x = random_vec(N * C, rng), w = random_vec(C, rng), r = random_vec(N * C, rng);
  auto loss = [&] {
    Vec out(N * C), rstd(N);
    ref::rmsnorm_forward(out.data(), rstd.data(), x.data(), w.data(), N, C, 1e-5);
    return dot(out, r);
  };
  Vec out(N * C), rstd(N), dx(N * C), dw(C);
  ref::rmsnorm_forward(out.data(), rstd.data(), x.data(), w.data(), N, C, 1e-5);
  ref::rmsnorm_backward(dx.data(), dw.data(), r.data(), x.data(), w.data(), rstd.data(), N, C);
  expect_gradient("x", x, dx, loss);
  expect_gradient("weight", w, dw, loss);
}

TEST(Gradcheck, Rope) {
  std::mt19937_64 rng(4);
  Index B = 2, T = 5, H = 2, D = 6, stride = 15;  // a strided view inside wider rows
  Vec x = random_vec(B * T * stride, rng), r = random_vec(B * T * H * D, rng);
  for (Index offset : {0, 3}) {
    auto loss = [&] {
      Vec out(B * T * H * D);
      ref::rope_forward(out.data(), x.data(), B, T, H, D, stride, H * D, 500.0, offset);
      return dot(out, r);
    };
    Vec dx(x.size());
    ref::rope_backward(dx.data(), r.data(), B, T, H, D, stride, H * D, 500.0, offset);
    expect_gradient("x", x, dx, loss);
  }
}

TEST(Gradcheck, Attention) {
  std::mt19937_64 rng(5);
  Index B = 2, T = 5, H = 2, D = 4, C = H * D;
  Vec qkv = random_vec(B * T * 3 * C, rng), r = random_vec(B * T * C, rng);
  auto loss = [&] {
    Vec out(B * T * C), lse(B * H * T);
    ref::attention_forward(out.data(), lse.data(), qkv.data(), B, T, H, D);
    return dot(out, r);
  };
  Vec out(B * T * C), lse(B * H * T), dqkv(qkv.size());
  ref::attention_forward(out.data(), lse.data(), qkv.data(), B, T, H, D);
  ref::attention_backward(dqkv.data(), r.data(), out.data(), lse.data(), qkv.data(), B, T, H, D);
  expect_gradient("qkv", qkv, dqkv, loss);
}

TEST(Gradcheck, AttentionIsCausal) {
  // The output at position t must not depend on anything after t.
  std::mt19937_64 rng(6);
  Index B = 1, T = 6, H = 1, D = 4, C = 4;
  Vec qkv = random_vec(T * 3 * C, rng), out(T * C), lse(T);
  ref::attention_forward(out.data(), lse.data(), qkv.data(), B, T, H, D);
  Vec changed = qkv;
  for (Index c = 0; c < 3 * C; ++c) changed[5 * 3 * C + c] += 1.0;
  Vec out2(T * C);
  ref::attention_forward(out2.data(), lse.data(), changed.data(), B, T, H, D);
  for (Index i = 0; i < 5 * C; ++i) EXPECT_DOUBLE_EQ(out[i], out2[i]);
  EXPECT_NE(out[5 * C], out2[5 * C]);
}

TEST(Gradcheck, SwiGlu) {
  std::mt19937_64 rng(7);
  Index N = 3, Hd = 5;
  Vec x = random_vec(N * 2 * Hd, rng, 2.0), r = random_vec(N * Hd, rng), dx(x.size());
  ref::swiglu_backward(dx.data(), r.data(), x.data(), N, Hd);
  expect_gradient("x", x, dx, [&] {
    Vec out(N * Hd);
    ref::swiglu_forward(out.data(), x.data(), N, Hd);
    return dot(out, r);
  });
}

TEST(Gradcheck, CrossEntropyWithProjection) {
  std::mt19937_64 rng(8);
  Index N = 4, C = 3, V = 6;
  std::vector<std::int32_t> targets = {2, -1, 5, 0};  // one ignored
  Vec x = random_vec(N * C, rng), w = random_vec(V * C, rng), dx(x.size()), dw(w.size());
  Index count = 0;
  ref::cross_entropy_forward_backward(dx.data(), dw.data(), x.data(), w.data(), targets.data(), N,
                                      C, V, 1.0, &count);
  EXPECT_EQ(count, 3);
  auto loss = [&] {
    return ref::cross_entropy_forward_backward<double>(nullptr, nullptr, x.data(), w.data(),
                                                       targets.data(), N, C, V, 1.0, nullptr);
  };
  expect_gradient("x", x, dx, loss);
  expect_gradient("weight", w, dw, loss);
  for (Index c = 0; c < C; ++c) EXPECT_EQ(dx[1 * C + c], 0.0);  // the ignored row
}

TEST(Gradcheck, CrossEntropyOfUniformLogitsIsLogV) {
  Index N = 2, C = 2, V = 8;
  Vec x(N * C, 0.0), w(V * C, 0.3);
  std::vector<std::int32_t> targets = {1, 7};
  double sum = ref::cross_entropy_forward_backward<double>(nullptr, nullptr, x.data(), w.data(),
                                                           targets.data(), N, C, V, 1.0, nullptr);
  EXPECT_NEAR(sum, 2 * std::log(8.0), 1e-12);
}

TEST(Gradcheck, SelectiveScan) {
  std::mt19937_64 rng(9);
  const Index B = 2, T = 5, Di = 3, S = 4, W = 1 + 2 * S;
  for (bool gate : {true, false}) {
    Vec u = random_vec(B * T * Di, rng), delta = random_vec(B * T * Di, rng, 0.5),
        bias = random_vec(Di, rng, 0.5), A_log = random_vec(Di * S, rng, 0.5),
        bc = random_vec(B * T * W, rng), D = random_vec(Di, rng), z = random_vec(B * T * Di, rng),
        r = random_vec(B * T * Di, rng);
    auto args = [&] {
      return ahenk::tensor::make_scan_args(B, T, Di, S, u.data(), delta.data(), bias.data(),
                                           A_log.data(), D.data(), bc.data() + 1, W,
                                           gate ? z.data() : nullptr, Di);
    };
    auto loss = [&] {
      Vec out(B * T * Di);
      ref::selective_scan_forward(args(), out.data());
      return dot(out, r);
    };
    Vec du(u.size()), ddelta(delta.size()), dbias(Di), dA(A_log.size()), dbc(bc.size()), dD(Di),
        dz(z.size());
    ahenk::tensor::ScanGradsT<double> g{du.data(), ddelta.data(),  dbias.data(),
                                        dA.data(), dbc.data() + 1, dbc.data() + 1 + S,
                                        dD.data(), dz.data()};
    ref::selective_scan_backward(args(), g, r.data());
    expect_gradient("u", u, du, loss);
    expect_gradient("delta", delta, ddelta, loss);
    expect_gradient("dt_bias", bias, dbias, loss);
    expect_gradient("A_log", A_log, dA, loss);
    expect_gradient("B and C", bc, dbc, loss);
    expect_gradient("D", D, dD, loss);
    if (gate) expect_gradient("z", z, dz, loss);
  }
}

TEST(Gradcheck, CausalConv1dSilu) {
  std::mt19937_64 rng(10);
  const Index B = 2, T = 6, Di = 3, K = 4, W = Di + 2;
  Vec x = random_vec(B * T * W, rng), w = random_vec(Di * K, rng), bias = random_vec(Di, rng),
      r = random_vec(B * T * Di, rng);
  auto loss = [&] {
    Vec out(B * T * Di);
    ref::causal_conv1d_silu_forward(out.data(), x.data() + 2, W, w.data(), bias.data(), B, T, Di,
                                    K);
    return dot(out, r);
  };
  Vec dx(x.size()), dw(w.size()), db(Di);
  ref::causal_conv1d_silu_backward(dx.data() + 2, dw.data(), db.data(), r.data(), x.data() + 2, W,
                                   w.data(), bias.data(), B, T, Di, K);
  expect_gradient("x", x, dx, loss);
  expect_gradient("weight", w, dw, loss);
  expect_gradient("bias", bias, db, loss);
}

// The LIF backward uses a surrogate for the spike's derivative; counting the surrogate's smooth
// primitive instead of the spike in the forward pass makes finite differences check exactly that
// backward (the spikes themselves, which drive the reset, are piecewise constant).
TEST(Gradcheck, LifSurrogateGradients) {
  std::mt19937_64 rng(11);
  const Index N = 6, F = 5;
  for (auto reset : {ahenk::tensor::LifReset::subtract, ahenk::tensor::LifReset::zero})
    for (auto sur : {ahenk::tensor::Surrogate::fast_sigmoid, ahenk::tensor::Surrogate::atan}) {
      ahenk::tensor::LifArgs a;
      a.steps = 4;
      a.reset = reset;
      a.surrogate = sur;
      a.slope = 3.0f;
      Vec current = random_vec(N * F, rng, 1.5), r = random_vec(N * F, rng), beta(F);
      for (Index f = 0; f < F; ++f) beta[f] = 0.3 + 0.12 * double(f);
      auto loss = [&] {
        Vec rate(N * F);
        ref::lif_forward(rate.data(), current.data(), beta.data(), N, F, a, (double*)nullptr,
                         (double*)nullptr, true);
        return dot(rate, r);
      };
      Vec dcur(current.size()), dbeta(F);
      ref::lif_backward(dcur.data(), dbeta.data(), r.data(), current.data(), beta.data(), N, F, a);
      SCOPED_TRACE("reset " + std::to_string(int(reset)) + " surrogate " +
                   std::to_string(int(sur)));
      expect_gradient("current", current, dcur, loss);
      expect_gradient("beta", beta, dbeta, loss);
    }
}
