// Shared by the fuzz targets (tests/fuzz, docs/fuzzing.md). Each target defines
// LLVMFuzzerTestOneInput (libFuzzer's entry point) and ahenk_fuzz_seeds(), valid inputs made by the
// engine itself, which the replay driver (driver.cpp) writes out and mutates.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace ahenk::fuzz {

// A scratch folder for this process, emptied on every input (the engine reads files, not bytes).
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("ahenk-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline void clear_scratch() {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(scratch(), ec))
    std::filesystem::remove_all(e.path(), ec);
}

// Writes `data` to scratch()/name and returns the path.
inline std::filesystem::path write_input(const std::string& name, const std::uint8_t* data,
                                         std::size_t size) {
  clear_scratch();
  const auto path = scratch() / name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

inline std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace ahenk::fuzz

// Valid inputs of this target, made with the engine (the seeds a fuzzing campaign starts from).
std::vector<std::string> ahenk_fuzz_seeds();
