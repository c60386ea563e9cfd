// Session store speed (issue 7): how many metric rows per second the single writer commits, what
// recording costs a training run (every step's metrics, and a load of 100k rows/s), and how fast
// a session with a million metric rows opens to a chart-ready curve, against reading the raw rows.
//
//   build/bin/bench_session [--data FILE] [--rows 1000000] [--rounds 3] [--steps 30]
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
// spread over 256 more series (per-layer probes, say), so every row is a new one.
class Recorder final : public train::TrainObserver {
 public:
  Recorder(session::SessionWriter& w, std::int64_t run, double extra_rate, std::int64_t& probe_step)
      : w_(w), run_(run), extra_rate_(extra_rate), probe_step_(probe_step) {
    for (const char* n : {"loss", "lr", "grad_norm", "tokens_per_s", "mfu", "step_seconds"})
      step_keys_.push_back(w.key(n));
    for (int i = 0; i < 256; ++i) probe_keys_.push_back(w.key("probe/" + std::to_string(i)));
  }
  void on_step(const train::StepMetrics& m) override {
    const double values[] = {m.loss, m.lr, m.grad_norm, m.tokens_per_s, m.mfu, m.step_seconds};
    w_.metrics(run_, m.step, step_keys_.data(), values, 6);
    rows += 6;
    // Probes arrive as a row per series at a time (one call for all 256, as a per-layer probe
    // reports), each series with its own step, advancing from block to block as in a run.
    const long extra = static_cast<long>(extra_rate_ * m.step_seconds);
    const long batches = extra / static_cast<long>(probe_keys_.size());
    std::vector<double> probe(probe_keys_.size());
    for (long b = 0; b < batches; ++b) {
      for (std::size_t k = 0; k < probe.size(); ++k) probe[k] = 1.0 / (1.0 + double(b + k));
      w_.metrics(run_, probe_step_++, probe_keys_.data(), probe.data(), probe.size());
    }
    rows += static_cast<std::uint64_t>(batches) * probe_keys_.size();
  }
  std::uint64_t rows = 0;

 private:
  session::SessionWriter& w_;
  std::int64_t run_;
  double extra_rate_;
  std::vector<session::SessionWriter::MetricKey> step_keys_, probe_keys_;
  std::int64_t& probe_step_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data = "../shared/data/tinyshakespeare.txt";
  long rows = 1000000;
  int rounds = 3, steps = 30;
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

