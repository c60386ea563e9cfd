// A first look at a pile of text files: sizes, lines, words, characters and UTF-8 problems, read in
// one streaming pass (memory does not grow with the corpus).
//
//   ahenk::text::CorpusStats stats = ahenk::text::corpus_stats({"resources/sample"}, &sink,
//   &cancel); stats.totals.words;                       // whitespace-separated words over all
//   files stats.files[0].first_invalid_offset;      // byte offset of the first invalid UTF-8
//   sequence nlohmann::ordered_json j = ahenk::text::to_json(stats);
//
// Definitions (the same as `wc`, extended to Unicode):
//   lines       - line breaks (LF, CRLF or a lone CR) plus one for a last line without a break;
//   words       - maximal runs of code points without the Unicode White_Space property;
//   code_points - decoded code points, one U+FFFD per invalid sequence (see text/utf8.h);
//   binary      - a file with NUL bytes in its first 8 KiB is not read further (binary, or
//   UTF-16/32
//                 text, which the corpus loader decodes; these statistics count UTF-8 only).
// Thread-safe; reports progress in bytes; throws Cancelled when cancelled and InputError for
// inputs that do not exist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ahenk/progress.h"
#include "ahenk/text/inputs.h"

namespace ahenk::text {

struct TextCounts {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;
  std::uint64_t words = 0;
  std::uint64_t code_points = 0;
  std::uint64_t invalid_utf8 = 0;  // invalid sequences, each replaced by one U+FFFD
};

struct FileStats {
  std::string path;
  TextCounts counts;
  std::optional<std::uint64_t> first_invalid_offset;  // byte offset in the file
  bool binary = false;
  std::string error;  // non-empty when the file could not be read (the other fields are partial)
};

struct CorpusStats {
  std::vector<FileStats> files;
  TextCounts totals;  // over the files that were read as text
  std::uint64_t binary_files = 0;
  std::uint64_t unreadable_files = 0;
  std::vector<InputProblem> problems;  // inputs skipped while listing folders
  double seconds = 0;
};

// Counts for one in-memory text (used by tests and by callers that already hold the bytes).
TextCounts count_text(std::string_view utf8);

CorpusStats corpus_stats(const std::vector<std::string>& inputs, ProgressSink* progress = nullptr,
                         const CancelToken* cancel = nullptr);

nlohmann::ordered_json to_json(const CorpusStats& stats);

}  // namespace ahenk::text
