#define PCRE2_CODE_UNIT_WIDTH 8
#include "ahenk/tokenize/bpe.h"

#include "ahenk/message.h"
#include "common.h"

#include <pcre2.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <queue>
#include <stdexcept>
#include <unordered_set>

namespace ahenk::tokenize {
namespace {

constexpr std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) {
  return std::uint64_t(a) << 32 | b;
}

}  // namespace

const char* split_regex(SplitPattern pattern) {
  switch (pattern) {
    case SplitPattern::Gpt2:  // openai/gpt-2 encoder.py
      return R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
    case SplitPattern::Gpt4:  // tiktoken cl100k_base
      return R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+)";
  }
  return "";
}

SplitPattern parse_split_pattern(const std::string& name) {
  if (name == "gpt2") return SplitPattern::Gpt2;
  if (name == "gpt4") return SplitPattern::Gpt4;
  throw InvalidArgument(
      QT_TRANSLATE_NOOP("Engine", "unknown split pattern '%1' (use gpt2 or gpt4)"), {name});
}

// ---- pre-tokenizer ----

struct PreTokenizer::Impl {
  pcre2_code* code = nullptr;
  ~Impl() {
    if (code) pcre2_code_free(code);
  }
};

PreTokenizer::PreTokenizer(SplitPattern pattern) : impl_(std::make_unique<Impl>()) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  const char* regex = split_regex(pattern);
  impl_->code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(regex), PCRE2_ZERO_TERMINATED,
                    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &error, &offset, nullptr);
  if (!impl_->code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof(message));
    throw std::runtime_error(std::string("split pattern does not compile: ") +
                             reinterpret_cast<char*>(message));
  }
  pcre2_jit_compile(impl_->code,
                    PCRE2_JIT_COMPLETE);  // falls back to the interpreter if JIT is off
}

PreTokenizer::~PreTokenizer() = default;

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& out) const {
  out.clear();
  // Match data per thread, freed when the thread ends (worker threads come and go).
  struct MatchData {
    pcre2_match_data* data = nullptr;
    const pcre2_code* code = nullptr;
    ~MatchData() {
      if (data) pcre2_match_data_free(data);
    }
  };
  thread_local MatchData match;
  if (match.code != impl_->code) {
    if (match.data) pcre2_match_data_free(match.data);
    match.data = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
    match.code = impl_->code;
  }
  pcre2_match_data* data = match.data;
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const int rc = pcre2_match(impl_->code, subject, text.size(), pos, 0, data, nullptr);
    if (rc < 0) {  // no further match: the rest is bytes the pattern cannot match
      out.push_back(text.substr(pos));
      return;
    }
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
    std::size_t start = ovector[0], end = ovector[1];
    if (start > pos) out.push_back(text.substr(pos, start - pos));  // invalid UTF-8 between matches
    if (end == start) end = start + 1;                              // never loop on an empty match
    out.push_back(text.substr(start, end - start));
    pos = end;
  }
}

// ---- byte-level alphabet (GPT-2 bytes_to_unicode) ----

namespace {

const std::array<char32_t, 256>& byte_map() {
  static const std::array<char32_t, 256> map = [] {
    std::array<char32_t, 256> m{};
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
      const bool printable =
          (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
      m[std::size_t(b)] = printable ? char32_t(b) : next++;
    }
    return m;
  }();
  return map;
}

void append_code_point(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(char(c));
  } else if (c < 0x800) {
    out.push_back(char(0xC0 | (c >> 6)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else {
    out.push_back(char(0xE0 | (c >> 12)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  }
}

}  // namespace

std::string byte_to_unicode(std::string_view bytes) {
  std::string out;
  for (const unsigned char b : bytes) append_code_point(out, byte_map()[b]);
  return out;
}

std::string unicode_to_byte(std::string_view mapped) {
  static const std::unordered_map<char32_t, unsigned char> inverse = [] {
    std::unordered_map<char32_t, unsigned char> m;
    for (int b = 0; b < 256; ++b) m[byte_map()[std::size_t(b)]] = static_cast<unsigned char>(b);
    return m;
  }();
  std::string out;
  for (std::size_t i = 0; i < mapped.size();) {
    const auto c0 = static_cast<unsigned char>(mapped[i]);
    char32_t c;
    std::size_t len;
    if (c0 < 0x80) {
      c = c0, len = 1;
    } else if ((c0 & 0xE0) == 0xC0 && i + 1 < mapped.size()) {
      c = char32_t(c0 & 0x1F) << 6 | (static_cast<unsigned char>(mapped[i + 1]) & 0x3F), len = 2;
    } else if ((c0 & 0xF0) == 0xE0 && i + 2 < mapped.size()) {
      c = char32_t(c0 & 0x0F) << 12 |
          char32_t(static_cast<unsigned char>(mapped[i + 1]) & 0x3F) << 6 |
          (static_cast<unsigned char>(mapped[i + 2]) & 0x3F);
      len = 3;
    } else {
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "not a byte-level token: '%1'"),
                            {std::string(mapped)});
    }
    auto it = inverse.find(c);
    if (it == inverse.end())
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "not a byte-level token: '%1'"),
                            {std::string(mapped)});
    out.push_back(char(it->second));
    i += len;
  }
  return out;
}

