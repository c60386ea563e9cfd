#include "ahenk/text/minhash.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::text {
namespace {

// NFKC_Casefold splits into independent pieces: ICU's hasBoundaryBefore(c) says a text can be
// normalized in parts cut just before c. Below U+0800 (ASCII, Latin, Greek, Cyrillic, Hebrew,
// Arabic...) whether a character starts such a part, and what it folds to alone, are tabulated
// once; a part that is one such character takes its folding from the table and every other part
// goes through ICU, so the result is ICU's, only faster on the common letters.
struct FoldTable {
  const icu::Normalizer2* icu = nullptr;
  std::array<bool, 0x800> boundary{};
  std::array<std::string, 0x800> folded;
};

const FoldTable& fold_table() {
  static const FoldTable table = [] {
    FoldTable t;
    UErrorCode status = U_ZERO_ERROR;
    t.icu = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold unavailable");
    for (UChar32 c = 0; c < 0x800; ++c) {
      t.boundary[std::size_t(c)] = t.icu->hasBoundaryBefore(c);
      // fold() takes every ASCII character to start a part and to fold to its lowercase.
      if (c < 0x80 && !t.boundary[std::size_t(c)])
        throw std::runtime_error("ICU: an ASCII character without a normalization boundary");
      char bytes[4];
      int32_t length = 0;
      U8_APPEND_UNSAFE(bytes, length, c);
      icu::StringByteSink<std::string> sink(&t.folded[std::size_t(c)]);
      t.icu->normalizeUTF8(0, icu::StringPiece(bytes, length), sink, nullptr, status);
      if (U_FAILURE(status)) throw std::runtime_error("case folding failed");
    }
    return t;
  }();
  return table;
}

std::string fold(std::string_view text) {
  const FoldTable& t = fold_table();
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 16);
  const char* s = text.data();
  const int32_t n = int32_t(text.size());
  int32_t part = 0;         // start of the current part
  int32_t part_chars = 0;   // characters in it
  UChar32 part_first = -1;  // its first character
  auto close = [&](int32_t end) {
    if (end <= part) return;
    if (part_chars == 1 && part_first >= 0 && part_first < 0x800) {
      out += t.folded[std::size_t(part_first)];
    } else {
      UErrorCode status = U_ZERO_ERROR;
      icu::StringByteSink<std::string> sink(&out);
      t.icu->normalizeUTF8(0, icu::StringPiece(s + part, end - part), sink, nullptr, status);
      if (U_FAILURE(status)) throw std::runtime_error("case folding failed");
    }
  };
  for (int32_t i = 0; i < n;) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      // A run of ASCII: every ASCII character starts a part, and one followed by ASCII is a part
      // of its own, lowercased in bulk; the run's last character starts the next part (a
      // combining mark after it may join it).
      int32_t j = i + 1;
      while (j < n && static_cast<unsigned char>(s[j]) < 0x80) ++j;
      close(i);
      const std::size_t at = out.size();
      out.append(s + i, std::size_t(j - 1 - i));
      for (std::size_t k = at; k < out.size(); ++k)
        out[k] = out[k] >= 'A' && out[k] <= 'Z' ? char(out[k] + ('a' - 'A')) : out[k];
      part = j - 1, part_chars = 1, part_first = static_cast<unsigned char>(s[j - 1]);
      i = j;
      continue;
    }
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    const bool boundary =
        c >= 0 && (c < 0x800 ? t.boundary[std::size_t(c)] : t.icu->hasBoundaryBefore(c));
    if (boundary) {
      close(at);
      part = at, part_chars = 0;
    }
    if (part_chars++ == 0) part_first = c;
  }
  close(n);
  return out;
}

// ASCII letters and digits: the word characters of the common case, looked up by byte.
constexpr auto kAsciiWord = [] {
  std::array<bool, 128> t{};
  for (int c = 0; c < 128; ++c)
    t[std::size_t(c)] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  return t;
}();

