// Generation cost per token as the context grows: the Transformer's KV cache against Mamba's
// recurrent state, both at benchmark size S (randomly initialised: speed and memory do not depend
// on the weights). For each context length it prints the mean time per token over the 64 tokens
// before that position, the process's resident memory, and the bytes of per-sequence state (KV
// cache or conv window + SSM state).
//
//   build/bin/bench_generation [--max 8192] [--threads 2]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "ahenk/nn/model.h"
#include "ahenk/tensor/backend.h"
#include "ahenk/tensor/thread_pool.h"

using namespace ahenk;

namespace {

double rss_mib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  long max = 8192;
  int threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--max")) max = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
  }
  if (threads > 0) tensor::ThreadPool::set_global_threads(threads);
  const nlohmann::json specs[] = {{{"arch", "transformer"},
                                   {"vocab_size", 4096},
                                   {"d_model", 256},
                                   {"n_layers", 4},
                                   {"n_heads", 4},
                                   {"ctx", max}},
                                  {{"arch", "mamba"},
                                   {"vocab_size", 4096},
                                   {"d_model", 256},
                                   {"n_layers", 4},
                                   {"d_state", 16},
                                   {"expand", 2},
                                   {"ctx", 256}}};
  std::printf("| model | context | ms/token | RSS MiB | state bytes |\n|---|---|---|---|---|\n");
  for (const auto& spec : specs) {
    auto model = nn::make_model(spec, 1);
    auto gen = model->start_generation(tensor::cpu_backend());
    const bool mamba = spec["arch"] == "mamba";
    const long C = 256, L = 4;
    std::vector<long> marks;
    for (long m = 256; m <= max; m *= 2) marks.push_back(m);
    std::size_t next = 0;
    auto t0 = std::chrono::steady_clock::now();
    std::int32_t token = 1;
    for (long pos = 1; pos <= max && next < marks.size(); ++pos) {
      if (pos == marks[next] - 63) t0 = std::chrono::steady_clock::now();
      const float* logits = gen->step(token);
      token = std::int32_t((pos * 7919 + (logits[0] > 0 ? 1 : 0)) % 4096);
      if (pos == marks[next]) {
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count() /
                    64.0;
        double state =
            mamba ? double(L * (4 * 2 * C + 2 * C * 16) * 4) : double(L * 2 * pos * C * 4);
        std::printf("| %s | %ld | %.3f | %.0f | %.0f |\n", mamba ? "mamba" : "transformer", pos, ms,
                    rss_mib(), state);
        std::fflush(stdout);
        ++next;
      }
    }
  }
  return 0;
}
