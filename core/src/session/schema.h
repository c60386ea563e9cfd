// Internal: connection setup, migrations, and the metric storage shared by the reader, the writer
// and the migration from version 1.
//
// Metrics are stored in chunks: one row per (run, metric, 256 consecutive steps) holding the
// chunk's (step, value, wall) triples as a little-endian blob, so recording costs a memcpy per
// value and one SQLite row per chunk and batch instead of a B-tree insert per value. Each chunk
// write also refreshes its level-2 bucket (its 256 steps); levels 3 and 4 (4096 and 65536 steps)
// and the series summary follow from the level below.
#pragma once

#include <cstdint>
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

std::int64_t floor_div(std::int64_t a, std::int64_t b);
std::string encode_chunk(const std::vector<MetricPoint>& rows);
// Throws when the blob is not a whole number of rows (a damaged file).
std::vector<MetricPoint> decode_chunk(const std::string& blob);

// journal_mode=WAL, foreign keys, synchronous=NORMAL (a killed process loses nothing committed;
// only a power cut may lose the last batches).
void configure(sql::Database& db, bool writable);
// Checks application_id and version; returns the version. Throws for a foreign or newer file.
int check(sql::Database& db);
// Migrates to `target` one version per transaction.
void migrate(sql::Database& db, int target);
// Stores a chunk (rows sorted by step, all within the chunk) and its level-2 bucket.
void write_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk,
                 const std::vector<MetricPoint>& rows);
// The chunk's rows as stored (empty when there is none).
std::vector<MetricPoint> read_chunk(sql::Database& db, std::int64_t run, std::int64_t name_id,
                                    std::int64_t chunk);
// Refreshes levels 3 and 4 over the chunks [chunk_lo, chunk_hi] and the series summary.
void update_levels(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t chunk_lo,
                   std::int64_t chunk_hi);
double now_seconds();
// This machine's name ("" when unknown), recorded with each run's owner.
std::string host_name();

}  // namespace ahenk::session::detail
