// The session store as users rely on it: every run, metric, event, note, input and artifact comes
// back as written; levels make a million-row curve cheap and exact in its extremes; EMA and bands
// are right on constant and downsampled curves; migrations keep old files' data; foreign, newer,
// damaged and truncated files give clear errors; a run whose process died reads as interrupted;
// exported archives import exactly, and altered or truncated ones are refused.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <zstd.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <thread>

#include "ahenk/message.h"
#include "ahenk/session/archive.h"
#include "ahenk/session/curves.h"
#include "ahenk/session/schema.h"
#include "ahenk/session/session.h"
#include "ahenk/session/writer.h"
#include "process.h"

using namespace ahenk::session;
namespace fs = std::filesystem;
using ahenk::test::TempDir;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Session, WhatIsWrittenComesBack) {
  TempDir dir("ahenk-session-basic");
  const fs::path file = dir.path() / "lab.ahenk";
  std::string big(200000, 'x');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i * 7 % 26);
  std::string input = dir.write("corpus.txt", "to be or not to be\n");
  std::string big_file = dir.write("model.safetensors", big);
  std::int64_t run = 0;
  {
    SessionWriter w(file);
    run = w.begin_run({.kind = "train", .name = "tiny", .config = {{"model", {{"d_model", 64}}}}});
    EXPECT_GT(run, 0);
    w.input_file(run, input);
    for (int step = 1; step <= 100; ++step) w.metric(run, step, "loss", 5.0 - step * 0.01);
    w.metric(run, 50, "val_loss", 4.7);
    w.metric(run, 100, "loss", 1.25);  // the same step again: the last value wins
    w.event(run, "checkpoint", "step 50", 50);
    w.note(run, "the learning rate looks too high");
    std::string small_sha = w.artifact_bytes(run, "tokenizer", "tokenizer.json", "{\"v\":1}");
    std::string big_sha = w.artifact_file(run, "weights", big_file, 100);
    w.set_outputs(run, {{"val_bpb", 1.5}});
    w.end_run(run, RunStatus::completed);
    w.flush();
    // Large artifacts live beside the session, named by their SHA-256.
    EXPECT_EQ(read_file(object_path(file, big_sha)), big);
    EXPECT_FALSE(fs::exists(object_path(file, small_sha)));
  }
  Session s(file);
  EXPECT_EQ(s.schema_version(), kSchemaVersion);
  EXPECT_EQ(s.integrity_check(), "ok");
  auto runs = s.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].name, "tiny");
  EXPECT_EQ(runs[0].status, RunStatus::completed);
  EXPECT_EQ(runs[0].config["model"]["d_model"], 64);
  EXPECT_EQ(runs[0].outputs["val_bpb"], 1.5);
  EXPECT_EQ(runs[0].last_step, 100);
  auto loss = s.metrics(run, "loss");
  ASSERT_EQ(loss.size(), 100u);
  EXPECT_DOUBLE_EQ(loss[0].value, 4.99);
  EXPECT_DOUBLE_EQ(loss[99].value, 1.25);
  EXPECT_GT(loss[0].wall, 1e9);
  auto series = s.series(run);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].name, "loss");
  EXPECT_EQ(series[0].count, 100);
  EXPECT_DOUBLE_EQ(series[0].value_min, 1.25);
  EXPECT_DOUBLE_EQ(series[0].last_value, 1.25);
  auto inputs = s.inputs(run);
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_EQ(inputs[0].size, 19);
  EXPECT_EQ(inputs[0].path, fs::absolute(input).lexically_normal().string());
  auto events = s.events(run);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front().kind, "start");
  EXPECT_EQ(events[1].kind, "checkpoint");
  EXPECT_EQ(events[1].step, 50);
  EXPECT_EQ(events.back().kind, "complete");
  ASSERT_EQ(s.notes().size(), 1u);
  EXPECT_EQ(s.notes()[0].text, "the learning rate looks too high");
  auto artifacts = s.artifacts(run);
  ASSERT_EQ(artifacts.size(), 2u);
  for (const auto& a : artifacts) {
    if (a.role == "tokenizer") {
      EXPECT_TRUE(a.stored_inline);
      EXPECT_EQ(s.artifact_bytes(a.sha256), "{\"v\":1}");
    } else {
      EXPECT_FALSE(a.stored_inline);
      EXPECT_EQ(a.step, 100);
      EXPECT_EQ(a.kind, "safetensors");
      EXPECT_EQ(s.artifact_bytes(a.sha256), big);
    }
  }
}

