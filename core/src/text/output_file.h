// An output file written under a temporary name and renamed into place (see OutputFile).
#pragma once

#include <fcntl.h>
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

// A file read back at given offsets (pread: thread-safe, no seek, no mapping that would count the
// whole file in the process's memory).
class ReadBack {
 public:
  explicit ReadBack(const fs::path& path)
      : path_(path), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot read it back"), {path.string()});
  }
  ~ReadBack() { ::close(fd_); }
  ReadBack(const ReadBack&) = delete;
  ReadBack& operator=(const ReadBack&) = delete;
  std::string read(std::uint64_t offset, std::size_t length) const {
    std::string out(length, '\0');
    std::size_t done = 0;
    while (done < length) {
      const ssize_t got = ::pread(fd_, out.data() + done, length - done, off_t(offset + done));
      if (got <= 0)
        throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot read it back"),
                           {path_.string()});
      done += std::size_t(got);
    }
    return out;
  }

 private:
  fs::path path_;
  int fd_;
};

}  // namespace ahenk::text::detail
