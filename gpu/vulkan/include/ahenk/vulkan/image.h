// An RGBA8 image in host memory, as read back from a render, and its PNG form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ahenk::vk {

struct Image {
  uint32_t width = 0;
  uint32_t height = 0;
  std::vector<uint8_t> rgba;  // (height, width, 4), rows top to bottom, R G B A

  const uint8_t* pixel(uint32_t x, uint32_t y) const { return &rgba[(size_t(y) * width + x) * 4]; }
};

// Writes a PNG; throws std::runtime_error naming the path when it cannot.
void write_png(const Image& image, const std::string& path);

}  // namespace ahenk::vk
