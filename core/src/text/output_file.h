// An output file written under a temporary name and renamed into place (see OutputFile).
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ahenk/message.h"

namespace ahenk::text::detail {

namespace fs = std::filesystem;

// A file written under a temporary name in its folder and renamed into place by commit(), so a
// reader never sees a half-written output and an interrupted run leaves the old one alone.
class OutputFile {
 public:
  OutputFile(const fs::path& dir, const std::string& name)
      : final_(dir / name),
        partial_(dir / ("." + name + ".partial-" + std::to_string(::getpid()))) {
    buffer_.resize(1 << 20);  // few large writes instead of many small ones
    out_.rdbuf()->pubsetbuf(buffer_.data(), std::streamsize(buffer_.size()));
    out_.open(partial_, std::ios::binary | std::ios::trunc);
    if (!out_)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                           "%1: cannot write (check the folder's "
                                           "permissions and free space)"),
                         {partial_.string()});
  }
  ~OutputFile() {
    if (!committed_) {
      out_.close();
      std::error_code ignored;
      fs::remove(partial_, ignored);
    }
  }
  std::ofstream& out() { return out_; }
  const fs::path& partial() const { return partial_; }
  void commit() {
    out_.flush();
    if (!out_)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"),
                         {partial_.string()});
    out_.close();
    fs::rename(partial_, final_);
    committed_ = true;
  }

 private:
  fs::path final_, partial_;
  std::vector<char> buffer_;
  std::ofstream out_;
  bool committed_ = false;
};

// A file mapped read-only into memory (an empty file maps to an empty view).
class MappedFile {
 public:
  explicit MappedFile(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
      if (fd >= 0) ::close(fd);
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot read it back"), {path.string()});
    }
    size_ = std::size_t(st.st_size);
    if (size_ > 0) {
      void* at = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (at == MAP_FAILED) {
        ::close(fd);
        throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot read it back"), {path.string()});
      }
      data_ = static_cast<const char*>(at);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view view() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ahenk::text::detail
