#include "ahenk/nn/inspect.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "ahenk/message.h"
#include "ahenk/nn/mamba.h"
#include "ahenk/nn/transformer.h"
#include "ahenk/tensor/reference.h"
#include "ahenk/tensor/sequence_ops.h"

namespace ahenk::nn {
namespace {

// Eigenvalues (descending) and eigenvectors (columns of V, d x d) of the symmetric matrix A (d x
// d), by cyclic Jacobi sweeps until the off-diagonal mass is negligible.
void jacobi_eigen(std::vector<double>& A, Index d, std::vector<double>& values,
                  std::vector<double>& V) {
  V.assign(std::size_t(d * d), 0.0);
  for (Index i = 0; i < d; ++i) V[std::size_t(i * d + i)] = 1.0;
  auto a = [&](Index i, Index j) -> double& { return A[std::size_t(i * d + j)]; };
  double total = 0;
  for (double x : A) total += x * x;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0;
    for (Index i = 0; i < d; ++i)
      for (Index j = i + 1; j < d; ++j) off += a(i, j) * a(i, j);
    if (off <= 1e-22 * total || off == 0) break;
    for (Index p = 0; p < d; ++p)
      for (Index q = p + 1; q < d; ++q) {
        const double apq = a(p, q);
        if (std::abs(apq) < 1e-300) continue;
        const double tau = (a(q, q) - a(p, p)) / (2 * apq);
        const double t = (tau >= 0 ? 1.0 : -1.0) / (std::abs(tau) + std::sqrt(1 + tau * tau));
        const double c = 1 / std::sqrt(1 + t * t), s = t * c;
        for (Index k = 0; k < d; ++k) {  // A <- A J (columns p, q)
          const double akp = a(k, p), akq = a(k, q);
          a(k, p) = c * akp - s * akq;
          a(k, q) = s * akp + c * akq;
        }
        for (Index k = 0; k < d; ++k) {  // A <- J^T A (rows p, q)
          const double apk = a(p, k), aqk = a(q, k);
          a(p, k) = c * apk - s * aqk;
          a(q, k) = s * apk + c * aqk;
        }
        for (Index k = 0; k < d; ++k) {
          double& vkp = V[std::size_t(k * d + p)];
          double& vkq = V[std::size_t(k * d + q)];
          const double x = vkp, y = vkq;
          vkp = c * x - s * y;
          vkq = s * x + c * y;
        }
      }
  }
  values.resize(std::size_t(d));
  for (Index i = 0; i < d; ++i) values[std::size_t(i)] = a(i, i);
}

// `message`: the caller's "... needs a model with attention; this is a %1 model".
Transformer& attention_model(LanguageModel& model, const char* message) {
  auto* t = dynamic_cast<Transformer*>(&model);
  if (t == nullptr) throw InvalidArgument(message, {model.arch()});
  return *t;
}

Probes run_probes(LanguageModel& model, const std::vector<std::int32_t>& tokens, Probes probes) {
  if (tokens.empty())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "no tokens to run the model on"));
  if (Index(tokens.size()) > model.context())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "%1 tokens exceed the context of %2"),
                          {std::to_string(tokens.size()), std::to_string(model.context())});
  tensor::Tape tape(tensor::cpu_backend());
  tape.set_grad_enabled(false);
  std::vector<std::int32_t> targets(tokens.size(), -1);
  const Index T = Index(tokens.size());
  model.forward_backward(tape, tokens.data(), targets.data(), 1, T, 1.0f, &probes);
  return probes;
}

}  // namespace

