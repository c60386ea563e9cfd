#include "ahenk/tokenize/unigram.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <array>
#include <queue>
#include <random>
#include <stdexcept>
#include <thread>

#include "ahenk/message.h"
#include "common.h"

namespace ahenk::tokenize {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kUnkPenalty = 10.0;                 // SentencePiece: unk score = min score - 10
constexpr double kExpectedFrequencyThreshold = 0.5;  // SentencePiece's M step

double log_add(double a, double b) {
  if (a == kNegInf) return b;
  if (b == kNegInf) return a;
  return a > b ? a + std::log1p(std::exp(b - a)) : b + std::log1p(std::exp(a - b));
}

// Digamma by recurrence up to x >= 7 and its asymptotic series (as SentencePiece's M step).
double digamma(double x) {
  double result = 0;
  for (; x < 7; ++x) result -= 1 / x;
  x -= 0.5;
  const double xx = 1 / x, xx2 = xx * xx, xx4 = xx2 * xx2;
  return result + std::log(x) + xx2 / 24 - 7 * xx4 / 960 + 31 * xx4 * xx2 / 8064 -
         127 * xx4 * xx4 / 30720;
}

using detail::char_length;

struct LatticeNode {
  std::uint32_t begin, end, id;  // id == kNoToken: unknown character
  double score;
};

// All pieces over one word (byte offsets), an unknown node for a character no piece starts with.
void build_lattice(std::string_view word, const detail::PieceTrie& trie,
                   const std::vector<double>& scores, double unk_score,
                   std::vector<LatticeNode>& nodes) {
  nodes.clear();
  for (std::size_t b = 0; b < word.size();) {
    const std::size_t next =
        std::min(word.size(), b + char_length(static_cast<unsigned char>(word[b])));
    bool single = false;
    trie.prefixes(word, b, [&](std::size_t end, std::uint32_t id) {
      nodes.push_back({std::uint32_t(b), std::uint32_t(end), id, scores[id]});
      single |= end == next;
    });
    if (!single) nodes.push_back({std::uint32_t(b), std::uint32_t(next), kNoToken, unk_score});
    b = next;
  }
}

// Best path (node indices, in order); nodes are sorted by begin.
double viterbi(const std::vector<LatticeNode>& nodes, std::size_t length,
               std::vector<std::uint32_t>& path, std::int64_t exclude = -1) {
  thread_local std::vector<double> best;
  thread_local std::vector<std::int64_t> back;
  best.assign(length + 1, kNegInf);
  back.assign(length + 1, -1);
  best[0] = 0;
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    if (std::int64_t(k) == exclude) continue;
    const auto& n = nodes[k];
    if (best[n.begin] == kNegInf) continue;
    const double s = best[n.begin] + n.score;
    if (s > best[n.end]) best[n.end] = s, back[n.end] = std::int64_t(k);
  }
  path.clear();
  if (best[length] == kNegInf) return kNegInf;
  for (std::size_t pos = length; pos > 0;) {
    const auto k = std::uint32_t(back[pos]);
    path.push_back(k);
    pos = nodes[k].begin;
  }
  std::reverse(path.begin(), path.end());
  return best[length];
}

// Script class of a character for piece validity (SentencePiece's split_by_unicode_script):
// Hiragana and Katakana count as Han, combining marks take the class before them. Digits and
// punctuation are Common, so "(1)" and "2018" are pieces but "a1" and "o," are not, as in
// SentencePiece's vocabularies.
int script_class(UChar32 c, int previous) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &status);
  if (s == USCRIPT_INHERITED) return previous;
  if (s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || c == 0x30FC) s = USCRIPT_HAN;
  return int(s);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Training

UnigramTrainer::UnigramTrainer(UnigramTrainOptions options) : options_(std::move(options)) {
  if (options_.threads == 0) options_.threads = std::max(1u, std::thread::hardware_concurrency());
}

void UnigramTrainer::add_text(std::string_view text) {
  ++documents_;
  bytes_ += text.size();
  detail::count_metaspace_words(options_.normalizer, text, false, words_, key_bytes_, &line_final_);
}

std::size_t UnigramTrainer::memory_estimate() const {
  // The words, then the suffix array over their characters (code points, positions, weights,
  // prefix sums: about 28 bytes per byte of distinct words) and the seed candidates; the
  // line-final words (their keys taken at the words' mean size).
  const std::uint64_t mean_key = key_bytes_ / std::max<std::size_t>(1, words_.size());
  return 2 * detail::count_map_bytes(words_.size(), key_bytes_) + std::size_t(40 * key_bytes_) +
         detail::count_map_bytes(line_final_.size(), line_final_.size() * mean_key);
}

namespace {

struct TrainState {
  std::vector<std::pair<std::string, std::uint64_t>> words;
  std::vector<std::string> pieces;
  std::vector<double> scores;
  detail::PieceTrie trie;
  double unk_score = 0;

