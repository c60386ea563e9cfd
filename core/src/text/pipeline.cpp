#include "ahenk/text/pipeline.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "ahenk/text/langid.h"

namespace ahenk::text {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

std::string dump_line(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

// A file written under a temporary name in its folder and renamed into place by commit(), so a
// reader never sees a half-written output and an interrupted run leaves the old one alone.
class OutputFile {
 public:
  OutputFile(const fs::path& dir, const std::string& name)
      : final_(dir / name),
        partial_(dir / ("." + name + ".partial-" + std::to_string(::getpid()))) {
    out_.open(partial_, std::ios::binary | std::ios::trunc);
    if (!out_)
      throw std::runtime_error(partial_.string() +
                               ": cannot write (check the folder's permissions and free space)");
  }
  ~OutputFile() {
    if (!committed_) {
      out_.close();
      std::error_code ignored;
      fs::remove(partial_, ignored);
    }
  }
  std::ofstream& out() { return out_; }
  const fs::path& partial() const { return partial_; }
  void commit() {
    out_.flush();
    if (!out_) throw std::runtime_error(partial_.string() + ": write failed (disk full?)");
    out_.close();
    fs::rename(partial_, final_);
    committed_ = true;
  }

 private:
  fs::path final_, partial_;
  std::ofstream out_;
  bool committed_ = false;
};

std::string code_point_label(char32_t c) {
  char text[16];
  std::snprintf(text, sizeof(text), "U+%04X", unsigned(c));
  return text;
}

Json histogram(const std::vector<float>& values) {
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  std::size_t finite = 0;
  for (const float v : values) {
    if (std::isnan(v)) continue;
    lo = std::min(lo, v), hi = std::max(hi, v), ++finite;
  }
  Json h;
  h["not_applicable"] = values.size() - finite;
  if (finite == 0) return h;
  const int bins = 40;
  std::vector<std::uint64_t> counts(bins, 0);
  const double width = hi > lo ? (double(hi) - lo) / bins : 1.0;
  for (const float v : values) {
    if (std::isnan(v)) continue;
    const int b = std::min(bins - 1, int((double(v) - lo) / width));
    ++counts[std::size_t(b)];
  }
  h["min"] = lo;
  h["max"] = hi;
  h["bins"] = counts;
  return h;
}

}  // namespace

std::map<std::string, double> parse_languages(const std::string& spec) {
  std::map<std::string, double> out;
  std::size_t start = 0;
  while (start < spec.size()) {
    auto comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    const std::string item = spec.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;
    const auto colon = item.find(':');
    const std::string code = item.substr(0, colon);
    double score = 0;
    if (colon != std::string::npos) {
      try {
        score = std::stod(item.substr(colon + 1));
      } catch (const std::exception&) {
        throw std::invalid_argument("language '" + item +
                                    "': the minimum score must be a number, e.g. tr:0.5");
      }
    }
    if (code.size() < 2 || code.size() > 3) {
      throw std::invalid_argument("language '" + item +
                                  "': use an ISO 639-1 code such as tr or en");
    }
    out[code] = score;
  }
  return out;
}

PipelineReport run_pipeline(const std::vector<std::string>& inputs, const PipelineOptions& options,
                            ProgressSink* progress, const CancelToken* cancel) {
  const auto start = Clock::now();
  if (options.out_dir.empty()) throw std::invalid_argument("no output folder given");
  const fs::path dir(options.out_dir);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error)
    throw std::runtime_error(dir.string() +
                             ": cannot create the output folder: " + error.message());

  std::unique_ptr<LanguageIdentifier> identifier;
  if (options.langid != "none") identifier = make_language_identifier(options.langid);
  const FilterSet filters(options.rules);
  const bool c4_lines = filters.has_group("c4");

  OutputFile removed(dir, "removed.jsonl");
  OutputFile stage(dir, options.dedup ? "kept.stage.jsonl" : "kept.jsonl");
  OutputFile measurements(dir, "measurements.tsv");
  measurements.out() << "id";
  for (const auto& rule : filters.rules()) measurements.out() << '\t' << rule.id;
  measurements.out() << '\n';

