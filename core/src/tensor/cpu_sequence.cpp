// Fast CPU kernels of the sequence ops (sequence_ops.h): Mamba's selective scan (two parallel
// strategies, see ScanStrategy), the depthwise causal conv1d + SiLU, and LIF neurons.
//
// The scan keeps a task's states as (S, Di) so the innermost loop runs over channels, which share
// B_t and C_t: contiguous, vectorised, no horizontal sums. A task owns a batch row and a range of
// chunks of kScanChunk steps, and therefore the rows of dB and dC it writes; the per-channel
// gradients (dA_log, dD, dt_bias) are summed per task and reduced at the end.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "ahenk/tensor/backend.h"
#include "ahenk/tensor/scan.h"
#include "ahenk/tensor/thread_pool.h"
#include "cpu_kernels.h"
#include "vec_math.h"

namespace ahenk::tensor {

namespace {

using detail::fast_exp;
using detail::fast_sigmoid;
using detail::fast_softplus;

std::atomic<ScanStrategy> g_strategy{ScanStrategy::automatic};

constexpr Index kChunk = Backend::kScanChunk;

// Per-row quantities of one time step, over all channels.
struct RowScratch {
  std::vector<float> dt, dtx, y, dy, dx, ddt;
  void resize(Index Di) {
    for (auto* v : {&dt, &dtx, &y, &dy, &dx, &ddt})
      v->resize(static_cast<std::size_t>(Di));
  }
};

// dt = softplus(delta + bias), dtx = dt * u and (when sig is set) sigmoid(delta + bias), one row.
AHENK_SIMD_CLONES void prepare_row(const ScanArgs& a, Index row, float* __restrict dt,
                                   float* __restrict dtx, float* __restrict sig) {
  const float* __restrict delta = a.delta + row * a.delta_stride;
  const float* __restrict u = a.u + row * a.u_stride;
  const float* __restrict bias = a.dt_bias;
  const Index Di = a.Di;
  for (Index d = 0; d < Di; ++d) {
    float raw = delta[d] + bias[d];
    float v = fast_softplus(raw);
    dt[d] = v;
    dtx[d] = v * u[d];
  }
  if (sig != nullptr)
    for (Index d = 0; d < Di; ++d) sig[d] = fast_sigmoid(delta[d] + bias[d]);
}

// h (S, Di) <- exp(dt A) h + dt x B_t for one step; y (Di) = C_t . h when y is non-null.
AHENK_SIMD_CLONES void scan_row(float* __restrict h, float* __restrict y,
                                const float* __restrict AT, const float* __restrict dt,
                                const float* __restrict dtx, const float* Bt, const float* Ct,
                                Index Di, Index S) {
  if (y != nullptr) std::fill(y, y + Di, 0.0f);
  for (Index s = 0; s < S; ++s) {
    float* __restrict hs = h + s * Di;
    const float* __restrict As = AT + s * Di;
    const float b = Bt[s];
    if (y != nullptr) {
      const float c = Ct[s];
      for (Index d = 0; d < Di; ++d) {
        float v = fast_exp(dt[d] * As[d]) * hs[d] + dtx[d] * b;
        hs[d] = v;
        y[d] += c * v;
      }
    } else {
      for (Index d = 0; d < Di; ++d) hs[d] = fast_exp(dt[d] * As[d]) * hs[d] + dtx[d] * b;
    }
  }
}

// out = (y + D x) * silu(z), or without the gate.
AHENK_SIMD_CLONES void finish_row(float* out, const float* y, const float* x, const float* D,
                                  const float* z, Index Di) {
  if (z == nullptr) {
    for (Index d = 0; d < Di; ++d) out[d] = y[d] + D[d] * x[d];
  } else {
    for (Index d = 0; d < Di; ++d) out[d] = (y[d] + D[d] * x[d]) * z[d] * fast_sigmoid(z[d]);
  }
}

// Runs steps [t0, t1) of batch row b from h (S, Di), in place; writes outputs when out is set and
// adds each channel's dt to dt_sum when that is set.
void scan_steps(const ScanArgs& a, const float* AT, Index b, Index t0, Index t1, float* h,
                float* out, float* dt_sum, RowScratch& r) {
  for (Index t = t0; t < t1; ++t) {
    const Index row = b * a.T + t;
    prepare_row(a, row, r.dt.data(), r.dtx.data(), nullptr);
    scan_row(h, out != nullptr ? r.y.data() : nullptr, AT, r.dt.data(), r.dtx.data(),
             a.Bm + row * a.bc_stride, a.Cm + row * a.bc_stride, a.Di, a.S);
    if (out != nullptr)
      finish_row(out + row * a.Di, r.y.data(), a.u + row * a.u_stride, a.D,
                 a.z != nullptr ? a.z + row * a.z_stride : nullptr, a.Di);
    if (dt_sum != nullptr)
      for (Index d = 0; d < a.Di; ++d) dt_sum[d] += r.dt[d];
  }
}

// A = -exp(A_log), transposed to (S, Di).
std::vector<float> negative_a_transposed(const ScanArgs& a) {
  std::vector<float> AT(static_cast<std::size_t>(a.S * a.Di));
  for (Index d = 0; d < a.Di; ++d)
    for (Index s = 0; s < a.S; ++s) AT[s * a.Di + d] = -std::exp(a.A_log[d * a.S + s]);
  return AT;
}

bool use_chunks(Index B, Index chunks) {
  ScanStrategy st = g_strategy.load();
  if (st == ScanStrategy::rows || chunks < 2) return false;
  if (st == ScanStrategy::chunks) return true;
  return B < 2 * ThreadPool::global().threads();
}

// Reads or writes a (S, Di) state against the (Di, S) layout of ScanArgs::state.
void state_to_sd(float* h, const float* state, Index Di, Index S) {
  for (Index d = 0; d < Di; ++d)
    for (Index s = 0; s < S; ++s) h[s * Di + d] = state[d * S + s];
}
void state_from_sd(float* state, const float* h, Index Di, Index S) {
  for (Index d = 0; d < Di; ++d)
    for (Index s = 0; s < S; ++s) state[d * S + s] = h[s * Di + d];
}

// Blelloch scan, per (b, s, d) lane, of the chunks' maps (decay over the chunk, state it adds).
// `decay_sum` (B, nc, Di): the summed dt of each chunk; `local` (B, nc, S, Di): a chunk's result
// from a zero carry. `carry` (B, nc, S, Di) receives the state entering each chunk (h0 from
// `initial` (B, S, Di) when set). With `reverse`, chunks compose from the last to the first (the
// backward's gradient flow) and carry[c] is what enters chunk c from its right.
void scan_chunk_carries(const std::vector<float>& AT, const float* decay_sum, const float* local,
                        const float* initial, float* carry, Index B, Index nc, Index Di, Index S,
                        bool reverse) {
  ThreadPool::global().parallel_for(
      B * S,
      [&](Index begin, Index end) {
        std::vector<Affine<float>> maps(static_cast<std::size_t>(nc));
        for (Index bs = begin; bs < end; ++bs) {
          const Index b = bs / S, s = bs % S;
          for (Index d = 0; d < Di; ++d) {
            for (Index c = 0; c < nc; ++c) {
              Index src = reverse ? nc - 1 - c : c;
              maps[c] = {std::exp(AT[s * Di + d] * decay_sum[(b * nc + src) * Di + d]),
                         local[((b * nc + src) * S + s) * Di + d]};
            }
            blelloch_exclusive(maps);
            float h0 = initial != nullptr ? initial[(b * S + s) * Di + d] : 0.0f;
            for (Index c = 0; c < nc; ++c) {
              Index dst = reverse ? nc - 1 - c : c;
              carry[((b * nc + dst) * S + s) * Di + d] = maps[c].a * h0 + maps[c].b;
            }
          }
        }
      },
      1);
}

// One state s of one backward step, over all channels (see the reference's backward).
AHENK_SIMD_CLONES void scan_backward_state(float* __restrict Gs, float* __restrict dAs,
                                           float* __restrict ddt, float* __restrict dx,
                                           const float* __restrict dy, const float* __restrict hn,
                                           const float* __restrict hp, const float* __restrict As,
                                           const float* __restrict dt, const float* __restrict dtx,
                                           const float* __restrict x, float c, float bb, Index Di,
                                           float* dC, float* dB) {
  float dc = 0.0f, db = 0.0f;
  for (Index d = 0; d < Di; ++d) {
    float gs = Gs[d] + dy[d] * c;
    dc += dy[d] * hn[d];
    float decay = fast_exp(dt[d] * As[d]);
    float gp = gs * hp[d] * decay;
    ddt[d] += gp * As[d] + gs * bb * x[d];
    dAs[d] += gp * dt[d] * As[d];
    db += gs * dtx[d];
    dx[d] += gs * dt[d] * bb;
    Gs[d] = gs * decay;
  }
  *dC += dc;
  *dB += db;
}

thread_local RowScratch tl_rows;
thread_local std::vector<float> tl_states, tl_per_step, tl_h, tl_G, tl_pre;

// Backward over steps [t0, t1) of row b: `entering` (S, Di) is the state before t0, G (S, Di) the
// gradient flowing into h_{t1-1} from later steps (updated in place to flow out of t0). `acc`
// (S*Di + 2*Di): dA_log, dD, dt_bias partial sums of this task.
AHENK_SIMD_CLONES void scan_backward_steps(const ScanArgs& a, const ScanGrads& g, const float* dout,
                                           const float* AT, Index b, Index t0, Index t1,
                                           const float* entering, float* G, float* acc) {
  const Index Di = a.Di, S = a.S, L = t1 - t0;
  RowScratch& r = tl_rows;
  r.resize(Di);
  std::vector<float>& states = tl_states;  // (L + 1, S, Di): states[i] = h before step t0 + i
  states.resize(static_cast<std::size_t>((L + 1) * S * Di));
  // Per step of the chunk, kept from the recomputation for the reverse pass: dt, dt x, the
  // softplus' derivative sigmoid(delta + bias), and C_t . h_t (the gate's input before D x).
  std::vector<float>& per_step = tl_per_step;
  per_step.resize(static_cast<std::size_t>(4 * L * Di));
  float* dts = per_step.data();
  float* dtxs = dts + L * Di;
  float* sigs = dtxs + L * Di;
  float* ys = sigs + L * Di;
  std::copy(entering, entering + S * Di, states.begin());
  for (Index i = 0; i < L; ++i) {
    std::copy(states.begin() + i * S * Di, states.begin() + (i + 1) * S * Di,
              states.begin() + (i + 1) * S * Di);
    const Index row = b * a.T + t0 + i;
    prepare_row(a, row, dts + i * Di, dtxs + i * Di, sigs + i * Di);
    scan_row(states.data() + (i + 1) * S * Di, a.z != nullptr ? ys + i * Di : nullptr, AT,
             dts + i * Di, dtxs + i * Di, a.Bm + row * a.bc_stride, a.Cm + row * a.bc_stride, Di,
             S);
  }
  float* dA = acc;
  float* dD = acc + S * Di;
  float* dbias = dD + Di;
  for (Index i = L; i-- > 0;) {
    const Index row = b * a.T + t0 + i;
    const float* h_now = states.data() + (i + 1) * S * Di;
    const float* h_prev = states.data() + i * S * Di;
    const float* Bt = a.Bm + row * a.bc_stride;
    const float* Ct = a.Cm + row * a.bc_stride;
    float* dB = g.dB + row * a.bc_stride;
    float* dC = g.dC + row * a.bc_stride;
    const float *dt = dts + i * Di, *dtx = dtxs + i * Di, *sig = sigs + i * Di;
    const float* x = a.u + row * a.u_stride;
    float *dy = r.dy.data(), *dx = r.dx.data(), *ddt = r.ddt.data();
    const float* gout = dout + row * Di;
    if (a.z != nullptr) {
      const float* z = a.z + row * a.z_stride;
      float* dz = g.dz + row * a.z_stride;
      const float* y = ys + i * Di;
      for (Index d = 0; d < Di; ++d) {
        float sg = fast_sigmoid(z[d]);
        float pre = y[d] + a.D[d] * x[d];
        dz[d] += gout[d] * pre * sg * (1.0f + z[d] * (1.0f - sg));
        dy[d] = gout[d] * z[d] * sg;
      }
    } else {
      std::copy(gout, gout + Di, dy);
    }
    for (Index d = 0; d < Di; ++d) {
      dD[d] += dy[d] * x[d];
      dx[d] = dy[d] * a.D[d];
      ddt[d] = 0.0f;
    }
    for (Index s = 0; s < S; ++s)
      scan_backward_state(G + s * Di, dA + s * Di, ddt, dx, dy, h_now + s * Di, h_prev + s * Di,
                          AT + s * Di, dt, dtx, x, Ct[s], Bt[s], Di, dC + s, dB + s);
    float* du = g.du + row * a.u_stride;
    float* ddelta = g.ddelta + row * a.delta_stride;
    for (Index d = 0; d < Di; ++d) {
      du[d] += dx[d];
      float v = ddt[d] * sig[d];
      ddelta[d] += v;
      dbias[d] += v;
    }
  }
}

// The gradient flowing out of chunk [t0, t1) from a zero carry (G_local) and the chunk's summed
// dt: phase 1 of the chunked backward. Only the G recursion runs (no state is needed).
AHENK_SIMD_CLONES void scan_backward_local(const ScanArgs& a, const float* dout, const float* AT,
                                           Index b, Index t0, Index t1, float* G, float* dt_sum) {
  const Index Di = a.Di, S = a.S;
  RowScratch& r = tl_rows;
  r.resize(Di);
  for (Index t = t1; t-- > t0;) {
    const Index row = b * a.T + t;
    prepare_row(a, row, r.dt.data(), r.dtx.data(), nullptr);
    const float* gout = dout + row * Di;
    float* dy = r.dy.data();
    if (a.z != nullptr) {
      const float* z = a.z + row * a.z_stride;
      for (Index d = 0; d < Di; ++d) dy[d] = gout[d] * z[d] * fast_sigmoid(z[d]);
    } else {
      std::copy(gout, gout + Di, dy);
    }
    const float* Ct = a.Cm + row * a.bc_stride;
    for (Index s = 0; s < S; ++s) {
      float* Gs = G + s * Di;
      const float* As = AT + s * Di;
      for (Index d = 0; d < Di; ++d) Gs[d] = (Gs[d] + dy[d] * Ct[s]) * fast_exp(r.dt[d] * As[d]);
    }
    for (Index d = 0; d < Di; ++d) dt_sum[d] += r.dt[d];
  }
}

}  // namespace

void set_scan_strategy(ScanStrategy strategy) {
  g_strategy.store(strategy);
}
ScanStrategy scan_strategy() {
  return g_strategy.load();
}

namespace cpu {

void selective_scan_forward(const ScanArgs& a, float* out, float* chunk_states) {
  const Index Di = a.Di, S = a.S, SD = S * Di;
  const Index nc = (a.T + kChunk - 1) / kChunk;
  const std::vector<float> AT = negative_a_transposed(a);
  ThreadPool& pool = ThreadPool::global();
  // chunk_states layout here: (B, nc, S, Di).
  if (!use_chunks(a.B, nc)) {
    pool.parallel_tasks(a.B, [&](Index b) {
      RowScratch& r = tl_rows;
      r.resize(Di);
      std::vector<float>& h = tl_h;
      h.assign(static_cast<std::size_t>(SD), 0.0f);
      if (a.state != nullptr) state_to_sd(h.data(), a.state + b * SD, Di, S);
      for (Index c = 0; c < nc; ++c) {
        if (chunk_states != nullptr)
          std::copy(h.begin(), h.end(), chunk_states + (b * nc + c) * SD);
        scan_steps(a, AT.data(), b, c * kChunk, std::min(a.T, (c + 1) * kChunk), h.data(), out,
                   nullptr, r);
      }
      if (a.state != nullptr) state_from_sd(a.state + b * SD, h.data(), Di, S);
    });
    return;
  }
  // Chunks in parallel: (1) each chunk from a zero state, (2) a Blelloch scan of the chunks' maps
  // gives the state entering each chunk, (3) each chunk again from its true entering state.
  std::vector<float> local(static_cast<std::size_t>(a.B * nc * SD)),
      dt_sum(static_cast<std::size_t>(a.B * nc * Di), 0.0f);
  pool.parallel_tasks(a.B * nc, [&](Index task) {
    const Index b = task / nc, c = task % nc;
    RowScratch& r = tl_rows;
    r.resize(Di);
    float* h = local.data() + task * SD;
    scan_steps(a, AT.data(), b, c * kChunk, std::min(a.T, (c + 1) * kChunk), h, nullptr,
               dt_sum.data() + task * Di, r);
  });
  std::vector<float> initial, own_carry;
  if (a.state != nullptr) {
    initial.resize(static_cast<std::size_t>(a.B * SD));
    for (Index b = 0; b < a.B; ++b) state_to_sd(initial.data() + b * SD, a.state + b * SD, Di, S);
  }
  float* carry = chunk_states;
  if (carry == nullptr) {
    own_carry.resize(static_cast<std::size_t>(a.B * nc * SD));
    carry = own_carry.data();
  }
  scan_chunk_carries(AT, dt_sum.data(), local.data(), initial.empty() ? nullptr : initial.data(),
                     carry, a.B, nc, Di, S, false);
  pool.parallel_tasks(a.B * nc, [&](Index task) {
    const Index b = task / nc, c = task % nc;
    RowScratch& r = tl_rows;
    r.resize(Di);
    float* h = local.data() + task * SD;  // reused: becomes the chunk's final state
    std::copy(carry + task * SD, carry + (task + 1) * SD, h);
    scan_steps(a, AT.data(), b, c * kChunk, std::min(a.T, (c + 1) * kChunk), h, out, nullptr, r);
  });
  if (a.state != nullptr)
    for (Index b = 0; b < a.B; ++b)
      state_from_sd(a.state + b * SD, local.data() + (b * nc + nc - 1) * SD, Di, S);
}

void selective_scan_backward(const ScanArgs& a, const ScanGrads& g, const float* dout,
                             const float* chunk_states) {
  const Index Di = a.Di, S = a.S, SD = S * Di;
  const Index nc = (a.T + kChunk - 1) / kChunk;
  const std::vector<float> AT = negative_a_transposed(a);
  ThreadPool& pool = ThreadPool::global();
  const Index acc_size = SD + 2 * Di;
  const bool chunked = use_chunks(a.B, nc);
  const Index tasks = chunked ? a.B * nc : a.B;
  std::vector<float> acc(static_cast<std::size_t>(tasks * acc_size), 0.0f);
  if (!chunked) {
    pool.parallel_tasks(a.B, [&](Index b) {
      std::vector<float>& G = tl_G;
      G.assign(static_cast<std::size_t>(SD), 0.0f);
      for (Index c = nc; c-- > 0;)
        scan_backward_steps(a, g, dout, AT.data(), b, c * kChunk, std::min(a.T, (c + 1) * kChunk),
                            chunk_states + (b * nc + c) * SD, G.data(), acc.data() + b * acc_size);
    });
  } else {
    std::vector<float> local(static_cast<std::size_t>(a.B * nc * SD), 0.0f),
        dt_sum(static_cast<std::size_t>(a.B * nc * Di), 0.0f),
        carry(static_cast<std::size_t>(a.B * nc * SD));
    pool.parallel_tasks(a.B * nc, [&](Index task) {
      const Index b = task / nc, c = task % nc;
      scan_backward_local(a, dout, AT.data(), b, c * kChunk, std::min(a.T, (c + 1) * kChunk),
                          local.data() + task * SD, dt_sum.data() + task * Di);
    });
    scan_chunk_carries(AT, dt_sum.data(), local.data(), nullptr, carry.data(), a.B, nc, Di, S,
                       true);
    pool.parallel_tasks(a.B * nc, [&](Index task) {
      const Index b = task / nc, c = task % nc;
      scan_backward_steps(a, g, dout, AT.data(), b, c * kChunk, std::min(a.T, (c + 1) * kChunk),
                          chunk_states + task * SD, carry.data() + task * SD,
                          acc.data() + task * acc_size);
    });
  }
  for (Index task = 0; task < tasks; ++task) {
    const float* p = acc.data() + task * acc_size;
    for (Index d = 0; d < Di; ++d)
      for (Index s = 0; s < S; ++s)
        g.dA_log[d * S + s] += p[s * Di + d];  // already times A (dA/dA_log = A)
    for (Index d = 0; d < Di; ++d) {
      g.dD[d] += p[SD + d];
      g.ddt_bias[d] += p[SD + Di + d];
    }
  }
}

}  // namespace cpu

namespace {

AHENK_SIMD_CLONES void conv_rows(float* out, const float* x, Index x_stride, const float* wT,
                                 const float* bias, Index begin, Index end, Index T, Index Di,
                                 Index K) {
  for (Index row = begin; row < end; ++row) {
    const Index t = row % T;
    float* o = out + row * Di;
    std::copy(bias, bias + Di, o);
    for (Index k = 0; k < K; ++k) {
      Index back = K - 1 - k;
      if (t < back) continue;
      const float* xs = x + (row - back) * x_stride;
      const float* wk = wT + k * Di;
      for (Index d = 0; d < Di; ++d) o[d] += wk[d] * xs[d];
    }
    for (Index d = 0; d < Di; ++d) o[d] = o[d] * fast_sigmoid(o[d]);
  }
}

AHENK_SIMD_CLONES void conv_backward_row(float* dx, float* dwT, float* dbias, float* pre,
                                         const float* dout, const float* x, Index x_stride,
                                         const float* wT, const float* bias, Index row, Index t,
                                         Index Di, Index K) {
  std::copy(bias, bias + Di, pre);
  for (Index k = 0; k < K; ++k) {
    Index back = K - 1 - k;
    if (t < back) continue;
    const float* xs = x + (row - back) * x_stride;
    for (Index d = 0; d < Di; ++d) pre[d] += wT[k * Di + d] * xs[d];
  }
  const float* g = dout + row * Di;
  for (Index d = 0; d < Di; ++d) {
    float sg = fast_sigmoid(pre[d]);
    pre[d] = g[d] * sg * (1.0f + pre[d] * (1.0f - sg));  // now d(pre)
    dbias[d] += pre[d];
  }
  for (Index k = 0; k < K; ++k) {
    Index back = K - 1 - k;
    if (t < back) continue;
    const float* xs = x + (row - back) * x_stride;
    float* dxs = dx + (row - back) * x_stride;
    for (Index d = 0; d < Di; ++d) {
      dwT[k * Di + d] += pre[d] * xs[d];
      dxs[d] += pre[d] * wT[k * Di + d];
    }
  }
}

std::vector<float> transpose_conv_weight(const float* w, Index Di, Index K) {
  std::vector<float> wT(static_cast<std::size_t>(K * Di));
  for (Index d = 0; d < Di; ++d)
    for (Index k = 0; k < K; ++k) wT[k * Di + d] = w[d * K + k];
  return wT;
}

AHENK_SIMD_CLONES void lif_rows(float* rate, const float* current, const float* beta, Index begin,
                                Index end, Index F, const LifArgs& a, float* v, float* s) {
  const float thr = a.threshold;
  const float inv = 1.0f / float(a.steps);
  for (Index n = begin; n < end; ++n) {
    const float* I = current + n * F;
    float* r = rate + n * F;
    std::fill(v, v + F, 0.0f);
    std::fill(s, s + F, 0.0f);
    std::fill(r, r + F, 0.0f);
    for (Index t = 0; t < a.steps; ++t) {
      if (a.encoding == SpikeEncoding::current) {
        if (a.reset == LifReset::subtract) {
          for (Index f = 0; f < F; ++f) {
            float b = std::min(std::max(beta[f], 0.0f), 1.0f);
            v[f] = b * v[f] + I[f] - thr * s[f];
            s[f] = v[f] > thr ? 1.0f : 0.0f;
            r[f] += s[f];
          }
        } else {
          for (Index f = 0; f < F; ++f) {
            float b = std::min(std::max(beta[f], 0.0f), 1.0f);
            v[f] = (b * v[f] + I[f]) * (1.0f - s[f]);
            s[f] = v[f] > thr ? 1.0f : 0.0f;
            r[f] += s[f];
          }
        }
      } else {
        for (Index f = 0; f < F; ++f) {
          float b = std::min(std::max(beta[f], 0.0f), 1.0f);
          float x = reference::lif_input(a, I[f], n * F + f, t);
          v[f] = a.reset == LifReset::subtract ? b * v[f] + x - thr * s[f]
                                               : (b * v[f] + x) * (1.0f - s[f]);
          s[f] = v[f] > thr ? 1.0f : 0.0f;
          r[f] += s[f];
        }
      }
    }
    for (Index f = 0; f < F; ++f) r[f] *= inv;
  }
}

AHENK_SIMD_CLONES void lif_backward_rows(float* dcurrent, const float* drate, const float* current,
                                         const float* beta, Index begin, Index end, Index F,
                                         const LifArgs& a, float* vs, float* ss, float* dv,
                                         float* dI, float* db) {
  const float thr = a.threshold;
  const Index steps = a.steps;
  for (Index n = begin; n < end; ++n) {
    const float* I = current + n * F;
    // Forward again, keeping v_t and s_t: (steps, F).
    for (Index t = 0; t < steps; ++t) {
      float* v = vs + t * F;
      float* s = ss + t * F;
      const float* vp = t > 0 ? vs + (t - 1) * F : nullptr;
      const float* sp = t > 0 ? ss + (t - 1) * F : nullptr;
      for (Index f = 0; f < F; ++f) {
        float b = std::min(std::max(beta[f], 0.0f), 1.0f);
        float x = a.encoding == SpikeEncoding::current
                      ? I[f]
                      : reference::lif_input(a, I[f], n * F + f, t);
        float v0 = vp != nullptr ? vp[f] : 0.0f, s0 = sp != nullptr ? sp[f] : 0.0f;
        v[f] = a.reset == LifReset::subtract ? b * v0 + x - thr * s0 : (b * v0 + x) * (1.0f - s0);
        s[f] = v[f] > thr ? 1.0f : 0.0f;
      }
    }
    const float inv = 1.0f / float(steps);
    const float* gr = drate + n * F;
    std::fill(dv, dv + F, 0.0f);
    std::fill(dI, dI + F, 0.0f);
    for (Index t = steps; t-- > 0;) {
      const float* v = vs + t * F;
      const float* vp = t > 0 ? vs + (t - 1) * F : nullptr;
      const float* sp = t > 0 ? ss + (t - 1) * F : nullptr;
      for (Index f = 0; f < F; ++f) {
        float xv = v[f] - thr;
        float sg;
        if (a.surrogate == Surrogate::fast_sigmoid) {
          float q = a.slope * std::fabs(xv) + 1.0f;
          sg = 1.0f / (q * q);
        } else {
          float q = 1.5707963267948966f * a.slope * xv;
          sg = 0.5f * a.slope / (1.0f + q * q);
        }
        float g = dv[f] + gr[f] * inv * sg;
        float keep = (a.reset == LifReset::zero && sp != nullptr) ? 1.0f - sp[f] : 1.0f;
        float prev = vp != nullptr ? vp[f] : 0.0f;
        dI[f] += g * keep;
        db[f] += g * keep * prev;
        float b = std::min(std::max(beta[f], 0.0f), 1.0f);
        dv[f] = g * keep * b;
      }
    }
    float* dc = dcurrent + n * F;
    if (a.encoding == SpikeEncoding::current) {
      for (Index f = 0; f < F; ++f) dc[f] += dI[f];
    } else {
      for (Index f = 0; f < F; ++f) {
        float sg = fast_sigmoid(I[f]);
        dc[f] += dI[f] * sg * (1.0f - sg);
      }
    }
  }
}

}  // namespace

namespace cpu {

void causal_conv1d_silu_forward(float* out, const float* x, Index x_stride, const float* w,
                                const float* bias, Index B, Index T, Index Di, Index K) {
  std::vector<float> wT = transpose_conv_weight(w, Di, K);
  ThreadPool::global().parallel_for(
      B * T,
      [&](Index begin, Index end) {
        conv_rows(out, x, x_stride, wT.data(), bias, begin, end, T, Di, K);
      },
      std::max<Index>(1, 8192 / std::max<Index>(1, Di * K)));
}

void causal_conv1d_silu_backward(float* dx, float* dw, float* dbias, const float* dout,
                                 const float* x, Index x_stride, const float* w, const float* bias,
                                 Index B, Index T, Index Di, Index K) {
  std::vector<float> wT = transpose_conv_weight(w, Di, K);
  // One task per batch row: its rows of dx are its own; dw and dbias are summed per task.
  const Index acc_size = (K + 1) * Di;
  std::vector<float> acc(static_cast<std::size_t>(B * acc_size), 0.0f);
  ThreadPool::global().parallel_tasks(B, [&](Index b) {
    std::vector<float>& pre = tl_pre;
    pre.resize(static_cast<std::size_t>(Di));
    float* dwT = acc.data() + b * acc_size;
    float* db = dwT + K * Di;
    for (Index t = 0; t < T; ++t)
      conv_backward_row(dx, dwT, db, pre.data(), dout, x, x_stride, wT.data(), bias, b * T + t, t,
                        Di, K);
  });
  for (Index b = 0; b < B; ++b) {
    const float* p = acc.data() + b * acc_size;
    for (Index d = 0; d < Di; ++d) {
      for (Index k = 0; k < K; ++k) dw[d * K + k] += p[k * Di + d];
      dbias[d] += p[K * Di + d];
    }
  }
}

void lif_forward(float* rate, const float* current, const float* beta, Index N, Index F,
                 const LifArgs& a) {
  ThreadPool::global().parallel_for(
      N,
      [&](Index begin, Index end) {
        std::vector<float> v(static_cast<std::size_t>(F)), s(v.size());
        lif_rows(rate, current, beta, begin, end, F, a, v.data(), s.data());
      },
      std::max<Index>(1, 4096 / std::max<Index>(1, F)));
}

void lif_backward(float* dcurrent, float* dbeta, const float* drate, const float* current,
                  const float* beta, Index N, Index F, const LifArgs& a) {
  ThreadPool& pool = ThreadPool::global();
  const int parts = pool.threads();
  std::vector<float> db(static_cast<std::size_t>(parts * F), 0.0f);
  pool.parallel_tasks(parts, [&](Index p) {
    const Index begin = N * p / parts, end = N * (p + 1) / parts;
    std::vector<float> vs(static_cast<std::size_t>(a.steps * F)), ss(vs.size()),
        dv(static_cast<std::size_t>(F)), dI(dv.size());
    lif_backward_rows(dcurrent, drate, current, beta, begin, end, F, a, vs.data(), ss.data(),
                      dv.data(), dI.data(), db.data() + p * F);
  });
  if (dbeta == nullptr) return;
  for (int p = 0; p < parts; ++p)
    for (Index f = 0; f < F; ++f)
      if (beta[f] > 0.0f && beta[f] < 1.0f) dbeta[f] += db[p * F + f];
}

}  // namespace cpu

}  // namespace ahenk::tensor
