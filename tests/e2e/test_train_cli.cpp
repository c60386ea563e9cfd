// `ahenk train | sample | eval` as a user runs them: JSON lines while training, a checkpoint that
// resumes, sampling and evaluation from it, tokenizer-encoded text, and clear errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"

namespace {
namespace fs = std::filesystem;
using ahenk::test::run_cli;

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

const std::string kTiny =
    " --set model.d_model=32 --set model.n_layers=2 --set model.n_heads=2 --set model.ctx=64"
    " --set train.batch_size=4 --set train.log_interval=2 --set train.eval_interval=4"
    " --set train.eval_batches=2 --set train.warmup_steps=2";

}  // namespace

TEST(TrainCli, TrainsResumesSamplesAndEvaluates) {
  const fs::path dir =
      fs::temp_directory_path() / ("ahenk-train-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string text = std::string(AHENK_SAMPLE) + "/en/shakespeare.txt";
  ASSERT_TRUE(fs::exists(text)) << text;
  auto train = run_cli("train --json --preset shakespeare-char" + kTiny + " --max-steps 8 --data " +
                       text + " --out " + (dir / "run").string());
  ASSERT_EQ(train.code, 0) << train.err;
  auto lines = json_lines(train.out);
  ASSERT_GE(lines.size(), 4u);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    for (const char* key : {"step", "loss", "lr", "grad_norm", "tokens_per_s"})
      EXPECT_TRUE(lines[i].contains(key)) << key << " in " << lines[i].dump();
  EXPECT_TRUE(lines[1].contains("val_loss"));  // step 4 evaluates
  const auto& final = lines.back();
  EXPECT_EQ(final["final"], true);
  EXPECT_EQ(final["step"], 8);
  for (const char* key : {"val_loss", "val_bpb", "tokens_per_s"})
    EXPECT_TRUE(final[key].is_number()) << key;
  EXPECT_LT(final["val_loss"].get<double>(), 5.5);  // below uniform (ln 256 = 5.55)

  // Resume to 12 steps: continues from 8.
  auto resumed = run_cli("train --json --resume " + (dir / "run").string() + " --max-steps 12");
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  auto more = json_lines(resumed.out);
  EXPECT_EQ(more.front()["step"], 10);
  EXPECT_EQ(more.back()["step"], 12);

  auto sample = run_cli("sample --json --checkpoint " + (dir / "run").string() +
                        " --prompt ROMEO --max-tokens 20 --top-k 5 --seed 3");
  ASSERT_EQ(sample.code, 0) << sample.err;
  auto s = nlohmann::json::parse(sample.out);
  EXPECT_EQ(s["tokens"].size(), 20u);
  EXPECT_EQ(s["prompt"], "ROMEO");
  for (const auto& t : s["tokens"]) EXPECT_GT(t["probability"].get<double>(), 0.0);
  auto again = run_cli("sample --json --checkpoint " + (dir / "run").string() +
                       " --prompt ROMEO --max-tokens 20 --top-k 5 --seed 3 --alternatives 3");
  auto a = nlohmann::json::parse(again.out);
  EXPECT_EQ(a["text"], s["text"]);  // same seed, same text (alternatives change nothing)
  for (const auto& t : a["tokens"]) {
    ASSERT_EQ(t["alternatives"].size(), 3u);
    EXPECT_GE(t["alternatives"][0]["probability"].get<double>(), t["probability"].get<double>());
  }

  auto eval = run_cli("eval --json --checkpoint " + (dir / "run").string() + " " + text);
  ASSERT_EQ(eval.code, 0) << eval.err;
  auto e = nlohmann::json::parse(eval.out);
  EXPECT_EQ(e["tokens"].get<std::uint64_t>() + 1, fs::file_size(text));
  EXPECT_NEAR(e["bits_per_byte"].get<double>(),
              e["loss"].get<double>() / std::log(2.0) * e["tokens"].get<double>() /
                  double(fs::file_size(text)),
              1e-9);

  // The Inspect views of the checkpoint, drawn headless to PNG (ahenk render).
  for (const char* view : {"attention", "embeddings", "rope"}) {
    const fs::path png = dir / (std::string(view) + ".png");
    auto render =
        run_cli(std::string("render ") + view + " --json --checkpoint " + (dir / "run").string() +
                " --prompt ROMEO --width 320 --height 200 --out " + png.string());
    ASSERT_EQ(render.code, 0) << view << ": " << render.err;
    auto r = nlohmann::json::parse(render.out);
    EXPECT_EQ(r["tokens"], 5);
    EXPECT_EQ(r["arch"], "transformer");
    std::ifstream in(png, std::ios::binary);
    char magic[8] = {};
    in.read(magic, 8);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG") << view;
    EXPECT_GT(fs::file_size(png), 1000u) << view;
  }
  // The t-SNE map of the vocabulary instead of PCA.
  auto tsne = run_cli(
      "render embeddings -q --json --projection tsne --iterations 120 "
      "--perplexity 10 --checkpoint " +
      (dir / "run").string() + " --width 320 --height 200 --out " + (dir / "tsne.png").string());
  ASSERT_EQ(tsne.code, 0) << tsne.err;
  EXPECT_EQ(nlohmann::json::parse(tsne.out)["projection"], "tsne");
  EXPECT_GT(fs::file_size(dir / "tsne.png"), 1000u);
  auto bad_perplexity = run_cli(
      "render embeddings --projection tsne --perplexity 900 "
      "--checkpoint " +
      (dir / "run").string() + " --out " + (dir / "t.png").string());
  EXPECT_EQ(bad_perplexity.code, 1);
  EXPECT_NE(bad_perplexity.err.find("perplexity"), std::string::npos) << bad_perplexity.err;
  EXPECT_FALSE(fs::exists(dir / "t.png"));
  auto scan = run_cli("render scan --checkpoint " + (dir / "run").string() + " --out " +
                      (dir / "scan.png").string());
  EXPECT_EQ(scan.code, 1);
  EXPECT_NE(scan.err.find("needs a Mamba model"), std::string::npos) << scan.err;
  EXPECT_FALSE(fs::exists(dir / "scan.png"));
  auto bad_layer = run_cli("render rope --layer 9 --checkpoint " + (dir / "run").string() +
                           " --out " + (dir / "r.png").string());
  EXPECT_EQ(bad_layer.code, 1);
  EXPECT_NE(bad_layer.err.find("layer 9 out of range"), std::string::npos) << bad_layer.err;
  fs::remove_all(dir);
}

TEST(TrainCli, TrainsOnTextThroughATokenizer) {
  const fs::path dir =
      fs::temp_directory_path() / ("ahenk-train-tok-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string sample = AHENK_SAMPLE;
  auto tok = run_cli("tokenizer train -q --vocab-size 400 --out " + (dir / "tok.json").string() +
                     " " + sample);
  ASSERT_EQ(tok.code, 0) << tok.err;
  const std::string text = sample + "/en/shakespeare.txt";
  auto train =
      run_cli("train --json --preset shakespeare-char" + kTiny + " --max-steps 4 --tokenizer " +
              (dir / "tok.json").string() + " --data " + text + " --out " + (dir / "run").string());
  ASSERT_EQ(train.code, 0) << train.err;
  EXPECT_NE(train.err.find("vocab_size set to the tokenizer's 400"), std::string::npos)
      << train.err;
  EXPECT_TRUE(fs::exists(dir / "run" / "tokenizer.json"));
  auto final = json_lines(train.out).back();
  EXPECT_TRUE(final["val_bpb"].is_number());
  auto sample_out =
      run_cli("sample --checkpoint " + (dir / "run").string() + " --prompt KING --max-tokens 5");
  ASSERT_EQ(sample_out.code, 0) << sample_out.err;
  EXPECT_EQ(sample_out.out.rfind("KING", 0), 0u);
  fs::remove_all(dir);
}

TEST(TrainCli, BadInputsGetClearErrors) {
  const fs::path dir =
      fs::temp_directory_path() / ("ahenk-train-bad-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto typo = run_cli("train --set model.d_modle=64 --data x --out " + dir.string());
  EXPECT_EQ(typo.code, 1);
  EXPECT_NE(typo.err.find("unknown transformer setting \"d_modle\""), std::string::npos)
      << typo.err;
  auto preset = run_cli("train --preset nope --data x --out " + dir.string());
  EXPECT_EQ(preset.code, 1);
  EXPECT_NE(preset.err.find("shakespeare-char"), std::string::npos) << preset.err;
  auto missing = run_cli("train --data /nonexistent.txt --out " + dir.string());
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("/nonexistent.txt"), std::string::npos) << missing.err;
  std::ofstream(dir / "short.txt") << "tiny";
  auto small =
      run_cli("train --data " + (dir / "short.txt").string() + " --out " + (dir / "r").string());
  EXPECT_EQ(small.code, 1);
  EXPECT_NE(small.err.find("fewer than one window"), std::string::npos) << small.err;
  auto no_ckpt = run_cli("sample --checkpoint " + dir.string());
  EXPECT_EQ(no_ckpt.code, 1);
  EXPECT_NE(no_ckpt.err.find("state.json"), std::string::npos) << no_ckpt.err;
  fs::remove_all(dir);
}

TEST(TrainCli, CompareTrainsEachFamilyUnderTheSameBudget) {
  const fs::path dir =
      fs::temp_directory_path() / ("ahenk-compare-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string text = std::string(AHENK_SAMPLE) + "/en/shakespeare.txt";
  const std::string train = R"("train": {"batch_size": 2, "warmup_steps": 2, "eval_batches": 1})";
  std::ofstream(dir / "t.json")
      << R"({"model": {"arch": "transformer", "d_model": 16, "n_layers": 1, "n_heads": 2, "ctx": 16}, )"
      << train << "}";
  std::ofstream(dir / "m.json")
      << R"({"model": {"arch": "mamba", "d_model": 16, "n_layers": 1, "d_state": 4, "ctx": 16}, )"
      << train << "}";
  std::ofstream(dir / "s.json")
      << R"({"model": {"arch": "spiking", "d_model": 16, "n_layers": 1, "n_heads": 2, "ctx": 16}, )"
      << train << "}";
  auto r =
      run_cli("compare --json --max-time 1 --max-steps 3 --data " + text + " -o " +
              (dir / "out").string() + " --config " + (dir / "t.json").string() + " --config " +
              (dir / "m.json").string() + " --config " + (dir / "s.json").string());
  ASSERT_EQ(r.code, 0) << r.err;
  auto table = nlohmann::json::parse(r.out);
  ASSERT_EQ(table["runs"].size(), 3u);
  const char* arch[] = {"transformer", "mamba", "spiking"};
  for (int i = 0; i < 3; ++i) {
    const auto& row = table["runs"][i];
    EXPECT_EQ(row["arch"], arch[i]);
    EXPECT_LE(row["steps"].get<int>(), 3);
    EXPECT_GT(row["val_bpb"].get<double>(), 0.0);
    EXPECT_GT(row["peak_mib"].get<double>(), 0.0);
    EXPECT_TRUE(
        fs::exists(dir / "out" / row["name"].get<std::string>() / "checkpoint" / "state.json"));
  }
  EXPECT_TRUE(table["runs"][2].contains("synaptic_ops_per_token"));
  EXPECT_TRUE(fs::exists(dir / "out" / "compare.md"));
  // One config is not a comparison; a broken one is reported with its log, not hidden.
  EXPECT_NE(run_cli("compare --data " + text + " -o " + (dir / "x").string() + " --config " +
                    (dir / "t.json").string())
                .code,
            0);
  fs::remove_all(dir);
}
