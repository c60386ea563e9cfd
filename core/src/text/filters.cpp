#include "ahenk/text/filters.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "ahenk/message.h"
#include "ahenk/text/utf8.h"

namespace ahenk::text {
namespace {

constexpr float kNotApplicable = std::numeric_limits<float>::quiet_NaN();

// Rule positions in all_rules(), in datatrove's FineWeb pipeline order.
enum RuleIndex {
  kDupParaFrac,
  kDupParaCharFrac,
  kDupLineFrac,
  kDupLineCharFrac,
  kTop2,
  kTop3,
  kTop4,
  kDup5,
  kDup6,
  kDup7,
  kDup8,
  kDup9,
  kDup10,
  kShortDoc,
  kLongDoc,
  kBelowAvg,
  kAboveAvg,
  kHashes,
  kEllipsis,
  kBullets,
  kEndEllipsis,
  kBelowAlpha,
  kStopWords,
  kLoremIpsum,
  kCurlyBracket,
  kTooFewSentences,
  kLinePunct,
  kShortLines,
  kCharDup,
  kListRatio,
  kRuleCount
};

// ASCII lowercasing without the C locale's per-character call.
inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_ascii_punctuation(UChar32 c) {
  return c < 0x80 && c > 0x20 &&
         !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

bool is_punctuation(UChar32 c) {
  return is_ascii_punctuation(c) || (U_GET_GC_MASK(c) & U_GC_P_MASK) != 0;
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> split_lines(std::string_view text) {  // Python's str.splitlines()
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

std::size_t count(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

// Elements seen before: (count, characters), as datatrove's find_duplicates.
std::pair<std::size_t, std::size_t> find_duplicates(const std::vector<std::string_view>& items) {
  std::unordered_set<std::string_view> seen;
  std::size_t elements = 0, chars = 0;
  for (const auto item : items) {
    if (!seen.insert(item).second) ++elements, chars += code_points(item);
  }
  return {elements, chars};
}

std::string lower(std::string_view word, const std::string& language) {
  const bool turkic = language == "tr" || language == "az";
  bool ascii = true;
  for (const char c : word) ascii &= static_cast<unsigned char>(c) < 0x80 && !(turkic && c == 'I');
  if (ascii) {  // no locale question: plain ASCII lowercasing is exact
    std::string out(word);
    for (auto& c : out) c = ascii_lower(c);
    return out;
  }
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), int32_t(word.size())));
  u.toLower(turkic ? icu::Locale("tr") : icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

// A stop-word list and what is needed to match a word against it cheaply.
struct StopWords {
  std::vector<std::string_view> words;  // a handful: a linear scan beats hashing each word
  std::size_t max_bytes = 0;            // longer words cannot match
  bool ascii = true;                    // all entries ASCII: non-ASCII words cannot match
  bool contains(std::string_view w) const {
    return std::find(words.begin(), words.end(), w) != words.end();
  }
};

const StopWords* stop_words(const std::string& language) {
  // Gopher's English list (as datatrove); a Turkish list of the eight most frequent function
  // words of the Turkish sample corpora (../shared/data/tr_corpus).
  static const auto make = [](std::initializer_list<std::string_view> list) {
    StopWords s;
    for (const auto w : list) {
      s.words.push_back(w);
      s.max_bytes = std::max(s.max_bytes, w.size());
      for (const char c : w) s.ascii &= static_cast<unsigned char>(c) < 0x80;
    }
    return s;
  };
  static const StopWords en = make({"the", "be", "to", "of", "and", "that", "have", "with"});
  static const StopWords tr = make({"ve", "bir", "bu", "da", "de", "ile", "için", "olarak"});
  if (language == "en") return &en;
  if (language == "tr") return &tr;
  return nullptr;
}

// Whether `word`, lowercased in `language`, is a stop word. Turkish and Azeri lowercase I to
// dotless ı and İ to i; uppercase letters of a length that cannot match are never converted.
bool is_stop_word(std::string_view word, const StopWords& stop, const std::string& language) {
  const bool turkic = language == "tr" || language == "az";
  // Lowercasing can change the byte length (İ -> i), so allow a few bytes of slack.
  if (word.size() > stop.max_bytes + 2) return false;
  bool ascii = true;
  for (const char c : word) ascii &= static_cast<unsigned char>(c) < 0x80 && !(turkic && c == 'I');
  if (ascii) {
    if (word.size() > stop.max_bytes) return false;
    char buffer[32];
    for (std::size_t i = 0; i < word.size(); ++i) {
      buffer[i] = ascii_lower(word[i]);
    }
    return stop.contains(std::string_view(buffer, word.size()));
  }
  if (stop.ascii && !turkic) return false;  // no non-ASCII word lowercases into an ASCII list
  const std::string lowered = lower(word, language);
  return lowered.size() <= stop.max_bytes && stop.contains(lowered);
}

// Sentences in a line, approximating NLTK's punkt: terminal punctuation (optionally followed by
// closing quotes or brackets) before whitespace or the end of the line; at least one per line.
std::size_t sentences(std::string_view line) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '.' && line[i] != '!' && line[i] != '?') continue;
    std::size_t j = i + 1;
    while (j < line.size() && (line[j] == '.' || line[j] == '!' || line[j] == '?')) ++j;
    while (j < line.size() && (line[j] == '"' || line[j] == '\'' || line[j] == ')')) ++j;
    if (j >= line.size() || line[j] == ' ' || line[j] == '\t') ++n;
    i = j - 1;
  }
  return std::max<std::size_t>(n, 1);
}

// \[\d*]|\[edit]|\[citation needed] removed: the line itself when it has no '[', else the text
// rebuilt in `out`.
std::string_view remove_citations(std::string_view line, std::string& out) {
  if (line.find('[') == std::string_view::npos) return line;
  out.clear();
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] == '[') {
      std::size_t j = i + 1;
      while (j < line.size() && line[j] >= '0' && line[j] <= '9') ++j;
      if (j < line.size() && line[j] == ']') {
        i = j + 1;
        continue;
      }
      if (line.substr(i, 6) == "[edit]") {
        i += 6;
        continue;
      }
      if (line.substr(i, 18) == "[citation needed]") {
        i += 18;
        continue;
      }
    }
    out.push_back(line[i++]);
  }
  return out;
}

