#include "decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <cstring>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::text::detail {
namespace {

enum class Seq { Valid, Invalid, Incomplete };

// Classifies the UTF-8 sequence at p (avail > 0 bytes): its length when valid, the length of its
// maximal subpart when invalid (Unicode chapter 3), or Incomplete when the bytes run out while the
// prefix is still valid.
Seq classify(const unsigned char* p, std::size_t avail, std::size_t* length) {
  const unsigned char b = p[0];
  int need;
  unsigned char lower = 0x80, upper = 0xBF;
  if (b < 0x80) {
    *length = 1;
    return Seq::Valid;
  } else if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) lower = 0xA0;
    if (b == 0xED) upper = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) lower = 0x90;
    if (b == 0xF4) upper = 0x8F;
  } else {
    *length = 1;
    return Seq::Invalid;
  }
  for (int i = 1; i <= need; ++i) {
    if (std::size_t(i) >= avail) {
      *length = std::size_t(i);
      return Seq::Incomplete;
    }
    const unsigned char c = p[i];
    if (c < lower || c > upper) {
      *length = std::size_t(i);
      return Seq::Invalid;
    }
    lower = 0x80;
    upper = 0xBF;
  }
  *length = std::size_t(need) + 1;
  return Seq::Valid;
}

const char* kReplacementUtf8 = "\xEF\xBF\xBD";

std::string binary_magic(std::string_view s) {
  auto starts = [&](std::string_view m) { return s.substr(0, m.size()) == m; };
  if (starts("%PDF")) return "a PDF document";
  if (starts("\x89PNG")) return "a PNG image";
  if (starts("\xFF\xD8\xFF")) return "a JPEG image";
  if (starts("GIF87a") || starts("GIF89a")) return "a GIF image";
  if (starts(std::string_view("PK\x03\x04", 4))) return "a ZIP archive (or docx/xlsx/epub)";
  if (starts("\x7F"
             "ELF"))
    return "an executable (ELF)";
  if (starts(std::string_view("SQLite format 3\0", 16))) return "an SQLite database";
  if (starts("RIFF")) return "a RIFF media file (WAV/AVI/WebP)";
  if (starts("OggS")) return "an Ogg media file";
  if (starts("\x1F\x8B")) return "gzip data inside a compressed file";
  if (starts(std::string_view("\x28\xB5\x2F\xFD", 4))) return "zstd data inside a compressed file";
  return {};
}

struct CallbackContext {
  Decoder* decoder;
  const char** chunk_start;
  std::uint64_t* chunk_offset;
};

void to_unicode_callback(const void* context, UConverterToUnicodeArgs* args, const char* units,
                         int32_t length, UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset/close/clone: nothing to substitute
  auto* ctx = static_cast<const CallbackContext*>(context);
  const std::int64_t in_chunk = (args->source - *ctx->chunk_start) - length;
  ctx->decoder->note_replacement(*ctx->chunk_offset +
                                 std::uint64_t(std::max<std::int64_t>(0, in_chunk)));
  (void)units;
  const UChar replacement = 0xFFFD;
  *error = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &replacement, 1, 0, error);
}

}  // namespace

struct Decoder::Utf8State {
  std::string carry;  // an incomplete sequence at the end of the last chunk (<= 3 bytes)
  std::uint64_t carry_offset = 0;
};

EncodingGuess detect_encoding(std::string_view s, bool complete) {
  EncodingGuess g;
  auto starts = [&](std::string_view m) { return s.substr(0, m.size()) == m; };
  if (starts("\xEF\xBB\xBF")) return {"utf-8", 1.0, 3, {}};
  if (starts(std::string_view("\xFF\xFE\0\0", 4))) return {"utf-32le", 1.0, 4, {}};
  if (starts(std::string_view("\0\0\xFE\xFF", 4))) return {"utf-32be", 1.0, 4, {}};
  if (starts("\xFF\xFE")) return {"utf-16le", 1.0, 2, {}};
  if (starts("\xFE\xFF")) return {"utf-16be", 1.0, 2, {}};
  if (auto magic = binary_magic(s); !magic.empty()) {
    g.binary = magic;
    return g;
  }
  std::size_t even_nul = 0, odd_nul = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\0') ++((i & 1) ? odd_nul : even_nul);
  }
  if (even_nul + odd_nul > 0) {
    const double pairs = double(s.size() / 2 + 1);
    // UTF-16 text in a Latin or Turkish script has a NUL in nearly every other byte, on one side.
    if (double(odd_nul) > 0.4 * pairs && double(even_nul) < 0.02 * pairs)
      return {"utf-16le", 0.9, 0, {}};
    if (double(even_nul) > 0.4 * pairs && double(odd_nul) < 0.02 * pairs)
      return {"utf-16be", 0.9, 0, {}};
    g.binary = "contains NUL bytes (binary data)";
    return g;
  }
  // Valid UTF-8 (a sequence cut by the end of the sample does not count against it).
  std::size_t valid_multi = 0, invalid = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    const Seq seq = classify(p + i, s.size() - i, &len);
    if (seq == Seq::Incomplete) {
      if (complete) ++invalid;
      break;
    }
    if (seq == Seq::Valid && len > 1) ++valid_multi;
    if (seq == Seq::Invalid) ++invalid;
    i += len;
  }
  if (invalid == 0) return {"utf-8", 1.0, 0, {}};
  // Mostly UTF-8 with a few stray bytes: decoding it as a legacy encoding would garble every
  // multi-byte character, so keep UTF-8 and replace the strays.
  if (valid_multi >= 4 * invalid) {
    return {"utf-8", double(valid_multi) / double(valid_multi + invalid), 0, {}};
  }
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_SUCCESS(status)) {
    ucsdet_setText(detector, s.data(), int32_t(std::min<std::size_t>(s.size(), INT32_MAX)),
                   &status);
    const UCharsetMatch* match = ucsdet_detect(detector, &status);
    if (U_SUCCESS(status) && match) {
      std::string name = ucsdet_getName(match, &status);
      const int confidence = ucsdet_getConfidence(match, &status);
      if (name == "ISO-8859-9") name = "windows-1254";
      if (name == "ISO-8859-1") name = "windows-1252";
      if (name == "UTF-8") name = "utf-8";
      g = {name, confidence / 100.0, 0, {}};
    }
    ucsdet_close(detector);
  }
  if (g.encoding.empty()) g = {"windows-1252", 0.0, 0, {}};
  return g;
}

