// Training any of the three tokenizers from files, as `ahenk tokenizer train` and the workbench's
// Tokenizer page do it: documents streamed from the inputs, sampled to stay within a memory
// limit, the trainer's events kept, the tokenizer saved, and the run recorded in a session.
//
//   ahenk::tokenize::TokenizerTrainConfig config;
//   config.inputs = {"corpus/"};
//   config.model = "unigram";
//   config.out = "tokenizer.json";
//   auto report = ahenk::tokenize::train_tokenizer(config, &progress, &cancel);
//   report.tokenizer->encode("Merhaba");
//   report.summary;                 // "vocabulary 8000 from 12 documents, ..." for people
//   report.json["events"];          // every merge (BPE, WordPiece); "em", "prunes" for Unigram
//   ahenk::tokenize::record_tokenizer_metrics(writer, run, report);  // curves in a session
//
// Memory: at 1/2, 3/4, 7/8 ... of the limit, one document in 2, 4, 8 ... is kept; at the limit,
// none. The trainer's own estimate covers training, not only the counts. When documents were
// left out, `report.sampling_notice` says how many were used and how to use more.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ahenk/progress.h"
#include "ahenk/text/loader.h"
#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/tokenizer.h"
#include "ahenk/tokenize/unigram.h"
#include "ahenk/tokenize/wordpiece.h"

namespace ahenk::session {
class SessionWriter;
}

namespace ahenk::tokenize {

struct TokenizerTrainConfig {
  std::vector<std::string> inputs;  // files or folders, as for the corpus stage
  std::string out;                  // tokenizer.json to write; empty: not saved
  std::string model = "bpe";        // "bpe", "unigram" or "wordpiece"
  std::size_t vocab_size = 30000;   // bytes, alphabet and special tokens included
  std::uint64_t min_frequency = 2;  // bpe, wordpiece
  std::string pattern = "gpt2";     // bpe: "gpt2" or "gpt4"
  std::string normalizer;           // "nfkc", "nfc", "none"; "": none for bpe, nfkc otherwise
  std::string lowercase = "none";   // "none", "default" or "tr"
  std::vector<std::string> special;
  double character_coverage = 0.9995;  // unigram
  std::size_t max_piece_length = 16;   // unigram
  bool byte_fallback = false;          // unigram
  unsigned threads = 0;                // unigram EM threads; 0: one per core
  text::LoadOptions load;
  std::size_t max_memory = 0;  // bytes; 0: half the machine's memory

  // The config as a session records it (what a later run needs to repeat this one).
  nlohmann::json to_json() const;
  // The run's name in a session: "bpe tokenizer" (the output's stem) or "bpe 30000".
  std::string run_name() const;
  // Throws std::invalid_argument naming the bad field (model, pattern, normalizer, lowercase,
  // no inputs) before any work starts; the trainers refuse a vocabulary too small before
  // reading the corpus.
  void validate() const;
};

struct TokenizerTrainReport {
  // Summary (sizes, documents, sampling) and events, as `ahenk tokenizer train --json` prints.
  nlohmann::ordered_json json;
  std::string summary;          // lines for people, each ending in '\n'
  std::string sampling_notice;  // non-empty when documents were left out to stay within memory
  std::size_t memory_estimate = 0, memory_limit = 0;
  std::uint64_t documents_seen = 0, documents_used = 0;
  std::unique_ptr<Tokenizer> tokenizer;
  // The events of the model that was trained (the others stay empty).
  std::vector<MergeEvent> merges;                // bpe
  std::vector<WordPieceEvent> wordpiece_merges;  // wordpiece
  std::vector<UnigramEmEvent> em;                // unigram
  std::vector<UnigramPruneEvent> prunes;         // unigram
  std::uint64_t word_occurrences = 0;            // unigram: for per-word likelihoods
};

// Throws std::invalid_argument for a bad config, text::InputError for a missing input, Cancelled
// when cancelled, std::runtime_error (naming the file) when the output cannot be written.
TokenizerTrainReport train_tokenizer(const TokenizerTrainConfig& config,
                                     ProgressSink* progress = nullptr,
                                     const CancelToken* cancel = nullptr);

// The training's curves as session metrics of `run`: corpus tokens and the merged pair's count
// after each merge (bpe, wordpiece), log-likelihood and piece count per EM iteration (unigram).
void record_tokenizer_metrics(session::SessionWriter& writer, std::int64_t run,
                              const TokenizerTrainReport& report);

// Compression after each merge as bytes per token, from the merge events (tokens_before of the
// first event is the corpus in bytes for byte-level BPE). Empty without events.
std::vector<double> bytes_per_token_curve(const std::vector<MergeEvent>& merges);

}  // namespace ahenk::tokenize