bool word_character(UChar32 c) {
  if (c < 0x80) return c >= 0 && kAsciiWord[std::size_t(c)];
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

// Word characters from U+0080 to U+07FF, tabulated (the decoded path of the common scripts).
const std::array<bool, 0x800>& two_byte_word() {
  static const auto table = [] {
    std::array<bool, 0x800> t{};
    for (UChar32 c = 0x80; c < 0x800; ++c)
      t[std::size_t(c)] = u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
    return t;
  }();
  return table;
}

// Calls f(begin, end) for each word of the folded text: a run of word characters found by
// skipping the rest, then extended (ASCII letters and digits in a tight loop, the rest decoded).
template <class F>
void for_each_word(const std::string& s, F&& f) {
  const int32_t n = int32_t(s.size());
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  const auto& words2 = two_byte_word();
  // Whether the character at i is a word character; i moves past it.
  auto next_is_word = [&](int32_t& i) {
    if (bytes[i] < 0x80) return kAsciiWord[bytes[i++]];
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    return c >= 0 && c < 0x800 ? words2[std::size_t(c)] : word_character(c);
  };
  int32_t i = 0;
  while (i < n) {
    int32_t start = i;
    if (!next_is_word(i)) continue;
    for (;;) {
      while (i < n && bytes[i] < 0x80 && kAsciiWord[bytes[i]]) ++i;
      if (i >= n) {
        f(start, n);
        return;
      }
      const int32_t at = i;
      if (!next_is_word(i)) {
        f(start, at);
        break;
      }
    }
  }
}

// The signature kernel, cloned for AVX-512, AVX2 and baseline x86-64 and picked at run time (the
// AVX-512 clone does 16 hashes per instruction, AVX2 8; baseline SSE2 has no 32-bit vector
// multiply). Duplicate shingles may be given: a minimum does not change when a value repeats.
__attribute__((target_clones("avx512f", "avx2", "default"))) void min_hashes(
    const std::uint64_t* shingles, std::size_t n, const std::uint32_t* seed, std::size_t k,
    std::uint32_t* m) {
  auto fmix = [](std::uint32_t h) {  // murmur3's fmix32, a bijection, per seed
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
  };
  // Blocks of 16 hash functions whose minimums stay in registers over all the shingles.
  constexpr std::size_t kBlock = 16;
  std::size_t i0 = 0;
  for (; i0 + kBlock <= k; i0 += kBlock) {
    std::uint32_t acc[kBlock], s[kBlock];
    for (std::size_t i = 0; i < kBlock; ++i) acc[i] = m[i0 + i], s[i] = seed[i0 + i];
    for (std::size_t j = 0; j < n; ++j) {
      const auto x = std::uint32_t(shingles[j] ^ (shingles[j] >> 32));
      for (std::size_t i = 0; i < kBlock; ++i) {
        const std::uint32_t h = fmix(x ^ s[i]);
        acc[i] = h < acc[i] ? h : acc[i];
      }
    }
    for (std::size_t i = 0; i < kBlock; ++i) m[i0 + i] = acc[i];
  }
  for (std::size_t j = 0; j < n; ++j) {  // the rest, when k is not a multiple of the block
    const auto x = std::uint32_t(shingles[j] ^ (shingles[j] >> 32));
    for (std::size_t i = i0; i < k; ++i) {
      const std::uint32_t h = fmix(x ^ seed[i]);
      m[i] = h < m[i] ? h : m[i];
    }
  }
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

std::string dedup_fold(std::string_view text) {
  return fold(text);
}

std::vector<std::string> dedup_words(std::string_view text) {
  const std::string folded = fold(text);
  std::vector<std::string> words;
  for_each_word(folded, [&](int32_t a, int32_t b) { words.emplace_back(folded.substr(a, b - a)); });
  return words;
}

MinHasher::MinHasher(const MinHashOptions& options) : options_(options) {
  if (options.ngram < 1 || options.bands < 1 || options.rows < 1) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "minhash: ngram, bands and rows must be at least 1"));
  }
  std::uint64_t state = options.seed;
  for (int i = 0; i < num_hashes(); ++i) seeds_.push_back(std::uint32_t(splitmix64(state) >> 32));
}

