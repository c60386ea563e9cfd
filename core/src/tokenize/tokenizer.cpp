#include "ahenk/tokenize/tokenizer.h"

#include "ahenk/text/utf8.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace ahenk::tokenize {

std::vector<std::vector<std::uint32_t>> Tokenizer::encode_batch(
    const std::vector<std::string>& documents, unsigned threads, ProgressSink* progress,
    const CancelToken* cancel) const {
  std::vector<std::vector<std::uint32_t>> out(documents.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = unsigned(std::min<std::size_t>(threads, std::max<std::size_t>(1, documents.size())));
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  // Each thread takes the next document; the calling thread works too and reports progress.
  auto work = [&](bool report) {
    for (std::size_t i; !stop && (i = next.fetch_add(1)) < documents.size();) {
      try {
        if (cancel && cancel->cancelled()) throw Cancelled();
        out[i] = encode(documents[i]);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
      ++done;
      if (report && progress) progress->report({"encode", done.load(), documents.size(), "docs"});
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, false);
  work(true);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  if (progress) {
    progress->report({"encode", documents.size(), documents.size(), "docs"});
    progress->finish();
  }
  return out;
}

}  // namespace ahenk::tokenize

namespace ahenk::tokenize {

std::string display_token(std::string_view bytes) {
  std::string out;
  auto show = [&](const text::Utf8Decoder::Event& e) {
    if (!e.valid) {
      char hex[8];
      for (std::uint32_t i = 0; i < e.length; ++i) {
        std::snprintf(hex, sizeof(hex), "<0x%02X>",
                      static_cast<unsigned char>(bytes[std::size_t(e.offset) + i]));
        out += hex;
      }
    } else if (e.code_point == U' ') {
      out += "␣";
    } else if (e.code_point == U'\n') {
      out += "↵";
    } else if (e.code_point == U'\t') {
      out += "⇥";
    } else if (e.code_point < 0x20 || e.code_point == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "<0x%02X>", unsigned(e.code_point));
      out += hex;
    } else {
      out.append(bytes.substr(std::size_t(e.offset), e.length));
    }
  };
  text::Utf8Decoder decoder;
  decoder.feed(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), show);
  decoder.finish(show);
  return out;
}

std::string token_script(std::string_view bytes) {
  std::vector<char32_t> cps;
  bool partial = false;
  text::Utf8Decoder decoder;
  auto sink = [&](const text::Utf8Decoder::Event& e) {
    if (!e.valid) partial = true;
    cps.push_back(e.code_point);
  };
  decoder.feed(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), sink);
  decoder.finish(sink);
  if (partial) return "partial";
  // Markers of word starts and continuations carry no script of their own.
  std::size_t at = 0;
  if (bytes.rfind("##", 0) == 0) at = 2;
  while (at < cps.size() && (cps[at] == U'\u2581' || cps[at] == U'\u0120')) ++at;
  if (at == cps.size()) at = 0;
  if (cps.empty()) return "empty";
  for (std::size_t i = at; i < cps.size(); ++i) {
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(UChar32(cps[i]), &status);
    if (U_SUCCESS(status) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED &&
        script != USCRIPT_UNKNOWN)
      return uscript_getName(script);
  }
  const UChar32 first = UChar32(cps[at]);
  if (u_isdigit(first)) return "digits";
  if (u_isUWhiteSpace(first) || first == 0x2581 || first == 0x0120) return "whitespace";
  if (u_ispunct(first)) return "punctuation";
  return "symbols";
}

}  // namespace ahenk::tokenize
