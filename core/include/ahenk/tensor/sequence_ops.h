// The sequence ops of the Mamba and spiking models: their arguments (shared by every backend) and
// their plain scalar reference kernels, written to be read. Templates, so the gradient checks run
// them in double; the fast CPU kernels are tested against them. Every backward ACCUMULATES (+=).
//
// Selective scan (Mamba's S6, fused as mamba_ssm's selective_scan_fn with delta_softplus, a delta
// bias and the z gate): for batch b, channel d < Di and state s < S,
//   dt_t = softplus(delta_t + dt_bias)              (per b, t, d)
//   A    = -exp(A_log)                              (Di, S)
//   h_t  = exp(dt_t A) h_{t-1} + dt_t B_t u_t       (h_{-1} = the initial state, zero by default)
//   y_t  = (C_t . h_t + D u_t) * silu(z_t)          (no gate when z is null)
// B_t and C_t (S values each) are shared by all channels of a position. Rows of u, delta, z, B, C
// may be strided (they are column ranges of wider matrices).
//
// Depthwise causal conv1d with SiLU (Mamba's short convolution, PyTorch's Conv1d(groups=Di,
// padding=K-1) cut to T outputs): out[t, d] = silu(bias[d] + sum_k w[d, k] x[t - K + 1 + k, d]).
//
// Leaky integrate-and-fire neurons unrolled over `steps` time steps per token (snnTorch's Leaky
// with its default delayed reset): for each of the N x F neurons, with input current I,
//   v_t = beta v_{t-1} + x_t - threshold s_{t-1}        (reset by subtraction), or
//   v_t = (beta v_{t-1} + x_t) (1 - s_{t-1})           (reset to zero);  v_{-1} = s_{-1} = 0
//   s_t = H(v_t - threshold), its gradient replaced by a surrogate; the reset is not
//   differentiated (snnTorch detaches it). The output is the firing rate sum_t s_t / steps.
// Input encodings: x_t = I ("current", direct injection); x_t ~ Bernoulli(sigmoid(I)) ("rate");
// x_t = [t == round((1 - sigmoid(I)) (steps - 1))] ("latency", one spike, earlier when stronger).
// The two spike encodings are not differentiable: their gradient is the straight-through one,
// dI = sum_t dx_t sigmoid'(I). Bernoulli draws come from a counter-based hash of (seed, neuron,
// step), so a backward pass (or another backend) sees the same spikes as the forward pass.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace ahenk::tensor {

using Index = std::int64_t;

template <class F>
struct ScanArgsT {
  Index B = 0, T = 0, Di = 0, S = 0;
  const F* u = nullptr;  // (B*T rows, Di), row stride u_stride
  Index u_stride = 0;
  const F* delta = nullptr;  // before softplus, row stride delta_stride
  Index delta_stride = 0;
  const F* dt_bias = nullptr;  // (Di)
  const F* A_log = nullptr;    // (Di, S)
  const F* Bm = nullptr;       // (B*T rows, S), row stride bc_stride
  const F* Cm = nullptr;
  Index bc_stride = 0;
  const F* D = nullptr;  // (Di)
  const F* z = nullptr;  // (B*T rows, Di) gate, row stride z_stride; null: no gate
  Index z_stride = 0;
  // (B, Di, S): the state before the first step (read) and after the last (written); null: zero,
  // not kept. Generation runs the scan one token at a time (T = 1) through it.
  F* state = nullptr;
};
// Gradients with the strides of the matching inputs (dz only when z is set). All accumulate.
template <class F>
struct ScanGradsT {
  F* du = nullptr;
  F* ddelta = nullptr;
  F* ddt_bias = nullptr;
  F* dA_log = nullptr;
  F* dB = nullptr;
  F* dC = nullptr;
  F* dD = nullptr;
  F* dz = nullptr;
};
using ScanArgs = ScanArgsT<float>;
using ScanGrads = ScanGradsT<float>;

// The layout Mamba produces: u and delta contiguous (B*T, Di); B_t then C_t as 2S consecutive
// columns, starting at `bc`, of a (B*T, bc_stride) matrix (x_proj's output); z with row stride
// z_stride (a column range of in_proj's output), or null.
template <class F>
ScanArgsT<F> make_scan_args(Index B, Index T, Index Di, Index S, const F* u, const F* delta,
                            const F* dt_bias, const F* A_log, const F* D, const F* bc,
                            Index bc_stride, const F* z = nullptr, Index z_stride = 0) {
  ScanArgsT<F> a;
  a.B = B;
  a.T = T;
  a.Di = Di;
  a.S = S;
  a.u = u;
  a.u_stride = Di;
  a.delta = delta;
  a.delta_stride = Di;
  a.dt_bias = dt_bias;
  a.A_log = A_log;
  a.Bm = bc;
  a.Cm = bc + S;
  a.bc_stride = bc_stride;
  a.D = D;
  a.z = z;
  a.z_stride = z_stride;
  return a;
}

