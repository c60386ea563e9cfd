#include "ahenk/session/session.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ahenk/message.h"
#include "hash.h"
#include "schema.h"
#include "sqlite.h"

namespace ahenk::session {

namespace fs = std::filesystem;

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::running:
      return "running";
    case RunStatus::paused:
      return "paused";
    case RunStatus::completed:
      return "completed";
    case RunStatus::stopped:
      return "stopped";
    case RunStatus::failed:
      return "failed";
    case RunStatus::interrupted:
      return "interrupted";
  }
  return "unknown";
}

RunStatus parse_run_status(const std::string& text) {
  for (auto s : {RunStatus::running, RunStatus::paused, RunStatus::completed, RunStatus::stopped,
                 RunStatus::failed, RunStatus::interrupted})
    if (to_string(s) == text) return s;
  throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "unknown run status \"%1\""), {text});
}

fs::path data_dir(const fs::path& session_file) {
  return fs::path(session_file.string() + ".d");
}

fs::path object_path(const fs::path& session_file, const std::string& sha256) {
  return data_dir(session_file) / "objects" / sha256.substr(0, 2) / sha256;
}

fs::path default_session_path() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  fs::path base;
  if (xdg != nullptr && *xdg != '\0') {
    base = xdg;
  } else {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0')
      throw RuntimeError(QT_TRANSLATE_NOOP(
          "Engine", "neither XDG_DATA_HOME nor HOME is set: pass --session FILE"));
    base = fs::path(home) / ".local" / "share";
  }
  return base / "ahenk" / "default.ahenk";
}

std::int64_t process_start_ticks(std::int64_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!in || !std::getline(in, stat)) return 0;
  // Field 2 (comm) may hold spaces and parentheses: count fields after the last ')'.
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    if (i == 22) return std::strtoll(field.c_str(), nullptr, 10);
  return 0;
}

namespace detail {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

}  // namespace detail

bool process_alive(std::int64_t pid, std::int64_t start_ticks, const std::string& host) {
  if (pid <= 0) return false;
  // A run started on another machine (a shared session): its process cannot be checked here;
  // trust the recorded status.
  if (!host.empty() && host != detail::host_name()) return true;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  std::int64_t now = process_start_ticks(pid);
  if (now == 0) return false;                     // gone (or a zombie already reaped)
  return start_ticks == 0 || now == start_ticks;  // a reused pid has another start time
}

struct Session::Impl {
  fs::path file;
  std::unique_ptr<sql::Database> db;
  int version = 0;
};

Session::Session(const fs::path& file) : impl_(std::make_unique<Impl>()) {
  impl_->file = file;
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "%1: no such session file (create one with 'ahenk session new')"),
        {file.string()});
  if (fs::is_directory(file, ec))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: is a folder, not a session file"),
                       {file.string()});
  // Read-write so that a WAL file left by a killed writer is recovered; the reader itself writes
  // nothing.
  int flags = access(file.c_str(), W_OK) == 0 ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
  impl_->db = std::make_unique<sql::Database>(file.string(), flags);
  impl_->version = detail::check(*impl_->db);
  if (impl_->version == 0)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: an empty file, not yet an Ahenk session"),
                       {file.string()});
  impl_->db->exec("PRAGMA foreign_keys=ON");
}

Session::~Session() = default;
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&&) noexcept = default;

const fs::path& Session::file() const {
  return impl_->file;
}
int Session::schema_version() const {
  return impl_->version;
}

nlohmann::json Session::meta() const {
  nlohmann::json out = nlohmann::json::object();
  sql::Statement s(*impl_->db, "SELECT key, value FROM meta ORDER BY key");
  while (s.step()) out[s.text(0)] = s.text(1);
  out["schema_version"] = impl_->version;
  return out;
}