bool contains_policy(const std::string& lower_line) {
  static constexpr std::string_view kPolicy[] = {"terms of use", "privacy policy", "cookie policy",
                                                 "uses cookies", "use of cookies", "use cookies"};
  for (const auto p : kPolicy) {
    if (lower_line.find(p) != std::string::npos) return true;
  }
  return false;
}

// Counts of n-gram keys: open addressing, reused between documents (cleared per use).
class GramTable {
 public:
  struct Slot {
    std::uint64_t key;
    std::uint32_t count;
    std::uint32_t first;
  };
  void reset(std::size_t items) {
    std::size_t capacity = 16;
    while (capacity < 2 * items) capacity <<= 1;
    slots_.assign(capacity, Slot{0, 0, 0});
    mask_ = capacity - 1;
  }
  // The slot of `key` (a new one first seen at `position` when absent); its index in *index.
  Slot& find_or_insert(std::uint64_t key, std::uint32_t position, std::uint32_t* index) {
    key |= 1;  // 0 marks an empty slot
    for (std::size_t i = (key ^ (key >> 32)) & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.key == key || slot.key == 0) {
        if (slot.key == 0) slot = {key, 0, position};
        *index = std::uint32_t(i);
        return slot;
      }
    }
  }
  const Slot& slot(std::uint32_t index) const { return slots_[index]; }

 private:
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

struct C4Scan {
  std::size_t lorem = 0, curly = 0, sentences = 0;
  std::vector<std::string> kept;
};

