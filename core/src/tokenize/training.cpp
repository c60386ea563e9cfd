#include "ahenk/tokenize/training.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/session/writer.h"

namespace ahenk::tokenize {

namespace {

using Json = nlohmann::ordered_json;

std::string effective_normalizer(const TokenizerTrainConfig& c) {
  if (!c.normalizer.empty()) return c.normalizer;
  return c.model == "bpe" ? "none" : "nfkc";
}

std::string line(const char* format, auto... args) {
  char text[512];
  std::snprintf(text, sizeof(text), format, args...);
  return text;
}

using ull = unsigned long long;

}  // namespace

nlohmann::json TokenizerTrainConfig::to_json() const {
  nlohmann::json config = {{"model", model},
                           {"vocab_size", vocab_size},
                           {"pattern", pattern},
                           {"special", special},
                           {"normalizer", normalizer},
                           {"lowercase", lowercase},
                           {"split", load.split == text::SplitMode::File        ? "file"
                                     : load.split == text::SplitMode::Paragraph ? "paragraph"
                                                                                : "line"},
                           {"min_frequency", min_frequency},
                           {"out", out}};
  if (model == "unigram") {
    config["character_coverage"] = character_coverage;
    config["max_piece_length"] = max_piece_length;
    config["byte_fallback"] = byte_fallback;
  }
  return config;
}

std::string TokenizerTrainConfig::run_name() const {
  return model + " " +
         (out.empty() ? std::to_string(vocab_size) : std::filesystem::path(out).stem().string());
}

void TokenizerTrainConfig::validate() const {
  if (model != "bpe" && model != "unigram" && model != "wordpiece")
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "unknown tokenizer model '%1' (use bpe, unigram or wordpiece)"),
        {model});
  parse_split_pattern(pattern);
  Normalizer::from_options(effective_normalizer(*this), lowercase);
  if (inputs.empty())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "no input files or folders given"));
}

