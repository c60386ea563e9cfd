// The fast CPU kernels against the scalar reference kernels, in float, on random shapes including
// odd sizes and sizes that cross the tile and chunk boundaries. Tolerance: |a - b| <= atol +
// rtol |ref| (atol 2e-5, rtol 2e-4: summation order and the polynomial exp differ).
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <random>
#include <thread>
#include <vector>

#include "ahenk/tensor/autograd.h"
#include "ahenk/tensor/backend.h"
#include "ahenk/tensor/reference.h"
#include "ahenk/tensor/thread_pool.h"
#include "expect_close.h"
#include "random_values.h"

using namespace ahenk::tensor;
using Vec = std::vector<float>;
using ahenk::test::expect_close;

namespace {

Vec random_vec(Index n, std::mt19937& rng, float scale = 1.0f) {
  return ahenk::test::normal_values<float>(n, rng, scale);
}

Backend& fast() {
  return cpu_backend();
}
Backend& ref() {
  return reference_backend();
}

}  // namespace

TEST(Kernels, ReportCapabilities) {
  Capabilities caps = fast().capabilities();
  EXPECT_EQ(caps.name, "cpu");
  EXPECT_TRUE(caps.fused_attention);
  EXPECT_GE(caps.threads, 1);
  EXPECT_TRUE(caps.simd == "avx512f" || caps.simd == "avx2" || caps.simd == "scalar");
  EXPECT_EQ(ref().capabilities().name, "reference");
}

TEST(Kernels, GemmAllTransposesAndOddSizes) {
  std::mt19937 rng(1);
  // M = 1 is generation's matrix-vector case (its own path, split across threads when large).
  for (auto [M, N, K] : {std::tuple<Index, Index, Index>{1, 1, 1},
                         {1, 3000, 700},
                         {1, 37, 5},
                         {3, 5, 7},
                         {300, 70, 129},
                         {65, 513, 33}})
    for (bool ta : {false, true})
      for (bool tb : {false, true})
        for (float beta : {0.0f, 1.0f}) {
          Vec A = random_vec(M * K, rng), B = random_vec(K * N, rng), C0 = random_vec(M * N, rng);
          Vec Cf = C0, Cr = C0;
          Index lda = ta ? M : K, ldb = tb ? K : N;
          fast().gemm(ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, Cf.data(), N);
          ref().gemm(ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, Cr.data(), N);
          expect_close(Cf, Cr, "gemm", 1e-4f, 1e-4f);
        }
}

TEST(Kernels, Bf16RoundsToNearestEvenAndKeepsSpecials) {
  using reference::bf16_to_float;
  using reference::float_to_bf16;
  EXPECT_EQ(float_to_bf16(1.0f), 0x3F80);
  EXPECT_EQ(bf16_to_float(float_to_bf16(-2.5f)), -2.5f);  // exactly representable
  // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1.0).
  EXPECT_EQ(bf16_to_float(float_to_bf16(1.0f + 1.0f / 256)), 1.0f);
  EXPECT_EQ(bf16_to_float(float_to_bf16(1.0f + 3.0f / 256)), 1.0f + 4.0f / 256);
  EXPECT_TRUE(std::isnan(bf16_to_float(float_to_bf16(std::nanf("")))));
  EXPECT_TRUE(std::isinf(bf16_to_float(float_to_bf16(INFINITY))));
  std::mt19937 rng(11);
  for (float x : random_vec(1000, rng, 100.0f))  // 8 significant bits: relative error <= 2^-8
    EXPECT_LE(std::abs(bf16_to_float(float_to_bf16(x)) - x), std::abs(x) / 256);
}

TEST(Kernels, Bf16MatrixVector) {
  std::mt19937 rng(12);
  for (auto [N, K] : {std::pair<Index, Index>{1, 1}, {37, 5}, {3000, 700}}) {
    Vec w = random_vec(N * K, rng), x = random_vec(K, rng);
    std::vector<std::uint16_t> wb(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) wb[i] = reference::float_to_bf16(w[i]);
    Vec yf(N), yr(N);
    fast().gemv_bf16(yf.data(), wb.data(), x.data(), N, K);
    ref().gemv_bf16(yr.data(), wb.data(), x.data(), N, K);
    expect_close(yf, yr, "gemv_bf16", 1e-4f, 1e-4f);
  }
}

