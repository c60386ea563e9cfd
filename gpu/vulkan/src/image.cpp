#include "ahenk/vulkan/image.h"

#include <stb_image_write.h>

#include <stdexcept>

namespace ahenk::vk {

void write_png(const Image& image, const std::string& path) {
  if (image.width == 0 || image.height == 0) throw std::runtime_error(path + ": empty image");
  const int ok =
      stbi_write_png(path.c_str(), static_cast<int>(image.width), static_cast<int>(image.height), 4,
                     image.rgba.data(), static_cast<int>(image.width * 4));
  if (!ok)
    throw std::runtime_error(path + ": cannot write the PNG (folder missing or not writable?)");
}

}  // namespace ahenk::vk