enum class LifReset : std::uint8_t { subtract, zero };
enum class Surrogate : std::uint8_t { fast_sigmoid, atan };
enum class SpikeEncoding : std::uint8_t { current, rate, latency };

struct LifArgs {
  Index steps = 4;
  float threshold = 1.0f;
  LifReset reset = LifReset::subtract;
  Surrogate surrogate = Surrogate::fast_sigmoid;
  float slope =
      25.0f;  // fast sigmoid: 1 / (slope |x| + 1)^2; atan: (slope/2) / (1 + (pi/2 slope x)^2)
  SpikeEncoding encoding = SpikeEncoding::current;
  std::uint64_t seed = 0;  // rate encoding's draws
};

namespace reference {

template <class F>
F softplus(F x) {
  return x > F(20) ? x : std::log1p(std::exp(x));
}
template <class F>
F sigmoid(F x) {
  return F(1) / (F(1) + std::exp(-x));
}
template <class F>
F silu(F x) {
  return x * sigmoid(x);
}
template <class F>
F silu_grad(F x) {  // d silu / dx
  F s = sigmoid(x);
  return s * (F(1) + x * (F(1) - s));
}

// Scan the recurrence sequentially; `states` (B*T, Di, S), when non-null, receives every h_t.
template <class F>
void selective_scan_forward(const ScanArgsT<F>& a, F* out, F* states = nullptr) {
  const Index Di = a.Di, S = a.S;
  std::vector<F> h(static_cast<std::size_t>(Di * S));
  for (Index b = 0; b < a.B; ++b) {
    if (a.state != nullptr)
      std::copy(a.state + b * Di * S, a.state + (b + 1) * Di * S, h.begin());
    else
      std::fill(h.begin(), h.end(), F(0));
    for (Index t = 0; t < a.T; ++t) {
      const Index row = b * a.T + t;
      const F* Bt = a.Bm + row * a.bc_stride;
      const F* Ct = a.Cm + row * a.bc_stride;
      for (Index d = 0; d < Di; ++d) {
        F dt = softplus(a.delta[row * a.delta_stride + d] + a.dt_bias[d]);
        F x = a.u[row * a.u_stride + d];
        F y = 0;
        for (Index s = 0; s < S; ++s) {
          F A = -std::exp(a.A_log[d * S + s]);
          F& hs = h[static_cast<std::size_t>(d * S + s)];
          hs = std::exp(dt * A) * hs + dt * Bt[s] * x;
          y += Ct[s] * hs;
        }
        y += a.D[d] * x;
        if (a.z != nullptr) y *= silu(a.z[row * a.z_stride + d]);
        out[row * Di + d] = y;
        if (states != nullptr)
          std::copy(h.begin() + d * S, h.begin() + (d + 1) * S, states + (row * Di + d) * S);
      }
    }
    if (a.state != nullptr) std::copy(h.begin(), h.end(), a.state + b * Di * S);
  }
}

// Backpropagation through time: dL/dh_t = C_t dy'_t + exp(dt_{t+1} A) dL/dh_{t+1}. dout (B*T, Di).
// Training scans start from a zero state: a.state must be null here.
template <class F>
void selective_scan_backward(const ScanArgsT<F>& a, const ScanGradsT<F>& g, const F* dout) {
  const Index Di = a.Di, S = a.S, N = a.B * a.T;
  std::vector<F> out(static_cast<std::size_t>(N * Di)), h(static_cast<std::size_t>(N * Di * S));
  selective_scan_forward(a, out.data(), h.data());
  std::vector<F> G(static_cast<std::size_t>(Di * S));
  for (Index b = 0; b < a.B; ++b) {
    std::fill(G.begin(), G.end(), F(0));
    for (Index t = a.T; t-- > 0;) {
      const Index row = b * a.T + t;
      const F* Bt = a.Bm + row * a.bc_stride;
      const F* Ct = a.Cm + row * a.bc_stride;
      for (Index d = 0; d < Di; ++d) {
        F raw = a.delta[row * a.delta_stride + d] + a.dt_bias[d];
        F dt = softplus(raw);
        F x = a.u[row * a.u_stride + d];
        const F* ht = &h[static_cast<std::size_t>((row * Di + d) * S)];
        F dy = dout[row * Di + d];
        if (a.z != nullptr) {
          F zv = a.z[row * a.z_stride + d];
          F pre = 0;
          for (Index s = 0; s < S; ++s) pre += Ct[s] * ht[s];
          pre += a.D[d] * x;
          g.dz[row * a.z_stride + d] += dy * pre * silu_grad(zv);
          dy *= silu(zv);
        }
        g.dD[d] += dy * x;
        F dx = dy * a.D[d], ddt = 0;
        for (Index s = 0; s < S; ++s) {
          F A = -std::exp(a.A_log[d * S + s]);
          F prev = t > 0 ? h[static_cast<std::size_t>(((row - 1) * Di + d) * S + s)] : F(0);
          F& Gs = G[static_cast<std::size_t>(d * S + s)];
          Gs += dy * Ct[s];
          g.dC[row * a.bc_stride + s] += dy * ht[s];
          F decay = std::exp(dt * A);
          ddt += Gs * (prev * decay * A + Bt[s] * x);
          g.dA_log[d * S + s] += Gs * prev * decay * dt * A;  // dA/dA_log = A
          g.dB[row * a.bc_stride + s] += Gs * dt * x;
          dx += Gs * dt * Bt[s];
          Gs *= decay;
        }
        g.du[row * a.u_stride + d] += dx;
        F dd = ddt * sigmoid(raw);
        g.ddelta[row * a.delta_stride + d] += dd;
        g.ddt_bias[d] += dd;
      }
    }
  }
}

// The pre-activation of output (b, t, d): bias[d] + sum_k w[d, k] x[t - K + 1 + k, d].
template <class F>
F causal_conv1d_pre(const F* x, Index x_stride, const F* w, const F* bias, Index b, Index t,
                    Index d, Index T, Index K) {
  F pre = bias[d];
  for (Index k = 0; k < K; ++k) {
    Index src = t - K + 1 + k;
    if (src >= 0) pre += w[d * K + k] * x[(b * T + src) * x_stride + d];
  }
  return pre;
}

// x (B*T rows, Di) with row stride x_stride; w (Di, K); bias (Di); out (B*T, Di) contiguous.
template <class F>
void causal_conv1d_silu_forward(F* out, const F* x, Index x_stride, const F* w, const F* bias,
                                Index B, Index T, Index Di, Index K) {
  for (Index b = 0; b < B; ++b)
    for (Index t = 0; t < T; ++t)
      for (Index d = 0; d < Di; ++d)
        out[(b * T + t) * Di + d] = silu(causal_conv1d_pre(x, x_stride, w, bias, b, t, d, T, K));
}

template <class F>
void causal_conv1d_silu_backward(F* dx, F* dw, F* dbias, const F* dout, const F* x, Index x_stride,
                                 const F* w, const F* bias, Index B, Index T, Index Di, Index K) {
  for (Index b = 0; b < B; ++b)
    for (Index t = 0; t < T; ++t)
      for (Index d = 0; d < Di; ++d) {
        F pre = causal_conv1d_pre(x, x_stride, w, bias, b, t, d, T, K);
        F dpre = dout[(b * T + t) * Di + d] * silu_grad(pre);
        dbias[d] += dpre;
        for (Index k = 0; k < K; ++k) {
          Index src = t - K + 1 + k;
          if (src < 0) continue;
          dw[d * K + k] += dpre * x[(b * T + src) * x_stride + d];
          dx[(b * T + src) * x_stride + d] += dpre * w[d * K + k];
        }
      }
}

// A uniform number in [0, 1) from (seed, neuron, step): splitmix64 of their combination.
inline double hash_uniform(std::uint64_t seed, std::uint64_t neuron, std::uint64_t step) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (neuron * 0x100000001B3ull + step + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return double(z >> 11) * (1.0 / 9007199254740992.0);
}

// The input x_t of neuron n at step t for current I (see the encodings above).
template <class F>
F lif_input(const LifArgs& a, F current, Index neuron, Index t) {
  switch (a.encoding) {
    case SpikeEncoding::current:
      return current;
    case SpikeEncoding::rate:
      return hash_uniform(a.seed, std::uint64_t(neuron), std::uint64_t(t)) <
                     double(sigmoid(current))
                 ? F(1)
                 : F(0);
    case SpikeEncoding::latency: {
      double fire = std::round((1.0 - double(sigmoid(current))) * double(a.steps - 1));
      return double(t) == fire ? F(1) : F(0);
    }
  }
  return current;
}

template <class F>
F surrogate_grad(const LifArgs& a, F x) {  // x = v - threshold
  const F k = F(a.slope);
  if (a.surrogate == Surrogate::fast_sigmoid) {
    F d = k * std::abs(x) + F(1);
    return F(1) / (d * d);
  }
  const F pi = F(3.14159265358979323846);
  F q = pi / F(2) * k * x;
  return k / F(2) / (F(1) + q * q);
}

// A smooth function whose derivative is the surrogate (x / (1 + slope |x|) for the fast sigmoid,
// arctan(pi/2 slope x) / pi for ATan): the gradient checks count it instead of the spike, so finite
// differences of the forward pass test the surrogate backward.
template <class F>
F surrogate_primitive(const LifArgs& a, F x) {
  const F k = F(a.slope);
  if (a.surrogate == Surrogate::fast_sigmoid) return x / (F(1) + k * std::abs(x));
  const F pi = F(3.14159265358979323846);
  return std::atan(pi / F(2) * k * x) / pi;
}

// current (N, F); beta (F) per neuron, clamped to [0, 1]; rate (N, F). When `membrane` / `spikes`
// are non-null they receive v_t and s_t as (N, steps, F). `smooth_rate` (gradient checks only):
// the rate sums surrogate_primitive(v_t - threshold) instead of s_t; the dynamics are unchanged.
template <class F>
void lif_forward(F* rate, const F* current, const F* beta, Index N, Index Fn, const LifArgs& a,
                 F* membrane = nullptr, F* spikes = nullptr, bool smooth_rate = false) {
  const F thr = F(a.threshold);
  for (Index n = 0; n < N; ++n)
    for (Index f = 0; f < Fn; ++f) {
      const F b = std::clamp(beta[f], F(0), F(1));
      const F I = current[n * Fn + f];
      F v = 0, s = 0, count = 0;
      for (Index t = 0; t < a.steps; ++t) {
        F x = lif_input(a, I, n * Fn + f, t);
        v = a.reset == LifReset::subtract ? b * v + x - thr * s : (b * v + x) * (F(1) - s);
        s = v > thr ? F(1) : F(0);
        count += smooth_rate ? surrogate_primitive(a, v - thr) : s;
        if (membrane != nullptr) membrane[(n * a.steps + t) * Fn + f] = v;
        if (spikes != nullptr) spikes[(n * a.steps + t) * Fn + f] = s;
      }
      rate[n * Fn + f] = count / F(a.steps);
    }
}

// dcurrent (N, F) and dbeta (F) accumulate; dbeta may be null (beta not learned).
template <class F>
void lif_backward(F* dcurrent, F* dbeta, const F* drate, const F* current, const F* beta, Index N,
                  Index Fn, const LifArgs& a) {
  const F thr = F(a.threshold);
  std::vector<F> v(static_cast<std::size_t>(a.steps)), s(v.size()), x(v.size());
  for (Index n = 0; n < N; ++n)
    for (Index f = 0; f < Fn; ++f) {
      const F b_raw = beta[f];
      const F b = std::clamp(b_raw, F(0), F(1));
      const F I = current[n * Fn + f];
      F vp = 0, sp = 0;
      for (Index t = 0; t < a.steps; ++t) {
        std::size_t i = static_cast<std::size_t>(t);
        x[i] = lif_input(a, I, n * Fn + f, t);
        vp = a.reset == LifReset::subtract ? b * vp + x[i] - thr * sp
                                           : (b * vp + x[i]) * (F(1) - sp);
        sp = vp > thr ? F(1) : F(0);
        v[i] = vp;
        s[i] = sp;
      }
      const F ds = drate[n * Fn + f] / F(a.steps);  // each s_t counts 1/steps in the rate
      F dv = 0, dI = 0, db = 0;
      for (Index t = a.steps; t-- > 0;) {
        std::size_t i = static_cast<std::size_t>(t);
        // dv holds dL/dv_{t+1} * dv_{t+1}/dv_t from the step after; add this step's spike.
        dv += ds * surrogate_grad(a, v[i] - thr);
        F keep = a.reset == LifReset::zero && t > 0 ? F(1) - s[i - 1] : F(1);
        F prev = t > 0 ? v[i - 1] : F(0);
        dI += dv * keep;  // dv_t/dx_t
        db += dv * keep * prev;
        dv = dv * keep * b;  // dv_t/dv_{t-1}
      }
      if (a.encoding != SpikeEncoding::current) {
        F sg = sigmoid(I);
        dI *= sg * (F(1) - sg);  // straight-through: each x_t treated as sigmoid(I)
      }
      dcurrent[n * Fn + f] += dI;
      if (dbeta != nullptr && b_raw > F(0) && b_raw < F(1)) dbeta[f] += db;
    }
}

}  // namespace reference
}  // namespace ahenk::tensor