TEST(Kernels, RmsNormForwardBackward) {
  std::mt19937 rng(2);
  for (auto [N, C] : {std::pair<Index, Index>{1, 5}, {7, 64}, {130, 257}}) {
    Vec x = random_vec(N * C, rng), w = random_vec(C, rng), dy = random_vec(N * C, rng);
    Vec of(N * C), orf(N * C), rf(N), rr(N);
    fast().rmsnorm_forward(of.data(), rf.data(), x.data(), w.data(), N, C, 1e-5f);
    ref().rmsnorm_forward(orf.data(), rr.data(), x.data(), w.data(), N, C, 1e-5f);
    expect_close(of, orf, "rmsnorm out");
    Vec dxf(N * C, 1.0f), dxr(N * C, 1.0f), dwf(C, 0.5f), dwr(C, 0.5f);  // accumulate
    fast().rmsnorm_backward(dxf.data(), dwf.data(), dy.data(), x.data(), w.data(), rr.data(), N, C);
    ref().rmsnorm_backward(dxr.data(), dwr.data(), dy.data(), x.data(), w.data(), rr.data(), N, C);
    expect_close(dxf, dxr, "rmsnorm dx");
    expect_close(dwf, dwr, "rmsnorm dweight", 1e-4f);
  }
}

TEST(Kernels, RopeForwardBackward) {
  std::mt19937 rng(3);
  for (auto [B, T, H, D, offset] : {std::tuple<Index, Index, Index, Index, Index>{1, 1, 1, 2, 0},
                                    {2, 7, 3, 6, 5},
                                    {2, 300, 4, 64, 0}}) {
    Index stride = 3 * H * D;
    Vec x = random_vec(B * T * stride, rng), dy = random_vec(B * T * stride, rng);
    Vec yf(x.size(), 0.0f), yr(x.size(), 0.0f);
    fast().rope_forward(yf.data(), x.data(), B, T, H, D, stride, stride, 10000.0, offset);
    ref().rope_forward(yr.data(), x.data(), B, T, H, D, stride, stride, 10000.0, offset);
    expect_close(yf, yr, "rope out", 1e-4f, 1e-4f);
    Vec df(x.size(), 0.25f), dr(x.size(), 0.25f);
    fast().rope_backward(df.data(), dy.data(), B, T, H, D, stride, stride, 10000.0, offset);
    ref().rope_backward(dr.data(), dy.data(), B, T, H, D, stride, stride, 10000.0, offset);
    expect_close(df, dr, "rope dx", 1e-4f, 1e-4f);
  }
}

TEST(Kernels, RopeRotationDependsOnlyOnRelativePosition) {
  // q_m . k_n after rotation depends on m - n only (the property the Inspect view demonstrates).
  std::mt19937 rng(4);
  Index D = 16;
  Vec q = random_vec(D, rng), k = random_vec(D, rng);
  auto rotated_dot = [&](Index m, Index n) {
    Vec qm(D), kn(D);
    ref().rope_forward(qm.data(), q.data(), 1, 1, 1, D, D, D, 10000.0, m);
    ref().rope_forward(kn.data(), k.data(), 1, 1, 1, D, D, D, 10000.0, n);
    double s = 0;
    for (Index d = 0; d < D; ++d) s += double(qm[d]) * kn[d];
    return s;
  };
  EXPECT_NEAR(rotated_dot(7, 3), rotated_dot(104, 100), 1e-4);
  EXPECT_NEAR(rotated_dot(3, 3), rotated_dot(50, 50), 1e-4);
  EXPECT_GT(std::abs(rotated_dot(7, 3) - rotated_dot(3, 7)), 1e-3);
}

TEST(Kernels, FusedAttentionMatchesFullSoftmax) {
  std::mt19937 rng(5);
  for (auto [B, T, H, D] : {std::tuple<Index, Index, Index, Index>{1, 1, 1, 2},
                            {2, 7, 3, 6},
                            {1, 65, 2, 64},
                            {2, 130, 4, 32},
                            {1, 200, 1, 10},
                            {1, 300, 2, 16},
                            {1, 600, 1, 8}}) {  // past one key block (256)
    Index C = H * D;
    Vec qkv = random_vec(B * T * 3 * C, rng), dy = random_vec(B * T * C, rng);
    Vec of(B * T * C), orf(B * T * C), lf(B * H * T), lr(B * H * T);
    fast().attention_forward(of.data(), lf.data(), qkv.data(), B, T, H, D);
    ref().attention_forward(orf.data(), lr.data(), qkv.data(), B, T, H, D);
    expect_close(of, orf, "attention out");
    expect_close(lf, lr, "attention lse");
    Vec df(qkv.size(), 0.5f), dr(qkv.size(), 0.5f);
    fast().attention_backward(df.data(), dy.data(), orf.data(), lr.data(), qkv.data(), B, T, H, D);
    ref().attention_backward(dr.data(), dy.data(), orf.data(), lr.data(), qkv.data(), B, T, H, D);
    expect_close(df, dr, "attention dqkv", 1e-4f, 5e-4f);
  }
}