Projection pca(const float* X, Index n, Index d, int components) {
  if (n < 2 || d < 1) throw std::invalid_argument("PCA needs at least 2 rows and 1 column");
  if (components < 1 || components > d)
    throw std::invalid_argument("PCA: " + std::to_string(components) + " components asked of a " +
                                std::to_string(d) + "-column matrix");
  std::vector<double> mean(std::size_t(d), 0.0);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < d; ++j) mean[std::size_t(j)] += X[i * d + j];
  for (double& m : mean) m /= double(n);
  std::vector<double> cov(static_cast<std::size_t>(d * d), 0.0), row(static_cast<std::size_t>(d));
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < d; ++j) row[std::size_t(j)] = X[i * d + j] - mean[std::size_t(j)];
    for (Index j = 0; j < d; ++j) {
      const double rj = row[std::size_t(j)];
      double* c = &cov[std::size_t(j * d)];
      for (Index k = j; k < d; ++k) c[k] += rj * row[std::size_t(k)];
    }
  }
  for (Index j = 0; j < d; ++j)
    for (Index k = j; k < d; ++k) {
      cov[std::size_t(j * d + k)] /= double(n - 1);
      cov[std::size_t(k * d + j)] = cov[std::size_t(j * d + k)];
    }
  std::vector<double> values, V;
  jacobi_eigen(cov, d, values, V);
  std::vector<Index> order(static_cast<std::size_t>(d));
  for (Index i = 0; i < d; ++i) order[std::size_t(i)] = i;
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    return values[std::size_t(a)] > values[std::size_t(b)];
  });
  double total = 0;
  for (double v : values) total += std::max(v, 0.0);
  Projection out;
  out.points = n;
  out.dims = components;
  std::vector<double> axes(std::size_t(components * d));
  for (int c = 0; c < components; ++c) {
    const Index col = order[std::size_t(c)];
    Index biggest = 0;
    for (Index k = 0; k < d; ++k)
      if (std::abs(V[std::size_t(k * d + col)]) > std::abs(V[std::size_t(biggest * d + col)]))
        biggest = k;
    const double sign = V[std::size_t(biggest * d + col)] < 0 ? -1.0 : 1.0;
    for (Index k = 0; k < d; ++k) axes[std::size_t(c * d + k)] = sign * V[std::size_t(k * d + col)];
    out.variance_ratio.push_back(total > 0 ? std::max(values[std::size_t(col)], 0.0) / total : 0);
  }
  out.coords.resize(std::size_t(n * components));
  for (Index i = 0; i < n; ++i)
    for (int c = 0; c < components; ++c) {
      double s = 0;
      for (Index k = 0; k < d; ++k)
        s += (X[i * d + k] - mean[std::size_t(k)]) * axes[std::size_t(c * d + k)];
      out.coords[std::size_t(i * components + c)] = float(s);
    }
  return out;
}

Projection pca(const tensor::Tensor& X, int components) {
  if (X.shape().rank() != 2) throw std::invalid_argument("PCA needs a matrix");
  return pca(X.data(), X.dim(0), X.dim(1), components);
}

const tensor::Tensor& token_embeddings(LanguageModel& model) {
  for (const auto& p : model.parameters())
    if (p.name == "embed.weight") return p.value;
  throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "this %1 model has no embed.weight parameter"),
                        {model.arch()});
}

