// Reading a file's bytes, decompressing gzip or zstd on the fly (found by magic bytes).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

namespace ahenk::text::detail {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes; returns 0 at the end. Throws std::runtime_error on a read or
  // decompression error (the message says which and where).
  virtual std::size_t read(char* data, std::size_t size) = 0;
  // "", "gzip" or "zstd".
  virtual const char* compression() const = 0;
  // Bytes read from the file itself so far (compressed bytes for a compressed file).
  std::size_t consumed() const { return consumed_; }

 protected:
  std::size_t consumed_ = 0;
};

// Opens `path`; throws std::runtime_error (with the reason) when it cannot be opened.
std::unique_ptr<ByteSource> open_byte_source(const std::filesystem::path& path);

}  // namespace ahenk::text::detail
