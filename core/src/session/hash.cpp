#include "hash.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <vector>

#include "ahenk/message.h"

namespace ahenk::session::detail {

namespace fs = std::filesystem;

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr ||
      EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256: OpenSSL could not start a digest");
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
}

void Sha256::update(const void* data, std::size_t size) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data, size);
}

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), digest, &n);
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string sha256_bytes(std::string_view bytes) {
  Sha256 h;
  h.update(bytes.data(), bytes.size());
  return h.hex();
}

std::string sha256_file(const fs::path& path, std::int64_t* size) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open for reading"), {path.string()});
  Sha256 h;
  std::vector<char> buf(1 << 20);
  std::int64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = in.gcount();
    if (n > 0) h.update(buf.data(), static_cast<std::size_t>(n));
    total += n;
  }
  if (in.bad())
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: read error at byte %2"),
                       {path.string(), std::to_string(total)});
  if (size != nullptr) *size = total;
  return h.hex();
}

bool is_sha256_hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

namespace {

fs::path temporary_beside(const fs::path& target) {
  return target.parent_path() / (target.filename().string() + ".tmp" + std::to_string(::getpid()));
}

}  // namespace

void place_object(const fs::path& source, const fs::path& target, bool may_link) {
  if (fs::exists(target)) return;
  fs::create_directories(target.parent_path());
  fs::path tmp = temporary_beside(target);
  std::error_code ec;
  fs::remove(tmp, ec);
  bool linked = false;
  if (may_link) {
    fs::create_hard_link(source, tmp, ec);
    linked = !ec;
  }
  if (!linked) fs::copy_file(source, tmp, fs::copy_options::overwrite_existing);
  fs::rename(tmp, target);
}

void write_object(std::string_view bytes, const fs::path& target) {
  if (fs::exists(target)) return;
  fs::create_directories(target.parent_path());
  fs::path tmp = temporary_beside(target);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"),
                         {tmp.string()});
  }
  fs::rename(tmp, target);
}

}  // namespace ahenk::session::detail