// ---- training ----

BpeTrainer::BpeTrainer(BpeTrainOptions options)
    : options_(std::move(options)), pretokenizer_(options_.pattern) {
  const std::size_t minimum = 256 + options_.special_tokens.size();
  if (options_.vocab_size < minimum) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP(
            "Engine", "vocab size %1 is smaller than the 256 bytes plus the special tokens (%2)"),
        {std::to_string(options_.vocab_size), std::to_string(minimum)});
  }
}

BpeTrainer::~BpeTrainer() = default;

void BpeTrainer::add_text(std::string_view text) {
  thread_local std::vector<std::string_view> pieces;
  std::string normalized;
  if (!options_.normalizer.empty()) {
    normalized = options_.normalizer.apply(text);
    text = normalized;
  }
  detail::for_each_chunk(text, 1 << 20, [&](std::string_view chunk, bool) {
    pretokenizer_.split(chunk, pieces);
    for (const auto piece : pieces) detail::count_word(counts_, piece, key_bytes_);
  });
  ++documents_;
  bytes_ += text.size();
}

std::size_t BpeTrainer::memory_estimate() const {
  // The counts, then per distinct pre-token its symbols and pairs while merging (about 3x).
  return 3 * detail::count_map_bytes(counts_.size(), key_bytes_);
}

BpeTrainResult BpeTrainer::train(ProgressSink* progress, const CancelToken* cancel) {
  BpeTrainResult result;
  BpeModel& model = result.model;
  model.pattern = options_.pattern;
  model.normalizer = options_.normalizer;
  for (const auto& special : options_.special_tokens) {
    model.special_ids.push_back(std::uint32_t(model.vocab.size()));
    model.special_tokens.push_back(special);
    model.vocab.push_back(special);
  }
  const std::uint32_t first_byte = std::uint32_t(model.vocab.size());
  for (int b = 0; b < 256; ++b) model.vocab.emplace_back(1, char(b));

  // Words (distinct pre-tokens) as symbol sequences, in a deterministic order.
  struct Word {
    std::vector<std::uint32_t> symbols;
    std::uint64_t count;
  };
  std::vector<std::pair<std::string, std::uint64_t>> sorted(counts_.begin(), counts_.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<Word> words;
  words.reserve(sorted.size());
  std::uint64_t tokens = 0;
  for (const auto& [text, count] : sorted) {
    Word w{{}, count};
    for (const unsigned char b : text) w.symbols.push_back(first_byte + b);
    tokens += count * w.symbols.size();
    words.push_back(std::move(w));
  }
  result.documents = documents_;
  result.bytes = bytes_;
  result.unique_pretokens = words.size();

  std::unordered_map<std::uint64_t, std::int64_t> pair_counts;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> where;  // may hold stale words
  for (std::uint32_t w = 0; w < words.size(); ++w) {
    const auto& s = words[w].symbols;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      const auto key = pair_key(s[i], s[i + 1]);
      pair_counts[key] += std::int64_t(words[w].count);
      auto& list = where[key];
      if (list.empty() || list.back() != w) list.push_back(w);
    }
  }
  struct Entry {
    std::int64_t count;
    std::uint64_t pair;
    bool operator<(const Entry& other) const {  // max-heap: higher count, then smaller pair
      return count != other.count ? count < other.count : pair > other.pair;
    }
  };
  std::priority_queue<Entry> heap;
  for (const auto& [key, count] : pair_counts) heap.push({count, key});

  const std::size_t merges_wanted = options_.vocab_size - model.vocab.size();
  std::unordered_map<std::uint64_t, std::int64_t> changed;
  while (model.merges.size() < merges_wanted && !heap.empty()) {
    throw_if_cancelled(cancel);
    const Entry top = heap.top();
    heap.pop();
    auto current = pair_counts.find(top.pair);
    if (current == pair_counts.end() || current->second != top.count) continue;  // stale
    if (top.count < std::int64_t(options_.min_frequency) || top.count <= 0) break;
    const auto a = std::uint32_t(top.pair >> 32), b = std::uint32_t(top.pair);
    const auto token = std::uint32_t(model.vocab.size());
    model.vocab.push_back(model.vocab[a] + model.vocab[b]);
    model.merges.emplace_back(a, b);
    model.merge_results.push_back(token);

    MergeEvent event{a, b, token, std::uint64_t(top.count), tokens, tokens};
    changed.clear();
    auto& list = where[top.pair];
    std::vector<std::uint32_t> affected;
    affected.swap(list);
    for (const auto w : affected) {
      auto& s = words[w].symbols;
      const auto c = std::int64_t(words[w].count);
      for (std::size_t i = 0; i + 1 < s.size();) {
        if (s[i] != a || s[i + 1] != b) {
          ++i;
          continue;
        }
        if (i > 0) changed[pair_key(s[i - 1], a)] -= c, changed[pair_key(s[i - 1], token)] += c;
        if (i + 2 < s.size())
          changed[pair_key(b, s[i + 2])] -= c, changed[pair_key(token, s[i + 2])] += c;
        s[i] = token;
        s.erase(s.begin() + std::ptrdiff_t(i) + 1);
        tokens -= std::uint64_t(c);
        auto note = [&](std::uint64_t key) {
          auto& l = where[key];
          if (l.empty() || l.back() != w) l.push_back(w);
        };
        if (i > 0) note(pair_key(s[i - 1], token));
        if (i + 1 < s.size()) note(pair_key(token, s[i + 1]));
        ++i;
      }
    }
    changed.erase(top.pair);  // every occurrence of the merged pair is gone
    pair_counts.erase(top.pair);
    for (const auto& [key, delta] : changed) {
      if (delta == 0) continue;
      auto& count = pair_counts[key];
      count += delta;
      if (count > 0) heap.push({count, key});
    }
    event.tokens_after = tokens;
    result.events.push_back(event);
    if (progress && (model.merges.size() % 64 == 0 || model.merges.size() == merges_wanted)) {
      progress->report({"bpe merges", model.merges.size(), merges_wanted, "merges"});
    }
  }
  if (progress) progress->finish();
  return result;
}

