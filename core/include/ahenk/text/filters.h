// Quality filters with traceable decisions: the published heuristic rule sets with their published
// defaults, every rule measured on every document, so a removal reads "gopher_too_many_hashes
// 0.14 > 0.1" and a threshold can be moved afterwards without re-reading the corpus.
//
//   auto rules = ahenk::text::select_rules("gopher,fineweb");   // or "all", "none"
//   ahenk::text::set_threshold(rules, "gopher_short_doc=20");
//   ahenk::text::FilterSet filters(rules);
//   std::vector<float> values;                                  // one per rule, NaN = not
//   applicable int failed = filters.evaluate(text, "tr", values);          // -1 = kept if (failed
//   >= 0) log(ahenk::text::describe(filters.rules()[failed], values[failed]));
//
// Rule sets (thresholds as in datatrove, huggingface/datatrove src/datatrove/pipeline/filters/):
//   gopher_quality     gopher_quality_filter.py (Rae et al. 2021, Gopher, appendix A): word count
//                      50..100000, mean word length 3..10, '#' and ellipsis per word <= 0.1, bullet
//                      lines <= 0.9, lines ending in an ellipsis <= 0.3, words with a letter >=
//                      0.8, at least 2 stop words;
//   gopher_repetition  gopher_repetition_filter.py (Gopher table A1): duplicate lines/paragraphs
//                      <= 0.3, their characters <= 0.2, top 2/3/4-gram characters <=
//                      0.20/0.18/0.16, duplicate 5..10-gram characters <= 0.15..0.10;
//   c4                 c4_filters.py C4QualityFilter (Raffel et al. 2020): no "lorem ipsum", no
//   curly
//                      bracket, at least 5 sentences in the lines C4 keeps; kept documents also
//                      lose the lines C4 drops (no terminal punctuation, fewer than 3 words, a word
//                      over 1000 characters, "javascript", cookie/terms-of-use lines; citations
//                      removed);
//   fineweb            fineweb_quality_filter.py (Penedo et al. 2024): lines ending in punctuation
//                      > 0.12, lines of <= 30 characters < 0.67, duplicate line characters < 0.01,
//                      line breaks per word <= 0.3.
// Where Ahenk differs from datatrove, it says so: words come from a Unicode tokenizer that splits
// punctuation off words like NLTK's word_tokenize (no NLTK dependency); stop words are matched
// after lowercasing in the document's language (Turkish dotted/dotless i handled), with lists for
// English (Gopher's) and Turkish, and the stop-word rule does not apply to other or unknown
// languages; duplicate n-gram characters are counted once each, as the Gopher paper defines them.
// Lengths are in code points, as Python's len(). Thread-safe (const).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ahenk::text {

enum class Compare { Less, LessEqual, Greater, GreaterEqual };

struct Rule {
  std::string id;                          // datatrove's reason string, e.g. "gopher_short_doc"
  std::string group;                       // "gopher_quality", "gopher_repetition", "c4", "fineweb"
  std::string measure;                     // what the value is, e.g. "words (punctuation excluded)"
  Compare remove_when = Compare::Greater;  // the document is removed when value <op> threshold
  double threshold = 0;
  bool removes(double value) const;  // false for NaN (not applicable)
};

// Every rule of every group, in evaluation order, with datatrove's defaults.
std::vector<Rule> all_rules();
// A comma-separated list of groups ("gopher" = both Gopher groups), "all" or "none".
std::vector<Rule> select_rules(const std::string& spec);
// "rule_id=value"; throws std::invalid_argument naming the unknown rule or bad value.
void set_threshold(std::vector<Rule>& rules, const std::string& assignment);
// "gopher_too_many_hashes 0.14 > 0.1"
std::string describe(const Rule& rule, double value);
const char* compare_symbol(Compare compare);

class FilterSet {
 public:
  explicit FilterSet(std::vector<Rule> rules);
  const std::vector<Rule>& rules() const { return rules_; }
  bool has_group(const std::string& group) const;

  // Measures every rule; `values` gets one value per rule (NaN where a rule does not apply).
  // Returns the index of the first rule that removes the document, or -1.
  int evaluate(std::string_view text, const std::string& language,
               std::vector<float>& values) const;
  // C4's line filter for a kept document (when the c4 group is selected): the text without the
  // lines C4 drops; `dropped` receives their number.
  std::string c4_filter_lines(std::string_view text, std::uint64_t* dropped) const;

 private:
  std::vector<Rule> rules_;
  std::vector<int> index_;  // rule position in all_rules() -> position here, or -1
};

// Words as the filters see them: whitespace-separated chunks with leading and trailing punctuation
// split off as tokens of their own ("Hello, world!" -> Hello , world !).
std::vector<std::string_view> filter_words(std::string_view text);

}  // namespace ahenk::text