namespace {

nlohmann::json parse_or_text(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

std::string run_columns(int version) {
  return std::string(
             "SELECT r.id, r.kind, r.name, r.status, r.config, r.outputs, r.command, r.work_dir, "
             "r.host, r.parent, r.created, r.updated, r.pid, r.pid_start, ") +
         (version >= 2 ? "(SELECT max(step_max) FROM metric_series m WHERE m.run_id = r.id)"
                       : "(SELECT max(step) FROM metrics m WHERE m.run_id = r.id)") +
         " FROM runs r";
}

RunInfo read_run(const sql::Statement& s) {
  RunInfo r;
  r.id = s.int64(0);
  r.kind = s.text(1);
  r.name = s.text(2);
  r.status = parse_run_status(s.text(3));
  r.config = parse_or_text(s.text(4));
  r.outputs = parse_or_text(s.text(5));
  r.command = s.text(6);
  r.work_dir = s.text(7);
  r.host = s.text(8);
  if (!s.is_null(9)) r.parent = s.int64(9);
  r.created = s.real(10);
  r.updated = s.real(11);
  r.pid = s.int64(12);
  if (!s.is_null(14)) r.last_step = s.int64(14);
  // A run whose owner died without ending it.
  if ((r.status == RunStatus::running || r.status == RunStatus::paused) &&
      !process_alive(r.pid, s.int64(13), r.host))
    r.status = RunStatus::interrupted;
  return r;
}

}  // namespace

std::vector<RunInfo> Session::runs() const {
  std::vector<RunInfo> out;
  sql::Statement s(*impl_->db, run_columns(impl_->version) + " ORDER BY r.id");
  while (s.step()) out.push_back(read_run(s));
  return out;
}

RunInfo Session::run(std::int64_t id) const {
  sql::Statement s(*impl_->db, run_columns(impl_->version) + " WHERE r.id = ?");
  s.bind(1, id);
  if (!s.step())
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: no run %2 (see 'ahenk session runs')"),
                       {impl_->file.string(), std::to_string(id)});
  return read_run(s);
}

std::vector<InputInfo> Session::inputs(std::optional<std::int64_t> run) const {
  std::vector<InputInfo> out;
  sql::Statement s(*impl_->db,
                   "SELECT run_id, path, size, sha256 FROM inputs WHERE ?1 IS NULL OR run_id = ?1 "
                   "ORDER BY id");
  s.bind(1, run);
  while (s.step()) out.push_back({s.int64(0), s.text(1), s.int64(2), s.text(3)});
  return out;
}

