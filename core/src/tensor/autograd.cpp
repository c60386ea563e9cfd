// The tape and the differentiable ops: each op runs its forward kernel and records a closure that
// runs its backward kernel (which accumulates into the inputs' gradients).
#include "ahenk/tensor/autograd.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace ahenk::tensor {

Tape::Tape(Backend& backend, std::size_t arena_block_bytes)
    : backend_(backend), arena_(arena_block_bytes) {}

Var* Tape::parameter(Parameter& p) {
  Var& v = vars_.emplace_back();
  v.value = p.value;
  v.grad = p.grad;
  v.requires_grad = grad_enabled_;
  return &v;
}

Var* Tape::constant(const Tensor& t) {
  Var& v = vars_.emplace_back();
  v.value = t;
  return &v;
}

Var* Tape::output(const Shape& shape, bool requires_grad) {
  Var& v = vars_.emplace_back();
  v.value = arena_.empty(shape);
  v.requires_grad = requires_grad && grad_enabled_;
  return &v;
}

Tensor& Tape::grad(Var* v) {
  if (v->grad.defined()) return v->grad;
  const Index n = v->value.numel();
  for (auto it = free_grads_.begin(); it != free_grads_.end(); ++it)
    if (it->numel() == n) {
      v->grad = it->view(v->value.shape());
      free_grads_.erase(it);
      std::fill(v->grad.data(), v->grad.data() + n, 0.0f);
      return v->grad;
    }
  v->grad = arena_.zeros(v->value.shape());
  return v->grad;
}

void Tape::record(std::function<void()> backward, const char* op, Var* output) {
  if (!grad_enabled_) return;
  closures_.push_back(std::move(backward));
  closure_ops_.push_back(op);
  closure_outputs_.push_back(output);
}

OpProfile& Tape::profile_entry(const char* op) {
  for (auto& [name, entry] : profile_)
    if (name == op) return entry;
  return profile_.emplace_back(op, OpProfile{}).second;
}

