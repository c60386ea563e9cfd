#include "ahenk/text/loader.h"

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>

#include "ahenk/message.h"
#include "byte_source.h"
#include "decode.h"

namespace ahenk::text {
namespace {

constexpr std::size_t kReadChunk = 1 << 20;
constexpr std::size_t kSniffBytes = 64 << 10;
constexpr std::size_t kMaxProblems = 100;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string strip_compression_suffix(std::string name) {
  for (const char* ext : {".gz", ".zst", ".zstd"}) {
    if (ends_with(name, ext)) return name.substr(0, name.size() - std::strlen(ext));
  }
  return name;
}

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
  });
}

// `text` is a template (translated where the report is shown) with its arguments.
void add_problem(FileReport& report, std::uint64_t offset, std::uint64_t line, const char* text,
                 std::vector<Arg> args = {}) {
  if (report.problems.size() >= kMaxProblems) return;
  Message m{text, std::move(args)};
  report.problems.push_back({offset, line, render_message(m, {}), std::move(m)});
}

// Turns the decoded UTF-8 text of one file into documents, as it streams in.
class Splitter {
 public:
  Splitter(SplitMode mode, bool jsonl, const LoadOptions& options, FileReport& report,
           const Document& prototype, const DocumentCallback& emit)
      : mode_(mode),
        jsonl_(jsonl),
        options_(options),
        report_(report),
        prototype_(prototype),
        emit_(emit) {}

  void feed(std::string_view text) {
    if (!jsonl_ && mode_ == SplitMode::File) {
      buffer_.append(text);
      while (buffer_.size() > options_.max_document_bytes) cut_oversized_file_part();
      return;
    }
    std::size_t start = 0;
    while (start < text.size()) {
      const auto newline = text.find('\n', start);
      if (newline == std::string_view::npos) {
        line_.append(text.substr(start));
        if (line_.size() > options_.max_document_bytes) overlong_line();
        return;
      }
      line_.append(text.substr(start, newline - start));
      end_line();
      start = newline + 1;
    }
  }

  void finish() {
    if (!jsonl_ && mode_ == SplitMode::File) {
      emit_text(std::move(buffer_), 1, part_ > 0 ? "#" + std::to_string(part_ + 1) : "");
      return;
    }
    if (!line_.empty() || skipping_) end_line();
    if (mode_ == SplitMode::Paragraph && !jsonl_) flush_paragraph();
  }

