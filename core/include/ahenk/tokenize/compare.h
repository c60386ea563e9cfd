// Comparing tokenizers on the user's own text: how much each compresses it and how it cuts words.
//
//   std::vector<const Tokenizer*> toks = {&a, &b};
//   auto stats = ahenk::tokenize::compare_tokenizers(toks, documents);
//   stats[0].bytes_per_token;  stats[0].coverage["Latin"];  stats[0].samples[0];
//
// Measures, per tokenizer, over all documents, on the text as each tokenizer normalizes it:
//   bytes_per_token  UTF-8 bytes / tokens (higher: more compression);
//   fertility        tokens / whitespace-separated words;
//   split_chars      share of characters whose bytes fall into more than one token (byte-level
//                    BPE's and byte fallback's way with characters they never merged);
//   unknown_rate     share of tokens that are the unknown token (Unigram, WordPiece);
//   byte_fallback    share of tokens that are <0xHH> byte pieces (Unigram with byte fallback);
//   coverage         per script (ICU UScriptCode name): share of that script's characters kept
//                    whole in one token;
//   samples          the first lines of the text, segmented, tokens separated by " | ".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ahenk/tokenize/tokenizer.h"

namespace ahenk::tokenize {

struct TokenizerStats {
  std::uint64_t bytes = 0, tokens = 0, words = 0, chars = 0, split_chars = 0;
  std::uint64_t unknown_tokens = 0, byte_tokens = 0;
  double bytes_per_token = 0, fertility = 0, split_rate = 0, unknown_rate = 0, byte_rate = 0;
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> script_chars;  // whole, total
  std::map<std::string, double> coverage;
  std::vector<std::string> samples;
};

std::vector<TokenizerStats> compare_tokenizers(const std::vector<const Tokenizer*>& tokenizers,
                                               const std::vector<std::string>& documents,
                                               std::size_t sample_lines = 3);

}  // namespace ahenk::tokenize