namespace {

// The 64-bit hash of each word of a folded text, in order (and its span, when `spans` is given).
void hash_words(const std::string& folded, std::vector<std::uint64_t>& word_hash,
                std::vector<std::pair<int32_t, int32_t>>* spans) {
  word_hash.clear();
  for_each_word(folded, [&](int32_t a, int32_t b) {
    word_hash.push_back(XXH3_64bits(folded.data() + a, std::size_t(b - a)));
    if (spans) spans->emplace_back(a, b);
  });
}

// Shingle hashes in text order, with repeats: shingle i combines the hashes of words i..i+n-1, so
// no n-gram string is ever built; fewer words than n make one shingle of them all.
std::vector<std::uint64_t> combine_words(const std::vector<std::uint64_t>& word_hash, int ngram) {
  std::vector<std::uint64_t> out;
  if (word_hash.empty()) return out;
  const std::size_t n = std::min(std::size_t(ngram), word_hash.size());
  out.reserve(word_hash.size() - n + 1);
  for (std::size_t i = 0; i + n <= word_hash.size(); ++i) {
    std::uint64_t h = 0x243F6A8885A308D3ull;
    for (std::size_t k = i; k < i + n; ++k)
      h = (h ^ word_hash[k]) * 0x9E3779B97F4A7C15ull + (h >> 31);
    out.push_back(h ^ (h >> 29));
  }
  return out;
}

// How many values two sorted unique sets share.
std::size_t common_count(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return common;
}

void sort_unique(std::vector<std::uint64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::vector<std::uint64_t> MinHasher::shingles(std::string_view text) const {
  thread_local std::vector<std::uint64_t> word_hash;
  hash_words(fold(text), word_hash, nullptr);
  auto out = combine_words(word_hash, options_.ngram);
  sort_unique(out);
  return out;
}

Sketch MinHasher::sketch(std::string_view text) const {
  Sketch sketch;
  thread_local std::vector<std::uint64_t> word_hash;
  hash_words(fold(text), word_hash, nullptr);
  // The exact key hashes the word-hash sequence (never 0; 0 means "no words"); the signature
  // takes the shingles with their repeats (a minimum does not change when a value repeats).
  if (!word_hash.empty())
    sketch.exact_key = XXH3_64bits(word_hash.data(), word_hash.size() * sizeof(std::uint64_t)) | 1;
  const auto shingles = combine_words(word_hash, options_.ngram);
  if (!shingles.empty()) {
    sketch.signature.assign(std::size_t(num_hashes()), std::numeric_limits<std::uint32_t>::max());
    min_hashes(shingles.data(), shingles.size(), seeds_.data(), sketch.signature.size(),
               sketch.signature.data());
  }
  return sketch;
}

namespace {

// Distinct shingle hashes with the first position of each, from the hashes in text order.
PlacedShingles place(const std::vector<std::uint64_t>& in_order) {
  // (hash, position) sorted: the first of each run of equal hashes is its first occurrence.
  thread_local std::vector<std::pair<std::uint64_t, std::uint32_t>> placed;
  placed.resize(in_order.size());
  for (std::size_t i = 0; i < in_order.size(); ++i) placed[i] = {in_order[i], std::uint32_t(i)};
  std::sort(placed.begin(), placed.end());
  PlacedShingles out;
  out.hashes.reserve(placed.size());
  out.first.reserve(placed.size());
  for (std::size_t i = 0; i < placed.size(); ++i) {
    if (i > 0 && placed[i].first == placed[i - 1].first) continue;
    out.hashes.push_back(placed[i].first);
    out.first.push_back(placed[i].second);
  }
  return out;
}

}  // namespace

PlacedShingles MinHasher::placed_shingles(std::string_view text) const {
  thread_local std::vector<std::uint64_t> word_hash;
  hash_words(fold(text), word_hash, nullptr);
  return place(combine_words(word_hash, options_.ngram));
}

std::size_t shared_shingles(const PlacedShingles& a, const std::vector<std::uint64_t>& b,
                            std::size_t sample, std::vector<std::uint32_t>* first) {
  if (first) first->clear();
  std::size_t i = 0, j = 0, common = 0;
  while (i < a.hashes.size() && j < b.size()) {
    if (a.hashes[i] == b[j]) {
      ++common;
      if (first && sample > 0) {
        // Keep the `sample` smallest positions, sorted (insertion into a short list).
        const std::uint32_t at = a.first[i];
        if (first->size() < sample || at < first->back()) {
          if (first->size() == sample) first->pop_back();
          first->insert(std::upper_bound(first->begin(), first->end(), at), at);
        }
      }
      ++i, ++j;
    } else if (a.hashes[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return common;
}

ShingleText MinHasher::shingle_text(std::string_view text) const {
  ShingleText out;
  out.folded_ = fold(text);
  std::vector<std::uint64_t> word_hash;
  hash_words(out.folded_, word_hash, &out.words_);
  out.ngram_ = std::size_t(options_.ngram);
  const auto in_order = combine_words(word_hash, options_.ngram);
  out.count_ = in_order.size();
  out.placed_ = place(in_order);
  return out;
}

std::string ShingleText::shingle(std::size_t i) const {
  std::string s;
  for (std::size_t k = i; k < std::min(words_.size(), i + ngram_); ++k) {
    if (k > i) s.push_back(' ');
    s.append(folded_, std::size_t(words_[k].first),
             std::size_t(words_[k].second - words_[k].first));
  }
  return s;
}

std::size_t ShingleText::shared_with(const std::vector<std::uint64_t>& other, std::size_t sample,
                                     std::vector<std::string>* first) const {
  std::vector<std::uint32_t> at;
  const std::size_t common = shared_shingles(placed_, other, sample, first ? &at : nullptr);
  if (first) {
    first->clear();
    for (const auto i : at) first->push_back(shingle(i));
  }
  return common;
}

std::vector<std::uint32_t> MinHasher::signature(const std::vector<std::uint64_t>& shingles) const {
  const std::size_t k = std::size_t(num_hashes());
  std::vector<std::uint32_t> mins(k, std::numeric_limits<std::uint32_t>::max());
  min_hashes(shingles.data(), shingles.size(), seeds_.data(), k, mins.data());
  return mins;
}

std::uint64_t MinHasher::band_key(const std::uint32_t* signature, int band) const {
  return XXH3_64bits_withSeed(signature + std::size_t(band) * std::size_t(options_.rows),
                              sizeof(std::uint32_t) * std::size_t(options_.rows),
                              std::uint64_t(band));
}

double estimate_jaccard(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0.0;
  std::size_t equal = 0;
  for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return double(equal) / double(a.size());
}

double jaccard_of(std::size_t common, std::size_t a, std::size_t b) {
  return a == 0 && b == 0 ? 1.0 : double(common) / double(a + b - common);
}

double exact_jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  return jaccard_of(common_count(a, b), a.size(), b.size());
}

double lsh_probability(double s, int rows, int bands) {
  return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

}  // namespace ahenk::text
