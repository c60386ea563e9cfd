#include "ahenk/tokenize/wordpiece.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <queue>
#include <stdexcept>
#include <unordered_set>

#include "ahenk/message.h"
#include "common.h"

namespace ahenk::tokenize {
namespace {

constexpr std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
  return std::uint64_t(a) << 32 | b;
}

using detail::char_length;

// The starting symbols of a word: its characters, all but the first with the continuation prefix;
// a leading "▁" stays with the character after it ("▁t", "##h", "##e"), since the marker is in
// nearly every word and the likelihood score would merge it last.
template <class F>
void for_each_symbol(const std::string& word, const std::string& prefix, F&& f) {
  std::size_t i = 0;
  auto next = [&](std::size_t at) {
    return std::min(word.size() - at, char_length(static_cast<unsigned char>(word[at])));
  };
  while (i < word.size()) {
    std::size_t n = next(i);
    if (i == 0 && word.compare(0, detail::kMeta.size(), detail::kMeta) == 0 && n < word.size())
      n += next(n);
    f((i == 0 ? std::string() : prefix) + word.substr(i, n));
    i += n;
  }
}

}  // namespace

WordPieceTrainer::WordPieceTrainer(WordPieceTrainOptions options) : options_(std::move(options)) {}

void WordPieceTrainer::add_text(std::string_view text) {
  ++documents_;
  bytes_ += text.size();
  detail::count_metaspace_words(options_.normalizer, text, true, words_, key_bytes_);
}

std::size_t WordPieceTrainer::memory_estimate() const {
  // The words, then their symbols, pair counts and the words each pair is in (about 4x).
  return 4 * detail::count_map_bytes(words_.size(), key_bytes_) + std::size_t(16 * key_bytes_);
}