 private:
  void emit_text(std::string text, std::uint64_t line, const std::string& suffix) {
    // A document of only whitespace carries nothing to learn from.
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
      return;
    }
    Document doc = prototype_;
    doc.id = prototype_.source + suffix;
    doc.line = line;
    doc.text = std::move(text);
    ++report_.documents;
    emit_(std::move(doc));
  }

  void cut_oversized_file_part() {
    // Cut at the last line break before the limit (or at the limit when there is none), on a
    // UTF-8 boundary.
    std::size_t cut = buffer_.rfind('\n', options_.max_document_bytes);
    if (cut == std::string::npos || cut == 0) {
      cut = options_.max_document_bytes;
      while (cut > 0 && (static_cast<unsigned char>(buffer_[cut]) & 0xC0) == 0x80) --cut;
    } else {
      ++cut;
    }
    ++part_;
    add_problem(
        report_, bytes_emitted_, 0,
        QT_TRANSLATE_NOOP("Engine", "document longer than max_document_bytes (%1): cut into parts"),
        {std::to_string(options_.max_document_bytes)});
    std::string part = buffer_.substr(0, cut);
    buffer_.erase(0, cut);
    bytes_emitted_ += part.size();
    emit_text(std::move(part), 1, "#" + std::to_string(part_));
  }

  void overlong_line() {
    if (jsonl_) {
      if (!skipping_) {
        add_problem(
            report_, offset_, line_number_ + 1,
            QT_TRANSLATE_NOOP("Engine", "JSON line longer than max_document_bytes: skipped"));
      }
      skipping_ = true;
      line_.clear();
      return;
    }
    // Plain text: the line so far becomes a document part.
    add_problem(report_, offset_, line_number_ + 1,
                QT_TRANSLATE_NOOP("Engine", "line longer than max_document_bytes: cut into parts"));
    std::string part = std::move(line_);
    line_.clear();
    if (mode_ == SplitMode::Paragraph) {
      paragraph_ += part;
      flush_paragraph();
    } else {
      emit_text(std::move(part), line_number_ + 1,
                ":" + std::to_string(line_number_ + 1) + "#" + std::to_string(++line_parts_));
    }
  }

  void end_line() {
    ++line_number_;
    const std::uint64_t line_offset = offset_;
    offset_ += line_.size() + 1;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (skipping_) {
      skipping_ = false;
      line_.clear();
      return;
    }
    if (jsonl_) {
      parse_json_line(line_offset);
    } else if (mode_ == SplitMode::Line) {
      if (!is_blank(line_)) {
        emit_text(std::move(line_), line_number_,
                  ":" + std::to_string(line_number_) +
                      (line_parts_ > 0 ? "#" + std::to_string(line_parts_ + 1) : ""));
      }
    } else {  // paragraph
      if (is_blank(line_)) {
        flush_paragraph();
      } else {
        if (paragraph_.empty()) paragraph_line_ = line_number_;
        if (!paragraph_.empty()) paragraph_ += '\n';
        paragraph_ += line_;
      }
    }
    line_parts_ = 0;
    line_.clear();
  }

  void flush_paragraph() {
    if (paragraph_.empty()) return;
    emit_text(std::move(paragraph_), paragraph_line_, ":" + std::to_string(paragraph_line_));
    paragraph_.clear();
  }

  void parse_json_line(std::uint64_t offset) {
    if (is_blank(line_)) return;
    // simdjson reads up to SIMDJSON_PADDING bytes past the end: the line's buffer gives it room.
    line_.reserve(line_.size() + simdjson::SIMDJSON_PADDING);
    simdjson::dom::element value;
    if (const auto error = json_.parse(line_.data(), line_.size(), false).get(value)) {
      add_problem(report_, offset, line_number_,
                  QT_TRANSLATE_NOOP("Engine", "not valid JSON (%1); line skipped"),
                  {simdjson::error_message(error)});
      return;
    }
    simdjson::dom::object object;
    std::string_view text;
    if (value.get_object().get(object) || object[options_.text_field].get_string().get(text)) {
      add_problem(report_, offset, line_number_,
                  QT_TRANSLATE_NOOP("Engine", "no string field \"%1\"; line skipped"),
                  {options_.text_field});
      return;
    }
    Document doc = prototype_;
    doc.line = line_number_;
    doc.text.assign(text);
    simdjson::dom::element id;
    std::string_view id_text;
    std::int64_t id_signed = 0;
    std::uint64_t id_unsigned = 0;
    double id_real = 0;
    if (object[options_.id_field].get(id)) {
      doc.id = prototype_.source + ":" + std::to_string(line_number_);
    } else if (!id.get_string().get(id_text)) {
      doc.id.assign(id_text);
    } else if (!id.get_int64().get(id_signed)) {
      doc.id = std::to_string(id_signed);
    } else if (!id.get_uint64().get(id_unsigned)) {
      doc.id = std::to_string(id_unsigned);
    } else if (!id.get_double().get(id_real)) {
      doc.id = nlohmann::json(id_real).dump();  // as JSON writes the number
    } else {
      doc.id = prototype_.source + ":" + std::to_string(line_number_);
    }
    ++report_.documents;
    emit_(std::move(doc));
  }

  SplitMode mode_;
  bool jsonl_;
  const LoadOptions& options_;
  FileReport& report_;
  const Document& prototype_;
  const DocumentCallback& emit_;
  std::string buffer_;     // file mode
  std::string line_;       // line-based modes: the current line
  std::string paragraph_;  // paragraph mode
  std::uint64_t paragraph_line_ = 0;
  std::uint64_t line_number_ = 0;
  std::uint64_t offset_ = 0;  // decoded offset of the current line
  std::uint64_t bytes_emitted_ = 0;
  std::uint64_t part_ = 0;
  std::uint64_t line_parts_ = 0;
  bool skipping_ = false;
  simdjson::dom::parser json_;  // reused: its buffers grow to the longest line once
};

