// `ahenk corpus ...`: the corpus stage. stats | clean | filter | dedup | run | langid.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ahenk/text/corpus_stats.h"
#include "ahenk/text/langid.h"
#include "ahenk/text/loader.h"
#include "ahenk/text/pipeline.h"
#include "commands.h"
#include "session_record.h"
#include "terminal_progress.h"

namespace ahenk::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

void print_stats(const text::CorpusStats& stats) {
  const auto& t = stats.totals;
  std::printf("files        %zu (%llu binary skipped, %llu unreadable)\n", stats.files.size(),
              static_cast<unsigned long long>(stats.binary_files),
              static_cast<unsigned long long>(stats.unreadable_files));
  std::printf("bytes        %llu (%s)\n", static_cast<unsigned long long>(t.bytes),
              app::human_bytes(double(t.bytes)).c_str());
  std::printf("lines        %llu\n", static_cast<unsigned long long>(t.lines));
  std::printf("words        %llu\n", static_cast<unsigned long long>(t.words));
  std::printf("code points  %llu\n", static_cast<unsigned long long>(t.code_points));
  std::printf("invalid UTF-8 sequences  %llu\n", static_cast<unsigned long long>(t.invalid_utf8));
  for (const auto& f : stats.files) {
    if (!f.error.empty()) std::printf("  %s: %s\n", f.path.c_str(), f.error.c_str());
    if (f.binary) std::printf("  %s: skipped (NUL bytes: binary or UTF-16/32)\n", f.path.c_str());
    if (f.first_invalid_offset) {
      std::printf("  %s: %llu invalid UTF-8 sequences, first at byte %llu\n", f.path.c_str(),
                  static_cast<unsigned long long>(f.counts.invalid_utf8),
                  static_cast<unsigned long long>(*f.first_invalid_offset));
    }
  }
  for (const auto& p : stats.problems) std::printf("  %s: %s\n", p.path.c_str(), p.reason.c_str());
  const double rate = stats.seconds > 0 ? double(t.bytes) / stats.seconds : 0;
  std::printf("read in %.2f s (%s/s)\n", stats.seconds, app::human_bytes(rate).c_str());
}

// Options shared by the pipeline verbs; each verb turns stages on or off by default.
struct PipelineCli {
  std::vector<std::string> inputs;
  std::string out;
  bool json = false, quiet = false;
  unsigned threads = 0;
  std::string split = "file", text_field = "text";
  std::uint64_t max_doc_mb = 64;
  std::string normalize = "nfkc";
  bool keep_invisible = false, keep_bidi = false, keep_controls = false;
  bool keep_line_endings = false, keep_whitespace = false, repair_mojibake = false, edits = false;
  std::string langid = "cld2", languages;
  std::string rules = "all";
  std::vector<std::string> thresholds;
  double threshold = 0.8;
  int ngram = 5, bands = 14, rows = 8;
  std::uint64_t seed = 1;
  bool no_verify = false, no_exact = false;
  std::string keep = "first";
  std::size_t giant = 1000;
  std::uint64_t verify_mb = 32;
  SessionCli session;
};

