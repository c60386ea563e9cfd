#include "ahenk/text/corpus_stats.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <vector>

#include "ahenk/text/utf8.h"

namespace ahenk::text {
namespace {

constexpr std::size_t kChunkBytes = 1 << 20;
constexpr std::size_t kBinarySniffBytes = 8192;

// Accumulates counts over a byte stream fed in chunks.
class Counter {
 public:
  void feed(const unsigned char* data, std::size_t size) {
    counts_.bytes += size;
    decoder_.feed(data, size, [this](const Utf8Decoder::Event& e) { on_code_point(e); });
  }

  TextCounts finish() {
    decoder_.finish([this](const Utf8Decoder::Event& e) { on_code_point(e); });
    if (line_open_) ++counts_.lines;
    line_open_ = false;
    return counts_;
  }

  std::optional<std::uint64_t> first_invalid_offset() const { return first_invalid_; }

 private:
  void on_code_point(const Utf8Decoder::Event& e) {
    ++counts_.code_points;
    if (!e.valid) {
      ++counts_.invalid_utf8;
      if (!first_invalid_) first_invalid_ = e.offset;
    }
    const char32_t c = e.code_point;
    // Lines: LF ends a line; CR ends one unless an LF follows (then the LF does).
    if (c == '\n') {
      if (!after_cr_) ++counts_.lines;
      line_open_ = false;
    } else if (c == '\r') {
      ++counts_.lines;
      line_open_ = false;
    } else {
      line_open_ = true;
    }
    after_cr_ = (c == '\r');
    const bool space = is_unicode_whitespace(c);
    if (!space && !in_word_) ++counts_.words;
    in_word_ = !space;
  }

  Utf8Decoder decoder_;
  TextCounts counts_;
  std::optional<std::uint64_t> first_invalid_;
  bool in_word_ = false;
  bool line_open_ = false;
  bool after_cr_ = false;
};

void add(TextCounts& into, const TextCounts& from) {
  into.bytes += from.bytes;
  into.lines += from.lines;
  into.words += from.words;
  into.code_points += from.code_points;
  into.invalid_utf8 += from.invalid_utf8;
}

nlohmann::ordered_json counts_json(const TextCounts& c) {
  return {{"bytes", c.bytes},
          {"lines", c.lines},
          {"words", c.words},
          {"code_points", c.code_points},
          {"invalid_utf8", c.invalid_utf8}};
}

}  // namespace

TextCounts count_text(std::string_view utf8) {
  Counter counter;
  counter.feed(reinterpret_cast<const unsigned char*>(utf8.data()), utf8.size());
  return counter.finish();
}

CorpusStats corpus_stats(const std::vector<std::string>& inputs, ProgressSink* progress,
                         const CancelToken* cancel) {
  const auto start = std::chrono::steady_clock::now();
  CorpusStats stats;
  const auto files = collect_inputs(inputs, &stats.problems);
  std::uint64_t total_bytes = 0;
  for (const auto& f : files) total_bytes += f.size;

  std::vector<unsigned char> buffer(kChunkBytes);
  std::uint64_t done_bytes = 0;
  auto report = [&] {
    if (progress) progress->report({"stats", done_bytes, total_bytes, "B"});
  };
  report();
  for (const auto& file : files) {
    throw_if_cancelled(cancel);
    FileStats fs;
    fs.path = file.path.string();
    std::ifstream in(file.path, std::ios::binary);
    if (!in) {
      fs.error = std::string("cannot open: ") + std::strerror(errno);
      ++stats.unreadable_files;
      stats.files.push_back(std::move(fs));
      continue;
    }
    Counter counter;
    bool first_chunk = true;
    while (in) {
      throw_if_cancelled(cancel);
      in.read(reinterpret_cast<char*>(buffer.data()), static_cast<std::streamsize>(buffer.size()));
      const auto got = static_cast<std::size_t>(in.gcount());
      if (got == 0) break;
      if (first_chunk) {
        first_chunk = false;
        const auto sniff = std::min(got, kBinarySniffBytes);
        if (std::memchr(buffer.data(), 0, sniff) != nullptr) {
          fs.binary = true;
          done_bytes += file.size;
          break;
        }
      }
      counter.feed(buffer.data(), got);
      done_bytes += got;
      report();
    }
    if (in.bad()) {
      fs.error = "read error after " + std::to_string(counter.finish().bytes) + " bytes";
      ++stats.unreadable_files;
    }
    if (fs.binary) {
      ++stats.binary_files;
    } else if (fs.error.empty()) {
      fs.counts = counter.finish();
      fs.first_invalid_offset = counter.first_invalid_offset();
      add(stats.totals, fs.counts);
    }
    stats.files.push_back(std::move(fs));
  }
  report();
  if (progress) progress->finish();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

nlohmann::ordered_json to_json(const CorpusStats& stats) {
  nlohmann::ordered_json j;
  j["files"] = stats.files.size();
  j["text_files"] = stats.files.size() - stats.binary_files - stats.unreadable_files;
  j["binary_files"] = stats.binary_files;
  j["unreadable_files"] = stats.unreadable_files;
  j["totals"] = counts_json(stats.totals);
  j["seconds"] = stats.seconds;
  auto per_file = nlohmann::ordered_json::array();
  for (const auto& f : stats.files) {
    nlohmann::ordered_json entry;
    entry["path"] = f.path;
    if (!f.error.empty()) {
      entry["error"] = f.error;
    } else if (f.binary) {
      entry["skipped"] = "contains NUL bytes: binary, or UTF-16/32 text (counted as UTF-8 only)";
    } else {
      entry.update(counts_json(f.counts));
      if (f.first_invalid_offset) entry["first_invalid_offset"] = *f.first_invalid_offset;
    }
    per_file.push_back(std::move(entry));
  }
  j["per_file"] = std::move(per_file);
  auto problems = nlohmann::ordered_json::array();
  for (const auto& p : stats.problems) problems.push_back({{"path", p.path}, {"reason", p.reason}});
  j["problems"] = std::move(problems);
  return j;
}

}  // namespace ahenk::text
