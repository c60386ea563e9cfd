// The replay driver for a fuzz target when it is not built with libFuzzer (the default build, and
// the `fuzz` tests that ./test.sh runs):
//   fuzz_X [--mutations N] [--seed S] [FILE|DIR...]   each file, each seed, then N mutants of the
//                                                      files (of the seeds when no file is given)
//   fuzz_X --write-seeds DIR                            the engine-made seeds, for a libFuzzer run
// A target may throw std::exception for bad input (the engine's clear error); anything else (a
// crash, an abort, a sanitizer report, an escaped non-std exception) fails the run. Mutants are
// deterministic for a given --seed and given files, so a failure is reproduced by the same command
// line. Targets whose engine-made seeds hold wall-clock times (session files, archives) run under
// ctest from pinned copies in tests/fuzz/seeds/TARGET, so their mutants are the same on every run.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

void run_one(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

// One mutation in the spirit of libFuzzer's: flip bits, overwrite bytes with interesting values,
// erase, duplicate or insert a range, truncate, or splice in a range of another input.
std::string mutate(const std::string& in, const std::vector<std::string>& pool, std::mt19937& rng) {
  std::string s = in;
  auto pick = [&](std::size_t n) { return n == 0 ? std::size_t{0} : std::size_t(rng() % n); };
  const int rounds = 1 + static_cast<int>(rng() % 4);
  for (int r = 0; r < rounds; ++r) {
    switch (rng() % 7) {
      case 0:
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1: {
        static const unsigned char kValues[] = {0, 1, 0x7f, 0x80, 0xff, '"', '{', '}', '\\', 0xc3};
        if (!s.empty()) s[pick(s.size())] = static_cast<char>(kValues[rng() % sizeof kValues]);
        break;
      }
      case 2:
        if (!s.empty()) {
          const std::size_t at = pick(s.size());
          s.erase(at, 1 + pick(std::min<std::size_t>(64, s.size() - at)));
        }
        break;
      case 3:
        if (!s.empty()) {
          const std::size_t at = pick(s.size());
          const std::size_t len = 1 + pick(std::min<std::size_t>(256, s.size() - at));
          s.insert(pick(s.size() + 1), s.substr(at, len));
        }
        break;
      case 4:
        s.resize(pick(s.size() + 1));
        break;
      case 5: {
        // A little-endian 64-bit length or offset field set to an extreme value.
        if (s.size() >= 8) {
          const std::uint64_t v =
              rng() % 2 ? ~std::uint64_t{0} : (std::uint64_t{1} << (rng() % 63));
          const std::size_t at = pick(s.size() - 7);
          for (int b = 0; b < 8; ++b) s[at + b] = static_cast<char>(v >> (8 * b));
        }
        break;
      }
      default: {
        const std::string& other = pool[pick(pool.size())];
        if (!other.empty()) {
          const std::size_t at = pick(other.size());
          s.insert(pick(s.size() + 1), other.substr(at, 1 + pick(other.size() - at)));
        }
        break;
      }
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  long mutations = 0;
  unsigned seed = 1;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mutations" && i + 1 < argc) {
      mutations = std::strtol(argv[++i], nullptr, 10);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (arg == "--write-seeds" && i + 1 < argc) {
      const fs::path dir = argv[++i];
      fs::create_directories(dir);
      const auto seeds = ahenk_fuzz_seeds();
      for (std::size_t k = 0; k < seeds.size(); ++k)
        std::ofstream(dir / ("seed-" + std::to_string(k)), std::ios::binary) << seeds[k];
      std::printf("%zu seeds written to %s\n", seeds.size(), dir.c_str());
      return 0;
    } else if (arg == "-h" || arg == "--help") {
      std::printf("usage: %s [--mutations N] [--seed S] [FILE|DIR...] | --write-seeds DIR\n",
                  argv[0]);
      return 0;
    } else if (fs::is_directory(arg)) {
      for (const auto& e : fs::directory_iterator(arg))
        if (e.is_regular_file()) inputs.push_back(ahenk::fuzz::read_bytes(e.path()));
    } else if (fs::is_regular_file(arg)) {
      inputs.push_back(ahenk::fuzz::read_bytes(arg));
    } else {
      std::fprintf(stderr, "%s: no such file or folder: %s\n", argv[0], arg.c_str());
      return 2;
    }
  }
  // Mutants are made from the given files when there are any (pinned bytes: the same mutants on
  // every run), else from the engine's seeds; the engine's seeds always run once each.
  const std::size_t given = inputs.size();
  for (auto& s : ahenk_fuzz_seeds()) inputs.push_back(std::move(s));
  run_one("");
  for (const auto& input : inputs) run_one(input);
  const std::vector<std::string> pool =
      given > 0 ? std::vector<std::string>(inputs.begin(), inputs.begin() + long(given)) : inputs;
  std::mt19937 rng(seed);
  for (long m = 0; m < mutations; ++m) {
    const std::string& base = pool[static_cast<std::size_t>(rng() % pool.size())];
    run_one(mutate(base, pool, rng));
  }
  std::printf("%zu inputs and %ld mutants ran without a crash\n", inputs.size() + 1, mutations);
  std::error_code ec;
  fs::remove_all(ahenk::fuzz::scratch(), ec);
  return 0;
}
