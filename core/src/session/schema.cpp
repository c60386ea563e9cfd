#include "schema.h"

#include <chrono>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "ahenk/message.h"
#include "ahenk/session/schema.h"
#include "ahenk/session/session.h"
#include "ahenk/version.h"

namespace ahenk::session {
namespace detail {

namespace {

// Each entry migrates from version i to i + 1. Never edit a released entry: add one.
const char* const kVersion1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  config TEXT NOT NULL DEFAULT '{}',
  outputs TEXT NOT NULL DEFAULT '{}',
  command TEXT NOT NULL DEFAULT '',
  work_dir TEXT NOT NULL DEFAULT '',
  parent INTEGER REFERENCES runs(id),
  pid INTEGER NOT NULL DEFAULT 0,
  pid_start INTEGER NOT NULL DEFAULT 0,
  host TEXT NOT NULL DEFAULT '',
  created REAL NOT NULL,
  updated REAL NOT NULL);
CREATE TABLE inputs(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL);
CREATE INDEX inputs_run ON inputs(run_id);
CREATE TABLE metric_names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE metrics(
  run_id INTEGER NOT NULL,
  name_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  wall REAL NOT NULL,
  PRIMARY KEY(run_id, name_id, step)) WITHOUT ROWID;
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  time REAL NOT NULL,
  kind TEXT NOT NULL,
  step INTEGER,
  message TEXT NOT NULL DEFAULT '');
CREATE INDEX events_run ON events(run_id);
CREATE TABLE artifacts(
  sha256 TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB,
  created REAL NOT NULL);
CREATE TABLE run_artifacts(
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  sha256 TEXT NOT NULL REFERENCES artifacts(sha256),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  step INTEGER,
  PRIMARY KEY(run_id, role, name, sha256));
CREATE INDEX run_artifacts_sha ON run_artifacts(sha256);
CREATE TABLE notes(
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  time REAL NOT NULL,
  text TEXT NOT NULL);
)sql";

const char* const kVersion2 = R"sql(
CREATE TABLE metric_chunks(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  name_id INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  count INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE(run_id, name_id, chunk));
CREATE TABLE metric_series(
  run_id INTEGER NOT NULL,
  name_id INTEGER NOT NULL,
  count INTEGER NOT NULL,
  step_min INTEGER NOT NULL,
  step_max INTEGER NOT NULL,
  value_min REAL,
  value_max REAL,
  last_value REAL,
  PRIMARY KEY(run_id, name_id)) WITHOUT ROWID;
CREATE TABLE metric_levels(
  run_id INTEGER NOT NULL,
  name_id INTEGER NOT NULL,
  level INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  step_sum REAL NOT NULL,
  sum REAL NOT NULL,
  min REAL, max REAL, first REAL, last REAL,
  step_first INTEGER NOT NULL, step_last INTEGER NOT NULL,
  step_at_min INTEGER NOT NULL, step_at_max INTEGER NOT NULL,
  PRIMARY KEY(run_id, name_id, level, bucket)) WITHOUT ROWID;
)sql";

struct Bucket {
  std::int64_t bucket = 0, count = 0, step_first = 0, step_last = 0, at_min = 0, at_max = 0;
  double step_sum = 0, sum = 0, min = 0, max = 0, first = 0, last = 0;
  bool any_value = false;  // finite values seen (NaN/Inf rows count steps only)
};

void fold(Bucket& b, std::int64_t count, double step_sum, std::int64_t step_first,
          std::int64_t step_last, bool has_value, double sum, double min, double max, double first,
          double last, std::int64_t at_min, std::int64_t at_max) {
  if (b.count == 0) b.step_first = step_first;
  b.step_last = step_last;
  b.count += count;
  b.step_sum += step_sum;
  if (!has_value) return;
  b.sum += sum;
  if (!b.any_value) {
    b.min = min, b.max = max, b.first = first, b.at_min = at_min, b.at_max = at_max;
    b.any_value = true;
  } else {
    if (min < b.min) b.min = min, b.at_min = at_min;
    if (max > b.max) b.max = max, b.at_max = at_max;
  }
  b.last = last;
}

void write_bucket(sql::Database& db, std::int64_t run, std::int64_t name_id, int level,
                  const Bucket& b) {
  auto& put = db.cached(
      "INSERT OR REPLACE INTO metric_levels(run_id, name_id, level, bucket, count, step_sum, sum, "
      "min, max, first, last, step_first, step_last, step_at_min, step_at_max) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  put.bind(1, run).bind(2, name_id).bind(3, level).bind(4, b.bucket).bind(5, b.count);
  put.bind(6, b.step_sum).bind(7, b.sum);
  if (b.any_value) {
    put.bind(8, b.min).bind(9, b.max).bind(10, b.first).bind(11, b.last);
  } else {
    for (int i = 8; i <= 11; ++i) put.bind_null(i);
  }
  put.bind(12, b.step_first).bind(13, b.step_last).bind(14, b.at_min).bind(15, b.at_max);
  put.run();
}

}  // namespace

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