TokenizerTrainReport train_tokenizer(const TokenizerTrainConfig& c, ProgressSink* progress,
                                     const CancelToken* cancel) {
  c.validate();
  const auto normalizer = Normalizer::from_options(effective_normalizer(c), c.lowercase);
  TokenizerTrainReport r;
  std::size_t limit = c.max_memory;
  if (limit == 0)
    limit = std::size_t(sysconf(_SC_PHYS_PAGES)) * std::size_t(sysconf(_SC_PAGE_SIZE)) / 2;
  r.memory_limit = limit;
  std::uint64_t stride = 1;
  std::size_t max_growth = 0;  // the most one document has added to the estimate
  auto feed = [&](auto& trainer) {
    text::load_documents(
        c.inputs, c.load,
        [&](text::Document&& d) {
          const std::uint64_t index = r.documents_seen++;
          if (stride == 0 || index % stride != 0) return;
          const std::size_t before = r.memory_estimate;
          trainer.add_text(d.text);
          ++r.documents_used;
          r.memory_estimate = trainer.memory_estimate();
          // Sampling thins out near the limit and stops where one more document growing the
          // estimate as much as any so far would cross it.
          if (r.memory_estimate > before)
            max_growth = std::max<std::size_t>(max_growth, r.memory_estimate - before);
          while (stride != 0 &&
                 double(r.memory_estimate) >= double(limit) * (1.0 - 0.5 / double(stride))) {
            stride =
                r.memory_estimate + max_growth >= limit || stride >= (1u << 20) ? 0 : stride * 2;
          }
        },
        progress, cancel);
    if (r.documents_used < r.documents_seen) {
      r.sampling_notice = line(
          "training on %llu of %llu documents (sampled to stay within %s of memory; raise the "
          "memory limit to use more)",
          ull(r.documents_used), ull(r.documents_seen), human_bytes(double(limit)).c_str());
    }
  };
  Json& j = r.json;
  j["tokenizer"] = c.out;
  j["model"] = c.model;
  auto record_sampling = [&] {
    j["documents_seen"] = r.documents_seen;
    j["documents_used"] = r.documents_used;
    j["memory_estimate"] = r.memory_estimate;
    j["memory_limit"] = limit;
  };
  if (c.model == "bpe") {
    BpeTrainer trainer(
        {c.vocab_size, c.min_frequency, parse_split_pattern(c.pattern), c.special, normalizer});
    feed(trainer);
    record_sampling();
    auto result = trainer.train(progress, cancel);
    if (!c.out.empty()) save_tokenizer_json(result.model, c.out);
    const auto& events = result.events;
    const std::uint64_t before = events.empty() ? 0 : events.front().tokens_before;
    const std::uint64_t after = events.empty() ? 0 : events.back().tokens_after;
    j["vocab_size"] = result.model.vocab.size();
    j["merges"] = result.model.merges.size();
    j["documents"] = result.documents;
    j["bytes"] = result.bytes;
    j["unique_pretokens"] = result.unique_pretokens;
    j["tokens_before"] = before;
    j["tokens_after"] = after;
    auto list = Json::array();
    for (const auto& e : events) {
      list.push_back({{"left", e.left},
                      {"right", e.right},
                      {"token", e.token},
                      {"text", result.model.vocab[e.token]},
                      {"count", e.count},
                      {"tokens_before", e.tokens_before},
                      {"tokens_after", e.tokens_after}});
    }
    j["events"] = list;
    r.summary = line(
        "vocabulary %zu (%zu merges) from %llu documents, %s; %llu distinct "
        "pre-tokens\n",
        result.model.vocab.size(), result.model.merges.size(), ull(result.documents),
        human_bytes(double(result.bytes)).c_str(), ull(result.unique_pretokens));
    if (!events.empty()) {
      r.summary += line("training text: %llu bytes -> %llu tokens (%.2f bytes per token)\n",
                        ull(before), ull(after), double(before) / double(after));
    }
    r.merges = std::move(result.events);
    r.tokenizer = std::make_unique<BpeTokenizer>(std::move(result.model));
  } else if (c.model == "unigram") {
    UnigramTrainOptions options;
    options.vocab_size = c.vocab_size;
    options.character_coverage = c.character_coverage;
    options.max_piece_length = c.max_piece_length;
    options.byte_fallback = c.byte_fallback;
    options.special_tokens = c.special;
    options.normalizer = normalizer;
    options.threads = c.threads;
    UnigramTrainer trainer(options);
    feed(trainer);
    record_sampling();
    auto result = trainer.train(progress, cancel);
    auto tokenizer = std::make_unique<UnigramTokenizer>(result.model);
    if (!c.out.empty()) tokenizer->save(c.out);
    j["vocab_size"] = result.model.pieces.size();
    j["documents"] = result.documents;
    j["bytes"] = result.bytes;
    j["unique_words"] = result.unique_words;
    j["word_occurrences"] = result.word_occurrences;
    j["characters"] = result.characters;
    j["alphabet"] = result.alphabet;
    j["kept_characters"] = result.kept_characters;
    j["seed_pieces"] = result.seed_pieces;
    auto em = Json::array();
    for (const auto& e : result.em) {
      em.push_back({{"round", e.round},
                    {"iteration", e.iteration},
                    {"pieces_before", e.pieces_before},
                    {"pieces_after", e.pieces_after},
                    {"log_likelihood", e.log_likelihood},
                    {"expected_tokens", e.expected_tokens}});
    }
    j["em"] = em;
    auto prunes = Json::array();
    for (const auto& p : result.prunes) {
      auto removed = Json::array();
      for (const auto& [piece, loss] : p.removed) removed.push_back({piece, loss});
      prunes.push_back({{"round", p.round},
                        {"pieces_before", p.pieces_before},
                        {"pieces_after", p.pieces_after},
                        {"removed", removed}});
    }
    j["prunes"] = prunes;
    r.summary = line(
        "vocabulary %zu from %llu documents, %s; %llu distinct words; alphabet %zu characters, "
        "%zu kept (coverage %.4f); %zu seed pieces; %zu EM iterations, %zu pruning steps\n",
        result.model.pieces.size(), ull(result.documents),
        human_bytes(double(result.bytes)).c_str(), ull(result.unique_words), result.alphabet,
        result.kept_characters, c.character_coverage, result.seed_pieces, result.em.size(),
        result.prunes.size());
    if (!result.em.empty()) {
      const double words = double(std::max<std::uint64_t>(1, result.word_occurrences));
      r.summary +=
          line("log-likelihood per word: %.4f at the first EM iteration, %.4f at the last\n",
               result.em.front().log_likelihood / words, result.em.back().log_likelihood / words);
    }
    r.word_occurrences = result.word_occurrences;
    r.em = std::move(result.em);
    r.prunes = std::move(result.prunes);
    r.tokenizer = std::move(tokenizer);
  } else {
    WordPieceTrainOptions options;
    options.vocab_size = c.vocab_size;
    options.min_frequency = c.min_frequency;
    options.special_tokens = c.special;
    options.normalizer = normalizer;
    WordPieceTrainer trainer(options);
    feed(trainer);
    record_sampling();
    auto result = trainer.train(progress, cancel);
    auto tokenizer = std::make_unique<WordPieceTokenizer>(result.model);
    if (!c.out.empty()) tokenizer->save(c.out);
    j["vocab_size"] = result.model.vocab.size();
    j["documents"] = result.documents;
    j["bytes"] = result.bytes;
    j["unique_words"] = result.unique_words;
    j["alphabet"] = result.alphabet;
    auto list = Json::array();
    for (const auto& e : result.events) {
      list.push_back({{"left", e.left},
                      {"right", e.right},
                      {"token", e.token},
                      {"text", result.model.vocab[e.token]},
                      {"count", e.count},
                      {"score", e.score},
                      {"tokens_before", e.tokens_before},
                      {"tokens_after", e.tokens_after}});
    }
    j["events"] = list;
    r.summary = line(
        "vocabulary %zu (alphabet %zu + %zu merges) from %llu documents, %s; %llu distinct "
        "words\n",
        result.model.vocab.size(), result.alphabet, result.events.size(), ull(result.documents),
        human_bytes(double(result.bytes)).c_str(), ull(result.unique_words));
    r.wordpiece_merges = std::move(result.events);
    r.tokenizer = std::move(tokenizer);
  }
  return r;
}

