#include "schema.h"

#include <chrono>
#include <algorithm>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
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

// Chunks as parts (see schema.h); the rows are moved over by migrate().
const char* const kVersion3 = R"sql(
CREATE TABLE metric_parts(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  name_id INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  part INTEGER NOT NULL,
  count INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE(run_id, name_id, chunk, part));
)sql";

// Time-major keys (see schema.h): the parts' index and the levels ordered by chunk or bucket
// before the metric, so a commit that adds rows to many metrics at the same steps writes a few
// adjacent pages instead of a page per metric. The rows are copied over unchanged.
const char* const kVersion4 = R"sql(
CREATE TABLE metric_parts_v4(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL,
  name_id INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  part INTEGER NOT NULL,
  count INTEGER NOT NULL,
  data BLOB NOT NULL,
  UNIQUE(run_id, chunk, name_id, part));
INSERT INTO metric_parts_v4(id, run_id, name_id, chunk, part, count, data)
  SELECT id, run_id, name_id, chunk, part, count, data FROM metric_parts ORDER BY id;
DROP TABLE metric_parts;
ALTER TABLE metric_parts_v4 RENAME TO metric_parts;
CREATE TABLE metric_levels_v4(
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
  PRIMARY KEY(run_id, level, bucket, name_id)) WITHOUT ROWID;
INSERT INTO metric_levels_v4 SELECT run_id, name_id, level, bucket, count, step_sum, sum, min,
  max, first, last, step_first, step_last, step_at_min, step_at_max FROM metric_levels;
DROP TABLE metric_levels;
ALTER TABLE metric_levels_v4 RENAME TO metric_levels;
)sql";

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

// Version 2's chunk write (the 1 -> 2 migration): raw rows and the level-2 bucket.
void write_chunk_v2(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk,
                    const std::vector<MetricPoint>& rows) {
  static_assert(sizeof(MetricPoint) == 24, "packed rows");
  std::string blob(rows.size() * sizeof(MetricPoint), '\0');
  if (!rows.empty()) std::memcpy(blob.data(), rows.data(), blob.size());
  auto& put = db.cached(
      "INSERT OR REPLACE INTO metric_chunks(run_id, name_id, chunk, count, data) "
      "VALUES(?,?,?,?,?)");
  put.bind(1, run).bind(2, name_id).bind(3, chunk).bind(4, std::int64_t(rows.size()));
  put.bind_blob(5, blob.data(), blob.size());
  put.run();
  Bucket b;
  b.bucket = chunk;
  fold_points(b, rows);
  if (b.count > 0) write_bucket(db, run, name_id, kFirstLevel, b);
}

std::uint64_t zigzag(std::int64_t v) {
  return (std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63);
}

std::int64_t unzigzag(std::uint64_t v) {
  return std::int64_t(v >> 1) ^ -std::int64_t(v & 1);
}

std::uint64_t bits_of(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}

double double_of(std::uint64_t u) {
  double d;
  std::memcpy(&d, &u, 8);
  return d;
}

constexpr char kPartsFormat = 1;

[[noreturn]] void damaged(const std::string& file, std::size_t size) {
  throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: a metric chunk of %2 bytes is damaged"),
                     {file, std::to_string(size)});
}

}  // namespace

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

void fold_points(Bucket& b, const std::vector<MetricPoint>& rows) {
  for (const auto& p : rows) {
    const bool ok = std::isfinite(p.value);
    fold(b, 1, static_cast<double>(p.step), p.step, p.step, ok, p.value, p.value, p.value, p.value,
         p.value, p.step, p.step);
  }
}

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

