// Internal: connection setup, migrations and the downsampled levels (shared by the reader, the
// writer and the migration from version 1).
#pragma once

#include <cstdint>

#include "sqlite.h"

namespace ahenk::session::detail {

// journal_mode=WAL, foreign keys, synchronous=NORMAL (a killed process loses nothing committed;
// only a power cut may lose the last batches).
void configure(sql::Database& db, bool writable);
// Checks application_id and version; returns the version. Throws for a foreign or newer file.
int check(sql::Database& db);
// Migrates to `target` one version per transaction.
void migrate(sql::Database& db, int target);
// Rebuilds the level buckets and the series summary of one metric over [step_lo, step_hi].
void update_levels(sql::Database& db, std::int64_t run, std::int64_t name_id, std::int64_t step_lo,
                   std::int64_t step_hi);
double now_seconds();

}  // namespace ahenk::session::detail
