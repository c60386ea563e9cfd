// Loading "a pile of text files" as documents: files and folders, .txt/.md and .jsonl, optionally
// .gz/.zst compressed, in any common encoding, streamed one document at a time.
//
//   ahenk::text::LoadOptions options;                 // one document per .txt file, "text" in
//   .jsonl options.split = ahenk::text::SplitMode::Paragraph; auto report =
//   ahenk::text::load_documents({"corpus/"}, options,
//       [&](ahenk::text::Document&& doc) { pipeline.push(std::move(doc)); }, &progress, &cancel);
//   report.files[0].encoding;                         // "windows-1254" (confidence 0.54)
//
// What happens to each file:
//   - compression: gzip and zstd are recognized by their magic bytes (the extension is not
//   trusted);
//   - format: .jsonl/.ndjson (after removing .gz/.zst) is JSON Lines with a `text` field and an
//     optional `id`; anything else is plain text, one document per file, paragraph or line;
//   - binary files (NUL bytes that are not UTF-16, or a known magic number: PDF, PNG, ZIP...) are
//     skipped with the reason;
//   - encoding: a BOM (UTF-8/16/32) decides; else valid UTF-8 is UTF-8; else BOM-less UTF-16 is
//     recognized by its NUL pattern; else ICU's charset detector picks, with its confidence.
//     ISO-8859-9 is read as windows-1254 and ISO-8859-1 as windows-1252 (their supersets, as the
//     WHATWG encoding standard does): the detector cannot tell them apart and the supersets only
//     add characters (quotes, the euro sign) that real text uses;
//   - invalid bytes become U+FFFD, counted, with their byte offsets (in the decompressed file);
//   - a document longer than `max_document_bytes` is cut at a line break into parts (reported), so
//     memory stays bounded whatever the input (a 5 GB file without a newline included).
// Documents arrive in input order, files in path order within a folder; ids are deterministic.
// Thread-safe (no shared state); the callback runs on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ahenk/message.h"
#include "ahenk/progress.h"
#include "ahenk/text/inputs.h"

namespace ahenk::text {

enum class SplitMode {
  File,       // one document per text file
  Paragraph,  // one document per block of lines separated by blank lines
  Line,       // one document per non-blank line
};

struct LoadOptions {
  SplitMode split = SplitMode::File;
  std::string text_field = "text";  // JSONL field holding the text
  std::string id_field = "id";      // JSONL field holding the id (string or number), optional
  std::uint64_t max_document_bytes = 64ull << 20;
};

struct Document {
  std::string id;                    // jsonl id, else "<path>", "<path>:<line>" or "<path>#<part>"
  std::string text;                  // UTF-8
  std::string source;                // the file it came from
  std::uint64_t line = 0;            // 1-based line in the (decompressed) file where it starts
  std::string encoding;              // "utf-8", "utf-16le", "windows-1254", ...
  double encoding_confidence = 1.0;  // 1 for a BOM or valid UTF-8, else ICU's confidence / 100
  std::uint64_t replaced = 0;        // invalid sequences replaced by U+FFFD while decoding
};

struct FileProblem {
  std::uint64_t offset = 0;  // byte offset in the decompressed file
  std::uint64_t line = 0;    // 1-based line, 0 when not meaningful
  std::string message;       // English
  Message detail;            // the same as a template with its arguments, to translate
};

struct FileReport {
  std::string path;
  std::string format;       // "text" or "jsonl"
  std::string compression;  // "", "gzip", "zstd"
  std::string encoding;
  double encoding_confidence = 1.0;
  std::uint64_t bytes = 0;  // decompressed bytes read
  std::uint64_t documents = 0;
  std::uint64_t replaced = 0;                   // invalid sequences replaced by U+FFFD
  std::vector<std::uint64_t> replaced_offsets;  // the first 32 of them
  std::string skipped;                          // non-empty: why the file was not read
  Message skipped_detail;                       // the same, to translate
  std::vector<FileProblem> problems;  // bad JSON lines, split documents, read errors (first 100)
};

struct LoadReport {
  std::vector<FileReport> files;
  std::vector<InputProblem> input_problems;  // found while listing folders
  std::uint64_t documents = 0;
  std::uint64_t bytes = 0;
};

using DocumentCallback = std::function<void(Document&&)>;

LoadReport load_documents(const std::vector<std::string>& inputs, const LoadOptions& options,
                          const DocumentCallback& on_document, ProgressSink* progress = nullptr,
                          const CancelToken* cancel = nullptr);

// One document of one file, as load_documents reads it with `options` (its text before any
// cleaning), found by id; nullopt when the file has no such document. Reads the file up to it.
std::optional<Document> find_document(const std::string& file, const LoadOptions& options,
                                      const std::string& id);

// Parses "file", "paragraph", "line"; throws std::invalid_argument otherwise.
SplitMode parse_split_mode(const std::string& name);

}  // namespace ahenk::text
