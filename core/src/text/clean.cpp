#include "ahenk/text/clean.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/text/utf8.h"

namespace ahenk::text {
namespace {

// ---- one pass: its output, the ICU edit map input->output, and the kinds of its changes ----

struct PassEdit {
  std::uint64_t begin, end;  // in the pass's input
  Change kind;
};

struct PassOutput {
  std::string out;
  icu::Edits edits;
  std::vector<PassEdit> kinded;
};

class PassBuilder {
 public:
  explicit PassBuilder(std::string_view in) : in_(in) { out_.out.reserve(in.size()); }

  void keep_until(std::uint64_t pos) {
    if (pos <= done_) return;
    out_.out.append(in_.substr(done_, pos - done_));
    out_.edits.addUnchanged(int32_t(pos - done_));
    done_ = pos;
  }
  void replace(std::uint64_t begin, std::uint64_t end, std::string_view with, Change kind) {
    keep_until(begin);
    out_.out.append(with);
    out_.edits.addReplace(int32_t(end - begin), int32_t(with.size()));
    auto& k = out_.kinded;
    if (!k.empty() && k.back().end == begin && k.back().kind == kind) {
      k.back().end = end;  // adjacent changes of one kind read as one edit
    } else {
      k.push_back({begin, end, kind});
    }
    done_ = end;
  }
  PassOutput finish() {
    keep_until(in_.size());
    return std::move(out_);
  }

