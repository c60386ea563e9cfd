// Language identification behind one interface, so the corpus stage can use CLD2 (default, no
// model file) or a fastText model trained by `ahenk corpus langid-train`.
//
//   auto id = ahenk::text::make_language_identifier("cld2");     // or a path to a fastText .bin
//   auto guess = id->identify("Herkes düşünce ve kanaat hürriyetine sahiptir.");
//   guess.language;   // "tr" (ISO 639-1; "un" when unknown)
//   guess.score;      // 0..1
//
// CLD2's codes are mapped to ISO 639-1 where they differ ("iw" -> "he", "no" -> "nb",
// "zh-Hant" -> "zh"). Thread-safe: identify() may be called from several threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace ahenk::text {

struct LanguageGuess {
  std::string language = "un";
  double score = 0;  // CLD2: the share of the text in that language; fastText: probability
  bool reliable = false;
};

class LanguageIdentifier {
 public:
  virtual ~LanguageIdentifier() = default;
  virtual LanguageGuess identify(std::string_view utf8) const = 0;
  virtual std::string name() const = 0;
};

// "cld2", or the path of a fastText supervised model. Throws std::runtime_error (naming the file)
// when the model cannot be loaded.
std::unique_ptr<LanguageIdentifier> make_language_identifier(const std::string& spec);

}  // namespace ahenk::text