void configure(sql::Database& db, bool writable) {
  if (writable) {
    // A new file's page size (an existing file keeps its own): larger pages take fewer reads
    // and writes for the same bytes; set before WAL, which fixes it.
    db.exec("PRAGMA page_size=" + std::to_string(kPageSize));
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
            write_chunk_v2(db, run, name_id, chunk, chunk_rows);
            chunk_rows.clear();
          }
          if (!any) first_chunk = c;
          any = true;
          chunk = c;
          chunk_rows.push_back(p);
        }
        rows.reset();
        if (!any) continue;
        write_chunk_v2(db, run, name_id, chunk, chunk_rows);
        update_levels(db, run, name_id, first_chunk, chunk);
      }
      db.exec("DROP TABLE metrics");
    } else if (version == 2) {
      // Each chunk becomes its part 0, re-encoded; the levels stay as they are.
      db.exec(kVersion3);
      sql::Statement read(db, "SELECT run_id, name_id, chunk, data FROM metric_chunks");
      while (read.step()) {
        const auto rows = merge_points(decode_points(read.blob(3), 2, db.path()));
        write_part(db, read.int64(0), read.int64(1), read.int64(2), 0, rows);
      }
      read.reset();
      db.exec("DROP TABLE metric_chunks");
    } else if (version == 3) {
      db.exec(kVersion4);
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

std::string encode_points(const std::vector<MetricPoint>& rows) {
  // At most 1 + 10 + 10 + 1 + 8 bytes a row, written through a pointer (no per-byte checks).
  std::string out(1 + rows.size() * 30, '\0');
  auto* at = reinterpret_cast<unsigned char*>(out.data());
  *at++ = kPartsFormat;
  auto varint = [&at](std::uint64_t v) {
    while (v >= 0x80) {
      *at++ = static_cast<unsigned char>(v | 0x80);
      v >>= 7;
    }
    *at++ = static_cast<unsigned char>(v);
  };
  std::int64_t step = 0;
  std::uint64_t wall = 0, value = 0;
  for (const auto& p : rows) {
    varint(zigzag(std::int64_t(std::uint64_t(p.step) - std::uint64_t(step))));
    const std::uint64_t w = bits_of(p.wall), v = bits_of(p.value);
    varint(zigzag(std::int64_t(w - wall)));
    const std::uint64_t x = v ^ value;
    // Whole zero bytes at the top (lead) and bottom (trail) of the XOR; lead 8 for x == 0.
    const int lead = x == 0 ? 8 : __builtin_clzll(x) / 8;
    const int trail = x == 0 ? 0 : __builtin_ctzll(x) / 8;
    *at++ = static_cast<unsigned char>(lead << 4 | trail);
    for (int k = 7 - lead; k >= trail; --k) *at++ = static_cast<unsigned char>(x >> (8 * k));
    step = p.step, wall = w, value = v;
  }
  out.resize(static_cast<std::size_t>(at - reinterpret_cast<unsigned char*>(out.data())));
  return out;
}

std::vector<MetricPoint> decode_points(const std::string& blob, int version,
                                       const std::string& file) {
  std::vector<MetricPoint> rows;
  if (version < 3) {
    if (blob.size() % sizeof(MetricPoint) != 0) damaged(file, blob.size());
    rows.resize(blob.size() / sizeof(MetricPoint));
    if (!rows.empty()) std::memcpy(rows.data(), blob.data(), blob.size());
    return rows;
  }
  if (blob.empty() || blob[0] != kPartsFormat) damaged(file, blob.size());
  std::size_t at = 1;
  auto varint = [&] {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= blob.size()) damaged(file, blob.size());
      const auto b = static_cast<unsigned char>(blob[at++]);
      v |= std::uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    damaged(file, blob.size());
  };
  std::int64_t step = 0;
  std::uint64_t wall = 0, value = 0;
  while (at < blob.size()) {
    step = std::int64_t(std::uint64_t(step) + std::uint64_t(unzigzag(varint())));
    wall += std::uint64_t(unzigzag(varint()));
    if (at >= blob.size()) damaged(file, blob.size());
    const auto head = static_cast<unsigned char>(blob[at++]);
    const int lead = head >> 4, trail = head & 0x0F;
    if (!((lead == 8 && trail == 0) || lead + trail <= 7)) damaged(file, blob.size());
    std::uint64_t x = 0;
    for (int k = 7 - lead; k >= trail; --k) {
      if (at >= blob.size()) damaged(file, blob.size());
      x |= std::uint64_t(static_cast<unsigned char>(blob[at++])) << (8 * k);
    }
    value ^= x;
    rows.push_back({step, double_of(value), double_of(wall)});
  }
  return rows;
}

