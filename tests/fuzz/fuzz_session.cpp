// A session file (SQLite) from untrusted bytes: opening it and reading everything the GUI and the
// CLI read must give data or a clear std::exception, never a crash.
#include "ahenk/session/curves.h"
#include "ahenk/session/schema.h"
#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "fuzz_support.h"

using namespace ahenk::session;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = ahenk::fuzz::write_input("s.ahenk", data, size);
  try {
    Session s(path);
    (void)s.schema_version();
    (void)s.meta();
    (void)s.notes();
    (void)s.integrity_check();
    for (const auto& run : s.runs()) {
      (void)s.inputs(run.id);
      (void)s.events(run.id);
      for (const auto& a : s.artifacts(run.id)) {
        try {
          (void)s.artifact_bytes(a.sha256);
        } catch (const std::exception&) {
        }
      }
      for (const auto& series : s.series(run.id)) {
        (void)s.metrics(run.id, series.name);
        const Curve c = s.curve(run.id, series.name, 64);
        (void)ema(c, 0.9);
        (void)band(c, 8);
        (void)extremes_polyline(c);
        (void)downsample(c, 16);
      }
    }
  } catch (const std::exception&) {
  }
  return 0;
}

std::vector<std::string> ahenk_fuzz_seeds() {
  const auto dir = ahenk::fuzz::scratch() / "seeds";
  std::filesystem::create_directories(dir);
  std::vector<std::string> seeds;
  {
    SessionWriter w(dir / "a.ahenk");
    auto run = w.begin_run({.kind = "train", .name = "seed"});
    for (int i = 0; i < 700; ++i) w.metric(run, i, "loss", 3.0 - i * 0.002);
    for (int i = 0; i < 700; i += 50) w.metric(run, i, "val_loss", 2.5 - i * 0.001);
    w.event(run, "pause", "by the user");
    w.note(run, "a note");
    w.artifact_bytes(run, "tokenizer", "tokenizer.json", "{\"model\": {}}");
    w.end_run(run, RunStatus::completed);
    auto child = w.begin_run({.kind = "eval", .parent = run});
    w.metric(child, 0, "bpb", 1.25);
  }
  seeds.push_back(ahenk::fuzz::read_bytes(dir / "a.ahenk"));
  create_at_version(dir / "v1.ahenk", 1);
  seeds.push_back(ahenk::fuzz::read_bytes(dir / "v1.ahenk"));
  std::filesystem::remove_all(dir);
  return seeds;
}
