// fastText language identification: loading a supervised model and training one from lang<TAB>text.
#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "ahenk/message.h"
#include "ahenk/text/inputs.h"
#include "ahenk/text/langid.h"

namespace ahenk::text {
namespace {

constexpr const char* kLabelPrefix = "__label__";

// fastText reads one line and splits on whitespace; newlines inside a document end it early.
std::string one_line(std::string_view text) {
  std::string line(text);
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::replace(line.begin(), line.end(), '\r', ' ');
  return line;
}

class FastTextIdentifier final : public LanguageIdentifier {
 public:
  explicit FastTextIdentifier(const std::string& path) : path_(path) {
    if (!std::filesystem::exists(path)) {
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                           "%1: no such fastText model (train one with "
                                           "'ahenk corpus langid-train')"),
                         {path});
    }
    try {
      model_.loadModel(path);
    } catch (const std::exception& e) {
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: not a fastText model: %2"),
                         {path, e.what()});
    }
  }

  LanguageGuess identify(std::string_view text) const override {
    std::istringstream in(one_line(text) + "\n");
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    model_.predictLine(in, predictions, 1, 0.0);
    LanguageGuess guess;
    if (!predictions.empty()) {
      std::string label = predictions[0].second;
      if (label.rfind(kLabelPrefix, 0) == 0) label = label.substr(std::strlen(kLabelPrefix));
      guess.language = label;
      guess.score = double(predictions[0].first);  // predictLine returns probabilities
      guess.reliable = guess.score >= 0.65;        // datatrove's LanguageFilter default
    }
    return guess;
  }
  std::string name() const override { return "fasttext:" + path_; }

 private:
  std::string path_;
  fasttext::FastText model_;
};

}  // namespace

std::unique_ptr<LanguageIdentifier> make_fasttext_identifier(const std::string& path) {
  return std::make_unique<FastTextIdentifier>(path);
}

LangidTrainReport train_fasttext_langid(const std::string& tsv, const std::string& model_path,
                                        const LangidTrainOptions& options, ProgressSink* progress,
                                        const CancelToken* cancel) {
  namespace fs = std::filesystem;
  const auto start = std::chrono::steady_clock::now();
  std::ifstream in(tsv);
  if (!in)
    throw InputError(QT_TRANSLATE_NOOP("Engine",
                                       "%1: cannot open the labelled file (expected "
                                       "lang<TAB>text lines)"),
                     {tsv});
  LangidTrainReport report;
  std::vector<std::pair<std::string, std::string>> examples;
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || line.compare(0, tab, "lang") == 0) {
      ++report.skipped_lines;
      continue;
    }
    examples.emplace_back(line.substr(0, tab), one_line(line.substr(tab + 1)));
  }
  if (examples.size() < 2) {
    throw InputError(QT_TRANSLATE_NOOP("Engine",
                                       "%1: fewer than 2 labelled lines (expected "
                                       "lang<TAB>text per line)"),
                     {tsv});
  }
  std::mt19937_64 rng(options.seed);
  std::shuffle(examples.begin(), examples.end(), rng);
  report.examples = examples.size();
  report.validation = std::uint64_t(double(examples.size()) * options.validation_fraction);
  report.train = report.examples - report.validation;

  const fs::path out(model_path);
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  fs::create_directories(dir);
  const fs::path train_file =
      dir / ("." + out.filename().string() + ".train-" + std::to_string(::getpid()));
  const fs::path partial =
      dir / ("." + out.filename().string() + ".partial-" + std::to_string(::getpid()));
  {
    std::ofstream train(train_file);
    for (std::size_t i = 0; i < report.train; ++i) {
      train << kLabelPrefix << examples[i].first << ' ' << examples[i].second << '\n';
    }
    if (!train)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot write the training file"),
                         {train_file.string()});
  }
  fasttext::Args args;
  args.input = train_file.string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.epoch = options.epochs;
  args.lr = options.learning_rate;
  args.dim = options.dim;
  args.minn = options.min_char_ngram;
  args.maxn = options.max_char_ngram;
  args.thread = options.threads;
  args.seed = int(options.seed & 0x7FFFFFFF);
  args.verbose = 0;
  args.minCount = 1;
  args.bucket = 200000;
  fasttext::FastText model;
  try {
    model.train(args, [&](float fraction, float, double, double, int64_t) {
      if (progress) progress->report({"langid-train", std::uint64_t(fraction * 1000), 1000, ""});
      if (cancel && cancel->cancelled()) model.abort();
    });
  } catch (const fasttext::FastText::AbortError&) {
    fs::remove(train_file);
    throw Cancelled();
  } catch (...) {
    fs::remove(train_file);
    throw;
  }
  fs::remove(train_file);
  if (progress) progress->finish();
  model.saveModel(partial.string());
  fs::rename(partial, out);

  // Accuracy on the held-out lines, through the same identifier users get.
  const FastTextIdentifier identifier(model_path);
  std::uint64_t correct = 0;
  for (std::size_t i = report.train; i < examples.size(); ++i) {
    const auto& [label, text] = examples[i];
    const bool ok = identifier.identify(text).language == label;
    correct += ok;
    auto& entry = report.per_language[label];
    entry.first += ok;
    ++entry.second;
  }
  report.validation_accuracy =
      report.validation ? double(correct) / double(report.validation) : 0.0;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace ahenk::text
