// The quality rules on documents built to trip exactly one of them, with datatrove's thresholds,
// and the readable reason a user sees.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "ahenk/text/filters.h"

namespace ahenk::text {
namespace {

const std::string kGoodEnglish =
    "The committee met on Tuesday to discuss the budget of the new library. Members agreed that "
    "the reading room should be open later in the evening, and that the children's section needs "
    "more books with pictures. The treasurer explained that the cost of heating has risen, so the "
    "plan to extend the opening hours will be tested for three months before a final decision. "
    "Everyone thanked the volunteers who have kept the garden tidy through the summer. The next "
    "meeting will be held in the hall of the old school.\n";

struct Outcome {
  std::string failed;  // "" when kept
  std::vector<float> values;
  const FilterSet* set;
  float value(const std::string& id) const {
    for (std::size_t i = 0; i < set->rules().size(); ++i) {
      if (set->rules()[i].id == id) return values[i];
    }
    return -1;
  }
};

Outcome run(const FilterSet& set, const std::string& text, const std::string& lang = "en") {
  Outcome o;
  o.set = &set;
  const int failed = set.evaluate(text, lang, o.values);
  o.failed = failed < 0 ? "" : set.rules()[std::size_t(failed)].id;
  return o;
}

TEST(Filters, WordsSplitPunctuationLikeNltk) {
  const auto w = filter_words("Hello, world! (test) «tırnak» don't");
  const std::vector<std::string_view> expected = {"Hello", ",", "world",  "!", "(",    "test",
                                                  ")",     "«", "tırnak", "»", "don't"};
  EXPECT_EQ(w, expected);
}

TEST(Filters, AGoodParagraphPassesEveryRuleSet) {
  FilterSet all(select_rules("all"));
  const auto o = run(all, kGoodEnglish);
  EXPECT_EQ(o.failed, "");
  EXPECT_GE(o.value("gopher_enough_stop_words"), 2);
  EXPECT_GT(o.value("gopher_short_doc"), 50);
  EXPECT_EQ(all.rules().size(), 30u);
}

TEST(Filters, GopherQualityRules) {
  FilterSet gopher(select_rules("gopher_quality"));
  EXPECT_EQ(run(gopher, "Too short to learn from.").failed, "gopher_short_doc");
  std::string hashes = kGoodEnglish;
  for (int i = 0; i < 12; ++i) hashes += " #tag";
  const auto h = run(gopher, hashes);
  EXPECT_EQ(h.failed, "gopher_too_many_hashes");
  const float words = run(gopher, kGoodEnglish).value("gopher_short_doc") + 12;  // "#tag" is a word
  EXPECT_NEAR(h.value("gopher_too_many_hashes"), 12.0 / words, 1e-6);
  EXPECT_EQ(describe(gopher.rules()[4], 0.1714), "gopher_too_many_hashes 0.1714 > 0.1");
  std::string numbers;
  for (int i = 0; i < 80; ++i) numbers += std::to_string(1000 + i) + " ";
  EXPECT_EQ(run(gopher, numbers).failed, "gopher_below_alpha_threshold");
  std::string long_words;
  for (int i = 0; i < 60; ++i) long_words += "internationalization ";
  EXPECT_EQ(run(gopher, long_words).failed, "gopher_above_avg_threshold");
}

TEST(Filters, StopWordsAreLanguageAwareAndTurkishCaseFolds) {
  FilterSet gopher(select_rules("gopher_quality"));
  std::string turkish;
  for (int i = 0; i < 12; ++i)
    turkish += "Kanun, TÜRKİYE İLE komşu ülkeler ARASINDA imzalanan anlaşmayı onaylar. ";
  const auto tr = run(gopher, turkish, "tr");
  EXPECT_EQ(tr.value("gopher_enough_stop_words"), 12);  // "İLE" lowercases to "ile" in Turkish
  EXPECT_EQ(tr.failed, "");
  // English stop words are not Turkish ones; an unknown language skips the rule.
  EXPECT_EQ(run(gopher, turkish, "en").failed, "gopher_enough_stop_words");
  EXPECT_TRUE(std::isnan(run(gopher, turkish, "").value("gopher_enough_stop_words")));
}

TEST(Filters, GopherRepetitionRules) {
  FilterSet rep(select_rules("gopher_repetition"));
  std::string lines;
  for (int i = 0; i < 10; ++i) lines += "Click here to subscribe to our newsletter today\n";
  lines += kGoodEnglish;
  const auto o = run(rep, lines);
  EXPECT_EQ(o.failed, "dup_line_frac");
  EXPECT_NEAR(o.value("dup_line_frac"), 9.0 / 11.0, 1e-6);
  EXPECT_EQ(run(rep, kGoodEnglish).failed, "");
  // The same paragraph twice: as separate paragraphs it is a duplicate paragraph; run together in
  // one paragraph it is caught by its repeated 5-grams.
  EXPECT_EQ(run(rep, kGoodEnglish + "\n" + kGoodEnglish).failed, "dup_para_frac");
  const auto g = run(rep, kGoodEnglish + " " + kGoodEnglish);
  EXPECT_EQ(g.failed, "duplicated_5_n_grams");
  EXPECT_NEAR(g.value("duplicated_5_n_grams"), 0.5, 0.02);
}

// The repetition measures counted plainly: every n-gram as a string in a map, for n = 2..10.
TEST(Filters, RepetitionMeasuresEqualAPlainCountOfEveryNGram) {
  const FilterSet rep(select_rules("gopher_repetition"));
  const std::vector<std::string> vocabulary = {"a", "bb", "ccc", "dddd", "çe", "ff"};
  std::mt19937 rng(7);
  for (int trial = 0; trial < 400; ++trial) {
    // Few distinct words make long repeated n-grams common.
    const std::size_t T = rng() % 70 + 1;
    const std::size_t distinct = rng() % vocabulary.size() + 1;
    std::vector<std::string> words;
    std::string text;
    for (std::size_t i = 0; i < T; ++i) {
      words.push_back(vocabulary[rng() % distinct]);
      text += (i ? " " : "") + words.back();
    }
    auto length = [](const std::string& w) {
      std::size_t n = 0;
      for (unsigned char c : w) n += (c & 0xC0) != 0x80;
      return n;
    };
    const double chars = double(length(text));
    auto joined = [&](std::size_t i, std::size_t n) {
      std::string g;
      for (std::size_t k = i; k < i + n; ++k) g += (k > i ? " " : "") + words[k];
      return g;
    };
    const auto o = run(rep, text);
    for (std::size_t n = 2; n <= 10 && n <= T; ++n) {
      if (n <= 4) {  // the most frequent n-gram, the first seen among equals
        std::map<std::string, std::size_t> count;
        for (std::size_t i = 0; i + n <= T; ++i) ++count[joined(i, n)];
        std::string best;
        std::size_t best_count = 0;
        for (std::size_t i = 0; i + n <= T; ++i) {  // in order: the first of the most frequent
          const auto g = joined(i, n);
          if (count[g] > best_count) best = g, best_count = count[g];
        }
        EXPECT_NEAR(o.value("top_" + std::to_string(n) + "_gram"),
                    double(length(best) * best_count) / chars, 1e-5)
            << text << " n=" << n;
      } else {  // words inside an n-gram seen before, and the spaces between covered neighbours
        std::set<std::string> seen;
        std::vector<bool> covered(T, false);
        for (std::size_t i = 0; i + n <= T; ++i) {
          if (!seen.insert(joined(i, n)).second)
            for (std::size_t k = i; k < i + n; ++k) covered[k] = true;
        }
        std::size_t dup = 0;
        for (std::size_t k = 0; k < T; ++k)
          if (covered[k]) dup += length(words[k]) + (k + 1 < T && covered[k + 1] ? 1 : 0);
        EXPECT_NEAR(o.value("duplicated_" + std::to_string(n) + "_n_grams"), double(dup) / chars,
                    1e-5)
            << text << " n=" << n;
      }
    }
  }
}

TEST(Filters, C4Rules) {
  FilterSet c4(select_rules("c4"));
  EXPECT_EQ(run(c4, kGoodEnglish).failed, "");  // 5 sentences
  EXPECT_EQ(run(c4, "Lorem ipsum dolor sit amet, consectetur.\n" + kGoodEnglish).failed,
            "lorem_ipsum");
  EXPECT_EQ(run(c4, "The function returns { a map } here.\n" + kGoodEnglish).failed,
            "curly_bracket");
  EXPECT_EQ(run(c4, "One sentence only here.").failed, "too_few_sentences");
  std::uint64_t dropped = 0;
  const auto kept = c4.c4_filter_lines(
      "Menu\nThis site uses cookies to improve things.\nA real sentence with words.[3]\n",
      &dropped);
  EXPECT_EQ(kept, "A real sentence with words.");
  EXPECT_EQ(dropped, 2u);
}

TEST(Filters, FineWebRules) {
  FilterSet fw(select_rules("fineweb"));
  EXPECT_EQ(run(fw, kGoodEnglish).failed, "");
  std::string list;
  for (int i = 0; i < 20; ++i) list += "item " + std::to_string(i) + "\n";
  const auto o = run(fw, list);
  EXPECT_EQ(o.failed, "line_punct_ratio");
  EXPECT_NEAR(o.value("short_line_ratio"), 1.0, 1e-6);
}

// A value exactly at the threshold is kept by a ">" rule, as in datatrove: 1 hash in 10 words is a
// ratio of exactly 0.1, stored as the float 0.1f (just above the double 0.1).
TEST(Filters, AValueExactlyAtTheThresholdIsNotAboveIt) {
  Rule hashes{"gopher_too_many_hashes", "gopher_quality", "hashes per word", Compare::Greater, 0.1};
  EXPECT_FALSE(hashes.removes(double(float(1.0 / 10.0))));
  EXPECT_FALSE(hashes.removes(0.1));
  EXPECT_TRUE(hashes.removes(double(float(2.0 / 19.0))));
  Rule at_least{"r", "g", "m", Compare::GreaterEqual, 0.2};
  EXPECT_TRUE(at_least.removes(double(float(1.0 / 5.0))));
  Rule below{"r", "g", "m", Compare::Less, 0.3};
  EXPECT_FALSE(below.removes(double(float(3.0 / 10.0))));
  EXPECT_TRUE(below.removes(double(float(2.0 / 7.0))));
  EXPECT_FALSE(below.removes(std::nan("")));
  // Through a whole document: 60 words and 6 "#" (punctuation, not words) -> exactly 0.1, kept.
  FilterSet gopher(select_rules("gopher_quality"));
  std::string text;
  for (int i = 0; i < 60; ++i) text += "word ";
  for (int i = 0; i < 6; ++i) text += "# ";
  const auto o = run(gopher, text);
  ASSERT_NEAR(o.value("gopher_too_many_hashes"), 0.1, 1e-7);
  EXPECT_NE(o.failed, "gopher_too_many_hashes");
}

TEST(Filters, ThresholdsAndRuleSetsAreValidated) {
  auto rules = select_rules("gopher,fineweb");
  set_threshold(rules, "gopher_short_doc=3");
  FilterSet lenient(rules);
  EXPECT_NE(run(lenient, "Too short to learn from.").failed, "gopher_short_doc");
  EXPECT_THROW(set_threshold(rules, "no_such_rule=1"), std::invalid_argument);
  EXPECT_THROW(set_threshold(rules, "gopher_short_doc=many"), std::invalid_argument);
  EXPECT_THROW(set_threshold(rules, "gopher_short_doc"), std::invalid_argument);
  EXPECT_THROW(select_rules("gopher,bogus"), std::invalid_argument);
  EXPECT_TRUE(select_rules("none").empty());
}

}  // namespace
}  // namespace ahenk::text

