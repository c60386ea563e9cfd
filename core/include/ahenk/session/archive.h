// Sharing a session: export it as one archive (a tar, zstd-compressed, holding a consistent
// snapshot of the session file, the artifacts it references and a manifest of their SHA-256), and
// import it on another machine, refusing a tampered, truncated or foreign archive with a message
// that says which entry and why. Also garbage collection of unreferenced artifacts.
//
//   ahenk::session::export_session("lab.ahenk", "lab.tar.zst");
//   ahenk::session::import_session("lab.tar.zst", "home/lab.ahenk");   // -> lab.ahenk + .d/
//
// Export reads through its own connection while training may go on: the snapshot is taken with
// VACUUM INTO, so it holds only committed batches. Import stages everything beside the
// destination and moves it into place only when every hash matched; nothing existing is touched.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ahenk/progress.h"

namespace ahenk::session {

inline constexpr const char* kArchiveFormat = "ahenk-session-archive";
inline constexpr int kArchiveVersion = 1;

struct ArchiveReport {
  std::filesystem::path session;  // the exported or imported session file
  std::int64_t files = 0;         // entries besides the manifest
  std::int64_t bytes = 0;         // their uncompressed size
};

ArchiveReport export_session(const std::filesystem::path& session_file,
                             const std::filesystem::path& archive, ProgressSink* progress = nullptr,
                             const CancelToken* cancel = nullptr);
// `destination` is the session file to create; it and its folder must not exist.
ArchiveReport import_session(const std::filesystem::path& archive,
                             const std::filesystem::path& destination,
                             ProgressSink* progress = nullptr, const CancelToken* cancel = nullptr);

struct GcReport {
  std::int64_t removed_rows = 0;   // artifacts no run references any more
  std::int64_t removed_files = 0;  // files in the object folder that no artifact names
  std::int64_t removed_bytes = 0;
  std::int64_t kept_files = 0;
  std::vector<std::string> missing;  // referenced objects whose files are gone
};
// Removes unreferenced artifacts. Files younger than grace_seconds are kept (another process may
// be storing one whose row is not committed yet). dry_run reports without removing.
GcReport collect_garbage(const std::filesystem::path& session_file, double grace_seconds = 3600,
                         bool dry_run = false);

}  // namespace ahenk::session