std::vector<MetricPoint> merge_points(std::vector<MetricPoint> rows) {
  // The usual case, rows in increasing steps, returns them as they are.
  bool increasing = true;
  for (std::size_t i = 1; i < rows.size() && increasing; ++i)
    increasing = rows[i - 1].step < rows[i].step;
  if (increasing) return rows;
  auto by_step = [](const MetricPoint& a, const MetricPoint& b) { return a.step < b.step; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_step))
    std::stable_sort(rows.begin(), rows.end(), by_step);
  // Equal steps: keep the last (stable order = arrival order).
  std::size_t out = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (out > 0 && rows[out - 1].step == rows[i].step)
      rows[out - 1] = rows[i];
    else
      rows[out++] = rows[i];
  }
  rows.resize(out);
  return rows;
}

void write_part(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk,
                std::int64_t part, const std::vector<MetricPoint>& rows) {
  auto& put = db.cached(
      "INSERT OR REPLACE INTO metric_parts(run_id, name_id, chunk, part, count, data) "
      "VALUES(?,?,?,?,?,?)");
  const std::string blob = encode_points(rows);
  put.bind(1, run).bind(2, name_id).bind(3, chunk).bind(4, part);
  put.bind(5, std::int64_t(rows.size())).bind_blob(6, blob.data(), blob.size());
  put.run();
}

std::vector<MetricPoint> read_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id,
                                    std::int64_t chunk, std::int64_t* parts) {
  auto& get = db.cached(
      "SELECT data FROM metric_parts WHERE run_id = ? AND name_id = ? AND chunk = ? ORDER BY part");
  get.bind(1, run).bind(2, name_id).bind(3, chunk);
  std::vector<MetricPoint> rows;
  std::int64_t n = 0;
  while (get.step()) {
    const auto part = decode_points(get.blob(0), 3, db.path());
    rows.insert(rows.end(), part.begin(), part.end());
    ++n;
  }
  get.reset();
  if (parts != nullptr) *parts = n;
  return n > 1 ? merge_points(std::move(rows)) : rows;
}

void rewrite_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk,
                   const std::vector<MetricPoint>& rows) {
  auto& drop = db.cached(
      "DELETE FROM metric_parts WHERE run_id = ? AND name_id = ? AND chunk = ? AND part > 0");
  drop.bind(1, run).bind(2, name_id).bind(3, chunk).run();
  write_part(db, run, name_id, chunk, 0, rows);
  Bucket b;
  b.bucket = chunk;
  fold_points(b, rows);
  if (b.count > 0) write_bucket(db, run, name_id, kFirstLevel, b);
}

void fold_bucket(Bucket& into, const Bucket& child) {
  if (child.count == 0) return;
  fold(into, child.count, child.step_sum, child.step_first, child.step_last, child.any_value,
       child.sum, child.min, child.max, child.first, child.last, child.at_min, child.at_max);
}

namespace {

Bucket bucket_from(sql::Statement& q, int first_column) {
  const int c = first_column;
  Bucket b;
  b.bucket = q.int64(c);
  b.count = q.int64(c + 1);
  b.step_sum = q.real(c + 2);
  b.step_first = q.int64(c + 3);
  b.step_last = q.int64(c + 4);
  b.any_value = !q.is_null(c + 6);
  b.sum = q.real(c + 5);
  if (b.any_value) {
    b.min = q.real(c + 6);
    b.max = q.real(c + 7);
    b.first = q.real(c + 8);
    b.last = q.real(c + 9);
  }
  b.at_min = q.int64(c + 10);
  b.at_max = q.int64(c + 11);
  return b;
}

#define AHENK_BUCKET_COLUMNS                                                                  \
  "bucket, count, step_sum, step_first, step_last, sum, min, max, first, last, step_at_min, " \
  "step_at_max"

}  // namespace

std::int64_t level_width(int level) {
  std::int64_t w = 1;
  for (int i = 0; i < level; ++i) w *= 16;
  return w;
}

bool span_within(std::int64_t lo, std::int64_t hi, std::int64_t n) {
  return hi >= lo && static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo) <
                         static_cast<std::uint64_t>(n);
}

bool lookups_pay(sql::Database& db, std::int64_t run, std::int64_t lo, std::int64_t hi) {
  if (!span_within(lo, hi, kSeekSpan)) return false;
  // A scan reads every metric's rows in the range: cheaper than a lookup each while the run
  // has few metrics (bench_session: a lookup costs about as much as reading 80 rows in order).
  auto& q = db.cached("SELECT count(*) FROM metric_series WHERE run_id = ?");
  q.bind(1, run);
  const std::int64_t metrics = q.step() ? q.int64(0) : 0;
  q.reset();
  return metrics > kScanMetrics;
}