  std::uint64_t loaded = 0, empty = 0, language_removed = 0, filter_removed = 0, kept_stage = 0;
  std::uint64_t documents_changed = 0;
  std::array<std::uint64_t, kChangeKinds> changes{};
  std::map<char32_t, std::uint64_t> code_points;
  std::map<std::string, std::uint64_t> languages;
  std::vector<std::uint64_t> first_failing(filters.rules().size(), 0),
      failing(filters.rules().size(), 0);
  std::vector<std::vector<float>> rule_values(filters.rules().size());
  std::vector<float> values;
  std::unordered_map<std::string, std::uint64_t> mtimes;

  Deduplicator dedup(options.dedup_options);
  struct Staged {
    std::uint64_t offset;
    std::uint32_t length;
  };
  std::unordered_map<std::uint32_t, Staged> staged;  // dedup index -> line in the stage file
  std::vector<std::string> ids;                      // dedup index -> id (for the outputs)
  std::uint64_t stage_offset = 0;

  auto remove = [&](const Document& doc, const char* reason, const std::string& rule, double value,
                    double threshold) {
    Json j;
    j["id"] = doc.id;
    j["reason"] = reason;
    if (!rule.empty()) {
      j["rule"] = rule;
      j["value"] = value;
      j["threshold"] = threshold;
    }
    j["text"] = doc.text;
    removed.out() << dump_line(j);
  };

  const auto loading = Clock::now();
  const LoadReport load = load_documents(
      inputs, options.load,
      [&](Document&& doc) {
        throw_if_cancelled(cancel);
        ++loaded;
        Json changes_json = Json::object();
        if (options.clean) {
          CleanResult cleaned = clean_text(doc.text, options.cleaning);
          if (cleaned.changed()) {
            ++documents_changed;
            for (std::size_t k = 0; k < kChangeKinds; ++k) {
              changes[k] += cleaned.counts[k];
              if (cleaned.counts[k]) changes_json[change_name(Change(k))] = cleaned.counts[k];
            }
            for (const auto& [c, n] : cleaned.code_points) code_points[c] += n;
          }
          doc.text = std::move(cleaned.text);
        }
        if (doc.text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) {
          ++empty;
          remove(doc, "empty", "", 0, 0);
          return;
        }
        LanguageGuess guess;
        if (identifier) guess = identifier->identify(doc.text);
        ++languages[guess.language];
        if (!options.languages.empty()) {
          auto it = options.languages.find(guess.language);
          if (it == options.languages.end() || guess.score < it->second) {
            ++language_removed;
            remove(doc, "language", "language_" + guess.language, guess.score,
                   it == options.languages.end() ? 1.0 : it->second);
            return;
          }
        }
        const int failed = filters.evaluate(doc.text, guess.language, values);
        measurements.out() << doc.id;
        for (std::size_t r = 0; r < values.size(); ++r) {
          measurements.out() << '\t';
          if (!std::isnan(values[r])) measurements.out() << values[r];
          rule_values[r].push_back(values[r]);
          failing[r] += filters.rules()[r].removes(values[r]);
        }
        measurements.out() << '\n';
        if (failed >= 0) {
          ++filter_removed;
          ++first_failing[std::size_t(failed)];
          const Rule& rule = filters.rules()[std::size_t(failed)];
          remove(doc, "filter", rule.id, values[std::size_t(failed)], rule.threshold);
          return;
        }
        std::uint64_t c4_dropped = 0;
        if (c4_lines) doc.text = filters.c4_filter_lines(doc.text, &c4_dropped);

        Json j;
        j["id"] = doc.id;
        j["text"] = doc.text;
        Json meta;
        meta["source"] = doc.source;
        meta["line"] = doc.line;
        meta["encoding"] = doc.encoding;
        meta["encoding_confidence"] = doc.encoding_confidence;
        meta["language"] = guess.language;
        meta["language_score"] = guess.score;
        if (!changes_json.empty()) meta["changes"] = changes_json;
        if (c4_dropped) meta["c4_dropped_lines"] = c4_dropped;
        j["meta"] = meta;
        const std::string line = dump_line(j);
        stage.out() << line;
        ++kept_stage;
        if (options.dedup) {
          auto& mtime = mtimes[doc.source];
          if (mtime == 0) {
            struct stat st {};
            if (::stat(doc.source.c_str(), &st) == 0) mtime = std::uint64_t(st.st_mtime);
          }
          const auto index = std::uint32_t(ids.size());
          staged[index] = {stage_offset, std::uint32_t(line.size())};
          ids.push_back(doc.id);
          dedup.add(index, doc.text, mtime);
        }
        stage_offset += line.size();
      },
      progress, cancel);
  const double load_seconds = std::chrono::duration<double>(Clock::now() - loading).count();

