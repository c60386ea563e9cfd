// Pieces shared by the three tokenizer models (internal to core/tokenize).
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ahenk/tokenize/normalizer.h"
#include "ahenk/tokenize/tokenizer.h"

namespace ahenk::tokenize::detail {

// A byte trie over piece strings, flattened: children of a node are a sorted run of edges.
class PieceTrie {
 public:
  void build(const std::vector<std::string>& pieces, const std::vector<std::uint32_t>& ids) {
    struct Build {
      std::map<unsigned char, std::uint32_t> next;
      std::int64_t id = -1;
    };
    std::vector<Build> tmp(1);
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      std::uint32_t node = 0;
      for (const unsigned char b : pieces[k]) {
        auto it = tmp[node].next.find(b);
        if (it == tmp[node].next.end()) {
          tmp.emplace_back();
          it = tmp[node].next.emplace(b, std::uint32_t(tmp.size() - 1)).first;
        }
        node = it->second;
      }
      tmp[node].id = ids[k];
    }
    nodes_.assign(tmp.size(), {});
    edges_.clear();
    root_.fill(0);
    for (std::size_t n = 0; n < tmp.size(); ++n) {
      nodes_[n].id = tmp[n].id;
      nodes_[n].begin = std::uint32_t(edges_.size());
      for (const auto& [b, child] : tmp[n].next) edges_.push_back({b, child});
      nodes_[n].end = std::uint32_t(edges_.size());
    }
    for (const auto& [b, child] : tmp[0].next) root_[b] = child;
  }

  // Calls f(end, id) for every piece that starts at `begin` in s.
  template <class F>
  void prefixes(std::string_view s, std::size_t begin, F&& f) const {
    if (begin >= s.size()) return;
    std::uint32_t node = root_[static_cast<unsigned char>(s[begin])];
    std::size_t i = begin + 1;
    while (node != 0) {
      if (nodes_[node].id >= 0) f(i, std::uint32_t(nodes_[node].id));
      if (i >= s.size()) return;
      const unsigned char b = static_cast<unsigned char>(s[i]);
      std::uint32_t next = 0;
      for (std::uint32_t e = nodes_[node].begin; e < nodes_[node].end; ++e) {
        if (edges_[e].byte == b) {
          next = edges_[e].child;
          break;
        }
        if (edges_[e].byte > b) break;
      }
      node = next;
      ++i;
    }
  }

 private:
  struct Node {
    std::uint32_t begin = 0, end = 0;
    std::int64_t id = -1;
  };
  struct Edge {
    unsigned char byte;
    std::uint32_t child;
  };
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::array<std::uint32_t, 256> root_{};
};

// Splits text at special tokens (longest match first, scanning left to right): on_plain(part)
// for the text between them (possibly empty), on_special(index) for each one.
template <class Plain, class Special>
void split_specials(std::string_view text, const std::vector<std::string>& specials,
                    Plain&& on_plain, Special&& on_special) {
  if (specials.empty()) {
    on_plain(text);
    return;
  }
  std::size_t pos = 0, plain = 0;
  while (pos < text.size()) {
    std::size_t best = 0, best_index = 0;
    for (std::size_t k = 0; k < specials.size(); ++k) {
      const auto& special = specials[k];
      if (special.size() > best && !special.empty() &&
          text.compare(pos, special.size(), special) == 0)
        best = special.size(), best_index = k;
    }
    if (best == 0) {
      ++pos;
      continue;
    }
    on_plain(text.substr(plain, pos - plain));
    on_special(best_index);
    pos += best;
    plain = pos;
  }
  on_plain(text.substr(plain));
}

// Per-thread cache of encoded words for one tokenizer at a time (keyed by a serial number, not
// the address, which a later tokenizer may reuse). `Tag` keeps the models' caches apart.
template <class Tag>
std::unordered_map<std::string, std::vector<std::uint32_t>>& word_cache(std::uint64_t serial) {
  thread_local std::unordered_map<std::string, std::vector<std::uint32_t>> cache;
  thread_local std::uint64_t owner = 0;
  if (owner != serial || cache.size() > 200000) {
    cache.clear();
    owner = serial;
  }
  return cache;
}