void configure(sql::Database& db, bool writable) {
  if (writable) {
    // WAL: readers never block the writer and see only committed batches.
    sql::Statement wal(db, "PRAGMA journal_mode=WAL");
    wal.step();
  }
  db.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
}

int check(sql::Database& db) {
  // The first read of a file that is not SQLite fails here with SQLITE_NOTADB.
  std::int64_t app = db.scalar_int("PRAGMA application_id");
  std::int64_t version = db.scalar_int("PRAGMA user_version");
  std::int64_t tables = db.scalar_int("SELECT count(*) FROM sqlite_master");
  if (app != kApplicationId && (tables > 0 || version != 0))
    throw sql::Error(QT_TRANSLATE_NOOP("Engine",
                                       "%1: an SQLite database, but not an Ahenk "
                                       "session (application id %2); pick a .ahenk file"),
                     {db.path(), std::to_string(app)}, SQLITE_NOTADB);
  if (version > kSchemaVersion)
    throw sql::Error(QT_TRANSLATE_NOOP("Engine",
                                       "%1: written by a newer Ahenk (session schema %2, "
                                       "this build reads up to %3); update Ahenk to "
                                       "open it"),
                     {db.path(), std::to_string(version), std::to_string(kSchemaVersion)},
                     SQLITE_NOTADB);
  return static_cast<int>(version);
}

void migrate(sql::Database& db, int target) {
  for (;;) {
    sql::Transaction t(db);  // BEGIN IMMEDIATE: one migrator at a time
    int version = check(db);
    if (version >= target) return;  // another process may have migrated meanwhile
    if (version == 0) {
      db.exec(kVersion1);
      db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
      sql::Statement meta(db, "INSERT INTO meta(key, value) VALUES(?, ?)");
      meta.bind(1, "created").bind(2, std::to_string(now_seconds())).run();
      meta.bind(1, "ahenk_version").bind(2, AHENK_VERSION).run();
    } else if (version == 1) {
      db.exec(kVersion2);
      // Version 1 kept one row per value: pack them into chunks, build the levels, drop the rows.
      std::vector<std::pair<std::int64_t, std::int64_t>> keys;
      {
        sql::Statement list(db, "SELECT DISTINCT run_id, name_id FROM metrics");
        while (list.step()) keys.emplace_back(list.int64(0), list.int64(1));
      }
      sql::Statement rows(db,
                          "SELECT step, value, wall FROM metrics WHERE run_id = ? AND name_id = ? "
                          "ORDER BY step");
      for (const auto& [run, name_id] : keys) {
        rows.bind(1, run).bind(2, name_id);
        std::vector<MetricPoint> chunk_rows;
        std::int64_t chunk = 0, first_chunk = 0;
        bool any = false;
        while (rows.step()) {
          MetricPoint p{rows.int64(0), rows.real_or_nan(1), rows.real(2)};
          std::int64_t c = floor_div(p.step, kChunkSteps);
          if (any && c != chunk) {
            write_chunk(db, run, name_id, chunk, chunk_rows);
            chunk_rows.clear();
          }
          if (!any) first_chunk = c;
          any = true;
          chunk = c;
          chunk_rows.push_back(p);
        }
        rows.reset();
        if (!any) continue;
        write_chunk(db, run, name_id, chunk, chunk_rows);
        update_levels(db, run, name_id, first_chunk, chunk);
      }
      db.exec("DROP TABLE metrics");
    }
    db.exec("PRAGMA user_version=" + std::to_string(version + 1));
    sql::Statement meta(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    meta.bind(1, "migrated_to_" + std::to_string(version + 1))
        .bind(2, std::to_string(now_seconds()))
        .run();
    t.commit();
  }
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::string encode_chunk(const std::vector<MetricPoint>& rows) {
  static_assert(sizeof(MetricPoint) == 24, "packed rows");
  std::string blob(rows.size() * sizeof(MetricPoint), '\0');
  if (!rows.empty()) std::memcpy(blob.data(), rows.data(), blob.size());
  return blob;
}

std::vector<MetricPoint> decode_chunk(const std::string& blob) {
  if (blob.size() % sizeof(MetricPoint) != 0)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine", "a metric chunk of %1 bytes is damaged (not whole rows)"),
        {std::to_string(blob.size())});
  std::vector<MetricPoint> rows(blob.size() / sizeof(MetricPoint));
  if (!rows.empty()) std::memcpy(rows.data(), blob.data(), blob.size());
  return rows;
}

void write_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk,
                 const std::vector<MetricPoint>& rows) {
  auto& put = db.cached(
      "INSERT OR REPLACE INTO metric_chunks(run_id, name_id, chunk, count, data) "
      "VALUES(?,?,?,?,?)");
  std::string blob = encode_chunk(rows);
  put.bind(1, run).bind(2, name_id).bind(3, chunk).bind(4, std::int64_t(rows.size()));
  put.bind_blob(5, blob.data(), blob.size());
  put.run();
  Bucket b;
  b.bucket = chunk;
  for (const auto& p : rows) {
    bool ok = std::isfinite(p.value);
    fold(b, 1, static_cast<double>(p.step), p.step, p.step, ok, p.value, p.value, p.value, p.value,
         p.value, p.step, p.step);
  }
  if (b.count > 0) write_bucket(db, run, name_id, kFirstLevel, b);
}

