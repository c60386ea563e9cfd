// Crash safety for real: `ahenk` processes killed with SIGKILL at random moments while they train
// into a session (starting, stepping, checkpointing, storing artifacts, resuming), export it, or
// migrate an old session file. After every kill the file passes SQLite's integrity check, no
// completed run loses anything, and interrupted trainings resumed from their last checkpoint
// reproduce the losses of an uninterrupted run step for step.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "ahenk/session/schema.h"
#include "ahenk/session/session.h"
#include "process.h"

namespace {
namespace fs = std::filesystem;
using namespace ahenk::session;
using Clock = std::chrono::steady_clock;

const char* const kTiny[] = {
    "--preset", "shakespeare-char",       "--set",       "model.d_model=32",
    "--set",    "model.n_layers=1",       "--set",       "model.n_heads=2",
    "--set",    "model.ctx=32",           "--set",       "train.batch_size=4",
    "--set",    "train.eval_interval=10", "--set",       "train.eval_batches=1",
    "--set",    "train.warmup_steps=2",   "--set",       "train.checkpoint_interval=4",
    "--set",    "train.log_interval=100", "--max-steps", "30"};

// Starts `ahenk args...` with its output discarded; returns the pid.
pid_t spawn(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    static std::string program = AHENK_CLI;
    argv.push_back(program.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execv(AHENK_CLI, argv.data());
    _exit(127);
  }
  return pid;
}

// Runs to completion; returns the exit status and the seconds it took.
std::pair<int, double> run_to_end(const std::vector<std::string>& args) {
  auto start = Clock::now();
  pid_t pid = spawn(args);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
          std::chrono::duration<double>(Clock::now() - start).count()};
}