  void set(std::vector<std::string> p, std::vector<double> s) {
    pieces = std::move(p);
    scores = std::move(s);
    std::vector<std::uint32_t> ids(pieces.size());
    for (std::uint32_t i = 0; i < ids.size(); ++i) ids[i] = i;
    trie.build(pieces, ids);
    double min_score = 0;
    for (const double v : scores) min_score = std::min(min_score, v);
    unk_score = min_score - kUnkPenalty;
  }
};

// Runs f(begin, end, thread) over word ranges on `threads` threads.
template <class F>
void parallel_words(std::size_t count, unsigned threads, F&& f) {
  threads = unsigned(std::min<std::size_t>(threads, std::max<std::size_t>(1, count / 256)));
  if (threads <= 1) {
    f(0, count, 0u);
    return;
  }
  std::vector<std::thread> pool;
  std::exception_ptr error;
  std::mutex error_mutex;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        f(count * t / threads, count * (t + 1) / threads, t);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

// E step: expected count of every piece; returns the log-likelihood.
double e_step(const TrainState& st, unsigned threads, std::vector<double>& expected,
              const CancelToken* cancel) {
  std::vector<std::vector<double>> local(threads, std::vector<double>(st.pieces.size(), 0.0));
  std::vector<double> ll(threads, 0.0);
  parallel_words(st.words.size(), threads, [&](std::size_t begin, std::size_t end, unsigned t) {
    std::vector<LatticeNode> nodes;
    std::vector<double> alpha, beta;
    auto& exp_t = local[t];
    for (std::size_t w = begin; w < end; ++w) {
      if ((w & 4095) == 0) throw_if_cancelled(cancel);
      const auto& [word, freq] = st.words[w];
      build_lattice(word, st.trie, st.scores, st.unk_score, nodes);
      alpha.assign(word.size() + 1, kNegInf);
      beta.assign(word.size() + 1, kNegInf);
      alpha[0] = 0;
      for (const auto& n : nodes) alpha[n.end] = log_add(alpha[n.end], alpha[n.begin] + n.score);
      beta[word.size()] = 0;
      for (auto it = nodes.rbegin(); it != nodes.rend(); ++it)
        beta[it->begin] = log_add(beta[it->begin], it->score + beta[it->end]);
      const double z = alpha[word.size()];
      ll[t] += double(freq) * z;
      for (const auto& n : nodes) {
        if (n.id == kNoToken) continue;
        exp_t[n.id] += double(freq) * std::exp(alpha[n.begin] + n.score + beta[n.end] - z);
      }
    }
  });
  expected.assign(st.pieces.size(), 0.0);
  double total = 0;
  for (unsigned t = 0; t < threads; ++t) {
    total += ll[t];
    for (std::size_t i = 0; i < expected.size(); ++i) expected[i] += local[t][i];
  }
  return total;
}

}  // namespace

UnigramTrainResult UnigramTrainer::train(ProgressSink* progress, const CancelToken* cancel) {
  UnigramTrainResult result;
  result.documents = documents_;
  result.bytes = bytes_;
  result.unique_words = words_.size();
  const std::size_t meta_count =
      1 + options_.special_tokens.size() + (options_.byte_fallback ? 256 : 0);
  if (options_.vocab_size <= meta_count) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine",
                          "vocabulary size %1 leaves no room for pieces after <unk>, %2 "
                          "special tokens and %3 byte pieces (%4 in all)"),
        {std::to_string(options_.vocab_size), std::to_string(options_.special_tokens.size()),
         options_.byte_fallback ? "256" : "0", std::to_string(meta_count)});
  }
  const std::size_t wanted = options_.vocab_size - meta_count;

  TrainState st;
  st.words.assign(words_.begin(), words_.end());
  words_.clear();
  std::sort(st.words.begin(), st.words.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (const auto& w : st.words) result.word_occurrences += w.second;

  // Characters and coverage.
  std::unordered_map<UChar32, std::uint64_t> chars;
  std::uint64_t all_chars = 0;
  for (const auto& [word, freq] : st.words) {
    const int32_t n = int32_t(word.size());
    for (int32_t i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(word.data(), i, n, c);
      chars[c] += freq;
      all_chars += freq;
    }
  }
  std::vector<std::pair<UChar32, std::uint64_t>> by_freq(chars.begin(), chars.end());
  std::sort(by_freq.begin(), by_freq.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::unordered_map<UChar32, std::uint64_t> required;
  std::uint64_t accumulated = 0;
  for (const auto& [c, freq] : by_freq) {
    if (all_chars > 0 && double(accumulated) / double(all_chars) >= options_.character_coverage)
      break;
    accumulated += freq;
    required.emplace(c, freq);
  }
  result.characters = all_chars;
  result.alphabet = chars.size();
  result.kept_characters = required.size();
  if (required.size() > wanted) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine",
                          "vocabulary size %1 is smaller than the %2 characters the "
                          "coverage keeps plus <unk>, %3 special tokens and %4 byte "
                          "pieces; raise --vocab-size or lower --character-coverage"),
        {std::to_string(options_.vocab_size), std::to_string(required.size()),
         std::to_string(options_.special_tokens.size()), options_.byte_fallback ? "256" : "0"});
  }
  throw_if_cancelled(cancel);

  // Seed pieces: internal nodes of the suffix tree of the words (code points, a terminator after
  // each word), scored by frequency x length.
  if (progress) progress->report({"unigram seed", 0, 3, "steps"});
  constexpr char32_t kEnd = 0xFFFFFFFFu;
  std::vector<char32_t> text;
  std::vector<std::uint64_t> weight_at;  // weight of the word each position is in
  for (const auto& [word, freq] : st.words) {
    const int32_t n = int32_t(word.size());
    for (int32_t i = 0; i < n;) {
      UChar32 c;
      U8_NEXT(word.data(), i, n, c);
      text.push_back(char32_t(c));
      weight_at.push_back(freq);
    }
    text.push_back(kEnd);
    weight_at.push_back(0);
  }
  std::vector<std::uint32_t> sa;
  sa.reserve(text.size());
  for (std::uint32_t i = 0; i < text.size(); ++i)
    if (text[i] != kEnd) sa.push_back(i);
  auto suffix_less = [&](std::uint32_t a, std::uint32_t b) {
    for (;; ++a, ++b) {
      const char32_t x = text[a], y = text[b];
      if (x != y) return x < y;  // kEnd is the largest value: a shorter word sorts later
      if (x == kEnd) return false;
    }
  };
  {
    // Two halves sorted on two threads, then merged.
    const auto mid = sa.begin() + std::ptrdiff_t(sa.size() / 2);
    std::thread half([&] { std::sort(sa.begin(), mid, suffix_less); });
    std::sort(mid, sa.end(), suffix_less);
    half.join();
    std::inplace_merge(sa.begin(), mid, sa.end(), suffix_less);
  }
  throw_if_cancelled(cancel);
  if (progress) progress->report({"unigram seed", 1, 3, "steps"});
  std::vector<std::uint64_t> prefix(sa.size() + 1, 0);
  for (std::size_t i = 0; i < sa.size(); ++i) prefix[i + 1] = prefix[i] + weight_at[sa[i]];
  auto lcp = [&](std::uint32_t a, std::uint32_t b) {
    std::uint32_t k = 0;
    while (text[a + k] == text[b + k] && text[a + k] != kEnd) ++k;
    return k;
  };
  auto valid_piece = [&](std::uint32_t start, std::uint32_t length) {
    int previous = -1;
    for (std::uint32_t k = 0; k < length; ++k) {
      const auto c = UChar32(text[start + k]);
      if (!required.count(c)) return false;
      if (c == 0x2581) {
        if (k > 0) return false;
        continue;
      }
      const int cls = script_class(c, previous);
      if (previous != -1 && cls != previous) return false;
      previous = cls;
    }
    return true;
  };
  auto to_utf8 = [](const char32_t* s, std::size_t n) {
    std::string out;
    for (std::size_t k = 0; k < n; ++k) detail::append_utf8(out, s[k]);
    return out;
  };
  struct Candidate {
    double score;
    std::uint32_t start, length;
    std::uint64_t freq;
  };
  std::vector<Candidate> candidates;
  {
    struct Open {
      std::uint32_t depth, lb;
    };
    std::vector<Open> stack{{0, 0}};
    auto report = [&](const Open& o, std::size_t rb) {
      if (o.depth < 2 || o.depth > options_.max_piece_length) return;
      const std::uint32_t start = sa[o.lb];
      if (!valid_piece(start, o.depth)) return;
      const std::uint64_t freq = prefix[rb + 1] - prefix[o.lb];
      candidates.push_back({double(freq) * o.depth, start, o.depth, freq});
    };
    // A whole word shared with no other word is a leaf here. In the suffix tree of the text as
    // SentencePiece builds it (its lines, one after the other, each word led by "▁"), such a word
    // is a node only when what follows it differs between its occurrences: the next word's "▁"
    // inside a line, the end of the sentence at a line's end. So a word seen twice or more is a
    // seed when it both ends some line and occurs inside one. (Measured against spm_train at 8k:
    // seeding every such word gave +1.3%/+1.9% on natural text but -1.9% on the repetitive
    // generated corpus, seeding none -0.4% to -1.5%; this rule -0.1% to -0.7% on all of them;
    // bench/RESULTS.md.)
    std::uint32_t left = 0;
    for (std::size_t i = 0; i < sa.size(); ++i) {
      const std::uint32_t right = i + 1 < sa.size() ? lcp(sa[i], sa[i + 1]) : 0;
      std::uint32_t length = 0;
      while (text[sa[i] + length] != kEnd) ++length;
      const std::uint64_t freq = weight_at[sa[i]];
      const bool word_start = sa[i] == 0 || text[sa[i] - 1] == kEnd;
      auto branches = [&] {  // ends some line and occurs inside one (see above)
        const auto it = line_final_.find(to_utf8(&text[sa[i]], length));
        return it != line_final_.end() && it->second < freq;
      };
      if (word_start && length > std::max(left, right) && freq >= 2 && length >= 2 &&
          length <= options_.max_piece_length && valid_piece(sa[i], length) && branches()) {
        candidates.push_back({double(freq) * length, sa[i], length, freq});
      }
      left = right;
    }
    for (std::size_t i = 1; i <= sa.size(); ++i) {
      const std::uint32_t l = i < sa.size() ? lcp(sa[i - 1], sa[i]) : 0;
      std::uint32_t lb = std::uint32_t(i - 1);
      while (l < stack.back().depth) {
        const Open top = stack.back();
        stack.pop_back();
        report(top, i - 1);
        lb = top.lb;
      }
      if (l > stack.back().depth) stack.push_back({l, lb});
    }
  }
  std::vector<std::uint64_t>().swap(weight_at), std::vector<std::uint64_t>().swap(prefix);
  const std::size_t seed_substrings =
      std::min(candidates.size(),
               options_.seed_size > required.size() ? options_.seed_size - required.size() : 0);
  std::partial_sort(candidates.begin(), candidates.begin() + std::ptrdiff_t(seed_substrings),
                    candidates.end(), [](const Candidate& a, const Candidate& b) {
                      return a.score != b.score ? a.score > b.score : a.start < b.start;
                    });
  candidates.resize(seed_substrings);
  std::vector<std::string> pieces;
  std::vector<double> scores;
  for (const auto& [c, freq] : by_freq) {
    if (!required.count(c)) continue;
    const char32_t cp = char32_t(c);
    pieces.push_back(to_utf8(&cp, 1));
    scores.push_back(double(freq));
  }
  for (const auto& cand : candidates) {
    pieces.push_back(to_utf8(&text[cand.start], cand.length));
    scores.push_back(cand.score);
  }
  std::vector<char32_t>().swap(text);
  std::vector<std::uint32_t>().swap(sa);
  std::vector<Candidate>().swap(candidates);
  double sum = 0;
  for (const double s : scores) sum += s;
  for (double& s : scores) s = std::log(s) - std::log(sum);
  result.seed_pieces = pieces.size();
  st.set(std::move(pieces), std::move(scores));
  if (progress) progress->report({"unigram seed", 3, 3, "steps"});
  throw_if_cancelled(cancel);

  // EM rounds with pruning.
  const std::size_t desired = std::size_t(double(wanted) * 1.1);
  std::vector<double> expected;
  for (int round = 0;; ++round) {
    for (int iteration = 0; iteration < options_.sub_iterations; ++iteration) {
      UnigramEmEvent event;
      event.round = round;
      event.iteration = iteration;
      event.pieces_before = st.pieces.size();
      event.log_likelihood = e_step(st, options_.threads, expected, cancel);
      std::vector<std::string> kept;
      std::vector<double> kept_scores;
      double total = 0;
      for (std::size_t i = 0; i < st.pieces.size(); ++i) {
        event.expected_tokens += expected[i];
        if (expected[i] < kExpectedFrequencyThreshold) continue;
        kept.push_back(st.pieces[i]);
        kept_scores.push_back(expected[i]);
        total += expected[i];
      }
      const double log_total = digamma(total);
      for (double& s : kept_scores) s = digamma(s) - log_total;
      st.set(std::move(kept), std::move(kept_scores));
      event.pieces_after = st.pieces.size();
      result.em.push_back(event);
      if (progress)
        progress->report({"unigram EM round " + std::to_string(round + 1),
                          std::uint64_t(iteration + 1), std::uint64_t(options_.sub_iterations),
                          "iterations"});
    }
    if (st.pieces.size() <= desired) break;

    // Pruning: the loss of likelihood each piece's removal would cost.
    UnigramPruneEvent prune;
    prune.round = round;
    prune.pieces_before = st.pieces.size();
    const std::size_t n = st.pieces.size();
    std::vector<char> always_keep(n, 1);
    std::vector<std::vector<std::uint32_t>> alternatives(n);
    {
      std::vector<LatticeNode> nodes;
      std::vector<std::uint32_t> path;
      for (std::size_t i = 0; i < n; ++i) {
        const std::string& piece = st.pieces[i];
        build_lattice(piece, st.trie, st.scores, st.unk_score, nodes);
        viterbi(nodes, piece.size(), path);
        if (path.size() >= 2) {
          always_keep[i] = 0;  // its own segmentation does not use it: removable
          continue;
        }
        std::int64_t self = -1;
        for (std::size_t k = 0; k < nodes.size(); ++k)
          if (nodes[k].id == i && nodes[k].begin == 0 && nodes[k].end == piece.size())
            self = std::int64_t(k);
        if (viterbi(nodes, piece.size(), path, self) == kNegInf) continue;  // no alternative
        bool unknown = false;
        for (const auto k : path) unknown |= nodes[k].id == kNoToken;
        if (unknown) continue;
        for (const auto k : path) alternatives[i].push_back(nodes[k].id);
      }
    }
    throw_if_cancelled(cancel);
    std::vector<double> freq(n, 0.0);
    std::vector<std::vector<std::uint32_t>> inverted(n);
    double vsum = 0;
    {
      std::vector<std::vector<double>> local(options_.threads, std::vector<double>(n, 0.0));
      std::vector<std::vector<std::vector<std::uint32_t>>> local_inv(
          options_.threads, std::vector<std::vector<std::uint32_t>>(n));
      parallel_words(st.words.size(), options_.threads,
                     [&](std::size_t b, std::size_t e, unsigned t) {
                       std::vector<LatticeNode> nodes;
                       std::vector<std::uint32_t> path;
                       for (std::size_t w = b; w < e; ++w) {
                         if ((w & 4095) == 0) throw_if_cancelled(cancel);
                         const auto& [word, f] = st.words[w];
                         build_lattice(word, st.trie, st.scores, st.unk_score, nodes);
                         viterbi(nodes, word.size(), path);
                         for (const auto k : path) {
                           if (nodes[k].id == kNoToken) continue;
                           local[t][nodes[k].id] += double(f);
                           local_inv[t][nodes[k].id].push_back(std::uint32_t(w));
                         }
                       }
                     });
      for (unsigned t = 0; t < options_.threads; ++t) {
        for (std::size_t i = 0; i < n; ++i) {
          freq[i] += local[t][i];
          inverted[i].insert(inverted[i].end(), local_inv[t][i].begin(), local_inv[t][i].end());
        }
      }
      for (const auto& [word, f] : st.words) vsum += double(f);
    }
    double total = 0;
    for (const double f : freq) total += f;
    const double log_total = std::log(total);
    std::vector<std::pair<std::size_t, double>> scored;
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < n; ++i) {
      if (freq[i] == 0 || !always_keep[i]) {
        prune.removed.emplace_back(st.pieces[i], 0.0);
        continue;
      }
      if (alternatives[i].empty()) {
        keep.push_back(i);
        continue;
      }
      double f_words = 0;  // share of word occurrences whose best path uses the piece
      for (const auto w : inverted[i]) f_words += double(st.words[w].second);
      f_words /= vsum;
      const double logprob_piece = std::log(freq[i]) - log_total;
      const double log_total_alt = std::log(total + freq[i] * double(alternatives[i].size() - 1));
      double logprob_alt = 0;
      for (const auto a : alternatives[i])
        logprob_alt += std::log(freq[a] + freq[i]) - log_total_alt;
      scored.emplace_back(i, f_words * (logprob_piece - logprob_alt));
    }
    const std::size_t target =
        std::max(desired, std::size_t(options_.shrinking_factor * double(n)));
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::size_t k = 0;
    for (; k < scored.size() && keep.size() < target; ++k) keep.push_back(scored[k].first);
    for (std::size_t r = scored.size(); r-- > k;)
      prune.removed.emplace_back(st.pieces[scored[r].first], scored[r].second);
    std::sort(keep.begin(), keep.end());
    std::vector<std::string> kept;
    std::vector<double> kept_scores;
    for (const auto i : keep) kept.push_back(st.pieces[i]), kept_scores.push_back(st.scores[i]);
    st.set(std::move(kept), std::move(kept_scores));
    prune.pieces_after = st.pieces.size();
    const bool stuck = prune.pieces_after == prune.pieces_before;  // all left are needed
    if (progress) progress->report({"unigram pruning", prune.pieces_before, 0, "pieces"});
    result.prunes.push_back(std::move(prune));
    throw_if_cancelled(cancel);
    if (stuck) break;
  }

  // Final vocabulary: every kept character, then the best pieces by score.
  double min_score = 0;
  for (const double s : st.scores) min_score = std::min(min_score, s);
  std::unordered_map<std::string, double> present;
  for (std::size_t i = 0; i < st.pieces.size(); ++i) present.emplace(st.pieces[i], st.scores[i]);
  std::vector<std::pair<std::string, double>> final_pieces;
  std::unordered_map<std::string, bool> taken;
  double penalty = 0;
  for (const auto& [c, freq] : by_freq) {
    if (!required.count(c)) continue;
    const char32_t cp = char32_t(c);
    std::string s = to_utf8(&cp, 1);
    auto it = present.find(s);
    double score;
    if (it != present.end()) {
      score = it->second;
    } else {
      score = min_score + penalty;
      penalty -= 0.0001;
    }
    taken[s] = true;
    final_pieces.emplace_back(std::move(s), score);
  }
  if (final_pieces.size() > wanted) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine",
                          "vocabulary size %1 is smaller than the %2 characters the coverage "
                          "keeps plus <unk>, special and byte pieces; raise "
                          "--vocab-size or lower the character coverage"),
        {std::to_string(options_.vocab_size), std::to_string(final_pieces.size())});
  }
  std::vector<std::size_t> order(st.pieces.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return st.scores[a] > st.scores[b]; });
  for (const auto i : order) {
    if (final_pieces.size() >= wanted) break;
    if (taken.count(st.pieces[i])) continue;
    final_pieces.emplace_back(st.pieces[i], st.scores[i]);
  }
  std::stable_sort(final_pieces.begin(), final_pieces.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });

  UnigramModel& model = result.model;
  model.normalizer = options_.normalizer;
  model.byte_fallback = options_.byte_fallback;
  model.unk_id = 0;
  model.pieces.push_back({"<unk>", 0.0, UnigramPiece::Type::Unknown});
  for (const auto& s : options_.special_tokens)
    model.pieces.push_back({s, 0.0, UnigramPiece::Type::Special});
  if (options_.byte_fallback) {
    for (int b = 0; b < 256; ++b)
      model.pieces.push_back(
          {detail::byte_piece(static_cast<unsigned char>(b)), 0.0, UnigramPiece::Type::Byte});
  }
  for (auto& [s, score] : final_pieces)
    model.pieces.push_back({std::move(s), score, UnigramPiece::Type::Normal});
  if (progress) progress->finish();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Encoding

