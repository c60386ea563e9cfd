#include "ahenk/text/langid.h"

#include <stdexcept>

namespace ahenk::text {

std::unique_ptr<LanguageIdentifier> make_cld2_identifier();

std::unique_ptr<LanguageIdentifier> make_language_identifier(const std::string& spec) {
  if (spec == "cld2") return make_cld2_identifier();
  throw std::runtime_error("unknown language identifier '" + spec + "' (use cld2)");
}

}  // namespace ahenk::text
