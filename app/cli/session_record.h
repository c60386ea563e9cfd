// Recording a CLI verb in a session: every verb that produces results takes `--session FILE`
// (default: $XDG_DATA_HOME/ahenk/default.ahenk) or `--no-session`, and records itself there as a
// run: the command line, its config, its inputs (size and SHA-256), its outputs and metrics, and
// how it ended.
//
//   SessionCli s; add_session_options(cmd, s);
//   ... run = [&] { RunRecord rec(s, {.kind = "tokenizer", .config = cfg});
//                   return rec.guard([&] { ...; rec.artifact("tokenizer", out); return 0; }); };
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ahenk/session/writer.h"

namespace ahenk::cli {

struct SessionCli {
  std::string file;  // "" : the default session
  bool none = false;
  std::int64_t parent = -1;  // set by `ahenk compare` for the runs it spawns
};
void add_session_options(CLI::App* cmd, SessionCli& options);
// The session file these options name: --session, else the default session.
std::filesystem::path session_file(const SessionCli& options);

// The process's command line, as main() received it (recorded with each run).
std::string& command_line();

class RunRecord {
 public:
  // Opens the session and begins a run. An explicit --session that cannot be opened is an error;
  // the default session only warns (the verb still runs, unrecorded).
  RunRecord(const SessionCli& options, session::RunSpec spec);
  // Takes over an existing run (resuming an interrupted training).
  RunRecord(const SessionCli& options, std::int64_t existing_run);
  ~RunRecord();

  bool active() const { return writer_ != nullptr; }
  session::SessionWriter* writer() { return writer_.get(); }
  std::int64_t id() const { return run_; }
  std::filesystem::path file() const;

  // Files, or folders expanded recursively (regular files only).
  void inputs(const std::vector<std::string>& paths);
  void artifact(const std::string& role, const std::filesystem::path& file,
                std::optional<std::int64_t> step = std::nullopt);
  void outputs(const nlohmann::json& outputs);
  // Numeric leaves of a report (nested keys joined with '.') as metrics at `step`.
  void metrics_from(const nlohmann::json& report, std::int64_t step = 0,
                    const std::string& prefix = "");

  // Runs the verb's body and records how it ended: completed (exit 0), stopped (interrupted) or
  // failed (an error, with its message), then waits until the session has it all.
  int guard(const std::function<int()>& body);

 private:
  void end(session::RunStatus status, const std::string& message);

  std::unique_ptr<session::SessionWriter> writer_;
  std::int64_t run_ = 0;
  bool ended_ = false;
  bool explicit_ = false;  // --session given: say where the run went
};

// What a recorded verb is: its session options, its run, its input paths.
struct RecordPlan {
  SessionCli session;
  session::RunSpec spec;
  std::vector<std::string> inputs;
};
// A verb body recorded as a run: the plan is made when the verb runs (after parsing); inside the
// body, current_record() is the run (null when not recorded), for outputs and artifacts.
std::function<int()> recorded(std::function<RecordPlan()> plan, std::function<int()> body);
RunRecord* current_record();

}  // namespace ahenk::cli
