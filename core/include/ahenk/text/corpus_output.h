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
#include <string>
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

}  // namespace ahenk::text
