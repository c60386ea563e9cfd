// Experiment sessions: one SQLite file (the application file format) that keeps every run of a
// course lab or a research afternoon: the corpus inputs with their sizes and SHA-256, each stage's
// config (JSON), runs with their status, metrics (run, step, name, value, wall time), events
// (start, pause, resume, checkpoint, stop, error), notes, and artifacts (tokenizers, checkpoints,
// cleaned shards) referenced by content hash: small ones inline, large ones as files in the folder
// beside the session (`lab.ahenk` -> `lab.ahenk.d/objects/ab/ab12...`, named by their SHA-256, so
// `sha256sum` verifies them).
//
//   ahenk::session::SessionWriter w("lab.ahenk");                  // creates or migrates the file
//   auto run = w.begin_run({.kind = "train", .name = "tiny", .config = cfg});
//   w.metric(run, 1, "loss", 3.2);                                   // queued, never blocks
//   w.end_run(run, ahenk::session::RunStatus::completed);
//   w.flush();
//   ahenk::session::Session s("lab.ahenk");                         // a reader, any thread
//   for (const auto& r : s.runs()) ... s.curve(r.id, "loss", 2000) ...
//
// Layout and guarantees: WAL journal, so readers never block the writer nor see half a batch;
// schema versioned by `PRAGMA user_version` with one transaction per migration (a migration killed
// half-way leaves the previous version intact). A run whose process died without ending it reads
// as `interrupted` (the process id and start time are recorded, so a reused pid is not mistaken for
// it). Threading: a Session is one read connection owned by one thread; open one per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ahenk/session/curves.h"

namespace ahenk::session {

// The schema this build writes; files at a lower version are migrated when opened for writing.
inline constexpr int kSchemaVersion = 4;
// PRAGMA application_id of an Ahenk session ("AHNK").
inline constexpr std::int32_t kApplicationId = 0x41484e4b;
// Files up to this size are stored inside the session file; larger ones beside it.
inline constexpr std::int64_t kInlineArtifactBytes = 64 * 1024;
// Stored downsampling levels: level k aggregates buckets of 16^k steps (k = 2..kLevels: 256,
// 4096 and 65536 steps); finer views decode the stored chunks of 256 steps directly.
inline constexpr int kLevels = 4;

enum class RunStatus { running, paused, completed, stopped, failed, interrupted };
std::string to_string(RunStatus status);
RunStatus parse_run_status(const std::string& text);  // throws on an unknown name

struct RunSpec {
  std::string kind;  // "corpus", "tokenizer", "train", "eval", "compare", ...
  std::string name;  // shown in lists; defaults to kind + id
  nlohmann::json config = nlohmann::json::object();  // the stage's full config
  std::string command;   // the command line that started it, when there is one
  std::string work_dir;  // where the run keeps files it updates (a training's checkpoints)
  std::optional<std::int64_t> parent;  // e.g. the compare run that spawned this one
};

struct RunInfo {
  std::int64_t id = 0;
  std::string kind, name;
  RunStatus status = RunStatus::running;
  nlohmann::json config, outputs;
  std::string command, work_dir, host;
  std::optional<std::int64_t> parent;
  double created = 0, updated = 0;  // seconds since the Unix epoch
  std::int64_t pid = 0;
  std::optional<std::int64_t> last_step;  // highest metric step recorded
};

struct InputInfo {
  std::int64_t run_id = 0;
  std::string path;
  std::int64_t size = 0;
  std::string sha256;
};

struct EventInfo {
  std::int64_t id = 0, run_id = 0;
  double time = 0;
  std::string kind;  // start, pause, resume, checkpoint, stop, error, complete, interrupted, ...
  std::optional<std::int64_t> step;
  std::string message;
};

struct ArtifactInfo {
  std::int64_t run_id = 0;
  std::string sha256, kind, role, name;
  std::optional<std::int64_t> step;
  std::int64_t size = 0;
  bool stored_inline = false;
};

struct NoteInfo {
  std::int64_t id = 0;
  std::optional<std::int64_t> run_id;
  double time = 0;
  std::string text;
};

struct SeriesInfo {
  std::int64_t run_id = 0;
  std::string name;
  std::int64_t count = 0, step_min = 0, step_max = 0;
  double value_min = 0, value_max = 0, last_value = 0;
};

struct MetricRow {
  std::int64_t step = 0;
  double value = 0, wall = 0;
};

// The folder beside a session file that holds its large artifacts and runs' working folders.
std::filesystem::path data_dir(const std::filesystem::path& session_file);
// Where an artifact with this hash lives (whether or not it exists).
std::filesystem::path object_path(const std::filesystem::path& session_file,
                                  const std::string& sha256);
// The default session: $XDG_DATA_HOME/ahenk/default.ahenk (~/.local/share/ahenk/...).
std::filesystem::path default_session_path();

// One line saying how a run turned out, from its outputs ("bits/byte 2.707, val loss 1.876",
// "kept 27 of 2475 documents", "vocab 4000, 3.454 bytes/token"); empty when nothing is known.
std::string run_outcome(const RunInfo& run);
// The same as (measure, value) pairs, for a UI that words them in its language: "val_bpb",
// "val_loss", "loss", "kept" (then "documents": of how many), "vocab_size", "bytes_per_token",
// "bits_per_byte", "files".
std::vector<std::pair<std::string, double>> run_outcome_parts(const RunInfo& run);
// A value as run_outcome writes it (4 significant digits).
std::string outcome_number(double value);

class Session {
 public:
  // Opens an existing session for reading. Throws with a clear message when the file is missing,
  // is not an Ahenk session, is damaged, or was written by a newer Ahenk. An older file is read
  // as is when possible; curves then come from the raw rows.
  explicit Session(const std::filesystem::path& file);
  ~Session();
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  const std::filesystem::path& file() const;
  int schema_version() const;
  nlohmann::json meta() const;  // created, ahenk_version, name, ...

  std::vector<RunInfo> runs() const;
  RunInfo run(std::int64_t id) const;  // throws if there is no such run
  std::vector<InputInfo> inputs(std::optional<std::int64_t> run = std::nullopt) const;
  std::vector<EventInfo> events(std::optional<std::int64_t> run = std::nullopt) const;
  std::vector<ArtifactInfo> artifacts(std::optional<std::int64_t> run = std::nullopt) const;
  std::vector<NoteInfo> notes() const;
  std::vector<SeriesInfo> series(std::int64_t run) const;
  std::vector<MetricRow> metrics(std::int64_t run, const std::string& name) const;
  // The chart-ready curve: the finest stored level with at most max_points buckets (raw rows when
  // there are few enough), read from the downsampled levels kept in the file.
  Curve curve(std::int64_t run, const std::string& name, std::size_t max_points = 2000) const;
  // An artifact's bytes (inline ones from the file, others from the object folder, verified).
  std::string artifact_bytes(const std::string& sha256) const;
  // Where a stored artifact can be read as a file ("" for an inline one).
  std::filesystem::path artifact_file(const std::string& sha256) const;
  // "ok" or SQLite's list of problems.
  std::string integrity_check() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True when the process that started a run (pid, start time in clock ticks since boot, host) is
// still alive on this machine.
bool process_alive(std::int64_t pid, std::int64_t start_ticks, const std::string& host);
// This process's start time in clock ticks since boot (field 22 of /proc/self/stat).
std::int64_t process_start_ticks(std::int64_t pid);

}  // namespace ahenk::session
