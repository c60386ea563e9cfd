// Cleaning a document's text, with the provenance of every change.
//
//   ahenk::text::CleanOptions options;                     // NFKC, invisible/bidi/control removal,
//   auto result = ahenk::text::clean_text(text, options);  // line endings, whitespace
//   result.text;                 // the cleaned UTF-8
//   for (const auto& e : result.edits)  // original bytes [begin, end) became cleaned [out_begin,
//   out_end)
//     show(e.kind, text.substr(e.begin, e.end - e.begin));
//   result.counts[size_t(ahenk::text::Change::Bidi)];      // bidi controls removed
//   result.code_points[0x200B];                            // zero-width spaces removed
//
// Passes, in order (each optional):
//   1. mojibake repair: words that are UTF-8 read as Windows-1252/Latin-1 ("Ã§" -> "ç", "ÅŸ" ->
//   "ş")
//      are re-decoded; only when the bytes form valid UTF-8, so real Latin-1 words never change;
//   2. removal of invisible format characters (zero-width space, word joiner, BOM, soft hyphen,
//      invisible math operators, interlinear annotation marks; ZWJ/ZWNJ only where they join
//      nothing: they are kept between letters, as Persian and Indic spelling needs, and inside
//      emoji sequences), of bidirectional controls (LRM, RLM, ALM, embeddings, overrides,
//      isolates), and of control characters (C0 and C1, except tab and line feed);
//   3. line endings: CRLF, CR, NEL, U+2028 and U+2029 become LF;
//   4. whitespace: trailing spaces at the end of lines, more than one blank line in a row, and
//   blank
//      lines at the start and end of the document are removed (indentation is kept);
//   5. Unicode normalization: NFKC (default), NFC or none, by ICU.
// Edits are in original byte offsets, sorted, non-overlapping per pass; the offsets map both ways
// so a diff view can align original and cleaned text. Thread-safe; pure function of its inputs.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ahenk::text {

enum class Normalization { None, NFC, NFKC };

struct CleanOptions {
  Normalization normalization = Normalization::NFKC;
  bool repair_mojibake = false;
  bool remove_invisible = true;
  bool remove_bidi = true;
  bool remove_controls = true;
  bool normalize_line_endings = true;
  bool normalize_whitespace = true;
};

enum class Change : std::uint8_t {
  Mojibake,
  Invisible,
  Bidi,
  Control,
  LineEnding,
  Whitespace,
  Normalization,
};
inline constexpr std::size_t kChangeKinds = 7;

// "mojibake", "invisible", "bidi", "control", "line_ending", "whitespace", "normalization".
const char* change_name(Change kind);

struct Edit {
  std::uint64_t begin = 0, end = 0;          // original bytes
  std::uint64_t out_begin = 0, out_end = 0;  // cleaned bytes
  Change kind = Change::Normalization;
};

struct CleanResult {
  std::string text;
  std::vector<Edit> edits;
  std::array<std::uint64_t, kChangeKinds> counts{};  // original code points affected, per kind
  std::map<char32_t, std::uint64_t> code_points;     // original code points removed or changed
  bool changed() const { return !edits.empty(); }
};

CleanResult clean_text(std::string_view utf8, const CleanOptions& options = {});

// Parses "nfkc", "nfc", "none"; throws std::invalid_argument otherwise.
Normalization parse_normalization(const std::string& name);

}  // namespace ahenk::text