// datatrove's C4QualityFilter loop over lines (split_paragraph=True), measuring instead of
// returning at the first document-level hit; the kept lines are collected when `keep`.
C4Scan c4_scan(const std::vector<std::string_view>& lines, bool keep) {
  C4Scan scan;
  std::string lowered, cited;
  for (auto raw : lines) {
    const auto stripped = trim(raw);
    std::size_t words = 0;
    bool long_word = false;
    std::size_t word_start = std::string_view::npos;
    for (std::size_t i = 0; i <= stripped.size(); ++i) {
      const bool space = i == stripped.size() || stripped[i] == ' ' || stripped[i] == '\t';
      if (!space && word_start == std::string_view::npos) word_start = i;
      if (space && word_start != std::string_view::npos) {
        ++words;
        // A word of 1000 bytes or fewer has at most 1000 code points.
        long_word |= i - word_start > 1000 &&
                     code_points(stripped.substr(word_start, i - word_start)) > 1000;
        word_start = std::string_view::npos;
      }
    }
    if (long_word) continue;
    const std::string_view line = remove_citations(stripped, cited);
    const std::string_view l(line);
    const bool terminal = ends_with(l, ".") || ends_with(l, "?") || ends_with(l, "!") ||
                          ends_with(l, "\"") || ends_with(l, "'");
    if (!terminal || ends_with(l, "...")) continue;
    if (words < 3) continue;
    lowered.resize(line.size());
    std::transform(line.begin(), line.end(), lowered.begin(), ascii_lower);
    if (lowered.find("lorem ipsum") != std::string::npos) ++scan.lorem;
    if (lowered.find("javascript") != std::string::npos) continue;
    if (line.find('{') != std::string::npos) ++scan.curly;
    if (contains_policy(lowered)) continue;
    scan.sentences += sentences(l);
    if (keep) scan.kept.emplace_back(line);
  }
  return scan;
}

}  // namespace

std::vector<std::string_view> filter_words(std::string_view text) {
  std::vector<std::string_view> words;
  const auto* s = text.data();
  const int32_t n = int32_t(text.size());
  int32_t i = 0;
  while (i < n) {
    // Skip whitespace.
    int32_t start = i;
    const auto first = static_cast<unsigned char>(s[i]);
    if (first == ' ' || first == '\n') {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c >= 0 && is_unicode_whitespace(char32_t(c))) continue;
    // A chunk up to the next whitespace (ASCII bytes without decoding).
    int32_t end = i;
    while (end < n) {
      const auto byte = static_cast<unsigned char>(s[end]);
      if (byte < 0x80) {
        if (byte == ' ' || (byte >= 0x09 && byte <= 0x0D)) break;
        ++end;
        continue;
      }
      int32_t next = end;
      UChar32 d;
      U8_NEXT(s, next, n, d);
      if (d >= 0 && is_unicode_whitespace(char32_t(d))) break;
      end = next;
    }
    i = end;
    // Leading punctuation, one token each.
    int32_t a = start;
    while (a < end) {
      int32_t next = a;
      UChar32 d;
      U8_NEXT(s, next, end, d);
      if (!is_punctuation(d)) break;
      words.emplace_back(s + a, std::size_t(next - a));
      a = next;
    }
    // Trailing punctuation, kept for after the word.
    thread_local std::vector<std::string_view> tail;
    tail.clear();
    int32_t z = end;
    while (z > a) {
      int32_t prev = z;
      UChar32 d;
      U8_PREV(s, a, prev, d);
      if (!is_punctuation(d)) break;
      tail.emplace_back(s + prev, std::size_t(z - prev));
      z = prev;
    }
    if (z > a) words.emplace_back(s + a, std::size_t(z - a));
    words.insert(words.end(), tail.rbegin(), tail.rend());
  }
  return words;
}

bool Rule::removes(double measured) const {
  if (std::isnan(measured)) return false;
  // Values are stored as float (measurements.tsv, the pipeline's rows), so both sides are compared
  // at float precision: a ratio of exactly 0.2 is stored as 0.2f, which is above the double 0.2,
  // and would be removed by a "> 0.2" rule that datatrove (comparing exact doubles) keeps it under.
  const float value = float(measured);
  const float limit = float(threshold);
  switch (remove_when) {
    case Compare::Less:
      return value < limit;
    case Compare::LessEqual:
      return value <= limit;
    case Compare::Greater:
      return value > limit;
    case Compare::GreaterEqual:
      return value >= limit;
  }
  return false;
}