// ---- encoding ----

BpeTokenizer::BpeTokenizer(BpeModel model)
    : model_(std::move(model)), pretokenizer_(std::make_unique<PreTokenizer>(model_.pattern)) {
  serial_ = detail::next_serial();
  byte_ids_.fill(UINT32_MAX);
  std::unordered_set<std::uint32_t> specials(model_.special_ids.begin(), model_.special_ids.end());
  for (std::uint32_t id = 0; id < model_.vocab.size(); ++id) {
    if (model_.vocab[id].size() == 1 && !specials.count(id)) {
      byte_ids_[static_cast<unsigned char>(model_.vocab[id][0])] = id;
    }
  }
  for (std::uint32_t r = 0; r < model_.merges.size(); ++r) {
    ranks_[pair_key(model_.merges[r].first, model_.merges[r].second)] = {r,
                                                                         model_.merge_results[r]};
  }
}

BpeTokenizer::~BpeTokenizer() = default;

void BpeTokenizer::encode_pretoken(std::string_view piece, std::vector<std::uint32_t>& out,
                                   std::size_t merge_limit) const {
  if (merge_limit < model_.merges.size()) {  // a replay: not what the cache holds
    thread_local std::vector<std::uint32_t> s;
    merge_pretoken(piece, merge_limit, s);
    out.insert(out.end(), s.begin(), s.end());
    return;
  }
  // Per thread, for one tokenizer at a time: keyed by a serial number, not the address, which a
  // later tokenizer may reuse.
  thread_local std::unordered_map<std::string, std::vector<std::uint32_t>> cache;
  thread_local std::uint64_t cache_owner = 0;
  if (cache_owner != serial_ || cache.size() > 200000) {
    cache.clear();
    cache_owner = serial_;
  }
  auto hit = cache.find(std::string(piece));
  if (hit != cache.end()) {
    out.insert(out.end(), hit->second.begin(), hit->second.end());
    return;
  }
  std::vector<std::uint32_t> s;
  merge_pretoken(piece, merge_limit, s);
  out.insert(out.end(), s.begin(), s.end());
  cache.emplace(std::string(piece), std::move(s));
}

