// Throughput of each corpus stage on in-memory text, beside its anchor, in one run (one core):
//   ICU NFKC alone (the floor of any NFKC cleaner)  vs  Ahenk's whole clean_text
//   CLD2 alone                                        (what language identification costs)
//   Ahenk's filters (all four rule sets)
//   Ahenk's dedup sketch (fold + shingles + 112 MinHashes)
// usage: bench_text_stages JSONL_OR_TEXT_FILES... [--mb N] [--runs R] [--only SUBSTRING]
// Prints one line per stage: median MB/s over R runs, min-max, and the ratio to NFKC.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "ahenk/text/clean.h"
#include "ahenk/text/filters.h"
#include "ahenk/text/langid.h"
#include "ahenk/text/loader.h"
#include "ahenk/text/minhash.h"

namespace {

double seconds_of(const std::function<void()>& f) {
  const auto t = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  double limit_mb = 50;
  int runs = 3;
  std::string only;  // run only the stages whose name contains this (for profiling one stage)
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--mb") && i + 1 < argc) {
      limit_mb = std::atof(argv[++i]);
    } else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
      only = argv[++i];
    } else {
      inputs.push_back(argv[i]);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: bench_text_stages INPUT... [--mb 50] [--runs 3] [--only STAGE]\n");
    return 2;
  }
  std::vector<std::string> docs;
  std::size_t bytes = 0;
  try {
    ahenk::text::load_documents(inputs, {}, [&](ahenk::text::Document&& d) {
      if (bytes >= limit_mb * 1e6) return;
      bytes += d.text.size();
      docs.push_back(std::move(d.text));
    });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_text_stages: %s\n", e.what());
    return 1;
  }
  std::printf("%zu documents, %.1f MB in memory, %d runs, one thread\n", docs.size(), bytes / 1e6,
              runs);

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  const auto identifier = ahenk::text::make_language_identifier("cld2");
  const ahenk::text::FilterSet filters(ahenk::text::select_rules("all"));
  const ahenk::text::MinHasher hasher;
  std::size_t sink = 0;  // keeps results alive so nothing is optimized away
  std::vector<float> values;

  struct Stage {
    const char* name;
    std::function<void()> body;
  };
  const std::vector<Stage> stages = {
      {"icu_nfkc (anchor)",
       [&] {
         for (const auto& d : docs) {
           std::string out;
           icu::StringByteSink<std::string> s(&out, int32_t(d.size()));
           UErrorCode st = U_ZERO_ERROR;
           nfkc->normalizeUTF8(0, icu::StringPiece(d.data(), int32_t(d.size())), s, nullptr, st);
           sink += out.size();
         }
       }},
      {"ahenk clean_text",
       [&] {
         for (const auto& d : docs) sink += ahenk::text::clean_text(d).text.size();
       }},
      {"cld2 (anchor)",
       [&] {
         for (const auto& d : docs) sink += identifier->identify(d).language.size();
       }},
      {"ahenk filters (all)",
       [&] {
         for (const auto& d : docs) sink += std::size_t(filters.evaluate(d, "en", values) + 2);
       }},
      {"ahenk dedup sketch",
       [&] {
         for (const auto& d : docs) sink += hasher.sketch(d).signature.size();
       }},
  };
  double nfkc_rate = 0;
  for (const auto& stage : stages) {
    if (std::string(stage.name).find(only) == std::string::npos) continue;
    std::vector<double> rates;
    for (int r = 0; r < runs; ++r) rates.push_back(bytes / 1e6 / seconds_of(stage.body));
    std::sort(rates.begin(), rates.end());
    const double median = rates[rates.size() / 2];
    if (nfkc_rate == 0) nfkc_rate = median;
    std::printf("%-22s %8.1f MB/s  (min %.1f, max %.1f)  %.2fx NFKC\n", stage.name, median,
                rates.front(), rates.back(), median / nfkc_rate);
  }
  return sink == 42 ? 1 : 0;
}
