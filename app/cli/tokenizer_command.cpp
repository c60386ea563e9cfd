// `ahenk tokenizer ...`: train | encode | decode | compare | inspect | segment, for byte-level
// BPE, Unigram LM and WordPiece.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "ahenk/text/loader.h"
#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/compare.h"
#include "ahenk/tokenize/token_stream.h"
#include "ahenk/tokenize/training.h"
#include "ahenk/tokenize/unigram.h"
#include "ahenk/tokenize/wordpiece.h"
#include "commands.h"
#include "session_record.h"
#include "terminal_progress.h"

namespace ahenk::cli {

namespace {
using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

bool unknown_id_valid(std::uint32_t id) {
  return id != tokenize::kNoToken;
}

void print_json(const Json& j) {
  std::printf("%s\n", j.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
}

}  // namespace

void add_tokenizer_command(CLI::App& app, Runner& run) {
  auto* tok = app.add_subcommand(
      "tokenizer", "Train BPE, Unigram and WordPiece tokenizers; encode, decode, compare them");
  tok->require_subcommand(1);

  struct TrainOptions {
    std::vector<std::string> inputs;
    std::string out, model = "bpe", pattern = "gpt2", split = "file", text_field = "text";
    std::string normalizer, lowercase = "none";
    std::size_t vocab_size = 30000, max_piece_length = 16, max_memory_mb = 0;
    std::uint64_t min_frequency = 2;
    double character_coverage = 0.9995;
    std::vector<std::string> special;
    bool json = false, quiet = false, byte_fallback = false;
    unsigned threads = 0;
    SessionCli session;
  };
  auto t = std::make_shared<TrainOptions>();
  auto* train =
      tok->add_subcommand("train", "Train a tokenizer; writes a Hugging Face tokenizer.json");
  train
      ->add_option(
          "INPUT", t->inputs,
          "Files or folders, as for 'ahenk corpus' (a corpus output folder's kept.jsonl too)")
      ->required();
  train->add_option("-o,--out", t->out, "tokenizer.json to write")->required();
  train->add_option("--model", t->model, "Tokenizer model: bpe, unigram or wordpiece")
      ->check(CLI::IsMember({"bpe", "unigram", "wordpiece"}))
      ->capture_default_str();
  train
      ->add_option("--normalizer", t->normalizer,
                   "Unicode normalization: nfkc, nfc or none (default: none for bpe, nfkc for "
                   "unigram and wordpiece)")
      ->check(CLI::IsMember({"nfkc", "nfc", "none"}));
  train
      ->add_option("--lowercase", t->lowercase,
                   "Lowercase the text: none, default (Unicode) or tr (Turkish: I->ı, İ->i)")
      ->check(CLI::IsMember({"none", "default", "tr"}))
      ->capture_default_str();
  train->add_flag("--byte-fallback", t->byte_fallback,
                  "unigram: unknown characters become their UTF-8 bytes as <0xHH> pieces "
                  "(lossless for any text) instead of <unk>");
  train
      ->add_option("--character-coverage", t->character_coverage,
                   "unigram: share of the text's characters the alphabet must cover")
      ->capture_default_str();
  train->add_option("--max-piece-length", t->max_piece_length, "unigram: longest piece, characters")
      ->capture_default_str();
  train->add_option("-j,--threads", t->threads, "unigram: EM threads (0: one per core)")
      ->capture_default_str();
  train->add_option("--max-memory", t->max_memory_mb,
                    "Memory training may use, MB (0: half the machine's memory); past half of it, "
                    "documents are sampled, and the run says how many were used");
  train
      ->add_option("--vocab-size", t->vocab_size,
                   "Vocabulary size, bytes and special tokens included")
      ->capture_default_str();
  train->add_option("--pattern", t->pattern, "Pre-tokenizer split pattern: gpt2 or gpt4")
      ->check(CLI::IsMember({"gpt2", "gpt4"}))
      ->capture_default_str();
  train
      ->add_option("--min-frequency", t->min_frequency,
                   "bpe, wordpiece: never merge a pair seen fewer times")
      ->capture_default_str();
  train->add_option("--special", t->special,
                    "Special tokens (repeatable), e.g. --special '<|endoftext|>'");
  train->add_option("--split", t->split, "Documents per text file: file, paragraph or line")
      ->check(CLI::IsMember({"file", "paragraph", "line"}))
      ->capture_default_str();
  train->add_option("--text-field", t->text_field, "JSONL field holding the text")
      ->capture_default_str();
  train->add_flag("--json", t->json,
                  "Print the training summary and its events (every merge; for unigram every "
                  "EM iteration and pruning step) as JSON");
  train->add_flag("-q,--quiet", t->quiet, "No progress on stderr");
  add_session_options(train, t->session);
  train->callback([&run, t] {
    auto config = std::make_shared<tokenize::TokenizerTrainConfig>();
    config->inputs = t->inputs;
    config->out = t->out;
    config->model = t->model;
    config->vocab_size = t->vocab_size;
    config->min_frequency = t->min_frequency;
    config->pattern = t->pattern;
    config->normalizer = t->normalizer;
    config->lowercase = t->lowercase;
    config->special = t->special;
    config->character_coverage = t->character_coverage;
    config->max_piece_length = t->max_piece_length;
    config->byte_fallback = t->byte_fallback;
    config->threads = t->threads;
    config->load.split = text::parse_split_mode(t->split);
    config->load.text_field = t->text_field;
    config->max_memory = t->max_memory_mb * 1024 * 1024;
    run = recorded(
        [t, config] {
          return RecordPlan{
              t->session,
              {.kind = "tokenizer", .name = config->run_name(), .config = config->to_json()},
              t->inputs};
        },
        [t, config] {
          app::TerminalProgress progress(t->quiet);
          const auto report = tokenize::train_tokenizer(*config, &progress, &interrupt_token());
          if (!report.sampling_notice.empty())
            std::fprintf(stderr, "ahenk: %s\n", report.sampling_notice.c_str());
          if (!t->quiet) {
            std::fprintf(stderr, "ahenk: training memory estimated at %s\n",
                         app::human_bytes(double(report.memory_estimate)).c_str());
          }
          if (auto* rec = current_record()) {
            tokenize::record_tokenizer_metrics(*rec->writer(), rec->id(), report);
            Json outputs;
            for (const auto& [key, value] : report.json.items())
              if (value.is_primitive()) outputs[key] = value;
            rec->outputs(outputs);
            rec->artifact("tokenizer", t->out);
          }
          if (t->json) {
            print_json(report.json);
          } else {
            std::printf("%swrote %s\n", report.summary.c_str(), t->out.c_str());
          }
          return 0;
        });
  });

  struct CodecOptions {
    std::string tokenizer, out, separator, split = "file";
    std::vector<std::string> inputs;
    bool json = false, quiet = false;
    unsigned threads = 0;
    SessionCli session;
  };
  auto e = std::make_shared<CodecOptions>();
  auto* encode = tok->add_subcommand(
      "encode", "Encode text files as they are (no cleaning) into an llm.c-style token file");
  encode->add_option("INPUT", e->inputs, "Files or folders (valid UTF-8 round-trips byte for byte)")
      ->required();
  encode->add_option("-t,--tokenizer", e->tokenizer, "tokenizer.json")->required();
  encode->add_option("-o,--out", e->out, "Token file to write")->required();
  encode->add_option("--separator", e->separator,
                     "Text placed between documents, e.g. '<|endoftext|>'");
  encode
      ->add_option("--split", e->split,
                   "Documents per text file: file, paragraph or line (encoded in parallel; "
                   "use --separator to keep what separated them)")
      ->check(CLI::IsMember({"file", "paragraph", "line"}))
      ->capture_default_str();
  encode->add_flag("--json", e->json, "Print bytes and tokens as JSON");
  encode->add_option("-j,--threads", e->threads, "Encoding threads (0: one per core)")
      ->capture_default_str();
  encode->add_flag("-q,--quiet", e->quiet, "No progress on stderr");
  add_session_options(encode, e->session);
  encode->callback([&run, e] {
    run = recorded(
        [e] {
          return RecordPlan{e->session,
                            {.kind = "encode",
                             .name = fs::path(e->out).filename().string(),
                             .config = {{"tokenizer", e->tokenizer},
                                        {"split", e->split},
                                        {"separator", e->separator},
                                        {"out", e->out}}},
                            e->inputs};
        },
        [e] {
          app::TerminalProgress progress(e->quiet);
          const auto loaded = tokenize::load_tokenizer(e->tokenizer);
          const tokenize::Tokenizer& tokenizer = *loaded;
          std::vector<std::string> texts;
          std::uint64_t bytes = 0;
          text::LoadOptions load;
          load.split = text::parse_split_mode(e->split);
          text::load_documents(
              e->inputs, load, [&](text::Document&& d) { texts.push_back(std::move(d.text)); },
              &progress, &interrupt_token());
          const auto parts =
              tokenizer.encode_batch(texts, e->threads, &progress, &interrupt_token());
          const auto separator = tokenizer.encode(e->separator);
          std::vector<std::uint32_t> ids;
          const std::uint64_t documents = texts.size();
          for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) {
              ids.insert(ids.end(), separator.begin(), separator.end());
              bytes += e->separator.size();
            }
            ids.insert(ids.end(), parts[i].begin(), parts[i].end());
            bytes += texts[i].size();
          }
          tokenize::write_token_stream(e->out, ids, tokenizer.vocab_size());
          const auto* bpe = dynamic_cast<const tokenize::BpeTokenizer*>(loaded.get());
          if (bpe != nullptr && bpe->dropped_bytes() > 0) {
            std::fprintf(
                stderr,
                "ahenk: warning: %llu bytes have no token in %s (its vocabulary lacks part of the "
                "byte alphabet) and were dropped, as Hugging Face tokenizers does; decoding will "
                "not give them back\n",
                static_cast<unsigned long long>(bpe->dropped_bytes()), e->tokenizer.c_str());
          }
          if (auto* rec = current_record()) {
            rec->outputs(
                {{"documents", documents},
                 {"bytes", bytes},
                 {"tokens", ids.size()},
                 {"bytes_per_token", ids.empty() ? 0.0 : double(bytes) / double(ids.size())}});
            rec->artifact("tokens", e->out);
          }
          if (e->json) {
            std::printf(
                "{\"documents\": %llu, \"bytes\": %llu, \"tokens\": %zu, \"bytes_per_token\": "
                "%.4f}\n",
                static_cast<unsigned long long>(documents), static_cast<unsigned long long>(bytes),
                ids.size(), ids.empty() ? 0.0 : double(bytes) / double(ids.size()));
          } else {
            std::printf(
                "%llu documents, %llu bytes -> %zu tokens (%.2f bytes per token); wrote %s\n",
                static_cast<unsigned long long>(documents), static_cast<unsigned long long>(bytes),
                ids.size(), ids.empty() ? 0.0 : double(bytes) / double(ids.size()), e->out.c_str());
          }
          return 0;
        });
  });

