// Interoperability with Hugging Face tokenizers and SentencePiece: a tokenizer.json written by
// Ahenk loads in the HF library (npm `tokenizers`, installed by packaging/install-test-tools.sh)
// and encodes the sample corpus to exactly the ids Ahenk produces, and decodes them to the same
// text, for all three models; files trained by HF load in Ahenk and encode the same; a
// SentencePiece model trained by spm_train (Debian `sentencepiece`) encodes as spm_encode does.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/token_stream.h"
#include "ahenk/tokenize/tokenizer.h"
#include "process.h"

namespace {
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

fs::path npm_modules() {
  return fs::path(AHENK_NPM_TOOLS) / "node_modules";
}

// HF's ids and decoded text for a file.
nlohmann::json hf_encode(const fs::path& tokenizer, const fs::path& file) {
  int code = 0;
  const std::string out =
      ahenk::test::run_command("NODE_PATH=" + npm_modules().string() + " node " + AHENK_HF_SCRIPT +
                                   " " + tokenizer.string() + " " + file.string() + " --decode",
                               &code);
  EXPECT_EQ(code, 0) << out;
  return nlohmann::json::parse(out);
}

TEST(HfTokenizers, AhenkTokenizerJsonEncodesIdenticallyInTheHfLibrary) {
  const fs::path modules = fs::path(AHENK_NPM_TOOLS) / "node_modules";
  if (!fs::exists(modules / "tokenizers")) {
    GTEST_SKIP()
        << "npm package 'tokenizers' not installed (packaging/install-test-tools.sh; offline?)";
  }
  const fs::path dir = fs::temp_directory_path() / ("ahenk-hf-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (const char* pattern : {"gpt2", "gpt4"}) {
    const auto tok = dir / (std::string(pattern) + ".json");
    auto train = ahenk::test::run_cli("tokenizer train -q --vocab-size 3000 --pattern " +
                                      std::string(pattern) + " --special '<|endoftext|>' --out " +
                                      tok.string() + " " + AHENK_SAMPLE);
    ASSERT_EQ(train.code, 0) << train.err;
    const ahenk::tokenize::BpeTokenizer ours(ahenk::tokenize::load_tokenizer_json(tok.string()));
    for (const auto& entry : fs::recursive_directory_iterator(AHENK_SAMPLE)) {
      if (!entry.is_regular_file()) continue;
      int code = 0;
      const std::string out =
          ahenk::test::run_command("NODE_PATH=" + modules.string() + " node " + AHENK_HF_SCRIPT +
                                       " " + tok.string() + " " + entry.path().string(),
                                   &code);
      ASSERT_EQ(code, 0) << out;
      const auto theirs = nlohmann::json::parse(out).get<std::vector<std::uint32_t>>();
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), {});
      EXPECT_EQ(ours.encode(text), theirs) << pattern << " " << entry.path();
    }
  }
  fs::remove_all(dir);
}