TEST(Kernels, AttentionDecodeMatchesTheLastRowOfFullAttention) {
  std::mt19937 rng(6);
  Index T = 37, H = 3, D = 8, C = H * D;
  Vec qkv = random_vec(T * 3 * C, rng), out(T * C), lse(H * T);
  ref().attention_forward(out.data(), lse.data(), qkv.data(), 1, T, H, D);
  // The caches are the key and value columns of qkv (row stride 3C).
  Vec q(qkv.begin() + (T - 1) * 3 * C, qkv.begin() + (T - 1) * 3 * C + C);
  for (Backend* be : {&fast(), &ref()}) {
    Vec o(C), probs(H * T);
    be->attention_decode(o.data(), probs.data(), q.data(), qkv.data() + C, qkv.data() + 2 * C,
                         3 * C, T, H, D);
    expect_close(o, Vec(out.begin() + (T - 1) * C, out.end()), "decode out");
    for (Index h = 0; h < H; ++h) {
      double total = 0;
      for (Index t = 0; t < T; ++t) total += probs[h * T + t];
      EXPECT_NEAR(total, 1.0, 1e-5);
    }
  }
}

TEST(Kernels, SwiGluForwardBackward) {
  std::mt19937 rng(7);
  for (auto [N, Hd] : {std::pair<Index, Index>{1, 1}, {9, 33}, {64, 704}}) {
    Vec x = random_vec(N * 2 * Hd, rng, 3.0f), dy = random_vec(N * Hd, rng);
    Vec of(N * Hd), orf(N * Hd);
    fast().swiglu_forward(of.data(), x.data(), N, Hd);
    ref().swiglu_forward(orf.data(), x.data(), N, Hd);
    expect_close(of, orf, "swiglu out");
    Vec df(x.size(), 1.0f), dr(x.size(), 1.0f);
    fast().swiglu_backward(df.data(), dy.data(), x.data(), N, Hd);
    ref().swiglu_backward(dr.data(), dy.data(), x.data(), N, Hd);
    expect_close(df, dr, "swiglu dx");
  }
}

TEST(Kernels, FusedCrossEntropyMatchesFullLogits) {
  std::mt19937 rng(8);
  // 5000 rows x 1000 classes crosses the 4M-float chunk; targets include ignored rows.
  for (auto [N, C, V] :
       {std::tuple<Index, Index, Index>{1, 3, 7}, {70, 16, 257}, {5000, 8, 1000}}) {
    Vec x = random_vec(N * C, rng), w = random_vec(V * C, rng);
    std::vector<std::int32_t> targets(N);
    std::uniform_int_distribution<int> pick(-1, int(V) - 1);
    for (auto& t : targets) t = pick(rng);
    targets[0] = 0;
    Vec dxf(x.size(), 0.1f), dxr(x.size(), 0.1f), dwf(w.size(), 0.2f), dwr(w.size(), 0.2f);
    Index cf = 0, cr = 0;
    double lf = fast().cross_entropy_forward_backward(dxf.data(), dwf.data(), x.data(), w.data(),
                                                      targets.data(), N, C, V, 0.01f, &cf);
    double lr = ref().cross_entropy_forward_backward(dxr.data(), dwr.data(), x.data(), w.data(),
                                                     targets.data(), N, C, V, 0.01f, &cr);
    EXPECT_EQ(cf, cr);
    EXPECT_NEAR(lf, lr, 1e-5 * std::abs(lr) + 1e-4);
    expect_close(dxf, dxr, "ce dx");
    expect_close(dwf, dwr, "ce dweight", 1e-4f, 1e-3f);
    // Without gradient buffers only the loss is computed.
    double only = fast().cross_entropy_forward_backward(nullptr, nullptr, x.data(), w.data(),
                                                        targets.data(), N, C, V, 1.0f, nullptr);
    EXPECT_NEAR(only, lr, 1e-5 * std::abs(lr) + 1e-4);
  }
}