// Counts a word; keeps `key_bytes` (the bytes of distinct keys) for memory estimates.
inline void count_word(std::unordered_map<std::string, std::uint64_t>& counts, std::string_view w,
                       std::uint64_t& key_bytes) {
  auto [it, fresh] = counts.try_emplace(std::string(w), 0);
  ++it->second;
  if (fresh) key_bytes += w.size();
}
// Bytes in the UTF-8 sequence a lead byte starts (1 for ASCII and stray continuation bytes).
inline std::size_t char_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// Calls f(piece) on consecutive pieces of text of about `size` bytes, each cut right after a
// "\n" that is followed by a printable ASCII character, so that splitting a piece gives the same
// words or pre-tokens as splitting the whole text (line breaks end them, in every pattern here),
// while the views of a 100 MB document are never all in memory at once.
template <class F>
void for_each_chunk(std::string_view text, std::size_t size, F&& f) {
  while (text.size() > size) {
    std::size_t cut = text.find('\n', size);
    while (cut != std::string_view::npos && cut + 1 < text.size() &&
           !(text[cut + 1] > ' ' && text[cut + 1] < 0x7F))
      cut = text.find('\n', cut + 1);
    if (cut == std::string_view::npos || cut + 1 >= text.size()) break;
    f(text.substr(0, cut + 1), false);
    text.remove_prefix(cut + 1);
  }
  f(text, true);
}

// Memory of such a map: node, bucket and string overheads of libstdc++ (measured ~72 bytes).
inline std::size_t count_map_bytes(std::size_t entries, std::uint64_t key_bytes) {
  return std::size_t(entries * 72 + key_bytes);
}

inline std::uint64_t next_serial() {
  static std::atomic<std::uint64_t> next{1};
  return next++;
}

// ---- metaspace: "▁" marks a space, and one goes in front of the text and of every line ----
//
// "a b\nc" becomes "▁a▁b\n▁c": each line starts like the text does, so a word at the start of a
// line is the same piece as after a space (as in SentencePiece, which sees one line at a time).
// Words: "▁" with the characters up to the next "▁" or whitespace; runs of \t \n \v \f \r
// (with the "▁" of empty lines between them); runs of other characters. Decoding reads "▁" as a
// space, drops the space after each "\n" and the one at the start.

inline constexpr std::string_view kMeta = "\u2581";
// The word pattern HF tokenizers' Split pre-tokenizer uses for the same split (split_words).
inline constexpr const char* kWordRegex =
    "[\\t\\n\\v\\f\\r](?:\u2581?[\\t\\n\\v\\f\\r])*|\u2581[^\u2581\\t\\n\\v\\f\\r]*|"
    "[^\u2581\\t\\n\\v\\f\\r]+";
// The same with each punctuation character (Unicode P*) a word of its own, with the "▁" before
// it (WordPiece, as BERT splits punctuation off).
inline constexpr const char* kWordPunctuationRegex =
    "[\\t\\n\\v\\f\\r](?:\u2581?[\\t\\n\\v\\f\\r])*|\u2581?\\p{P}|"
    "\u2581[^\u2581\\t\\n\\v\\f\\r\\p{P}]*|[^\u2581\\t\\n\\v\\f\\r\\p{P}]+";

// normalizer.apply(text), valid UTF-8, with any "▁" read as a space: what decode gives back.
std::string metaspace_normalize(const Normalizer& normalizer, std::string_view text);

// Metaspaced text (empty stays empty). With `to_source`, also the offset in `normalized` of
// every byte offset of the result (size() + 1 entries).
std::string to_metaspace(std::string_view normalized, std::vector<std::uint32_t>* to_source);

void split_words(std::string_view text, std::vector<std::string_view>& out,
                 bool isolate_punctuation = false);

// Counts the words of a text as a Unigram or WordPiece trainer sees them; with `line_final`, also
// how often each word ends a line (is followed by a line break, or ends the text).
void count_metaspace_words(const Normalizer& normalizer, std::string_view text,
                           bool isolate_punctuation,
                           std::unordered_map<std::string, std::uint64_t>& counts,
                           std::uint64_t& key_bytes,
                           std::unordered_map<std::string, std::uint64_t>* line_final = nullptr);

// normalize() of a metaspace model: each part between special tokens normalized on its own.
std::string metaspace_normalize_parts(const Normalizer& normalizer, std::string_view text,
                                      const std::vector<std::string>& specials);