struct UnigramTokenizer::Impl {
  detail::PieceTrie trie;
  std::vector<double> scores;
  double unk_score = 0;
  std::vector<std::string> specials;
  std::vector<std::uint32_t> special_ids;
  std::array<std::uint32_t, 256> byte_ids{};
  std::uint64_t serial = detail::next_serial();
};

namespace {
struct UnigramCacheTag {};
}  // namespace

UnigramTokenizer::UnigramTokenizer(UnigramModel model)
    : model_(std::move(model)), impl_(std::make_unique<Impl>()) {
  if (model_.unk_id >= model_.pieces.size())
    throw InvalidArgument(QT_TRANSLATE_NOOP(
        "Engine", "Unigram model: the unknown token id is outside the vocabulary"));
  std::vector<std::string> normal;
  std::vector<std::uint32_t> ids;
  impl_->scores.assign(model_.pieces.size(), 0.0);
  impl_->byte_ids.fill(kNoToken);
  double min_score = 0;
  bool any = false;
  for (std::uint32_t id = 0; id < model_.pieces.size(); ++id) {
    const auto& p = model_.pieces[id];
    impl_->scores[id] = p.score;
    switch (p.type) {
      case UnigramPiece::Type::Normal:
        if (p.text.empty()) break;
        normal.push_back(p.text);
        ids.push_back(id);
        min_score = any ? std::min(min_score, p.score) : p.score;
        any = true;
        break;
      case UnigramPiece::Type::Special:
        impl_->specials.push_back(p.text);
        impl_->special_ids.push_back(id);
        break;
      case UnigramPiece::Type::Byte: {
        const int b = detail::parse_byte_piece(p.text);
        if (b >= 0) impl_->byte_ids[std::size_t(b)] = id;
        break;
      }
      case UnigramPiece::Type::Unknown:
        break;
    }
  }
  impl_->trie.build(normal, ids);
  impl_->unk_score = min_score - kUnkPenalty;
  if (model_.byte_fallback) {
    for (std::size_t b = 0; b < 256; ++b)
      if (impl_->byte_ids[b] == kNoToken)
        throw InvalidArgument(
            QT_TRANSLATE_NOOP("Engine", "Unigram model with byte fallback lacks the piece %1"),
            {detail::byte_piece(static_cast<unsigned char>(b))});
  }
}

