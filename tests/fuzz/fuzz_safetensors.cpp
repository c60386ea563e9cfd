// A safetensors file (checkpoints, optimizer state, fixtures) from untrusted bytes: read() gives
// the entries or a clear std::exception; reading any entry stays inside the file.
#include "ahenk/train/safetensors.h"
#include "fuzz_support.h"

using namespace ahenk::train;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = ahenk::fuzz::write_input("model.safetensors", data, size);
  try {
    const auto file = SafetensorsFile::read(path.string());
    for (const auto& [name, entry] : file.entries()) {
      try {
        if (entry.dtype == "F32") (void)file.f32(name);
        if (entry.dtype == "I32") (void)file.i32(name);
      } catch (const std::exception&) {
      }
    }
  } catch (const std::exception&) {
  }
  return 0;
}

std::vector<std::string> ahenk_fuzz_seeds() {
  const auto path = ahenk::fuzz::scratch() / "seed.safetensors";
  SafetensorsWriter w;
  const float weights[6] = {0.5f, -1.0f, 2.0f, 0.0f, 1e-3f, 7.0f};
  w.add_f32("embed.weight", {2, 3}, weights);
  w.add_i64("step", {100});
  w.metadata["config"] = "{\"d_model\": 3}";
  w.write(path.string());
  std::vector<std::string> seeds{ahenk::fuzz::read_bytes(path)};
  std::filesystem::remove(path);
  return seeds;
}
