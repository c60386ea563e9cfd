// Sampling text from a model with its KV cache: temperature, top-k, top-p (nucleus), a seed, and
// the probability of every chosen token.
//
//   ahenk::train::SampleOptions opt{.max_tokens = 200, .temperature = 0.8, .top_k = 40, .seed = 7};
//   auto out = ahenk::train::generate(*model, tensor::cpu_backend(), prompt_ids, opt,
//                                     [](const ahenk::train::SampledToken& t) { ... stream ... });
//
// temperature 0 is greedy decoding. Threading: the calling thread; the callback runs on it too.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "ahenk/nn/model.h"

namespace ahenk::train {

struct SampleOptions {
  std::int64_t max_tokens = 200;
  double temperature = 1.0;
  std::int64_t top_k = 0;  // 0: no limit
  double top_p = 1.0;      // 1: no limit
  std::uint64_t seed = 1337;
  bool bf16_weights = false;  // stream bfloat16 copies of the weights (faster; logits within ~1%)
  int alternatives = 0;       // report this many most likely tokens at each step (0: none)
};

struct SampledToken {
  std::int32_t id = 0;
  double probability = 0;  // under the model's distribution (temperature 1, before top-k/top-p)
  double sampled_probability = 0;  // under the distribution it was actually drawn from
  // The most likely tokens at this step under the model's distribution, most likely first, with
  // their probabilities (SampleOptions::alternatives of them; the chosen one may be among them).
  std::vector<std::pair<std::int32_t, double>> alternatives;
};

struct GenerationResult {
  std::vector<SampledToken> tokens;
  double seconds = 0;         // generating the new tokens (the prompt excluded)
  double prompt_seconds = 0;  // feeding the prompt
};

// The prompt must hold at least one token (use a newline or BOS when there is nothing).
GenerationResult generate(nn::LanguageModel& model, tensor::Backend& backend,
                          const std::vector<std::int32_t>& prompt, const SampleOptions& options,
                          const std::function<bool(const SampledToken&)>& on_token = {});

// The distribution the sampler draws from, for a logits vector (exposed for tests): softmax of
// logits / temperature restricted to the top_k largest and to the smallest set whose mass reaches
// top_p, renormalised. Greedy (temperature 0) puts all mass on the argmax.
std::vector<double> sampling_distribution(const float* logits, std::int64_t V,
                                          const SampleOptions& options);

}  // namespace ahenk::train