std::vector<Bucket> read_level(sql::Database& db, std::int64_t run, std::int64_t name_id, int level,
                               std::int64_t lo, std::int64_t hi) {
  std::vector<Bucket> out;
  if (hi < lo) return out;
  if (lookups_pay(db, run, lo, hi)) {
    // A lookup per bucket: the keys put each bucket's metrics side by side, so a range would
    // read every metric's buckets.
    auto& q = db.cached("SELECT " AHENK_BUCKET_COLUMNS
                        " FROM metric_levels WHERE run_id = ? AND level = ? AND bucket = ? AND "
                        "name_id = ?");
    for (std::int64_t b = lo;; ++b) {
      q.bind(1, run).bind(2, level).bind(3, b).bind(4, name_id);
      if (q.step()) out.push_back(bucket_from(q, 0));
      q.reset();
      if (b == hi) break;
    }
    return out;
  }
  // One scan of the range, the other metrics' buckets skipped.
  auto& q = db.cached("SELECT " AHENK_BUCKET_COLUMNS
                      " FROM metric_levels WHERE run_id = ? AND level = ? AND bucket BETWEEN ? "
                      "AND ? AND name_id = ? ORDER BY bucket");
  q.bind(1, run).bind(2, level).bind(3, lo).bind(4, hi).bind(5, name_id);
  while (q.step()) out.push_back(bucket_from(q, 0));
  q.reset();
  return out;
}

#undef AHENK_BUCKET_COLUMNS

std::optional<SeriesRange> series_range(sql::Database& db, std::int64_t run, std::int64_t name_id) {
  auto& q =
      db.cached("SELECT step_min, step_max FROM metric_series WHERE run_id = ? AND name_id = ?");
  q.bind(1, run).bind(2, name_id);
  std::optional<SeriesRange> r;
  if (q.step()) r = SeriesRange{q.int64(0), q.int64(1)};
  q.reset();
  return r;
}

void fold_level(sql::Database& db, std::int64_t run, std::int64_t name_id, int level,
                std::int64_t lo, std::int64_t hi, Bucket& into) {
  for (const auto& b : read_level(db, run, name_id, level, lo, hi)) fold_bucket(into, b);
}

void write_series(sql::Database& db, std::int64_t run, std::int64_t name_id, const Bucket& all) {
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

void update_levels(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk_lo,
                   std::int64_t chunk_hi) {
  // The steps the series spans once these chunks are in (rows are only added or replaced).
  std::int64_t step_lo = chunk_lo * kChunkSteps, step_hi = chunk_hi * kChunkSteps + kChunkSteps - 1;
  if (const auto r = series_range(db, run, name_id)) {
    step_lo = std::min(step_lo, r->step_min);
    step_hi = std::max(step_hi, r->step_max);
  }
  // Level k from level k-1: only the (at most 16) child buckets of the buckets the touched
  // chunks fall in are read.
  std::int64_t lo = chunk_lo, hi = chunk_hi;  // in level-(k-1) buckets
  for (int level = kFirstLevel + 1; level <= kLevels; ++level) {
    const std::int64_t b_lo = floor_div(lo, 16), b_hi = floor_div(hi, 16);
    std::vector<Bucket> buckets;
    for (const auto& child : read_level(db, run, name_id, level - 1, b_lo * 16, b_hi * 16 + 15)) {
      const std::int64_t parent = floor_div(child.bucket, 16);
      if (buckets.empty() || buckets.back().bucket != parent) {
        buckets.emplace_back();
        buckets.back().bucket = parent;
      }
      fold_bucket(buckets.back(), child);
    }
    for (const auto& b : buckets) write_bucket(db, run, name_id, level, b);
    lo = b_lo;
    hi = b_hi;
  }
  // The series summary from the coarsest level's few rows: counts, ranges, and the last value
  // (the last bucket's last finite value).
  Bucket all;
  const std::int64_t w = level_width(kLevels);
  fold_level(db, run, name_id, kLevels, floor_div(step_lo, w), floor_div(step_hi, w), all);
  write_series(db, run, name_id, all);
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
