// Interoperability with Hugging Face tokenizers: a tokenizer.json written by Ahenk loads in the HF
// library (npm `tokenizers`, installed by packaging/install-test-tools.sh) and encodes the sample
// corpus to exactly the ids Ahenk produces, for both split patterns.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/token_stream.h"
#include "process.h"

namespace {
namespace fs = std::filesystem;

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

}  // namespace