WordPieceTrainResult WordPieceTrainer::train(ProgressSink* progress, const CancelToken* cancel) {
  WordPieceTrainResult result;
  result.documents = documents_;
  result.bytes = bytes_;
  result.unique_words = words_.size();
  WordPieceModel& model = result.model;
  model.normalizer = options_.normalizer;
  const std::string prefix = model.prefix;

  std::unordered_map<std::string, std::uint32_t> ids;
  auto add_piece = [&](const std::string& piece) {
    auto [it, fresh] = ids.emplace(piece, std::uint32_t(model.vocab.size()));
    if (fresh) model.vocab.push_back(piece);
    return it->second;
  };
  model.unk_id = add_piece("[UNK]");
  model.special_ids.push_back(model.unk_id);
  for (const auto& s : options_.special_tokens) {
    if (ids.count(s)) continue;
    model.special_ids.push_back(add_piece(s));
  }
  const std::size_t first_piece = model.vocab.size();

  // Words as symbol sequences, sorted for a deterministic alphabet and order.
  std::vector<std::pair<std::string, std::uint64_t>> sorted(words_.begin(), words_.end());
  words_.clear();
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  // The alphabet, most frequent first.
  std::unordered_map<std::string, std::uint64_t> char_counts;
  for (const auto& entry : sorted)
    for_each_symbol(entry.first, prefix,
                    [&](std::string&& symbol) { char_counts[symbol] += entry.second; });
  std::vector<std::pair<std::string, std::uint64_t>> alphabet(char_counts.begin(),
                                                              char_counts.end());
  std::sort(alphabet.begin(), alphabet.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (first_piece + alphabet.size() > options_.vocab_size) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine",
                          "vocabulary size %1 is smaller than [UNK], the special tokens and "
                          "the %2 characters of the training text (as word "
                          "starts and '##' continuations)"),
        {std::to_string(options_.vocab_size), std::to_string(alphabet.size())});
  }
  for (const auto& [piece, count] : alphabet) add_piece(piece);
  result.alphabet = alphabet.size();

  struct Word {
    std::vector<std::uint32_t> symbols;
    std::uint64_t freq;
  };
  std::vector<Word> words;
  words.reserve(sorted.size());
  std::vector<std::int64_t> sym_count(model.vocab.size(), 0);
  std::unordered_map<std::uint64_t, std::int64_t> pair_count;
  std::unordered_map<std::uint64_t, std::unordered_set<std::uint32_t>> where;
  std::vector<std::unordered_set<std::uint64_t>> pairs_of(model.vocab.size());
  std::uint64_t tokens = 0;
  for (const auto& [text, freq] : sorted) {
    Word w{{}, freq};
    for_each_symbol(text, prefix,
                    [&](std::string&& symbol) { w.symbols.push_back(ids.at(symbol)); });
    for (const auto s : w.symbols) sym_count[s] += std::int64_t(freq);
    tokens += w.symbols.size() * freq;
    for (std::size_t i = 0; i + 1 < w.symbols.size(); ++i) {
      const auto key = pair_key(w.symbols[i], w.symbols[i + 1]);
      pair_count[key] += std::int64_t(freq);
      where[key].insert(std::uint32_t(words.size()));
      pairs_of[w.symbols[i]].insert(key);
      pairs_of[w.symbols[i + 1]].insert(key);
    }
    words.push_back(std::move(w));
  }
  sorted.clear();
  sorted.shrink_to_fit();

  struct Entry {
    double score;
    std::int64_t count;
    std::uint64_t key;
    bool operator<(const Entry& o) const {
      if (score != o.score) return score < o.score;
      if (count != o.count) return count < o.count;
      return key > o.key;  // smaller ids first
    }
  };
  auto score_of = [&](std::uint64_t key, std::int64_t count) {
    const auto a = std::uint32_t(key >> 32), b = std::uint32_t(key);
    return double(count) / (double(sym_count[a]) * double(sym_count[b]));
  };
  std::priority_queue<Entry> heap;
  for (const auto& [key, count] : pair_count) heap.push({score_of(key, count), count, key});

  const std::size_t merges_wanted = options_.vocab_size - model.vocab.size();
  while (model.vocab.size() < options_.vocab_size && !heap.empty()) {
    throw_if_cancelled(cancel);
    const Entry top = heap.top();
    heap.pop();
    auto pc = pair_count.find(top.key);
    if (pc == pair_count.end() || pc->second != top.count ||
        score_of(top.key, pc->second) != top.score)
      continue;  // stale: the current value is queued too
    if (std::uint64_t(top.count) < options_.min_frequency) {
      // Scores do not order counts: drop this pair, others may still qualify.
      continue;
    }
    const auto a = std::uint32_t(top.key >> 32), b = std::uint32_t(top.key);
    std::string merged = model.vocab[a];
    const std::string& right = model.vocab[b];
    merged += right.compare(0, prefix.size(), prefix) == 0 ? right.substr(prefix.size()) : right;
    const bool fresh = !ids.count(merged);
    const std::uint32_t token = add_piece(merged);
    if (token >= sym_count.size()) sym_count.resize(token + 1, 0), pairs_of.resize(token + 1);
    WordPieceEvent event{a, b, token, std::uint64_t(top.count), top.score, tokens, 0};
    // Rewrite every word with the pair; net changes of pair counts go to `delta`.
    std::unordered_map<std::uint64_t, std::int64_t> delta;
    const auto affected = where[top.key];
    for (const auto wi : affected) {
      Word& w = words[wi];
      const auto f = std::int64_t(w.freq);
      for (std::size_t i = 0; i + 1 < w.symbols.size(); ++i)
        delta[pair_key(w.symbols[i], w.symbols[i + 1])] -= f;
      std::size_t j = 0;
      for (std::size_t i = 0; i < w.symbols.size(); ++i) {
        if (i + 1 < w.symbols.size() && w.symbols[i] == a && w.symbols[i + 1] == b) {
          w.symbols[j++] = token;
          sym_count[a] -= f, sym_count[b] -= f, sym_count[token] += f;
          tokens -= w.freq;
          ++i;
        } else {
          w.symbols[j++] = w.symbols[i];
        }
      }
      w.symbols.resize(j);
      for (std::size_t i = 0; i + 1 < w.symbols.size(); ++i) {
        const auto key = pair_key(w.symbols[i], w.symbols[i + 1]);
        delta[key] += f;
        where[key].insert(wi);
      }
    }
    std::unordered_set<std::uint64_t> requeue;
    for (const auto& [key, d] : delta) {
      if (d == 0) continue;
      auto& count = pair_count[key];
      count += d;
      const auto x = std::uint32_t(key >> 32), y = std::uint32_t(key);
      if (count <= 0) {
        pair_count.erase(key);
        where.erase(key);
        pairs_of[x].erase(key), pairs_of[y].erase(key);
      } else {
        pairs_of[x].insert(key), pairs_of[y].insert(key);
        requeue.insert(key);
      }
    }
    // The counts of a, b and the new token changed: so did the score of every pair with them.
    for (const auto s : {a, b, token})
      for (const auto key : pairs_of[s]) requeue.insert(key);
    for (const auto key : requeue) {
      auto it = pair_count.find(key);
      if (it != pair_count.end()) heap.push({score_of(key, it->second), it->second, key});
    }
    if (heap.size() > 4 * pair_count.size() + 1024) {  // drop stale entries now and then
      std::priority_queue<Entry> fresh_heap;
      for (const auto& [key, count] : pair_count)
        fresh_heap.push({score_of(key, count), count, key});
      heap.swap(fresh_heap);
    }
    event.tokens_after = tokens;
    if (fresh) result.events.push_back(event);
    if (progress && (result.events.size() % 64 == 0))
      progress->report({"wordpiece merges", result.events.size(), merges_wanted, "merges"});
  }
  if (progress) progress->finish();
  return result;
}

