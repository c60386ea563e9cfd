// Sessions through the CLI as a course lab uses them: every verb records itself (inputs with
// hashes, config, outputs, metrics), runs compare as a table and a PNG, a session travels as an
// archive that refuses tampering, and a default session catches runs given no --session.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ahenk/session/session.h"
#include "process.h"

namespace {
namespace fs = std::filesystem;
using ahenk::test::run_cli;
using ahenk::test::TempDir;

const std::string kTiny =
    " --preset shakespeare-char --set model.d_model=32 --set model.n_layers=1 --set model.n_heads=2"
    " --set model.ctx=32 --set train.batch_size=4 --set train.log_interval=5"
    " --set train.eval_interval=5 --set train.eval_batches=1 --set train.warmup_steps=2"
    " --set train.checkpoint_interval=5";

std::string sample_text() {
  return std::string(AHENK_SAMPLE) + "/en/shakespeare.txt";
}

nlohmann::json parse(const std::string& s) {
  return nlohmann::json::parse(s);
}

}  // namespace

TEST(SessionCli, RecordsEveryVerbAndComparesRuns) {
  TempDir dir("ahenk-session-cli");
  const std::string s = (dir.path() / "lab.ahenk").string();
  ASSERT_EQ(run_cli("session new " + s + " --name 'lab one'").code, 0);
  EXPECT_NE(run_cli("session new " + s).err.find("already exists"), std::string::npos);

  auto corpus = run_cli("corpus clean -q --split paragraph --session " + s + " --out " +
                        (dir.path() / "clean").string() + " " + AHENK_SAMPLE);
  ASSERT_EQ(corpus.code, 0) << corpus.err;
  EXPECT_NE(corpus.err.find("recorded as run 1 in " + s), std::string::npos) << corpus.err;
  auto tok = run_cli("tokenizer train -q --vocab-size 400 --session " + s + " --out " +
                     (dir.path() / "tok.json").string() + " " +
                     (dir.path() / "clean" / "kept.jsonl").string());
  ASSERT_EQ(tok.code, 0) << tok.err;
  for (const char* lr : {"1e-3", "3e-3"}) {
    auto train = run_cli("train --session " + s + kTiny + " --max-steps 20 --set train.lr=" + lr +
                         " --data " + sample_text());
    ASSERT_EQ(train.code, 0) << train.err;
  }
  auto eval = run_cli("eval --session " + s + " --checkpoint " +
                      (dir.path() / "lab.ahenk.d" / "runs" / "3").string() + " " + sample_text());
  ASSERT_EQ(eval.code, 0) << eval.err;
  ASSERT_EQ(run_cli("session note " + s + " --run 3 'lr 1e-3 is smoother'").code, 0);
  ASSERT_EQ(run_cli("session rename " + s + " 3 'lr 1e-3'").code, 0);
  EXPECT_NE(run_cli("session rename " + s + " 99 x").err.find("99"), std::string::npos);

  auto runs = run_cli("session runs --json " + s);
  ASSERT_EQ(runs.code, 0) << runs.err;
  auto j = parse(runs.out);
  ASSERT_EQ(j.size(), 5u);
  std::vector<std::string> kinds;
  for (const auto& r : j) {
    kinds.push_back(r["kind"]);
    EXPECT_EQ(r["status"], "completed") << r.dump();
    EXPECT_NE(r["command"].get<std::string>().find("--session"), std::string::npos);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"corpus", "tokenizer", "train", "train", "eval"}));
  EXPECT_EQ(j[1]["outputs"]["vocab_size"], 400);
  EXPECT_EQ(j[2]["config"]["train"]["lr"], 1e-3);
  EXPECT_EQ(j[2]["last_step"], 20);
  EXPECT_TRUE(j[2]["outputs"]["val_bpb"].is_number());
  EXPECT_TRUE(j[4]["outputs"]["bits_per_byte"].is_number());
  bool checkpoint_event = false;
  for (const auto& e : j[2]["events"]) checkpoint_event |= e["kind"] == "checkpoint";
  EXPECT_TRUE(checkpoint_event);

  {
    ahenk::session::Session session(s);
    // The corpus run's inputs: every sample file with its size and SHA-256.
    auto inputs = session.inputs(1);
    EXPECT_GE(inputs.size(), 2u);
    for (const auto& in : inputs) {
      EXPECT_EQ(in.size, static_cast<std::int64_t>(fs::file_size(in.path)));
      EXPECT_EQ(in.sha256.size(), 64u);
    }
    // The tokenizer's merges as a curve; the trainings' losses at every step; the final
    // checkpoint in full.
    EXPECT_GT(session.metrics(2, "corpus_tokens").size(), 100u);
    EXPECT_EQ(session.metrics(3, "loss").size(), 20u);
    std::set<std::string> stored;
    for (const auto& a : session.artifacts(3)) stored.insert(a.role + ":" + a.name);
    for (const char* name :
         {"checkpoint:state.json", "checkpoint:model-00000020.safetensors",
          "checkpoint:optimizer-00000020.safetensors", "weights:model-00000005.safetensors",
          "weights:model-00000010.safetensors", "weights:model-00000020.safetensors"})
      EXPECT_TRUE(stored.count(name)) << name;
    EXPECT_EQ(session.notes().size(), 1u);
    EXPECT_EQ(session.run(3).name, "lr 1e-3");
  }

  const std::string png = (dir.path() / "cmp.png").string();
  auto cmp = run_cli("session compare --json " + s + " 3 4 --points 5 --plot " + png);
  ASSERT_EQ(cmp.code, 0) << cmp.err;
  auto c = parse(cmp.out);
  ASSERT_GE(c["metrics"].size(), 2u);
  EXPECT_EQ(c["metrics"].back()["metric"], "loss");
  EXPECT_EQ(c["metrics"].back()["runs"].size(), 2u);
  EXPECT_EQ(c["metrics"].back()["steps"].back(), 20);
  // Different learning rates: different losses at the last step.
  EXPECT_NE(c["metrics"].back()["runs"][0]["last"], c["metrics"].back()["runs"][1]["last"]);
  std::ifstream png_in(png, std::ios::binary);
  char magic[8] = {};
  png_in.read(magic, 8);
  EXPECT_EQ(std::string(magic + 1, 3), "PNG");
  auto table = run_cli("session compare " + s + " 3 4 -m loss --smoothing 0.9");
  EXPECT_NE(table.out.find("loss (EMA 0.9)"), std::string::npos) << table.out;
  EXPECT_NE(run_cli("session compare " + s + " 3 99").err.find("no run 99"), std::string::npos);

  auto show = run_cli("session show --check " + s);
  EXPECT_NE(show.out.find("integrity ok"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("lab one"), std::string::npos);
  EXPECT_NE(show.out.find("lr 1e-3 is smoother"), std::string::npos);

  // Sharing: export, import elsewhere, the same runs and artifacts.
  const std::string archive = (dir.path() / "lab.tar.zst").string();
  ASSERT_EQ(run_cli("session export -q " + s + " " + archive).code, 0);
  const std::string copy = (dir.path() / "student" / "lab.ahenk").string();
  auto imported = run_cli("session import -q " + archive + " " + copy);
  ASSERT_EQ(imported.code, 0) << imported.err;
  EXPECT_EQ(parse(run_cli("session runs --json " + copy).out).size(), 5u);
  // A student continues run 3 from the imported session: its checkpoint comes from the
  // artifacts, since the teacher's folder is not there.
  fs::remove_all(dir.path() / "lab.ahenk.d" / "runs" / "3");
  auto more = run_cli("train --session " + copy + " --resume-run 3 --max-steps 25");
  ASSERT_EQ(more.code, 0) << more.err;
  EXPECT_NE(more.err.find("restored run 3"), std::string::npos) << more.err;
  EXPECT_EQ(ahenk::session::Session(copy).metrics(3, "loss").size(), 25u);

  // An archive altered after export (an entry changed, manifest kept) is refused.
  const fs::path x = dir.path() / "x";
  fs::create_directories(x);
  ASSERT_EQ(std::system(("tar -C " + x.string() + " --zstd -xf " + archive).c_str()), 0);
  {
    std::fstream f(x / "session.ahenk", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(5000);
    f.put('\x7f');
  }
  const std::string altered = (dir.path() / "altered.tar.gz").string();
  ASSERT_EQ(std::system(("tar -C " + x.string() + " -czf " + altered +
                         " manifest.json session.ahenk objects")
                            .c_str()),
            0);
  auto refused = run_cli("session import " + altered + " " + (dir.path() / "t.ahenk").string());
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("does not match its SHA-256"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir.path() / "t.ahenk"));
  // Truncated.
  std::string bytes;
  {
    std::ifstream in(archive, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto cut = dir.write("cut.tar.zst", bytes.substr(0, bytes.size() / 2));
  auto truncated = run_cli("session import " + cut + " " + (dir.path() / "u.ahenk").string());
  EXPECT_EQ(truncated.code, 1);
  EXPECT_NE(truncated.err.find("cut.tar.zst: not imported"), std::string::npos) << truncated.err;

  auto gc = run_cli("session gc " + s + " --grace 0");
  EXPECT_EQ(gc.code, 0) << gc.out << gc.err;
}

TEST(SessionCli, DefaultSessionAndNoSession) {
  TempDir dir("ahenk-session-default");
  const std::string env = "env XDG_DATA_HOME=" + dir.path().string() + " ";
  int code = 0;
  ahenk::test::run_command(env + AHENK_CLI + " corpus stats -q " + AHENK_SAMPLE + " 2>/dev/null",
                           &code);
  ASSERT_EQ(code, 0);
  const fs::path file = dir.path() / "ahenk" / "default.ahenk";
  ASSERT_TRUE(fs::exists(file));
  ahenk::session::Session s(file);
  ASSERT_EQ(s.runs().size(), 1u);
  EXPECT_EQ(s.runs()[0].kind, "corpus-stats");
  EXPECT_GT(s.runs()[0].outputs["bytes"].get<double>(), 1000);
  ahenk::test::run_command(
      env + AHENK_CLI + " corpus stats -q --no-session " + AHENK_SAMPLE + " 2>/dev/null", &code);
  EXPECT_EQ(ahenk::session::Session(file).runs().size(), 1u);
  auto list = ahenk::test::run_command(env + AHENK_CLI + " session list", &code);
  EXPECT_NE(list.find("default.ahenk"), std::string::npos) << list;
  // An explicit session that cannot be written is an error, not a silent skip.
  auto bad = run_cli("corpus stats -q --session /proc/ahenk.ahenk " + std::string(AHENK_SAMPLE));
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("/proc/ahenk.ahenk"), std::string::npos) << bad.err;
}