 private:
  std::string_view in_;
  PassOutput out_;
  std::uint64_t done_ = 0;
};

// ---- mapping offsets through an icu::Edits ----

struct Segment {
  std::uint64_t src, src_len, dst, dst_len;
  bool changed;
};

std::vector<Segment> segments_of(const icu::Edits& edits) {
  std::vector<Segment> out;
  UErrorCode status = U_ZERO_ERROR;
  auto it = edits.getFineIterator();
  while (it.next(status)) {
    out.push_back({std::uint64_t(it.sourceIndex()), std::uint64_t(it.oldLength()),
                   std::uint64_t(it.destinationIndex()), std::uint64_t(it.newLength()),
                   bool(it.hasChange())});
  }
  return out;
}

// Maps a position through the segments (`forward`: source -> destination). A begin position inside
// a change maps to the change's start; an end position to its end.
std::uint64_t map_position(const std::vector<Segment>& segs, std::uint64_t p, bool end,
                           bool forward) {
  auto from = [&](const Segment& s) { return forward ? s.src : s.dst; };
  auto from_len = [&](const Segment& s) { return forward ? s.src_len : s.dst_len; };
  auto to = [&](const Segment& s) { return forward ? s.dst : s.src; };
  auto to_len = [&](const Segment& s) { return forward ? s.dst_len : s.src_len; };
  if (end && p == 0) return 0;
  // The segment holding byte q: an end position p is the end of byte p-1.
  const std::uint64_t q = end ? p - 1 : p;
  auto it = std::upper_bound(segs.begin(), segs.end(), q,
                             [&](std::uint64_t v, const Segment& s) { return v < from(s); });
  while (it != segs.begin()) {
    --it;
    const Segment& s = *it;
    if (from_len(s) == 0) continue;  // an insertion holds no position of this side
    if (q >= from(s) + from_len(s)) break;
    if (!s.changed) return to(s) + (p - from(s));
    return end ? to(s) + to_len(s) : to(s);
  }
  if (segs.empty()) return p;
  return to(segs.back()) + to_len(segs.back());  // at or past the end
}

// ---- pass 1: mojibake ----

// The Windows-1252 byte of a code point, for re-decoding text that was UTF-8 read as 1252/Latin-1.
int cp1252_byte(UChar32 c) {
  if (c < 0x100) return int(c);  // ASCII, C1 (Latin-1 readings) and Latin-1
  switch (c) {
    case 0x20AC:
      return 0x80;
    case 0x201A:
      return 0x82;
    case 0x0192:
      return 0x83;
    case 0x201E:
      return 0x84;
    case 0x2026:
      return 0x85;
    case 0x2020:
      return 0x86;
    case 0x2021:
      return 0x87;
    case 0x02C6:
      return 0x88;
    case 0x2030:
      return 0x89;
    case 0x0160:
      return 0x8A;
    case 0x2039:
      return 0x8B;
    case 0x0152:
      return 0x8C;
    case 0x017D:
      return 0x8E;
    case 0x2018:
      return 0x91;
    case 0x2019:
      return 0x92;
    case 0x201C:
      return 0x93;
    case 0x201D:
      return 0x94;
    case 0x2022:
      return 0x95;
    case 0x2013:
      return 0x96;
    case 0x2014:
      return 0x97;
    case 0x02DC:
      return 0x98;
    case 0x2122:
      return 0x99;
    case 0x0161:
      return 0x9A;
    case 0x203A:
      return 0x9B;
    case 0x0153:
      return 0x9C;
    case 0x017E:
      return 0x9E;
    case 0x0178:
      return 0x9F;
    default:
      return -1;
  }
}

// One round of repair: every multi-byte UTF-8 sequence spelled out in Windows-1252 characters
// ("Ã§" is C3 A7, the UTF-8 of "ç") is replaced by the character it encodes. A sequence must be
// complete and valid, so genuine Latin-1 text ("café", "Ärger") never matches.
PassOutput repair_mojibake_round(std::string_view in) {
  PassBuilder b(in);
  const auto* s = in.data();
  const int32_t n = int32_t(in.size());
  // A sequence starts with a character whose 1252 byte is a UTF-8 lead byte (C2..F4): only
  // U+00C2..U+00F4 are, all encoded C3 xx, so the text is searched for the byte C3 and nothing else
  // is decoded (text without such characters costs one memchr).
  int32_t from = 0;
  while (from < n) {
    const void* hit = std::memchr(s + from, 0xC3, std::size_t(n - from));
    if (!hit) break;
    const int32_t start = int32_t(static_cast<const char*>(hit) - s);
    int32_t i = start;
    UChar32 lead;
    U8_NEXT(s, i, n, lead);
    from = i;
    if (lead < 0xC2 || lead > 0xF4) continue;
    const int need = lead <= 0xDF ? 1 : lead <= 0xEF ? 2 : 3;
    std::string bytes(1, char(lead));
    int32_t end = i;
    for (int j = 1; j <= need && end < n; ++j) {
      UChar32 c;
      U8_NEXT(s, end, n, c);
      const int byte = c < 0 ? -1 : cp1252_byte(c);
      if (byte < 0x80 || byte > 0xBF) break;
      bytes.push_back(char(byte));
    }
    if (int(bytes.size()) != need + 1) continue;
    int32_t at = 0;
    UChar32 decoded;
    U8_NEXT(bytes.data(), at, int32_t(bytes.size()), decoded);
    if (decoded < 0 || at != int32_t(bytes.size())) continue;  // overlong, surrogate, out of range
    b.replace(std::uint64_t(start), std::uint64_t(end), bytes, Change::Mojibake);
    from = end;
  }
  return b.finish();
}

// ---- pass 2: invisible, bidi, controls, line endings, whitespace ----

bool is_bidi_control(UChar32 c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

bool is_always_invisible(UChar32 c) {
  return c == 0x00AD || c == 0x180E || c == 0x200B || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
         (c >= 0xFFF9 && c <= 0xFFFB);
}

bool joins(UChar32 c) {
  if (c < 0 || c == 0x200C || c == 0x200D) return false;
  const int8_t type = u_charType(c);
  return u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
         u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) ||
         u_hasBinaryProperty(c, UCHAR_EMOJI_COMPONENT);
}

bool is_horizontal_space(UChar32 c) {
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

class FormatPass {
 public:
  FormatPass(std::string_view in, const CleanOptions& o) : in_(in), o_(o), b_(in) {}

  PassOutput run() {
    const auto* s = in_.data();
    const int32_t n = int32_t(in_.size());
    UChar32 prev = -1;
    for (int32_t i = 0; i < n;) {
      // The common case without decoding: visible ASCII is content, and a single space between
      // visible ASCII characters is kept as it is.
      const auto byte = static_cast<unsigned char>(s[i]);
      if (byte > 0x20 && byte < 0x7F) {
        if (!pending_.empty()) content(std::uint64_t(i));
        started_ = true;
        prev = byte;
        ++i;
        continue;
      }
      if (byte == ' ' && pending_.empty() && i + 1 < n &&
          static_cast<unsigned char>(s[i + 1]) > 0x20 &&
          static_cast<unsigned char>(s[i + 1]) < 0x7F) {
        prev = ' ';
        ++i;
        continue;
      }
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(s, i, n, c);
      const std::uint64_t a = std::uint64_t(start), z = std::uint64_t(i);
      // Line endings.
      if (c == '\n' ||
          (o_.normalize_line_endings && (c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029))) {
        std::uint64_t end = z;
        if (c == '\r' && i < n && s[i] == '\n') end = z + 1, ++i;
        newline(a, end, c != '\n');
        prev = '\n';
        continue;
      }
      if (o_.remove_bidi && is_bidi_control(c)) {
        remove(a, z, Change::Bidi);
        continue;
      }
      if (o_.remove_invisible && invisible(c, prev, s, i, n)) {
        remove(a, z, Change::Invisible);
        continue;
      }
      if (o_.remove_controls && c >= 0 &&
          ((c < 0x20 && c != '\t' && c != '\r') || (c >= 0x7F && c <= 0x9F))) {
        remove(a, z, Change::Control);
        continue;
      }
      if (o_.normalize_whitespace && is_horizontal_space(c)) {
        pending_.push_back({a, z, Item::Space, false});
        prev = c;
        continue;
      }
      content(a);
      prev = c;
    }
    end_of_document();
    return b_.finish();
  }

 private:
  struct Item {
    enum Type { Space, Newline, Remove } type;
    std::uint64_t begin, end;
    Change kind;
    bool converted;
    Item(std::uint64_t b, std::uint64_t e, Type t, bool conv)
        : type(t), begin(b), end(e), kind(Change::Whitespace), converted(conv) {}
    Item(std::uint64_t b, std::uint64_t e, Change k)
        : type(Remove), begin(b), end(e), kind(k), converted(false) {}
  };

  bool invisible(UChar32 c, UChar32 prev, const char* s, int32_t i, int32_t n) const {
    if (is_always_invisible(c)) return true;
    if (c == 0x200C || c == 0x200D) {  // ZWNJ, ZWJ: keep where they join something
      // The neighbour that counts is the next one that survives cleaning.
      UChar32 next = -1;
      while (i < n) {
        U8_NEXT(s, i, n, next);
        const bool removed = next == 0x200C || next == 0x200D || is_always_invisible(next) ||
                             (o_.remove_bidi && is_bidi_control(next)) ||
                             (o_.remove_controls && next >= 0 && next < 0x20 && next != '\t' &&
                              next != '\n' && next != '\r');
        if (!removed) break;
        next = -1;
      }
      return !(joins(prev) && joins(next));
    }
    if (c == 0xE0001 || (c >= 0xE0020 && c <= 0xE007F)) {  // tags: keep inside flag sequences
      return !(prev == 0x1F3F4 || (prev >= 0xE0020 && prev <= 0xE007F));
    }
    return false;
  }

  void remove(std::uint64_t a, std::uint64_t z, Change kind) {
    if (o_.normalize_whitespace && !pending_.empty()) {
      pending_.emplace_back(a, z, kind);
    } else {
      b_.replace(a, z, "", kind);
    }
  }

  void newline(std::uint64_t a, std::uint64_t z, bool converted) {
    if (!o_.normalize_whitespace) {
      if (converted) b_.replace(a, z, "\n", Change::LineEnding);
      return;
    }
    pending_.push_back({a, z, Item::Newline, converted});
  }

  // A visible character at `a`: decide the pending whitespace before it.
  void content(std::uint64_t) {
    if (!pending_.empty()) flush(/*at_end=*/false);
    started_ = true;  // unchanged bytes are copied lazily by the next replace() or finish()
  }

  void end_of_document() { flush(/*at_end=*/true); }

  void flush(bool at_end) {
    if (pending_.empty()) return;
    // Spaces are dropped when a line break follows them in the queue (trailing spaces), or at the
    // end of the document; the spaces after the last break are the next line's indentation.
    std::size_t last_newline = pending_.size();
    std::size_t newlines = 0;
    for (std::size_t k = 0; k < pending_.size(); ++k) {
      if (pending_[k].type == Item::Newline) last_newline = k, ++newlines;
    }
    const std::size_t keep_newlines = !started_ ? 0
                                      : at_end  ? std::min<std::size_t>(newlines, 1)
                                                : std::min<std::size_t>(newlines, 2);
    std::size_t seen_newlines = 0;
    for (std::size_t k = 0; k < pending_.size(); ++k) {
      const Item& item = pending_[k];
      switch (item.type) {
        case Item::Remove:
          b_.replace(item.begin, item.end, "", item.kind);
          break;
        case Item::Space: {
          const bool trailing = at_end || (last_newline != pending_.size() && k < last_newline);
          if (trailing) b_.replace(item.begin, item.end, "", Change::Whitespace);
          break;
        }
        case Item::Newline:
          if (seen_newlines++ < keep_newlines) {
            if (item.converted) b_.replace(item.begin, item.end, "\n", Change::LineEnding);
          } else {
            b_.replace(item.begin, item.end, "", Change::Whitespace);
          }
          break;
      }
    }
    pending_.clear();
  }

  std::string_view in_;
  const CleanOptions& o_;
  PassBuilder b_;
  std::vector<Item> pending_;
  bool started_ = false;
};

// ---- pass 3: Unicode normalization ----

PassOutput normalize(std::string_view in, Normalization form) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = form == Normalization::NFKC
                                           ? icu::Normalizer2::getNFKCInstance(status)
                                           : icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalizer unavailable");
  PassOutput pass;
  const icu::StringPiece piece(in.data(), int32_t(in.size()));
  if (normalizer->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) {
    pass.out.assign(in);
    pass.edits.addUnchanged(int32_t(in.size()));
    return pass;
  }
  status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(&pass.out, int32_t(in.size()));
  normalizer->normalizeUTF8(0, piece, sink, &pass.edits, status);
  if (U_FAILURE(status))
    throw std::runtime_error(std::string("normalization failed: ") + u_errorName(status));
  auto it = pass.edits.getFineChangesIterator();
  while (it.next(status)) {
    pass.kinded.push_back({std::uint64_t(it.sourceIndex()),
                           std::uint64_t(it.sourceIndex() + it.oldLength()),
                           Change::Normalization});
  }
  return pass;
}

}  // namespace

const char* change_name(Change kind) {
  switch (kind) {
    case Change::Mojibake:
      return "mojibake";
    case Change::Invisible:
      return "invisible";
    case Change::Bidi:
      return "bidi";
    case Change::Control:
      return "control";
    case Change::LineEnding:
      return "line_ending";
    case Change::Whitespace:
      return "whitespace";
    case Change::Normalization:
      return "normalization";
  }
  return "unknown";
}

Normalization parse_normalization(const std::string& name) {
  if (name == "nfkc") return Normalization::NFKC;
  if (name == "nfc") return Normalization::NFC;
  if (name == "none") return Normalization::None;
  throw InvalidArgument(
      QT_TRANSLATE_NOOP("Engine", "unknown normalization '%1' (use nfkc, nfc or none)"), {name});
}

CleanResult clean_text(std::string_view input, const CleanOptions& options) {
  CleanResult result;
  if (input.size() > std::uint64_t(INT32_MAX)) {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "document larger than 2 GiB; split it when loading"));
  }
  std::string current(input);
  icu::Edits total;  // original -> current
  bool have_total = false;
  std::vector<Edit> edits;

  auto apply = [&](PassOutput pass) {
    if (pass.kinded.empty()) return;  // nothing changed: the map stays as it is
    const auto back = have_total ? segments_of(total) : std::vector<Segment>{};
    for (const auto& k : pass.kinded) {
      Edit e;
      e.begin = have_total ? map_position(back, k.begin, false, false) : k.begin;
      e.end = have_total ? map_position(back, k.end, true, false) : k.end;
      e.kind = k.kind;
      edits.push_back(e);
    }
    if (have_total) {
      icu::Edits merged;
      UErrorCode status = U_ZERO_ERROR;
      merged.mergeAndAppend(total, pass.edits, status);
      if (U_FAILURE(status)) throw std::runtime_error("edit composition failed");
      total = std::move(merged);
    } else {
      total = std::move(pass.edits);
      have_total = true;
    }
    current = std::move(pass.out);
  };

  if (options.repair_mojibake) {
    // Text encoded twice needs two rounds; three is plenty.
    for (int round = 0; round < 3; ++round) {
      PassOutput pass = repair_mojibake_round(current);
      if (pass.kinded.empty()) break;
      apply(std::move(pass));
    }
  }
  if (options.remove_invisible || options.remove_bidi || options.remove_controls ||
      options.normalize_line_endings || options.normalize_whitespace) {
    apply(FormatPass(current, options).run());
  }
  if (options.normalization != Normalization::None)
    apply(normalize(current, options.normalization));

  result.text = std::move(current);
  if (have_total) {
    const auto forward = segments_of(total);
    for (auto& e : edits) {
      e.out_begin = map_position(forward, e.begin, false, true);
      e.out_end = e.end > e.begin ? map_position(forward, e.end, true, true) : e.out_begin;
      if (e.out_end < e.out_begin) e.out_end = e.out_begin;
    }
  }
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  for (const auto& e : edits) {
    for (int32_t i = int32_t(e.begin); i < int32_t(e.end);) {
      UChar32 c;
      U8_NEXT(input.data(), i, int32_t(e.end), c);
      if (c < 0) c = 0xFFFD;
      ++result.counts[std::size_t(e.kind)];
      ++result.code_points[char32_t(c)];
    }
  }
  result.edits = std::move(edits);
  return result;
}

}  // namespace ahenk::text