// Kills the process after `delay` seconds; true when the kill landed (it was still running).
bool run_and_kill(const std::vector<std::string>& args, double delay) {
  pid_t pid = spawn(args);
  std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

std::vector<std::string> train_args(const std::string& session) {
  std::vector<std::string> a = {"train", "--session", session, "--data",
                                std::string(AHENK_SAMPLE) + "/en/shakespeare.txt"};
  a.insert(a.end(), std::begin(kTiny), std::end(kTiny));
  return a;
}

// Starts a training and kills it as soon as its first checkpoint is on disk, so that one
// interrupted run with a checkpoint exists whatever the machine's load; true when that happened.
bool kill_after_first_checkpoint(const std::string& session_file) {
  std::set<std::int64_t> before;
  for (const auto& r : Session(session_file).runs()) before.insert(r.id);
  pid_t pid = spawn(train_args(session_file));
  for (int i = 0; i < 6000; ++i) {  // at most a minute
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;  // it finished first
    for (const auto& r : Session(session_file).runs())
      if (!before.count(r.id) && !r.work_dir.empty() &&
          fs::exists(fs::path(r.work_dir) / "state.json")) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
      }
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return false;
}

// A v1 session holding many metric rows, so that migrating it takes a while.
void make_old_session(const fs::path& file, int rows) {
  create_at_version(file, 1);
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_exec(db,
               "INSERT INTO runs(id, kind, name, status, created, updated) VALUES(1, 'train', "
               "'old', 'completed', 0, 0); INSERT INTO metric_names(id, name) VALUES(1, 'loss');"
               "BEGIN",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* put = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO metrics VALUES(1, 1, ?, ?, 0)", -1, &put, nullptr);
  for (int i = 0; i < rows; ++i) {
    sqlite3_bind_int(put, 1, i);
    sqlite3_bind_double(put, 2, 1.0 / (1 + i));
    sqlite3_step(put);
    sqlite3_reset(put);
  }
  sqlite3_finalize(put);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
}

}  // namespace

TEST(SessionFaults, HundredKillsNeverCorruptNorLoseCompletedRuns) {
  ahenk::test::TempDir dir("ahenk-session-faults");
  const std::string s = (dir.path() / "lab.ahenk").string();
  // The reference: one uninterrupted run (run 1), timed to place the kills.
  auto [code, seconds] = run_to_end(train_args(s));
  ASSERT_EQ(code, 0);
  std::vector<double> reference;
  {
    Session session(s);
    for (const auto& m : session.metrics(1, "loss")) reference.push_back(m.value);
  }
  ASSERT_EQ(reference.size(), 30u);

  const fs::path old_template = dir.path() / "old-template.ahenk";
  make_old_session(old_template, 200000);
  const fs::path old = dir.path() / "old.ahenk";
  fs::copy_file(old_template, old);
  // Time one full migration on a copy, to place the kills within it.
  fs::copy_file(old_template, dir.path() / "probe.ahenk");
  auto [probe_code, migrate_seconds] =
      run_to_end({"session", "note", (dir.path() / "probe.ahenk").string(), "x"});
  ASSERT_EQ(probe_code, 0);

  std::mt19937 rng(20261128);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::map<std::int64_t, std::int64_t> completed;  // run -> loss rows, once completed
  int kills = 0, attempts = 0, migration_kills = 0, resume_kills = 0;
  while (kills < 100 && attempts < 250) {
    ++attempts;
    const int kind = attempts % 10;
    bool landed = false;
    if (kind == 9) {  // kill -9 during a migration of an old file
      landed =
          run_and_kill({"session", "note", old.string(), "migrated"}, unit(rng) * migrate_seconds);
      int version = file_schema_version(old);
      // Each migration is one transaction: the file is at some version, whole.
      EXPECT_TRUE(version >= 1 && version <= kSchemaVersion) << version;
      Session o(old);
      EXPECT_EQ(o.integrity_check(), "ok");
      EXPECT_EQ(o.series(1).at(0).count, 200000);
      EXPECT_EQ(o.metrics(1, "loss").size(), 200000u);
      if (version >= 2) {
        EXPECT_EQ(o.curve(1, "loss", 1000).points.size() <= 1000u, true);
        fs::remove(old);  // start again from version 1
        fs::remove(old.string() + "-wal");
        fs::remove(old.string() + "-shm");
        fs::copy_file(old_template, old);
      }
      migration_kills += landed;
    } else if (kind == 8) {  // during an export
      landed = run_and_kill({"session", "export", "-q", s, (dir.path() / "a.tar.zst").string()},
                            unit(rng) * 0.5);
    } else {
      std::vector<std::string> args = train_args(s);
      if (kind == 7) {  // resume the latest interrupted run that has a checkpoint
        Session session(s);
        for (const auto& r : session.runs())
          if (r.status == RunStatus::interrupted && fs::exists(fs::path(r.work_dir) / "state.json"))
            args = {"train", "--session", s, "--resume-run", std::to_string(r.id)};
      }
      landed = run_and_kill(args, unit(rng) * seconds * 1.1);
      if (kind == 7 && args[3] == "--resume-run") resume_kills += landed;
    }
    kills += landed;
    // After every kill: intact, and nothing completed is lost.
    Session session(s);
    ASSERT_EQ(session.integrity_check(), "ok") << "after attempt " << attempts;
    for (const auto& [run, rows] : completed) {
      auto r = session.run(run);
      EXPECT_EQ(r.status, RunStatus::completed) << run;
      EXPECT_EQ(static_cast<std::int64_t>(session.metrics(run, "loss").size()), rows) << run;
    }
    for (const auto& r : session.runs())
      if (r.status == RunStatus::completed && r.kind == "train")
        completed[r.id] = static_cast<std::int64_t>(session.metrics(r.id, "loss").size());
  }
  EXPECT_EQ(kills, 100) << "in " << attempts << " attempts";
  EXPECT_GT(migration_kills, 3);
  EXPECT_GT(resume_kills, 0);

  // Whether the random kills left an interrupted run with a checkpoint depends on the load (kills
  // before a first checkpoint leave none); one more, placed after a checkpoint, makes sure.
  EXPECT_TRUE(kill_after_first_checkpoint(s));

  // Every interrupted run with a checkpoint resumes and reproduces the reference losses.
  Session before(s);
  int resumed = 0;
  for (const auto& r : before.runs()) {
    if (r.kind != "train" || r.status != RunStatus::interrupted) continue;
    if (!fs::exists(fs::path(r.work_dir) / "state.json")) continue;
    auto [c, t] = run_to_end({"train", "--session", s, "--resume-run", std::to_string(r.id)});
    (void)t;
    ASSERT_EQ(c, 0) << "resuming run " << r.id;
    ++resumed;
    Session after(s);
    EXPECT_EQ(after.run(r.id).status, RunStatus::completed);
    auto losses = after.metrics(r.id, "loss");
    ASSERT_EQ(losses.size(), reference.size()) << "run " << r.id;
    for (std::size_t i = 0; i < losses.size(); ++i)
      EXPECT_EQ(losses[i].value, reference[i]) << "run " << r.id << " step " << i + 1;
  }
  EXPECT_GT(resumed, 0);
  std::printf(
      "%d kills in %d attempts (%d during migrations, %d during resumes); %d runs resumed "
      "to the reference losses\n",
      kills, attempts, migration_kills, resume_kills, resumed);
}
