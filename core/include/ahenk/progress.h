// Progress reporting and cancellation for long engine jobs.
//
//   ahenk::CancelToken cancel;                 // shared with whoever may stop the job (GUI,
//   Ctrl-C) MySink sink;                               // implements ProgressSink::report auto
//   stats = ahenk::text::corpus_stats({"corpus/"}, &sink, &cancel);
//   // another thread: cancel.cancel();  -> corpus_stats throws ahenk::Cancelled
//
// Threading: a job calls report() on its own thread, at most a few times per second's worth of
// work, so a sink may format and print directly; a GUI sink should store the latest value and let a
// timer read it (the engine never pushes one signal per data point).
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace ahenk {

// A cancellation flag. Cheap to poll; any thread may call cancel().
class CancelToken {
 public:
  void cancel() noexcept { flag_.store(true, std::memory_order_relaxed); }
  bool cancelled() const noexcept { return flag_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> flag_{false};
};

// Thrown by a job that saw its CancelToken set. Work done so far is discarded; inputs are
// untouched.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

// One progress sample. `total` is 0 when unknown. `unit` names what `done` counts ("B", "docs").
struct Progress {
  std::string phase;
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  std::string unit;
};

// Receives progress from a running job (called on the job's thread).
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void report(const Progress& progress) = 0;
  // Called once when the phase ends (successfully or not); a terminal sink ends its line here.
  virtual void finish() {}
};

// "12.3 MB", "512 B": decimal units, as disks and throughput are usually quoted.
inline std::string human_bytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int unit = 0;
  while (bytes >= 1000.0 && unit < 4) {
    bytes /= 1000.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof(text), unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return text;
}

// Throws Cancelled when the token (which may be null) is set.
inline void throw_if_cancelled(const CancelToken* token) {
  if (token != nullptr && token->cancelled()) throw Cancelled();
}

}  // namespace ahenk