void record_tokenizer_metrics(session::SessionWriter& w, std::int64_t run,
                              const TokenizerTrainReport& r) {
  // The training's curve: corpus tokens after each merge (BPE, WordPiece) or the log-likelihood
  // per EM iteration (Unigram), so runs compare in 'ahenk session compare'.
  auto merges = [&](const auto& events) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      w.metric(run, std::int64_t(i) + 1, "corpus_tokens", double(events[i].tokens_after));
      w.metric(run, std::int64_t(i) + 1, "merge_count", double(events[i].count));
    }
  };
  merges(r.merges);
  merges(r.wordpiece_merges);
  for (std::size_t i = 0; i < r.em.size(); ++i) {
    w.metric(run, std::int64_t(i) + 1, "log_likelihood", r.em[i].log_likelihood);
    w.metric(run, std::int64_t(i) + 1, "pieces", double(r.em[i].pieces_after));
  }
}

std::vector<double> bytes_per_token_curve(const std::vector<MergeEvent>& merges) {
  std::vector<double> curve;
  if (merges.empty()) return curve;
  const double bytes = double(merges.front().tokens_before);
  curve.reserve(merges.size());
  for (const auto& e : merges)
    curve.push_back(e.tokens_after == 0 ? 0.0 : bytes / double(e.tokens_after));
  return curve;
}

}  // namespace ahenk::tokenize