void Tape::backward() {
  for (std::size_t i = closures_.size(); i-- > 0;) {
    if (!profile_on_) {
      closures_[i]();
    } else {
      auto t0 = std::chrono::steady_clock::now();
      closures_[i]();
      profile_entry(closure_ops_[i]).backward_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    if (Var* out = closure_outputs_[i]; out != nullptr && out->grad.defined()) {
      free_grads_.push_back(out->grad);
      out->grad = Tensor();
    }
  }
  closures_.clear();
  closure_ops_.clear();
  closure_outputs_.clear();
}

void Tape::reset() {
  closures_.clear();
  closure_ops_.clear();
  closure_outputs_.clear();
  free_grads_.clear();
  vars_.clear();
  arena_.reset();
}

namespace {

// Times an op's forward kernel when the tape profiles.
class ForwardTimer {
 public:
  ForwardTimer(Tape& tape, const char* op) : tape_(tape), op_(op) {
    if (tape.profiling()) start_ = std::chrono::steady_clock::now();
  }
  ~ForwardTimer() {
    if (!tape_.profiling()) return;
    OpProfile& e = tape_.profile_entry(op_);
    e.forward_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    ++e.calls;
  }

 private:
  Tape& tape_;
  const char* op_;
  std::chrono::steady_clock::time_point start_;
};

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

}  // namespace

Var* embedding(Tape& tape, const std::int32_t* ids, Index N, Var* table) {
  ForwardTimer timer(tape, "embedding");
  Index C = table->value.dim(1);
  Var* out = tape.output({N, C}, table->requires_grad);
  tape.backend().embedding_forward(out->value.data(), ids, table->value.data(), N, C);
  if (out->requires_grad)
    tape.record(
        [&tape, out, table, ids, N, C] {
          if (!out->grad.defined()) return;
          tape.backend().embedding_backward(tape.grad(table).data(), ids, out->grad.data(), N, C);
        },
        "embedding", out);
  return out;
}

Var* linear(Tape& tape, Var* x, Var* weight) {
  ForwardTimer timer(tape, "linear");
  Index N = x->value.dim(0), I = x->value.dim(1), O = weight->value.dim(0);
  require(weight->value.dim(1) == I, "linear: input " + x->value.shape().str() +
                                         " does not match weight " + weight->value.shape().str());
  Var* out = tape.output({N, O}, x->requires_grad || weight->requires_grad);
  tape.backend().gemm(false, true, N, O, I, 1.0f, x->value.data(), I, weight->value.data(), I, 0.0f,
                      out->value.data(), O);
  if (out->requires_grad)
    tape.record(
        [&tape, out, x, weight, N, I, O] {
          if (!out->grad.defined()) return;
          Backend& be = tape.backend();
          if (x->requires_grad)  // dx (N, I) += dout (N, O) W (O, I)
            be.gemm(false, false, N, I, O, 1.0f, out->grad.data(), O, weight->value.data(), I, 1.0f,
                    tape.grad(x).data(), I);
          if (weight->requires_grad)  // dW (O, I) += dout^T x
            be.gemm(true, false, O, I, N, 1.0f, out->grad.data(), O, x->value.data(), I, 1.0f,
                    tape.grad(weight).data(), I);
        },
        "linear", out);
  return out;
}

Var* rmsnorm(Tape& tape, Var* x, Var* weight, float eps) {
  ForwardTimer timer(tape, "rmsnorm");
  Index N = x->value.dim(0), C = x->value.dim(1);
  Var* out = tape.output({N, C}, x->requires_grad || weight->requires_grad);
  Tensor rstd = tape.arena().empty({N});
  tape.backend().rmsnorm_forward(out->value.data(), rstd.data(), x->value.data(),
                                 weight->value.data(), N, C, eps);
  if (out->requires_grad)
    tape.record(
        [&tape, out, x, weight, rstd, N, C] {
          if (!out->grad.defined()) return;
          tape.backend().rmsnorm_backward(tape.grad(x).data(), tape.grad(weight).data(),
                                          out->grad.data(), x->value.data(), weight->value.data(),
                                          rstd.data(), N, C);
        },
        "rmsnorm", out);
  return out;
}

Var* rope_qkv(Tape& tape, Var* qkv, Index B, Index T, Index H, double theta) {
  ForwardTimer timer(tape, "rope");
  Index C3 = qkv->value.dim(1), C = C3 / 3, D = C / H;
  require(C3 == 3 * C && C == H * D && D % 2 == 0,
          "rope: bad qkv shape " + qkv->value.shape().str());
  Var* out = tape.output(qkv->value.shape(), qkv->requires_grad);
  Backend& be = tape.backend();
  float* y = out->value.data();
  const float* x = qkv->value.data();
  be.rope_forward(y, x, B, T, H, D, C3, C3, theta, 0);          // queries
  be.rope_forward(y + C, x + C, B, T, H, D, C3, C3, theta, 0);  // keys
  for (Index row = 0; row < B * T; ++row)                       // values pass through
    std::copy(x + row * C3 + 2 * C, x + row * C3 + 3 * C, y + row * C3 + 2 * C);
  if (out->requires_grad)
    tape.record(
        [&tape, out, qkv, B, T, H, D, C, C3, theta] {
          if (!out->grad.defined()) return;
          Backend& b = tape.backend();
          float* dx = tape.grad(qkv).data();
          const float* dy = out->grad.data();
          b.rope_backward(dx, dy, B, T, H, D, C3, C3, theta, 0);
          b.rope_backward(dx + C, dy + C, B, T, H, D, C3, C3, theta, 0);
          for (Index row = 0; row < B * T; ++row)
            for (Index c = 2 * C; c < 3 * C; ++c) dx[row * C3 + c] += dy[row * C3 + c];
        },
        "rope", out);
  return out;
}

Var* attention(Tape& tape, Var* qkv, Index B, Index T, Index H, Tensor* lse_out) {
  ForwardTimer timer(tape, "attention");
  Index C3 = qkv->value.dim(1), C = C3 / 3, D = C / H;
  require(C == H * D && qkv->value.dim(0) == B * T,
          "attention: bad qkv shape " + qkv->value.shape().str());
  Var* out = tape.output({B * T, C}, qkv->requires_grad);
  Tensor lse = tape.arena().empty({B, H, T});
  tape.backend().attention_forward(out->value.data(), lse.data(), qkv->value.data(), B, T, H, D);
  if (lse_out != nullptr) *lse_out = lse;
  if (out->requires_grad)
    tape.record(
        [&tape, out, qkv, lse, B, T, H, D] {
          if (!out->grad.defined()) return;
          tape.backend().attention_backward(tape.grad(qkv).data(), out->grad.data(),
                                            out->value.data(), lse.data(), qkv->value.data(), B, T,
                                            H, D);
        },
        "attention", out);
  return out;
}

Var* swiglu(Tape& tape, Var* x) {
  ForwardTimer timer(tape, "swiglu");
  Index N = x->value.dim(0), Hd = x->value.dim(1) / 2;
  Var* out = tape.output({N, Hd}, x->requires_grad);
  tape.backend().swiglu_forward(out->value.data(), x->value.data(), N, Hd);
  if (out->requires_grad)
    tape.record(
        [&tape, out, x, N, Hd] {
          if (!out->grad.defined()) return;
          tape.backend().swiglu_backward(tape.grad(x).data(), out->grad.data(), x->value.data(), N,
                                         Hd);
        },
        "swiglu", out);
  return out;
}

Var* add(Tape& tape, Var* a, Var* b) {
  ForwardTimer timer(tape, "add");
  require(a->value.shape() == b->value.shape(), "add: shapes differ");
  Var* out = tape.output(a->value.shape(), a->requires_grad || b->requires_grad);
  Index n = a->value.numel();
  tape.backend().add(out->value.data(), a->value.data(), b->value.data(), n);
  if (out->requires_grad)
    tape.record(
        [&tape, out, a, b, n] {
          if (!out->grad.defined()) return;
          if (a->requires_grad) tape.backend().accumulate(tape.grad(a).data(), out->grad.data(), n);
          if (b->requires_grad) tape.backend().accumulate(tape.grad(b).data(), out->grad.data(), n);
        },
        "add", out);
  return out;
}

Var* slice_columns(Tape& tape, Var* x, Index first, Index count) {
  ForwardTimer timer(tape, "slice");
  const Index N = x->value.dim(0), W = x->value.dim(1);
  require(first >= 0 && count > 0 && first + count <= W, "slice_columns: columns out of range");
  Var* out = tape.output({N, count}, x->requires_grad);
  const float* src = x->value.data();
  float* dst = out->value.data();
  for (Index n = 0; n < N; ++n)
    std::copy(src + n * W + first, src + n * W + first + count, dst + n * count);
  if (out->requires_grad)
    tape.record(
        [&tape, out, x, first, count, N, W] {
          if (!out->grad.defined()) return;
          float* dx = tape.grad(x).data();
          const float* dy = out->grad.data();
          for (Index n = 0; n < N; ++n)
            for (Index c = 0; c < count; ++c) dx[n * W + first + c] += dy[n * count + c];
        },
        "slice", out);
  return out;
}

Var* causal_conv1d_silu(Tape& tape, Var* x, Index first, Var* weight, Var* bias, Index B, Index T) {
  ForwardTimer timer(tape, "conv1d");
  const Index Di = weight->value.dim(0), K = weight->value.dim(1), W = x->value.dim(1);
  require(x->value.dim(0) == B * T && first >= 0 && first + Di <= W && bias->value.numel() == Di,
          "causal_conv1d: shapes do not match");
  Var* out =
      tape.output({B * T, Di}, x->requires_grad || weight->requires_grad || bias->requires_grad);
  tape.backend().causal_conv1d_silu_forward(out->value.data(), x->value.data() + first, W,
                                            weight->value.data(), bias->value.data(), B, T, Di, K);
  if (out->requires_grad)
    tape.record(
        [&tape, out, x, first, weight, bias, B, T, Di, K, W] {
          if (!out->grad.defined()) return;
          tape.backend().causal_conv1d_silu_backward(
              tape.grad(x).data() + first, tape.grad(weight).data(), tape.grad(bias).data(),
              out->grad.data(), x->value.data() + first, W, weight->value.data(),
              bias->value.data(), B, T, Di, K);
        },
        "conv1d", out);
  return out;
}

Var* selective_scan(Tape& tape, const ScanInputs& in, Index B, Index T) {
  ForwardTimer timer(tape, "scan");
  const Index Di = in.A_log->value.dim(0), S = in.A_log->value.dim(1);
  const Index N = B * T, W = in.bc->value.dim(1);
  require(in.u->value.dim(0) == N && in.u->value.dim(1) == Di && in.delta->value.dim(1) == Di &&
              in.b_col + 2 * S <= W && in.dt_bias->value.numel() == Di &&
              in.D->value.numel() == Di && (in.z == nullptr || in.z_col + Di <= in.z->value.dim(1)),
          "selective_scan: shapes do not match");
  const ScanArgs a = make_scan_args(B, T, Di, S, in.u->value.data(), in.delta->value.data(),
                                    in.dt_bias->value.data(), in.A_log->value.data(),
                                    in.D->value.data(), in.bc->value.data() + in.b_col, W,
                                    in.z != nullptr ? in.z->value.data() + in.z_col : nullptr,
                                    in.z != nullptr ? in.z->value.dim(1) : 0);
  bool needs = false;
  for (Var* v : {in.u, in.delta, in.dt_bias, in.A_log, in.bc, in.D, in.z})
    needs = needs || (v != nullptr && v->requires_grad);
  Var* out = tape.output({N, Di}, needs);
  Tensor chunks;
  if (out->requires_grad) chunks = tape.arena().empty({Backend::scan_chunk_states_size(a)});
  tape.backend().selective_scan_forward(a, out->value.data(),
                                        chunks.defined() ? chunks.data() : nullptr);
  if (out->requires_grad)
    tape.record(
        [&tape, out, in, a, chunks] {
          if (!out->grad.defined()) return;
          ScanGrads g;
          g.du = tape.grad(in.u).data();
          g.ddelta = tape.grad(in.delta).data();
          g.ddt_bias = tape.grad(in.dt_bias).data();
          g.dA_log = tape.grad(in.A_log).data();
          float* dbc = tape.grad(in.bc).data();
          g.dB = dbc + in.b_col;
          g.dC = dbc + in.b_col + a.S;
          g.dD = tape.grad(in.D).data();
          if (in.z != nullptr) g.dz = tape.grad(in.z).data() + in.z_col;
          tape.backend().selective_scan_backward(a, g, out->grad.data(), chunks.data());
        },
        "scan", out);
  return out;
}

Var* lif(Tape& tape, Var* current, Var* beta, const LifArgs& args) {
  ForwardTimer timer(tape, "lif");
  const Index N = current->value.dim(0), F = current->value.dim(1);
  require(beta->value.numel() == F, "lif: beta must have one value per neuron");
  require(args.steps > 0, "lif: steps must be positive");
  Var* out = tape.output({N, F}, current->requires_grad || beta->requires_grad);
  tape.backend().lif_forward(out->value.data(), current->value.data(), beta->value.data(), N, F,
                             args);
  if (out->requires_grad)
    tape.record(
        [&tape, out, current, beta, args, N, F] {
          if (!out->grad.defined()) return;
          tape.backend().lif_backward(
              tape.grad(current).data(), beta->requires_grad ? tape.grad(beta).data() : nullptr,
              out->grad.data(), current->value.data(), beta->value.data(), N, F, args);
        },
        "lif", out);
  return out;
}

LossResult cross_entropy(Tape& tape, Var* x, Var* weight, const std::int32_t* targets,
                         float grad_scale) {
  ForwardTimer timer(tape, "cross_entropy");
  Index N = x->value.dim(0), C = x->value.dim(1), V = weight->value.dim(0);
  require(weight->value.dim(1) == C, "cross_entropy: x and weight widths differ");
  LossResult result;
  bool gradients = tape.grad_enabled() && (x->requires_grad || weight->requires_grad);
  // Both gradients come out of the same chunked pass; a parameter's gradient tensor is persistent.
  float* dx = gradients ? tape.grad(x).data() : nullptr;
  float* dw = gradients ? tape.grad(weight).data() : nullptr;
  result.sum = tape.backend().cross_entropy_forward_backward(
      dx, dw, x->value.data(), weight->value.data(), targets, N, C, V, grad_scale, &result.count);
  return result;
}

}  // namespace ahenk::tensor