std::vector<EventInfo> Session::events(std::optional<std::int64_t> run) const {
  std::vector<EventInfo> out;
  sql::Statement s(*impl_->db,
                   "SELECT id, run_id, time, kind, step, message FROM events WHERE ?1 IS NULL OR "
                   "run_id = ?1 ORDER BY id");
  s.bind(1, run);
  while (s.step()) {
    EventInfo e{s.int64(0), s.is_null(1) ? 0 : s.int64(1), s.real(2), s.text(3), {}, s.text(5)};
    if (!s.is_null(4)) e.step = s.int64(4);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<ArtifactInfo> Session::artifacts(std::optional<std::int64_t> run) const {
  std::vector<ArtifactInfo> out;
  sql::Statement s(
      *impl_->db,
      "SELECT ra.run_id, a.sha256, a.kind, ra.role, ra.name, ra.step, a.size, "
      "a.data IS NOT NULL FROM run_artifacts ra JOIN artifacts a USING(sha256) "
      "WHERE ?1 IS NULL OR ra.run_id = ?1 ORDER BY ra.run_id, ra.step, ra.role, ra.name");
  s.bind(1, run);
  while (s.step()) {
    ArtifactInfo a{s.int64(0), s.text(1), s.text(2),  s.text(3),
                   s.text(4),  {},        s.int64(6), s.int64(7) != 0};
    if (!s.is_null(5)) a.step = s.int64(5);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<NoteInfo> Session::notes() const {
  std::vector<NoteInfo> out;
  sql::Statement s(*impl_->db, "SELECT id, run_id, time, text FROM notes ORDER BY id");
  while (s.step()) {
    NoteInfo n{s.int64(0), {}, s.real(2), s.text(3)};
    if (!s.is_null(1)) n.run_id = s.int64(1);
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<SeriesInfo> Session::series(std::int64_t run) const {
  // Version 2 keeps the summaries; version 1 computes them from its rows.
  const char* const query =
      impl_->version >= 2
          ? "SELECT n.name, count, step_min, step_max, value_min, value_max, last_value FROM "
            "metric_series JOIN metric_names n ON n.id = name_id WHERE run_id = ? ORDER BY n.name"
          : "SELECT n.name, count(*), min(step), max(step), min(value), max(value), (SELECT value "
            "FROM metrics m2 WHERE m2.run_id = m.run_id AND m2.name_id = m.name_id ORDER BY step "
            "DESC LIMIT 1) FROM metrics m JOIN metric_names n ON n.id = m.name_id WHERE run_id = "
            "? GROUP BY m.name_id ORDER BY n.name";
  std::vector<SeriesInfo> out;
  sql::Statement s(*impl_->db, query);
  s.bind(1, run);
  while (s.step())
    out.push_back({run, s.text(0), s.int64(1), s.int64(2), s.int64(3), s.real_or_nan(4),
                   s.real_or_nan(5), s.real_or_nan(6)});
  return out;
}

std::vector<MetricRow> Session::metrics(std::int64_t run, const std::string& name) const {
  std::vector<MetricRow> out;
  if (impl_->version >= 3) {
    auto& db = *impl_->db;
    std::int64_t name_id = 0;
    {
      sql::Statement id(db, "SELECT id FROM metric_names WHERE name = ?");
      id.bind(1, name);
      if (!id.step()) return out;
      name_id = id.int64(0);
    }
    const auto range = detail::series_range(db, run, name_id);
    if (!range) return out;
    const std::int64_t lo = detail::floor_div(range->step_min, detail::kChunkSteps);
    const std::int64_t hi = detail::floor_div(range->step_max, detail::kChunkSteps);
    auto add = [&](std::vector<detail::MetricPoint> rows) {
      for (const auto& p : rows) out.push_back({p.step, p.value, p.wall});
    };
    if (detail::lookups_pay(db, run, lo, hi)) {
      // A lookup per chunk (see schema.h).
      for (std::int64_t c = lo;; ++c) {
        add(detail::read_chunk(db, run, name_id, c));
        if (c == hi) break;
      }
      return out;
    }
    // One scan of the range; a chunk's parts in order, merged (a later part may repeat or
    // precede steps).
    sql::Statement s(db,
                     "SELECT chunk, data FROM metric_parts WHERE run_id = ? AND chunk BETWEEN ? "
                     "AND ? AND name_id = ? ORDER BY chunk, part");
    s.bind(1, run).bind(2, lo).bind(3, hi).bind(4, name_id);
    std::vector<detail::MetricPoint> chunk_rows;
    std::int64_t chunk = 0;
    int parts = 0;
    auto flush = [&] {
      add(parts > 1 ? detail::merge_points(std::move(chunk_rows)) : std::move(chunk_rows));
      chunk_rows.clear();
      parts = 0;
    };
    while (s.step()) {
      if (parts > 0 && s.int64(0) != chunk) flush();
      chunk = s.int64(0);
      const auto part = detail::decode_points(s.blob(1), 3, impl_->file.string());
      chunk_rows.insert(chunk_rows.end(), part.begin(), part.end());
      ++parts;
    }
    flush();
    return out;
  }
  if (impl_->version == 2) {
    sql::Statement s(*impl_->db,
                     "SELECT data FROM metric_chunks WHERE run_id = ? AND name_id = (SELECT id "
                     "FROM metric_names WHERE name = ?) ORDER BY chunk");
    s.bind(1, run).bind(2, name);
    while (s.step())
      for (const auto& p : detail::decode_points(s.blob(0), 2, impl_->file.string()))
        out.push_back({p.step, p.value, p.wall});
    return out;
  }
  sql::Statement s(*impl_->db,
                   "SELECT step, value, wall FROM metrics WHERE run_id = ? AND name_id = (SELECT "
                   "id FROM metric_names WHERE name = ?) ORDER BY step");
  s.bind(1, run).bind(2, name);
  while (s.step()) out.push_back({s.int64(0), s.real_or_nan(1), s.real(2)});
  return out;
}

Curve Session::curve(std::int64_t run, const std::string& name, std::size_t max_points) const {
  auto& db = *impl_->db;
  auto raw = [&] {
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    for (const auto& r : metrics(run, name)) {
      if (!std::isfinite(r.value)) continue;
      steps.push_back(r.step);
      values.push_back(r.value);
    }
    return from_points(name, steps, values);
  };
  if (impl_->version < 2 || max_points == 0) return downsample(raw(), max_points);
  std::int64_t name_id = 0, count = 0, step_min = 0, step_max = 0;
  {
    sql::Statement s(db,
                     "SELECT n.id, m.count, m.step_min, m.step_max FROM metric_names n JOIN "
                     "metric_series m ON m.name_id = n.id WHERE n.name = ? AND m.run_id = ?");
    s.bind(1, name).bind(2, run);
    if (!s.step()) return Curve{name, 0, 1, {}};
    name_id = s.int64(0);
    count = s.int64(1);
    step_min = s.int64(2);
    step_max = s.int64(3);
  }
  // Up to 8 rows read per point drawn: decoding is cheap, and the finer source keeps the
  // downsampled buckets exact (their widths are multiples of the source's).
  const std::size_t budget = 8 * max_points;
  if (static_cast<std::size_t>(count) <= budget) return downsample(raw(), max_points);
  // The finest level whose buckets over the series' steps fit the budget (a sparse series may
  // hold fewer; the coarsest level otherwise).
  int level = detail::kFirstLevel;
  std::int64_t lo = 0, hi = -1;
  for (; level <= kLevels; ++level) {
    const std::int64_t w = detail::level_width(level);
    lo = detail::floor_div(step_min, w);
    hi = detail::floor_div(step_max, w);
    if (level == kLevels || detail::span_within(lo, hi, static_cast<std::int64_t>(budget) + 1))
      break;
  }
  Curve c;
  c.name = name;
  c.level = level;
  c.bucket_width = detail::level_width(level);
  for (const auto& b : detail::read_level(db, run, name_id, level, lo, hi)) {
    if (!b.any_value) continue;
    CurvePoint p;
    p.count = b.count;
    p.step = b.step_sum / static_cast<double>(p.count);
    p.mean = b.sum / static_cast<double>(p.count);
    p.min = b.min;
    p.max = b.max;
    p.first = b.first;
    p.last = b.last;
    p.step_first = b.step_first;
    p.step_last = b.step_last;
    p.step_at_min = b.at_min;
    p.step_at_max = b.at_max;
    c.points.push_back(p);
  }
  return downsample(c, max_points);
}

std::string Session::artifact_bytes(const std::string& sha256) const {
  sql::Statement s(*impl_->db, "SELECT data FROM artifacts WHERE sha256 = ?");
  s.bind(1, sha256);
  if (!s.step())
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: no artifact %2"),
                       {impl_->file.string(), sha256});
  if (!s.is_null(0)) return s.blob(0);
  fs::path path = object_path(impl_->file, sha256);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(
        QT_TRANSLATE_NOOP(
            "Engine", "%1: the artifact's file is missing (was the %2 folder moved or deleted?)"),
        {path.string(), data_dir(impl_->file).string()});
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (detail::sha256_bytes(bytes) != sha256)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine", "%1: content does not match its SHA-256 (damaged)"),
        {path.string()});
  return bytes;
}

fs::path Session::artifact_file(const std::string& sha256) const {
  sql::Statement s(*impl_->db, "SELECT data IS NOT NULL FROM artifacts WHERE sha256 = ?");
  s.bind(1, sha256);
  if (!s.step())
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: no artifact %2"),
                       {impl_->file.string(), sha256});
  if (s.int64(0) != 0) return {};
  return object_path(impl_->file, sha256);
}

std::string Session::integrity_check() const {
  sql::Statement s(*impl_->db, "PRAGMA integrity_check");
  std::string out;
  while (s.step()) {
    if (!out.empty()) out += "\n";
    out += s.text(0);
  }
  return out;
}

namespace {
std::string outcome_value(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}
}  // namespace

// How a run turned out, from its outputs: the measures worth a glance, in this order.
std::vector<std::pair<std::string, double>> run_outcome_parts(const RunInfo& r) {
  std::vector<std::pair<std::string, double>> parts;
  const auto& o = r.outputs;
  if (!o.is_object()) return parts;
  auto add = [&](const char* key) {
    if (o.contains(key) && o[key].is_number()) parts.emplace_back(key, o[key].get<double>());
  };
  add("val_bpb");
  add("val_loss");
  add("loss");
  add("kept");
  if (o.contains("kept")) add("documents");
  add("vocab_size");
  if (o.contains("tokens_after") && o["tokens_after"].is_number() && o.contains("bytes") &&
      o["bytes"].is_number() && o["tokens_after"].get<double>() > 0)
    parts.emplace_back("bytes_per_token",
                       o["bytes"].get<double>() / o["tokens_after"].get<double>());
  add("bits_per_byte");
  if (parts.empty()) add("files");
  return parts;
}

std::string outcome_number(double v) {
  return outcome_value(v);
}

std::string run_outcome(const RunInfo& r) {
  std::string s;
  const auto parts = run_outcome_parts(r);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& [key, v] = parts[i];
    const std::string value = outcome_value(v);
    if (key == "documents") {
      s += " of " + value + " documents";
      continue;
    }
    if (!s.empty()) s += ", ";
    if (key == "val_bpb" || key == "bits_per_byte")
      s += "bits/byte " + value;
    else if (key == "val_loss")
      s += "val loss " + value;
    else if (key == "vocab_size")
      s += "vocab " + value;
    else if (key == "bytes_per_token")
      s += value + " bytes/token";
    else
      s += key + " " + value;
  }
  return s;
}

}  // namespace ahenk::session