TEST(HfTokenizers, ATokenizerTrainedByHfLoadsInAhenkAndEncodesTheSame) {
  const fs::path modules = fs::path(AHENK_NPM_TOOLS) / "node_modules";
  if (!fs::exists(modules / "tokenizers")) {
    GTEST_SKIP()
        << "npm package 'tokenizers' not installed (packaging/install-test-tools.sh; offline?)";
  }
  const fs::path dir =
      fs::temp_directory_path() / ("ahenk-hf-trained-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto tok = dir / "hf.json";
  int code = 0;
  // Trained on the English sample only: its alphabet lacks Turkish letters, which HF then drops.
  const std::string out = ahenk::test::run_command(
      "NODE_PATH=" + modules.string() + " node " + AHENK_HF_TRAIN_SCRIPT + " " + tok.string() +
          " " + (fs::path(AHENK_SAMPLE) / "en" / "shakespeare.txt").string(),
      &code);
  ASSERT_EQ(code, 0) << out;
  const ahenk::tokenize::BpeTokenizer ours(ahenk::tokenize::load_tokenizer_json(tok.string()));
  for (const auto& entry : fs::recursive_directory_iterator(AHENK_SAMPLE)) {
    if (!entry.is_regular_file()) continue;
    const std::string ids =
        ahenk::test::run_command("NODE_PATH=" + modules.string() + " node " + AHENK_HF_SCRIPT +
                                     " " + tok.string() + " " + entry.path().string(),
                                 &code);
    ASSERT_EQ(code, 0) << ids;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(ours.encode(text), nlohmann::json::parse(ids).get<std::vector<std::uint32_t>>())
        << entry.path();
  }
  EXPECT_GT(ours.dropped_bytes(), 0u);  // the Turkish letters the English-only alphabet lacks
  fs::remove_all(dir);
}

TEST(HfTokenizers, AhenkUnigramAndWordPieceEncodeAndDecodeIdenticallyInTheHfLibrary) {
  if (!fs::exists(npm_modules() / "tokenizers")) {
    GTEST_SKIP()
        << "npm package 'tokenizers' not installed (packaging/install-test-tools.sh; offline?)";
  }
  const fs::path dir = fs::temp_directory_path() / ("ahenk-hf-uw-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::vector<std::pair<std::string, std::string>> configs = {
      {"unigram", "--model unigram --byte-fallback --special '<|endoftext|>' --vocab-size 3000"},
      {"unigram-nobf", "--model unigram --vocab-size 2000 --normalizer nfc"},
      {"wordpiece", "--model wordpiece --lowercase tr --vocab-size 3000 --special '[CLS]'"}};
  for (const auto& [name, options] : configs) {
    const auto tok = dir / (name + ".json");
    auto train = ahenk::test::run_cli("tokenizer train -q " + options + " --out " + tok.string() +
                                      " " + AHENK_SAMPLE);
    ASSERT_EQ(train.code, 0) << train.err;
    const auto ours = ahenk::tokenize::load_tokenizer(tok.string());
    for (const auto& entry : fs::recursive_directory_iterator(AHENK_SAMPLE)) {
      if (!entry.is_regular_file()) continue;
      const std::string text = slurp(entry.path());
      const auto theirs = hf_encode(tok, entry.path());
      const auto ids = ours->encode(text);
      EXPECT_EQ(ids, theirs["ids"].get<std::vector<std::uint32_t>>())
          << name << " " << entry.path();
      EXPECT_EQ(ours->decode(ids), theirs["decoded"].get<std::string>())
          << name << " " << entry.path();
    }
  }
  fs::remove_all(dir);
}

TEST(HfTokenizers, UnigramAndWordPieceTrainedByHfLoadInAhenkAndEncodeTheSame) {
  if (!fs::exists(npm_modules() / "tokenizers")) {
    GTEST_SKIP()
        << "npm package 'tokenizers' not installed (packaging/install-test-tools.sh; offline?)";
  }
  const fs::path dir = fs::temp_directory_path() / ("ahenk-hf-uwt-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path english = fs::path(AHENK_SAMPLE) / "en" / "shakespeare.txt";
  for (const std::string model : {"unigram", "wordpiece"}) {
    // An Ahenk file of the same model lends its pre-tokenizer and decoder to the HF-trained one.
    const auto like = dir / (model + "-ahenk.json");
    auto train =
        ahenk::test::run_cli("tokenizer train -q --model " + model + " --vocab-size 500 --out " +
                             like.string() + " " + english.string());
    ASSERT_EQ(train.code, 0) << train.err;
    const auto tok = dir / (model + "-hf.json");
    int code = 0;
    const std::string out = ahenk::test::run_command(
        "NODE_PATH=" + npm_modules().string() + " node " + AHENK_HF_TRAIN_SCRIPT + " --model " +
            model + " --like " + like.string() + " " + tok.string() + " " + english.string(),
        &code);
    ASSERT_EQ(code, 0) << out;
    const auto ours = ahenk::tokenize::load_tokenizer(tok.string());
    EXPECT_STREQ(ours->kind(), model.c_str());
    const auto theirs = hf_encode(tok, english);
    const auto ids = ours->encode(slurp(english));
    EXPECT_GT(ids.size(), 10000u);
    EXPECT_EQ(ids, theirs["ids"].get<std::vector<std::uint32_t>>()) << model;
    EXPECT_EQ(ours->decode(ids), theirs["decoded"].get<std::string>()) << model;
  }
  fs::remove_all(dir);
}

TEST(SentencePiece, AModelTrainedBySpmTrainEncodesAsSpmEncodeDoes) {
  int code = 0;
  ahenk::test::run_command("command -v spm_train spm_encode", &code);
  if (code != 0) GTEST_SKIP() << "spm_train not installed (Debian package sentencepiece)";
  const fs::path dir = fs::temp_directory_path() / ("ahenk-spm-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path english = fs::path(AHENK_SAMPLE) / "en" / "shakespeare.txt";
  // SentencePiece reads lines and collapses runs of spaces; Ahenk keeps spaces as they are, so
  // the lines compared have single spaces, plus Turkish and an emoji for the byte fallback.
  std::vector<std::string> lines;
  {
    std::ifstream in(english);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line.front() == ' ' || line.back() == ' ' ||
          line.find("  ") != std::string::npos)
        continue;
      lines.push_back(line);
    }
  }
  lines.push_back("İstanbul'da ılık bir gün 😀 ağaç");
  {
    std::ofstream out(dir / "lines.txt");
    for (const auto& line : lines) out << line << '\n';
  }
  for (const bool byte_fallback : {true, false}) {
    const auto prefix = dir / (byte_fallback ? "bf" : "plain");
    const std::string train = ahenk::test::run_command(
        "spm_train --minloglevel=2 --model_type=unigram --vocab_size=1500 --input=" +
            english.string() + " --model_prefix=" + prefix.string() +
            " --byte_fallback=" + (byte_fallback ? "true" : "false") + " 2>&1",
        &code);
    ASSERT_EQ(code, 0) << train;
    const std::string ids =
        ahenk::test::run_command("spm_encode --output_format=id --model=" + prefix.string() +
                                     ".model < " + (dir / "lines.txt").string(),
                                 &code);
    ASSERT_EQ(code, 0) << ids;
    const auto ours = ahenk::tokenize::load_tokenizer(prefix.string() + ".model");
    EXPECT_STREQ(ours->kind(), "unigram");
    std::istringstream theirs(ids);
    std::size_t same = 0;
    for (const auto& line : lines) {
      std::string row;
      std::getline(theirs, row);
      std::istringstream fields(row);
      std::vector<std::uint32_t> expected;
      for (std::uint32_t id; fields >> id;) expected.push_back(id);
      const auto got = ours->encode(line);
      EXPECT_EQ(got, expected) << line;
      same += got == expected;
      if (byte_fallback) {
        EXPECT_EQ(ours->decode(got), line);
      }
    }
    EXPECT_EQ(same, lines.size());
  }
  // Not a model: a clear error naming the file.
  std::ofstream(dir / "junk.model") << "\x08\xff\xff";
  try {
    ahenk::tokenize::load_tokenizer((dir / "junk.model").string());
    ADD_FAILURE() << "junk loaded";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("junk.model"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

}  // namespace
