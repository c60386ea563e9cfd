// Byte-level BPE (GPT-2 / GPT-4 style): training with every merge recorded, lossless encoding and
// decoding, and the Hugging Face tokenizer.json format.
//
//   ahenk::tokenize::BpeTrainer trainer({.vocab_size = 30000, .pattern = SplitPattern::Gpt2});
//   trainer.add_text(document);                       // for each document (counts pre-tokens)
//   auto result = trainer.train(&progress, &cancel);  // result.model, result.events (one per
//   merge) ahenk::tokenize::BpeTokenizer tok(result.model); auto ids = tok.encode("Merhaba dünya");
//   // decode(ids) gives the same bytes back ahenk::tokenize::save_tokenizer_json(result.model,
//   "tokenizer.json");
//
// Pre-tokenization splits text with the GPT-2 or GPT-4 (cl100k) regular expression (PCRE2, JIT,
// Unicode properties). Bytes that are not valid UTF-8 never match the pattern; each run of them
// becomes a pre-token of its own, so every byte of any input is covered exactly once and
// decode(encode(x)) == x for every byte string x. Ids: special tokens first, then the 256 bytes,
// then one token per merge. Training is HF tokenizers' algorithm: pair counts kept incrementally
// with a max-heap (lazy deletion), each merge touching only the words that contain its pair; ties
// in count go to the pair of smaller ids. Counts are 64-bit. Threading: the trainer is
// single-threaded; a BpeTokenizer may encode from several threads (its cache is per thread).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ahenk/progress.h"
#include "ahenk/tokenize/normalizer.h"
#include "ahenk/tokenize/tokenizer.h"

namespace ahenk::tokenize {

enum class SplitPattern { Gpt2, Gpt4 };

const char* split_regex(SplitPattern pattern);
// "gpt2" or "gpt4"; throws std::invalid_argument otherwise.
SplitPattern parse_split_pattern(const std::string& name);

// Splits text into pre-tokens covering every byte once, in order (views into the text).
class PreTokenizer {
 public:
  explicit PreTokenizer(SplitPattern pattern);
  ~PreTokenizer();
  PreTokenizer(const PreTokenizer&) = delete;
  PreTokenizer& operator=(const PreTokenizer&) = delete;
  void split(std::string_view text, std::vector<std::string_view>& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct BpeModel {
  SplitPattern pattern = SplitPattern::Gpt2;
  std::vector<std::string> vocab;           // id -> token bytes (special tokens: their text)
  std::vector<std::string> special_tokens;  // their ids are their positions in vocab
  std::vector<std::uint32_t> special_ids;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merges;  // in rank order
  std::vector<std::uint32_t> merge_results;                     // the id each merge makes
  Normalizer normalizer;  // none by default: byte-level BPE takes text as it is
};

// One merge of the training, in order: `left` + `right` became `token`, seen `count` times; the
// corpus, as tokens, had `tokens_before` tokens and has `tokens_after` after this merge.
struct MergeEvent {
  std::uint32_t left = 0, right = 0, token = 0;
  std::uint64_t count = 0;
  std::uint64_t tokens_before = 0, tokens_after = 0;
};

struct BpeTrainOptions {
  std::size_t vocab_size = 30000;   // including the 256 bytes and the special tokens
  std::uint64_t min_frequency = 2;  // stop when the best pair is rarer
  SplitPattern pattern = SplitPattern::Gpt2;
  std::vector<std::string> special_tokens;
  Normalizer normalizer;
};

struct BpeTrainResult {
  BpeModel model;
  std::vector<MergeEvent> events;
  std::uint64_t documents = 0, bytes = 0, unique_pretokens = 0;
};

class BpeTrainer {
 public:
  explicit BpeTrainer(BpeTrainOptions options);
  ~BpeTrainer();
  // Counts the pre-tokens of one document.
  void add_text(std::string_view text);
  BpeTrainResult train(ProgressSink* progress = nullptr, const CancelToken* cancel = nullptr);

  // The memory training will need for what was added so far, estimated (bytes); callers keep it
  // under a limit by sampling documents (the CLI's --max-memory).
  std::size_t memory_estimate() const;

 private:
  BpeTrainOptions options_;
  PreTokenizer pretokenizer_;
  std::unordered_map<std::string, std::uint64_t> counts_;
  std::uint64_t documents_ = 0, bytes_ = 0, key_bytes_ = 0;
};

class BpeTokenizer final : public Tokenizer {
 public:
  explicit BpeTokenizer(BpeModel model);
  ~BpeTokenizer() override;
  const char* kind() const override { return "bpe"; }
  std::string normalize(std::string_view text) const override;
  // Special tokens in the text are matched exactly (longest first) and become their ids.
  std::vector<std::uint32_t> encode(std::string_view text) const override;
  Encoding encode_detailed(std::string_view text) const override;
  std::string decode(
      const std::vector<std::uint32_t>& ids) const override;  // throws on an unknown id
  // Merge replay: the text as it was tokenized after the first `merges` merges of the training
  // (0: bytes; merges().size() or more: encode_detailed). Each call re-merges the text (no cache),
  // so it is meant for a sample, not a corpus.
  Encoding encode_at_merge(std::string_view text, std::size_t merges) const;
  std::size_t vocab_size() const override { return model_.vocab.size(); }
  std::string token(std::uint32_t id) const override;
  bool is_special(std::uint32_t id) const override;
  std::string describe() const override;
  void save(const std::string& path) const override;
  const BpeModel& model() const { return model_; }
  // Bytes encode() dropped because the vocabulary has no token for them (only for vocabularies
  // without the full byte alphabet, e.g. trained by HF tokenizers; decoding cannot restore them).
  std::uint64_t dropped_bytes() const { return dropped_bytes_.load(std::memory_order_relaxed); }

 private:
  void encode_pretoken(std::string_view piece, std::vector<std::uint32_t>& out,
                       std::size_t merge_limit) const;
  void merge_pretoken(std::string_view piece, std::size_t merge_limit,
                      std::vector<std::uint32_t>& out) const;
  void encode_normalized(std::string_view text, std::vector<std::uint32_t>& ids,
                         std::size_t merge_limit = SIZE_MAX) const;

  BpeModel model_;
  std::unique_ptr<PreTokenizer> pretokenizer_;
  std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>>
      ranks_;  // pair -> rank, id
  std::array<std::uint32_t, 256> byte_ids_{};
  std::uint64_t serial_ = 0;  // identifies this tokenizer's entries in the per-thread cache
  mutable std::atomic<std::uint64_t> dropped_bytes_{0};
};

// Hugging Face tokenizer.json: BPE model with byte-level alphabet, a Sequence pre-tokenizer (Split
// by the pattern, then ByteLevel), ByteLevel decoder, special tokens as added tokens. Written to a
// temporary name and renamed. load_tokenizer_json reads such files, including ones written by
// HF tokenizers with the same pieces; anything else is refused with a message naming the part.
// (load_tokenizer in tokenizer.h reads any of the three models.)
void save_tokenizer_json(const BpeModel& model, const std::string& path);
BpeModel load_tokenizer_json(const std::string& path);

// GPT-2's reversible map of bytes to printable code points, used by byte-level vocabularies.
std::string byte_to_unicode(std::string_view bytes);
std::string unicode_to_byte(std::string_view mapped);  // throws std::invalid_argument

}  // namespace ahenk::tokenize