  // 1b. The writer's cost for a load of 100k rows/s over 256 series, committed once a second (the
  // training load of part 3 without the training): thread CPU time per simulated second.
  {
    session::SessionWriter w(dir / "probes.ahenk",
                             session::WriterOptions{.flush_interval = 3600, .max_batch = 1 << 22});
    auto run = w.begin_run({.kind = "train", .name = "probes"});
    std::vector<session::SessionWriter::MetricKey> keys;
    for (int i = 0; i < 256; ++i) keys.push_back(w.key("probe/" + std::to_string(i)));
    const int seconds =
        30;  // long enough for the WAL to be checkpointed into the file several times
    std::int64_t step = 0;
    std::vector<double> values(256);
    auto t0 = Clock::now();
    double producer = 0;
    for (int sec = 0; sec < seconds; ++sec) {
      auto p0 = Clock::now();
      for (int r = 0; r < 100000 / 256; ++r) {
        for (int k = 0; k < 256; ++k) values[k] = 1.0 / (1.0 + r + k);
        w.metrics(run, step++, keys.data(), values.data(), keys.size());
      }
      producer += since(p0);
      w.flush();
    }
    const double total = since(t0);
    auto st = w.stats();
    std::printf(
        "writer at 100k rows/s over 256 series, one commit per second: %.1f ms of commit per "
        "second (%.1f ms of CPU), producer %.0f ns per row (batched by step); %.1f s for %d "
        "simulated seconds\n",
        st.busy_seconds / seconds * 1e3, st.cpu_seconds / seconds * 1e3,
        producer / (seconds * 100000.0 / 256 * 256) * 1e9, total, seconds);
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

  // 2b. The same for one metric of a run that records many: 32 metrics of `rows` rows (read by
  // one scan of the range) and 128 metrics of rows / 4 (a lookup per bucket), 32 M rows each.
  for (const auto& [metrics, per_metric] : {std::pair{32, rows}, std::pair{128, rows / 4}}) {
    const fs::path many = dir / ("many-" + std::to_string(metrics) + ".ahenk");
    {
      session::SessionWriter w(many);
      auto run = w.begin_run({.kind = "train", .name = "many"});
      std::vector<session::SessionWriter::MetricKey> keys;
      for (int i = 0; i < metrics; ++i) keys.push_back(w.key("m/" + std::to_string(i)));
      std::vector<double> values(keys.size());
      for (long i = 0; i < per_metric; ++i) {
        for (std::size_t k = 0; k < keys.size(); ++k) values[k] = 3.0 / (1.0 + i * 1e-4) + k;
        w.metrics(run, i, keys.data(), values.data(), keys.size());
      }
    }
    std::vector<double> open_many;
    for (int r = 0; r < 5; ++r) {
      auto t0 = Clock::now();
      session::Session s(many);
      auto c = s.curve(1, "m/7", 2000);
      open_many.push_back(since(t0));
      points = c.points.size();
    }
    std::printf(
        "open one metric of %ld rows in a run of %d such metrics to a %zu-point curve: %.1f ms "
        "from levels; file %.1f MB\n",
        per_metric, metrics, points, median(open_many) * 1e3, fs::file_size(many) / 1e6);
    fs::remove(many);
  }

  // 3. Training with and without recording (--rounds 0 skips it).
  if (rounds <= 0) {
    fs::remove_all(dir);
    return 0;
  }
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
  // Each round trains one model with one session writer and runs the three modes as blocks of
  // `steps` steps on it, interleaved (four cycles of the three, the order rotated from round to
  // round); a recording block ends with a flush, so it pays for every row it recorded (that last
  // commit runs while training waits, which a run pays only at its flushes: blocks of 30 steps,
  // longer than the 1 s commit interval, let the others overlap the training as in a run).
  // Comparing blocks of the same trainer cancels what differs between trainers (memory layout, data
  // windows), and interleaving cancels drift; the overhead is the median over rounds of each
  // round's ratio to its no-recording blocks.
  const char* names[] = {"no session", "every step (6 rows)", "every step + 100k rows/s"};
  std::vector<std::vector<double>> ratios(3);
  std::vector<double> wall_s(3, 0), achieved(3, 0), writer_cpu(3, 0);
  for (int round = 0; round < rounds; ++round) {
    train::Trainer trainer(cfg, tokens, "");
    session::SessionWriter w(dir / ("train-" + std::to_string(round) + ".ahenk"),
                             session::WriterOptions{.flush_interval = flush});
    auto run = w.begin_run({.kind = "train"});
    std::int64_t probe_step = 0;
    for (int i = 0; i < 5; ++i) trainer.step();  // warm up
    std::vector<double> wall(3, 0);
    for (int k = 0; k < 12; ++k) {
      const int mode = (k + round) % 3;
      Recorder rec(w, run, mode == 2 ? 100000.0 : 0.0, probe_step);
      const double cpu0 = w.stats().cpu_seconds;
      auto t0 = Clock::now();
      for (int i = 0; i < steps; ++i) {
        auto m = trainer.step();
        if (mode > 0) rec.on_step(m);
      }
      if (mode > 0) w.flush();
      const double block = since(t0);
      wall[mode] += block;
      wall_s[mode] += block;
      if (mode > 0) {
        achieved[mode] = std::max(achieved[mode], rec.rows / block);
        writer_cpu[mode] = std::max(writer_cpu[mode], (w.stats().cpu_seconds - cpu0) / block);
      }
    }
    for (int mode = 0; mode < 3; ++mode) ratios[mode].push_back(wall[mode] / wall[0]);
  }
  for (int mode = 0; mode < 3; ++mode) {
    std::printf(
        "training %-26s %.2f ms per step, %+.2f%% vs no session (median of %d rounds of paired "
        "blocks)",
        names[mode], wall_s[mode] / (rounds * 4 * steps) * 1e3, (median(ratios[mode]) - 1) * 100,
        rounds);
    if (mode > 0)
      std::printf(", %ld rows/s recorded, writer CPU %.2f%% of one core",
                  static_cast<long>(achieved[mode]), writer_cpu[mode] * 100);
    std::printf("\n");
  }
  fs::remove_all(dir);
  return 0;
}
