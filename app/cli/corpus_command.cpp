// `ahenk corpus ...`: the corpus stage. `stats` reads a pile of text files in one streaming pass.
#include <cstdio>

#include "ahenk/text/corpus_stats.h"
#include "commands.h"
#include "terminal_progress.h"

namespace ahenk::cli {
namespace {

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

}  // namespace

void add_corpus_command(CLI::App& app, Runner& run) {
  auto* corpus = app.add_subcommand("corpus", "Load, inspect and prepare a pile of text files");
  corpus->require_subcommand(1);

  struct Options {
    std::vector<std::string> inputs;
    bool json = false;
    bool quiet = false;
  };
  auto opts = std::make_shared<Options>();
  auto* stats = corpus->add_subcommand(
      "stats", "Count files, bytes, lines, words and code points, and locate invalid UTF-8");
  stats->add_option("INPUT", opts->inputs, "Text files or folders (searched recursively)")
      ->required();
  stats->add_flag("--json", opts->json, "Print the statistics as JSON (per file, with offsets)");
  stats->add_flag("-q,--quiet", opts->quiet, "No progress on stderr");
  stats->callback([&run, opts] {
    run = [opts] {
      app::TerminalProgress progress(opts->quiet);
      auto result = text::corpus_stats(opts->inputs, &progress, &interrupt_token());
      if (opts->json) {
        std::printf("%s\n", text::to_json(result).dump(2).c_str());
      } else {
        print_stats(result);
      }
      return 0;
    };
  });
}

}  // namespace ahenk::cli