std::vector<MetricPoint> read_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id,
                                    std::int64_t chunk) {
  auto& get =
      db.cached("SELECT data FROM metric_chunks WHERE run_id = ? AND name_id = ? AND chunk = ?");
  get.bind(1, run).bind(2, name_id).bind(3, chunk);
  std::vector<MetricPoint> rows;
  if (get.step()) rows = decode_chunk(get.blob(0));
  get.reset();
  return rows;
}

void update_levels(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk_lo,
                   std::int64_t chunk_hi) {
  // Level k from level k-1: each reads only the (at most 16) child buckets of the buckets the
  // touched chunks fall in.
  std::int64_t lo = chunk_lo, hi = chunk_hi;  // in level-(k-1) buckets
  for (int level = kFirstLevel + 1; level <= kLevels; ++level) {
    const std::int64_t b_lo = floor_div(lo, 16), b_hi = floor_div(hi, 16);
    auto& rows = db.cached(
        "SELECT bucket, count, step_sum, step_first, step_last, sum, min, max, first, last, "
        "step_at_min, step_at_max FROM metric_levels WHERE run_id = ? AND name_id = ? AND "
        "level = ? AND bucket BETWEEN ? AND ? ORDER BY bucket");
    rows.bind(1, run).bind(2, name_id).bind(3, level - 1).bind(4, b_lo * 16);
    rows.bind(5, (b_hi + 1) * 16 - 1);
    std::vector<Bucket> buckets;
    while (rows.step()) {
      std::int64_t parent = floor_div(rows.int64(0), 16);
      if (buckets.empty() || buckets.back().bucket != parent) {
        buckets.emplace_back();
        buckets.back().bucket = parent;
      }
      bool has = !rows.is_null(6);
      fold(buckets.back(), rows.int64(1), rows.real(2), rows.int64(3), rows.int64(4), has,
           rows.real(5), rows.real(6), rows.real(7), rows.real(8), rows.real(9), rows.int64(10),
           rows.int64(11));
    }
    rows.reset();
    for (const auto& b : buckets) write_bucket(db, run, name_id, level, b);
    lo = b_lo;
    hi = b_hi;
  }
  // The series summary from the coarsest level's few rows: counts, ranges, and the last value
  // (the last bucket's last finite value).
  auto& top = db.cached(
      "SELECT count, step_first, step_last, min, max, last FROM metric_levels WHERE run_id = ? "
      "AND name_id = ? AND level = ? ORDER BY bucket");
  top.bind(1, run).bind(2, name_id).bind(3, kLevels);
  Bucket all;
  while (top.step()) {
    const bool has = !top.is_null(3);
    fold(all, top.int64(0), 0, top.int64(1), top.int64(2), has, 0, top.real(3), top.real(4), 0,
         top.real(5), 0, 0);
  }
  top.reset();
  if (all.count == 0) return;
  auto& put = db.cached(
      "INSERT OR REPLACE INTO metric_series(run_id, name_id, count, step_min, step_max, "
      "value_min, value_max, last_value) VALUES(?,?,?,?,?,?,?,?)");
  put.bind(1, run).bind(2, name_id).bind(3, all.count).bind(4, all.step_first);
  put.bind(5, all.step_last);
  if (all.any_value)
    put.bind(6, all.min).bind(7, all.max).bind(8, all.last);
  else
    put.bind_null(6).bind_null(7).bind_null(8);
  put.run();
}

}  // namespace detail

void create_at_version(const std::filesystem::path& file, int version) {
  if (version < 1 || version > kSchemaVersion)
    throw std::invalid_argument("create_at_version: no schema version " + std::to_string(version));
  if (std::filesystem::exists(file))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: already exists"), {file.string()});
  sql::Database db(file.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  detail::configure(db, true);
  detail::migrate(db, version);
}

int file_schema_version(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: no such file"), {file.string()});
  sql::Database db(file.string(), SQLITE_OPEN_READONLY);
  return detail::check(db);
}

}  // namespace ahenk::session
