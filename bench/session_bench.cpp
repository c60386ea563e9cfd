// Session store speed (issue 7): how many metric rows per second the single writer commits, what
// recording costs a training run (every step's metrics, and a load of 100k rows/s), and how fast
// a session with a million metric rows opens to a chart-ready curve, against reading the raw rows.
//
//   build/bin/bench_session [--data FILE] [--rows 1000000] [--rounds 3] [--steps 40]
//                           [--flush SECONDS (the writer's commit interval)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "ahenk/train/trainer.h"

using namespace ahenk;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Writes every step's metrics like `ahenk train`, plus `extra_rate` rows per second of training
// spread over 256 more series (per-layer probes, say), each with its own advancing step, so every
// row is a new one.
class Recorder final : public train::TrainObserver {
 public:
  Recorder(session::SessionWriter& w, std::int64_t run, double extra_rate)
      : w_(w), run_(run), extra_rate_(extra_rate) {
    for (const char* n : {"loss", "lr", "grad_norm", "tokens_per_s", "mfu", "step_seconds"})
      step_keys_.push_back(w.key(n));
    for (int i = 0; i < 256; ++i) probe_keys_.push_back(w.key("probe/" + std::to_string(i)));
    probe_steps_.assign(256, 0);
  }
  void on_step(const train::StepMetrics& m) override {
    const double values[] = {m.loss, m.lr, m.grad_norm, m.tokens_per_s, m.mfu, m.step_seconds};
    w_.metrics(run_, m.step, step_keys_.data(), values, 6);
    rows += 6;
    const long extra = static_cast<long>(extra_rate_ * m.step_seconds);
    for (long i = 0; i < extra; ++i) {
      const std::size_t k = static_cast<std::size_t>(i) % probe_keys_.size();
      w_.metric(run_, probe_steps_[k]++, probe_keys_[k], 1.0 / (1.0 + static_cast<double>(i)));
    }
    rows += static_cast<std::uint64_t>(extra);
  }
  std::uint64_t rows = 0;

 private:
  session::SessionWriter& w_;
  std::int64_t run_;
  double extra_rate_;
  std::vector<session::SessionWriter::MetricKey> step_keys_, probe_keys_;
  std::vector<std::int64_t> probe_steps_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data = "../shared/data/tinyshakespeare.txt";
  long rows = 1000000;
  int rounds = 3, steps = 40;
  double flush = session::WriterOptions{}.flush_interval;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--data")) data = argv[i + 1];
    if (!std::strcmp(argv[i], "--rows")) rows = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--flush")) flush = std::atof(argv[i + 1]);
  }
  const fs::path dir =
      fs::temp_directory_path() / ("ahenk-bench-session-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  // 1. Writer throughput: `rows` rows of one metric (one per step), pushed as fast as possible.
  const fs::path big = dir / "big.ahenk";
  double push_s = 0, total_s = 0;
  {
    session::SessionWriter w(big);
    auto run = w.begin_run({.kind = "train", .name = "bench"});
    const auto loss = w.key("loss");
    auto t0 = Clock::now();
    for (long i = 0; i < rows; ++i) w.metric(run, i, loss, 3.0 / (1.0 + i * 1e-4));
    push_s = since(t0);
    w.flush();
    total_s = since(t0);
    auto st = w.stats();
    std::printf(
        "writer: %ld rows committed in %.2f s = %.0f rows/s (%llu transactions, %.2f s in "
        "them); producer %.0f ns per row\n",
        rows, total_s, rows / total_s, static_cast<unsigned long long>(st.transactions),
        st.busy_seconds, push_s / rows * 1e9);
  }

  // 2. Opening the million-row session to a chart-ready curve (levels) vs reading every row.
  std::vector<double> open_levels, open_raw;
  std::size_t points = 0;
  for (int r = 0; r < 5; ++r) {
    auto t0 = Clock::now();
    session::Session s(big);
    auto c = s.curve(1, "loss", 2000);
    open_levels.push_back(since(t0));
    points = c.points.size();
    t0 = Clock::now();
    session::Session s2(big);
    auto all = s2.metrics(1, "loss");
    std::vector<std::int64_t> st;
    std::vector<double> v;
    for (const auto& m : all) st.push_back(m.step), v.push_back(m.value);
    auto c2 = session::downsample(session::from_points("loss", st, v), 2000);
    open_raw.push_back(since(t0));
  }
  std::printf(
      "open %ld rows to a %zu-point curve: %.1f ms from levels, %.1f ms reading every row "
      "(%.1fx); file %.1f MB\n",
      rows, points, median(open_levels) * 1e3, median(open_raw) * 1e3,
      median(open_raw) / median(open_levels), fs::file_size(big) / 1e6);

  // 3. Training with and without recording.
  nlohmann::json spec = {{"model",
                          {{"arch", "transformer"},
                           {"vocab_size", 256},
                           {"d_model", 128},
                           {"n_layers", 4},
                           {"n_heads", 4},
                           {"ctx", 128}}},
                         {"train",
                          {{"batch_size", 16},
                           {"max_steps", 100000},
                           {"eval_interval", 0},
                           {"checkpoint_interval", 0},
                           {"log_interval", 100000},
                           {"warmup_steps", 10}}}};
  auto cfg = train::TrainConfig::from_json(spec);
  auto tokens = train::load_training_data({data}, "", 0.1);
  const char* names[] = {"no session", "every step (6 rows)", "every step + 100k rows/s"};
  std::vector<std::vector<double>> step_times(3);
  std::vector<double> achieved(3, 0);
  for (int round = 0; round < rounds; ++round) {
    for (int mode = 0; mode < 3; ++mode) {
      train::Trainer trainer(cfg, tokens, "");
      std::unique_ptr<session::SessionWriter> w;
      std::unique_ptr<Recorder> rec;
      if (mode > 0) {
        w = std::make_unique<session::SessionWriter>(
            dir / ("train" + std::to_string(mode) + "-" + std::to_string(round) + ".ahenk"),
            session::WriterOptions{.flush_interval = flush});
        auto run = w->begin_run({.kind = "train"});
        rec = std::make_unique<Recorder>(*w, run, mode == 2 ? 100000.0 : 0.0);
      }
      for (int i = 0; i < 5; ++i) trainer.step();  // warm up
      auto t0 = Clock::now();
      std::vector<double> times;
      for (int i = 0; i < steps; ++i) {
        auto m = trainer.step();
        if (rec) rec->on_step(m);
        times.push_back(m.step_seconds);
      }
      double wall = since(t0);
      if (w) w->flush();
      step_times[mode].push_back(median(times));
      if (rec) achieved[mode] = std::max(achieved[mode], rec->rows / wall);
    }
  }
  double base = median(step_times[0]);
  for (int mode = 0; mode < 3; ++mode) {
    double t = median(step_times[mode]);
    std::printf(
        "training %-26s median step %.2f ms, %+.2f%% vs no session%s\n", names[mode], t * 1e3,
        (t / base - 1) * 100,
        mode > 0 ? (", " + std::to_string(static_cast<long>(achieved[mode])) + " rows/s recorded")
                       .c_str()
                 : "");
  }
  fs::remove_all(dir);
  return 0;
}
