// Encoding detection and streaming decoding to UTF-8 (internal to the loader).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct UConverter;

namespace ahenk::text::detail {

struct EncodingGuess {
  std::string encoding;     // "utf-8", "utf-16le", ..., or an ICU converter name
  double confidence = 1.0;  // 0..1
  std::size_t bom_bytes = 0;
  std::string binary;  // non-empty: not text, and why ("a PDF document")
};

// Looks at the first bytes of a (decompressed) file. `complete` says the sample is the whole file.
EncodingGuess detect_encoding(std::string_view sample, bool complete);

// Decodes a byte stream of one encoding to UTF-8, replacing invalid sequences with U+FFFD and
// recording their byte offsets (the first `kMaxOffsets`).
class Decoder {
 public:
  static constexpr std::size_t kMaxOffsets = 32;

  explicit Decoder(const std::string& encoding);
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Appends the UTF-8 of `bytes` to `out`; `offset` is the stream offset of bytes[0].
  void feed(std::string_view bytes, std::uint64_t offset, std::string& out);
  void finish(std::string& out);

  std::uint64_t replaced() const { return replaced_; }
  const std::vector<std::uint64_t>& replaced_offsets() const { return offsets_; }
  void note_replacement(std::uint64_t offset);

 private:
  void feed_icu(std::string_view bytes, std::uint64_t offset, bool flush, std::string& out);

  bool utf8_;
  struct Utf8State;
  std::unique_ptr<Utf8State> utf8_state_;
  UConverter* converter_ = nullptr;
  std::u16string pending_;  // a lead surrogate waiting for its trail
  std::uint64_t replaced_ = 0;
  std::vector<std::uint64_t> offsets_;
  // For the ICU callback: where the current chunk starts.
  const char* chunk_start_ = nullptr;
  std::uint64_t chunk_offset_ = 0;
  friend struct CallbackAccess;
};

}  // namespace ahenk::text::detail
