// The corpus stage end to end: load -> clean -> identify language -> filter -> deduplicate ->
// write, streaming (memory holds a document's LSH band keys and its place in a stage file, not
// the corpus; verification reads texts back a window at a time), every decision recorded.
//
//   ahenk::text::PipelineOptions options;          // everything on, datatrove defaults
//   options.out_dir = "out";
//   auto report = ahenk::text::run_pipeline({"corpus/"}, options, &progress, &cancel);
//
// Output folder (each file written under a temporary name and renamed when complete):
//   kept.jsonl         {"id", "text", "meta": {source, line, encoding, encoding_confidence,
//                       language, language_score, changes: {kind: code points}, c4_dropped_lines,
//                       edits (with write_edits): [[orig_begin, orig_end, out_begin, out_end,
//                       kind]]}}
//   removed.jsonl      {"id", "source", "line", "reason", "rule", "value", "threshold",
//                       "duplicate_of", "text"}
//                      reason: "empty", "language", "filter", "duplicate", "exact_duplicate"
//   clusters.jsonl     {"cluster", "kept", "giant", "split", "members": [{"id", "jaccard"}]}
//   pairs.jsonl        candidate pairs: {"a", "b", "bands" (every band whose bucket they share),
//                       "estimated", "exact", "joined",
//                       "shared_shingles", "shared_sample": the first few shared 5-grams in a's
//                       order}
//   measurements.tsv   id, then one column per filter rule: the measured values (empty = n/a)
//   report.json        counts per stage and rule, per-rule histograms, per-file languages,
//                      problems with byte offsets, the LSH S-curve, the options, timings
// Inputs are never modified. Throws InputError for a missing input, Cancelled when cancelled,
// std::runtime_error (naming the path) when the output cannot be written.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ahenk/progress.h"
#include "ahenk/text/clean.h"
#include "ahenk/text/dedup.h"
#include "ahenk/text/filters.h"
#include "ahenk/text/loader.h"

namespace ahenk::text {

struct PipelineOptions {
  LoadOptions load;
  bool clean = true;
  CleanOptions cleaning;
  bool write_edits =
      false;  // meta.edits: [orig_begin, orig_end, out_begin, out_end, kind] per change
  std::string langid = "cld2";              // "none", "cld2", or a fastText model path
  std::map<std::string, double> languages;  // keep only these languages (code -> min score)
  std::vector<Rule> rules = select_rules("all");
  bool dedup = true;
  DedupOptions dedup_options;
  std::string out_dir;
  unsigned threads = 0;  // workers for cleaning, language, filters and sketches; 0 = all cores
};

struct PipelineReport {
  nlohmann::ordered_json json;  // the content of report.json
  std::uint64_t documents = 0, kept = 0;
};

PipelineReport run_pipeline(const std::vector<std::string>& inputs, const PipelineOptions& options,
                            ProgressSink* progress = nullptr, const CancelToken* cancel = nullptr);

// Parses "tr,en:0.5" into {tr: 0, en: 0.5}; throws std::invalid_argument.
std::map<std::string, double> parse_languages(const std::string& spec);

}  // namespace ahenk::text