TEST(Session, InputHashesAreSha256) {
  TempDir dir("ahenk-session-sha");
  const fs::path file = dir.path() / "s.ahenk";
  SessionWriter w(file);
  auto run = w.begin_run({.kind = "corpus"});
  w.input_file(run, dir.write("abc.txt", "abc"));
  w.flush();
  Session s(file);
  EXPECT_EQ(s.inputs()[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(s.runs()[0].name, "corpus-1");
}

TEST(Session, ARunWhoseProcessDiedReadsAsInterrupted) {
  TempDir dir("ahenk-session-interrupted");
  const fs::path file = dir.path() / "s.ahenk";
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    {
      SessionWriter w(file);
      auto run = w.begin_run({.kind = "train"});
      w.metric(run, 1, "loss", 3.0);
      w.flush();
      ::_exit(0);  // no end_run: as if killed
    }
  }
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  Session s(file);
  ASSERT_EQ(s.runs().size(), 1u);
  EXPECT_EQ(s.runs()[0].status, RunStatus::interrupted);
  // A run of this (live) process reads as running.
  SessionWriter w(file);
  auto mine = w.begin_run({.kind = "train"});
  EXPECT_EQ(Session(file).run(mine).status, RunStatus::running);
  w.reopen_run(1, "resumed");
  EXPECT_EQ(Session(file).run(1).status, RunStatus::running);
  EXPECT_EQ(Session(file).events(1).back().kind, "resume");
}

TEST(Session, ForeignNewerDamagedAndMissingFilesGiveClearErrors) {
  TempDir dir("ahenk-session-bad");
  EXPECT_NE(error_of([&] { Session s(dir.path() / "none.ahenk"); }).find("no such session"),
            std::string::npos);
  auto garbage = dir.write("garbage.ahenk", std::string(5000, 'z'));
  std::string e = error_of([&] { Session s(garbage); });
  EXPECT_NE(e.find("garbage.ahenk"), std::string::npos) << e;
  EXPECT_NE(e.find("not an Ahenk session"), std::string::npos) << e;
  EXPECT_NE(error_of([&] { SessionWriter w(garbage); }).find("not an Ahenk session"),
            std::string::npos);
  EXPECT_EQ(read_file(garbage), std::string(5000, 'z'));  // untouched

  // Another application's SQLite file.
  const fs::path other = dir.path() / "other.db";
  {
    sqlite3* db = nullptr;
    sqlite3_open(other.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  EXPECT_NE(error_of([&] { Session s(other); }).find("not an Ahenk session"), std::string::npos);
  EXPECT_NE(error_of([&] { SessionWriter w(other); }).find("not an Ahenk session"),
            std::string::npos);

  // A newer schema.
  const fs::path newer = dir.path() / "newer.ahenk";
  { SessionWriter w(newer); }
  {
    sqlite3* db = nullptr;
    sqlite3_open(newer.c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  EXPECT_NE(error_of([&] { Session s(newer); }).find("newer Ahenk"), std::string::npos);
  EXPECT_NE(error_of([&] { SessionWriter w(newer); }).find("newer Ahenk"), std::string::npos);

  // Truncated at every 512 bytes: an error or a readable file, never a crash.
  const fs::path good = dir.path() / "good.ahenk";
  {
    SessionWriter w(good);
    auto run = w.begin_run({.kind = "train"});
    for (int i = 0; i < 3000; ++i) w.metric(run, i, "loss", 1.0 / (i + 1));
    w.end_run(run, RunStatus::completed);
  }
  { Session(good).integrity_check(); }  // folds the WAL back on close
  std::string bytes = read_file(good);
  ASSERT_GT(bytes.size(), 4096u);
  for (std::size_t cut = 0; cut < bytes.size(); cut += 512) {
    auto truncated = dir.write("cut.ahenk", bytes.substr(0, cut));
    fs::remove(dir.path() / "cut.ahenk-wal");
    fs::remove(dir.path() / "cut.ahenk-shm");
    try {
      Session s(truncated);
      for (const auto& r : s.runs()) s.curve(r.id, "loss");
      s.integrity_check();
    } catch (const std::exception& ex) {
      EXPECT_NE(std::string(ex.what()).find("cut.ahenk"), std::string::npos) << ex.what();
    }
  }
}

TEST(Session, LevelsGiveChartReadyCurvesWithExactExtremes) {
  TempDir dir("ahenk-session-levels");
  const fs::path file = dir.path() / "s.ahenk";
  const int n = 100000;
  std::vector<std::int64_t> steps;
  std::vector<double> values;
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 0.05);
  std::int64_t run = 0;
  {
    SessionWriter w(file);
    run = w.begin_run({.kind = "train"});
    for (int i = 1; i <= n; ++i) {
      double v = 3.0 * std::exp(-i / 20000.0) + noise(rng);
      if (i == 77777) v = 9.0;  // a spike the chart must not hide
      steps.push_back(i);
      values.push_back(v);
      w.metric(run, i, "loss", v);
    }
  }
  Session s(file);
  Curve raw = from_points("loss", steps, values);
  for (std::size_t max_points : {std::size_t{500}, std::size_t{2000}, std::size_t{10000}}) {
    Curve c = s.curve(run, "loss", max_points);
    EXPECT_GT(c.level, 0);
    EXPECT_LE(c.points.size(), max_points);
    // Equal to aggregating the raw rows in memory.
    Curve expect = aggregate(raw, c.bucket_width);
    ASSERT_EQ(c.points.size(), expect.points.size());
    for (std::size_t i = 0; i < c.points.size(); ++i) {
      EXPECT_EQ(c.points[i].count, expect.points[i].count);
      EXPECT_DOUBLE_EQ(c.points[i].min, expect.points[i].min);
      EXPECT_DOUBLE_EQ(c.points[i].max, expect.points[i].max);
      EXPECT_EQ(c.points[i].step_at_max, expect.points[i].step_at_max);
      EXPECT_NEAR(c.points[i].mean, expect.points[i].mean, 1e-9);
    }
    auto line = extremes_polyline(c);
    double top = *std::max_element(line.value.begin(), line.value.end());
    EXPECT_EQ(top, 9.0);
  }
  // Few points: the raw rows.
  EXPECT_EQ(s.curve(run, "loss", 1000000).level, 0);
  EXPECT_EQ(s.curve(run, "missing").points.size(), 0u);
}

TEST(Curves, EmaIsDebiasedPerStepAndConstantOnConstantCurves) {
  std::vector<std::int64_t> steps;
  std::vector<double> values, constant;
  for (int i = 0; i < 5000; ++i) {
    steps.push_back(i * 3);  // logged every third step
    values.push_back(std::sin(i / 300.0) + 2);
    constant.push_back(2.5);
  }
  Curve flat = from_points("c", steps, constant);
  for (std::int64_t width : {1, 16, 256}) {
    for (double s : {0.0, 0.6, 0.99, 0.9999}) {
      for (double v : ema(aggregate(flat, width), s)) EXPECT_NEAR(v, 2.5, 1e-12);
    }
  }
  Curve c = from_points("x", steps, values);
  auto e0 = ema(c, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_DOUBLE_EQ(e0[i], values[i]);
  // Debiased: the first smoothed value is the first value, not a fraction of it.
  EXPECT_DOUBLE_EQ(ema(c, 0.99)[0], values[0]);
  // Per step: the same curve downsampled smooths to the same line (within the bucket's spread).
  auto fine = ema(c, 0.995);
  Curve coarse = aggregate(c, 48);
  auto thin = ema(coarse, 0.995);
  for (std::size_t i = 0; i < coarse.points.size(); ++i) {
    std::size_t j = static_cast<std::size_t>(coarse.points[i].step_last / 3);
    EXPECT_NEAR(thin[i], fine[j], 0.02) << i;
  }
  EXPECT_THROW(ema(c, 1.0), std::invalid_argument);
}

// Found by fuzzing (UBSan): steps of a damaged file spanning the whole int64 range overflowed the
// downsampling's arithmetic.
TEST(Curves, DownsamplingStepsAcrossTheWholeRangeIsDefined) {
  const Curve c = from_points("x", {INT64_MIN + 1, 0, INT64_MAX - 1}, {1.0, 2.0, 3.0});
  const Curve d = downsample(c, 2);
  EXPECT_LE(d.points.size(), 2u);
  EXPECT_EQ(d.level, -1);
  // A bucket cannot be wider than INT64_MAX steps, so a range of 2^64 steps takes two.
  const Curve one = downsample(c, 1);
  ASSERT_LE(one.points.size(), 2u);
  EXPECT_EQ(one.points.back().max, 3.0);
}

TEST(Curves, BandsAndDownsamplingKeepExtremes) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<std::int64_t> steps;
  std::vector<double> values;
  for (int i = 0; i < 3000; ++i) {
    steps.push_back(i);
    values.push_back(u(rng));
  }
  Curve c = from_points("x", steps, values);
  auto b = band(c, 50);
  for (std::size_t i = 0; i < values.size(); i += 37) {
    double lo = values[i], hi = values[i];
    for (std::size_t j = (i >= 49 ? i - 49 : 0); j <= i; ++j) {
      lo = std::min(lo, values[j]);
      hi = std::max(hi, values[j]);
    }
    EXPECT_EQ(b.min[i], lo);
    EXPECT_EQ(b.max[i], hi);
  }
  Curve d = downsample(c, 100);
  EXPECT_LE(d.points.size(), 100u);
  auto line = extremes_polyline(d);
  EXPECT_EQ(*std::min_element(line.value.begin(), line.value.end()),
            *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(*std::max_element(line.value.begin(), line.value.end()),
            *std::max_element(values.begin(), values.end()));
  EXPECT_TRUE(std::is_sorted(line.step.begin(), line.step.end()));
}

// Migration 1 -> 2 (and on): a file as the first schema wrote it gains levels built from its rows.
TEST(SessionMigration, Version1To2BuildsLevelsFromExistingRows) {
  TempDir dir("ahenk-session-migrate");
  const fs::path file = dir.path() / "old.ahenk";
  create_at_version(file, 1);
  EXPECT_EQ(file_schema_version(file), 1);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db,
                 "INSERT INTO runs(id, kind, name, status, created, updated) VALUES(1, 'train', "
                 "'old', 'completed', 0, 0); INSERT INTO metric_names(id, name) VALUES(1, 'loss');",
                 nullptr, nullptr, nullptr);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* put = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO metrics VALUES(1, 1, ?, ?, 0)", -1, &put, nullptr);
    for (int i = 0; i < 10000; ++i) {
      sqlite3_bind_int(put, 1, i);
      sqlite3_bind_double(put, 2, i == 4321 ? -5.0 : 1.0 + (i % 10));
      sqlite3_step(put);
      sqlite3_reset(put);
    }
    sqlite3_finalize(put);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  {
    Session old(file);  // an old file reads as it is
    EXPECT_EQ(old.schema_version(), 1);
    EXPECT_EQ(old.series(1)[0].count, 10000);
    EXPECT_EQ(old.curve(1, "loss", 100).points.size() <= 100u, true);
  }
  { SessionWriter w(file); }  // migrates
  Session s(file);
  EXPECT_EQ(s.schema_version(), kSchemaVersion);
  EXPECT_EQ(s.meta().count("migrated_to_2"), 1u);
  EXPECT_EQ(s.meta().count("migrated_to_3"), 1u);
  auto series = s.series(1);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].count, 10000);
  EXPECT_EQ(series[0].value_min, -5.0);
  EXPECT_EQ(series[0].value_max, 10.0);
  EXPECT_EQ(series[0].step_max, 9999);
  Curve c = s.curve(1, "loss", 100);  // from the 256-step level built by the migration
  EXPECT_EQ(c.level, 2);
  EXPECT_LE(c.points.size(), 100u);
  // The rows themselves moved into chunks: every value is still there.
  auto rows = s.metrics(1, "loss");
  ASSERT_EQ(rows.size(), 10000u);
  EXPECT_EQ(rows[4321].value, -5.0);
  EXPECT_EQ(rows[9999].step, 9999);
  double lowest = 1e9;
  for (const auto& p : c.points) lowest = std::min(lowest, p.min);
  EXPECT_EQ(lowest, -5.0);
  EXPECT_EQ(s.runs()[0].name, "old");
}

// Migration 2 -> 3: each raw chunk becomes a compact part; later commits add parts to it, and a
// step written again goes through a merge. Every value and wall time reads back bit for bit.
TEST(SessionMigration, Version2To3KeepsEveryRowAndTakesNewOnes) {
  TempDir dir("ahenk-session-migrate-3");
  const fs::path file = dir.path() / "v2.ahenk";
  create_at_version(file, 2);
  struct Raw {
    std::int64_t step;
    double value, wall;
  };
  std::vector<Raw> raw;
  for (int i = 0; i < 100; ++i) raw.push_back({i, 1.0 / (3.0 + i), 1.7e9 + i * 0.0137});
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db,
                 "INSERT INTO runs(id, kind, name, status, created, updated) VALUES(1, 'train', "
                 "'old', 'completed', 0, 0); INSERT INTO metric_names(id, name) VALUES(1, 'loss');",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* put = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO metric_chunks(run_id, name_id, chunk, count, data) "
                       "VALUES(1, 1, 0, 100, ?)",
                       -1, &put, nullptr);
    sqlite3_bind_blob(put, 1, raw.data(), int(raw.size() * sizeof(Raw)), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(put), SQLITE_DONE);
    sqlite3_finalize(put);
    sqlite3_close(db);
  }
  {
    Session old(file);  // version 2 reads as it is
    EXPECT_EQ(old.schema_version(), 2);
    EXPECT_EQ(old.metrics(1, "loss").size(), 100u);
  }
  {
    SessionWriter w(file);  // migrates
    for (int i = 100; i < 300; ++i) w.metric(1, i, "loss", 2.0);
    w.flush();
    w.metric(1, 50, "loss", -7.0);  // back in steps: the chunk is merged into one part
    w.metric(1, 300, "loss", 3.0);
  }
  Session s(file);
  EXPECT_EQ(s.schema_version(), kSchemaVersion);
  const auto rows = s.metrics(1, "loss");
  ASSERT_EQ(rows.size(), 301u);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(rows[i].step, i);
    if (i == 50) continue;
    EXPECT_EQ(std::memcmp(&rows[i].value, &raw[i].value, 8), 0) << i;
    EXPECT_EQ(std::memcmp(&rows[i].wall, &raw[i].wall, 8), 0) << i;
  }
  EXPECT_EQ(rows[50].value, -7.0);
  EXPECT_EQ(rows[300].value, 3.0);
  const auto series = s.series(1);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0].count, 301);
  EXPECT_EQ(series[0].value_min, -7.0);
  EXPECT_EQ(series[0].value_max, 3.0);
  EXPECT_EQ(series[0].step_max, 300);
}

