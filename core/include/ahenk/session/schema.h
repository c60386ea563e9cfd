// The session file's schema versions, for tools and tests that need a file at an older version
// (migration tests, the fault tests that kill a process during a migration).
//
//   ahenk::session::create_at_version("old.ahenk", 1);   // a v1 file, as an older Ahenk wrote it
//   ahenk::session::SessionWriter w("old.ahenk");        // migrates it to kSchemaVersion
//
// Version log (docs/sessions.md keeps the dated list):
//   1  runs, inputs, metric names, metrics, events, artifacts, run artifacts, notes, meta
//   2  metric_series (per run and metric: count, step and value ranges) and metric_levels
//      (downsampled buckets of 16^k steps keeping first/last/min/max/mean), built from the rows
//      already in the file, so a chart of a million rows opens without reading them.
//   3  metric_parts: a chunk of 256 steps kept as compact parts, one per commit (no rewrites).
//   4  the parts' index and the levels keyed time before metric, so a commit to many metrics
//      writes a few adjacent pages; new files use 16 KiB pages.
#pragma once

#include <filesystem>

namespace ahenk::session {

// Creates a new session file at exactly `version` (1..kSchemaVersion). Throws if it exists.
void create_at_version(const std::filesystem::path& file, int version);
// The schema version of a session file (0 for an empty SQLite file); throws when the file is not a
// session.
int file_schema_version(const std::filesystem::path& file);

}  // namespace ahenk::session