void add_pipeline_options(CLI::App* cmd, PipelineCli& o, bool clean, bool filter, bool dedup) {
  cmd->add_option("INPUT", o.inputs,
                  "Files or folders: .txt/.md (any encoding), .jsonl, optionally .gz/.zst")
      ->required();
  cmd->add_option("-o,--out", o.out, "Output folder (created; inputs are never modified)")
      ->required();
  cmd->add_flag("--json", o.json, "Print report.json to stdout instead of a summary");
  cmd->add_flag("-q,--quiet", o.quiet, "No progress on stderr");
  cmd->add_option("-j,--threads", o.threads, "Worker threads (0: one per core)")
      ->capture_default_str();
  auto* load = cmd->add_option_group("Loading");
  load->add_option("--split", o.split, "Documents per file: file, paragraph or line")
      ->check(CLI::IsMember({"file", "paragraph", "line"}))
      ->capture_default_str();
  load->add_option("--text-field", o.text_field, "JSONL field holding the text")
      ->capture_default_str();
  load->add_option("--max-doc-mb", o.max_doc_mb, "Longer documents are cut at a line break")
      ->capture_default_str();
  if (clean) {
    auto* c = cmd->add_option_group("Cleaning");
    c->add_option("--normalize", o.normalize, "Unicode normalization: nfkc, nfc or none")
        ->check(CLI::IsMember({"nfkc", "nfc", "none"}))
        ->capture_default_str();
    c->add_flag("--keep-invisible", o.keep_invisible,
                "Keep zero-width and other invisible characters");
    c->add_flag("--keep-bidi", o.keep_bidi, "Keep bidirectional control characters");
    c->add_flag("--keep-controls", o.keep_controls, "Keep control characters");
    c->add_flag("--keep-line-endings", o.keep_line_endings, "Keep CR/CRLF line endings");
    c->add_flag("--keep-whitespace", o.keep_whitespace, "Keep trailing spaces and blank lines");
    c->add_flag("--repair-mojibake", o.repair_mojibake,
                "Re-decode UTF-8 that was read as Windows-1252");
    c->add_flag(
        "--edits", o.edits,
        "Record each change in meta.edits: [orig_begin, orig_end, out_begin, out_end, kind] "
        "(byte offsets), for diff views");
  }
  auto* l = cmd->add_option_group("Language");
  l->add_option("--langid", o.langid, "Language identifier: cld2, none, or a fastText model file")
      ->capture_default_str();
  l->add_option("--lang", o.languages, "Keep only these languages, with minimum scores: tr,en:0.5");
  if (filter) {
    auto* f = cmd->add_option_group("Filters");
    f->add_option("--rules", o.rules,
                  "Rule sets: all, none, gopher, gopher_quality, gopher_repetition, c4, fineweb")
        ->capture_default_str();
    f->add_option("--set", o.thresholds, "Change a rule's threshold: rule=value (repeatable)");
  }
  if (dedup) {
    auto* d = cmd->add_option_group("Deduplication");
    d->add_option("--threshold", o.threshold, "Jaccard similarity of near duplicates")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    d->add_option("--ngram", o.ngram, "Words per shingle")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    d->add_option("--bands", o.bands, "LSH bands")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    d->add_option("--rows", o.rows, "Hashes per band")
        ->check(CLI::Range(1, 1024))
        ->capture_default_str();
    d->add_option("--seed", o.seed, "MinHash seed")->capture_default_str();
    d->add_flag("--no-verify", o.no_verify,
                "Join every LSH candidate without checking its exact Jaccard");
    d->add_flag("--no-exact", o.no_exact, "Skip the exact-duplicate pass");
    d->add_option("--keep", o.keep, "Which duplicate survives: first, longest or recent")
        ->check(CLI::IsMember({"first", "longest", "recent"}))
        ->capture_default_str();
    d->add_option("--giant", o.giant, "Flag clusters with more members than this")
        ->capture_default_str();
    d->add_option("--verify-mb", o.verify_mb,
                  "Megabytes of text whose shingles and signatures dedup holds at once (about "
                  "2.3 times that in memory; smaller is slower)")
        ->check(CLI::Range(1, 1 << 20))
        ->capture_default_str();
  }
}

text::PipelineOptions to_options(const PipelineCli& o, bool clean, bool filter, bool dedup) {
  text::PipelineOptions p;
  p.out_dir = o.out;
  p.threads = o.threads;
  p.load.split = text::parse_split_mode(o.split);
  p.load.text_field = o.text_field;
  p.load.max_document_bytes = o.max_doc_mb << 20;
  p.clean = clean;
  p.cleaning.normalization = text::parse_normalization(o.normalize);
  p.cleaning.remove_invisible = !o.keep_invisible;
  p.cleaning.remove_bidi = !o.keep_bidi;
  p.cleaning.remove_controls = !o.keep_controls;
  p.cleaning.normalize_line_endings = !o.keep_line_endings;
  p.cleaning.normalize_whitespace = !o.keep_whitespace;
  p.cleaning.repair_mojibake = o.repair_mojibake;
  p.write_edits = o.edits;
  p.langid = o.langid;
  p.languages = text::parse_languages(o.languages);
  p.rules = filter ? text::select_rules(o.rules) : std::vector<text::Rule>{};
  for (const auto& t : o.thresholds) text::set_threshold(p.rules, t);
  p.dedup = dedup;
  p.dedup_options.threshold = o.threshold;
  p.dedup_options.minhash.ngram = o.ngram;
  p.dedup_options.minhash.bands = o.bands;
  p.dedup_options.minhash.rows = o.rows;
  p.dedup_options.minhash.seed = o.seed;
  p.dedup_options.verify = !o.no_verify;
  p.dedup_options.exact = !o.no_exact;
  p.dedup_options.keep = text::parse_keep_policy(o.keep);
  p.dedup_options.giant_cluster = o.giant;
  p.dedup_options.window_bytes = o.verify_mb << 20;
  return p;
}

