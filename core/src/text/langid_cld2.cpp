// CLD2's header uses FILE without including <cstdio>.
#include <cstdio>
#include <string>
#include <vector>

#include <cld2/public/compact_lang_det.h>

#include <stdexcept>

#include "ahenk/text/langid.h"

namespace ahenk::text {
namespace {

class Cld2Identifier final : public LanguageIdentifier {
 public:
  LanguageGuess identify(std::string_view text) const override {
    CLD2::Language top3[3];
    int percent3[3];
    int text_bytes = 0;
    bool reliable = false;
    // CLD2 scans at most what it needs; very long documents are sampled by it internally.
    const int length = int(std::min<std::size_t>(text.size(), 1 << 24));
    double normalized3[3];
    // The only overload libcld2 exports is the complete one.
    const CLD2::Language language = CLD2::ExtDetectLanguageSummary(
        text.data(), length, /*is_plain_text=*/true, /*cld_hints=*/nullptr, /*flags=*/0, top3,
        percent3, normalized3, /*resultchunkvector=*/nullptr, &text_bytes, &reliable);
    LanguageGuess guess;
    const bool unknown =
        language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE;
    guess.language = unknown ? "un" : iso_code(CLD2::LanguageCode(language));
    guess.score = unknown ? 0.0 : percent3[0] / 100.0;
    guess.reliable = reliable;
    return guess;
  }
  std::string name() const override { return "cld2"; }

 private:
  static std::string iso_code(const char* code) {
    const std::string c = code ? code : "un";
    if (c == "iw") return "he";
    if (c == "no") return "nb";
    if (c == "zh-Hant") return "zh";
    return c;
  }
};

}  // namespace

std::unique_ptr<LanguageIdentifier> make_cld2_identifier() {
  return std::make_unique<Cld2Identifier>();
}

}  // namespace ahenk::text