std::vector<std::pair<Index, float>> nearest_neighbours(const tensor::Tensor& X, Index of, int k) {
  const Index n = X.dim(0), d = X.dim(1);
  if (of < 0 || of >= n) throw std::invalid_argument("row " + std::to_string(of) + " out of range");
  auto norm = [&](Index i) {
    double s = 0;
    for (Index j = 0; j < d; ++j) s += double(X.data()[i * d + j]) * X.data()[i * d + j];
    return std::sqrt(s);
  };
  const double self = norm(of);
  std::vector<std::pair<Index, float>> all;
  all.reserve(std::size_t(n));
  for (Index i = 0; i < n; ++i) {
    if (i == of) continue;
    double dot = 0;
    for (Index j = 0; j < d; ++j) dot += double(X.data()[i * d + j]) * X.data()[of * d + j];
    const double denom = self * norm(i);
    all.emplace_back(i, denom > 0 ? float(dot / denom) : 0.0f);
  }
  const std::size_t keep = std::min<std::size_t>(std::size_t(std::max(k, 0)), all.size());
  std::partial_sort(all.begin(), all.begin() + long(keep), all.end(), [](auto& a, auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  all.resize(keep);
  return all;
}

AttentionCapture capture_attention(LanguageModel& model, const std::vector<std::int32_t>& tokens) {
  Transformer& t = attention_model(
      model, QT_TRANSLATE_NOOP(
                 "Engine", "an attention map needs a model with attention; this is a %1 model"));
  Probes probes;
  probes.attention_all = true;
  probes = run_probes(model, tokens, std::move(probes));
  AttentionCapture out;
  out.layers = t.config().n_layers;
  out.heads = t.config().n_heads;
  out.T = Index(tokens.size());
  out.p = std::move(probes.attention_maps);
  out.entropy = std::move(probes.attention_map_entropy);
  return out;
}

RopeDemo rope_demo(LanguageModel& model, const std::vector<std::int32_t>& tokens,
                   const RopeOptions& o) {
  Transformer& t = attention_model(
      model, QT_TRANSLATE_NOOP("Engine",
                               "the RoPE view needs a model with attention; this is a %1 model"));
  const auto& c = t.config();
  const Index D = c.head_dim(), half = D / 2, T = Index(tokens.size());
  if (o.layer < 0 || o.layer >= c.n_layers)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "layer %1 out of range (0-%2)"),
                          {std::to_string(o.layer), std::to_string(c.n_layers - 1)});
  if (o.head < 0 || o.head >= c.n_heads)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "head %1 out of range (0-%2)"),
                          {std::to_string(o.head), std::to_string(c.n_heads - 1)});
  if (o.band < 0 || o.band >= half)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "band %1 out of range (0-%2)"),
                          {std::to_string(o.band), std::to_string(half - 1)});
  if (o.positions < 1 || o.positions > 4096)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "positions must be between 1 and 4096"));
  Probes probes;
  probes.qkv_layer = o.layer;
  probes = run_probes(model, tokens, std::move(probes));
  const Index query = o.query < 0 ? T - 1 : o.query;
  if (query >= T || o.key < 0 || o.key >= T)
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "query and key positions must lie in the prompt (0-%1)"),
        {std::to_string(T - 1)});
  const Index C = c.d_model, C3 = 3 * C;
  auto q_of = [&](Index pos) { return probes.qkv.data() + pos * C3 + o.head * D; };
  auto k_of = [&](Index pos) { return probes.qkv.data() + pos * C3 + C + o.head * D; };
  RopeDemo out;
  out.head_dim = D;
  out.theta = o.theta > 0 ? o.theta : c.rope_theta;
  for (Index i = 0; i < half; ++i)
    out.wavelengths.push_back(2 * M_PI / tensor::reference::rope_angle(1, i, D, out.theta));
  // The rotated dot product of q placed at m and k at n, computed band by band.
  auto rotated = [&](const float* q, const float* k, Index m, Index n) {
    double s = 0;
    for (Index i = 0; i < half; ++i) {
      const double am = tensor::reference::rope_angle(m, i, D, out.theta);
      const double an = tensor::reference::rope_angle(n, i, D, out.theta);
      const double q0 = q[i] * std::cos(am) - q[i + half] * std::sin(am);
      const double q1 = q[i + half] * std::cos(am) + q[i] * std::sin(am);
      const double k0 = k[i] * std::cos(an) - k[i + half] * std::sin(an);
      const double k1 = k[i + half] * std::cos(an) + k[i] * std::sin(an);
      s += q0 * k0 + q1 * k1;
    }
    return s;
  };
  const float* q = q_of(query);
  const float* k = k_of(o.key);
  for (Index m = 0; m < o.positions; ++m) {
    const double a = tensor::reference::rope_angle(m, o.band, D, out.theta);
    for (const auto& [src, dst] : {std::pair{q, &out.q_circle}, std::pair{k, &out.k_circle}}) {
      const double x = src[o.band], y = src[o.band + half];
      dst->push_back(float(x * std::cos(a) - y * std::sin(a)));
      dst->push_back(float(y * std::cos(a) + x * std::sin(a)));
    }
  }
  for (Index i = 0; i < D; ++i) out.unrotated_dot += double(q[i]) * k[i];
  for (Index m = 0; m < o.positions; ++m)
    for (Index n = 0; n <= m; ++n) {
      out.distance.push_back(m - n);
      out.rotated_dot.push_back(rotated(q, k, m, n));
    }
  for (Index m = 0; m < T; ++m)
    for (Index n = 0; n <= m; ++n) {
      double plain = 0;
      for (Index i = 0; i < D; ++i) plain += double(q_of(m)[i]) * k_of(n)[i];
      out.prompt_distance.push_back(m - n);
      out.prompt_unrotated.push_back(plain);
      out.prompt_rotated.push_back(rotated(q_of(m), k_of(n), m, n));
    }
  return out;
}

