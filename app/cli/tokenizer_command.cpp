// `ahenk tokenizer ...`: train | encode | decode (byte-level BPE; Unigram and WordPiece to come).
#include <cstdio>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "ahenk/text/loader.h"
#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/compare.h"
#include "ahenk/tokenize/token_stream.h"
#include "commands.h"
#include "terminal_progress.h"

namespace ahenk::cli {

void add_tokenizer_command(CLI::App& app, Runner& run) {
  auto* tok = app.add_subcommand("tokenizer", "Train byte-level BPE tokenizers, encode and decode");
  tok->require_subcommand(1);

  struct TrainOptions {
    std::vector<std::string> inputs;
    std::string out, model = "bpe", pattern = "gpt2", split = "file", text_field = "text";
    std::size_t vocab_size = 30000;
    std::uint64_t min_frequency = 2;
    std::vector<std::string> special;
    bool json = false, quiet = false;
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
  train->add_option("--model", t->model, "Tokenizer model (bpe)")
      ->check(CLI::IsMember({"bpe"}))
      ->capture_default_str();
  train
      ->add_option("--vocab-size", t->vocab_size,
                   "Vocabulary size, bytes and special tokens included")
      ->capture_default_str();
  train->add_option("--pattern", t->pattern, "Pre-tokenizer split pattern: gpt2 or gpt4")
      ->check(CLI::IsMember({"gpt2", "gpt4"}))
      ->capture_default_str();
  train->add_option("--min-frequency", t->min_frequency, "Stop when the best pair is rarer")
      ->capture_default_str();
  train->add_option("--special", t->special,
                    "Special tokens (repeatable), e.g. --special '<|endoftext|>'");
  train->add_option("--split", t->split, "Documents per text file: file, paragraph or line")
      ->check(CLI::IsMember({"file", "paragraph", "line"}))
      ->capture_default_str();
  train->add_option("--text-field", t->text_field, "JSONL field holding the text")
      ->capture_default_str();
  train->add_flag("--json", t->json, "Print the training summary and every merge as JSON");
  train->add_flag("-q,--quiet", t->quiet, "No progress on stderr");
  train->callback([&run, t] {
    run = [t] {
      app::TerminalProgress progress(t->quiet);
      tokenize::BpeTrainer trainer(
          {t->vocab_size, t->min_frequency, tokenize::parse_split_pattern(t->pattern), t->special});
      text::LoadOptions load;
      load.split = text::parse_split_mode(t->split);
      load.text_field = t->text_field;
      text::load_documents(
          t->inputs, load, [&](text::Document&& d) { trainer.add_text(d.text); }, &progress,
          &interrupt_token());
      const auto result = trainer.train(&progress, &interrupt_token());
      tokenize::save_tokenizer_json(result.model, t->out);
      const auto& events = result.events;
      const double ratio = events.empty() ? 1.0
                                          : double(events.front().tokens_before) /
                                                double(events.back().tokens_after);
      if (t->json) {
        nlohmann::ordered_json j;
        j["tokenizer"] = t->out;
        j["vocab_size"] = result.model.vocab.size();
        j["merges"] = result.model.merges.size();
        j["documents"] = result.documents;
        j["bytes"] = result.bytes;
        j["unique_pretokens"] = result.unique_pretokens;
        j["tokens_before"] = events.empty() ? 0 : events.front().tokens_before;
        j["tokens_after"] = events.empty() ? 0 : events.back().tokens_after;
        auto list = nlohmann::ordered_json::array();
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
        std::printf(
            "%s\n",
            j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
      } else {
        std::printf(
            "vocabulary %zu (%zu merges) from %llu documents, %s; %llu distinct pre-tokens\n",
            result.model.vocab.size(), result.model.merges.size(),
            static_cast<unsigned long long>(result.documents),
            app::human_bytes(double(result.bytes)).c_str(),
            static_cast<unsigned long long>(result.unique_pretokens));
        if (!events.empty()) {
          std::printf("training text: %llu bytes -> %llu tokens (%.2f bytes per token)\n",
                      static_cast<unsigned long long>(events.front().tokens_before),
                      static_cast<unsigned long long>(events.back().tokens_after), ratio);
        }
        std::printf("wrote %s\n", t->out.c_str());
      }
      return 0;
    };
  });

  struct CodecOptions {
    std::string tokenizer, out, separator;
    std::vector<std::string> inputs;
    bool json = false, quiet = false;
    unsigned threads = 0;
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
  encode->add_flag("--json", e->json, "Print bytes and tokens as JSON");
  encode->add_option("-j,--threads", e->threads, "Encoding threads (0: one per core)")
      ->capture_default_str();
  encode->add_flag("-q,--quiet", e->quiet, "No progress on stderr");
  encode->callback([&run, e] {
    run = [e] {
      app::TerminalProgress progress(e->quiet);
      const tokenize::BpeTokenizer tokenizer(tokenize::load_tokenizer_json(e->tokenizer));
      std::vector<std::string> texts;
      std::uint64_t bytes = 0;
      text::load_documents(
          e->inputs, {}, [&](text::Document&& d) { texts.push_back(std::move(d.text)); }, &progress,
          &interrupt_token());
      const auto parts = tokenizer.encode_batch(texts, e->threads, &progress, &interrupt_token());
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
      if (tokenizer.dropped_bytes() > 0) {
        std::fprintf(
            stderr,
            "ahenk: warning: %llu bytes have no token in %s (its vocabulary lacks part of the "
            "byte alphabet) and were dropped, as Hugging Face tokenizers does; decoding will "
            "not give them back\n",
            static_cast<unsigned long long>(tokenizer.dropped_bytes()), e->tokenizer.c_str());
      }
      if (e->json) {
        std::printf(
            "{\"documents\": %llu, \"bytes\": %llu, \"tokens\": %zu, \"bytes_per_token\": %.4f}\n",
            static_cast<unsigned long long>(documents), static_cast<unsigned long long>(bytes),
            ids.size(), ids.empty() ? 0.0 : double(bytes) / double(ids.size()));
      } else {
        std::printf("%llu documents, %llu bytes -> %zu tokens (%.2f bytes per token); wrote %s\n",
                    static_cast<unsigned long long>(documents),
                    static_cast<unsigned long long>(bytes), ids.size(),
                    ids.empty() ? 0.0 : double(bytes) / double(ids.size()), e->out.c_str());
      }
      return 0;
    };
  });

  struct CompareOptions {
    std::vector<std::string> tokenizers, inputs;
    std::string split = "file";
    bool json = false, quiet = false;
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
  compare->callback([&run, c] {
    run = [c] {
      app::TerminalProgress progress(c->quiet);
      std::vector<std::unique_ptr<tokenize::BpeTokenizer>> owned;
      std::vector<const tokenize::BpeTokenizer*> toks;
      for (const auto& path : c->tokenizers) {
        owned.push_back(
            std::make_unique<tokenize::BpeTokenizer>(tokenize::load_tokenizer_json(path)));
        toks.push_back(owned.back().get());
      }
      std::vector<std::string> documents;
      text::LoadOptions load;
      load.split = text::parse_split_mode(c->split);
      text::load_documents(
          c->inputs, load, [&](text::Document&& d) { documents.push_back(std::move(d.text)); },
          &progress, &interrupt_token());
      const auto stats = tokenize::compare_tokenizers(toks, documents);
      if (c->json) {
        auto list = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < stats.size(); ++i) {
          const auto& s = stats[i];
          list.push_back({{"tokenizer", c->tokenizers[i]},
                          {"vocab_size", toks[i]->vocab_size()},
                          {"bytes", s.bytes},
                          {"tokens", s.tokens},
                          {"words", s.words},
                          {"bytes_per_token", s.bytes_per_token},
                          {"fertility", s.fertility},
                          {"split_char_rate", s.split_rate},
                          {"coverage", s.coverage},
                          {"samples", s.samples}});
        }
        std::printf(
            "%s\n",
            list.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
        return 0;
      }
      std::printf("%-28s %8s %12s %10s %12s\n", "tokenizer", "vocab", "bytes/token", "fertility",
                  "split chars");
      for (std::size_t i = 0; i < stats.size(); ++i) {
        std::printf("%-28s %8zu %12.3f %10.3f %11.2f%%\n", c->tokenizers[i].c_str(),
                    toks[i]->vocab_size(), stats[i].bytes_per_token, stats[i].fertility,
                    100 * stats[i].split_rate);
      }
      std::printf("\ncoverage (characters kept whole in one token) per script:\n");
      for (const auto& [script, share] : stats[0].coverage) {
        std::printf("  %-12s", script.c_str());
        for (const auto& s : stats)
          std::printf(" %8.2f%%", 100 * (s.coverage.count(script) ? s.coverage.at(script) : 0.0));
        std::printf("\n");
      }
      for (std::size_t k = 0; k < stats[0].samples.size(); ++k) {
        std::printf("\n");
        for (std::size_t i = 0; i < stats.size(); ++i) {
          std::printf("[%zu] %s\n", i + 1, stats[i].samples[k].c_str());
        }
      }
      return 0;
    };
  });

  auto in = std::make_shared<CodecOptions>();
  auto* inspect = tok->add_subcommand(
      "inspect", "Show a tokenizer: sizes, special tokens, merges, longest tokens");
  inspect->add_option("TOKENIZER", in->inputs, "tokenizer.json")->required()->expected(1);
  inspect->add_flag("--json", in->json, "Print as JSON (with the whole vocabulary and merges)");
  inspect->callback([&run, in] {
    run = [in] {
      const auto model = tokenize::load_tokenizer_json(in->inputs.at(0));
      std::vector<std::uint32_t> by_length(model.vocab.size());
      for (std::uint32_t i = 0; i < by_length.size(); ++i) by_length[i] = i;
      std::stable_sort(by_length.begin(), by_length.end(), [&](auto a, auto b) {
        return model.vocab[a].size() > model.vocab[b].size();
      });
      if (in->json) {
        nlohmann::ordered_json j;
        j["vocab_size"] = model.vocab.size();
        j["merges"] = model.merges.size();
        j["pattern"] = model.pattern == tokenize::SplitPattern::Gpt2 ? "gpt2" : "gpt4";
        j["special_tokens"] = model.special_tokens;
        auto vocab = nlohmann::ordered_json::array();
        for (const auto& token : model.vocab) vocab.push_back(token);
        j["vocab"] = vocab;
        auto merges = nlohmann::ordered_json::array();
        for (std::size_t r = 0; r < model.merges.size(); ++r) {
          merges.push_back({model.merges[r].first, model.merges[r].second, model.merge_results[r]});
        }
        j["merge_list"] = merges;
        std::printf(
            "%s\n",
            j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
        return 0;
      }
      std::printf(
          "byte-level BPE, %s split; vocabulary %zu = %zu special + 256 bytes + %zu merges\n",
          model.pattern == tokenize::SplitPattern::Gpt2 ? "GPT-2" : "GPT-4", model.vocab.size(),
          model.special_tokens.size(), model.merges.size());
      for (std::size_t k = 0; k < model.special_tokens.size(); ++k) {
        std::printf("special %u: %s\n", model.special_ids[k], model.special_tokens[k].c_str());
      }
      std::printf("first merges:");
      for (std::size_t r = 0; r < std::min<std::size_t>(10, model.merges.size()); ++r) {
        std::printf(" [%s]", model.vocab[model.merge_results[r]].c_str());
      }
      std::printf("\nlongest tokens:");
      for (std::size_t k = 0; k < std::min<std::size_t>(10, by_length.size()); ++k) {
        std::printf(" [%s]", model.vocab[by_length[k]].c_str());
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
      const tokenize::BpeTokenizer tokenizer(tokenize::load_tokenizer_json(d->tokenizer));
      const auto ids = tokenize::read_token_stream(d->inputs.at(0));
      const std::string text = tokenizer.decode(ids);
      std::ofstream out(d->out, std::ios::binary);
      if (!out) throw std::runtime_error(d->out + ": cannot write");
      out.write(text.data(), std::streamsize(text.size()));
      std::printf("%zu tokens -> %zu bytes; wrote %s\n", ids.size(), text.size(), d->out.c_str());
      return 0;
    };
  });
}

}  // namespace ahenk::cli