UnigramTokenizer::~UnigramTokenizer() = default;

std::string UnigramTokenizer::normalize(std::string_view text) const {
  return detail::metaspace_normalize_parts(model_.normalizer, text, impl_->specials);
}

namespace {

// Viterbi path of a word as ids, runs of unknown characters fused (or as byte pieces); `ends`
// gets each token's end offset in the word when given.
void encode_word(std::string_view word, const detail::PieceTrie& trie,
                 const std::vector<double>& scores, double unk_score, std::uint32_t unk_id,
                 bool byte_fallback, const std::array<std::uint32_t, 256>& byte_ids,
                 std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>* ends) {
  thread_local std::vector<LatticeNode> nodes;
  thread_local std::vector<std::uint32_t> path;
  build_lattice(word, trie, scores, unk_score, nodes);
  viterbi(nodes, word.size(), path);
  for (std::size_t k = 0; k < path.size(); ++k) {
    const auto& n = nodes[path[k]];
    if (n.id != kNoToken) {
      ids.push_back(n.id);
      if (ends) ends->push_back(n.end);
      continue;
    }
    std::uint32_t end = n.end;
    while (k + 1 < path.size() && nodes[path[k + 1]].id == kNoToken) end = nodes[path[++k]].end;
    if (byte_fallback) {
      for (std::uint32_t b = n.begin; b < end; ++b) {
        ids.push_back(byte_ids[static_cast<unsigned char>(word[b])]);
        if (ends) ends->push_back(b + 1);
      }
    } else {
      ids.push_back(unk_id);
      if (ends) ends->push_back(end);
    }
  }
}

}  // namespace

