#include "ahenk/session/writer.h"

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <fstream>
#include <functional>
#include <algorithm>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "ahenk/message.h"
#include "hash.h"
#include "schema.h"
#include "sqlite.h"

namespace ahenk::session {

namespace fs = std::filesystem;
using detail::now_seconds;

namespace {

struct QueuedMetric {
  std::int64_t run, step;
  double value, wall;
  SessionWriter::MetricKey key;
};

using Op = std::function<void(sql::Database&)>;

}  // namespace

struct SessionWriter::Impl {
  fs::path file;
  WriterOptions options;

  std::mutex mutex;
  std::condition_variable work_cv, done_cv, space_cv;
  std::vector<QueuedMetric> metrics;
  // Metric names by key (this writer's numbering; the file's ids are resolved by the thread).
  std::vector<std::string> key_names;
  std::unordered_map<std::string, SessionWriter::MetricKey> keys;
  std::vector<Op> ops;
  std::uint64_t queued = 0, committed = 0;
  bool flush_wanted = false, stopping = false;
  std::exception_ptr error;
  WriterStats stats;

  // Owned by the writer thread once it runs.
  std::unique_ptr<sql::Database> db;
  std::unordered_map<std::string, std::int64_t> name_ids;
  std::vector<std::int64_t> db_ids;  // by key; -1 until resolved
  // Each series' latest chunk as committed: its parts, last step and level-2 bucket, so a commit
  // that only adds later steps writes just its rows as a new part and reads nothing back.
  struct OpenChunk {
    bool loaded = false;
    std::int64_t chunk = 0, parts = 0, last_step = 0;
    detail::Bucket bucket;
    // The coarser levels as folds of what lies before this chunk, so a commit that adds rows at
    // or after it writes levels 3, 4 and the summary without reading any back: `before3` holds
    // the chunks before this one in its level-3 bucket, `before4` the level-3 buckets before
    // that one in its level-4 bucket, `before_all` every level-4 bucket before that. Known only
    // while nothing is stored after this chunk (a resumed run's old later steps are).
    bool levels_known = false;
    detail::Bucket before3, before4, before_all;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, OpenChunk> open_chunks;
  // A commit's rows per run and metric key.
  std::map<std::int64_t, std::vector<std::vector<detail::MetricPoint>>> by_run;
  std::thread thread;

  std::uint64_t enqueue(Op op) {
    std::lock_guard lock(mutex);
    ops.push_back(std::move(op));
    return ++queued;
  }

  std::int64_t name_id(const std::string& name) {
    auto it = name_ids.find(name);
    if (it != name_ids.end()) return it->second;
    db->cached("INSERT OR IGNORE INTO metric_names(name) VALUES(?)").bind(1, name).run();
    auto& get = db->cached("SELECT id FROM metric_names WHERE name = ?");
    get.bind(1, name);
    get.step();
    std::int64_t id = get.int64(0);
    get.reset();
    name_ids.emplace(name, id);
    return id;
  }

  // Makes `chunk` the series' open chunk: reads its rows (returned) and folds them.
  std::vector<detail::MetricPoint> load(const std::pair<std::int64_t, std::int64_t>& key,
                                        OpenChunk& open, std::int64_t chunk) {
    auto held = detail::read_chunk(*db, key.first, key.second, chunk, &open.parts);
    open.loaded = true;
    open.chunk = chunk;
    open.bucket = detail::Bucket{};
    open.bucket.bucket = chunk;
    detail::fold_points(open.bucket, held);
    open.last_step = held.empty() ? 0 : held.back().step;
    return held;
  }