namespace ahenk::text {
namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Every rule, alone, on a document written to trip it; a good paragraph passes every rule alone.
TEST(Filters, EachRuleRemovesItsCaseAndKeepsAGoodParagraph) {
  const std::string good = kGoodEnglish;
  const std::string repetitive = good + repeat(" the council", 40);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"dup_para_frac", good + "\n\n" + good + "\n\n" + good},
      {"dup_para_char_frac", good + "\n\n" + good},
      {"dup_line_frac", repeat("Click here to subscribe to our newsletter today\n", 10) + good},
      {"dup_line_char_frac",
       repeat("Click here to subscribe to our newsletter today\n", 10) + good},
      {"top_2_gram", repetitive},
      {"top_3_gram", repetitive},
      {"top_4_gram", repetitive},
      {"duplicated_5_n_grams", repetitive},
      {"duplicated_6_n_grams", repetitive},
      {"duplicated_7_n_grams", repetitive},
      {"duplicated_8_n_grams", repetitive},
      {"duplicated_9_n_grams", repetitive},
      {"duplicated_10_n_grams", repetitive},
      {"gopher_short_doc", "Too short to learn from."},
      {"gopher_long_doc", repeat("word ", 100001)},
      {"gopher_below_avg_threshold", repeat("I am a ok to be so on it. ", 10)},
      {"gopher_above_avg_threshold", repeat("internationalization ", 60)},
      {"gopher_too_many_hashes", good + repeat(" #tag", 20)},
      {"gopher_too_many_ellipsis", good + repeat(" and so on ...", 20)},
      {"gopher_too_many_bullets", repeat("• an item of the list with the words\n", 20)},
      {"gopher_too_many_end_ellipsis", repeat("The story goes on and on and then...\n", 10)},
      {"gopher_below_alpha_threshold", repeat("1024 2048 4096 8192 ", 20)},
      {"gopher_enough_stop_words", repeat("Dogs bark loudly. Cats sleep quietly. ", 10)},
      {"lorem_ipsum", "Lorem ipsum dolor sit amet, consectetur.\n" + good},
      {"curly_bracket", "The function returns { a map } here.\n" + good},
      {"too_few_sentences", "One sentence only here."},
      {"line_punct_ratio", repeat("item without any punctuation\n", 20)},
      {"short_line_ratio", repeat("Short line here.\n", 20)},
      {"char_dup_ratio", good + good},
      {"list_ratio", repeat("Word here.\n", 30)},
  };
  std::set<std::string> covered;
  for (const auto& rule : all_rules()) {
    const FilterSet alone({rule});
    std::vector<float> values;
    EXPECT_EQ(alone.evaluate(good, "en", values), -1)
        << rule.id << " removed the good paragraph (" << values[0] << ")";
  }
  for (const auto& [id, text] : cases) {
    std::vector<Rule> one;
    for (const auto& rule : all_rules()) {
      if (rule.id == id) one.push_back(rule);
    }
    ASSERT_EQ(one.size(), 1u) << id;
    const FilterSet alone(one);
    std::vector<float> values;
    EXPECT_EQ(alone.evaluate(text, "en", values), 0)
        << id << " kept its case: " << describe(one[0], values[0]);
    covered.insert(id);
  }
  EXPECT_EQ(covered.size(), all_rules().size()) << "every rule has its case";
}

}  // namespace
}  // namespace ahenk::text