  // Deduplicate, reading texts back from the stage file only for candidate pairs.
  const auto deduping = Clock::now();
  std::uint64_t kept = kept_stage;
  Json dedup_json;
  if (options.dedup) {
    stage.out().flush();
    std::ifstream back(stage.partial(), std::ios::binary);
    auto read_line = [&](std::uint32_t index) {
      const Staged& s = staged.at(index);
      std::string line(s.length, '\0');
      back.seekg(std::streamoff(s.offset));
      back.read(line.data(), s.length);
      return line;
    };
    auto text_of = [&](std::uint32_t index) {
      return Json::parse(read_line(index))["text"].get<std::string>();
    };
    const DedupResult result =
        dedup.finish([&](std::uint32_t index) { return dedup.hasher().shingles(text_of(index)); },
                     progress, cancel);

    std::unordered_set<std::uint32_t> dropped;
    for (const auto& r : result.removed) {
      dropped.insert(r.index);
      Json j;
      j["id"] = ids[r.index];
      j["reason"] = r.exact_duplicate ? "exact_duplicate" : "duplicate";
      j["rule"] = r.exact_duplicate ? "exact_duplicate" : "minhash_jaccard";
      j["value"] = r.jaccard;
      j["threshold"] = options.dedup_options.threshold;
      j["duplicate_of"] = ids[r.duplicate_of];
      j["cluster"] = r.cluster;
      j["text"] = text_of(r.index);
      removed.out() << dump_line(j);
    }
    OutputFile kept_file(dir, "kept.jsonl");
    for (std::uint32_t index = 0; index < ids.size(); ++index) {
      if (!dropped.count(index)) kept_file.out() << read_line(index);
    }
    kept_file.commit();
    kept = ids.size() - dropped.size();

    OutputFile clusters(dir, "clusters.jsonl");
    std::uint64_t giant = 0;
    for (const auto& c : result.clusters) {
      Json j;
      j["cluster"] = c.id;
      j["kept"] = ids[c.kept];
      j["giant"] = c.giant;
      j["split"] = c.split;
      Json members = Json::array();
      for (const auto& m : c.members)
        members.push_back({{"id", ids[m.index]}, {"jaccard", m.jaccard}});
      j["members"] = members;
      clusters.out() << dump_line(j);
      giant += c.giant;
    }
    clusters.commit();
    OutputFile pairs(dir, "pairs.jsonl");
    for (const auto& p : result.pairs) {
      Json j;
      j["a"] = ids[p.a];
      j["b"] = ids[p.b];
      j["bands"] = p.bands;
      j["estimated"] = p.estimated;
      if (p.exact >= 0) j["exact"] = p.exact;
      j["exact_duplicate"] = p.exact_duplicate;
      j["joined"] = p.joined;
      pairs.out() << dump_line(j);
    }
    pairs.commit();
    const auto& mh = options.dedup_options.minhash;
    dedup_json["ngram"] = mh.ngram;
    dedup_json["bands"] = mh.bands;
    dedup_json["rows"] = mh.rows;
    dedup_json["seed"] = mh.seed;
    dedup_json["threshold"] = options.dedup_options.threshold;
    dedup_json["verify"] = options.dedup_options.verify;
    dedup_json["candidate_pairs"] = result.pairs.size();
    dedup_json["clusters"] = result.clusters.size();
    dedup_json["giant_clusters"] = giant;
    dedup_json["exact_duplicates"] = result.exact_duplicates;
    dedup_json["near_duplicates"] = result.near_duplicates;
    Json curve = Json::array();
    for (int i = 0; i <= 20; ++i) {
      const double s = i / 20.0;
      curve.push_back({s, lsh_probability(s, mh.rows, mh.bands)});
    }
    dedup_json["s_curve"] = curve;
    back.close();
    stage.out().close();
    fs::remove(stage.partial(), error);
  } else {
    stage.commit();
  }
  const double dedup_seconds = std::chrono::duration<double>(Clock::now() - deduping).count();
  removed.commit();
  measurements.commit();