// ---------------------------------------------------------------------------------------------

struct WordPieceTokenizer::Impl {
  detail::PieceTrie starts, continuations;  // continuation pieces without the prefix
  std::vector<std::string> specials;        // texts of special ids except unk
  std::vector<std::uint32_t> special_ids;
  std::vector<char> special;
  std::uint64_t serial = detail::next_serial();
};

namespace {
struct WordPieceCacheTag {};
}  // namespace

WordPieceTokenizer::WordPieceTokenizer(WordPieceModel model)
    : model_(std::move(model)), impl_(std::make_unique<Impl>()) {
  if (model_.unk_id >= model_.vocab.size())
    throw InvalidArgument(QT_TRANSLATE_NOOP(
        "Engine", "WordPiece model: the unknown token id is outside the vocabulary"));
  impl_->special.assign(model_.vocab.size(), 0);
  for (const auto id : model_.special_ids) {
    if (id >= model_.vocab.size()) continue;
    impl_->special[id] = 1;
    if (id == model_.unk_id) continue;
    impl_->specials.push_back(model_.vocab[id]);
    impl_->special_ids.push_back(id);
  }
  impl_->special[model_.unk_id] = 1;
  std::vector<std::string> starts, conts;
  std::vector<std::uint32_t> start_ids, cont_ids;
  for (std::uint32_t id = 0; id < model_.vocab.size(); ++id) {
    if (impl_->special[id]) continue;
    const auto& p = model_.vocab[id];
    if (!model_.prefix.empty() && p.size() > model_.prefix.size() &&
        p.compare(0, model_.prefix.size(), model_.prefix) == 0) {
      conts.push_back(p.substr(model_.prefix.size()));
      cont_ids.push_back(id);
    } else if (!p.empty()) {
      starts.push_back(p);
      start_ids.push_back(id);
    }
  }
  impl_->starts.build(starts, start_ids);
  impl_->continuations.build(conts, cont_ids);
}

WordPieceTokenizer::~WordPieceTokenizer() = default;