namespace {

// All rows of a table as text, sorted: equal tables give equal dumps whatever their keys' order.
std::vector<std::string> dump_table(const fs::path& file, const std::string& table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, ("SELECT * FROM " + table).c_str(), -1, &q, nullptr), SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(q) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(q); ++c) {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(q, c));
      row += std::to_string(sqlite3_column_type(q, c)) + ":" +
             std::string(bytes ? bytes : "", sqlite3_column_bytes(q, c)) + "|";
    }
    rows.push_back(row);
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string table_sql(const fs::path& file, const std::string& table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE name = ?", -1, &q, nullptr);
  sqlite3_bind_text(q, 1, table.c_str(), -1, SQLITE_TRANSIENT);
  std::string sql_text;
  if (sqlite3_step(q) == SQLITE_ROW)
    sql_text = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return sql_text;
}

}  // namespace

// Migration 3 -> 4 re-keys the parts' index and the levels time before metric. A file written
// now is turned back into version 3's layout (its tables as version 3 declared them, the same
// rows); it reads the same as it is, and migrating it again gives back every row. The runs
// cover the readers' three ways in: a run of many metrics (more than 64: a lookup per chunk or
// bucket), a run of few (one scan), and a metric whose steps span more than a lookup range (one
// scan).
TEST(SessionMigration, Version3To4KeepsEveryRowAndReadsTheSame) {
  TempDir dir("ahenk-session-migrate-4");
  const fs::path file = dir.path() / "s.ahenk";
  std::int64_t wide = 0, narrow = 0;
  {
    SessionWriter w(file);
    wide = w.begin_run({.kind = "train", .name = "wide"});
    narrow = w.begin_run({.kind = "train", .name = "narrow"});
    std::vector<SessionWriter::MetricKey> keys;
    for (int k = 0; k < 70; ++k) keys.push_back(w.key("m" + std::to_string(k)));
    std::vector<double> values(keys.size());
    for (int step = 0; step < 6000; ++step) {
      for (std::size_t k = 0; k < keys.size(); ++k) values[k] = std::sin(step * 0.01 + k);
      w.metrics(wide, step, keys.data(), values.data(), keys.size());
      w.metric(narrow, step * 3, "loss", 1.0 / (1 + step));
      if (step % 2000 == 0) w.flush();
    }
    for (int i = 0; i < 50; ++i) w.metric(narrow, std::int64_t(i) * 40000000, "sparse", i * 0.5);
    w.metric(narrow, 3000, "loss", -1.0);  // back in steps
  }
  const char* tables[] = {"metric_parts", "metric_levels", "metric_series"};
  std::map<std::string, std::vector<std::string>> before;
  for (const char* t : tables) before[t] = dump_table(file, t);
  ASSERT_GT(before["metric_parts"].size(), 100u);
  auto read_all = [&] {
    Session s(file);
    std::vector<std::string> out;
    for (const auto& [run, name] : std::vector<std::pair<std::int64_t, std::string>>{
             {wide, "m0"}, {wide, "m69"}, {narrow, "loss"}, {narrow, "sparse"}}) {
      std::string line = name + ":";
      const auto rows = s.metrics(run, name);
      double lowest = rows.at(0).value, highest = lowest;
      for (const auto& r : rows) {
        line += std::to_string(r.step) + "=" + std::to_string(r.value) + ",";
        lowest = std::min(lowest, r.value);
        highest = std::max(highest, r.value);
      }
      for (std::size_t points : {50u, 400u}) {
        const auto c = s.curve(run, name, points);
        line += "|level " + std::to_string(c.level) + ":";
        // Every row is in the curve, its extremes too.
        std::int64_t count = 0;
        double low = c.points.at(0).min, high = low;
        for (const auto& p : c.points) {
          line += std::to_string(p.count) + "/" + std::to_string(p.min) + "/" +
                  std::to_string(p.max) + "/" + std::to_string(p.step_at_min) + ",";
          count += p.count;
          low = std::min(low, p.min);
          high = std::max(high, p.max);
        }
        EXPECT_EQ(count, std::int64_t(rows.size())) << name << " " << points;
        EXPECT_EQ(low, lowest) << name;
        EXPECT_EQ(high, highest) << name;
        if (name != "sparse") {
          EXPECT_NE(c.level, 0) << name;  // from the levels, not the rows
        }
      }
      out.push_back(line);
    }
    return out;
  };
  const auto read_before = read_all();
  // What was written reads back, by each way in.
  for (int k : {0, 69}) {
    std::string expect = "m" + std::to_string(k) + ":";
    for (int step = 0; step < 6000; ++step)
      expect += std::to_string(step) + "=" + std::to_string(std::sin(step * 0.01 + k)) + ",";
    EXPECT_EQ(read_before[k == 0 ? 0 : 1].substr(0, expect.size()), expect) << k;
  }
  std::string loss = "loss:", sparse = "sparse:";
  for (int step = 0; step < 6000; ++step)
    loss += std::to_string(step * 3) + "=" +
            std::to_string(step == 1000 ? -1.0 : 1.0 / (1 + step)) + ",";
  for (int i = 0; i < 50; ++i)
    sparse += std::to_string(std::int64_t(i) * 40000000) + "=" + std::to_string(i * 0.5) + ",";
  EXPECT_EQ(read_before[2].substr(0, loss.size()), loss);
  EXPECT_EQ(read_before[3].substr(0, sparse.size()), sparse);
  {
    // Back to version 3's layout.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    const char* downgrade = R"sql(
BEGIN;
CREATE TABLE p3(id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL, name_id INTEGER NOT NULL,
  chunk INTEGER NOT NULL, part INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL,
  UNIQUE(run_id, name_id, chunk, part));
INSERT INTO p3 SELECT id, run_id, name_id, chunk, part, count, data FROM metric_parts;
DROP TABLE metric_parts;
ALTER TABLE p3 RENAME TO metric_parts;
CREATE TABLE l3(run_id INTEGER NOT NULL, name_id INTEGER NOT NULL, level INTEGER NOT NULL,
  bucket INTEGER NOT NULL, count INTEGER NOT NULL, step_sum REAL NOT NULL, sum REAL NOT NULL,
  min REAL, max REAL, first REAL, last REAL, step_first INTEGER NOT NULL,
  step_last INTEGER NOT NULL, step_at_min INTEGER NOT NULL, step_at_max INTEGER NOT NULL,
  PRIMARY KEY(run_id, name_id, level, bucket)) WITHOUT ROWID;
INSERT INTO l3 SELECT run_id, name_id, level, bucket, count, step_sum, sum, min, max, first,
  last, step_first, step_last, step_at_min, step_at_max FROM metric_levels;
DROP TABLE metric_levels;
ALTER TABLE l3 RENAME TO metric_levels;
PRAGMA user_version=3;
COMMIT;)sql";
    ASSERT_EQ(sqlite3_exec(db, downgrade, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(file_schema_version(file), 3);
  EXPECT_EQ(read_all(), read_before);  // version 3 reads as it is
  { SessionWriter w(file); }           // migrates
  EXPECT_EQ(file_schema_version(file), 4);
  EXPECT_NE(table_sql(file, "metric_levels").find("PRIMARY KEY(run_id, level, bucket, name_id)"),
            std::string::npos);
  EXPECT_NE(table_sql(file, "metric_parts").find("UNIQUE(run_id, chunk, name_id, part)"),
            std::string::npos);
  for (const char* t : tables) EXPECT_EQ(dump_table(file, t), before[t]) << t;
  EXPECT_EQ(read_all(), read_before);
  EXPECT_EQ(Session(file).integrity_check(), "ok");
  EXPECT_EQ(Session(file).meta().count("migrated_to_4"), 1u);
}

// The compact parts are lossless for any double and any step order: NaN payloads, infinities,
// -0, subnormals, huge and negative steps, values arriving late or twice, one row per commit.
TEST(SessionWriter, MetricsReadBackBitForBitWhateverTheirValuesAndOrder) {
  TempDir dir("ahenk-session-bits");
  const fs::path file = dir.path() / "s.ahenk";
  std::mt19937_64 rng(7);
  std::vector<std::pair<std::int64_t, double>> wrote;
  const double specials[] = {std::nan("0x12345"),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::infinity(),
                             -0.0,
                             5e-324,
                             1e308,
                             double(float(0.1))};
  std::int64_t run = 0;
  {
    SessionWriter w(file);
    run = w.begin_run({.kind = "train"});
    const auto key = w.key("x");
    for (int i = 0; i < 3000; ++i) {
      std::int64_t step = i < 2000 ? i : std::int64_t(rng() % 4000) - 1000;
      if (i % 500 == 7) step = (std::int64_t(1) << 40) + i;
      double v;
      const std::uint64_t bits = rng();
      std::memcpy(&v, &bits, 8);
      if (i % 3 == 0) v = specials[i % 7];
      w.metric(run, step, key, v);
      wrote.emplace_back(step, v);
      if (i % 97 == 0 || i > 2900) w.flush();  // parts of every size, down to one row
    }
  }
  std::map<std::int64_t, double> last;
  for (const auto& [step, v] : wrote) last[step] = v;
  const auto rows = Session(file).metrics(run, "x");
  ASSERT_EQ(rows.size(), last.size());
  std::size_t i = 0;
  for (const auto& [step, v] : last) {
    EXPECT_EQ(rows[i].step, step);
    EXPECT_EQ(std::memcmp(&rows[i].value, &v, 8), 0) << "step " << step;
    ++i;
  }
}

// The writer keeps levels 3 and 4 and the summary as running folds instead of reading them back
// each commit; whatever the order of steps (onward, across level-3 and level-4 boundaries,
// rewritten in the open chunk, back in steps as a resumed run writes, a reopened writer, negative
// steps), the stored levels and summary equal those built from the rows themselves.
TEST(SessionWriter, LevelsKeptWhileWritingEqualLevelsBuiltFromTheRows) {
  TempDir dir("ahenk-session-level-folds");
  const fs::path file = dir.path() / "s.ahenk";
  std::map<std::string, std::map<std::int64_t, double>> truth;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0, 1);
  auto value = [&](std::int64_t step) {
    if (step % 331 == 5) return std::nan("");
    if (step % 997 == 3) return std::numeric_limits<double>::infinity();
    return noise(rng) + 1e-3 * double(step);
  };
  auto write = [&](SessionWriter& w, std::int64_t run, const std::string& name, std::int64_t from,
                   std::int64_t to, std::int64_t per_commit) {
    for (std::int64_t s = from; s <= to; ++s) {
      const double v = value(s);
      w.metric(run, s, name, v);
      truth[name][s] = v;
      if ((s - from) % per_commit == per_commit - 1) w.flush();
    }
    w.flush();
  };
  auto check = [&](std::int64_t run, const std::string& phase) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    for (const auto& [name, rows] : truth) {
      sqlite3_stmt* q = nullptr;
      sqlite3_prepare_v2(db,
                         "SELECT level, bucket, count, step_sum, sum, min, max, first, last, "
                         "step_first, step_last, step_at_min, step_at_max FROM metric_levels "
                         "JOIN metric_names ON metric_names.id = name_id WHERE run_id = ? AND "
                         "name = ? ORDER BY level, bucket",
                         -1, &q, nullptr);
      sqlite3_bind_int64(q, 1, run);
      sqlite3_bind_text(q, 2, name.c_str(), -1, SQLITE_TRANSIENT);
      std::size_t stored = 0, expected = 0;
      for (int level = 2; level <= kLevels; ++level) {
        std::int64_t width = 1;
        for (int k = 0; k < level; ++k) width *= 16;
        // The buckets as a reader would build them, row by row.
        struct Expect {
          std::int64_t count = 0, first_step = 0, last_step = 0, at_min = 0, at_max = 0;
          double step_sum = 0, sum = 0, min = 0, max = 0, first = 0, last = 0;
          bool any = false;
        };
        std::map<std::int64_t, Expect> buckets;
        for (const auto& [step, v] : rows) {
          auto& b = buckets[step >= 0 ? step / width : -((-step + width - 1) / width)];
          if (b.count++ == 0) b.first_step = step;
          b.last_step = step;
          b.step_sum += double(step);
          if (!std::isfinite(v)) continue;
          b.sum += v;
          if (!b.any || v < b.min) b.min = v, b.at_min = step;
          if (!b.any || v > b.max) b.max = v, b.at_max = step;
          if (!b.any) b.first = v;
          b.last = v;
          b.any = true;
        }
        expected += buckets.size();
        for (const auto& [bucket, b] : buckets) {
          ASSERT_EQ(sqlite3_step(q), SQLITE_ROW) << phase << " level " << level;
          ++stored;
          const std::string at = phase + ": " + name + " level " + std::to_string(level) +
                                 " bucket " + std::to_string(bucket);
          EXPECT_EQ(sqlite3_column_int(q, 0), level) << at;
          EXPECT_EQ(sqlite3_column_int64(q, 1), bucket) << at;
          EXPECT_EQ(sqlite3_column_int64(q, 2), b.count) << at;
          EXPECT_NEAR(sqlite3_column_double(q, 3), b.step_sum, 1e-9 * std::abs(b.step_sum)) << at;
          EXPECT_NEAR(sqlite3_column_double(q, 4), b.sum, 1e-9 * (1 + std::abs(b.sum))) << at;
          EXPECT_EQ(sqlite3_column_type(q, 5) != SQLITE_NULL, b.any) << at;
          if (b.any) {
            EXPECT_EQ(sqlite3_column_double(q, 5), b.min) << at;
            EXPECT_EQ(sqlite3_column_double(q, 6), b.max) << at;
            EXPECT_EQ(sqlite3_column_double(q, 7), b.first) << at;
            EXPECT_EQ(sqlite3_column_double(q, 8), b.last) << at;
            EXPECT_EQ(sqlite3_column_int64(q, 11), b.at_min) << at;
            EXPECT_EQ(sqlite3_column_int64(q, 12), b.at_max) << at;
          }
          EXPECT_EQ(sqlite3_column_int64(q, 9), b.first_step) << at;
          EXPECT_EQ(sqlite3_column_int64(q, 10), b.last_step) << at;
        }
      }
      EXPECT_EQ(sqlite3_step(q), SQLITE_DONE) << phase << ": " << name << " has extra buckets";
      EXPECT_EQ(stored, expected) << phase;
      sqlite3_finalize(q);
    }
    sqlite3_close(db);
    Session s(file);
    for (const auto& info : s.series(run)) {
      const auto& rows = truth.at(info.name);
      EXPECT_EQ(info.count, std::int64_t(rows.size())) << phase;
      EXPECT_EQ(info.step_min, rows.begin()->first) << phase;
      EXPECT_EQ(info.step_max, rows.rbegin()->first) << phase;
      double lo = INFINITY, hi = -INFINITY, last = 0;
      for (const auto& [step, v] : rows)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v), last = v;
      EXPECT_EQ(info.value_min, lo) << phase << ": " << info.name;
      EXPECT_EQ(info.value_max, hi) << phase << ": " << info.name;
      EXPECT_EQ(info.last_value, last) << phase << ": " << info.name;
    }
  };
  std::int64_t run = 0;
  {
    SessionWriter w(file);
    run = w.begin_run({.kind = "train"});
    write(w, run, "loss", 0, 9999, 37);  // chunks and level-3 buckets, 37 steps a commit
    check(run, "onward");
    write(w, run, "loss", 65000, 66100, 300);  // a jump, then across a level-4 boundary
    check(run, "jump");
    write(w, run, "loss", 66050, 66060, 100);  // steps of the open chunk written again
    check(run, "rewritten");
    write(w, run, "loss", 5000, 5600, 50);  // back in steps, later rows still stored
    check(run, "back");
    write(w, run, "grad", -5000, -1, 400);  // negative steps, another series
    check(run, "negative");
  }
  {
    SessionWriter w(file);  // a new writer knows nothing of the open chunks
    write(w, run, "loss", 66101, 70000, 123);
    write(w, run, "grad", 0, 300, 1000);
    check(run, "reopened");
  }
}