// Encoding by a metaspace model (Unigram, WordPiece): special tokens first, then for each part
// between them the normalizer, the "▁" words, and encode_word(word, ids, ends) for each word;
// `ends` (null in encode_metaspace, whose words are cached per thread) gets each token's end in
// the word.
template <class Tag, class EncodeWord>
std::vector<std::uint32_t> encode_metaspace(std::string_view text, const Normalizer& normalizer,
                                            const std::vector<std::string>& specials,
                                            const std::vector<std::uint32_t>& special_ids,
                                            bool isolate_punctuation, std::uint64_t serial,
                                            EncodeWord&& encode_word) {
  std::vector<std::uint32_t> ids;
  auto& cache = word_cache<Tag>(serial);
  thread_local std::vector<std::string_view> words;
  split_specials(
      text, specials,
      [&](std::string_view part) {
        const std::string meta = to_metaspace(metaspace_normalize(normalizer, part), nullptr);
        split_words(meta, words, isolate_punctuation);
        for (const auto w : words) {
          auto hit = cache.find(std::string(w));
          if (hit == cache.end()) {
            std::vector<std::uint32_t> word_ids;
            encode_word(w, word_ids, nullptr);
            hit = cache.emplace(std::string(w), std::move(word_ids)).first;
          }
          ids.insert(ids.end(), hit->second.begin(), hit->second.end());
        }
      },
      [&](std::size_t k) { ids.push_back(special_ids[k]); });
  return ids;
}

template <class EncodeWord>
Encoding encode_metaspace_detailed(std::string_view text, const Normalizer& normalizer,
                                   const std::vector<std::string>& specials,
                                   const std::vector<std::uint32_t>& special_ids,
                                   bool isolate_punctuation, EncodeWord&& encode_word) {
  Encoding enc;
  std::vector<std::string_view> words;
  std::vector<std::uint32_t> to_source, word_ends;
  split_specials(
      text, specials,
      [&](std::string_view part) {
        const std::string normalized = metaspace_normalize(normalizer, part);
        const std::string meta = to_metaspace(normalized, &to_source);
        const auto base = std::uint32_t(enc.normalized.size());
        enc.normalized += normalized;
        split_words(meta, words, isolate_punctuation);
        for (const auto w : words) {
          const auto offset = std::uint32_t(w.data() - meta.data());
          word_ends.clear();
          encode_word(w, enc.ids, &word_ends);
          for (const auto e : word_ends) enc.ends.push_back(base + to_source[offset + e]);
        }
      },
      [&](std::size_t k) {
        enc.ids.push_back(special_ids[k]);
        enc.normalized += specials[k];
        enc.ends.push_back(std::uint32_t(enc.normalized.size()));
      });
  return enc;
}

// Decoded pieces back to text.
std::string from_metaspace(std::string_view decoded);

// The normalizer of a metaspace model as HF writes it: the model's steps, then
// Replace(" ", "▁"), Replace("\n", "\n▁") and Prepend("▁"). from_hf_metaspace undoes it; returns
// false when the steps do not end that way.
nlohmann::ordered_json metaspace_normalizer_json(const Normalizer& normalizer);
bool from_hf_metaspace(Normalizer& normalizer);
// The Split pre-tokenizer for split_words.
nlohmann::ordered_json metaspace_pretokenizer_json(bool isolate_punctuation);
// True when `j` (a pre_tokenizer value) is that split.
bool is_metaspace_pretokenizer(const nlohmann::json& j, bool isolate_punctuation);
// The decoder steps after the model's own: Replace("\n ", "\n") on the fused text.
nlohmann::ordered_json line_start_decoder_json();

// Writes JSON to `path` via a temporary name and a rename.
void write_json_file(const nlohmann::ordered_json& j, const std::string& path);
// {"id", "content", "special": true, ...}
nlohmann::ordered_json added_token_json(std::uint32_t id, const std::string& content);

// Appends the UTF-8 bytes of a code point.
void append_utf8(std::string& out, char32_t c);

// "<0x41>" for 0x41.
std::string byte_piece(unsigned char b);
// 0..255 for "<0xHH>", -1 otherwise.
int parse_byte_piece(std::string_view piece);
// Appends bytes to text, each invalid UTF-8 sequence of them as U+FFFD (HF's ByteFallback).
void append_bytes_as_text(std::string& text, const std::string& bytes);

}  // namespace ahenk::tokenize::detail
