#include "byte_source.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "ahenk/message.h"

namespace ahenk::text::detail {
namespace {

constexpr std::size_t kInputChunk = 1 << 18;

class PlainSource : public ByteSource {
 public:
  explicit PlainSource(std::ifstream in) : in_(std::move(in)) {}
  std::size_t read(char* data, std::size_t size) override {
    in_.read(data, static_cast<std::streamsize>(size));
    if (in_.bad()) throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "read error"));
    consumed_ += static_cast<std::size_t>(in_.gcount());
    return static_cast<std::size_t>(in_.gcount());
  }
  const char* compression() const override { return ""; }

 private:
  std::ifstream in_;
};

class GzipSource : public ByteSource {
 public:
  explicit GzipSource(std::ifstream in) : in_(std::move(in)), buffer_(kInputChunk) {
    std::memset(&stream_, 0, sizeof(stream_));
    // 16 + MAX_WBITS: expect a gzip header; concatenated members are handled in read().
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK)
      throw std::runtime_error("zlib init failed");
  }
  ~GzipSource() override { inflateEnd(&stream_); }

  std::size_t read(char* data, std::size_t size) override {
    stream_.next_out = reinterpret_cast<Bytef*>(data);
    stream_.avail_out = static_cast<uInt>(size);
    while (stream_.avail_out > 0 && !done_) {
      if (stream_.avail_in == 0) {
        in_.read(reinterpret_cast<char*>(buffer_.data()),
                 static_cast<std::streamsize>(buffer_.size()));
        if (in_.bad()) throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "read error"));
        stream_.next_in = buffer_.data();
        stream_.avail_in = static_cast<uInt>(in_.gcount());
        consumed_ += stream_.avail_in;
        if (stream_.avail_in == 0) {
          if (!member_done_) {
            throw RuntimeError(
                QT_TRANSLATE_NOOP("Engine", "the gzip stream is truncated (after %1 bytes)"),
                {std::to_string(stream_.total_out)});
          }
          done_ = true;
          break;
        }
      }
      member_done_ = false;
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_done_ = true;
        inflateReset(&stream_);  // a following gzip member, if any
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "corrupt gzip data: %1"),
                           {stream_.msg ? stream_.msg : "inflate failed"});
      }
    }
    return size - stream_.avail_out;
  }
  const char* compression() const override { return "gzip"; }

 private:
  std::ifstream in_;
  std::vector<Bytef> buffer_;
  z_stream stream_;
  bool done_ = false;
  bool member_done_ = true;
};

class ZstdSource : public ByteSource {
 public:
  explicit ZstdSource(std::ifstream in)
      : in_(std::move(in)), buffer_(ZSTD_DStreamInSize()), stream_(ZSTD_createDStream()) {
    if (!stream_) throw std::runtime_error("zstd init failed");
    ZSTD_initDStream(stream_);
  }
  ~ZstdSource() override { ZSTD_freeDStream(stream_); }

  std::size_t read(char* data, std::size_t size) override {
    ZSTD_outBuffer out{data, size, 0};
    while (out.pos < out.size && !done_) {
      if (input_.pos == input_.size) {
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        if (in_.bad()) throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "read error"));
        input_ = {buffer_.data(), static_cast<std::size_t>(in_.gcount()), 0};
        consumed_ += input_.size;
        if (input_.size == 0) {
          if (last_hint_ != 0)
            throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "the zstd stream is truncated"));
          done_ = true;
          break;
        }
      }
      last_hint_ = ZSTD_decompressStream(stream_, &out, &input_);
      if (ZSTD_isError(last_hint_)) {
        throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "corrupt zstd data: %1"),
                           {ZSTD_getErrorName(last_hint_)});
      }
    }
    return out.pos;
  }
  const char* compression() const override { return "zstd"; }

 private:
  std::ifstream in_;
  std::vector<char> buffer_;
  ZSTD_DStream* stream_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  std::size_t last_hint_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> open_byte_source(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "cannot open: %1"), {std::strerror(errno)});
  unsigned char magic[4] = {0, 0, 0, 0};
  in.read(reinterpret_cast<char*>(magic), 4);
  const auto got = in.gcount();
  in.clear();
  in.seekg(0);
  if (got >= 2 && magic[0] == 0x1F && magic[1] == 0x8B) {
    return std::make_unique<GzipSource>(std::move(in));
  }
  if (got == 4 && magic[0] == 0x28 && magic[1] == 0xB5 && magic[2] == 0x2F && magic[3] == 0xFD) {
    return std::make_unique<ZstdSource>(std::move(in));
  }
  return std::make_unique<PlainSource>(std::move(in));
}

}  // namespace ahenk::text::detail