const char* compare_symbol(Compare compare) {
  switch (compare) {
    case Compare::Less:
      return "<";
    case Compare::LessEqual:
      return "<=";
    case Compare::Greater:
      return ">";
    case Compare::GreaterEqual:
      return ">=";
  }
  return "?";
}

std::vector<Rule> all_rules() {
  using C = Compare;
  const std::string rep = "gopher_repetition", qual = "gopher_quality", c4 = "c4", fw = "fineweb";
  std::vector<Rule> r = {
      {"dup_para_frac", rep, "duplicate paragraphs / paragraphs", C::Greater, 0.3},
      {"dup_para_char_frac", rep, "characters in duplicate paragraphs / characters", C::Greater,
       0.2},
      {"dup_line_frac", rep, "duplicate lines / lines", C::Greater, 0.3},
      {"dup_line_char_frac", rep, "characters in duplicate lines / characters", C::Greater, 0.2},
      {"top_2_gram", rep, "characters of the most frequent 2-gram / characters", C::Greater, 0.2},
      {"top_3_gram", rep, "characters of the most frequent 3-gram / characters", C::Greater, 0.18},
      {"top_4_gram", rep, "characters of the most frequent 4-gram / characters", C::Greater, 0.16}};
  const double dup_thresholds[] = {0.15, 0.14, 0.13, 0.12, 0.11, 0.10};
  for (int n = 5; n <= 10; ++n) {
    r.push_back({"duplicated_" + std::to_string(n) + "_n_grams", rep,
                 "characters in repeated " + std::to_string(n) + "-grams / characters", C::Greater,
                 dup_thresholds[n - 5]});
  }
  const std::vector<Rule> rest = {
      {"gopher_short_doc", qual, "words (punctuation excluded)", C::Less, 50},
      {"gopher_long_doc", qual, "words (punctuation excluded)", C::Greater, 100000},
      {"gopher_below_avg_threshold", qual, "mean word length", C::Less, 3},
      {"gopher_above_avg_threshold", qual, "mean word length", C::Greater, 10},
      {"gopher_too_many_hashes", qual, "'#' per word", C::Greater, 0.1},
      {"gopher_too_many_ellipsis", qual, "ellipses per word", C::Greater, 0.1},
      {"gopher_too_many_bullets", qual, "lines starting with a bullet / lines", C::Greater, 0.9},
      {"gopher_too_many_end_ellipsis", qual, "lines ending with an ellipsis / lines", C::Greater,
       0.3},
      {"gopher_below_alpha_threshold", qual, "words with a letter / words", C::Less, 0.8},
      {"gopher_enough_stop_words", qual, "stop words", C::Less, 2},
      {"lorem_ipsum", c4, "kept lines containing \"lorem ipsum\"", C::Greater, 0},
      {"curly_bracket", c4, "kept lines containing a curly bracket", C::Greater, 0},
      {"too_few_sentences", c4, "sentences in the lines C4 keeps", C::Less, 5},
      {"line_punct_ratio", fw, "lines ending in punctuation / lines", C::LessEqual, 0.12},
      {"short_line_ratio", fw, "lines of 30 characters or fewer / lines", C::GreaterEqual, 0.67},
      {"char_dup_ratio", fw, "characters in duplicate lines / characters", C::GreaterEqual, 0.01},
      {"list_ratio", fw, "line breaks / words", C::Greater, 0.3}};
  r.insert(r.end(), rest.begin(), rest.end());
  return r;
}

