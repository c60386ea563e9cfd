// Shapes, tensors and the activation arena.
#include "ahenk/tensor/tensor.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>

namespace ahenk::tensor {

namespace {

constexpr std::size_t kAlignment = 64;

void* aligned_bytes(std::size_t bytes) {
  std::size_t rounded = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  void* p = std::aligned_alloc(kAlignment, rounded == 0 ? kAlignment : rounded);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

Shape::Shape(std::initializer_list<std::int64_t> dims) : Shape(std::vector<std::int64_t>(dims)) {}

Shape::Shape(const std::vector<std::int64_t>& dims) {
  if (dims.size() > 4) throw std::invalid_argument("a tensor has at most 4 dimensions");
  rank_ = static_cast<int>(dims.size());
  for (int i = 0; i < rank_; ++i) {
    if (dims[i] < 0) throw std::invalid_argument("negative tensor dimension");
    dims_[i] = dims[i];
  }
}

std::int64_t Shape::numel() const {
  std::int64_t n = 1;
  for (int i = 0; i < rank_; ++i) n *= dims_[i];
  return rank_ == 0 ? 0 : n;
}

std::string Shape::str() const {
  std::string s = "(";
  for (int i = 0; i < rank_; ++i) s += (i ? ", " : "") + std::to_string(dims_[i]);
  return s + ")";
}

bool Shape::operator==(const Shape& other) const {
  if (rank_ != other.rank_) return false;
  for (int i = 0; i < rank_; ++i)
    if (dims_[i] != other.dims_[i]) return false;
  return true;
}

Tensor Tensor::zeros(const Shape& shape) {
  Tensor t;
  std::size_t bytes = static_cast<std::size_t>(shape.numel()) * sizeof(float);
  void* p = aligned_bytes(bytes);
  std::memset(p, 0, bytes);
  t.owner_ = std::shared_ptr<void>(p, [](void* q) { std::free(q); });
  t.data_ = static_cast<float*>(p);
  t.shape_ = shape;
  return t;
}

Tensor Tensor::borrow(float* data, const Shape& shape) {
  Tensor t;
  t.data_ = data;
  t.shape_ = shape;
  return t;
}

void Tensor::fill(float value) const {
  for (std::int64_t i = 0, n = numel(); i < n; ++i) data_[i] = value;
}

Tensor Tensor::clone() const {
  Tensor t = zeros(shape_);
  if (numel() > 0) std::memcpy(t.data_, data_, bytes());
  return t;
}

Tensor Tensor::view(const Shape& shape) const {
  if (shape.numel() != numel())
    throw std::invalid_argument("cannot view a tensor of shape " + shape_.str() + " as " +
                                shape.str());
  Tensor t = *this;
  t.shape_ = shape;
  return t;
}

Arena::Arena(std::size_t block_bytes) : block_bytes_(block_bytes) {}

Arena::~Arena() {
  for (Block& b : blocks_) std::free(b.data);
}

float* Arena::allocate(std::size_t count, bool zero) {
  std::size_t bytes = (count * sizeof(float) + kAlignment - 1) / kAlignment * kAlignment;
  if (bytes == 0) bytes = kAlignment;
  while (current_ < blocks_.size() && blocks_[current_].offset + bytes > blocks_[current_].size)
    ++current_;
  if (current_ == blocks_.size()) {
    std::size_t size = std::max(block_bytes_, bytes);
    blocks_.push_back({static_cast<char*>(aligned_bytes(size)), size, 0});
    reserved_ += size;
  }
  Block& block = blocks_[current_];
  char* p = block.data + block.offset;
  block.offset += bytes;
  used_ += bytes;
  if (used_ > peak_) peak_ = used_;
  if (zero) std::memset(p, 0, count * sizeof(float));
  return reinterpret_cast<float*>(p);
}

void Arena::reset() {
  // Blocks that were too small for a request stay in the list; reuse starts from the first.
  for (Block& b : blocks_) b.offset = 0;
  current_ = 0;
  used_ = 0;
}

}  // namespace ahenk::tensor