std::vector<std::uint32_t> UnigramTokenizer::encode(std::string_view text) const {
  return detail::encode_metaspace<UnigramCacheTag>(
      text, model_.normalizer, impl_->specials, impl_->special_ids, false, impl_->serial,
      [&](std::string_view w, std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>* ends) {
        encode_word(w, impl_->trie, impl_->scores, impl_->unk_score, model_.unk_id,
                    model_.byte_fallback, impl_->byte_ids, ids, ends);
      });
}

Encoding UnigramTokenizer::encode_detailed(std::string_view text) const {
  return detail::encode_metaspace_detailed(
      text, model_.normalizer, impl_->specials, impl_->special_ids, false,
      [&](std::string_view w, std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>* ends) {
        encode_word(w, impl_->trie, impl_->scores, impl_->unk_score, model_.unk_id,
                    model_.byte_fallback, impl_->byte_ids, ids, ends);
      });
}

std::string UnigramTokenizer::decode(const std::vector<std::uint32_t>& ids) const {
  // Text between special tokens was normalized (and given its leading "▁") on its own.
  std::string out, segment, bytes;
  auto flush = [&] {
    if (!bytes.empty()) detail::append_bytes_as_text(segment, bytes), bytes.clear();
    out += detail::from_metaspace(segment);
    segment.clear();
  };
  for (const auto id : ids) {
    if (id >= model_.pieces.size())
      throw EngineError<std::out_of_range>(
          QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"),
          {std::to_string(id)});
    const auto& p = model_.pieces[id];
    if (p.type == UnigramPiece::Type::Byte) {
      bytes.push_back(char(detail::parse_byte_piece(p.text)));
      continue;
    }
    if (!bytes.empty()) detail::append_bytes_as_text(segment, bytes), bytes.clear();
    if (p.type == UnigramPiece::Type::Special) {
      flush();
      out += p.text;
    } else {
      segment += p.text;
    }
  }
  flush();
  return out;
}