TEST(Kernels, AdamWAndReductions) {
  std::mt19937 rng(9);
  Index n = 40001;
  Vec p = random_vec(n, rng), g = random_vec(n, rng);
  Vec pf = p, pr = p, mf(n, 0.0f), mr(n, 0.0f), vf(n, 0.0f), vr(n, 0.0f);
  for (std::int64_t step = 1; step <= 3; ++step) {
    fast().adamw_update(pf.data(), g.data(), mf.data(), vf.data(), n, 1e-3, 0.9, 0.95, 1e-8, 0.1,
                        step);
    ref().adamw_update(pr.data(), g.data(), mr.data(), vr.data(), n, 1e-3, 0.9, 0.95, 1e-8, 0.1,
                       step);
  }
  expect_close(pf, pr, "adamw param", 1e-6f, 1e-5f);
  // Blocks of 4096 are summed in float, then in double: relative error ~1e-7 in any summation
  // order.
  double exact = ref().sum_squares(g.data(), n);
  EXPECT_NEAR(fast().sum_squares(g.data(), n), exact, 2e-6 * exact);
  Vec a = random_vec(n, rng), b = random_vec(n, rng), sf(n), sr(n);
  fast().add(sf.data(), a.data(), b.data(), n);
  ref().add(sr.data(), a.data(), b.data(), n);
  expect_close(sf, sr, "add");
  fast().accumulate(sf.data(), a.data(), n);
  ref().accumulate(sr.data(), a.data(), n);
  fast().scale(sf.data(), n, 0.5f);
  ref().scale(sr.data(), n, 0.5f);
  expect_close(sf, sr, "accumulate+scale");
}

TEST(ThreadPool, CoversEveryIndexOnce) {
  ThreadPool pool(3);
  for (std::int64_t n : {0, 1, 2, 7, 1000}) {
    std::vector<std::atomic<int>> hits(static_cast<std::size_t>(n));
    pool.parallel_for(n, [&](std::int64_t b, std::int64_t e) {
      for (std::int64_t i = b; i < e; ++i) hits[static_cast<std::size_t>(i)]++;
    });
    for (auto& h : hits) EXPECT_EQ(h.load(), 1);
    std::vector<std::atomic<int>> tasks(static_cast<std::size_t>(n));
    pool.parallel_tasks(n, [&](std::int64_t i) { tasks[static_cast<std::size_t>(i)]++; });
    for (auto& h : tasks) EXPECT_EQ(h.load(), 1);
  }
}

TEST(ThreadPool, TwoCallingThreadsAtOnceEachGetEveryIndexOnce) {
  // The training thread and the GUI thread (an Inspect view's forward pass) on the same pool:
  // neither may lose, repeat or steal the other's ranges, and neither may hang.
  ThreadPool pool(3);
  auto caller = [&](int rounds, std::int64_t n, std::atomic<int>* bad) {
    for (int r = 0; r < rounds; ++r) {
      std::vector<std::atomic<int>> hits(static_cast<std::size_t>(n));
      pool.parallel_for(
          n,
          [&](std::int64_t b, std::int64_t e) {
            for (std::int64_t i = b; i < e; ++i) hits[static_cast<std::size_t>(i)]++;
          },
          1);
      for (auto& h : hits) *bad += h.load() != 1;
    }
  };
  std::atomic<int> bad_a{0}, bad_b{0};
  std::thread a(caller, 3000, 97, &bad_a);
  std::thread b(caller, 3000, 61, &bad_b);
  a.join();
  b.join();
  EXPECT_EQ(bad_a.load(), 0);
  EXPECT_EQ(bad_b.load(), 0);
}

TEST(Arena, ReusesMemoryAndTracksPeak) {
  Arena arena(1 << 12);
  float* a = arena.allocate(100);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a[i], 0.0f);
  arena.allocate(5000);  // larger than a block: its own block
  std::size_t peak = arena.peak_bytes();
  EXPECT_GE(peak, 5100 * sizeof(float));
  arena.reset();
  EXPECT_EQ(arena.used_bytes(), 0u);
  float* b = arena.allocate(100);
  EXPECT_EQ(a, b);  // the same memory again
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(b) % 64, 0u);
  EXPECT_EQ(arena.peak_bytes(), peak);
}
