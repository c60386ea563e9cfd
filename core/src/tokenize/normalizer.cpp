#include "ahenk/tokenize/normalizer.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/text/utf8.h"
#include "common.h"

namespace ahenk::tokenize {
namespace {
using Json = nlohmann::ordered_json;
using Kind = NormalizerStep::Kind;

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const int32_t n = int32_t(text.size());
  for (int32_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  std::string out;
  std::size_t start = 0;
  for (std::size_t at; (at = s.find(from, start)) != std::string::npos; start = at + from.size()) {
    out.append(s, start, at - start);
    out += to;
  }
  if (start == 0) return;
  out.append(s, start, std::string::npos);
  s = std::move(out);
}

}  // namespace

std::string to_valid_utf8(std::string_view text) {
  if (is_valid_utf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  text::Utf8Decoder decoder;
  auto sink = [&](const text::Utf8Decoder::Event& e) { detail::append_utf8(out, e.code_point); };
  decoder.feed(reinterpret_cast<const unsigned char*>(text.data()), text.size(), sink);
  decoder.finish(sink);
  return out;
}

Normalizer Normalizer::from_options(const std::string& form, const std::string& lowercase) {
  std::vector<NormalizerStep> steps;
  if (form == "nfkc") {
    steps.push_back({Kind::Nfkc, "", ""});
  } else if (form == "nfc") {
    steps.push_back({Kind::Nfc, "", ""});
  } else if (form != "none") {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "unknown normalizer '%1' (use nfkc, nfc or none)"), {form});
  }
  if (lowercase == "tr") {
    steps.push_back({Kind::Replace, "\u0130", "i"});  // İ -> i
    steps.push_back({Kind::Replace, "I", "\u0131"});  // I -> ı
    steps.push_back({Kind::Lowercase, "", ""});
  } else if (lowercase == "default") {
    steps.push_back({Kind::Lowercase, "", ""});
  } else if (lowercase != "none") {
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "unknown lowercasing '%1' (use none, default or tr)"),
        {lowercase});
  }
  return Normalizer(std::move(steps));
}

std::string Normalizer::apply(std::string_view text) const {
  if (steps_.empty()) return std::string(text);
  std::string s = to_valid_utf8(text);
  for (const auto& step : steps_) {
    switch (step.kind) {
      case Kind::Nfc:
      case Kind::Nfkc: {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = step.kind == Kind::Nfc
                                        ? icu::Normalizer2::getNFCInstance(status)
                                        : icu::Normalizer2::getNFKCInstance(status);
        if (U_FAILURE(status)) throw std::runtime_error("ICU normalizer unavailable");
        // Fast path: ASCII and already-normalized text stays as it is.
        if (n->isNormalized(icu::UnicodeString::fromUTF8(s), status) && U_SUCCESS(status)) break;
        status = U_ZERO_ERROR;
        const icu::UnicodeString out = n->normalize(icu::UnicodeString::fromUTF8(s), status);
        if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
        s.clear();
        out.toUTF8String(s);
        break;
      }
      case Kind::Lowercase: {
        bool ascii = true;
        for (const char c : s) ascii &= static_cast<unsigned char>(c) < 0x80;
        if (ascii) {
          for (char& c : s) c = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
          break;
        }
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
        u.toLower(icu::Locale::getRoot());
        s.clear();
        u.toUTF8String(s);
        break;
      }
      case Kind::Replace:
        replace_all(s, step.from, step.to);
        break;
      case Kind::Prepend:
        if (!s.empty()) s.insert(0, step.to);
        break;
    }
  }
  return s;
}

std::string Normalizer::describe() const {
  if (steps_.empty()) return "none";
  std::string out;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const auto& step = steps_[i];
    std::string part;
    switch (step.kind) {
      case Kind::Nfc:
        part = "NFC";
        break;
      case Kind::Nfkc:
        part = "NFKC";
        break;
      case Kind::Lowercase:
        part = "lowercase";
        break;
      case Kind::Prepend:
        part = "prepend '" + step.to + "'";
        break;
      case Kind::Replace:
        if (step.from == "\u0130" && i + 2 < steps_.size() && steps_[i + 1].from == "I" &&
            steps_[i + 2].kind == Kind::Lowercase) {
          part = "Turkish lowercase";
          i += 2;
        } else {
          part = "replace '" + step.from + "' with '" + step.to + "'";
        }
        break;
    }
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out;
}

Json Normalizer::to_json() const {
  if (steps_.empty()) return nullptr;
  Json list = Json::array();
  for (const auto& step : steps_) {
    switch (step.kind) {
      case Kind::Nfc:
        list.push_back({{"type", "NFC"}});
        break;
      case Kind::Nfkc:
        list.push_back({{"type", "NFKC"}});
        break;
      case Kind::Lowercase:
        list.push_back({{"type", "Lowercase"}});
        break;
      case Kind::Replace:
        list.push_back(
            {{"type", "Replace"}, {"pattern", {{"String", step.from}}}, {"content", step.to}});
        break;
      case Kind::Prepend:
        list.push_back({{"type", "Prepend"}, {"prepend", step.to}});
        break;
    }
  }
  return {{"type", "Sequence"}, {"normalizers", list}};
}

Normalizer Normalizer::from_json(const nlohmann::json& j) {
  std::vector<NormalizerStep> steps;
  auto add = [&](const nlohmann::json& n, auto& self) -> void {
    const std::string type = n.value("type", "");
    if (type == "Sequence") {
      for (const auto& inner : n.at("normalizers")) self(inner, self);
    } else if (type == "NFC") {
      steps.push_back({Kind::Nfc, "", ""});
    } else if (type == "NFKC") {
      steps.push_back({Kind::Nfkc, "", ""});
    } else if (type == "Lowercase") {
      steps.push_back({Kind::Lowercase, "", ""});
    } else if (type == "Prepend") {
      steps.push_back({Kind::Prepend, "", n.at("prepend").get<std::string>()});
    } else if (type == "Replace" && n.contains("pattern") && n["pattern"].contains("String")) {
      steps.push_back({Kind::Replace, n["pattern"]["String"].get<std::string>(),
                       n.at("content").get<std::string>()});
    } else {
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                           "normalizer '%1' is not supported (Ahenk reads NFC, "
                                           "NFKC, Lowercase, Replace of a string, Prepend and "
                                           "Sequence)"),
                         {type.empty() ? n.dump() : type});
    }
  };
  if (!j.is_null()) add(j, add);
  return Normalizer(std::move(steps));
}

}  // namespace ahenk::tokenize
