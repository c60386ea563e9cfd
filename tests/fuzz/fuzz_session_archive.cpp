// A session archive (.tar.zst) from untrusted bytes: import_session must refuse anything altered,
// truncated or foreign with a clear std::exception and leave nothing behind; what it accepts opens.
#include <cstdlib>

#include "ahenk/session/archive.h"
#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "fuzz_support.h"

using namespace ahenk::session;
namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = ahenk::fuzz::write_input("a.tar.zst", data, size);
  const fs::path dest = ahenk::fuzz::scratch() / "out" / "s.ahenk";
  try {
    import_session(path, dest);
    Session s(dest);
    if (s.integrity_check() != "ok") std::abort();  // import checked it: this is a bug
    for (const auto& run : s.runs()) (void)s.series(run.id);
  } catch (const std::exception&) {
    // Refused: nothing may be left at the destination.
    if (fs::exists(dest) || fs::exists(data_dir(dest))) std::abort();
  }
  return 0;
}

std::vector<std::string> ahenk_fuzz_seeds() {
  const auto dir = ahenk::fuzz::scratch() / "seeds";
  fs::create_directories(dir);
  {
    SessionWriter w(dir / "lab.ahenk");
    auto run = w.begin_run({.kind = "train", .name = "seed"});
    for (int i = 0; i < 300; ++i) w.metric(run, i, "loss", 1.0 + i);
    w.artifact_bytes(run, "weights", "w.safetensors", std::string(70000, 'w'));  // stored beside
    w.artifact_bytes(run, "tokenizer", "tokenizer.json", "{}");                  // inline
    w.end_run(run, RunStatus::completed);
  }
  export_session(dir / "lab.ahenk", dir / "lab.tar.zst");
  std::vector<std::string> seeds{ahenk::fuzz::read_bytes(dir / "lab.tar.zst")};
  fs::remove_all(dir);
  return seeds;
}
