// Normalizers for tokenizers, a pipeline of steps as in Hugging Face tokenizers.
//
//   auto n = ahenk::tokenize::Normalizer::from_options("nfkc", "tr");  // NFKC, Turkish lowercase
//   n.apply("İSTANBUL ﬁ") == "istanbul fi";
//   n.to_json();  // {"type": "Sequence", "normalizers": [{"type": "NFKC"}, ...]}
//
// Steps: NFC and NFKC (ICU), Lowercase (Unicode default full lowercasing, ICU root locale, as
// HF's Lowercase), Replace (a literal string by another) and Prepend (text before non-empty
// input). Turkish-aware lowercasing is written as Replace("İ", "i"), Replace("I", "ı"),
// Lowercase: the same result as ICU's "tr" locale on NFC text, and a file HF tokenizers reads.
// Any step first makes the text valid UTF-8 (each maximal invalid subpart becomes U+FFFD); with
// no steps, apply() returns the text unchanged.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace ahenk::tokenize {

struct NormalizerStep {
  enum class Kind { Nfc, Nfkc, Lowercase, Replace, Prepend };
  Kind kind = Kind::Nfc;
  std::string from, to;  // Replace: from -> to; Prepend: to
  bool operator==(const NormalizerStep&) const = default;
};

class Normalizer {
 public:
  Normalizer() = default;
  explicit Normalizer(std::vector<NormalizerStep> steps) : steps_(std::move(steps)) {}
  // form: "nfkc", "nfc" or "none"; lowercase: "none", "default" or "tr". Throws
  // std::invalid_argument on other names.
  static Normalizer from_options(const std::string& form, const std::string& lowercase);

  std::string apply(std::string_view text) const;
  bool empty() const { return steps_.empty(); }
  const std::vector<NormalizerStep>& steps() const { return steps_; }
  std::vector<NormalizerStep>& steps() { return steps_; }
  // A short description for people: "NFKC, Turkish lowercase".
  std::string describe() const;

  // HF tokenizer.json "normalizer" value (null when empty).
  nlohmann::ordered_json to_json() const;
  // Reads null, one supported normalizer or a Sequence of them; throws std::runtime_error naming
  // the unsupported part.
  static Normalizer from_json(const nlohmann::json& j);

 private:
  std::vector<NormalizerStep> steps_;
};

// Valid UTF-8: `text` unchanged when it is valid, otherwise each maximal invalid subpart replaced
// by U+FFFD.
std::string to_valid_utf8(std::string_view text);

}  // namespace ahenk::tokenize
