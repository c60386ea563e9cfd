// Reading a corpus run's output folder back (what run_pipeline wrote), for views that let the user
// move filter thresholds and browse documents without re-reading the corpus.
//
//   auto table = ahenk::text::FilterTable::load("out");     // measurements.tsv + report.json
//   auto rules = table.rules;  ahenk::text::set_threshold(rules, "gopher_short_doc=20");
//   auto outcome = table.apply(rules);   // outcome.passed: documents every rule keeps
//   auto h = table.histogram(0, 40);     // a rule's measured values
//
//   ahenk::text::JsonlIndex kept("out/kept.jsonl");  // line offsets and ids, not the text
//   auto doc = kept.read(kept.find("corpus/a.txt"));   // that line, parsed
//
// FilterTable::apply gives exactly the counts run_pipeline reports for the same thresholds
// (removed_by_filters = rows - passed; per rule, the documents it removed first and all it fails),
// because it applies the same Rule::removes to the same measured values. Memory: 4 bytes per
// document and rule plus the ids; JsonlIndex keeps 8 bytes and the id per line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "ahenk/text/filters.h"

namespace ahenk::text {

struct FilterTable {
  std::vector<Rule> rules;       // as the run used them (its thresholds)
  std::vector<std::string> ids;  // documents that reached the filters, in corpus order
  std::vector<float> values;     // ids.size() x rules.size(), row-major; NaN = not applicable

  // Throws std::runtime_error naming the file and line when the folder is not a corpus output.
  static FilterTable load(const std::filesystem::path& out_dir);

  float value(std::size_t doc, std::size_t rule) const { return values[doc * rules.size() + rule]; }
  std::size_t rule_index(const std::string& id) const;  // rules.size() when absent

  struct Outcome {
    std::uint64_t passed = 0;            // documents no rule removes
    std::vector<std::uint64_t> removed;  // per rule: documents it is the first to remove
    std::vector<std::uint64_t> failing;  // per rule: documents it would remove on its own
  };
  // `thresholds`: the same rules, in the same order, with the thresholds to try.
  Outcome apply(const std::vector<Rule>& thresholds) const;
  // Documents whose first removing rule under `thresholds` is `rule`, in corpus order.
  std::vector<std::size_t> removed_by(const std::vector<Rule>& thresholds, std::size_t rule) const;

  struct Histogram {
    double lo = 0, hi = 0;  // range of the finite values
    std::vector<std::uint64_t> bins;
    std::uint64_t not_applicable = 0;
  };
  Histogram histogram(std::size_t rule, int bins) const;
};

// An index of a JSON Lines file: where each line starts and its "id", read without parsing the
// whole line; lines are read and parsed on request.
class JsonlIndex {
 public:
  // Throws std::runtime_error naming the file when it cannot be read.
  explicit JsonlIndex(std::filesystem::path file);
  std::size_t size() const { return offsets_.size(); }
  const std::string& id(std::size_t line) const { return ids_[line]; }
  std::size_t find(const std::string& id) const;  // size() when absent
  nlohmann::json read(std::size_t line) const;    // throws std::runtime_error on a bad line
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::vector<std::uint64_t> offsets_;
  std::vector<std::string> ids_;
  std::unordered_map<std::string, std::size_t> by_id_;
};

// The documents of a corpus output, kept and removed, found by id.
class OutputDocuments {
 public:
  // Throws std::runtime_error naming the file when kept.jsonl or removed.jsonl cannot be read.
  explicit OutputDocuments(const std::filesystem::path& out_dir);
  const JsonlIndex& kept() const { return kept_; }
  const JsonlIndex& removed() const { return removed_; }
  bool is_kept(const std::string& id) const { return kept_.find(id) < kept_.size(); }
  // The document's line (kept first, then removed); nullopt when it is in neither.
  std::optional<nlohmann::json> find(const std::string& id) const;

 private:
  JsonlIndex kept_, removed_;
};

// The deduplication evidence of a corpus run: clusters.jsonl, pairs.jsonl and the report's dedup
// settings, for a cluster browser.
struct DedupOutput {
  struct Member {
    std::string id;
    double jaccard = 1;  // to the kept document
  };
  struct Cluster {
    std::uint32_t id = 0;
    std::string kept;
    bool giant = false, split = false;
    std::vector<Member> members;  // the kept document first
  };
  struct Pair {
    std::string a, b;
    std::vector<int> bands;  // the LSH bands whose buckets collided
    double estimated = 0, exact = -1;
    bool exact_duplicate = false, joined = false;
  };
  int ngram = 5, bands = 14, rows = 8;
  double threshold = 0.8;
  bool verify = true;
  std::vector<Cluster> clusters;  // largest first
  std::vector<Pair> pairs;
  // Throws std::runtime_error naming the file when the folder has no dedup output.
  static DedupOutput load(const std::filesystem::path& out_dir);
  // The candidate pair of two documents (either order), or nullptr.
  const Pair* pair(const std::string& a, const std::string& b) const;
};

// The words of `a` as MinHash sees them (folded, punctuation dropped), each marked when it lies in
// a shingle of `ngram` words that `b` has too: what two near duplicates share, exactly.
struct SharedWords {
  std::vector<std::string> words;
  std::vector<bool> shared;
  std::size_t shared_shingles = 0, shingles = 0;  // distinct shingles: shared with b, of a
};
SharedWords shared_shingle_words(std::string_view a, std::string_view b, int ngram);

// The user's keep/remove decisions on deduplicated documents, applied to a corpus output: a
// document marked keep moves from removed.jsonl to kept.jsonl (as its removed line holds it), one
// marked remove moves the other way with reason "user" and rule "user_decision"; report.json's
// counts say how many ("user_kept", "user_removed", and "kept" updated); decisions.jsonl keeps
// every decision applied. Files are replaced whole (temporary name, then rename). Returns how many
// documents moved; ids in neither file are skipped.
std::size_t apply_keep_decisions(const std::filesystem::path& out_dir,
                                 const std::vector<std::pair<std::string, bool>>& decisions);

}  // namespace ahenk::text
