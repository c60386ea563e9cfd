// The streaming UTF-8 decoder and the text counts built on it, as a user of `ahenk corpus stats`
// relies on them: invalid bytes counted once per maximal subpart, at the right offsets, however the
// input is split into chunks.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "ahenk/text/corpus_stats.h"
#include "ahenk/text/utf8.h"

namespace ahenk::text {
namespace {

struct Decoded {
  std::u32string code_points;
  std::vector<std::uint64_t> invalid_offsets;
};

Decoded decode(std::string_view bytes, size_t chunk = 0) {
  Decoded out;
  Utf8Decoder decoder;
  auto sink = [&](const Utf8Decoder::Event& e) {
    out.code_points.push_back(e.code_point);
    if (!e.valid) out.invalid_offsets.push_back(e.offset);
  };
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (chunk == 0) chunk = bytes.size() + 1;
  for (size_t i = 0; i < bytes.size(); i += chunk) {
    decoder.feed(data + i, std::min(chunk, bytes.size() - i), sink);
  }
  decoder.finish(sink);
  return out;
}

TEST(Utf8Decoder, DecodesValidTextOfEveryLength) {
  // a (1 byte), ğ (2), € (3), 😀 (4)
  const auto d = decode("a\xC4\x9F\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(d.code_points, U"a\u011F\u20AC\U0001F600");
  EXPECT_TRUE(d.invalid_offsets.empty());
}

TEST(Utf8Decoder, ReplacesMaximalSubpartsAsTheUnicodeStandardDoes) {
  // Unicode 15, table 3-8: "61 F1 80 80 E1 80 C2 62 80 63 80 BF 64" -> a FFFD FFFD FFFD b FFFD c
  // FFFD FFFD d
  const auto d = decode("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64");
  EXPECT_EQ(d.code_points, U"a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd");
  EXPECT_EQ(d.invalid_offsets, (std::vector<std::uint64_t>{1, 4, 6, 8, 10, 11}));
}

TEST(Utf8Decoder, RejectsOverlongsSurrogatesAndOutOfRange) {
  EXPECT_EQ(decode("\xC0\xAF").code_points, U"\uFFFD\uFFFD");            // overlong '/'
  EXPECT_EQ(decode("\xE0\x80\xAF").code_points, U"\uFFFD\uFFFD\uFFFD");  // overlong, 3 bytes
  EXPECT_EQ(decode("\xED\xA0\x80").code_points, U"\uFFFD\uFFFD\uFFFD");  // surrogate D800
  EXPECT_EQ(decode("\xF4\x90\x80\x80").code_points, U"\uFFFD\uFFFD\uFFFD\uFFFD");  // > 10FFFF
  EXPECT_EQ(decode("\xFF").code_points, U"\uFFFD");
}

TEST(Utf8Decoder, TruncatedSequenceAtTheEndIsOneReplacement) {
  const auto d = decode("ok\xE2\x82");
  EXPECT_EQ(d.code_points, U"ok\uFFFD");
  EXPECT_EQ(d.invalid_offsets, std::vector<std::uint64_t>{2});
}

TEST(Utf8Decoder, ChunkBoundariesDoNotChangeTheResult) {
  std::mt19937 rng(7);
  std::string bytes;
  const char* pieces[] = {
      "a", "\xC4\x9F", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\x80", "\xE2\x82", "\xF0", " ", "\n"};
  for (int i = 0; i < 4000; ++i) bytes += pieces[rng() % 9];
  const auto whole = decode(bytes);
  for (size_t chunk : {1u, 2u, 3u, 5u, 7u, 64u, 4093u}) {
    const auto split = decode(bytes, chunk);
    EXPECT_EQ(split.code_points, whole.code_points) << "chunk " << chunk;
    EXPECT_EQ(split.invalid_offsets, whole.invalid_offsets) << "chunk " << chunk;
  }
}

TEST(Utf8, AppendRoundTripsEveryScalarValueClass) {
  for (char32_t c :
       {U'\0', U'a', U'\u00E7', U'\u0130', U'\u20AC', U'\uFFFD', U'\U0001F600', U'\U0010FFFF'}) {
    std::string s;
    append_utf8(s, c);
    EXPECT_EQ(decode(s).code_points, std::u32string(1, c));
  }
}

TEST(CountText, CountsLinesLikeWcAndLoneCarriageReturnsToo) {
  EXPECT_EQ(count_text("").lines, 0u);
  EXPECT_EQ(count_text("one").lines, 1u);  // a last line without a break counts
  EXPECT_EQ(count_text("one\ntwo\n").lines, 2u);
  EXPECT_EQ(count_text("one\r\ntwo\r\n").lines, 2u);   // CRLF is one break
  EXPECT_EQ(count_text("one\rtwo\rthree").lines, 3u);  // old Mac endings
  EXPECT_EQ(count_text("a\r\nb\nc\rd").lines, 4u);     // mixed
  EXPECT_EQ(count_text("\n\n\n").lines, 3u);
}

TEST(CountText, WordsAreSplitByUnicodeWhiteSpace) {
  EXPECT_EQ(count_text("Merhaba dünya").words, 2u);
  EXPECT_EQ(count_text("  leading and trailing  ").words, 3u);
  EXPECT_EQ(count_text("no\u00A0break\u3000ideographic\u2003em").words, 4u);
  EXPECT_EQ(count_text("zero\u200Bwidth").words, 1u);  // U+200B is not White_Space
  const auto c = count_text("İstanbul'da ığdır");
  EXPECT_EQ(c.words, 2u);
  EXPECT_EQ(c.code_points, 17u);
  EXPECT_EQ(c.bytes, std::string("İstanbul'da ığdır").size());
}

TEST(CountText, InvalidBytesAreCountedNotFatal) {
  const auto c = count_text("caf\xE9 au lait\xFF\xFE");
  EXPECT_EQ(c.invalid_utf8, 3u);
  EXPECT_EQ(c.words, 3u);
}

}  // namespace
}  // namespace ahenk::text