std::string WordPieceTokenizer::normalize(std::string_view text) const {
  return detail::metaspace_normalize_parts(model_.normalizer, text, impl_->specials);
}

namespace {

// Greedy longest match; the whole word is [UNK] when some position has no piece.
void encode_wordpiece(std::string_view word, const detail::PieceTrie& starts,
                      const detail::PieceTrie& conts, std::uint32_t unk, std::size_t max_chars,
                      std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>* ends) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < word.size(); i += char_length(static_cast<unsigned char>(word[i])))
    ++chars;
  const std::size_t mark = ids.size(), mark_ends = ends ? ends->size() : 0;
  auto unknown = [&] {
    ids.resize(mark);
    ids.push_back(unk);
    if (ends) ends->resize(mark_ends), ends->push_back(std::uint32_t(word.size()));
  };
  if (chars > max_chars) return unknown();
  for (std::size_t start = 0; start < word.size();) {
    std::size_t best_end = 0;
    std::uint32_t best_id = kNoToken;
    (start == 0 ? starts : conts).prefixes(word, start, [&](std::size_t end, std::uint32_t id) {
      best_end = end, best_id = id;  // prefixes come shortest first: the last is the longest
    });
    if (best_id == kNoToken) return unknown();
    ids.push_back(best_id);
    if (ends) ends->push_back(std::uint32_t(best_end));
    start = best_end;
  }
}

}  // namespace

std::vector<std::uint32_t> WordPieceTokenizer::encode(std::string_view text) const {
  return detail::encode_metaspace<WordPieceCacheTag>(
      text, model_.normalizer, impl_->specials, impl_->special_ids, true, impl_->serial,
      [&](std::string_view w, std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>* ends) {
        encode_wordpiece(w, impl_->starts, impl_->continuations, model_.unk_id,
                         model_.max_input_chars_per_word, ids, ends);
      });
}

Encoding WordPieceTokenizer::encode_detailed(std::string_view text) const {
  return detail::encode_metaspace_detailed(
      text, model_.normalizer, impl_->specials, impl_->special_ids, true,
      [&](std::string_view w, std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>* ends) {
        encode_wordpiece(w, impl_->starts, impl_->continuations, model_.unk_id,
                         model_.max_input_chars_per_word, ids, ends);
      });
}

std::string WordPieceTokenizer::decode(const std::vector<std::uint32_t>& ids) const {
  // Text between special tokens was normalized (and given its leading "▁") on its own.
  std::string out, segment;
  std::vector<char> split(model_.vocab.size() + 1, 0);
  for (const auto id : impl_->special_ids) split[id] = 1;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const auto id = ids[k];
    if (id >= model_.vocab.size())
      throw EngineError<std::out_of_range>(
          QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"),
          {std::to_string(id)});
    const auto& p = model_.vocab[id];
    if (split[id]) {
      out += detail::from_metaspace(segment);
      segment.clear();
      out += p;
    } else if (k > 0 && !impl_->special[id] && p.size() > model_.prefix.size() &&
               p.compare(0, model_.prefix.size(), model_.prefix) == 0) {
      segment.append(p, model_.prefix.size());
    } else {
      segment += p;
    }
  }
  out += detail::from_metaspace(segment);
  return out;
}

std::string WordPieceTokenizer::token(std::uint32_t id) const {
  if (id >= model_.vocab.size())
    throw EngineError<std::out_of_range>(
        QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"), {std::to_string(id)});
  return model_.vocab[id];
}

bool WordPieceTokenizer::is_special(std::uint32_t id) const {
  return id < impl_->special.size() && impl_->special[id];
}

std::string WordPieceTokenizer::describe() const {
  return "WordPiece, vocabulary " + std::to_string(model_.vocab.size()) +
         ", continuation prefix '" + model_.prefix + "', normalizer " +
         model_.normalizer.describe() + ", metaspace words";
}

}  // namespace ahenk::tokenize
