// The engine's thread pool: workers sleep on a condition variable between jobs and spin briefly
// after one (a training step issues thousands of short parallel kernels in a row).
#include "ahenk/tensor/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace ahenk::tensor {

namespace {

int default_threads() {
  if (const char* env = std::getenv("AHENK_NUM_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

thread_local bool tls_inside_pool = false;

}  // namespace

struct ThreadPool::State {
  int threads = 1;
  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<std::uint64_t> generation{0};
  std::atomic<int> pending{0};
  std::atomic<std::int64_t> next_task{0};
  std::int64_t tasks = 0;
  const std::function<void(std::int64_t)>* body = nullptr;
  bool stop = false;
  // Held by the thread whose job the workers run; another thread calling meanwhile (the GUI
  // drawing an Inspect view while a model trains) runs its job alone rather than corrupt this one.
  std::atomic<bool> owned{false};

  void run_tasks() {
    for (;;) {
      std::int64_t i = next_task.fetch_add(1, std::memory_order_relaxed);
      if (i >= tasks) break;
      (*body)(i);
    }
  }

  void worker_loop() {
    tls_inside_pool = true;
    std::uint64_t seen = 0;
    for (;;) {
      // Spin a little (tens of microseconds): the next kernel usually follows at once.
      for (int i = 0; i < 4000 && generation.load(std::memory_order_acquire) == seen; ++i) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      }
      if (generation.load(std::memory_order_acquire) == seen) {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stop || generation.load() != seen; });
        if (stop) return;
      }
      seen = generation.load(std::memory_order_acquire);
      run_tasks();
      pending.fetch_sub(1, std::memory_order_acq_rel);
    }
  }
};

ThreadPool::ThreadPool(int threads) : state_(std::make_unique<State>()) {
  state_->threads = threads > 0 ? threads : default_threads();
  for (int i = 1; i < state_->threads; ++i)
    state_->workers.emplace_back([s = state_.get()] { s->worker_loop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stop = true;
  }
  state_->wake.notify_all();
  for (auto& w : state_->workers) w.join();
}

namespace {
std::unique_ptr<ThreadPool>& global_slot() {
  static std::unique_ptr<ThreadPool> pool;
  return pool;
}
}  // namespace

ThreadPool& ThreadPool::global() {
  auto& slot = global_slot();
  if (!slot) slot = std::make_unique<ThreadPool>();
  return *slot;
}

void ThreadPool::set_global_threads(int threads) {
  auto& slot = global_slot();
  if (slot && slot->threads() == threads) return;
  slot.reset();
  slot = std::make_unique<ThreadPool>(threads);
}

int ThreadPool::threads() const {
  return state_->threads;
}

void ThreadPool::parallel_tasks(std::int64_t tasks, const std::function<void(std::int64_t)>& body) {
  if (tasks <= 0) return;
  State& s = *state_;
  bool free = false;
  if (tasks == 1 || s.threads == 1 || tls_inside_pool ||
      !s.owned.compare_exchange_strong(free, true, std::memory_order_acquire)) {
    for (std::int64_t i = 0; i < tasks; ++i) body(i);
    return;
  }
  s.body = &body;
  s.tasks = tasks;
  s.next_task.store(0, std::memory_order_relaxed);
  s.pending.store(static_cast<int>(s.workers.size()), std::memory_order_relaxed);
  {
    std::lock_guard lock(s.mutex);
    s.generation.fetch_add(1, std::memory_order_acq_rel);
  }
  s.wake.notify_all();
  tls_inside_pool = true;
  s.run_tasks();
  tls_inside_pool = false;
  // Wait for the workers: spin briefly, then yield so a descheduled worker (a busy machine) gets
  // the core instead of this thread burning it.
  for (int i = 0; s.pending.load(std::memory_order_acquire) != 0; ++i) {
    if (i < 4000) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    } else {
      std::this_thread::yield();
    }
  }
  s.owned.store(false, std::memory_order_release);
}

void ThreadPool::parallel_for(std::int64_t n,
                              const std::function<void(std::int64_t, std::int64_t)>& body,
                              std::int64_t grain) {
  if (n <= 0) return;
  std::int64_t parts = std::min<std::int64_t>(
      threads(), std::max<std::int64_t>(1, n / std::max<std::int64_t>(1, grain)));
  if (parts <= 1) {
    body(0, n);
    return;
  }
  parallel_tasks(parts, [&](std::int64_t p) { body(n * p / parts, n * (p + 1) / parts); });
}

}  // namespace ahenk::tensor
