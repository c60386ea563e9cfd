// WordPiece (Schuster & Nakajima 2012; BERT): training by the likelihood score and greedy
// longest-match encoding with "##" continuation pieces.
//
//   ahenk::tokenize::WordPieceTrainer trainer({.vocab_size = 30000});
//   trainer.add_text(document);
//   auto result = trainer.train(&progress, &cancel);  // result.events: one per merge
//   ahenk::tokenize::WordPieceTokenizer tok(result.model);
//   tok.encode("unbelievable");  // "▁un", "##believ", "##able"
//
// Training starts from the characters (the first of a word as it is, the others as "##c") and
// repeatedly merges the adjacent pair with the highest score count(ab) / (count(a) count(b)):
// the merge that raises the likelihood of the training words under a unigram model the most,
// which is WordPiece's criterion (HF tokenizers' WordPiece trainer is BPE, merging by count).
// Ties go to the more frequent pair, then to the smaller ids. Scores change for every pair that
// shares a symbol with a merge, so all of those are re-queued after each merge.
//
// Text goes through the same normalizer and "▁" words as the Unigram model, so
// decode(encode(x)) == normalize(x) whenever every character of x is in the vocabulary (the
// training alphabet); a word with a character outside it, or longer than 100 characters,
// becomes [UNK], as in BERT.
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

struct WordPieceModel {
  std::vector<std::string> vocab;  // id -> piece ("▁the", "##ing"; special tokens: their text)
  std::uint32_t unk_id = 0;
  std::vector<std::uint32_t> special_ids;  // includes unk_id
  std::string prefix = "##";
  std::size_t max_input_chars_per_word = 100;
  Normalizer normalizer;
};

// One merge: pieces `left` and `right` became `token`; the pair was seen `count` times and had
// the highest score.
struct WordPieceEvent {
  std::uint32_t left = 0, right = 0, token = 0;
  std::uint64_t count = 0;
  double score = 0;
  std::uint64_t tokens_before = 0, tokens_after = 0;  // training words as pieces
};

struct WordPieceTrainOptions {
  std::size_t vocab_size = 30000;  // including [UNK], special tokens and the alphabet
  std::uint64_t min_frequency = 2;
  std::vector<std::string> special_tokens;
  Normalizer normalizer = Normalizer::from_options("nfkc", "none");
};

struct WordPieceTrainResult {
  WordPieceModel model;
  std::vector<WordPieceEvent> events;
  std::uint64_t documents = 0, bytes = 0, unique_words = 0;
  std::size_t alphabet = 0;
};

class WordPieceTrainer {
 public:
  explicit WordPieceTrainer(WordPieceTrainOptions options);
  void add_text(std::string_view text);
  WordPieceTrainResult train(ProgressSink* progress = nullptr, const CancelToken* cancel = nullptr);

  // The memory training will need for what was added so far, estimated (bytes); callers keep it
  // under a limit by sampling documents (the CLI's --max-memory).
  std::size_t memory_estimate() const;

 private:
  WordPieceTrainOptions options_;
  std::unordered_map<std::string, std::uint64_t> words_;
  std::uint64_t documents_ = 0, bytes_ = 0, key_bytes_ = 0;
};

class WordPieceTokenizer final : public Tokenizer {
 public:
  explicit WordPieceTokenizer(WordPieceModel model);
  ~WordPieceTokenizer() override;

  const char* kind() const override { return "wordpiece"; }
  std::string normalize(std::string_view text) const override;
  std::vector<std::uint32_t> encode(std::string_view text) const override;
  Encoding encode_detailed(std::string_view text) const override;
  std::string decode(const std::vector<std::uint32_t>& ids) const override;
  std::size_t vocab_size() const override { return model_.vocab.size(); }
  std::string token(std::uint32_t id) const override;
  std::uint32_t unknown_id() const override { return model_.unk_id; }
  bool is_special(std::uint32_t id) const override;
  std::string describe() const override;
  void save(const std::string& path) const override;

  const WordPieceModel& model() const { return model_; }

 private:
  struct Impl;
  WordPieceModel model_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ahenk::tokenize
