// The session's single writer: every write goes through one background thread that commits queued
// rows in batched transactions (every `flush_interval` or `max_batch` rows), so a training loop
// that records a metric never waits on the disk: it appends to a queue under a mutex and returns.
//
//   ahenk::session::SessionWriter w("lab.ahenk");
//   auto run = w.begin_run({.kind = "train", .config = cfg});   // waits for the run's id
//   w.metric(run, step, "loss", loss);                           // queued
//   w.artifact_file(run, "weights", "ckpt/model-00000100.safetensors", 100);  // hashed, stored
//   w.end_run(run, ahenk::session::RunStatus::completed);        // queued
//   w.flush();                                                   // committed when this returns
//
// Killed at any moment (kill -9), the file stays consistent: what was committed is kept, the
// batch in flight is rolled back by SQLite, and a run that was not ended reads as interrupted.
// Several processes may write one session (each with its own SessionWriter); SQLite serialises
// their batches. Threading: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ahenk/session/session.h"

namespace ahenk::session {

struct WriterOptions {
  // Seconds between commits while rows arrive. Readers see rows this late at most, and a crash
  // loses at most this much (flush() commits at once: before a checkpoint, at the end of a run).
  // Each commit writes every touched series' new rows as one part and refreshes its levels, so
  // shorter intervals cost more per row (bench_session).
  double flush_interval = 1.0;
  std::size_t max_batch = 262144;     // rows that trigger a commit before the interval
  std::size_t max_queued = 4u << 20;  // rows queued before producers wait (bounds memory)
};

struct WriterStats {
  std::uint64_t metric_rows = 0;  // committed
  std::uint64_t transactions = 0;
  double busy_seconds = 0;           // wall time spent inside transactions
  double cpu_seconds = 0;            // the writer thread's CPU time inside them
  std::uint64_t producer_waits = 0;  // times a producer waited for a full queue
};

class SessionWriter {
 public:
  // Creates the file (and its folder) when missing, migrates an older one; throws when the file is
  // not an Ahenk session or is newer than this build.
  explicit SessionWriter(const std::filesystem::path& file, WriterOptions options = {});
  ~SessionWriter();  // commits what is queued, then stops the thread
  SessionWriter(const SessionWriter&) = delete;
  SessionWriter& operator=(const SessionWriter&) = delete;

  const std::filesystem::path& file() const;
  // A session-wide setting shown by 'ahenk session show' (name, description, course, ...).
  void set_meta(const std::string& key, const std::string& value);

  // Records a new run (status running, this process as its owner) and returns its id.
  std::int64_t begin_run(const RunSpec& spec);
  // Takes over an existing run (an interrupted training being resumed): status running, owner
  // this process, a "resume" event.
  void reopen_run(std::int64_t run, const std::string& message = "");
  void end_run(std::int64_t run, RunStatus status, const std::string& message = "");
  // Merges keys into the run's outputs (JSON object).
  void set_outputs(std::int64_t run, const nlohmann::json& outputs);
  void set_work_dir(std::int64_t run, const std::string& dir);
  void rename_run(std::int64_t run, const std::string& name);

  // One metric value at a step (wall time: now). Rows with the same (run, name, step) replace
  // each other, so a resumed run rewrites the steps it repeats. NaN and Inf are kept.
  void metric(std::int64_t run, std::int64_t step, const std::string& name, double value);
  // The fast path for hot loops: a key per name made once, then no string is copied per value;
  // `metrics` queues several values of one step under one lock (about 10 ns per value).
  using MetricKey = std::uint32_t;
  MetricKey key(const std::string& name);
  void metric(std::int64_t run, std::int64_t step, MetricKey key, double value);
  void metrics(std::int64_t run, std::int64_t step, const MetricKey* keys, const double* values,
               std::size_t count);
  void event(std::int64_t run, const std::string& kind, const std::string& message = "",
             std::optional<std::int64_t> step = std::nullopt);
  void note(std::optional<std::int64_t> run, const std::string& text);
  // An input file: its size and SHA-256 are computed now (on this thread).
  void input_file(std::int64_t run, const std::filesystem::path& path);
  // Stores a file as an artifact (hashed on this thread; copied into the object folder unless it
  // is small enough to live inline) and links it to the run. Files of the roles Ahenk writes by
  // rename and never rewrites in place (checkpoint, weights, output, tokens) are hard-linked
  // when the folder is on the same file system, which costs no copy.
  // Returns the SHA-256.
  std::string artifact_file(std::int64_t run, const std::string& role,
                            const std::filesystem::path& path,
                            std::optional<std::int64_t> step = std::nullopt,
                            const std::string& kind = "");
  std::string artifact_bytes(std::int64_t run, const std::string& role, const std::string& name,
                             const std::string& bytes, std::optional<std::int64_t> step = {},
                             const std::string& kind = "");

  // Blocks until everything queued so far is committed; rethrows a write error.
  void flush();
  WriterStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ahenk::session
