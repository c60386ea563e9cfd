#include "ahenk/session/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/session/session.h"
#include "hash.h"
#include "schema.h"
#include "sqlite.h"

namespace ahenk::session {

namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "manifest.json";
constexpr const char* kSessionEntry = "session.ahenk";
constexpr std::int64_t kMaxManifestBytes = 64 << 20;

struct ArchiveWriteDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveReadDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

// Removes a staging folder unless released.
class ScopedFolder {
 public:
  explicit ScopedFolder(fs::path path) : path_(std::move(path)) {}
  ~ScopedFolder() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void report(ProgressSink* sink, const char* phase, std::uint64_t done, std::uint64_t total) {
  if (sink != nullptr) sink->report({phase, done, total, "B"});
}

}  // namespace

ArchiveReport export_session(const fs::path& session_file, const fs::path& archive_path,
                             ProgressSink* progress, const CancelToken* cancel) {
  Session session(session_file);  // clear errors for a missing or foreign file
  ScopedFolder staging(archive_path.string() + ".export-tmp" + std::to_string(::getpid()));
  fs::create_directories(staging.path());
  const fs::path snapshot = staging.path() / kSessionEntry;
  {
    sql::Database db(session_file.string(), SQLITE_OPEN_READONLY);
    sql::Statement vacuum(db, "VACUUM INTO ?");
    vacuum.bind(1, snapshot.string());
    vacuum.run();
  }
  // The objects the snapshot references.
  std::vector<std::pair<std::string, std::int64_t>> objects;
  {
    sql::Database db(snapshot.string(), SQLITE_OPEN_READONLY);
    sql::Statement s(db, "SELECT sha256, size FROM artifacts WHERE data IS NULL ORDER BY sha256");
    while (s.step()) objects.emplace_back(s.text(0), s.int64(1));
  }
  std::vector<std::string> missing;
  for (const auto& [sha, size] : objects)
    if (!fs::exists(object_path(session_file, sha))) missing.push_back(sha);
  if (!missing.empty())
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                         "%1: %2 artifact file(s) are missing from "
                                         "%3 (first: %4); restore them before exporting"),
                       {session_file.string(), std::to_string(missing.size()),
                        (data_dir(session_file) / "objects").string(), missing[0]});

  nlohmann::ordered_json manifest = {{"format", kArchiveFormat},
                                     {"version", kArchiveVersion},
                                     {"session", kSessionEntry},
                                     {"files", nlohmann::json::array()}};
  ArchiveReport out;
  out.session = session_file;
  std::int64_t snapshot_size = 0;
  std::string snapshot_sha = detail::sha256_file(snapshot, &snapshot_size);
  manifest["files"].push_back(
      {{"path", kSessionEntry}, {"size", snapshot_size}, {"sha256", snapshot_sha}});
  std::uint64_t total = static_cast<std::uint64_t>(snapshot_size);
  for (const auto& [sha, size] : objects) {
    manifest["files"].push_back(
        {{"path", "objects/" + sha.substr(0, 2) + "/" + sha}, {"size", size}, {"sha256", sha}});
    total += static_cast<std::uint64_t>(size);
  }

  const fs::path tmp_archive = staging.path() / "archive.tmp";
  std::unique_ptr<archive, ArchiveWriteDeleter> a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  if (archive_write_add_filter_zstd(a.get()) != ARCHIVE_OK) archive_write_add_filter_gzip(a.get());
  if (archive_write_open_filename(a.get(), tmp_archive.c_str()) != ARCHIVE_OK)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot write (%2)"),
                       {archive_path.string(), archive_error_string(a.get())});
  auto add_entry = [&](const std::string& name, std::int64_t size, auto&& write_body) {
    std::unique_ptr<archive_entry, EntryDeleter> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_size(e.get(), size);
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_mtime(e.get(), static_cast<time_t>(detail::now_seconds()), 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot write (%2)"),
                         {archive_path.string(), archive_error_string(a.get())});
    write_body();
  };
  auto write_file = [&](const fs::path& path, std::uint64_t& done) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buf(1 << 20);
    while (in) {
      throw_if_cancelled(cancel);
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      auto n = in.gcount();
      if (n > 0 && archive_write_data(a.get(), buf.data(), static_cast<std::size_t>(n)) < 0)
        throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot write (%2)"),
                           {archive_path.string(), archive_error_string(a.get())});
      done += static_cast<std::uint64_t>(n);
      report(progress, "export", done, total);
    }
  };
  std::string manifest_text = manifest.dump(2);
  add_entry(kManifest, static_cast<std::int64_t>(manifest_text.size()),
            [&] { archive_write_data(a.get(), manifest_text.data(), manifest_text.size()); });
  std::uint64_t done = 0;
  add_entry(kSessionEntry, snapshot_size, [&] { write_file(snapshot, done); });
  for (const auto& object : objects) {
    const std::string& sha = object.first;
    add_entry("objects/" + sha.substr(0, 2) + "/" + sha, object.second,
              [&] { write_file(object_path(session_file, sha), done); });
    out.bytes += object.second;
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot write (%2)"),
                       {archive_path.string(), archive_error_string(a.get())});
  a.reset();
  if (progress != nullptr) progress->finish();
  fs::rename(tmp_archive, archive_path);
  out.files = static_cast<std::int64_t>(objects.size()) + 1;
  out.bytes += snapshot_size;
  return out;
}

