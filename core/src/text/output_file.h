// An output file written under a temporary name and renamed into place (see OutputFile).
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <streambuf>
#include <ostream>
#include <string_view>
#include <vector>

#include "ahenk/message.h"

namespace ahenk::text::detail {

namespace fs = std::filesystem;

// A stream buffer that collects writes in one large block and writes it with one call when full
// (std::filebuf sends every string of 1 KiB or more straight to writev: a system call per
// document, costly in a VM).
class BlockBuffer final : public std::streambuf {
 public:
  explicit BlockBuffer(int fd) : fd_(fd), block_(1 << 20) {
    setp(block_.data(), block_.data() + block_.size());
  }
  ~BlockBuffer() override { sync(); }
  BlockBuffer(const BlockBuffer&) = delete;
  BlockBuffer& operator=(const BlockBuffer&) = delete;

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n > epptr() - pptr()) {
      if (!drain()) return 0;
      if (n > epptr() - pptr()) return write_all(s, std::size_t(n)) ? n : 0;
    }
    std::memcpy(pptr(), s, std::size_t(n));
    pbump(int(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const std::size_t n = std::size_t(pptr() - pbase());
    setp(block_.data(), block_.data() + block_.size());
    return n == 0 || write_all(block_.data(), n);
  }
  bool write_all(const char* s, std::size_t n) {
    while (n > 0) {
      const ssize_t done = ::write(fd_, s, n);
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0) return false;
      s += done, n -= std::size_t(done);
    }
    return true;
  }
  int fd_;
  std::vector<char> block_;
};

// A file written under a temporary name in its folder and renamed into place by commit(), so a
// reader never sees a half-written output and an interrupted run leaves the old one alone.
class OutputFile {
 public:
  OutputFile(const fs::path& dir, const std::string& name)
      : final_(dir / name),
        partial_(dir / ("." + name + ".partial-" + std::to_string(::getpid()))),
        fd_(::open(partial_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)),
        buffer_(fd_),
        out_(&buffer_) {
    if (fd_ < 0)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                           "%1: cannot write (check the folder's "
                                           "permissions and free space)"),
                         {partial_.string()});
  }
  ~OutputFile() {
    if (!committed_) {
      close();
      std::error_code ignored;
      fs::remove(partial_, ignored);
    }
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  std::ostream& out() { return out_; }
  const fs::path& partial() const { return partial_; }
  // Writes what is buffered; throws when the disk refused it.
  void flush() {
    out_.flush();
    if (!out_)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"),
                         {partial_.string()});
  }
  void close() {
    if (fd_ < 0) return;
    out_.flush();
    ::close(fd_);
    fd_ = -1;
  }
  void commit() {
    flush();
    close();
    fs::rename(partial_, final_);
    committed_ = true;
  }

 private:
  fs::path final_, partial_;
  int fd_;
  BlockBuffer buffer_;
  std::ostream out_;
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