std::vector<Rule> select_rules(const std::string& spec) {
  std::set<std::string> groups;
  std::size_t start = 0;
  while (start <= spec.size()) {
    auto comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    std::string name = spec.substr(start, comma - start);
    start = comma + 1;
    if (name.empty()) continue;
    if (name == "all") {
      groups.insert({"gopher_quality", "gopher_repetition", "c4", "fineweb"});
    } else if (name == "gopher") {
      groups.insert({"gopher_quality", "gopher_repetition"});
    } else if (name == "gopher_quality" || name == "gopher_repetition" || name == "c4" ||
               name == "fineweb") {
      groups.insert(name);
    } else if (name != "none") {
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine",
                                              "unknown rule set '%1' (use all, none, gopher, "
                                              "gopher_quality, gopher_repetition, c4, fineweb, "
                                              "comma-separated)"),
                            {name});
    }
  }
  std::vector<Rule> out;
  for (auto& rule : all_rules()) {
    if (groups.count(rule.group)) out.push_back(std::move(rule));
  }
  return out;
}

void set_threshold(std::vector<Rule>& rules, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "threshold '%1': write rule=value, e.g. gopher_short_doc=20"),
        {assignment});
  }
  const std::string id = assignment.substr(0, eq);
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(assignment.substr(eq + 1), &used);
    if (used != assignment.size() - eq - 1) throw std::invalid_argument("trailing characters");
  } catch (const std::exception&) {
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "threshold '%1': '%2' is not a number"),
                          {assignment, assignment.substr(eq + 1)});
  }
  for (auto& rule : rules) {
    if (rule.id == id) {
      rule.threshold = value;
      return;
    }
  }
  throw InvalidArgument(
      QT_TRANSLATE_NOOP("Engine", "threshold '%1': no selected rule is called '%2'"),
      {assignment, id});
}

std::string describe(const Rule& rule, double value) {
  char text[256];
  std::snprintf(text, sizeof(text), "%s %.4g %s %.4g", rule.id.c_str(), value,
                compare_symbol(rule.remove_when), rule.threshold);
  return text;
}

FilterSet::FilterSet(std::vector<Rule> rules) : rules_(std::move(rules)), index_(kRuleCount, -1) {
  const auto all = all_rules();
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    for (std::size_t k = 0; k < all.size(); ++k) {
      if (all[k].id == rules_[i].id) index_[k] = int(i);
    }
  }
}

bool FilterSet::has_group(const std::string& group) const {
  for (const auto& r : rules_) {
    if (r.group == group) return true;
  }
  return false;
}

