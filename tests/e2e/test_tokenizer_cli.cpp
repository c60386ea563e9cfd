// `ahenk tokenizer train|encode|decode` as a user runs them: a file comes back byte for byte, the
// merges are reported, bad inputs get clear errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.h"

namespace {
namespace fs = std::filesystem;
using ahenk::test::run_cli;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(TokenizerCli, TrainEncodeDecodeRoundTripsTheSampleCorpus) {
  const fs::path dir = fs::temp_directory_path() / ("ahenk-tok-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string sample = AHENK_SAMPLE;
  for (const char* pattern : {"gpt2", "gpt4"}) {
    const auto tok = dir / (std::string(pattern) + ".json");
    auto train =
        run_cli("tokenizer train -q --json --vocab-size 1000 --pattern " + std::string(pattern) +
                " --special '<|endoftext|>' --out " + tok.string() + " " + sample);
    ASSERT_EQ(train.code, 0) << train.err;
    const auto report = nlohmann::json::parse(train.out);
    EXPECT_EQ(report["vocab_size"], 1000);
    EXPECT_EQ(report["events"].size(), report["merges"]);
    EXPECT_LT(report["tokens_after"].get<double>() * 2, report["tokens_before"].get<double>());
    // A Turkish statute, valid UTF-8, comes back byte for byte.
    const fs::path file = fs::path(sample) / "tr" / "4982-bilgi-edinme-hakki-kanunu.txt";
    auto enc = run_cli("tokenizer encode -q --json -t " + tok.string() + " -o " +
                       (dir / "t.bin").string() + " " + file.string());
    ASSERT_EQ(enc.code, 0) << enc.err;
    EXPECT_EQ(nlohmann::json::parse(enc.out)["bytes"], fs::file_size(file));
    auto dec = run_cli("tokenizer decode -t " + tok.string() + " -o " +
                       (dir / "back.txt").string() + " " + (dir / "t.bin").string());
    ASSERT_EQ(dec.code, 0) << dec.err;
    EXPECT_EQ(slurp(dir / "back.txt"), slurp(file)) << pattern;
  }
  // compare and inspect read both files and report on the same text.
  auto cmp = run_cli("tokenizer compare -q --json -t " + (dir / "gpt2.json").string() + " -t " +
                     (dir / "gpt4.json").string() + " " + sample);
  ASSERT_EQ(cmp.code, 0) << cmp.err;
  const auto table = nlohmann::json::parse(cmp.out);
  ASSERT_EQ(table.size(), 2u);
  EXPECT_GT(table[0]["bytes_per_token"].get<double>(), 2.0);
  EXPECT_GT(table[0]["coverage"]["Latin"].get<double>(), 0.99);
  EXPECT_EQ(table[0]["bytes"], table[1]["bytes"]);
  EXPECT_FALSE(table[0]["samples"].empty());
  auto inspect = run_cli("tokenizer inspect " + (dir / "gpt4.json").string());
  ASSERT_EQ(inspect.code, 0) << inspect.err;
  EXPECT_NE(inspect.out.find("GPT-4 split, vocabulary 1000 (1 special + 256 bytes + 743 merges)"),
            std::string::npos)
      << inspect.out;
  auto bad = run_cli("tokenizer decode -t " + (dir / "gpt2.json").string() + " -o x " +
                     (dir / "gpt2.json").string());
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("not a token file"), std::string::npos);
  auto small = run_cli("tokenizer train --vocab-size 100 --out x.json " + sample);
  EXPECT_EQ(small.code, 1);
  EXPECT_NE(small.err.find("smaller than the 256 bytes"), std::string::npos);
  fs::remove_all(dir);
}

TEST(TokenizerCli, UnigramAndWordPieceTrainReportTheirEventsAndRoundTrip) {
  const fs::path dir = fs::temp_directory_path() / ("ahenk-tok-uw-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string sample = AHENK_SAMPLE;
  const fs::path file = fs::path(sample) / "tr" / "4982-bilgi-edinme-hakki-kanunu.txt";
  // Unigram with byte fallback: every EM iteration and pruning step is reported, and without a
  // normalizer a valid UTF-8 file comes back byte for byte (NFKC would turn its "…" into "...").
  const auto uni = dir / "uni.json";
  auto train = run_cli(
      "tokenizer train -q --json --model unigram --byte-fallback --vocab-size 1500 "
      "--normalizer none --out " +
      uni.string() + " " + sample);
  ASSERT_EQ(train.code, 0) << train.err;
  auto report = nlohmann::json::parse(train.out);
  EXPECT_EQ(report["vocab_size"], 1500);
  EXPECT_GE(report["em"].size(), 4u);
  EXPECT_GE(report["prunes"].size(), 1u);
  EXPECT_FALSE(report["prunes"][0]["removed"].empty());
  for (const auto* name : {"uni.json", "wp.json"}) {
    if (std::string(name) == "wp.json") {
      train = run_cli(
          "tokenizer train -q --json --model wordpiece --vocab-size 1500 --normalizer none --out " +
          (dir / name).string() + " " + sample);
      ASSERT_EQ(train.code, 0) << train.err;
      report = nlohmann::json::parse(train.out);
      EXPECT_EQ(report["vocab_size"], 1500);
      EXPECT_GT(report["events"][0]["score"].get<double>(), 0.0);
    }
    auto enc = run_cli("tokenizer encode -q -t " + (dir / name).string() + " -o " +
                       (dir / "t.bin").string() + " " + file.string());
    ASSERT_EQ(enc.code, 0) << enc.err;
    auto dec = run_cli("tokenizer decode -t " + (dir / name).string() + " -o " +
                       (dir / "back.txt").string() + " " + (dir / "t.bin").string());
    ASSERT_EQ(dec.code, 0) << dec.err;
    EXPECT_TRUE(slurp(dir / "back.txt") == slurp(file)) << name;
  }
  // segment: n-best cuts with their log-probabilities, best first.
  auto seg = run_cli("tokenizer segment --json --nbest 3 -t " + uni.string() + " 'bilgi edinme'");
  ASSERT_EQ(seg.code, 0) << seg.err;
  const auto cuts = nlohmann::json::parse(seg.out);
  ASSERT_EQ(cuts.size(), 3u);
  EXPECT_GE(cuts[0]["log_probability"].get<double>(), cuts[1]["log_probability"].get<double>());
  auto wrong = run_cli("tokenizer segment --nbest 3 -t " + (dir / "wp.json").string() + " x");
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find("need a unigram tokenizer"), std::string::npos) << wrong.err;
  // compare reads all models; inspect names the model.
  auto cmp = run_cli("tokenizer compare -q --json -t " + uni.string() + " -t " +
                     (dir / "wp.json").string() + " " + sample);
  ASSERT_EQ(cmp.code, 0) << cmp.err;
  const auto table = nlohmann::json::parse(cmp.out);
  EXPECT_EQ(table[0]["model"], "unigram");
  EXPECT_EQ(table[1]["model"], "wordpiece");
  EXPECT_GT(table[0]["bytes_per_token"].get<double>(), table[1]["bytes_per_token"].get<double>());
  auto inspect = run_cli("tokenizer inspect " + uni.string());
  ASSERT_EQ(inspect.code, 0) << inspect.err;
  EXPECT_NE(inspect.out.find("Unigram LM, vocabulary 1500, byte fallback, normalizer none"),
            std::string::npos)
      << inspect.out;
  // A vocabulary smaller than the alphabet is refused with the reason.
  auto small = run_cli("tokenizer train --model unigram --vocab-size 20 --out x.json " + sample);
  EXPECT_EQ(small.code, 1);
  EXPECT_NE(small.err.find("characters the coverage keeps"), std::string::npos) << small.err;
  // A memory limit below what the corpus needs: documents are sampled, and the run says so.
  auto sampled = run_cli(
      "tokenizer train --json --model unigram --split line --vocab-size 500 "
      "--max-memory 1 --out " +
      (dir / "s.json").string() + " " + sample);
  ASSERT_EQ(sampled.code, 0) << sampled.err;
  const auto info = nlohmann::json::parse(sampled.out);
  EXPECT_LT(info["documents_used"].get<double>(), info["documents_seen"].get<double>());
  EXPECT_LE(info["memory_estimate"].get<double>(), 1024.0 * 1024.0);
  EXPECT_NE(sampled.err.find("sampled to stay within"), std::string::npos) << sampled.err;
  // A Hugging Face file of another kind is refused, naming the part.
  std::ofstream(dir / "wl.json") << R"({"model": {"type": "WordLevel", "vocab": {}}})";
  auto other = run_cli("tokenizer inspect " + (dir / "wl.json").string());
  EXPECT_EQ(other.code, 1);
  EXPECT_NE(other.err.find("WordLevel"), std::string::npos) << other.err;
  fs::remove_all(dir);
}

}  // namespace
