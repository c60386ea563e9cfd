// Training data: token streams (the tokenizer stage's llm.c-layout files), or text encoded with a
// tokenizer.json, or raw text as bytes (vocab 256, no tokenizer). Split into training and held-out
// tokens (the last `val_fraction` of the data, in input order), with the byte count of the held-out
// part when it is known, so losses convert to bits per byte.
//
//   auto data = ahenk::train::load_training_data({"input.txt"}, /*tokenizer=*/"", 0.1);
//   data.train.size(); data.val_bytes;   // byte-level: one byte per token
//
// Errors name the file and what is wrong (std::runtime_error).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ahenk::train {

struct TrainingData {
  std::vector<std::int32_t> train;
  std::vector<std::int32_t> val;
  std::uint64_t val_bytes = 0;      // 0 when unknown (token files without a tokenizer)
  std::int64_t max_token = -1;      // the largest id seen (must be < the model's vocab_size)
  std::string source;               // "bytes" | "tokens" | "text+tokenizer"
  std::vector<std::string> inputs;  // the files, in order
};

// `tokenizer`: a tokenizer.json / SentencePiece .model path, or empty for byte-level text.
// Text is split by bytes (at a line break near the cut) before encoding, so val_bytes is exact.
TrainingData load_training_data(const std::vector<std::string>& inputs,
                                const std::string& tokenizer, double val_fraction);

// Random training windows: B sequences of T + 1 tokens (inputs and next-token targets) from
// uniformly drawn positions. The generator is the loader's only state (saved in checkpoints).
class WindowSampler {
 public:
  explicit WindowSampler(std::uint64_t seed) : rng_(seed) {}
  // Fills tokens (B*T) and targets (B*T). Throws when the data are shorter than T + 1 tokens.
  void sample(const std::vector<std::int32_t>& data, std::int64_t B, std::int64_t T,
              std::int32_t* tokens, std::int32_t* targets);
  std::string state() const;  // the generator's state, as text
  void set_state(const std::string& state);

 private:
  std::mt19937_64 rng_;
};

}  // namespace ahenk::train