namespace {

// `why` is a template whose arguments are `args` (%1 on).
[[noreturn]] void refuse(const fs::path& archive_path, const char* why,
                         std::vector<Arg> args = {}) {
  throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: not imported: %2"),
                     {archive_path.string(), Message{why, std::move(args)}});
}

bool valid_entry_name(const std::string& name) {
  if (name == kSessionEntry) return true;
  // objects/ab/<64 hex>
  if (name.size() != 8 + 3 + 64 || name.compare(0, 8, "objects/") != 0) return false;
  std::string sha = name.substr(11);
  return name[10] == '/' && detail::is_sha256_hex(sha) && name.compare(8, 2, sha, 0, 2) == 0;
}

}  // namespace

ArchiveReport import_session(const fs::path& archive_path, const fs::path& destination,
                             ProgressSink* progress, const CancelToken* cancel) {
  std::error_code ec;
  if (!fs::is_regular_file(archive_path, ec))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: no such archive file"),
                       {archive_path.string()});
  if (fs::exists(destination, ec) || fs::exists(data_dir(destination), ec))
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "%1: already exists; choose another name (nothing was changed)"),
        {destination.string()});
  fs::path parent = destination.has_parent_path() ? destination.parent_path() : fs::path(".");
  fs::create_directories(parent);
  ScopedFolder staging(
      parent / (destination.filename().string() + ".import-tmp" + std::to_string(::getpid())));
  fs::remove_all(staging.path(), ec);
  fs::create_directories(staging.path());

  std::unique_ptr<archive, ArchiveReadDeleter> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_filter_zstd(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_none(a.get());
  if (archive_read_open_filename(a.get(), archive_path.c_str(), 1 << 16) != ARCHIVE_OK)
    refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "not a session archive (%1)"),
           {archive_error_string(a.get())});
  // `where` names the place: a template with its arguments.
  auto entry_error = [&](const char* where, std::vector<Arg> args = {}) {
    const char* why = archive_error_string(a.get());
    refuse(
        archive_path, QT_TRANSLATE_NOOP("Engine", "truncated or damaged at %1 (%2)"),
        {Message{where, std::move(args)},
         why != nullptr ? Arg(why) : Arg(Message{QT_TRANSLATE_NOOP("Engine", "unexpected end")})});
  };

  archive_entry* entry = nullptr;
  int rc = archive_read_next_header(a.get(), &entry);
  if (rc != ARCHIVE_OK) {
    if (rc == ARCHIVE_EOF)
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "the archive is empty"));
    const char* why = archive_error_string(a.get());
    refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "not a session archive (%1)"),
           {why != nullptr ? Arg(why) : Arg(Message{QT_TRANSLATE_NOOP("Engine", "unreadable")})});
  }
  if (std::string(archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "") != kManifest)
    refuse(archive_path, QT_TRANSLATE_NOOP("Engine",
                                           "its first entry is not manifest.json (not "
                                           "exported by Ahenk)"));
  std::int64_t manifest_size = archive_entry_size(entry);
  if (manifest_size <= 0 || manifest_size > kMaxManifestBytes)
    refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "manifest.json has an implausible size"));
  std::string manifest_text(static_cast<std::size_t>(manifest_size), '\0');
  if (archive_read_data(a.get(), manifest_text.data(), manifest_text.size()) != manifest_size)
    entry_error("manifest.json");
  auto manifest = nlohmann::json::parse(manifest_text, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() ||
      manifest.value("format", "") != kArchiveFormat)
    refuse(archive_path,
           QT_TRANSLATE_NOOP("Engine", "manifest.json is not an Ahenk session manifest"));
  if (!manifest["version"].is_number_integer() || manifest["version"].get<int>() > kArchiveVersion)
    refuse(
        archive_path,
        QT_TRANSLATE_NOOP("Engine", "written by a newer Ahenk (archive version %1); update Ahenk"),
        {manifest["version"].dump()});
  struct Expected {
    std::int64_t size;
    std::string sha;
    bool seen = false;
  };
  std::map<std::string, Expected> expected;
  if (!manifest["files"].is_array())
    refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "manifest.json lists no files"));
  for (const auto& f : manifest["files"]) {
    // (const json: operator[] on a missing key is undefined, so every key is checked first)
    if (!f.is_object() || !f.contains("path") || !f.contains("size") || !f.contains("sha256") ||
        !f.at("path").is_string() || !f.at("size").is_number_integer() ||
        !f.at("sha256").is_string())
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "manifest.json has a malformed file entry"));
    const std::string path = f.at("path").get<std::string>();
    const std::string sha = f.at("sha256").get<std::string>();
    const std::int64_t size = f.at("size").get<std::int64_t>();
    if (!valid_entry_name(path) || !detail::is_sha256_hex(sha) || size < 0)
      refuse(archive_path,
             QT_TRANSLATE_NOOP("Engine", "manifest.json names an unexpected file \"%1\""), {path});
    if (path != kSessionEntry && path.substr(11) != sha)
      refuse(archive_path,
             QT_TRANSLATE_NOOP("Engine", "manifest.json: %1 does not carry its own hash"), {path});
    if (!expected.emplace(path, Expected{size, sha}).second)
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "manifest.json lists %1 twice"), {path});
  }
  if (!expected.count(kSessionEntry))
    refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "manifest.json has no session file"));
  std::uint64_t total = 0;
  for (const auto& [path, e] : expected) total += static_cast<std::uint64_t>(e.size);

  ArchiveReport out;
  std::uint64_t done = 0;
  std::vector<char> buf(1 << 20);
  for (;;) {
    throw_if_cancelled(cancel);
    rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK)
      entry_error(QT_TRANSLATE_NOOP("Engine", "the entry after %1 files"),
                  {std::to_string(out.files)});
    std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    auto it = expected.find(name);
    if (it == expected.end())
      refuse(archive_path,
             QT_TRANSLATE_NOOP("Engine", "holds \"%1\", which its manifest does not list"), {name});
    if (it->second.seen)
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "holds \"%1\" twice"), {name});
    if (archive_entry_filetype(entry) != AE_IFREG)
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "\"%1\" is not a regular file"), {name});
    it->second.seen = true;
    fs::path target = staging.path() / name;
    fs::create_directories(target.parent_path());
    std::ofstream file(target, std::ios::binary | std::ios::trunc);
    if (!file)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot create (is the folder writable?)"),
                         {target.string()});
    detail::Sha256 hash;
    std::int64_t size = 0;
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buf.data(), buf.size());
      if (n < 0)
        entry_error(QT_TRANSLATE_NOOP("Engine", "\"%1\" after %2 bytes"),
                    {name, std::to_string(size)});
      if (n == 0) break;
      size += n;
      if (size > it->second.size)
        refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "\"%1\" is longer than its manifest says"),
               {name});
      hash.update(buf.data(), static_cast<std::size_t>(n));
      file.write(buf.data(), n);
      done += static_cast<std::uint64_t>(n);
      report(progress, "import", done, total);
    }
    file.close();
    if (!file)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"),
                         {target.string()});
    if (size != it->second.size)
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "\"%1\" is truncated (%2 of %3 bytes)"),
             {name, std::to_string(size), std::to_string(it->second.size)});
    if (hash.hex() != it->second.sha)
      refuse(archive_path,
             QT_TRANSLATE_NOOP("Engine", "\"%1\" does not match its SHA-256 (altered or damaged)"),
             {name});
    ++out.files;
    out.bytes += size;
  }
  for (const auto& [path, e] : expected)
    if (!e.seen)
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "\"%1\" is missing (a truncated archive?)"),
             {path});

  // The snapshot itself: an Ahenk session, intact, whose artifacts are all here.
  const fs::path staged = staging.path() / kSessionEntry;
  {
    Session check(staged);
    std::string integrity = check.integrity_check();
    if (integrity != "ok")
      refuse(archive_path, QT_TRANSLATE_NOOP("Engine", "its session file is damaged: %1"),
             {integrity});
    sql::Database db(staged.string(), SQLITE_OPEN_READONLY);
    sql::Statement s(db, "SELECT sha256, data FROM artifacts");
    while (s.step()) {
      std::string sha = s.text(0);
      if (!s.is_null(1)) {
        if (detail::sha256_bytes(s.blob(1)) != sha)
          refuse(archive_path,
                 QT_TRANSLATE_NOOP("Engine", "an inline artifact does not match its SHA-256 %1"),
                 {sha});
      } else if (!expected.count("objects/" + sha.substr(0, 2) + "/" + sha)) {
        refuse(archive_path,
               QT_TRANSLATE_NOOP("Engine", "the artifact %1 is referenced but not included"),
               {sha});
      }
    }
  }
  if (progress != nullptr) progress->finish();
  // Into place: the objects folder first, the session file last (its presence means complete).
  if (fs::exists(staging.path() / "objects")) {
    fs::create_directories(data_dir(destination));
    fs::rename(staging.path() / "objects", data_dir(destination) / "objects");
  }
  fs::rename(staged, destination);
  out.session = destination;
  return out;
}

