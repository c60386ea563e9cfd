// Internal: SHA-256 (OpenSSL's libcrypto) of files and bytes, as lowercase hex, and the object
// store's atomic file placement.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ahenk::session::detail {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, std::size_t size);
  std::string hex();  // finishes; the object is spent afterwards

 private:
  void* ctx_;
};

std::string sha256_bytes(std::string_view bytes);
// Hash and size of a file, read in 1 MiB blocks. Throws naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& path, std::int64_t* size = nullptr);
bool is_sha256_hex(std::string_view text);

// Places `source` at `target` atomically (a temporary name, then rename): a hard link when
// allowed and possible, a copy otherwise. Does nothing when the target exists.
void place_object(const std::filesystem::path& source, const std::filesystem::path& target,
                  bool may_link);
void write_object(std::string_view bytes, const std::filesystem::path& target);

}  // namespace ahenk::session::detail
