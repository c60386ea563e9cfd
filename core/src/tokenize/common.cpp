#include "common.h"

#include <unistd.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::tokenize::detail {
namespace {
using Json = nlohmann::ordered_json;

bool is_break(unsigned char c) {
  return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
bool meta_at(std::string_view s, std::size_t i) {
  return s.compare(i, kMeta.size(), kMeta) == 0;
}

}  // namespace

std::string metaspace_normalize(const Normalizer& normalizer, std::string_view text) {
  std::string s = normalizer.empty() ? to_valid_utf8(text) : normalizer.apply(text);
  if (s.find(kMeta) == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (meta_at(s, i)) {
      out += ' ';
      i += kMeta.size();
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::string metaspace_normalize_parts(const Normalizer& normalizer, std::string_view text,
                                      const std::vector<std::string>& specials) {
  std::string out;
  split_specials(
      text, specials, [&](std::string_view part) { out += metaspace_normalize(normalizer, part); },
      [&](std::size_t k) { out += specials[k]; });
  return out;
}

std::string to_metaspace(std::string_view normalized, std::vector<std::uint32_t>* to_source) {
  std::string out;
  if (normalized.empty()) {
    if (to_source) to_source->assign(1, 0);
    return out;
  }
  out.reserve(normalized.size() + 16);
  if (to_source) to_source->clear();
  auto map = [&](std::uint32_t source, std::size_t bytes) {
    if (to_source) to_source->insert(to_source->end(), bytes, source);
  };
  out += kMeta;
  map(0, kMeta.size());
  for (std::size_t i = 0; i < normalized.size(); ++i) {
    if (normalized[i] == ' ') {
      out += kMeta;
      map(std::uint32_t(i), kMeta.size());
    } else if (normalized[i] == '\n') {
      out += '\n';
      map(std::uint32_t(i), 1);
      out += kMeta;
      map(std::uint32_t(i + 1), kMeta.size());
    } else {
      out += normalized[i];
      map(std::uint32_t(i), 1);
    }
  }
  if (to_source) to_source->push_back(std::uint32_t(normalized.size()));
  return out;
}

void split_words(std::string_view text, std::vector<std::string_view>& out,
                 bool isolate_punctuation) {
  out.clear();
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = int32_t(text.size());
  auto punctuation_at = [&](std::size_t i, std::size_t* end) {
    if (!isolate_punctuation || i >= text.size()) return false;
    auto k = int32_t(i);
    UChar32 c;
    U8_NEXT(bytes, k, n, c);
    if (c < 0 || !u_ispunct(c)) return false;
    *end = std::size_t(k);
    return true;
  };
  auto word_char = [&](std::size_t i) {
    std::size_t end;
    return !meta_at(text, i) && !is_break(static_cast<unsigned char>(text[i])) &&
           !punctuation_at(i, &end);
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    std::size_t end = 0;
    if (is_break(static_cast<unsigned char>(text[i]))) {
      ++i;
      while (i < text.size()) {
        if (is_break(static_cast<unsigned char>(text[i]))) {
          ++i;
        } else if (meta_at(text, i) && i + kMeta.size() < text.size() &&
                   is_break(static_cast<unsigned char>(text[i + kMeta.size()]))) {
          i += kMeta.size() + 1;
        } else {
          break;
        }
      }
    } else if (punctuation_at(i, &end)) {
      i = end;
    } else if (meta_at(text, i) && punctuation_at(i + kMeta.size(), &end)) {
      i = end;
    } else if (meta_at(text, i)) {
      i += kMeta.size();
      while (i < text.size() && word_char(i)) ++i;
    } else {
      while (i < text.size() && word_char(i)) ++i;
    }
    out.push_back(text.substr(start, i - start));
  }
}

void count_metaspace_words(const Normalizer& normalizer, std::string_view text,
                           bool isolate_punctuation,
                           std::unordered_map<std::string, std::uint64_t>& counts,
                           std::uint64_t& key_bytes,
                           std::unordered_map<std::string, std::uint64_t>* line_final) {
  std::vector<std::string_view> words;
  for_each_chunk(text, 1 << 20, [&](std::string_view chunk, bool last) {
    std::string meta = to_metaspace(metaspace_normalize(normalizer, chunk), nullptr);
    // The "▁" after the chunk's final line break starts the next chunk's text.
    if (!last && meta.size() >= kMeta.size() + 1 &&
        std::string_view(meta).substr(meta.size() - kMeta.size() - 1) ==
            std::string("\n") + std::string(kMeta))
      meta.resize(meta.size() - kMeta.size());
    split_words(meta, words, isolate_punctuation);
    auto breaks = [](std::string_view w) { return is_break(static_cast<unsigned char>(w[0])); };
    for (std::size_t k = 0; k < words.size(); ++k) {
      count_word(counts, words[k], key_bytes);
      // Line breaks are words of their own; a chunk other than the last ends with one.
      if (line_final && !breaks(words[k]) && (k + 1 < words.size() ? breaks(words[k + 1]) : last))
        ++(*line_final)[std::string(words[k])];
    }
  });
}

std::string from_metaspace(std::string_view decoded) {
  std::string out;
  out.reserve(decoded.size());
  for (std::size_t i = 0; i < decoded.size();) {
    if (meta_at(decoded, i)) {
      out += ' ';
      i += kMeta.size();
    } else {
      out += decoded[i++];
    }
  }
  // Drop the space after each "\n" and at the start.
  std::size_t j = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && (i == 0 || out[i - 1] == '\n')) continue;
    out[j++] = out[i];
  }
  out.resize(j);
  return out;
}

Json metaspace_normalizer_json(const Normalizer& normalizer) {
  auto steps = normalizer.steps();
  steps.push_back({NormalizerStep::Kind::Replace, " ", std::string(kMeta)});
  steps.push_back({NormalizerStep::Kind::Replace, "\n", "\n" + std::string(kMeta)});
  steps.push_back({NormalizerStep::Kind::Prepend, "", std::string(kMeta)});
  return Normalizer(steps).to_json();
}

nlohmann::ordered_json line_start_decoder_json() {
  return {{"type", "Replace"}, {"pattern", {{"String", "\n "}}}, {"content", "\n"}};
}

bool from_hf_metaspace(Normalizer& normalizer) {
  auto& steps = normalizer.steps();
  const std::vector<NormalizerStep> tail = {
      {NormalizerStep::Kind::Replace, " ", std::string(kMeta)},
      {NormalizerStep::Kind::Replace, "\n", "\n" + std::string(kMeta)},
      {NormalizerStep::Kind::Prepend, "", std::string(kMeta)}};
  if (steps.size() < tail.size() ||
      !std::equal(tail.begin(), tail.end(), steps.end() - std::ptrdiff_t(tail.size())))
    return false;
  steps.resize(steps.size() - tail.size());
  return true;
}

Json metaspace_pretokenizer_json(bool isolate_punctuation) {
  return {{"type", "Split"},
          {"pattern", {{"Regex", isolate_punctuation ? kWordPunctuationRegex : kWordRegex}}},
          {"behavior", "Isolated"},
          {"invert", false}};
}

bool is_metaspace_pretokenizer(const nlohmann::json& j, bool isolate_punctuation) {
  const nlohmann::json* p = &j;
  if (j.is_object() && j.value("type", "") == "Sequence" && j.contains("pretokenizers") &&
      j["pretokenizers"].size() == 1)
    p = &j["pretokenizers"][0];
  return p->is_object() && p->value("type", "") == "Split" && p->contains("pattern") &&
         (*p)["pattern"].contains("Regex") &&
         (*p)["pattern"]["Regex"] == (isolate_punctuation ? kWordPunctuationRegex : kWordRegex) &&
         p->value("behavior", "") == "Isolated" && !p->value("invert", false);
}

void write_json_file(const Json& j, const std::string& path) {
  const std::filesystem::path final_path(path);
  const auto partial = final_path.string() + ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(partial);
    if (!out)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot write (check the folder)"),
                         {path});
    out << j.dump(2, ' ', false, Json::error_handler_t::strict) << '\n';
    if (!out)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"), {path});
  }
  std::filesystem::rename(partial, final_path);
}

