#include "ahenk/text/langid.h"

#include <stdexcept>

namespace ahenk::text {

std::unique_ptr<LanguageIdentifier> make_cld2_identifier();
std::unique_ptr<LanguageIdentifier> make_fasttext_identifier(const std::string& path);

std::unique_ptr<LanguageIdentifier> make_language_identifier(const std::string& spec) {
  if (spec == "cld2") return make_cld2_identifier();
  return make_fasttext_identifier(spec);  // anything else names a model file
}

}  // namespace ahenk::text