SpikeRaster capture_spikes(LanguageModel& model, const std::vector<std::int32_t>& tokens,
                           const SpikeOptions& o) {
  auto* t = dynamic_cast<Transformer*>(&model);
  if (t == nullptr || !t->config().spiking.enabled)
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "the spike raster needs a spiking model; this is a %1 model"),
        {model.arch()});
  const auto& c = t->config();
  if (o.layer < 0 || o.layer >= c.n_layers)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "layer %1 out of range (0-%2)"),
                          {std::to_string(o.layer), std::to_string(c.n_layers - 1)});
  Probes probes;
  probes.spike_stats = true;
  probes.spike_layer = o.layer;
  probes.spike_neurons = std::max(1, o.neurons);
  probes = run_probes(model, tokens, std::move(probes));
  SpikeRaster out;
  out.T = Index(tokens.size());
  out.steps = c.spiking.steps;
  out.neurons = Index(probes.spikes.size()) / std::max<Index>(1, out.T * out.steps);
  out.layer = o.layer;
  out.threshold = c.spiking.threshold;
  const tensor::LifArgs args = c.spiking.lif(0);
  out.surrogate.reserve(probes.membrane.size());
  for (float v : probes.membrane)
    out.surrogate.push_back(tensor::reference::surrogate_grad(args, v - args.threshold));
  out.spikes = std::move(probes.spikes);
  out.membrane = std::move(probes.membrane);
  out.firing_rate = std::move(probes.firing_rate);
  out.synaptic_ops_per_token = probes.synaptic_ops_per_token;
  out.dense_mlp_flops_per_token = probes.dense_mlp_flops_per_token;
  return out;
}

tensor::ScanTrace capture_scan(LanguageModel& model, const std::vector<std::int32_t>& tokens,
                               const ScanOptions& o) {
  auto* m = dynamic_cast<Mamba*>(&model);
  if (m == nullptr)
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "the scan view needs a Mamba model; this is a %1 model"),
        {model.arch()});
  const auto& c = m->config();
  if (o.layer < 0 || o.layer >= c.n_layers)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "layer %1 out of range (0-%2)"),
                          {std::to_string(o.layer), std::to_string(c.n_layers - 1)});
  if (o.channel < 0 || o.channel >= c.inner())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "channel %1 out of range (0-%2)"),
                          {std::to_string(o.channel), std::to_string(c.inner() - 1)});
  if (o.state < 0 || o.state >= c.d_state)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "state %1 out of range (0-%2)"),
                          {std::to_string(o.state), std::to_string(c.d_state - 1)});
  if (o.length < 1 || o.length > 1024)
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "the scan length must be between 1 and 1024"));
  const std::vector<std::int32_t> head(
      tokens.begin(), tokens.begin() + long(std::min<std::size_t>(tokens.size(), o.length)));
  Probes probes;
  probes.scan_layer = o.layer;
  probes.scan_channel = o.channel;
  probes.scan_state = o.state;
  probes = run_probes(model, head, std::move(probes));
  return tensor::trace_linear_scan(std::vector<double>(probes.scan_a.begin(), probes.scan_a.end()),
                                   std::vector<double>(probes.scan_b.begin(), probes.scan_b.end()));
}

}  // namespace ahenk::nn
