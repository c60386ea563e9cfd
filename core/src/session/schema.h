// Internal: connection setup, migrations, and the metric storage shared by the reader, the writer
// and the migration from version 1.
//
// Metrics are stored in chunks of 256 consecutive steps per (run, metric). Version 2 kept one row
// per chunk holding its (step, value, wall) triples as raw 24-byte rows, rewritten whole at every
// commit. Version 3 keeps a chunk as parts, one per commit that added rows to it, each a compact
// blob (encode_points: about 8-12 bytes a row), so a commit writes only its new rows; a part that
// goes back in steps (a resumed run rewriting its steps), or a chunk of many parts, is merged
// into one part again. Each chunk change refreshes its level-2 bucket (its 256 steps); levels 3
// and 4 (4096 and 65536 steps) and the series summary follow from the level below.
//
// Version 4 orders the parts' index by (run, chunk, metric, part) and the levels by (run, level,
// bucket, metric): time before metric. A training run records its metrics at the same steps, so
// a commit's new parts and buckets for hundreds of metrics fall on a few adjacent pages, where
// metric-major keys put each metric's on a page of its own (a page write, its WAL copy and its
// checkpoint per metric per commit). A reader of one metric looks its chunks and buckets up one
// by one over the metric's step range (metric_series keeps it) or, over a wide sparse range,
// scans the range once. New files use 16 KiB pages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sqlite.h"

namespace ahenk::session::detail {

struct MetricPoint {
  std::int64_t step = 0;
  double value = 0;  // NaN/Inf kept as they are
  double wall = 0;   // seconds since the Unix epoch
};

inline constexpr std::int64_t kChunkSteps = 256;  // = the level-2 bucket
inline constexpr int kFirstLevel = 2;             // stored levels: 2, 3, 4 (16^k steps)
inline constexpr std::int64_t kMaxParts = 16;     // a chunk with more is merged into one part
inline constexpr int kPageSize = 16384;           // a new file's page size
// A metric's chunks or buckets over a range are read by a lookup each when the range is at most
// kSeekSpan wide and its run records more than kScanMetrics metrics; by one scan otherwise.
inline constexpr std::int64_t kSeekSpan = 16384;
inline constexpr std::int64_t kScanMetrics = 64;

std::int64_t floor_div(std::int64_t a, std::int64_t b);
// Version 3's part encoding, lossless: a format byte, then per row the step as a zigzag varint of
// its difference to the previous row's, the wall time as a zigzag varint of the difference of its
// IEEE bits to the previous row's (a few bytes for rows a second apart), and the value XORed with
// the previous value's bits, written as a byte (leading and trailing zero bytes) and the bytes
// between (values from float32 or close to the previous one take 2-5 bytes).
std::string encode_points(const std::vector<MetricPoint>& rows);
// A chunk blob of `file` at `version` (2: raw rows, 3: encode_points). Throws, naming the file,
// on a damaged blob.
std::vector<MetricPoint> decode_points(const std::string& blob, int version,
                                       const std::string& file);
// Rows of several parts in part order as one chunk: sorted by step, a later row for a step
// replacing an earlier one.
std::vector<MetricPoint> merge_points(std::vector<MetricPoint> rows);

// A level bucket: counts, step range, and the finite values' sum, extremes, first and last.
struct Bucket {
  std::int64_t bucket = 0, count = 0, step_first = 0, step_last = 0, at_min = 0, at_max = 0;
  double step_sum = 0, sum = 0, min = 0, max = 0, first = 0, last = 0;
  bool any_value = false;  // finite values seen (NaN/Inf rows count steps only)
};
// Adds rows (sorted by step, after the bucket's) to a bucket.
void fold_points(Bucket& b, const std::vector<MetricPoint>& rows);
void write_bucket(sql::Database& db, std::int64_t run, std::int64_t name_id, int level,
                  const Bucket& b);

// journal_mode=WAL, foreign keys, synchronous=NORMAL (a killed process loses nothing committed;
// only a power cut may lose the last batches).
void configure(sql::Database& db, bool writable);
// Checks application_id and version; returns the version. Throws for a foreign or newer file.
int check(sql::Database& db);
// Migrates to `target` one version per transaction.
void migrate(sql::Database& db, int target);
// Version 3: stores one part of a chunk (rows sorted by step, all within the chunk).
void write_part(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk,
                std::int64_t part, const std::vector<MetricPoint>& rows);
// Version 3: the chunk's rows (its parts merged) and how many parts hold them.
std::vector<MetricPoint> read_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id,
                                    std::int64_t chunk, std::int64_t* parts = nullptr);
// Version 3: replaces the chunk's parts by one holding `rows` (sorted, unique steps), and its
// level-2 bucket.
void rewrite_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk,
                   const std::vector<MetricPoint>& rows);
// Folds `child` (a bucket of steps after those `into` holds) into `into`; an empty child adds
// nothing.
void fold_bucket(Bucket& into, const Bucket& child);
// 16^level: the steps a level-`level` bucket spans.
std::int64_t level_width(int level);
// Whether lo <= hi and the range lo..hi holds fewer than n numbers (no overflow).
bool span_within(std::int64_t lo, std::int64_t hi, std::int64_t n);
// Whether to read a metric's chunks or buckets lo..hi of `run` by a lookup each (see kSeekSpan).
bool lookups_pay(sql::Database& db, std::int64_t run, std::int64_t lo, std::int64_t hi);
// The stored level-`level` buckets numbered lo..hi of one series, in order.
std::vector<Bucket> read_level(sql::Database& db, std::int64_t run, std::int64_t name_id, int level,
                               std::int64_t lo, std::int64_t hi);
// The series summary's step range; none for a series without rows.
struct SeriesRange {
  std::int64_t step_min = 0, step_max = 0;
};
std::optional<SeriesRange> series_range(sql::Database& db, std::int64_t run, std::int64_t name_id);
// Folds the stored level-`level` buckets numbered lo..hi, in order, into `into`.
void fold_level(sql::Database& db, std::int64_t run, std::int64_t name_id, int level,
                std::int64_t lo, std::int64_t hi, Bucket& into);
// Writes the series summary (count, step range, value range, last value) from a bucket of all
// its rows; nothing for an empty one.
void write_series(sql::Database& db, std::int64_t run, std::int64_t name_id, const Bucket& all);
// Refreshes levels 3 and 4 over the chunks [chunk_lo, chunk_hi] and the series summary.
void update_levels(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk_lo,
                   std::int64_t chunk_hi);
double now_seconds();
// This machine's name ("" when unknown), recorded with each run's owner.
std::string host_name();

}  // namespace ahenk::session::detail