std::string UnigramTokenizer::token(std::uint32_t id) const {
  if (id >= model_.pieces.size())
    throw EngineError<std::out_of_range>(
        QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"), {std::to_string(id)});
  return model_.pieces[id].text;
}

bool UnigramTokenizer::is_special(std::uint32_t id) const {
  return id < model_.pieces.size() && model_.pieces[id].type != UnigramPiece::Type::Normal;
}

std::string UnigramTokenizer::describe() const {
  return "Unigram LM, vocabulary " + std::to_string(model_.pieces.size()) +
         (model_.byte_fallback ? ", byte fallback" : ", <unk> for unknown characters") +
         ", normalizer " + model_.normalizer.describe() + ", metaspace words";
}

namespace {

// The lattice of a whole text (words side by side), for n-best and sampling.
struct TextLattice {
  std::string meta;
  std::vector<LatticeNode> nodes;                  // sorted by begin
  std::vector<std::vector<std::uint32_t>> ending;  // node indices by end offset
};

}  // namespace

std::vector<std::pair<std::vector<std::uint32_t>, double>> UnigramTokenizer::nbest(
    std::string_view text, std::size_t n) const {
  std::vector<std::pair<std::vector<std::uint32_t>, double>> out;
  if (n == 0) return out;
  TextLattice lat;
  lat.meta = detail::to_metaspace(detail::metaspace_normalize(model_.normalizer, text), nullptr);
  std::vector<std::string_view> words;
  detail::split_words(lat.meta, words);
  std::vector<LatticeNode> word_nodes;
  for (const auto w : words) {
    const auto offset = std::uint32_t(w.data() - lat.meta.data());
    build_lattice(w, impl_->trie, impl_->scores, impl_->unk_score, word_nodes);
    for (auto node : word_nodes) {
      node.begin += offset, node.end += offset;
      lat.nodes.push_back(node);
    }
  }
  const std::size_t length = lat.meta.size();
  lat.ending.assign(length + 1, {});
  for (std::uint32_t k = 0; k < lat.nodes.size(); ++k) lat.ending[lat.nodes[k].end].push_back(k);
  // Forward best scores, then best-first search from the end (A*, the forward score is exact).
  std::vector<double> best(length + 1, kNegInf);
  best[0] = 0;
  for (const auto& node : lat.nodes)
    best[node.end] = std::max(best[node.end], best[node.begin] + node.score);
  if (length == 0) {
    out.push_back({{}, 0.0});
    return out;
  }
  struct Hypothesis {
    double priority, suffix_score;
    std::uint32_t pos;
    std::int64_t parent;  // index in `hyps`
    std::int64_t node;    // lattice node taken to reach pos from the right
  };
  std::vector<Hypothesis> hyps;
  auto cmp = [&](std::size_t a, std::size_t b) { return hyps[a].priority < hyps[b].priority; };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(cmp)> agenda(cmp);
  hyps.push_back({best[length], 0.0, std::uint32_t(length), -1, -1});
  agenda.push(0);
  while (!agenda.empty() && out.size() < n && hyps.size() < 1000000) {
    const std::size_t h = agenda.top();
    agenda.pop();
    if (hyps[h].pos == 0) {
      std::vector<std::uint32_t> path;
      for (std::int64_t k = std::int64_t(h); hyps[std::size_t(k)].node >= 0;
           k = hyps[std::size_t(k)].parent)
        path.push_back(std::uint32_t(hyps[std::size_t(k)].node));
      std::vector<std::uint32_t> ids;
      for (std::size_t k = 0; k < path.size(); ++k) {
        const auto& node = lat.nodes[path[k]];
        if (node.id != kNoToken) {
          ids.push_back(node.id);
        } else if (model_.byte_fallback) {
          for (std::uint32_t b = node.begin; b < node.end; ++b)
            ids.push_back(impl_->byte_ids[static_cast<unsigned char>(lat.meta[b])]);
        } else if (ids.empty() || ids.back() != model_.unk_id) {
          ids.push_back(model_.unk_id);
        }
      }
      out.emplace_back(std::move(ids), hyps[h].suffix_score);
      continue;
    }
    for (const auto k : lat.ending[hyps[h].pos]) {
      const auto& node = lat.nodes[k];
      if (best[node.begin] == kNegInf) continue;
      const double suffix = hyps[h].suffix_score + node.score;
      hyps.push_back(
          {best[node.begin] + suffix, suffix, node.begin, std::int64_t(h), std::int64_t(k)});
      agenda.push(hyps.size() - 1);
    }
  }
  return out;
}

std::vector<std::uint32_t> UnigramTokenizer::sample(std::string_view text, double alpha,
                                                    std::uint64_t seed) const {
  const std::string meta =
      detail::to_metaspace(detail::metaspace_normalize(model_.normalizer, text), nullptr);
  std::vector<std::string_view> words;
  detail::split_words(meta, words);
  std::mt19937_64 rng(seed);
  std::vector<std::uint32_t> ids;
  std::vector<LatticeNode> nodes;
  for (const auto w : words) {
    build_lattice(w, impl_->trie, impl_->scores, impl_->unk_score, nodes);
    // Forward filtering with scores scaled by alpha, then sampling backwards.
    std::vector<double> forward(w.size() + 1, kNegInf);
    std::vector<std::vector<std::uint32_t>> ending(w.size() + 1);
    forward[0] = 0;
    for (std::uint32_t k = 0; k < nodes.size(); ++k) {
      const auto& node = nodes[k];
      forward[node.end] = log_add(forward[node.end], forward[node.begin] + alpha * node.score);
      ending[node.end].push_back(k);
    }
    std::vector<std::uint32_t> path;
    for (std::size_t pos = w.size(); pos > 0;) {
      std::vector<double> weights;
      for (const auto k : ending[pos])
        weights.push_back(
            std::exp(forward[nodes[k].begin] + alpha * nodes[k].score - forward[pos]));
      std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
      const auto k = ending[pos][pick(rng)];
      path.push_back(k);
      pos = nodes[k].begin;
    }
    std::reverse(path.begin(), path.end());
    for (std::size_t k = 0; k < path.size(); ++k) {
      const auto& node = nodes[path[k]];
      if (node.id != kNoToken) {
        ids.push_back(node.id);
      } else if (model_.byte_fallback) {
        for (std::uint32_t b = node.begin; b < node.end; ++b)
          ids.push_back(impl_->byte_ids[static_cast<unsigned char>(w[b])]);
      } else if (k == 0 || nodes[path[k - 1]].id != kNoToken) {
        ids.push_back(model_.unk_id);
      }
    }
  }
  return ids;
}

}  // namespace ahenk::tokenize
