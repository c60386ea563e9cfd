// Language identification behind one interface, so the corpus stage can use CLD2 (default, no
// model file) or a fastText model trained by `ahenk corpus langid-train`.
//
//   auto id = ahenk::text::make_language_identifier("cld2");     // or a path to a fastText .bin
//   auto guess = id->identify("Herkes düşünce ve kanaat hürriyetine sahiptir.");
//   guess.language;   // "tr" (ISO 639-1; "un" when unknown)
//   guess.score;      // 0..1
//
// A fastText model (Joulin et al. 2016, the model datatrove's LanguageFilter uses) is trained from
// a labelled `lang<TAB>text` file with train_fasttext_langid: character 1..4-grams, 10% of the
// lines held out to measure accuracy, one thread by default so the same file gives the same model.
//
// CLD2's codes are mapped to ISO 639-1 where they differ ("iw" -> "he", "no" -> "nb",
// "zh-Hant" -> "zh"). Thread-safe: identify() may be called from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "ahenk/progress.h"

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

struct LangidTrainOptions {
  int epochs = 25;
  double learning_rate = 0.5;
  int dim = 32;
  int min_char_ngram = 1, max_char_ngram = 4;
  int threads = 1;  // more is faster but not reproducible
  double validation_fraction = 0.1;
  std::uint64_t seed = 20261128;  // shuffles the lines before the split
};

struct LangidTrainReport {
  std::uint64_t examples = 0, train = 0, validation = 0, skipped_lines = 0;
  double validation_accuracy = 0;
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> per_language;  // correct, total
  double seconds = 0;
};

// Trains a fastText language identifier from `tsv` (lang<TAB>text per line; a header line "lang..."
// and lines without a tab are skipped and counted) and saves it to `model_path` (written under a
// temporary name and renamed). Throws InputError for an unreadable or empty file.
LangidTrainReport train_fasttext_langid(const std::string& tsv, const std::string& model_path,
                                        const LangidTrainOptions& options,
                                        ProgressSink* progress = nullptr,
                                        const CancelToken* cancel = nullptr);

}  // namespace ahenk::text