TEST(SessionMigration, NewFilesPassThroughEveryVersion) {
  TempDir dir("ahenk-session-versions");
  for (int v = 1; v <= kSchemaVersion; ++v) {
    const fs::path file = dir.path() / ("v" + std::to_string(v) + ".ahenk");
    create_at_version(file, v);
    EXPECT_EQ(file_schema_version(file), v);
    { SessionWriter w(file); }
    EXPECT_EQ(file_schema_version(file), kSchemaVersion);
    EXPECT_EQ(Session(file).integrity_check(), "ok");
  }
}

TEST(SessionWriter, ReadersNeverBlockTheWriter) {
  TempDir dir("ahenk-session-concurrent");
  const fs::path file = dir.path() / "s.ahenk";
  SessionWriter w(file, {.flush_interval = 0.01});
  auto run = w.begin_run({.kind = "train"});
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::string reader_error;
  std::thread reader([&] {
    try {
      Session s(file);
      while (!done) {
        auto c = s.curve(run, "loss", 500);
        // A batch is all or nothing: the count is a whole number of batches' rows or more.
        for (const auto& p : c.points) ASSERT_GE(p.count, 1);
        ++reads;
      }
    } catch (const std::exception& e) {
      reader_error = e.what();
    }
  });
  for (int i = 0; i < 200000; ++i) w.metric(run, i, "loss", 1.0 / (1 + i));
  w.flush();
  done = true;
  reader.join();
  EXPECT_EQ(reader_error, "");
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(Session(file).series(run)[0].count, 200000);
  EXPECT_GE(w.stats().transactions, 2u);
}