  // Adds rows (sorted, unique steps, all in `chunk`) to a series: a new part when they all come
  // after what the chunk holds, else the chunk merged into one part again (as when it has
  // collected kMaxParts parts).
  void append(const std::pair<std::int64_t, std::int64_t>& key, OpenChunk& open, std::int64_t chunk,
              const std::vector<detail::MetricPoint>& rows) {
    std::vector<detail::MetricPoint> held;
    if (!open.loaded || open.chunk != chunk) held = load(key, open, chunk);
    const bool after = open.parts == 0 || rows.front().step > open.last_step;
    if (after && open.parts < detail::kMaxParts) {
      detail::write_part(*db, key.first, key.second, chunk, open.parts++, rows);
      detail::fold_points(open.bucket, rows);
    } else {
      if (held.empty()) held = detail::read_chunk(*db, key.first, key.second, chunk);
      held.insert(held.end(), rows.begin(), rows.end());
      held = detail::merge_points(std::move(held));
      detail::rewrite_chunk(*db, key.first, key.second, chunk, held);
      open.parts = 1;
      open.bucket = detail::Bucket{};
      open.bucket.bucket = chunk;
      detail::fold_points(open.bucket, held);
    }
    open.last_step = std::max(open.last_step, rows.back().step);
    detail::write_bucket(*db, key.first, key.second, detail::kFirstLevel, open.bucket);
  }

  static double thread_cpu_seconds() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
  }

  void commit(std::vector<QueuedMetric>& batch, std::vector<Op>& batch_ops) {
    auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    sql::Transaction t(*db);
    for (auto& op : batch_ops) op(*db);
    if (!batch.empty()) {
      // Rows per run and key, in arrival order (a later row for the same step replaces an
      // earlier); a batch mostly holds one run, so finding its rows costs an index.
      // (The vectors are kept from commit to commit, so their memory is reused.)
      for (auto& [run, rows_by_key] : by_run)
        for (auto& rows : rows_by_key) rows.clear();
      std::int64_t current_run = -1;
      std::vector<std::vector<detail::MetricPoint>>* current = nullptr;
      for (const auto& m : batch) {
        if (current == nullptr || m.run != current_run) {
          current = &by_run[m.run];
          current_run = m.run;
        }
        if (current->size() <= m.key) current->resize(m.key + 1);
        (*current)[m.key].push_back({m.step, m.value, m.wall});
      }
      const double now = now_seconds();
      std::vector<detail::MetricPoint> part;
      for (auto& [run, rows_by_key] : by_run) {
        auto& touch = db->cached("UPDATE runs SET updated = ? WHERE id = ?");
        touch.bind(1, now).bind(2, run).run();
        for (MetricKey k = 0; k < rows_by_key.size(); ++k) {
          if (rows_by_key[k].empty()) continue;
          if (k >= db_ids.size() || db_ids[k] < 0) {
            std::string name;
            {
              std::lock_guard lock(mutex);
              name = key_names[k];
            }
            if (db_ids.size() <= k) db_ids.resize(k + 1, -1);
            db_ids[k] = name_id(name);
          }
          series(std::pair{run, db_ids[k]}, rows_by_key[k], part);
        }
      }
    }
    t.commit();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::lock_guard lock(mutex);
    stats.metric_rows += batch.size();
    stats.transactions += 1;
    stats.busy_seconds += seconds;
    stats.cpu_seconds += thread_cpu_seconds() - cpu_start;
  }

  // One series' rows of a batch: split by chunk, appended, then its levels and summary.
  void series(const std::pair<std::int64_t, std::int64_t>& key,
              std::vector<detail::MetricPoint>& arrived, std::vector<detail::MetricPoint>& part) {
    // Sorted by step, a later row for a step replacing an earlier (rows mostly arrive sorted).
    auto rows = detail::merge_points(std::move(arrived));
    auto& open = open_chunks[key];
    const std::int64_t first_chunk = detail::floor_div(rows.front().step, detail::kChunkSteps);
    if (!open.loaded) {
      // The series' first rows since the writer opened: the chunk they start in, and the folds
      // before it.
      load(key, open, first_chunk);
      know_levels(key, open);
    }
    // The usual commit: rows in the open chunk or after it, so only it and later ones change.
    const bool onward = open.levels_known && first_chunk >= open.chunk;
    std::int64_t chunk = first_chunk;
    for (std::size_t i = 0; i < rows.size();) {
      chunk = detail::floor_div(rows[i].step, detail::kChunkSteps);
      part.clear();
      for (; i < rows.size() && detail::floor_div(rows[i].step, detail::kChunkSteps) == chunk; ++i)
        part.push_back(rows[i]);
      if (onward && chunk != open.chunk) advance(key, open, chunk);
      append(key, open, chunk, part);
    }
    if (onward) {
      write_levels(key, open);
    } else {
      detail::update_levels(*db, key.first, key.second, first_chunk, chunk);
      know_levels(key, open);
    }
    arrived = std::move(rows);  // its memory, for the next commit
  }

