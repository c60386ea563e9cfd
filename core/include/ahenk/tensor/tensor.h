// Tensors of the training engine: f32 row-major arrays with a shape, owned or borrowed, and the
// arena that activations are allocated from.
//
//   ahenk::tensor::Tensor w = ahenk::tensor::Tensor::zeros({256, 512});  // owns 64-byte-aligned
//   memory ahenk::tensor::Arena arena;                        // per step: activations, their
//   gradients ahenk::tensor::Tensor h = arena.zeros({16 * 256, 512});             // zero-filled,
//   borrowed arena.reset();                                     // h is now dangling; the memory is
//   reused
//
// Storage is f32; `DType` leaves room for bf16 storage (weights kept in bf16, computed in f32),
// which no kernel reads yet. Threading: a Tensor is a handle; concurrent writes to one need the
// caller's synchronisation. An Arena belongs to one thread (the training job's owner thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace ahenk::tensor {

enum class DType : std::uint8_t { F32 };

// Up to 4 dimensions, row-major (the last dimension is contiguous).
class Shape {
 public:
  Shape() = default;
  Shape(std::initializer_list<std::int64_t> dims);
  explicit Shape(const std::vector<std::int64_t>& dims);
  int rank() const { return rank_; }
  std::int64_t operator[](int i) const { return dims_[i]; }
  std::int64_t numel() const;
  std::vector<std::int64_t> dims() const { return {dims_, dims_ + rank_}; }
  std::string str() const;  // "(16, 256, 512)"
  bool operator==(const Shape& other) const;

 private:
  std::int64_t dims_[4] = {0, 0, 0, 0};
  int rank_ = 0;
};

class Tensor {
 public:
  Tensor() = default;
  // Owns fresh zeroed memory (64-byte aligned).
  static Tensor zeros(const Shape& shape);
  // Borrows `data` (which must outlive the tensor and every copy of it).
  static Tensor borrow(float* data, const Shape& shape);

  float* data() const { return data_; }
  const Shape& shape() const { return shape_; }
  std::int64_t numel() const { return shape_.numel(); }
  std::int64_t dim(int i) const { return shape_[i]; }
  bool defined() const { return data_ != nullptr; }
  DType dtype() const { return DType::F32; }
  std::size_t bytes() const { return static_cast<std::size_t>(numel()) * sizeof(float); }
  void fill(float value) const;
  Tensor clone() const;  // an owning deep copy
  // Same memory, another shape with the same element count (throws std::invalid_argument
  // otherwise).
  Tensor view(const Shape& shape) const;

 private:
  float* data_ = nullptr;
  Shape shape_;
  std::shared_ptr<void> owner_;  // null when borrowed
};

// A bump allocator for a training step's activations and their gradients: allocation is a pointer
// increment; reset() releases everything at once and keeps the blocks, so a steady-state step
// allocates nothing from the system. Memory grows in blocks of at least `block_bytes`.
class Arena {
 public:
  explicit Arena(std::size_t block_bytes = std::size_t{64} << 20);
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  float* allocate(std::size_t count, bool zero = true);  // 64-byte aligned
  // Zero-filled (gradients accumulate into it).
  Tensor zeros(const Shape& shape) { return Tensor::borrow(allocate(shape.numel()), shape); }
  // Uninitialised (an op's output that the op overwrites).
  Tensor empty(const Shape& shape) { return Tensor::borrow(allocate(shape.numel(), false), shape); }
  void reset();
  std::size_t used_bytes() const { return used_; }
  std::size_t peak_bytes() const { return peak_; }  // the most in use at once since creation
  std::size_t reserved_bytes() const { return reserved_; }  // held from the system

 private:
  struct Block {
    char* data;
    std::size_t size;
    std::size_t offset;
  };
  std::vector<Block> blocks_;
  std::size_t current_ = 0;
  std::size_t block_bytes_;
  std::size_t used_ = 0;
  std::size_t peak_ = 0;
  std::size_t reserved_ = 0;
};

}  // namespace ahenk::tensor
