// Unigram language-model tokenizer as SentencePiece defines it (Kudo 2018): training by EM over a
// lattice of candidate pieces with pruning, Viterbi encoding, n-best segmentations and sampling
// (subword regularization).
//
//   ahenk::tokenize::UnigramTrainer trainer({.vocab_size = 8000});
//   trainer.add_text(document);                     // for each document
//   auto result = trainer.train(&progress, &cancel);
//   result.em;       // log-likelihood per EM iteration
//   result.prunes;   // each pruning step and the pieces it removed, with their loss
//   ahenk::tokenize::UnigramTokenizer tok(result.model);
//   tok.encode("Merhaba dünya");   // Viterbi
//   tok.nbest("Merhaba", 5);       // the five best segmentations with their log-probabilities
//   tok.sample("Merhaba", 0.1, rng_seed);
//
// Text is normalized (NFKC by default), spaces become "▁" and one "▁" goes in front of the text
// and after every line break (so a word at the start of a line looks like one after a space),
// then it is split into words: "▁" with the letters that follow it, and runs of other whitespace
// on their own (docs/tokenizers.md). decode() reverses this, so
// decode(encode(x)) == normalize(x), where normalize(x) is the normalizer's output with any "▁"
// of the input read as a space. Characters outside the vocabulary become <unk> (one per run),
// or their UTF-8 bytes as <0xHH> pieces with byte fallback, which keeps every text lossless.
//
// Training follows SentencePiece's trainer: character coverage (the rarest characters that
// together make up 1 - coverage of the text are left out), seed pieces = the frequent substrings
// of the words (every internal node of their suffix tree and every word seen twice, by
// frequency x length, up to seed_size), then rounds of 2 EM iterations (E: expected piece counts by
// forward-backward on each word's lattice; M: score = digamma(count) - digamma(total), pieces
// expected fewer than 0.5 times dropped) and a pruning step that keeps the `shrinking_factor` share
// of pieces whose removal would cost the corpus the most likelihood (pieces with no other
// segmentation are always kept), until the vocabulary is within 10% of its target; then the best
// pieces by score fill the vocabulary, with every kept character. Ids: <unk>, special tokens, 256
// byte pieces (with byte fallback), then pieces by score.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ahenk/progress.h"
#include "ahenk/tokenize/normalizer.h"
#include "ahenk/tokenize/tokenizer.h"

namespace ahenk::tokenize {

struct UnigramPiece {
  enum class Type { Normal, Unknown, Special, Byte };
  std::string text;
  double score = 0;
  Type type = Type::Normal;
};

struct UnigramModel {
  std::vector<UnigramPiece> pieces;  // id -> piece
  std::uint32_t unk_id = 0;
  bool byte_fallback = false;
  Normalizer normalizer;  // applied before the "▁" handling
};

// One EM iteration: the corpus log-likelihood (natural log, summed over word occurrences) under
// the pieces at the start of the iteration, and what the M step left.
struct UnigramEmEvent {
  int round = 0, iteration = 0;
  std::size_t pieces_before = 0, pieces_after = 0;
  double log_likelihood = 0;
  double expected_tokens = 0;
};

struct UnigramPruneEvent {
  int round = 0;
  std::size_t pieces_before = 0, pieces_after = 0;
  // Removed pieces with the loss of likelihood their removal costs (0 for pieces no Viterbi path
  // used), smallest loss first.
  std::vector<std::pair<std::string, double>> removed;
};

struct UnigramTrainOptions {
  std::size_t vocab_size = 8000;  // including <unk>, special tokens and byte pieces
  double character_coverage = 0.9995;
  std::size_t max_piece_length = 16;  // in characters
  std::size_t seed_size = 1000000;
  double shrinking_factor = 0.75;
  int sub_iterations = 2;
  bool byte_fallback = false;
  std::vector<std::string> special_tokens;
  Normalizer normalizer = Normalizer::from_options("nfkc", "none");
  unsigned threads = 0;  // E step; 0: one per core
};

struct UnigramTrainResult {
  UnigramModel model;
  std::vector<UnigramEmEvent> em;
  std::vector<UnigramPruneEvent> prunes;
  std::uint64_t documents = 0, bytes = 0, unique_words = 0, word_occurrences = 0, characters = 0;
  std::size_t alphabet = 0, kept_characters = 0, seed_pieces = 0;
};

class UnigramTrainer {
 public:
  explicit UnigramTrainer(UnigramTrainOptions options);
  void add_text(std::string_view text);
  UnigramTrainResult train(ProgressSink* progress = nullptr, const CancelToken* cancel = nullptr);

  // The memory training will need for what was added so far, estimated (bytes); callers keep it
  // under a limit by sampling documents (the CLI's --max-memory).
  std::size_t memory_estimate() const;

 private:
  UnigramTrainOptions options_;
  std::unordered_map<std::string, std::uint64_t> words_;
  // How often each word ends a line (a sentence, for SentencePiece): a whole word becomes a seed
  // piece only when it both ends lines and occurs inside them (see train()).
  std::unordered_map<std::string, std::uint64_t> line_final_;
  std::uint64_t documents_ = 0, bytes_ = 0, key_bytes_ = 0;
};

class UnigramTokenizer final : public Tokenizer {
 public:
  explicit UnigramTokenizer(UnigramModel model);
  ~UnigramTokenizer() override;

  const char* kind() const override { return "unigram"; }
  std::string normalize(std::string_view text) const override;
  std::vector<std::uint32_t> encode(std::string_view text) const override;
  Encoding encode_detailed(std::string_view text) const override;
  std::string decode(const std::vector<std::uint32_t>& ids) const override;
  std::size_t vocab_size() const override { return model_.pieces.size(); }
  std::string token(std::uint32_t id) const override;
  std::uint32_t unknown_id() const override { return model_.unk_id; }
  bool is_special(std::uint32_t id) const override;
  std::string describe() const override;
  void save(const std::string& path) const override;

  // The n best segmentations of the text, best first, with their total log-probability.
  std::vector<std::pair<std::vector<std::uint32_t>, double>> nbest(std::string_view text,
                                                                   std::size_t n) const;
  // A segmentation drawn with probability proportional to P(segmentation)^alpha (subword
  // regularization); the same seed gives the same result.
  std::vector<std::uint32_t> sample(std::string_view text, double alpha, std::uint64_t seed) const;

  const UnigramModel& model() const { return model_; }

 private:
  struct Impl;
  UnigramModel model_;
  std::unique_ptr<Impl> impl_;
};

// Reads a SentencePiece .model file (its protobuf) of type Unigram: pieces, scores and types
// (<unk>, control, user-defined and byte pieces), byte fallback, and the normalizer (nmt_nfkc and
// nfkc as NFKC, identity as none). SentencePiece also collapses runs of spaces and trims the ends
// of the text (remove_extra_whitespaces); Ahenk keeps them (lossless), so encodings agree on text
// without such spaces. Throws std::runtime_error naming the file and the problem (a BPE model,
// no dummy prefix, a truncated file).
UnigramModel load_sentencepiece_model(const std::string& path);

}  // namespace ahenk::tokenize