  // Reads the folds before the open chunk once (see OpenChunk); a series with no summary has
  // nothing stored before it, so there is nothing to read.
  void know_levels(const std::pair<std::int64_t, std::int64_t>& key, OpenChunk& open) {
    const auto [run, name] = key;
    open.levels_known = false;
    if (!open.loaded) return;
    const auto stored = detail::series_range(*db, run, name);
    if (stored && detail::floor_div(stored->step_max, detail::kChunkSteps) > open.chunk) return;
    const std::int64_t p3 = detail::floor_div(open.chunk, 16), p4 = detail::floor_div(p3, 16);
    open.before3 = open.before4 = open.before_all = detail::Bucket{};
    open.before3.bucket = p3;
    open.before4.bucket = p4;
    if (stored) {
      detail::fold_level(*db, run, name, detail::kFirstLevel, p3 * 16, open.chunk - 1,
                         open.before3);
      detail::fold_level(*db, run, name, detail::kFirstLevel + 1, p4 * 16, p3 - 1, open.before4);
      detail::fold_level(*db, run, name, kLevels,
                         detail::floor_div(stored->step_min, detail::level_width(kLevels)), p4 - 1,
                         open.before_all);
    }
    open.levels_known = true;
  }

  // Moves the open chunk on to a later, empty `chunk`: the finished chunk joins the folds, and a
  // level-3 or level-4 bucket it finishes is written as final.
  void advance(const std::pair<std::int64_t, std::int64_t>& key, OpenChunk& open,
               std::int64_t chunk) {
    const auto [run, name] = key;
    const std::int64_t p3_old = detail::floor_div(open.chunk, 16);
    const std::int64_t p3_new = detail::floor_div(chunk, 16);
    if (p3_new == p3_old) {
      detail::fold_bucket(open.before3, open.bucket);
    } else {
      detail::Bucket l3 = open.before3;
      detail::fold_bucket(l3, open.bucket);
      if (l3.count > 0) detail::write_bucket(*db, run, name, detail::kFirstLevel + 1, l3);
      const std::int64_t p4_new = detail::floor_div(p3_new, 16);
      if (p4_new == open.before4.bucket) {
        detail::fold_bucket(open.before4, l3);
      } else {
        detail::Bucket l4 = open.before4;
        detail::fold_bucket(l4, l3);
        if (l4.count > 0) detail::write_bucket(*db, run, name, kLevels, l4);
        detail::fold_bucket(open.before_all, l4);
        open.before4 = detail::Bucket{};
        open.before4.bucket = p4_new;
      }
      open.before3 = detail::Bucket{};
      open.before3.bucket = p3_new;
    }
    // Nothing is stored after the old chunk, so the new one starts empty: no read.
    open.chunk = chunk;
    open.parts = 0;
    open.bucket = detail::Bucket{};
    open.bucket.bucket = chunk;
  }

  // Levels 3 and 4 of the open chunk and the summary, from the folds before it.
  void write_levels(const std::pair<std::int64_t, std::int64_t>& key, const OpenChunk& open) {
    const auto [run, name] = key;
    detail::Bucket l3 = open.before3;
    detail::fold_bucket(l3, open.bucket);
    detail::write_bucket(*db, run, name, detail::kFirstLevel + 1, l3);
    detail::Bucket l4 = open.before4;
    detail::fold_bucket(l4, l3);
    detail::write_bucket(*db, run, name, kLevels, l4);
    detail::Bucket all = open.before_all;
    detail::fold_bucket(all, l4);
    detail::write_series(*db, run, name, all);
  }