void print_summary(const Json& r, const std::string& out) {
  const auto& c = r["counts"];
  auto n = [&](const char* k) {
    return static_cast<unsigned long long>(c[k].get<std::uint64_t>());
  };
  std::printf("documents            %llu\n", n("documents"));
  std::printf("  empty after clean  %llu\n", n("empty_after_cleaning"));
  std::printf("  removed: language  %llu\n", n("removed_by_language"));
  std::printf("  removed: filters   %llu\n", n("removed_by_filters"));
  for (const auto& rule : r["rules"]) {
    if (rule["removed"].get<std::uint64_t>() == 0) continue;
    std::printf("    %-28s %llu  (%s %s %g)\n", rule["id"].get<std::string>().c_str(),
                static_cast<unsigned long long>(rule["removed"].get<std::uint64_t>()),
                rule["measure"].get<std::string>().c_str(), rule["op"].get<std::string>().c_str(),
                rule["threshold"].get<double>());
  }
  std::printf("  exact duplicates   %llu\n", n("exact_duplicates"));
  std::printf("  near duplicates    %llu\n", n("near_duplicates"));
  std::printf("kept                 %llu\n", n("kept"));
  if (r.contains("dedup")) {
    std::printf(
        "clusters             %llu (%llu giant), candidate pairs %llu\n",
        static_cast<unsigned long long>(r["dedup"]["clusters"].get<std::uint64_t>()),
        static_cast<unsigned long long>(r["dedup"]["giant_clusters"].get<std::uint64_t>()),
        static_cast<unsigned long long>(r["dedup"]["candidate_pairs"].get<std::uint64_t>()));
  }
  std::string languages;
  for (const auto& [code, count] : r["languages"].items()) {
    languages +=
        (languages.empty() ? "" : ", ") + code + " " + std::to_string(count.get<std::uint64_t>());
  }
  if (!languages.empty()) std::printf("languages            %s\n", languages.c_str());
  std::uint64_t problems = 0, skipped = 0;
  for (const auto& f : r["files"]) {
    if (f.contains("problems")) problems += f["problems"].size();
    if (f.contains("skipped")) {
      ++skipped;
      std::printf("  skipped %s: %s\n", f["path"].get<std::string>().c_str(),
                  f["skipped"].get<std::string>().c_str());
    }
  }
  if (problems)
    std::printf("problems             %llu (see report.json)\n",
                static_cast<unsigned long long>(problems));
  std::printf("%.1f MB in %.2f s (%.1f MB/s); output in %s/\n", r["bytes"].get<double>() / 1e6,
              r["timings"]["total_s"].get<double>(), r["megabytes_per_second"].get<double>(),
              out.c_str());
}

void add_pipeline_verb(CLI::App* corpus, Runner& run, const char* name, const char* help,
                       bool clean, bool filter, bool dedup, const char* default_langid) {
  auto o = std::make_shared<PipelineCli>();
  o->langid = default_langid;
  if (!filter) o->rules = "none";
  auto* cmd = corpus->add_subcommand(name, help);
  add_pipeline_options(cmd, *o, clean, filter, dedup);
  add_session_options(cmd, o->session);
  cmd->callback([&run, o, clean, filter, dedup, name] {
    run = recorded(
        [o, name] {
          // The verb's whole command line is the config: every option with its value.
          return RecordPlan{o->session,
                            {.kind = "corpus",
                             .name = std::string(name) + " " + fs::path(o->out).filename().string(),
                             .config = {{"verb", name}, {"command", command_line()}}},
                            o->inputs};
        },
        [o, clean, filter, dedup] {
          app::TerminalProgress progress(o->quiet);
          const auto options = to_options(*o, clean, filter, dedup);
          const auto report = text::run_pipeline(o->inputs, options, &progress, &interrupt_token());
          if (auto* rec = current_record()) {
            Json outputs = Json::object();
            for (const auto& [key, value] : report.json.items())
              if (value.is_number()) outputs[key] = value;
            for (const char* key : {"documents", "kept"})
              if (report.json["counts"].contains(key)) outputs[key] = report.json["counts"][key];
            outputs["out"] = o->out;
            rec->outputs(outputs);
            rec->metrics_from(outputs);
            for (const char* file : {"kept.jsonl", "report.json"})
              rec->artifact(std::string(file) == "report.json" ? "report" : "output",
                            fs::path(o->out) / file);
          }
          if (o->json) {
            std::printf("%s\n",
                        report.json.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
          } else {
            print_summary(report.json, o->out);
          }
          return 0;
        });
  });
}

}  // namespace

