// The engine's one thread pool. Every parallel kernel, including the matrix products (OpenBLAS runs
// single-threaded inside each worker), runs on it, so the cores are never oversubscribed.
//
//   auto& pool = ahenk::tensor::ThreadPool::global();
//   pool.parallel_for(rows, [&](std::int64_t begin, std::int64_t end) { ... rows [begin, end) ...
//   });
//
// Threading: parallel_for returns when every range is done; the calling thread runs ranges itself.
// The workers serve one calling thread at a time (the training job's): a call from another thread
// while they are busy (the GUI drawing an Inspect view during training) runs all its ranges on its
// own thread, and nested calls from inside a range run serially.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

namespace ahenk::tensor {

class ThreadPool {
 public:
  // `threads` counts the caller too; 0 means the number of cores (or AHENK_NUM_THREADS when set).
  explicit ThreadPool(int threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  static ThreadPool& global();
  // Replaces the global pool (call before training starts, never while a kernel runs).
  static void set_global_threads(int threads);

  int threads() const;
  // Splits [0, n) into at most threads() contiguous ranges of at least `grain` items.
  void parallel_for(std::int64_t n, const std::function<void(std::int64_t, std::int64_t)>& body,
                    std::int64_t grain = 1);
  // Runs body(i) for i in [0, tasks) with dynamic assignment (tasks of unequal cost).
  void parallel_tasks(std::int64_t tasks, const std::function<void(std::int64_t)>& body);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ahenk::tensor