GcReport collect_garbage(const fs::path& session_file, double grace_seconds, bool dry_run) {
  Session session(session_file);  // checks it is a session
  GcReport out;
  sql::Database db(session_file.string(), SQLITE_OPEN_READWRITE);
  detail::configure(db, true);
  std::set<std::string> referenced;
  {
    sql::Transaction t(db);
    sql::Statement count(db,
                         "SELECT count(*) FROM artifacts WHERE sha256 NOT IN (SELECT sha256 FROM "
                         "run_artifacts)");
    out.removed_rows = count.step() ? count.int64(0) : 0;
    if (!dry_run)
      db.exec("DELETE FROM artifacts WHERE sha256 NOT IN (SELECT sha256 FROM run_artifacts)");
    sql::Statement s(db, "SELECT sha256 FROM artifacts WHERE data IS NULL");
    while (s.step()) referenced.insert(s.text(0));
    t.commit();
  }
  const fs::path objects = data_dir(session_file) / "objects";
  std::set<std::string> present;
  const double now = detail::now_seconds();
  std::error_code ec;
  if (fs::is_directory(objects, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(objects, ec)) {
      if (!e.is_regular_file()) continue;
      std::string name = e.path().filename().string();
      if (referenced.count(name)) {
        present.insert(name);
        ++out.kept_files;
        continue;
      }
      struct stat st {};
      if (::stat(e.path().c_str(), &st) == 0 &&
          now - static_cast<double>(st.st_ctim.tv_sec) < grace_seconds) {
        ++out.kept_files;
        continue;
      }
      out.removed_bytes += static_cast<std::int64_t>(e.file_size(ec));
      ++out.removed_files;
      if (!dry_run) fs::remove(e.path(), ec);
    }
  }
  for (const auto& sha : referenced)
    if (!present.count(sha)) out.missing.push_back(sha);
  return out;
}

}  // namespace ahenk::session