int FilterSet::evaluate(std::string_view text, const std::string& language,
                        std::vector<float>& values) const {
  std::array<float, kRuleCount> v;
  v.fill(kNotApplicable);
  auto want = [&](const char* group) { return has_group(group); };
  const std::size_t chars = code_points(text);
  std::vector<std::string_view> words;
  if (want("gopher_repetition") || want("gopher_quality") || want("fineweb"))
    words = filter_words(text);
  std::vector<std::string_view> lines;  // str.splitlines(), shared by three rule sets
  if (want("gopher_repetition") || want("gopher_quality") || want("c4")) lines = split_lines(text);

  if (want("gopher_repetition") && chars > 0) {
    // Paragraphs: text.strip() split on two or more newlines.
    std::vector<std::string_view> paragraphs;
    const auto stripped = trim(text);
    std::size_t start = 0;
    for (std::size_t i = stripped.find("\n\n"); i != std::string_view::npos;
         i = stripped.find("\n\n", i)) {
      paragraphs.push_back(stripped.substr(start, i - start));
      while (i < stripped.size() && stripped[i] == '\n') ++i;
      start = i;
    }
    paragraphs.push_back(stripped.substr(start));
    const auto [dup_paragraphs, dup_paragraph_chars] = find_duplicates(paragraphs);
    v[kDupParaFrac] = float(double(dup_paragraphs) / double(paragraphs.size()));
    v[kDupParaCharFrac] = float(double(dup_paragraph_chars) / double(chars));
    if (!lines.empty()) {
      const auto [dup_lines, dup_line_chars] = find_duplicates(lines);
      v[kDupLineFrac] = float(double(dup_lines) / double(lines.size()));
      v[kDupLineCharFrac] = float(double(dup_line_chars) / double(chars));
    }
    // n-grams as rolling hashes of their words' hashes; an n-gram's characters are its words' plus
    // the spaces between. Counted in one reused open-addressing table per n. Only positions whose
    // (n-1)-gram occurs twice or more go on to n: an (n-1)-gram seen once makes every n-gram that
    // starts with it unique too, so it can be neither a repeat nor the most frequent one (when
    // every n-gram is unique, the first one is the most frequent, as Counter.most_common says).
    thread_local std::vector<std::uint64_t> gram, word_hash;
    thread_local std::vector<std::size_t> lengths;
    thread_local std::vector<std::uint8_t> covered;
    thread_local std::vector<std::uint32_t> active, slot_of;
    thread_local GramTable table;
    const std::size_t T = words.size();
    gram.resize(T);
    lengths.resize(T);
    for (std::size_t i = 0; i < T; ++i) {
      gram[i] = XXH3_64bits(words[i].data(), words[i].size());
      lengths[i] = code_points(words[i]);
    }
    word_hash.assign(gram.begin(), gram.end());
    active.resize(T);
    for (std::size_t i = 0; i < T; ++i) active[i] = std::uint32_t(i);
    constexpr std::uint64_t kMix = 0x9E3779B97F4A7C15ull;
    for (int n = 2; n <= 10; ++n) {
      if (T < std::size_t(n)) break;
      const std::size_t grams = T - std::size_t(n) + 1;
      while (!active.empty() && active.back() >= grams) active.pop_back();
      // gram[i] held the (n-1)-gram at i; extend it by the word at i+n-1.
      for (const auto i : active) {
        gram[i] = (gram[i] ^ (gram[i] >> 29)) * kMix + word_hash[i + std::size_t(n) - 1];
      }
      auto gram_chars = [&](std::size_t i) {
        std::size_t c = std::size_t(n) - 1;
        for (std::size_t k = i; k < i + std::size_t(n); ++k) c += lengths[k];
        return c;
      };
      table.reset(active.size());
      slot_of.resize(active.size());
      if (n <= 4) {
        // The most frequent n-gram; among equals the first seen (Counter.most_common).
        std::size_t best_count = 1, best_first = 0;
        for (std::size_t a = 0; a < active.size(); ++a) {
          auto& slot = table.find_or_insert(gram[active[a]], active[a], &slot_of[a]);
          ++slot.count;
          if (slot.count > best_count ||
              (slot.count == best_count && best_count > 1 && slot.first < best_first)) {
            best_count = slot.count, best_first = slot.first;
          }
        }
        v[kTop2 + n - 2] = float(double(gram_chars(best_first) * best_count) / double(chars));
      } else {
        // Words inside an n-gram seen before, each counted once (Gopher's definition).
        covered.assign(T, 0);
        bool any = false;
        for (std::size_t a = 0; a < active.size(); ++a) {
          const auto i = active[a];
          auto& slot = table.find_or_insert(gram[i], i, &slot_of[a]);
          if (slot.count++ > 0) {
            any = true;
            for (std::size_t k = i; k < i + std::size_t(n); ++k) covered[k] = 1;
          }
        }
        // Covered words plus the space between two covered neighbours (an n-gram's text is its
        // words joined by spaces).
        std::size_t dup_chars = 0;
        for (std::size_t k = 0; any && k < T; ++k) {
          if (!covered[k]) continue;
          dup_chars += lengths[k] + (k + 1 < T && covered[k + 1] ? 1 : 0);
        }
        v[kDup5 + n - 5] = float(double(dup_chars) / double(chars));
      }
      // Positions whose n-gram occurs more than once go on to n + 1.
      std::size_t kept = 0;
      for (std::size_t a = 0; a < active.size(); ++a) {
        if (table.slot(slot_of[a]).count >= 2) active[kept++] = active[a];
      }
      active.resize(kept);
    }
  }

  if (want("gopher_quality")) {
    std::size_t n_words = 0, length_sum = 0, with_letter = 0, stops = 0;
    const auto* stop = stop_words(language);
    for (const auto w : words) {
      int32_t i = 0;
      UChar32 c;
      U8_NEXT(w.data(), i, int32_t(w.size()), c);
      const bool punctuation_token = i == int32_t(w.size()) && is_ascii_punctuation(c);
      if (!punctuation_token) ++n_words, length_sum += code_points(w);
      for (int32_t k = 0; k < int32_t(w.size());) {
        U8_NEXT(w.data(), k, int32_t(w.size()), c);
        if (u_isalpha(c)) {
          ++with_letter;
          break;
        }
      }
      if (stop && is_stop_word(w, *stop, language)) ++stops;
    }
    v[kShortDoc] = v[kLongDoc] = float(n_words);
    if (n_words > 0) {
      v[kBelowAvg] = v[kAboveAvg] = float(double(length_sum) / double(n_words));
      v[kHashes] = float(double(count(text, "#")) / double(n_words));
      v[kEllipsis] = float(double(count(text, "...") + count(text, "…")) / double(n_words));
      v[kBelowAlpha] = float(double(with_letter) / double(n_words));
    }
    if (!lines.empty()) {
      std::size_t bullets = 0, end_ellipsis = 0;
      for (const auto line : lines) {
        const auto t = trim(line);
        bullets += t.substr(0, 3) == "•";
        end_ellipsis += ends_with(t, "...") || ends_with(t, "…");
      }
      v[kBullets] = float(double(bullets) / double(lines.size()));
      v[kEndEllipsis] = float(double(end_ellipsis) / double(lines.size()));
    }
    if (stop) v[kStopWords] = float(stops);
  }

  if (want("c4")) {
    const auto scan = c4_scan(lines, false);
    v[kLoremIpsum] = float(scan.lorem);
    v[kCurlyBracket] = float(scan.curly);
    v[kTooFewSentences] = float(scan.sentences);
  }

  if (want("fineweb") && !text.empty()) {
    // text.split("\n"): a trailing newline gives a last empty line, as in Python.
    std::vector<std::string_view> split;
    for (std::size_t start = 0;;) {
      const std::size_t newline = text.find('\n', start);
      if (newline == std::string_view::npos) {
        split.push_back(text.substr(start));
        break;
      }
      split.push_back(text.substr(start, newline - start));
      start = newline + 1;
    }
    std::size_t punct = 0, short_lines = 0;
    std::vector<std::string_view> non_empty;
    for (const auto line : split) {
      punct += ends_with(line, ".") || ends_with(line, "'") || ends_with(line, "\"") ||
               ends_with(line, "!") || ends_with(line, "?");
      short_lines += code_points(line) <= 30;
      if (!trim(line).empty()) non_empty.push_back(line);
    }
    v[kLinePunct] = float(double(punct) / double(split.size()));
    v[kShortLines] = float(double(short_lines) / double(split.size()));
    const std::size_t newlines = count(text, "\n");
    const std::size_t without_newlines = chars - newlines;
    if (without_newlines > 0) {
      v[kCharDup] = float(double(find_duplicates(non_empty).second) / double(without_newlines));
    }
    if (!words.empty()) v[kListRatio] = float(double(newlines) / double(words.size()));
  }

  values.assign(rules_.size(), kNotApplicable);
  int failed = -1;
  for (int k = 0; k < kRuleCount; ++k) {
    const int at = index_[std::size_t(k)];
    if (at < 0) continue;
    values[std::size_t(at)] = v[std::size_t(k)];
  }
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].removes(values[i])) {
      failed = int(i);
      break;
    }
  }
  return failed;
}

std::string FilterSet::c4_filter_lines(std::string_view text, std::uint64_t* dropped) const {
  const auto lines = split_lines(text);
  const auto scan = c4_scan(lines, true);
  if (dropped) *dropped = lines.size() - scan.kept.size();
  std::string out;
  for (const auto& line : scan.kept) {
    if (!out.empty()) out.push_back('\n');
    out += line;
  }
  return std::string(trim(out));
}

}  // namespace ahenk::text