  struct CompareOptions {
    std::vector<std::string> tokenizers, inputs;
    std::string split = "file";
    bool json = false, quiet = false;
    SessionCli session;
  };
  auto c = std::make_shared<CompareOptions>();
  auto* compare = tok->add_subcommand(
      "compare",
      "Compare tokenizers on your text: bytes per token, fertility, split characters, "
      "per-script coverage, segmentations side by side");
  compare->add_option("-t,--tokenizer", c->tokenizers, "tokenizer.json (repeat for each)")
      ->required();
  compare->add_option("INPUT", c->inputs, "Files or folders, as for 'ahenk corpus'")->required();
  compare->add_option("--split", c->split, "Documents per text file: file, paragraph or line")
      ->check(CLI::IsMember({"file", "paragraph", "line"}))
      ->capture_default_str();
  compare->add_flag("--json", c->json, "Print the comparison as JSON");
  compare->add_flag("-q,--quiet", c->quiet, "No progress on stderr");
  add_session_options(compare, c->session);
  compare->callback([&run, c] {
    run = recorded(
        [c] {
          return RecordPlan{c->session,
                            {.kind = "tokenizer-compare",
                             .config = {{"tokenizers", c->tokenizers}, {"split", c->split}}},
                            c->inputs};
        },
        [c] {
          app::TerminalProgress progress(c->quiet);
          std::vector<std::unique_ptr<tokenize::Tokenizer>> owned;
          std::vector<const tokenize::Tokenizer*> toks;
          for (const auto& path : c->tokenizers) {
            owned.push_back(tokenize::load_tokenizer(path));
            toks.push_back(owned.back().get());
          }
          std::vector<std::string> documents;
          text::LoadOptions load;
          load.split = text::parse_split_mode(c->split);
          text::load_documents(
              c->inputs, load, [&](text::Document&& d) { documents.push_back(std::move(d.text)); },
              &progress, &interrupt_token());
          const auto stats = tokenize::compare_tokenizers(toks, documents);
          if (auto* rec = current_record()) {
            Json outputs = Json::object();
            for (std::size_t i = 0; i < stats.size(); ++i) {
              const std::string name = fs::path(c->tokenizers[i]).filename().string();
              outputs[name] = {{"bytes_per_token", stats[i].bytes_per_token},
                               {"fertility", stats[i].fertility},
                               {"unknown_rate", stats[i].unknown_rate}};
              rec->metrics_from(outputs[name], 0, name);
              rec->artifact("tokenizer", c->tokenizers[i]);
            }
            rec->outputs(outputs);
          }
          if (c->json) {
            auto list = nlohmann::ordered_json::array();
            for (std::size_t i = 0; i < stats.size(); ++i) {
              const auto& s = stats[i];
              list.push_back({{"tokenizer", c->tokenizers[i]},
                              {"model", toks[i]->kind()},
                              {"vocab_size", toks[i]->vocab_size()},
                              {"bytes", s.bytes},
                              {"tokens", s.tokens},
                              {"words", s.words},
                              {"bytes_per_token", s.bytes_per_token},
                              {"fertility", s.fertility},
                              {"split_char_rate", s.split_rate},
                              {"unknown_rate", s.unknown_rate},
                              {"byte_fallback_rate", s.byte_rate},
                              {"coverage", s.coverage},
                              {"samples", s.samples}});
            }
            std::printf(
                "%s\n",
                list.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
            return 0;
          }
          std::printf("%-28s %-10s %8s %12s %10s %12s %9s %9s\n", "tokenizer", "model", "vocab",
                      "bytes/token", "fertility", "split chars", "unknown", "bytes");
          for (std::size_t i = 0; i < stats.size(); ++i) {
            std::printf("%-28s %-10s %8zu %12.3f %10.3f %11.2f%% %8.2f%% %8.2f%%\n",
                        c->tokenizers[i].c_str(), toks[i]->kind(), toks[i]->vocab_size(),
                        stats[i].bytes_per_token, stats[i].fertility, 100 * stats[i].split_rate,
                        100 * stats[i].unknown_rate, 100 * stats[i].byte_rate);
          }
          std::printf("\ncoverage (characters kept whole in one token) per script:\n");
          for (const auto& [script, share] : stats[0].coverage) {
            std::printf("  %-12s", script.c_str());
            for (const auto& s : stats)
              std::printf(" %8.2f%%",
                          100 * (s.coverage.count(script) ? s.coverage.at(script) : 0.0));
            std::printf("\n");
          }
          for (std::size_t k = 0; k < stats[0].samples.size(); ++k) {
            std::printf("\n");
            for (std::size_t i = 0; i < stats.size(); ++i) {
              std::printf("[%zu] %s\n", i + 1, stats[i].samples[k].c_str());
            }
          }
          return 0;
        });
  });

  auto in = std::make_shared<CodecOptions>();
  auto* inspect = tok->add_subcommand(
      "inspect",
      "Show a tokenizer: model, sizes, special tokens, merges or scores, longest tokens");
  inspect->add_option("TOKENIZER", in->inputs, "tokenizer.json or SentencePiece .model")
      ->required()
      ->expected(1);
  inspect->add_flag("--json", in->json, "Print as JSON (with the whole vocabulary and merges)");
  inspect->callback([&run, in] {
    run = [in] {
      const auto tokenizer = tokenize::load_tokenizer(in->inputs.at(0));
      const auto n = std::uint32_t(tokenizer->vocab_size());
      std::vector<std::string> vocab(n);
      for (std::uint32_t i = 0; i < n; ++i) vocab[i] = tokenizer->token(i);
      std::vector<std::uint32_t> by_length;
      for (std::uint32_t i = 0; i < n; ++i)
        if (!tokenizer->is_special(i)) by_length.push_back(i);
      std::stable_sort(by_length.begin(), by_length.end(),
                       [&](auto a, auto b) { return vocab[a].size() > vocab[b].size(); });
      std::vector<std::uint32_t> specials;
      for (std::uint32_t i = 0; i < n; ++i)
        if (tokenizer->is_special(i) && vocab[i].rfind("<0x", 0) != 0) specials.push_back(i);
      const auto* bpe = dynamic_cast<const tokenize::BpeTokenizer*>(tokenizer.get());
      const auto* unigram = dynamic_cast<const tokenize::UnigramTokenizer*>(tokenizer.get());
      if (in->json) {
        Json j;
        j["model"] = tokenizer->kind();
        j["description"] = tokenizer->describe();
        j["vocab_size"] = n;
        auto special_list = Json::array();
        for (const auto id : specials) special_list.push_back({{"id", id}, {"text", vocab[id]}});
        j["special_tokens"] = special_list;
        if (unknown_id_valid(tokenizer->unknown_id())) j["unknown_id"] = tokenizer->unknown_id();
        if (bpe != nullptr) {
          j["pattern"] = bpe->model().pattern == tokenize::SplitPattern::Gpt2 ? "gpt2" : "gpt4";
          j["merges"] = bpe->model().merges.size();
          auto merges = Json::array();
          for (std::size_t r = 0; r < bpe->model().merges.size(); ++r) {
            merges.push_back({bpe->model().merges[r].first, bpe->model().merges[r].second,
                              bpe->model().merge_results[r]});
          }
          j["merge_list"] = merges;
        }
        auto list = Json::array();
        for (std::uint32_t i = 0; i < n; ++i) {
          if (unigram != nullptr) {
            list.push_back({vocab[i], unigram->model().pieces[i].score});
          } else {
            list.push_back(vocab[i]);
          }
        }
        j["vocab"] = list;
        print_json(j);
        return 0;
      }
      std::printf("%s\n", tokenizer->describe().c_str());
      for (const auto id : specials) std::printf("special %u: %s\n", id, vocab[id].c_str());
      if (bpe != nullptr) {
        std::printf("first merges:");
        const auto& model = bpe->model();
        for (std::size_t r = 0; r < std::min<std::size_t>(10, model.merges.size()); ++r) {
          std::printf(" [%s]", model.vocab[model.merge_results[r]].c_str());
        }
        std::printf("\n");
      } else if (unigram != nullptr) {
        std::printf("most probable pieces:");
        std::size_t shown = 0;
        for (std::uint32_t i = 0; i < n && shown < 10; ++i) {
          if (tokenizer->is_special(i)) continue;
          std::printf(" [%s] %.2f", vocab[i].c_str(), unigram->model().pieces[i].score);
          ++shown;
        }
        std::printf("\n");
      }
      std::printf("longest tokens:");
      for (std::size_t k = 0; k < std::min<std::size_t>(10, by_length.size()); ++k) {
        std::printf(" [%s]", vocab[by_length[k]].c_str());
      }
      std::printf("\n");
      return 0;
    };
  });

  auto d = std::make_shared<CodecOptions>();
  auto* decode = tok->add_subcommand("decode", "Decode a token file back to text");
  decode->add_option("TOKENS", d->inputs, "Token file written by 'ahenk tokenizer encode'")
      ->required()
      ->expected(1);
  decode->add_option("-t,--tokenizer", d->tokenizer, "tokenizer.json")->required();
  decode->add_option("-o,--out", d->out, "Text file to write")->required();
  decode->callback([&run, d] {
    run = [d] {
      const auto tokenizer = tokenize::load_tokenizer(d->tokenizer);
      const auto ids = tokenize::read_token_stream(d->inputs.at(0));
      const std::string text = tokenizer->decode(ids);
      std::ofstream out(d->out, std::ios::binary);
      if (!out) throw std::runtime_error(d->out + ": cannot write");
      out.write(text.data(), std::streamsize(text.size()));
      std::printf("%zu tokens -> %zu bytes; wrote %s\n", ids.size(), text.size(), d->out.c_str());
      return 0;
    };
  });

  struct SegmentOptions {
    std::string tokenizer, text;
    std::size_t nbest = 0;
    double alpha = -1;
    std::uint64_t seed = 1;
    bool json = false;
  };
  auto g = std::make_shared<SegmentOptions>();
  auto* segment = tok->add_subcommand(
      "segment",
      "Show how a text is cut into tokens; for unigram also the n best cuts or a sampled one");
  segment->add_option("TEXT", g->text, "The text to segment")->required();
  segment->add_option("-t,--tokenizer", g->tokenizer, "tokenizer.json or SentencePiece .model")
      ->required();
  segment->add_option("--nbest", g->nbest,
                      "unigram: the N most probable segmentations with their log-probability");
  segment->add_option("--sample", g->alpha,
                      "unigram: draw a segmentation with probability proportional to P^ALPHA "
                      "(subword regularization; e.g. 0.1)");
  segment->add_option("--seed", g->seed, "Random seed for --sample")->capture_default_str();
  segment->add_flag("--json", g->json, "Print as JSON");
  segment->callback([&run, g] {
    run = [g] {
      const auto tokenizer = tokenize::load_tokenizer(g->tokenizer);
      const auto* unigram = dynamic_cast<const tokenize::UnigramTokenizer*>(tokenizer.get());
      if ((g->nbest > 0 || g->alpha >= 0) && unigram == nullptr) {
        throw std::invalid_argument("--nbest and --sample need a unigram tokenizer; " +
                                    g->tokenizer + " is " + tokenizer->kind());
      }
      std::vector<std::pair<std::vector<std::uint32_t>, double>> cuts;
      if (g->nbest > 0) {
        cuts = unigram->nbest(g->text, g->nbest);
      } else if (g->alpha >= 0) {
        cuts.push_back({unigram->sample(g->text, g->alpha, g->seed), 0.0});
      } else {
        cuts.push_back({tokenizer->encode(g->text), 0.0});
      }
      Json list = Json::array();
      for (const auto& [ids, score] : cuts) {
        Json tokens = Json::array();
        std::string line;
        for (const auto id : ids) {
          tokens.push_back({{"id", id}, {"text", tokenizer->token(id)}});
          if (!line.empty()) line += " | ";
          line += tokenizer->token(id);
        }
        if (g->json) {
          Json entry{{"tokens", tokens}};
          if (g->nbest > 0) entry["log_probability"] = score;
          list.push_back(entry);
        } else if (g->nbest > 0) {
          std::printf("%9.3f  %s\n", score, line.c_str());
        } else {
          std::printf("%s\n", line.c_str());
        }
      }
      if (g->json) print_json(list);
      return 0;
    };
  });
}

}  // namespace ahenk::cli