void add_corpus_command(CLI::App& app, Runner& run) {
  auto* corpus =
      app.add_subcommand("corpus", "Load, clean, filter and deduplicate a pile of text files");
  corpus->require_subcommand(1);

  struct StatsOptions {
    std::vector<std::string> inputs;
    bool json = false;
    bool quiet = false;
    SessionCli session;
  };
  auto so = std::make_shared<StatsOptions>();
  auto* stats = corpus->add_subcommand(
      "stats", "Count files, bytes, lines, words and code points, and locate invalid UTF-8");
  stats->add_option("INPUT", so->inputs, "Text files or folders (searched recursively)")
      ->required();
  stats->add_flag("--json", so->json, "Print the statistics as JSON (per file, with offsets)");
  stats->add_flag("-q,--quiet", so->quiet, "No progress on stderr");
  add_session_options(stats, so->session);
  stats->callback([&run, so] {
    run = recorded(
        [so] {
          return RecordPlan{so->session, {.kind = "corpus-stats"}, so->inputs};
        },
        [so] {
          app::TerminalProgress progress(so->quiet);
          auto result = text::corpus_stats(so->inputs, &progress, &interrupt_token());
          if (auto* rec = current_record()) {
            auto j = text::to_json(result);
            Json outputs = Json::object();
            if (j.contains("totals") && j["totals"].is_object())
              for (const auto& [key, value] : j["totals"].items())
                if (value.is_number()) outputs[key] = value;
            outputs["files"] = result.files.size();
            rec->outputs(outputs);
            rec->metrics_from(outputs);
          }
          if (so->json) {
            std::printf("%s\n", text::to_json(result).dump(2).c_str());
          } else {
            print_stats(result);
          }
          return 0;
        });
  });

  add_pipeline_verb(corpus, run, "clean",
                    "Decode and clean: NFKC, invisible and bidi marks, controls, line endings, "
                    "whitespace (kept.jsonl records what changed)",
                    true, false, false, "cld2");
  add_pipeline_verb(
      corpus, run, "filter",
      "Apply the Gopher, C4 and FineWeb quality rules; removed.jsonl says which rule, "
      "the measured value and the threshold",
      false, true, false, "cld2");
  add_pipeline_verb(corpus, run, "dedup",
                    "Remove exact and near duplicates (MinHash + LSH); clusters.jsonl and "
                    "pairs.jsonl show the evidence",
                    false, false, true, "none");
  add_pipeline_verb(corpus, run, "run", "Clean, filter and deduplicate in one streaming pass", true,
                    true, true, "cld2");

  struct TrainOptions {
    std::string input, out;
    text::LangidTrainOptions train;
    bool json = false, quiet = false;
  };
  auto to = std::make_shared<TrainOptions>();
  auto* train = corpus->add_subcommand(
      "langid-train",
      "Train a fastText language identifier from a lang<TAB>text file; use it with --langid MODEL");
  train->add_option("INPUT", to->input, "Labelled file: one lang<TAB>text per line")->required();
  train->add_option("-o,--out", to->out, "Model file to write (.bin)")->required();
  train->add_option("--epochs", to->train.epochs, "Passes over the data")->capture_default_str();
  train->add_option("--lr", to->train.learning_rate, "Learning rate")->capture_default_str();
  train->add_option("--dim", to->train.dim, "Vector size")->capture_default_str();
  train->add_option("--minn", to->train.min_char_ngram, "Shortest character n-gram")
      ->capture_default_str();
  train->add_option("--maxn", to->train.max_char_ngram, "Longest character n-gram")
      ->capture_default_str();
  train->add_option("--validation", to->train.validation_fraction, "Share of lines held out")
      ->check(CLI::Range(0.0, 0.9))
      ->capture_default_str();
  train->add_option("-j,--threads", to->train.threads, "Threads (1 = reproducible)")
      ->capture_default_str();
  train->add_flag("--json", to->json, "Print the training report as JSON");
  train->add_flag("-q,--quiet", to->quiet, "No progress on stderr");
  train->callback([&run, to] {
    run = [to] {
      app::TerminalProgress progress(to->quiet);
      const auto r =
          text::train_fasttext_langid(to->input, to->out, to->train, &progress, &interrupt_token());
      if (to->json) {
        Json j;
        j["model"] = to->out;
        j["examples"] = r.examples;
        j["train"] = r.train;
        j["validation"] = r.validation;
        j["skipped_lines"] = r.skipped_lines;
        j["validation_accuracy"] = r.validation_accuracy;
        Json per = Json::object();
        for (const auto& [lang, ct] : r.per_language)
          per[lang] = {{"correct", ct.first}, {"total", ct.second}};
        j["per_language"] = per;
        j["seconds"] = r.seconds;
        std::printf("%s\n", j.dump(2).c_str());
      } else {
        std::printf(
            "trained on %llu lines, held out %llu: accuracy %.4f (%zu languages) in %.1f s\n",
            static_cast<unsigned long long>(r.train), static_cast<unsigned long long>(r.validation),
            r.validation_accuracy, r.per_language.size(), r.seconds);
        for (const auto& [lang, ct] : r.per_language) {
          if (ct.first < ct.second) {
            std::printf("  %s %llu/%llu\n", lang.c_str(), static_cast<unsigned long long>(ct.first),
                        static_cast<unsigned long long>(ct.second));
          }
        }
        std::printf("model: %s (use: ahenk corpus run --langid %s ...)\n", to->out.c_str(),
                    to->out.c_str());
      }
      return 0;
    };
  });

  struct LangidOptions {
    std::vector<std::string> inputs;
    std::string model = "cld2";
    std::string split = "line";
    bool json = false;
  };
  auto lo = std::make_shared<LangidOptions>();
  auto* langid = corpus->add_subcommand(
      "langid",
      "Identify the language of each document. A .tsv input is read as lang<TAB>text per line "
      "(ids are line numbers) and the accuracy against its labels is printed on stderr");
  langid->add_option("INPUT", lo->inputs, "Files or folders")->required();
  langid->add_option("--model", lo->model, "cld2, or a fastText model from langid-train")
      ->capture_default_str();
  langid->add_option("--split", lo->split, "Documents of text files: file, paragraph or line")
      ->check(CLI::IsMember({"file", "paragraph", "line"}))
      ->capture_default_str();
  langid->add_flag("--json", lo->json, "One JSON line per document: {\"id\", \"lang\", \"score\"}");
  langid->callback([&run, lo] {
    run = [lo] {
      const auto identifier = text::make_language_identifier(lo->model);
      std::uint64_t labelled = 0, correct = 0;
      auto emit = [&](const std::string& id, const std::string& body, const std::string& label) {
        const auto guess = identifier->identify(body);
        if (lo->json) {
          Json j;
          j["id"] = id;
          j["lang"] = guess.language;
          j["score"] = guess.score;
          if (!label.empty()) j["label"] = label;
          std::printf("%s\n", j.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
        } else {
          std::printf("%s\t%s\t%.3f\n", id.c_str(), guess.language.c_str(), guess.score);
        }
        if (!label.empty()) ++labelled, correct += guess.language == label;
      };
      std::vector<std::string> others;
      for (const auto& input : lo->inputs) {
        if (input.size() > 4 && input.substr(input.size() - 4) == ".tsv") {
          std::ifstream in(input);
          if (!in) throw text::InputError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open"), {input});
          std::string line;
          std::uint64_t number = 0;
          while (std::getline(in, line)) {
            ++number;
            const auto tab = line.find('\t');
            if (tab == std::string::npos) continue;  // a header or a line without a label
            const std::string label = line.substr(0, tab);
            if (label == "lang") continue;
            emit(std::to_string(number), line.substr(tab + 1), label);
          }
        } else {
          others.push_back(input);
        }
      }
      if (!others.empty()) {
        text::LoadOptions options;
        options.split = text::parse_split_mode(lo->split);
        text::load_documents(
            others, options, [&](text::Document&& d) { emit(d.id, d.text, ""); }, nullptr,
            &interrupt_token());
      }
      if (labelled) {
        std::fprintf(stderr, "accuracy %.4f (%llu of %llu labelled documents)\n",
                     double(correct) / double(labelled), static_cast<unsigned long long>(correct),
                     static_cast<unsigned long long>(labelled));
      }
      return 0;
    };
  });
}

}  // namespace ahenk::cli
