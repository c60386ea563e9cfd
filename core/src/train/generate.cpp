// Token sampling over the model's Generation interface.
#include "ahenk/train/generate.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::train {

std::vector<double> sampling_distribution(const float* logits, std::int64_t V,
                                          const SampleOptions& o) {
  std::vector<double> p(static_cast<std::size_t>(V), 0.0);
  std::int64_t best = std::max_element(logits, logits + V) - logits;
  if (o.temperature <= 0) {
    p[static_cast<std::size_t>(best)] = 1.0;
    return p;
  }
  double max = logits[best], sum = 0;
  for (std::int64_t v = 0; v < V; ++v)
    sum += (p[v] = std::exp((double(logits[v]) - max) / o.temperature));
  for (auto& x : p) x /= sum;
  bool limit_k = o.top_k > 0 && o.top_k < V;
  if (limit_k || o.top_p < 1.0) {
    std::vector<std::int64_t> order(static_cast<std::size_t>(V));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] > p[b]; });
    std::int64_t keep = limit_k ? o.top_k : V;
    double mass = 0;
    for (std::int64_t i = 0; i < keep; ++i) {
      mass += p[order[i]];
      if (o.top_p < 1.0 && mass >= o.top_p) {
        keep = i + 1;
        break;
      }
    }
    double kept = 0;
    for (std::int64_t i = 0; i < V; ++i) {
      if (i < keep)
        kept += p[order[i]];
      else
        p[order[i]] = 0;
    }
    for (auto& x : p) x /= kept;
  }
  return p;
}

GenerationResult generate(nn::LanguageModel& model, tensor::Backend& backend,
                          const std::vector<std::int32_t>& prompt, const SampleOptions& o,
                          const std::function<bool(const SampledToken&)>& on_token) {
  if (prompt.empty())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "the prompt must hold at least one token"));
  if (o.top_p <= 0 || o.top_p > 1)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "top_p must be in (0, 1]"));
  using Clock = std::chrono::steady_clock;
  GenerationResult result;
  auto gen = model.start_generation(backend, o.bf16_weights);
  auto t0 = Clock::now();
  const float* logits = nullptr;
  for (auto id : prompt) logits = gen->step(id);
  result.prompt_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  t0 = Clock::now();
  std::mt19937_64 rng(o.seed);
  const std::int64_t V = model.vocab_size();
  for (std::int64_t i = 0; i < o.max_tokens; ++i) {
    auto dist = sampling_distribution(logits, V, o);
    std::discrete_distribution<std::int64_t> pick(dist.begin(), dist.end());
    SampledToken t;
    t.id = static_cast<std::int32_t>(
        o.temperature <= 0 ? std::max_element(dist.begin(), dist.end()) - dist.begin() : pick(rng));
    t.sampled_probability = dist[static_cast<std::size_t>(t.id)];
    double max = *std::max_element(logits, logits + V), sum = 0;
    for (std::int64_t v = 0; v < V; ++v) sum += std::exp(double(logits[v]) - max);
    t.probability = std::exp(double(logits[t.id]) - max) / sum;
    if (o.alternatives > 0) {
      std::vector<std::int32_t> order(static_cast<std::size_t>(V));
      for (std::int64_t v = 0; v < V; ++v) order[static_cast<std::size_t>(v)] = std::int32_t(v);
      const std::size_t n = std::min<std::size_t>(std::size_t(o.alternatives), order.size());
      std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(n), order.end(),
                        [&](std::int32_t a, std::int32_t b) { return logits[a] > logits[b]; });
      for (std::size_t k = 0; k < n; ++k)
        t.alternatives.emplace_back(order[k], std::exp(double(logits[order[k]]) - max) / sum);
    }
    result.tokens.push_back(t);
    if (on_token && !on_token(t)) break;
    if (i + 1 < o.max_tokens) logits = gen->step(t.id);
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return result;
}

}  // namespace ahenk::train
