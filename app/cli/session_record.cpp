#include "session_record.h"

#include <cmath>
#include <cstdio>

#include "ahenk/progress.h"
#include "ahenk/session/session.h"
#include "commands.h"

namespace ahenk::cli {

namespace fs = std::filesystem;

std::string& command_line() {
  static std::string line;
  return line;
}

void add_session_options(CLI::App* cmd, SessionCli& options) {
  auto* group = cmd->add_option_group("Session");
  group->add_option("--session", options.file,
                    "Record this run in this session file (default: "
                    "$XDG_DATA_HOME/ahenk/default.ahenk)");
  group->add_flag("--no-session", options.none, "Do not record this run in any session");
  group->add_option("--parent-run", options.parent, "Record as a child of this run (internal)")
      ->group("");
}

fs::path session_file(const SessionCli& options) {
  return options.file.empty() ? session::default_session_path() : fs::path(options.file);
}

namespace {

std::unique_ptr<session::SessionWriter> open_writer(const SessionCli& options) {
  if (options.none) return nullptr;
  try {
    return std::make_unique<session::SessionWriter>(session_file(options));
  } catch (const std::exception& e) {
    if (!options.file.empty()) throw;
    std::fprintf(stderr, "ahenk: warning: not recorded in the default session: %s\n", e.what());
    return nullptr;
  }
}

}  // namespace

RunRecord::RunRecord(const SessionCli& options, session::RunSpec spec)
    : writer_(open_writer(options)), explicit_(!options.file.empty()) {
  if (!writer_) return;
  if (spec.command.empty()) spec.command = command_line();
  if (options.parent > 0) spec.parent = options.parent;
  run_ = writer_->begin_run(spec);
}

RunRecord::RunRecord(const SessionCli& options, std::int64_t existing_run)
    : writer_(open_writer(options)), run_(existing_run), explicit_(!options.file.empty()) {
  if (writer_) writer_->reopen_run(run_, command_line());
}

RunRecord::~RunRecord() {
  if (writer_ && !ended_) end(session::RunStatus::failed, "ended without a result");
}

fs::path RunRecord::file() const {
  return writer_ ? writer_->file() : fs::path();
}

void RunRecord::inputs(const std::vector<std::string>& paths) {
  if (!writer_) return;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (const auto& e :
           fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec))
        if (e.is_regular_file(ec)) files.push_back(e.path());
      std::sort(files.begin(), files.end());
      for (const auto& f : files) writer_->input_file(run_, f);
    } else if (fs::is_regular_file(p, ec)) {
      writer_->input_file(run_, p);
    }
  }
}

void RunRecord::artifact(const std::string& role, const fs::path& file,
                         std::optional<std::int64_t> step) {
  if (writer_ && fs::is_regular_file(file)) writer_->artifact_file(run_, role, file, step);
}

void RunRecord::outputs(const nlohmann::json& outputs) {
  if (writer_) writer_->set_outputs(run_, outputs);
}

void RunRecord::metrics_from(const nlohmann::json& report, std::int64_t step,
                             const std::string& prefix) {
  if (!writer_) return;
  for (const auto& [key, value] : report.items()) {
    std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value.is_number())
      writer_->metric(run_, step, name, value.get<double>());
    else if (value.is_object())
      metrics_from(value, step, name);
  }
}

void RunRecord::end(session::RunStatus status, const std::string& message) {
  ended_ = true;
  if (!writer_) return;
  try {
    writer_->end_run(run_, status, message);
    writer_->flush();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ahenk: warning: the session could not record the run's end: %s\n",
                 e.what());
  }
}

int RunRecord::guard(const std::function<int()>& body) {
  try {
    int code = body();
    if (code == 0)
      end(session::RunStatus::completed, "");
    else if (code == 130 || interrupt_token().cancelled())
      end(session::RunStatus::stopped, "interrupted");
    else
      end(session::RunStatus::failed, "exit code " + std::to_string(code));
    std::fflush(stdout);  // the verb's own output first on a shared terminal or log
    if (writer_ && explicit_)
      std::fprintf(stderr, "ahenk: recorded as run %lld in %s\n", static_cast<long long>(run_),
                   writer_->file().c_str());
    return code;
  } catch (const Cancelled&) {
    end(session::RunStatus::stopped, "interrupted");
    throw;
  } catch (const std::exception& e) {
    end(session::RunStatus::failed, e.what());
    throw;
  }
}

namespace {
RunRecord* g_current = nullptr;
}

RunRecord* current_record() {
  return g_current;
}

std::function<int()> recorded(std::function<RecordPlan()> plan, std::function<int()> body) {
  return [plan = std::move(plan), body = std::move(body)] {
    RecordPlan p = plan();
    RunRecord record(p.session, p.spec);
    record.inputs(p.inputs);
    RunRecord* active = record.active() ? &record : nullptr;
    struct Scope {
      explicit Scope(RunRecord* r) { g_current = r; }
      ~Scope() { g_current = nullptr; }
    } scope(active);
    return record.guard(body);
  };
}

}  // namespace ahenk::cli
