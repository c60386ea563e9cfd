// Ahenk's t-SNE (core/src/nn/tsne.cpp) on a float32 matrix, timed by phase, with the final KL
// divergence and the share of points whose nearest map neighbour has their label. Driven by
// bench/tsne_bench.py, which runs scikit-learn's Barnes-Hut t-SNE on the same matrix with the same
// settings.
//
//   build/bin/bench_tsne --input X.f32 --labels y.i32 --n 10000 --d 64 [--perplexity 30]
//                        [--iterations 1000] [--threads 2]
// Prints one JSON line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "ahenk/nn/tsne.h"

using namespace ahenk;
using Clock = std::chrono::steady_clock;

namespace {

class PhaseClock final : public ProgressSink {
 public:
  void report(const Progress& p) override {
    if (p.phase != phase_) {
      const auto now = Clock::now();
      if (!phase_.empty()) times_.push_back({phase_, seconds(now)});
      phase_ = p.phase;
      start_ = now;
    }
  }
  std::string json() {
    if (!phase_.empty()) times_.push_back({phase_, seconds(Clock::now())}), phase_.clear();
    std::string out = "{";
    for (std::size_t i = 0; i < times_.size(); ++i)
      out += (i ? ", \"" : "\"") + times_[i].first + "\": " + std::to_string(times_[i].second);
    return out + "}";
  }

 private:
  double seconds(Clock::time_point now) const {
    return std::chrono::duration<double>(now - start_).count();
  }
  std::string phase_;
  Clock::time_point start_ = Clock::now();
  std::vector<std::pair<std::string, double>> times_;
};

template <typename T>
std::vector<T> read_all(const std::string& path, std::size_t count) {
  std::vector<T> v(count);
  std::ifstream in(path, std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(v.data()), std::streamsize(count * sizeof(T)))) {
    std::fprintf(stderr, "cannot read %zu values from %s\n", count, path.c_str());
    std::exit(1);
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input, labels;
  long n = 0, d = 0;
  nn::TsneOptions options;
  options.snapshot_every = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--input") input = argv[i + 1];
    if (a == "--labels") labels = argv[i + 1];
    if (a == "--n") n = std::atol(argv[i + 1]);
    if (a == "--d") d = std::atol(argv[i + 1]);
    if (a == "--perplexity") options.perplexity = std::atof(argv[i + 1]);
    if (a == "--iterations") options.iterations = std::atoi(argv[i + 1]);
    if (a == "--threads") options.threads = std::atoi(argv[i + 1]);
  }
  if (input.empty() || n < 3 || d < 1) {
    std::fprintf(stderr, "usage: bench_tsne --input X.f32 [--labels y.i32] --n N --d D\n");
    return 2;
  }
  const auto X = read_all<float>(input, std::size_t(n * d));
  PhaseClock phases;
  double kl = 0;
  const auto t0 = Clock::now();
  const auto map = nn::tsne(X.data(), n, d, options, &phases, nullptr,
                            [&](const nn::TsneSnapshot& s) { kl = s.kl; });
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();
  double agree = -1;
  if (!labels.empty()) {
    const auto y = read_all<std::int32_t>(labels, std::size_t(n));
    // Nearest map neighbour by a grid-free brute force over a sample of 2000 points.
    const long step = std::max(1L, n / 2000);
    long hits = 0, tried = 0;
    for (long i = 0; i < n; i += step, ++tried) {
      double best = 1e300;
      long nearest = -1;
      for (long j = 0; j < n; ++j) {
        if (j == i) continue;
        const double dx = map.coords[std::size_t(2 * i)] - map.coords[std::size_t(2 * j)];
        const double dy = map.coords[std::size_t(2 * i + 1)] - map.coords[std::size_t(2 * j + 1)];
        if (dx * dx + dy * dy < best) best = dx * dx + dy * dy, nearest = j;
      }
      hits += y[std::size_t(i)] == y[std::size_t(nearest)];
    }
    agree = double(hits) / double(tried);
  }
  std::printf(
      "{\"n\": %ld, \"d\": %ld, \"seconds\": %.3f, \"kl\": %.4f, \"nn_agreement\": %.4f, "
      "\"phases\": %s}\n",
      n, d, total, kl, agree, phases.json().c_str());
  return 0;
}