Json added_token_json(std::uint32_t id, const std::string& content) {
  return {{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", false},
          {"rstrip", false}, {"normalized", false}, {"special", true}};
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(char(c));
  } else if (c < 0x800) {
    out.push_back(char(0xC0 | (c >> 6)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(char(0xE0 | (c >> 12)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (c >> 18)));
    out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(char(0x80 | (c & 0x3F)));
  }
}

std::string byte_piece(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "<0x%02X>", b);
  return buf;
}

int parse_byte_piece(std::string_view piece) {
  if (piece.size() != 6 || piece.substr(0, 3) != "<0x" || piece[5] != '>') return -1;
  int value = 0;
  for (const char c : piece.substr(3, 2)) {
    value <<= 4;
    if (c >= '0' && c <= '9')
      value |= c - '0';
    else if (c >= 'A' && c <= 'F')
      value |= c - 'A' + 10;
    else
      return -1;
  }
  return value;
}

void append_bytes_as_text(std::string& text, const std::string& bytes) {
  // Valid sequences as they are; HF's ByteFallback turns every byte of an invalid run into U+FFFD.
  const std::string valid = to_valid_utf8(bytes);
  if (valid == bytes) {
    text += bytes;
  } else {
    for (std::size_t i = 0; i < bytes.size(); ++i) text += "\uFFFD";
  }
}

}  // namespace ahenk::tokenize::detail