  void loop() {
    std::vector<QueuedMetric> batch;
    std::vector<Op> batch_ops;
    auto interval = std::chrono::duration<double>(options.flush_interval);
    for (;;) {
      std::uint64_t target;
      {
        std::unique_lock lock(mutex);
        work_cv.wait_for(lock, interval, [&] {
          return stopping || flush_wanted || metrics.size() >= options.max_batch;
        });
        if (metrics.empty() && ops.empty()) {
          committed = queued;
          flush_wanted = false;
          done_cv.notify_all();
          if (stopping) return;
          continue;
        }
        batch.swap(metrics);
        batch_ops.swap(ops);
        target = queued;
        flush_wanted = false;
      }
      space_cv.notify_all();
      try {
        commit(batch, batch_ops);
      } catch (...) {
        open_chunks.clear();  // they may hold rows of the batch that was rolled back
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
      }
      batch.clear();
      batch_ops.clear();
      {
        std::lock_guard lock(mutex);
        committed = target;
      }
      done_cv.notify_all();
    }
  }
};

SessionWriter::SessionWriter(const fs::path& file, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->file = file;
  impl_->options = options;
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  std::error_code ec;
  if (fs::is_directory(file, ec))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: is a folder, not a session file"),
                       {file.string()});
  impl_->db =
      std::make_unique<sql::Database>(file.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  detail::check(*impl_->db);  // a foreign or newer file is refused before anything is written
  detail::configure(*impl_->db, true);
  detail::migrate(*impl_->db, kSchemaVersion);
  impl_->thread = std::thread([impl = impl_.get()] { impl->loop(); });
}

SessionWriter::~SessionWriter() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->work_cv.notify_all();
  impl_->thread.join();
}

const fs::path& SessionWriter::file() const {
  return impl_->file;
}

void SessionWriter::flush() {
  std::unique_lock lock(impl_->mutex);
  std::uint64_t target = impl_->queued;
  impl_->flush_wanted = true;
  impl_->work_cv.notify_all();
  impl_->done_cv.wait(lock, [&] { return impl_->committed >= target || impl_->stopping; });
  if (impl_->error) {
    auto e = impl_->error;
    impl_->error = nullptr;
    std::rethrow_exception(e);
  }
}

WriterStats SessionWriter::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

namespace {

// The process that owns a run: a run whose owner is gone reads as interrupted.
struct Owner {
  std::int64_t pid = ::getpid();
  std::int64_t start = process_start_ticks(pid);
  std::string host = detail::host_name();
};

void insert_event(sql::Database& db, std::int64_t run, double time, const std::string& kind,
                  const std::string& message, std::optional<std::int64_t> step = std::nullopt) {
  auto& e = db.cached("INSERT INTO events(run_id, time, kind, step, message) VALUES(?,?,?,?,?)");
  e.bind(1, run).bind(2, time).bind(3, kind).bind(4, step).bind(5, message).run();
}

}  // namespace

std::int64_t SessionWriter::begin_run(const RunSpec& spec) {
  auto id = std::make_shared<std::int64_t>(0);
  const double now = now_seconds();
  const Owner owner;
  impl_->enqueue([=](sql::Database& db) {
    sql::Statement s(db,
                     "INSERT INTO runs(kind, name, status, config, command, work_dir, parent, pid, "
                     "pid_start, host, created, updated) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, spec.kind).bind(2, spec.name).bind(3, to_string(RunStatus::running));
    s.bind(4, spec.config.dump()).bind(5, spec.command).bind(6, spec.work_dir);
    s.bind(7, spec.parent).bind(8, owner.pid).bind(9, owner.start).bind(10, owner.host);
    s.bind(11, now).bind(12, now).run();
    *id = db.last_insert_id();
    if (spec.name.empty()) {
      sql::Statement name(db, "UPDATE runs SET name = ? WHERE id = ?");
      name.bind(1, spec.kind + "-" + std::to_string(*id)).bind(2, *id).run();
    }
    insert_event(db, *id, now, "start", spec.command);
  });
  flush();
  return *id;
}

void SessionWriter::reopen_run(std::int64_t run, const std::string& message) {
  const double now = now_seconds();
  const Owner owner;
  impl_->enqueue([=](sql::Database& db) {
    sql::Statement s(db,
                     "UPDATE runs SET status = 'running', pid = ?, pid_start = ?, host = ?, "
                     "updated = ? WHERE id = ?");
    s.bind(1, owner.pid).bind(2, owner.start).bind(3, owner.host).bind(4, now).bind(5, run).run();
    if (db.changes() == 0)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "no run %1"), {std::to_string(run)});
    insert_event(db, run, now, "resume", message);
  });
  flush();
}

