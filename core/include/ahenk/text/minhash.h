// MinHash signatures and LSH banding for near-duplicate detection, as FineWeb/datatrove do it:
// word 5-gram shingles of a normalized text, 14 bands x 8 rows = 112 hash functions.
//
//   ahenk::text::MinHasher hasher({.ngram = 5, .bands = 14, .rows = 8, .seed = 1});
//   auto shingles = hasher.shingles(text);              // sorted, unique 64-bit shingle hashes
//   auto signature = hasher.signature(shingles);        // 112 minimums
//   double estimate = ahenk::text::estimate_jaccard(sig_a, sig_b);
//   double p = ahenk::text::lsh_probability(0.8, 8, 14); // P(candidate | Jaccard 0.8) = 0.92
//
// Normalization before shingling: NFKC case folding (ICU), which also drops default-ignorable
// characters (zero-width marks); words are maximal runs of letters, marks and digits, so
// punctuation and whitespace differences do not matter. Shingles are hashed with xxHash64.
// Shingle hashes are folded to 32 bits; hash function i is murmur3's finalizer (a bijection of
// 32-bit words) applied to x XOR seed_i, seeds drawn deterministically from `seed`: the same seed
// gives the same signatures on every machine. Two 32-bit multiplies per hash vectorize 8 wide
// (AVX2); a multiply-add-shift family with 32-bit multipliers was measured biased (it does not wrap
// modulo 2^64) and rejected. The tests check the estimator's error and the S-curve empirically.
// Thread-safe (const methods only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ahenk::text {

struct MinHashOptions {
  int ngram = 5;   // words per shingle
  int bands = 14;  // LSH bands
  int rows = 8;    // hash functions per band
  std::uint64_t seed = 1;
};

// NFKC_Casefold of a text, exactly as ICU computes it (common letters from a table, the rest by
// ICU): the normalization dedup compares texts under.
std::string dedup_fold(std::string_view text);
// The normalized words of a text (NFKC case folded, punctuation dropped), as dedup sees them.
std::vector<std::string> dedup_words(std::string_view text);

// What dedup needs of one document, computed in one normalization pass (and so in any thread):
// the key of its normalized words (exact duplicates) and its MinHash signature (near ones).
struct Sketch {
  std::uint64_t exact_key = 0;           // 0 when the document has no words
  std::vector<std::uint32_t> signature;  // empty when the document has no words
};

class MinHasher;

// A text's distinct shingles with where each first occurs: what dedup's verification holds, so
// that it can say afterwards which shingles two documents share without keeping them.
struct PlacedShingles {
  std::vector<std::uint64_t> hashes;  // sorted unique (what MinHasher::shingles gives)
  std::vector<std::uint32_t> first;   // first[i]: where hashes[i] first occurs among the text's
                                      // shingles in order (ShingleText::shingle(first[i]))
};

// How many distinct shingles `a` shares with `b` (sorted unique hashes); with `first`, also the
// positions in a's text of the first `sample` shared ones, in a's order.
std::size_t shared_shingles(const PlacedShingles& a, const std::vector<std::uint64_t>& b,
                            std::size_t sample = 0, std::vector<std::uint32_t>* first = nullptr);

// A text's shingles in text order with the words that make them: what a view needs to show the
// shingles two documents share (MinHasher::shingle_text).
class ShingleText {
 public:
  // Sorted unique shingle hashes (what MinHasher::shingles gives).
  const std::vector<std::uint64_t>& distinct() const { return placed_.hashes; }
  // Shingle i of the text ("word word word word word"), i < count().
  std::string shingle(std::size_t i) const;
  std::size_t count() const { return count_; }
  // How many distinct shingles this text shares with `other` (sorted unique hashes); with `first`,
  // also the first `sample` shared ones in this text's order, readable.
  std::size_t shared_with(const std::vector<std::uint64_t>& other, std::size_t sample = 0,
                          std::vector<std::string>* first = nullptr) const;

 private:
  friend class MinHasher;
  std::string folded_;
  std::vector<std::pair<int32_t, int32_t>> words_;  // spans in folded_
  PlacedShingles placed_;                           // distinct, with first positions
  std::size_t count_ = 0;                           // shingles in the text, repeats included
  std::size_t ngram_ = 5;
};

class MinHasher {
 public:
  explicit MinHasher(const MinHashOptions& options = {});
  const MinHashOptions& options() const { return options_; }
  int num_hashes() const { return options_.bands * options_.rows; }

  // Sorted unique shingle hashes. A text with fewer words than `ngram` (but at least one) is one
  // shingle of all its words, so short documents still find their duplicates.
  std::vector<std::uint64_t> shingles(std::string_view text) const;
  // The shingles with the first position of each in the text.
  PlacedShingles placed_shingles(std::string_view text) const;
  // The shingles with their words, for showing what two documents share.
  ShingleText shingle_text(std::string_view text) const;
  // num_hashes() minimums; all 0xFFFFFFFF for an empty shingle set.
  std::vector<std::uint32_t> signature(const std::vector<std::uint64_t>& shingles) const;
  Sketch sketch(std::string_view text) const;
  // The LSH bucket key of band `band`.
  std::uint64_t band_key(const std::uint32_t* signature, int band) const;

 private:
  MinHashOptions options_;
  std::vector<std::uint32_t> seeds_;
};

// Fraction of equal signature entries: an unbiased estimate of the Jaccard similarity.
double estimate_jaccard(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);
// The Jaccard of two sets of `a` and `b` elements that share `common` (1 for two empty sets).
double jaccard_of(std::size_t common, std::size_t a, std::size_t b);
// Exact Jaccard of two sorted unique sets.
double exact_jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);
// The LSH S-curve: the probability that two documents of Jaccard s share at least one band.
double lsh_probability(double s, int rows, int bands);

}  // namespace ahenk::text