// ---- reading a corpus run back: thresholds moved afterwards give the pipeline's own counts ----

#include <filesystem>

#include "ahenk/text/clean.h"
#include "ahenk/text/corpus_output.h"
#include "ahenk/text/loader.h"
#include "ahenk/text/pipeline.h"

namespace ahenk::text {
namespace {

PipelineReport run_sample(const std::filesystem::path& out, const std::vector<std::string>& set) {
  PipelineOptions o;
  o.load.split = SplitMode::Paragraph;
  o.dedup = false;
  o.langid = "none";
  o.out_dir = out.string();
  for (const auto& s : set) set_threshold(o.rules, s);
  return run_pipeline({AHENK_SAMPLE}, o);
}

TEST(FilterTable, MovingAThresholdGivesWhatThePipelineReportsForIt) {
  const auto dir = std::filesystem::temp_directory_path() / "ahenk_filter_table_test";
  std::filesystem::remove_all(dir);
  const auto base = run_sample(dir / "a", {});
  const auto table = FilterTable::load(dir / "a");
  ASSERT_EQ(table.rules.size(), all_rules().size());
  const auto& counts = base.json["counts"];
  ASSERT_GT(table.ids.size(), 100u);
  EXPECT_EQ(table.apply(table.rules).passed,
            table.ids.size() - counts["removed_by_filters"].get<std::uint64_t>());
  // Move two thresholds in the table, and run the pipeline with them: the same counts.
  auto moved = table.rules;
  set_threshold(moved, "gopher_short_doc=20");
  set_threshold(moved, "line_punct_ratio=0.5");
  const auto outcome = table.apply(moved);
  const auto rerun = run_sample(dir / "b", {"gopher_short_doc=20", "line_punct_ratio=0.5"});
  EXPECT_EQ(table.ids.size() - outcome.passed,
            rerun.json["counts"]["removed_by_filters"].get<std::uint64_t>());
  const auto& rules = rerun.json["rules"];
  for (std::size_t r = 0; r < moved.size(); ++r) {
    EXPECT_EQ(outcome.removed[r], rules[r]["removed"].get<std::uint64_t>()) << moved[r].id;
    EXPECT_EQ(outcome.failing[r], rules[r]["failing"].get<std::uint64_t>()) << moved[r].id;
    EXPECT_EQ(table.removed_by(moved, r).size(), outcome.removed[r]) << moved[r].id;
  }
  EXPECT_NE(outcome.passed, table.apply(table.rules).passed);  // the move changed something
  // The histogram holds every measured value; the report's thresholds were read back.
  const auto reread = FilterTable::load(dir / "b");
  EXPECT_EQ(reread.rules[reread.rule_index("gopher_short_doc")].threshold, 20);
  const auto h = table.histogram(table.rule_index("gopher_short_doc"), 40);
  std::uint64_t total = h.not_applicable;
  for (const auto b : h.bins) total += b;
  EXPECT_EQ(total, table.ids.size());

  // Documents are found by id in the outputs and read back whole.
  const JsonlIndex kept(dir / "a" / "kept.jsonl"), removed(dir / "a" / "removed.jsonl");
  EXPECT_EQ(kept.size(), base.kept);
  const std::size_t some = removed.find(removed.id(0));
  ASSERT_EQ(some, 0u);
  EXPECT_TRUE(removed.read(0).contains("reason"));
  const auto doc = kept.read(kept.size() - 1);
  EXPECT_EQ(doc["id"].get<std::string>(), kept.id(kept.size() - 1));
  EXPECT_EQ(kept.find("no such id"), kept.size());
  // A document's raw text, found again in its source by id (the Corpus page's diff view).
  const auto raw = find_document(doc["meta"]["source"].get<std::string>(),
                                 {.split = SplitMode::Paragraph}, kept.id(kept.size() - 1));
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(clean_text(raw->text).text, doc["text"].get<std::string>());
  EXPECT_FALSE(find_document(doc["meta"]["source"].get<std::string>(),
                             {.split = SplitMode::Paragraph}, "no such id")
                   .has_value());
  const auto removed_doc = removed.read(0);
  EXPECT_TRUE(find_document(removed_doc["source"].get<std::string>(),
                            {.split = SplitMode::Paragraph}, removed.id(0))
                  .has_value());
  EXPECT_THROW(FilterTable::load(dir / "missing"), std::runtime_error);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ahenk::text