void SessionWriter::end_run(std::int64_t run, RunStatus status, const std::string& message) {
  const double now = now_seconds();
  impl_->enqueue([=](sql::Database& db) {
    sql::Statement s(db, "UPDATE runs SET status = ?, updated = ? WHERE id = ?");
    s.bind(1, to_string(status)).bind(2, now).bind(3, run).run();
    insert_event(db, run, now,
                 status == RunStatus::completed ? "complete"
                 : status == RunStatus::failed  ? "error"
                                                : to_string(status),
                 message);
  });
}

void SessionWriter::set_meta(const std::string& key, const std::string& value) {
  impl_->enqueue([=](sql::Database& db) {
    sql::Statement s(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    s.bind(1, key).bind(2, value).run();
  });
}

void SessionWriter::set_outputs(std::int64_t run, const nlohmann::json& outputs) {
  impl_->enqueue([=](sql::Database& db) {
    sql::Statement get(db, "SELECT outputs FROM runs WHERE id = ?");
    get.bind(1, run);
    nlohmann::json current = nlohmann::json::object();
    if (get.step()) {
      current = nlohmann::json::parse(get.text(0), nullptr, false);
      if (!current.is_object()) current = nlohmann::json::object();
    }
    current.merge_patch(outputs);
    sql::Statement s(db, "UPDATE runs SET outputs = ? WHERE id = ?");
    s.bind(1, current.dump()).bind(2, run).run();
  });
}

void SessionWriter::set_work_dir(std::int64_t run, const std::string& dir) {
  impl_->enqueue([=](sql::Database& db) {
    sql::Statement s(db, "UPDATE runs SET work_dir = ? WHERE id = ?");
    s.bind(1, dir).bind(2, run).run();
  });
}

void SessionWriter::rename_run(std::int64_t run, const std::string& name) {
  impl_->enqueue([=](sql::Database& db) {
    sql::Statement s(db, "UPDATE runs SET name = ? WHERE id = ?");
    s.bind(1, name).bind(2, run).run();
  });
}

SessionWriter::MetricKey SessionWriter::key(const std::string& name) {
  std::lock_guard lock(impl_->mutex);
  auto [it, fresh] = impl_->keys.try_emplace(name, static_cast<MetricKey>(impl_->key_names.size()));
  if (fresh) impl_->key_names.push_back(name);
  return it->second;
}

void SessionWriter::metric(std::int64_t run, std::int64_t step, const std::string& name,
                           double value) {
  metric(run, step, key(name), value);
}

void SessionWriter::metric(std::int64_t run, std::int64_t step, MetricKey key, double value) {
  metrics(run, step, &key, &value, 1);
}

void SessionWriter::metrics(std::int64_t run, std::int64_t step, const MetricKey* keys,
                            const double* values, std::size_t count) {
  const double wall = now_seconds();
  std::unique_lock lock(impl_->mutex);
  for (std::size_t i = 0; i < count; ++i)
    if (keys[i] >= impl_->key_names.size())
      throw std::invalid_argument("SessionWriter::metrics: a key this writer did not make");
  if (impl_->metrics.size() + count > impl_->options.max_queued) {
    ++impl_->stats.producer_waits;
    impl_->work_cv.notify_all();
    impl_->space_cv.wait(lock, [&] {
      return impl_->metrics.size() + count <= impl_->options.max_queued || impl_->stopping;
    });
  }
  const std::size_t before = impl_->metrics.size();
  for (std::size_t i = 0; i < count; ++i)
    impl_->metrics.push_back({run, step, values[i], wall, keys[i]});
  impl_->queued += count;
  if (before < impl_->options.max_batch && impl_->metrics.size() >= impl_->options.max_batch)
    impl_->work_cv.notify_all();
}

void SessionWriter::event(std::int64_t run, const std::string& kind, const std::string& message,
                          std::optional<std::int64_t> step) {
  const double now = now_seconds();
  impl_->enqueue([=](sql::Database& db) { insert_event(db, run, now, kind, message, step); });
}

void SessionWriter::note(std::optional<std::int64_t> run, const std::string& text) {
  const double now = now_seconds();
  impl_->enqueue([=](sql::Database& db) {
    auto& n = db.cached("INSERT INTO notes(run_id, time, text) VALUES(?,?,?)");
    n.bind(1, run).bind(2, now).bind(3, text).run();
  });
}

void SessionWriter::input_file(std::int64_t run, const fs::path& path) {
  std::int64_t size = 0;
  std::string sha = detail::sha256_file(path, &size);
  std::string shown = fs::absolute(path).lexically_normal().string();
  impl_->enqueue([=](sql::Database& db) {
    auto& s = db.cached("INSERT INTO inputs(run_id, path, size, sha256) VALUES(?,?,?,?)");
    s.bind(1, run).bind(2, shown).bind(3, size).bind(4, sha).run();
  });
}

namespace {

Op link_artifact(std::int64_t run, std::string sha, std::string kind, std::int64_t size,
                 std::optional<std::string> data, std::string role, std::string name,
                 std::optional<std::int64_t> step) {
  const double now = now_seconds();
  return [=](sql::Database& db) {
    sql::Statement a(db,
                     "INSERT OR IGNORE INTO artifacts(sha256, kind, size, data, created) "
                     "VALUES(?,?,?,?,?)");
    a.bind(1, sha).bind(2, kind).bind(3, size);
    if (data)
      a.bind_blob(4, data->data(), data->size());
    else
      a.bind_null(4);
    a.bind(5, now).run();
    sql::Statement l(db,
                     "INSERT OR REPLACE INTO run_artifacts(run_id, sha256, role, name, step) "
                     "VALUES(?,?,?,?,?)");
    l.bind(1, run).bind(2, sha).bind(3, role).bind(4, name).bind(5, step).run();
  };
}

std::string kind_of(const fs::path& name, const std::string& kind) {
  if (!kind.empty()) return kind;
  auto ext = name.extension().string();
  if (ext == ".safetensors") return "safetensors";
  if (ext == ".json") return "json";
  if (ext == ".jsonl") return "jsonl";
  if (ext == ".model") return "sentencepiece";
  return ext.empty() ? "file" : ext.substr(1);
}

}  // namespace

std::string SessionWriter::artifact_file(std::int64_t run, const std::string& role,
                                         const fs::path& path, std::optional<std::int64_t> step,
                                         const std::string& kind) {
  std::optional<std::string> data;
  std::int64_t size = 0;
  std::string sha;
  if (static_cast<std::int64_t>(fs::file_size(path)) <= kInlineArtifactBytes) {
    // Small: read once, hash the bytes that are stored.
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open for reading"),
                         {path.string()});
    data = std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size = static_cast<std::int64_t>(data->size());
    sha = detail::sha256_bytes(*data);
  } else {
    sha = detail::sha256_file(path, &size);
    // The object first, then its row: a kill in between leaves an unreferenced object that
    // 'ahenk session gc' removes, never a row without its file. Hard links only for files that
    // are replaced by rename, never rewritten in place.
    const bool written_by_rename =
        role == "checkpoint" || role == "weights" || role == "output" || role == "tokens";
    detail::place_object(path, object_path(impl_->file, sha), written_by_rename);
  }
  impl_->enqueue(link_artifact(run, sha, kind_of(path.filename(), kind), size, std::move(data),
                               role, path.filename().string(), step));
  return sha;
}

std::string SessionWriter::artifact_bytes(std::int64_t run, const std::string& role,
                                          const std::string& name, const std::string& bytes,
                                          std::optional<std::int64_t> step,
                                          const std::string& kind) {
  std::string sha = detail::sha256_bytes(bytes);
  std::optional<std::string> data;
  if (static_cast<std::int64_t>(bytes.size()) <= kInlineArtifactBytes)
    data = bytes;
  else
    detail::write_object(bytes, object_path(impl_->file, sha));
  impl_->enqueue(link_artifact(run, sha, kind_of(name, kind),
                               static_cast<std::int64_t>(bytes.size()), std::move(data), role, name,
                               step));
  return sha;
}

}  // namespace ahenk::session
