// safetensors files (Hugging Face's weight format): an 8-byte little-endian header length, a JSON
// header {name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}, then the raw
// little-endian data. Ahenk writes checkpoints, optimizer state and reads the PyTorch fixtures with
// it.
//
//   ahenk::train::SafetensorsWriter w;
//   w.add_f32("embed.weight", tensor);  w.metadata["config"] = spec.dump();
//   w.write("model.safetensors");                 // to a temporary name, then renamed
//   auto file = ahenk::train::SafetensorsFile::read("model.safetensors");
//   std::vector<float> e = file.f32("embed.weight", {256, 128});   // checks dtype and shape
//
// Errors name the file, the byte offset or the tensor, and what is wrong (std::runtime_error).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ahenk/tensor/tensor.h"

namespace ahenk::train {

struct SafetensorsEntry {
  std::string dtype;  // "F32", "I32", "I64", "U8", ...
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0, end = 0;  // byte offsets in the data section
};

class SafetensorsFile {
 public:
  static SafetensorsFile read(const std::string& path);
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  const std::map<std::string, SafetensorsEntry>& entries() const { return entries_; }
  bool has(const std::string& name) const { return entries_.count(name) != 0; }
  // The data of an F32 tensor; with `expected_shape` non-empty, the shape must match.
  std::vector<float> f32(const std::string& name,
                         const std::vector<std::int64_t>& expected_shape = {}) const;
  std::vector<std::int32_t> i32(const std::string& name) const;
  // Copies an F32 tensor into `into` (whose shape it must have).
  void read_into(const std::string& name, const tensor::Tensor& into) const;
  const std::string& path() const { return path_; }

 private:
  const SafetensorsEntry& entry(const std::string& name, const char* dtype) const;
  std::string path_;
  std::map<std::string, std::string> metadata_;
  std::map<std::string, SafetensorsEntry> entries_;
  std::vector<char> data_;
};

class SafetensorsWriter {
 public:
  std::map<std::string, std::string> metadata;
  void add_f32(const std::string& name, const tensor::Tensor& t);
  void add_f32(const std::string& name, const std::vector<std::int64_t>& shape, const float* data);
  void add_i64(const std::string& name, const std::vector<std::int64_t>& values);
  // Writes `path` atomically (temporary file, fsync, rename).
  void write(const std::string& path) const;

 private:
  struct Pending {
    std::string name, dtype;
    std::vector<std::int64_t> shape;
    std::vector<char> bytes;
  };
  std::vector<Pending> pending_;
};

}  // namespace ahenk::train