Decoder::Decoder(const std::string& encoding)
    : utf8_(encoding == "utf-8"), utf8_state_(std::make_unique<Utf8State>()) {
  if (utf8_) return;
  static const std::pair<const char*, const char*> kIcuNames[] = {{"utf-16le", "UTF-16LE"},
                                                                  {"utf-16be", "UTF-16BE"},
                                                                  {"utf-32le", "UTF-32LE"},
                                                                  {"utf-32be", "UTF-32BE"}};
  std::string icu_name = encoding;
  for (const auto& [ours, theirs] : kIcuNames) {
    if (encoding == ours) icu_name = theirs;
  }
  UErrorCode status = U_ZERO_ERROR;
  converter_ = ucnv_open(icu_name.c_str(), &status);
  if (U_FAILURE(status))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "unknown encoding '%1'"), {encoding});
}

Decoder::~Decoder() {
  if (converter_) ucnv_close(converter_);
}

void Decoder::note_replacement(std::uint64_t offset) {
  ++replaced_;
  if (offsets_.size() < kMaxOffsets) offsets_.push_back(offset);
}

void Decoder::feed(std::string_view bytes, std::uint64_t offset, std::string& out) {
  if (!utf8_) {
    feed_icu(bytes, offset, false, out);
    return;
  }
  std::string& carry = utf8_state_->carry;
  std::string joined;
  std::uint64_t base = offset;
  if (!carry.empty()) {
    joined.reserve(carry.size() + bytes.size());
    joined = carry;
    joined.append(bytes);
    base -= carry.size();
    carry.clear();
    bytes = joined;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  out.reserve(out.size() + n);
  std::size_t i = 0;
  while (i < n) {
    // Copy runs of valid sequences in one go.
    std::size_t run = i;
    while (run < n) {
      if (p[run] < 0x80) {
        // ASCII eight bytes at a time.
        std::uint64_t word;
        while (run + 8 <= n &&
               (std::memcpy(&word, p + run, 8), (word & 0x8080808080808080ull) == 0))
          run += 8;
        while (run < n && p[run] < 0x80) ++run;
        continue;
      }
      std::size_t len = 1;
      if (classify(p + run, n - run, &len) != Seq::Valid) break;
      run += len;
    }
    out.append(bytes.data() + i, run - i);
    i = run;
    if (i >= n) break;
    std::size_t len = 1;
    const Seq seq = classify(p + i, n - i, &len);
    if (seq == Seq::Incomplete) {
      carry.assign(bytes.data() + i, n - i);
      utf8_state_->carry_offset = base + i;
      break;
    }
    note_replacement(base + i);
    out.append(kReplacementUtf8);
    i += len;
  }
}

void Decoder::finish(std::string& out) {
  if (utf8_) {
    if (!utf8_state_->carry.empty()) {
      note_replacement(utf8_state_->carry_offset);  // a sequence cut off by the end of the file
      out.append(kReplacementUtf8);
      utf8_state_->carry.clear();
    }
    return;
  }
  feed_icu({}, chunk_offset_, true, out);
}

void Decoder::feed_icu(std::string_view bytes, std::uint64_t offset, bool flush, std::string& out) {
  chunk_start_ = bytes.data();
  chunk_offset_ = offset;
  CallbackContext context{this, &chunk_start_, &chunk_offset_};
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter_, to_unicode_callback, &context, nullptr, nullptr, &status);
  const char* source = bytes.data();
  const char* source_end = source + bytes.size();
  UChar buffer[8192];
  do {
    UChar* target = buffer;
    status = U_ZERO_ERROR;
    ucnv_toUnicode(converter_, &target, buffer + 8192, &source, source_end, nullptr, flush,
                   &status);
    if (U_FAILURE(status) && status != U_BUFFER_OVERFLOW_ERROR) {
      throw std::runtime_error(std::string("decoding failed: ") + u_errorName(status));
    }
    pending_.append(buffer, std::size_t(target - buffer));
    // Keep a trailing lead surrogate until its trail arrives.
    std::size_t usable = pending_.size();
    if (!flush && usable > 0 && U16_IS_LEAD(pending_[usable - 1])) --usable;
    if (usable > 0) {
      int32_t needed = 0;
      UErrorCode conv = U_ZERO_ERROR;
      u_strToUTF8WithSub(nullptr, 0, &needed, reinterpret_cast<const UChar*>(pending_.data()),
                         int32_t(usable), 0xFFFD, nullptr, &conv);
      const std::size_t at = out.size();
      out.resize(at + std::size_t(needed));
      conv = U_ZERO_ERROR;
      u_strToUTF8WithSub(out.data() + at, needed, nullptr,
                         reinterpret_cast<const UChar*>(pending_.data()), int32_t(usable), 0xFFFD,
                         nullptr, &conv);
      pending_.erase(0, usable);
    }
  } while (status == U_BUFFER_OVERFLOW_ERROR);
  ucnv_setToUCallBack(converter_, UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr,
                      &status);
}

}  // namespace ahenk::text::detail