  // report.json
  Json report;
  report["inputs"] = inputs;
  Json counts;
  counts["documents"] = loaded;
  counts["empty_after_cleaning"] = empty;
  counts["removed_by_language"] = language_removed;
  counts["removed_by_filters"] = filter_removed;
  counts["exact_duplicates"] = options.dedup ? dedup_json["exact_duplicates"] : Json(0);
  counts["near_duplicates"] = options.dedup ? dedup_json["near_duplicates"] : Json(0);
  counts["kept"] = kept;
  report["counts"] = counts;
  Json cleaning;
  cleaning["enabled"] = options.clean;
  cleaning["documents_changed"] = documents_changed;
  Json per_kind;
  for (std::size_t k = 0; k < kChangeKinds; ++k) per_kind[change_name(Change(k))] = changes[k];
  cleaning["code_points_changed"] = per_kind;
  std::vector<std::pair<std::uint64_t, char32_t>> top;
  for (const auto& [c, n] : code_points) top.emplace_back(n, c);
  std::sort(top.rbegin(), top.rend());
  Json top_json = Json::array();
  for (std::size_t i = 0; i < top.size() && i < 30; ++i) {
    top_json.push_back({{"code_point", code_point_label(top[i].second)}, {"count", top[i].first}});
  }
  cleaning["top_code_points"] = top_json;
  report["cleaning"] = cleaning;
  report["language_identifier"] = options.langid;
  report["languages"] = languages;
  Json rules = Json::array();
  for (std::size_t r = 0; r < filters.rules().size(); ++r) {
    const Rule& rule = filters.rules()[r];
    Json j;
    j["id"] = rule.id;
    j["group"] = rule.group;
    j["measure"] = rule.measure;
    j["remove_when"] = std::string("value ") + compare_symbol(rule.remove_when) + " threshold";
    j["threshold"] = rule.threshold;
    j["removed"] = first_failing[r];
    j["failing"] = failing[r];
    j["histogram"] = histogram(rule_values[r]);
    rules.push_back(j);
  }
  report["rules"] = rules;
  if (options.dedup) report["dedup"] = dedup_json;
  Json files = Json::array();
  for (const auto& f : load.files) {
    Json j;
    j["path"] = f.path;
    j["format"] = f.format;
    if (!f.compression.empty()) j["compression"] = f.compression;
    j["encoding"] = f.encoding;
    j["encoding_confidence"] = f.encoding_confidence;
    j["bytes"] = f.bytes;
    j["documents"] = f.documents;
    if (f.replaced) {
      j["replaced"] = f.replaced;
      j["replaced_offsets"] = f.replaced_offsets;
    }
    if (!f.skipped.empty()) j["skipped"] = f.skipped;
    if (!f.problems.empty()) {
      Json problems = Json::array();
      for (const auto& p : f.problems) {
        problems.push_back({{"offset", p.offset}, {"line", p.line}, {"message", p.message}});
      }
      j["problems"] = problems;
    }
    files.push_back(j);
  }
  report["files"] = files;
  Json skipped = Json::array();
  for (const auto& p : load.input_problems)
    skipped.push_back({{"path", p.path}, {"reason", p.reason}});
  report["input_problems"] = skipped;
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  report["timings"] = {
      {"load_clean_filter_s", load_seconds}, {"dedup_write_s", dedup_seconds}, {"total_s", total}};
  report["bytes"] = load.bytes;
  report["megabytes_per_second"] = total > 0 ? double(load.bytes) / 1e6 / total : 0.0;
  OutputFile report_file(dir, "report.json");
  report_file.out() << report.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  report_file.commit();

  PipelineReport out;
  out.json = std::move(report);
  out.documents = loaded;
  out.kept = kept;
  return out;
}

}  // namespace ahenk::text
