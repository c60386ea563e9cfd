// Writing JSON Lines fast: the corpus outputs carry whole documents, and building a JSON object per
// document to serialize it costs more than cleaning it. Strings are escaped per RFC 8259 (quote,
// backslash, control characters); valid UTF-8 passes through unchanged.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

namespace ahenk::text::detail {

inline void append_json_string(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

// The value of the "text" field of a line this project wrote ({"id":...,"text":"..."...}),
// unescaped. Only for lines written by append_json_string: any other input goes through a JSON
// parser.
inline std::string json_text_field(std::string_view line) {
  std::string out;
  const auto at = line.find("\"text\":\"");
  if (at == std::string_view::npos) return out;
  std::size_t i = at + 8;
  for (;;) {
    // Copy the run up to the next quote or backslash in one append.
    const auto stop = line.find_first_of("\"\\", i);
    out.append(line.substr(i, stop == std::string_view::npos ? std::string_view::npos : stop - i));
    if (stop == std::string_view::npos || line[stop] == '"' || stop + 1 >= line.size()) break;
    const char e = line[stop + 1];
    i = stop + 2;
    switch (e) {
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {  // only \u00XX (control characters) is written
        if (stop + 5 < line.size()) {
          unsigned value = 0;
          std::from_chars(line.data() + stop + 4, line.data() + stop + 6, value, 16);
          out.push_back(char(value));
        }
        i = stop + 6;
        break;
      }
      default:
        out.push_back(e);  // \" and \\ (and /)
    }
  }
  return out;
}

}  // namespace ahenk::text::detail