void BpeTokenizer::merge_pretoken(std::string_view piece, std::size_t merge_limit,
                                  std::vector<std::uint32_t>& s) const {
  s.clear();
  s.reserve(piece.size());
  for (const unsigned char b : piece) {
    if (byte_ids_[b] == UINT32_MAX) {
      // A vocabulary trained without the full byte alphabet (HF's trainer keeps only the bytes it
      // saw): the byte is dropped, as Hugging Face tokenizers does, and counted.
      dropped_bytes_.fetch_add(1, std::memory_order_relaxed);
      continue;
    }
    s.push_back(byte_ids_[b]);
  }
  // Merge the lowest-ranked adjacent pair until none is mergeable (among the first
  // `merge_limit` merges).
  const std::uint32_t limit = std::uint32_t(std::min<std::size_t>(merge_limit, UINT32_MAX));
  while (s.size() > 1) {
    std::uint32_t best_rank = UINT32_MAX, best_id = 0;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      auto it = ranks_.find(pair_key(s[i], s[i + 1]));
      if (it != ranks_.end() && it->second.first < best_rank && it->second.first < limit)
        best_rank = it->second.first, best_id = it->second.second;
    }
    if (best_rank == UINT32_MAX) break;
    const auto [a, b] = model_.merges[best_rank];
    std::size_t j = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
        s[j++] = best_id;
        ++i;
      } else {
        s[j++] = s[i];
      }
    }
    s.resize(j);
  }
}

void BpeTokenizer::encode_normalized(std::string_view text, std::vector<std::uint32_t>& ids,
                                     std::size_t merge_limit) const {
  thread_local std::vector<std::string_view> pieces;
  detail::split_specials(
      text, model_.special_tokens,
      [&](std::string_view part) {
        pretokenizer_->split(part, pieces);
        for (const auto piece : pieces) encode_pretoken(piece, ids, merge_limit);
      },
      [&](std::size_t k) { ids.push_back(model_.special_ids[k]); });
}

std::string BpeTokenizer::normalize(std::string_view text) const {
  if (model_.normalizer.empty()) return std::string(text);
  std::string out;
  detail::split_specials(
      text, model_.special_tokens,
      [&](std::string_view part) { out += model_.normalizer.apply(part); },
      [&](std::size_t k) { out += model_.special_tokens[k]; });
  return out;
}

std::vector<std::uint32_t> BpeTokenizer::encode(std::string_view text) const {
  std::vector<std::uint32_t> ids;
  if (model_.normalizer.empty()) {
    encode_normalized(text, ids);
  } else {
    encode_normalized(normalize(text), ids);
  }
  return ids;
}

Encoding BpeTokenizer::encode_detailed(std::string_view text) const {
  return encode_at_merge(text, model_.merges.size());
}

Encoding BpeTokenizer::encode_at_merge(std::string_view text, std::size_t merges) const {
  Encoding enc;
  enc.normalized = normalize(text);
  encode_normalized(enc.normalized, enc.ids, merges);
  std::uint32_t at = 0;
  for (const auto id : enc.ids) {
    at += std::uint32_t(model_.vocab[id].size());
    enc.ends.push_back(at);
  }
  return enc;
}

std::string BpeTokenizer::token(std::uint32_t id) const {
  if (id >= model_.vocab.size())
    throw EngineError<std::out_of_range>(
        QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"), {std::to_string(id)});
  return model_.vocab[id];
}

bool BpeTokenizer::is_special(std::uint32_t id) const {
  return std::find(model_.special_ids.begin(), model_.special_ids.end(), id) !=
         model_.special_ids.end();
}

std::string BpeTokenizer::describe() const {
  return std::string("byte-level BPE, ") +
         (model_.pattern == SplitPattern::Gpt2 ? "GPT-2" : "GPT-4") + " split, vocabulary " +
         std::to_string(model_.vocab.size()) + " (" + std::to_string(model_.special_tokens.size()) +
         " special + 256 bytes + " + std::to_string(model_.merges.size()) +
         " merges), normalizer " + model_.normalizer.describe();
}

void BpeTokenizer::save(const std::string& path) const {
  save_tokenizer_json(model_, path);
}

std::string BpeTokenizer::decode(const std::vector<std::uint32_t>& ids) const {
  std::string out;
  for (const auto id : ids) {
    if (id >= model_.vocab.size())
      throw EngineError<std::out_of_range>(
          QT_TRANSLATE_NOOP("Engine", "token id %1 is not in the vocabulary"),
          {std::to_string(id)});
    out += model_.vocab[id];
  }
  return out;
}

}  // namespace ahenk::tokenize
