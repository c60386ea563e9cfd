// Streaming UTF-8 decoding that never fails: invalid bytes become U+FFFD and are reported with
// their byte offset, so the corpus stage can count and locate them.
//
//   ahenk::text::Utf8Decoder decoder;
//   decoder.feed(chunk.data(), chunk.size(), [&](const ahenk::text::Utf8Decoder::Event& e) {
//     if (!e.valid) bad_offsets.push_back(e.offset);   // e.code_point == U+FFFD
//   });
//   decoder.finish(same_callback);                      // a sequence cut off at the end of the
//   input
//
// Invalid input is replaced following the Unicode Standard's "maximal subpart" practice (chapter 3,
// U+FFFD substitution), the one ICU, Python and the WHATWG encoding standard use: each maximal
// prefix of a valid sequence, or a single byte that cannot start one, becomes exactly one U+FFFD.
// Overlongs, surrogates (ED A0..BF) and code points above U+10FFFF are invalid. Sequences may
// straddle chunks. Not thread-safe; one decoder per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ahenk::text {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

class Utf8Decoder {
 public:
  struct Event {
    char32_t code_point;   // the decoded code point, or U+FFFD when !valid
    std::uint64_t offset;  // byte offset of the sequence's first byte in the whole stream
    std::uint32_t length;  // bytes consumed by this sequence (1..4)
    bool valid;
  };

  template <class Sink>
  void feed(const unsigned char* data, std::size_t size, Sink&& sink) {
    for (std::size_t i = 0; i < size; ++i, ++position_) {
      const unsigned char byte = data[i];
      if (need_ != 0) {
        if (byte >= lower_ && byte <= upper_) {
          code_point_ = (code_point_ << 6) | (byte & 0x3Fu);
          ++length_;
          lower_ = 0x80;
          upper_ = 0xBF;
          if (--need_ == 0) sink(Event{code_point_, start_, length_, true});
          continue;
        }
        // The sequence so far is a maximal subpart: one U+FFFD, then this byte starts afresh.
        sink(Event{kReplacementCharacter, start_, length_, false});
        need_ = 0;
      }
      start_ = position_;
      length_ = 1;
      if (byte < 0x80) {
        sink(Event{byte, position_, 1, true});
      } else if (byte >= 0xC2 && byte <= 0xDF) {
        begin(1, byte & 0x1Fu, 0x80, 0xBF);
      } else if (byte >= 0xE0 && byte <= 0xEF) {
        begin(2, byte & 0x0Fu, byte == 0xE0 ? 0xA0 : 0x80, byte == 0xED ? 0x9F : 0xBF);
      } else if (byte >= 0xF0 && byte <= 0xF4) {
        begin(3, byte & 0x07u, byte == 0xF0 ? 0x90 : 0x80, byte == 0xF4 ? 0x8F : 0xBF);
      } else {
        sink(Event{kReplacementCharacter, position_, 1, false});
      }
    }
  }

  // Ends the stream: a sequence still open is truncated and becomes one U+FFFD.
  template <class Sink>
  void finish(Sink&& sink) {
    if (need_ != 0) sink(Event{kReplacementCharacter, start_, length_, false});
    need_ = 0;
  }

  // Bytes fed so far.
  std::uint64_t position() const { return position_; }

 private:
  void begin(int need, char32_t bits, unsigned char lower, unsigned char upper) {
    need_ = need;
    code_point_ = bits;
    lower_ = lower;
    upper_ = upper;
  }

  std::uint64_t position_ = 0;
  std::uint64_t start_ = 0;
  char32_t code_point_ = 0;
  std::uint32_t length_ = 0;
  int need_ = 0;
  unsigned char lower_ = 0x80;
  unsigned char upper_ = 0xBF;
};

// True for the code points with the Unicode White_Space property (PropList.txt, Unicode 15).
bool is_unicode_whitespace(char32_t code_point);

// Appends the UTF-8 encoding of a code point (which must be a scalar value) to `out`.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace ahenk::text