TEST(SessionArchive, ExportImportRoundTripAndGc) {
  TempDir dir("ahenk-session-archive");
  const fs::path file = dir.path() / "lab.ahenk";
  std::string big(300000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
  std::string big_sha;
  {
    SessionWriter w(file);
    auto run = w.begin_run({.kind = "train", .name = "shared"});
    for (int i = 0; i < 500; ++i) w.metric(run, i, "loss", 2.0 - i * 0.001);
    big_sha = w.artifact_file(run, "weights", dir.write("w.safetensors", big), 500);
    w.artifact_bytes(run, "tokenizer", "tokenizer.json", "{}");
    w.end_run(run, RunStatus::completed);
  }
  const fs::path archive = dir.path() / "lab.tar.zst";
  auto exported = export_session(file, archive);
  EXPECT_EQ(exported.files, 2);
  const fs::path copy = dir.path() / "student" / "lab.ahenk";
  auto imported = import_session(archive, copy);
  EXPECT_EQ(imported.files, 2);
  Session s(copy);
  EXPECT_EQ(s.integrity_check(), "ok");
  ASSERT_EQ(s.runs().size(), 1u);
  EXPECT_EQ(s.runs()[0].name, "shared");
  EXPECT_EQ(s.metrics(1, "loss").size(), 500u);
  EXPECT_EQ(s.artifact_bytes(big_sha), big);
  // Importing over an existing session is refused and changes nothing.
  EXPECT_NE(error_of([&] { import_session(archive, copy); }).find("already exists"),
            std::string::npos);

  // gc: a stray object goes, referenced ones stay.
  const fs::path stray = object_path(copy, std::string(64, 'a'));
  fs::create_directories(stray.parent_path());
  std::ofstream(stray) << "stray";
  auto gc = collect_garbage(copy, 0, /*dry_run=*/true);
  EXPECT_EQ(gc.removed_files, 1);
  EXPECT_TRUE(fs::exists(stray));
  gc = collect_garbage(copy, 0);
  EXPECT_EQ(gc.removed_files, 1);
  EXPECT_EQ(gc.kept_files, 1);
  EXPECT_TRUE(gc.missing.empty());
  EXPECT_FALSE(fs::exists(stray));
  EXPECT_EQ(Session(copy).artifact_bytes(big_sha), big);
}

// The importer on damaged input: every truncation and many corruptions of a real archive give a
// clear refusal (or, when the damage hit bytes no file depends on, an exact import), never a crash
// and never a half-written destination.
TEST(SessionArchive, DamagedArchivesAreRefused) {
  TempDir dir("ahenk-session-archive-fuzz");
  const fs::path file = dir.path() / "lab.ahenk";
  {
    SessionWriter w(file);
    auto run = w.begin_run({.kind = "train"});
    for (int i = 0; i < 300; ++i) w.metric(run, i, "loss", 1.0 + i);
    w.artifact_bytes(run, "weights", "w.safetensors", std::string(100000, 'w'));
  }
  const fs::path archive = dir.path() / "a.tar.zst";
  export_session(file, archive);
  const std::string bytes = read_file(archive);
  std::mt19937 rng(11);
  int refused = 0, accepted = 0;
  auto attempt = [&](const std::string& damaged, int i) {
    auto path = dir.write("damaged.tar.zst", damaged);
    const fs::path dest = dir.path() / ("out" + std::to_string(i)) / "s.ahenk";
    try {
      import_session(path, dest);
      ++accepted;
      Session s(dest);
      EXPECT_EQ(s.integrity_check(), "ok");
      EXPECT_EQ(s.metrics(1, "loss").size(), 300u);
    } catch (const std::runtime_error& e) {
      ++refused;
      EXPECT_NE(std::string(e.what()).find("damaged.tar.zst"), std::string::npos) << e.what();
      EXPECT_FALSE(fs::exists(dest));
    }
  };
  int i = 0;
  for (std::size_t cut = 0; cut < bytes.size(); cut += std::max<std::size_t>(1, bytes.size() / 40))
    attempt(bytes.substr(0, cut), i++);
  for (int k = 0; k < 60; ++k) {
    std::string damaged = bytes;
    std::uniform_int_distribution<std::size_t> pos(0, damaged.size() - 1);
    for (int flips = 0; flips < 1 + k % 3; ++flips) damaged[pos(rng)] ^= static_cast<char>(1 + k);
    attempt(damaged, i++);
  }
  attempt(std::string(10000, '\0'), i++);
  attempt("not an archive at all", i++);
  EXPECT_GT(refused, 40);
  EXPECT_EQ(refused + accepted, i);
}

namespace ahenk::session {
namespace {

// A one-entry tar (ustar) compressed with zstd, as an archive whose manifest the test chooses.
std::string tar_zst(const std::string& name, const std::string& content) {
  std::string header(512, '\0');
  auto put = [&](std::size_t at, const std::string& v) { header.replace(at, v.size(), v); };
  char octal[16];
  put(0, name);
  put(100, "0000644");
  put(108, "0000000");
  put(116, "0000000");
  std::snprintf(octal, sizeof octal, "%011o", unsigned(content.size()));
  put(124, octal);
  put(136, "00000000000");
  header[156] = '0';
  put(257, "ustar");
  put(263, "00");
  put(148, "        ");
  unsigned sum = 0;
  for (const unsigned char c : header) sum += c;
  std::snprintf(octal, sizeof octal, "%06o", sum);
  put(148, std::string(octal) + '\0' + ' ');
  std::string tar = header + content + std::string((512 - content.size() % 512) % 512, '\0') +
                    std::string(1024, '\0');
  std::string out(ZSTD_compressBound(tar.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), tar.data(), tar.size(), 1));
  return out;
}

// Found by fuzzing: a manifest file entry without "path" read a missing key of a const JSON
// object (undefined behaviour); it is a clear refusal.
TEST(SessionArchive, AManifestEntryWithMissingFieldsIsRefused) {
  TempDir dir("ahenk-session-archive-manifest");
  for (const char* entry : {R"({"size": 1, "sha256": "00"})", R"({"path": "session.ahenk"})",
                            R"("just a string")", R"({"path": 3, "size": "x", "sha256": 1})"}) {
    const std::string manifest = std::string(R"({"format": ")") + kArchiveFormat +
                                 R"(", "version": 1, "files": [)" + entry + "]}";
    const auto archive = dir.write("m.tar.zst", tar_zst("manifest.json", manifest));
    const auto error = error_of([&] { import_session(archive, dir.path() / "out" / "s.ahenk"); });
    EXPECT_NE(error.find("malformed file entry"), std::string::npos) << entry << ": " << error;
  }
  // The refusal and its reason are two templates, both translated where a translator is set.
  const auto archive = dir.write(
      "n.tar.zst", tar_zst("manifest.json", std::string(R"({"format": ")") + kArchiveFormat +
                                                R"(", "version": 1, "files": [7]})"));
  set_message_translator([](const char* text) {
    const std::string t(text);
    if (t == "%1: not imported: %2") return std::string("%1: içe aktarılmadı: %2");
    if (t == "manifest.json has a malformed file entry")
      return std::string("manifest.json'da bozuk biçimli bir dosya girdisi var");
    return t;
  });
  try {
    import_session(archive, dir.path() / "out" / "s.ahenk");
    ADD_FAILURE() << "imported";
  } catch (const std::exception& e) {
    EXPECT_EQ(describe(e), archive +
                               ": içe aktarılmadı: manifest.json'da bozuk biçimli bir dosya "
                               "girdisi var");
  }
  set_message_translator({});
}

TEST(RunOutcome, SaysTheMeasuresWorthAGlanceInOrder) {
  RunInfo r;
  r.outputs = {{"loss", 2.0}, {"val_bpb", 1.5}, {"kept", 10}, {"documents", 20}, {"out", "x"}};
  EXPECT_EQ(run_outcome(r), "bits/byte 1.5, loss 2, kept 10 of 20 documents");
  const auto parts = run_outcome_parts(r);
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0].first, "val_bpb");
  EXPECT_EQ(parts[3].first, "documents");
  r.outputs = {{"vocab_size", 700}, {"bytes", 1000}, {"tokens_after", 400}};
  EXPECT_EQ(run_outcome(r), "vocab 700, 2.5 bytes/token");
  r.outputs = nlohmann::json::array();
  EXPECT_EQ(run_outcome(r), "");
}

}  // namespace
}  // namespace ahenk::session
