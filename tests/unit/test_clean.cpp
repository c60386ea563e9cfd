// Cleaning, as the Corpus page shows it: what changes, where, and why; and what must never change.
#include <gtest/gtest.h>

#include <random>

#include "ahenk/text/clean.h"

namespace ahenk::text {
namespace {

std::size_t count(const CleanResult& r, Change kind) {
  return r.counts[std::size_t(kind)];
}

// Every edit's original bytes, replaced by its cleaned bytes, rebuild the cleaned text from the
// original: the provenance is complete and consistent. Edits of different passes may overlap (an
// NFKC segment around a repaired character); overlapping edits are merged first.
void expect_edits_rebuild(std::string_view original, const CleanResult& r) {
  std::vector<Edit> merged;
  for (const auto& e : r.edits) {
    if (!merged.empty() && e.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, e.end);
      merged.back().out_begin = std::min(merged.back().out_begin, e.out_begin);
      merged.back().out_end = std::max(merged.back().out_end, e.out_end);
    } else {
      merged.push_back(e);
    }
  }
  std::string rebuilt;
  std::uint64_t at = 0, out_at = 0;
  for (const auto& e : merged) {
    ASSERT_GE(e.out_begin, out_at);
    ASSERT_LE(e.out_end, r.text.size());
    rebuilt.append(original.substr(at, e.begin - at));
    rebuilt.append(r.text.substr(e.out_begin, e.out_end - e.out_begin));
    at = e.end;
    out_at = e.out_end;
  }
  rebuilt.append(original.substr(at));
  EXPECT_EQ(rebuilt, r.text);
}

TEST(Clean, NfkcFoldsCompatibilityCharacters) {
  const std::string in = "ＡＢＣ１２３ ﬁle x² ① ㎏ e\u0301";
  const auto r = clean_text(in);
  EXPECT_EQ(r.text, "ABC123 file x2 1 kg é");
  EXPECT_GT(count(r, Change::Normalization), 0u);
  EXPECT_EQ(r.code_points.at(U'\uFB01'), 1u);  // the ﬁ ligature was changed once
  expect_edits_rebuild(in, r);
}

TEST(Clean, NfcKeepsCompatibilityCharactersButComposes) {
  CleanOptions nfc;
  nfc.normalization = Normalization::NFC;
  EXPECT_EQ(clean_text("ﬁle e\u0301", nfc).text, "ﬁle é");
}

TEST(Clean, RemovesZeroWidthAndBidiMarksAndSaysWhere) {
  const std::string in = "Mer\u200Bhaba\u200F dünya\u202E!";
  const auto r = clean_text(in);
  EXPECT_EQ(r.text, "Merhaba dünya!");
  EXPECT_EQ(count(r, Change::Invisible), 1u);
  EXPECT_EQ(count(r, Change::Bidi), 2u);
  ASSERT_EQ(r.edits.size(), 3u);
  EXPECT_EQ(r.edits[0].kind, Change::Invisible);
  EXPECT_EQ(r.edits[0].begin, 3u);  // byte offset of U+200B in the original
  EXPECT_EQ(r.edits[0].end, 6u);
  EXPECT_EQ(r.edits[0].out_begin, 3u);
  EXPECT_EQ(r.edits[0].out_end, 3u);  // removed: nothing in the output
  expect_edits_rebuild(in, r);
}

TEST(Clean, KeepsJoinersWhereTheyJoin) {
  // Persian "mi-khaham" needs its ZWNJ; an emoji family needs its ZWJs; a stray ZWJ goes.
  const std::string persian = "می\u200Cخواهم";
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
  EXPECT_EQ(clean_text(persian).text, persian);
  EXPECT_EQ(clean_text(family).text, family);
  EXPECT_EQ(clean_text("a \u200D b").text, "a  b");
}

TEST(Clean, LineEndingsBecomeLineFeeds) {
  CleanOptions o;
  o.normalize_whitespace = false;
  const std::string in = "a\r\nb\rc\u2028d\nе";
  const auto r = clean_text(in, o);
  EXPECT_EQ(r.text, "a\nb\nc\nd\nе");
  EXPECT_EQ(count(r, Change::LineEnding), 4u);  // CR LF counts two code points, CR, LS
  expect_edits_rebuild(in, r);
}

TEST(Clean, WhitespaceTrailingSpacesAndBlankLinesButNotIndentation) {
  const std::string in = "\n\n  title  \n\n\n\n    indented line\t\n\u00A0\nend   \n\n\n";
  const auto r = clean_text(in);
  EXPECT_EQ(r.text, "  title\n\n    indented line\n\nend\n");
  expect_edits_rebuild(in, r);
}

TEST(Clean, ControlsGoTabsAndNewlinesStay) {
  const std::string in = "a\x01\tb\x7F\u0085c\x1B[0m";
  CleanOptions o;
  o.normalize_line_endings = false;
  const auto r = clean_text(in, o);
  EXPECT_EQ(r.text, "a\tbc[0m");
  EXPECT_EQ(count(r, Change::Control), 4u);
}

TEST(Clean, RepairsDoubleEncodedUtf8OnlyWhenItReallyIs) {
  CleanOptions o;
  o.repair_mojibake = true;
  // "çalışma şöyle İstanbul" encoded in UTF-8, then read as Windows-1252.
  const std::string broken = "Ã§alÄ±ÅŸma ÅŸÃ¶yle Ä°stanbul";
  const auto r = clean_text(broken, o);
  EXPECT_EQ(r.text, "çalışma şöyle İstanbul");
  EXPECT_EQ(count(r, Change::Mojibake) > 0, true);
  expect_edits_rebuild(broken, r);
  // Genuine Latin-1 words and symbols are not "repaired".
  EXPECT_EQ(clean_text("café naïve Ärger ©2024 Ø", o).text, "café naïve Ärger ©2024 Ø");
  // Off by default.
  EXPECT_EQ(clean_text(broken).text, broken);
}

TEST(Clean, CleanTextIsLeftAlone) {
  const std::string in = "Tertemiz bir metin.\nİkinci satır.\n";
  const auto r = clean_text(in);
  EXPECT_EQ(r.text, in);
  EXPECT_FALSE(r.changed());
  EXPECT_EQ(clean_text("").text, "");
}

TEST(Clean, EverythingOffIsTheIdentity) {
  CleanOptions off;
  off.normalization = Normalization::None;
  off.remove_invisible = off.remove_bidi = off.remove_controls = false;
  off.normalize_line_endings = off.normalize_whitespace = false;
  const std::string in = "x\u200B\r\n\x01  \n\n\n\nＡ";
  EXPECT_EQ(clean_text(in, off).text, in);
}

TEST(Clean, ProvenanceIsConsistentOnRandomText) {
  const char* pieces[] = {"a",  "İ",    "ı",       " ",      "  ",     "\t",
                          "\n", "\r\n", "\r",      "\u200B", "\u200D", "\u202E",
                          "ﬁ",  "Ａ",   "e\u0301", "\u00A0", "\x01",   "\U0001F600",
                          "①",  "Ã§",   "Ä±",      "\n\n\n"};
  std::mt19937 rng(42);
  CleanOptions o;
  o.repair_mojibake = true;
  for (int round = 0; round < 300; ++round) {
    std::string in;
    const int length = int(rng() % 40);
    for (int i = 0; i < length; ++i) in += pieces[rng() % (sizeof(pieces) / sizeof(*pieces))];
    const auto r = clean_text(in, o);
    expect_edits_rebuild(in, r);
    // Idempotent: cleaning clean text changes nothing.
    EXPECT_EQ(clean_text(r.text, o).text, r.text) << "input: " << in;
  }
}

}  // namespace
}  // namespace ahenk::text