void load_file(const InputFile& input, const LoadOptions& options, const DocumentCallback& emit,
               FileReport& report, const std::function<void(std::uint64_t)>& on_bytes,
               const CancelToken* cancel) {
  report.path = input.path.string();
  auto source = detail::open_byte_source(input.path);
  report.compression = source->compression();
  const std::string name = strip_compression_suffix(input.path.filename().string());
  const bool jsonl = ends_with(name, ".jsonl") || ends_with(name, ".ndjson");
  report.format = jsonl ? "jsonl" : "text";

  // Sniff the start to decide the encoding.
  std::string sample;
  sample.resize(kSniffBytes);
  std::size_t got = 0;
  while (got < sample.size()) {
    const std::size_t n = source->read(sample.data() + got, sample.size() - got);
    if (n == 0) break;
    got += n;
  }
  sample.resize(got);
  const bool complete = got < kSniffBytes;
  const auto guess = detail::detect_encoding(sample, complete);
  if (!guess.binary.empty()) {
    report.skipped = "binary: " + guess.binary;
    on_bytes(source->consumed());
    return;
  }
  report.encoding = guess.encoding;
  report.encoding_confidence = guess.confidence;

  Document prototype;
  prototype.source = report.path;
  prototype.encoding = guess.encoding;
  prototype.encoding_confidence = guess.confidence;
  Splitter splitter(options.split, jsonl, options, report, prototype, emit);
  detail::Decoder decoder(guess.encoding);
  std::string decoded;
  std::uint64_t offset = 0;
  std::uint64_t reported = 0;
  auto push = [&](std::string_view bytes) {
    decoded.clear();
    decoder.feed(bytes, offset, decoded);
    offset += bytes.size();
    splitter.feed(decoded);
  };
  push(std::string_view(sample).substr(guess.bom_bytes));
  offset += guess.bom_bytes;
  std::string chunk(kReadChunk, '\0');
  for (;;) {
    throw_if_cancelled(cancel);
    on_bytes(source->consumed() - reported);
    reported = source->consumed();
    const std::size_t n = source->read(chunk.data(), chunk.size());
    if (n == 0) break;
    push(std::string_view(chunk.data(), n));
  }
  decoded.clear();
  decoder.finish(decoded);
  splitter.feed(decoded);
  splitter.finish();
  report.bytes = offset;
  report.replaced = decoder.replaced();
  report.replaced_offsets = decoder.replaced_offsets();
  on_bytes(source->consumed() - reported);
}

}  // namespace

SplitMode parse_split_mode(const std::string& name) {
  if (name == "file") return SplitMode::File;
  if (name == "paragraph") return SplitMode::Paragraph;
  if (name == "line") return SplitMode::Line;
  throw InvalidArgument(
      QT_TRANSLATE_NOOP("Engine", "unknown split mode '%1' (use file, paragraph or line)"), {name});
}

LoadReport load_documents(const std::vector<std::string>& inputs, const LoadOptions& options,
                          const DocumentCallback& on_document, ProgressSink* progress,
                          const CancelToken* cancel) {
  LoadReport report;
  const auto files = collect_inputs(inputs, &report.input_problems);
  std::uint64_t total = 0;
  for (const auto& f : files) total += f.size;
  std::uint64_t done = 0;
  auto on_bytes = [&](std::uint64_t n) {
    done += n;
    if (progress) progress->report({"load", done, total, "B"});
  };
  // Documents are counted per file; the callback sees them with the file's replacement count so
  // far folded into the report afterwards.
  for (const auto& file : files) {
    throw_if_cancelled(cancel);
    FileReport file_report;
    try {
      load_file(file, options, on_document, file_report, on_bytes, cancel);
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      file_report.path = file.path.string();
      add_problem(file_report, file_report.bytes, 0, "%1", {cause(e)});
      if (file_report.documents == 0) {
        file_report.skipped = e.what();
        file_report.skipped_detail = Message{"%1", {cause(e)}};
      }
    }
    report.documents += file_report.documents;
    report.bytes += file_report.bytes;
    report.files.push_back(std::move(file_report));
  }
  if (progress) progress->finish();
  return report;
}

std::optional<Document> find_document(const std::string& file, const LoadOptions& options,
                                      const std::string& id) {
  std::optional<Document> found;
  CancelToken stop;  // stops the reading once the document is found
  try {
    load_documents(
        {file}, options,
        [&](Document&& d) {
          if (d.id != id) return;
          found = std::move(d);
          stop.cancel();
        },
        nullptr, &stop);
  } catch (const Cancelled&) {
  }
  return found;
}

}  // namespace ahenk::text
