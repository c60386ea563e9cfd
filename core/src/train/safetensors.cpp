// Reading and writing safetensors; every header field is checked before any data is trusted.
#include "ahenk/train/safetensors.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ahenk/message.h"

namespace ahenk::train {

namespace {

// `text` is "%1: ..." with the path as %1 and `args` from %2 on.
[[noreturn]] void fail(const std::string& path, const char* text, std::vector<Arg> args = {}) {
  args.insert(args.begin(), Arg(path));
  throw RuntimeError(text, std::move(args));
}

std::size_t dtype_size(const std::string& dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL") return 1;
  return 0;
}

std::string shape_str(const std::vector<std::int64_t>& s) {
  std::string out = "(";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + ")";
}

}  // namespace

SafetensorsFile SafetensorsFile::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: cannot open (does it exist and is it readable?)"));
  in.seekg(0, std::ios::end);
  std::uint64_t size = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  if (size < 8)
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: too short to be a safetensors file (%2 bytes)"),
         {std::to_string(size)});
  unsigned char len_bytes[8];
  in.read(reinterpret_cast<char*>(len_bytes), 8);
  std::uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = header_len << 8 | len_bytes[i];
  if (header_len > 100u << 20 || header_len > size - 8)
    fail(path,
         QT_TRANSLATE_NOOP("Engine",
                           "%1: byte 0: header length %2 is impossible for a file of %3 "
                           "bytes (truncated or not safetensors)"),
         {std::to_string(header_len), std::to_string(size)});
  std::string header(header_len, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(header);
  } catch (const nlohmann::json::parse_error& e) {
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: byte %2: the header is not valid JSON"),
         {std::to_string(8 + e.byte)});
  }
  if (!j.is_object())
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: byte 8: the header is not a JSON object"));
  SafetensorsFile file;
  file.path_ = path;
  std::uint64_t data_size = size - 8 - header_len;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "__metadata__") {
      if (!it.value().is_object())
        fail(path, QT_TRANSLATE_NOOP("Engine", "%1: __metadata__ is not an object"));
      for (auto m = it.value().begin(); m != it.value().end(); ++m) {
        if (!m.value().is_string())
          fail(path, QT_TRANSLATE_NOOP("Engine", "%1: __metadata__.%2 is not a string"), {m.key()});
        file.metadata_[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    const auto& v = it.value();
    SafetensorsEntry e;
    try {
      e.dtype = v.at("dtype").get<std::string>();
      e.shape = v.at("shape").get<std::vector<std::int64_t>>();
      auto offsets = v.at("data_offsets").get<std::vector<std::uint64_t>>();
      if (offsets.size() != 2) throw std::runtime_error("");
      e.begin = offsets[0];
      e.end = offsets[1];
    } catch (const std::exception&) {
      fail(
          path,
          QT_TRANSLATE_NOOP("Engine", "%1: tensor \"%2\": needs dtype, shape and two data_offsets"),
          {it.key()});
    }
    std::size_t width = dtype_size(e.dtype);
    if (width == 0)
      fail(path, QT_TRANSLATE_NOOP("Engine", "%1: tensor \"%2\": unknown dtype %3"),
           {it.key(), e.dtype});
    std::uint64_t count = 1;
    for (auto d : e.shape) {
      if (d < 0)
        fail(path, QT_TRANSLATE_NOOP("Engine", "%1: tensor \"%2\": negative dimension"),
             {it.key()});
      count *= static_cast<std::uint64_t>(d);
    }
    if (e.end < e.begin || e.end > data_size || e.end - e.begin != count * width)
      fail(path,
           QT_TRANSLATE_NOOP("Engine",
                             "%1: tensor \"%2\": data offsets [%3, %4) do not fit shape "
                             "%5 %6 in %7 data bytes (truncated file?)"),
           {it.key(), std::to_string(e.begin), std::to_string(e.end), shape_str(e.shape), e.dtype,
            std::to_string(data_size)});
    file.entries_[it.key()] = e;
  }
  file.data_.resize(data_size);
  in.read(file.data_.data(), static_cast<std::streamsize>(data_size));
  if (static_cast<std::uint64_t>(in.gcount()) != data_size)
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: read failed (truncated?)"));
  return file;
}

const SafetensorsEntry& SafetensorsFile::entry(const std::string& name, const char* dtype) const {
  auto it = entries_.find(name);
  if (it == entries_.end())
    fail(path_, QT_TRANSLATE_NOOP("Engine", "%1: has no tensor \"%2\""), {name});
  if (it->second.dtype != dtype)
    fail(path_, QT_TRANSLATE_NOOP("Engine", "%1: tensor \"%2\" is %3, expected %4"),
         {name, it->second.dtype, dtype});
  return it->second;
}

std::vector<float> SafetensorsFile::f32(const std::string& name,
                                        const std::vector<std::int64_t>& expected_shape) const {
  const auto& e = entry(name, "F32");
  if (!expected_shape.empty() && e.shape != expected_shape)
    fail(path_, QT_TRANSLATE_NOOP("Engine", "%1: tensor \"%2\" has shape %3, expected %4"),
         {name, shape_str(e.shape), shape_str(expected_shape)});
  std::vector<float> out((e.end - e.begin) / 4);
  std::memcpy(out.data(), data_.data() + e.begin, e.end - e.begin);
  return out;
}

std::vector<std::int32_t> SafetensorsFile::i32(const std::string& name) const {
  const auto& e = entry(name, "I32");
  std::vector<std::int32_t> out((e.end - e.begin) / 4);
  std::memcpy(out.data(), data_.data() + e.begin, e.end - e.begin);
  return out;
}

void SafetensorsFile::read_into(const std::string& name, const tensor::Tensor& into) const {
  auto values = f32(name, into.shape().dims());
  std::memcpy(into.data(), values.data(), values.size() * sizeof(float));
}

void SafetensorsWriter::add_f32(const std::string& name, const tensor::Tensor& t) {
  add_f32(name, t.shape().dims(), t.data());
}

void SafetensorsWriter::add_f32(const std::string& name, const std::vector<std::int64_t>& shape,
                                const float* data) {
  Pending p{name, "F32", shape, {}};
  std::int64_t count = 1;
  for (auto d : shape) count *= d;
  p.bytes.resize(static_cast<std::size_t>(count) * 4);
  std::memcpy(p.bytes.data(), data, p.bytes.size());
  pending_.push_back(std::move(p));
}

void SafetensorsWriter::add_i64(const std::string& name, const std::vector<std::int64_t>& values) {
  Pending p{name, "I64", {static_cast<std::int64_t>(values.size())}, {}};
  p.bytes.resize(values.size() * 8);
  std::memcpy(p.bytes.data(), values.data(), p.bytes.size());
  pending_.push_back(std::move(p));
}

void SafetensorsWriter::write(const std::string& path) const {
  nlohmann::ordered_json header;
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const auto& p : pending_) {
    header[p.name] = {{"dtype", p.dtype},
                      {"shape", p.shape},
                      {"data_offsets", {offset, offset + p.bytes.size()}}};
    offset += p.bytes.size();
  }
  std::string raw = header.dump();
  raw.append((8 - raw.size() % 8) % 8, ' ');
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail(tmp, QT_TRANSLATE_NOOP("Engine", "%1: cannot create (is the folder writable?)"));
    unsigned char len[8];
    std::uint64_t n = raw.size();
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>(n >> (8 * i));
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(raw.data(), static_cast<std::streamsize>(raw.size()));
    for (const auto& p : pending_)
      out.write(p.bytes.data(), static_cast<std::streamsize>(p.bytes.size()));
    out.flush();
    if (!out) fail(tmp, QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"));
  }
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: cannot rename the temporary file into place"));
}

}  // namespace ahenk::train
