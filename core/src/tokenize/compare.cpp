#include "ahenk/tokenize/compare.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace ahenk::tokenize {
namespace {

// A token for display: valid UTF-8 as is, bytes of a split character as <0xC4>.
std::string printable(const std::string& token) {
  std::string out;
  const int32_t n = int32_t(token.size());
  for (int32_t i = 0; i < n;) {
    const int32_t begin = i;
    UChar32 c;
    U8_NEXT(token.data(), i, n, c);
    if (c >= 0) {
      out.append(token, std::size_t(begin), std::size_t(i - begin));
      continue;
    }
    for (int32_t k = begin; k < i; ++k) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "<0x%02X>",
                    static_cast<unsigned char>(token[std::size_t(k)]));
      out += hex;
    }
  }
  return out;
}

}  // namespace

std::vector<TokenizerStats> compare_tokenizers(const std::vector<const Tokenizer*>& tokenizers,
                                               const std::vector<std::string>& documents,
                                               std::size_t sample_lines) {
  std::vector<TokenizerStats> out(tokenizers.size());
  std::vector<std::string> samples;
  for (const auto& doc : documents) {
    std::size_t start = 0;
    while (samples.size() < sample_lines && start < doc.size()) {
      auto end = doc.find('\n', start);
      if (end == std::string::npos) end = doc.size();
      if (end > start + 10)
        samples.push_back(doc.substr(start, std::min<std::size_t>(end - start, 160)));
      start = end + 1;
    }
  }
  for (std::size_t t = 0; t < tokenizers.size(); ++t) {
    const Tokenizer& tok = *tokenizers[t];
    TokenizerStats& s = out[t];
    // Which ids are <0xHH> byte pieces (byte fallback), looked up once per tokenizer.
    std::vector<char> byte_piece(tok.vocab_size(), 0);
    if (std::string_view(tok.kind()) != "bpe") {
      for (std::uint32_t id = 0; id < byte_piece.size(); ++id) {
        const auto text = tok.token(id);
        byte_piece[id] = text.size() == 6 && text.compare(0, 3, "<0x") == 0 && text[5] == '>';
      }
    }
    for (const auto& original : documents) {
      const Encoding enc = tok.encode_detailed(original);
      const std::string& doc = enc.normalized;
      const auto& ids = enc.ids;
      s.bytes += original.size();
      s.tokens += ids.size();
      for (const auto id : ids) {
        s.unknown_tokens += id == tok.unknown_id();
        s.byte_tokens += byte_piece[id];
      }
      // Token boundaries as byte offsets into the normalized document.
      const auto& boundaries = enc.ends;
      bool in_word = false;
      std::size_t b = 0;
      const int32_t n = int32_t(doc.size());
      for (int32_t i = 0; i < n;) {
        const int32_t begin = i;
        UChar32 c;
        U8_NEXT(doc.data(), i, n, c);
        const bool space = c >= 0 && u_isUWhiteSpace(c);
        if (!space && !in_word) ++s.words;
        in_word = !space;
        if (space) continue;
        // Split when a token boundary falls strictly inside the character's bytes.
        while (b < boundaries.size() && boundaries[b] <= std::size_t(begin)) ++b;
        const bool split = b < boundaries.size() && boundaries[b] < std::size_t(i);
        ++s.chars;
        s.split_chars += split;
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = c < 0 ? USCRIPT_UNKNOWN : uscript_getScript(c, &status);
        if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
        auto& entry = s.script_chars[uscript_getName(script)];
        entry.first += !split;
        ++entry.second;
      }
    }
    s.bytes_per_token = s.tokens ? double(s.bytes) / double(s.tokens) : 0;
    s.fertility = s.words ? double(s.tokens) / double(s.words) : 0;
    s.split_rate = s.chars ? double(s.split_chars) / double(s.chars) : 0;
    s.unknown_rate = s.tokens ? double(s.unknown_tokens) / double(s.tokens) : 0;
    s.byte_rate = s.tokens ? double(s.byte_tokens) / double(s.tokens) : 0;
    for (const auto& [script, counts] : s.script_chars) {
      s.coverage[script] = counts.second ? double(counts.first) / double(counts.second) : 0;
    }
    for (const auto& sample : samples) {
      std::string segmented;
      for (const auto id : tok.encode(sample)) {
        if (!segmented.empty()) segmented += " | ";
        segmented += printable(tok.token(id));
      }
      s.samples.push_back(segmented);
    }
  }
  return out;
}

}  // namespace ahenk::tokenize
