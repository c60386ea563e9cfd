#include "ahenk/text/pipeline.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "ahenk/message.h"
#include "ahenk/text/langid.h"
#include "json_line.h"
#include "output_file.h"

namespace ahenk::text {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// A message as report.json keeps it for a user interface to translate: {"text": template,
// "args": [text or a nested message, ...]}.
Json message_json(const Message& m) {
  Json args = Json::array();
  for (const auto& a : m.args) {
    if (a.message)
      args.push_back(message_json(*a.message));
    else
      args.push_back(a.text);
  }
  return {{"text", m.text}, {"args", args}};
}

// A value as JSON writes it (strings with invalid UTF-8 replaced, numbers in their shortest form).
std::string json_text(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string dump_line(const Json& j) {
  return json_text(j) + "\n";
}

std::string code_point_label(char32_t c) {
  char text[16];
  std::snprintf(text, sizeof(text), "U+%04X", unsigned(c));
  return text;
}

// Per-rule histograms (40 bins between the smallest and largest value, and how many documents it
// did not apply to) of the values in measurements.tsv, read back from the file in two streaming
// passes (extremes, then bins) so that memory does not grow with the corpus. A line's values are
// its last `columns` tab-separated fields; an empty field is a rule that did not apply.
std::vector<Json> histograms(const fs::path& file, std::size_t columns) {
  struct Column {
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    std::uint64_t finite = 0, not_applicable = 0;
    std::vector<std::uint64_t> counts;
  };
  constexpr int kBins = 40;
  std::vector<Column> c(columns);
  if (columns == 0) return {};
  auto each_value = [&](const std::function<void(std::size_t, float)>& f) {
    std::ifstream in(file, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    in.rdbuf()->pubsetbuf(buffer.data(), std::streamsize(buffer.size()));
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::size_t end = line.size();
      for (std::size_t k = columns; k-- > 0;) {
        const std::size_t tab = line.rfind('\t', end == 0 ? 0 : end - 1);
        if (tab == std::string::npos) break;
        float v = std::numeric_limits<float>::quiet_NaN();
        if (end > tab + 1) std::from_chars(line.data() + tab + 1, line.data() + end, v);
        f(k, v);
        end = tab;
      }
    }
  };
  each_value([&](std::size_t k, float v) {
    if (std::isnan(v)) {
      ++c[k].not_applicable;
      return;
    }
    c[k].lo = std::min(c[k].lo, v), c[k].hi = std::max(c[k].hi, v), ++c[k].finite;
  });
  for (auto& column : c)
    if (column.finite) column.counts.assign(kBins, 0);
  each_value([&](std::size_t k, float v) {
    if (std::isnan(v)) return;
    const double width = c[k].hi > c[k].lo ? (double(c[k].hi) - c[k].lo) / kBins : 1.0;
    ++c[k].counts[std::size_t(std::min(kBins - 1, int((double(v) - c[k].lo) / width)))];
  });
  std::vector<Json> out;
  for (const auto& column : c) {
    Json h;
    h["not_applicable"] = column.not_applicable;
    if (column.finite) {
      h["min"] = column.lo;
      h["max"] = column.hi;
      h["bins"] = column.counts;
    }
    out.push_back(h);
  }
  return out;
}

}  // namespace

std::map<std::string, double> parse_languages(const std::string& spec) {
  std::map<std::string, double> out;
  std::size_t start = 0;
  while (start < spec.size()) {
    auto comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    const std::string item = spec.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;
    const auto colon = item.find(':');
    const std::string code = item.substr(0, colon);
    double score = 0;
    if (colon != std::string::npos) {
      try {
        score = std::stod(item.substr(colon + 1));
      } catch (const std::exception&) {
        throw InvalidArgument(
            QT_TRANSLATE_NOOP("Engine",
                              "language '%1': the minimum score must be a number, e.g. tr:0.5"),
            {item});
      }
    }
    if (code.size() < 2 || code.size() > 3) {
      throw InvalidArgument(
          QT_TRANSLATE_NOOP("Engine", "language '%1': use an ISO 639-1 code such as tr or en"),
          {item});
    }
    out[code] = score;
  }
  return out;
}

PipelineReport run_pipeline(const std::vector<std::string>& inputs, const PipelineOptions& options,
                            ProgressSink* progress, const CancelToken* cancel) {
  const auto start = Clock::now();
  if (options.out_dir.empty())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "no output folder given"));
  const fs::path dir(options.out_dir);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot create the output folder: %2"),
                       {dir.string(), error.message()});

  std::unique_ptr<LanguageIdentifier> identifier;
  if (options.langid != "none") identifier = make_language_identifier(options.langid);
  const FilterSet filters(options.rules);
  const bool c4_lines = filters.has_group("c4");

  detail::OutputFile removed(dir, "removed.jsonl");
  detail::OutputFile stage(dir, options.dedup ? "kept.stage.jsonl" : "kept.jsonl");
  detail::OutputFile measurements(dir, "measurements.tsv");
  measurements.out() << "id";
  for (const auto& rule : filters.rules()) measurements.out() << '\t' << rule.id;
  measurements.out() << '\n';

  std::uint64_t loaded = 0, empty = 0, language_removed = 0, filter_removed = 0, kept_stage = 0;
  std::uint64_t documents_changed = 0;
  std::array<std::uint64_t, kChangeKinds> changes{};
  std::map<char32_t, std::uint64_t> code_points;
  std::map<std::string, std::uint64_t> languages;
  std::unordered_map<std::string, std::map<std::string, std::uint64_t>> file_languages;
  std::vector<std::uint64_t> first_failing(filters.rules().size(), 0),
      failing(filters.rules().size(), 0);
  std::unordered_map<std::string, std::uint64_t> mtimes;

  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  DedupOptions dedup_options = options.dedup_options;
  dedup_options.threads = threads;
  Deduplicator dedup(dedup_options);
  struct Staged {  // a document kept for dedup: where its line is in the stage file, and its origin
    std::uint64_t offset;
    std::uint64_t line;
    std::uint32_t length;
    std::uint32_t source;  // in sources
  };
  std::vector<Staged> staged;    // dedup index -> line in the stage file
  std::vector<std::string> ids;  // dedup index -> id (for the outputs)
  std::vector<std::string> sources;
  std::unordered_map<std::string, std::uint32_t> source_index;
  std::uint64_t stage_offset = 0;

  // What one document became: computed by process() in any thread, applied by apply() in order.
  enum class Fate { Empty, Language, Filter, Kept };
  struct Outcome {
    Fate fate = Fate::Kept;
    std::string id, source, line, measurement;
    std::uint64_t line_number = 0;
    std::string language = "un";
    std::vector<float> values;
    int failed = -1;
    bool changed = false;
    std::array<std::uint64_t, kChangeKinds> changes{};
    std::map<char32_t, std::uint64_t> code_points;
    Sketch sketch;
    std::uint64_t bytes = 0;
    std::exception_ptr error;
  };

  auto removed_line = [](const Document& doc, const char* reason, const std::string& rule,
                         double value, double threshold) {
    std::string line = "{\"id\":";
    detail::append_json_string(line, doc.id);
    line += ",\"source\":";
    detail::append_json_string(line, doc.source);
    line += ",\"line\":" + std::to_string(doc.line);
    line += ",\"reason\":\"";
    line += reason;
    line += '"';
    if (!rule.empty()) {
      line += ",\"rule\":";
      detail::append_json_string(line, rule);
      line += ",\"value\":" + Json(value).dump() + ",\"threshold\":" + Json(threshold).dump();
    }
    line += ",\"text\":";
    detail::append_json_string(line, doc.text);
    line += "}\n";
    return line;
  };

  // Pure per-document work: cleaning, language, filters, serialization, dedup sketch.
  auto process = [&](Document& doc, Outcome& out) {
    out.id = doc.id;
    out.source = doc.source;
    out.line_number = doc.line;
    Json changes_json = Json::object();
    Json edits_json;
    if (options.clean) {
      CleanResult cleaned = clean_text(doc.text, options.cleaning);
      if (cleaned.changed()) {
        out.changed = true;
        out.changes = cleaned.counts;
        for (std::size_t k = 0; k < kChangeKinds; ++k) {
          if (cleaned.counts[k]) changes_json[change_name(Change(k))] = cleaned.counts[k];
        }
        out.code_points = std::move(cleaned.code_points);
        if (options.write_edits) {
          edits_json = Json::array();
          for (const auto& e : cleaned.edits) {
            edits_json.push_back({e.begin, e.end, e.out_begin, e.out_end, change_name(e.kind)});
          }
        }
      }
      doc.text = std::move(cleaned.text);
    }
    if (doc.text.find_first_not_of(" \t\n\r\f\v") == std::string::npos) {
      out.fate = Fate::Empty;
      out.line = removed_line(doc, "empty", "", 0, 0);
      return;
    }
    LanguageGuess guess;
    if (identifier) guess = identifier->identify(doc.text);
    out.language = guess.language;
    if (!options.languages.empty()) {
      auto it = options.languages.find(guess.language);
      if (it == options.languages.end() || guess.score < it->second) {
        out.fate = Fate::Language;
        out.line = removed_line(doc, "language", "language_" + guess.language, guess.score,
                                it == options.languages.end() ? 1.0 : it->second);
        return;
      }
    }
    out.failed = filters.evaluate(doc.text, guess.language, out.values);
    out.measurement = doc.id;
    char number[32];
    for (const float v : out.values) {
      out.measurement += '\t';
      if (!std::isnan(v)) {
        const auto end = std::to_chars(number, number + sizeof(number), v).ptr;
        out.measurement.append(number, std::size_t(end - number));
      }
    }
    out.measurement += '\n';
    if (out.failed >= 0) {
      const Rule& rule = filters.rules()[std::size_t(out.failed)];
      out.fate = Fate::Filter;
      out.line =
          removed_line(doc, "filter", rule.id, out.values[std::size_t(out.failed)], rule.threshold);
      return;
    }
    std::uint64_t c4_dropped = 0;
    if (c4_lines) doc.text = filters.c4_filter_lines(doc.text, &c4_dropped);
    // The line written by hand (a JSON object per document cost more than cleaning it); strings
    // that may hold anything (a path's bytes) and numbers go through the JSON library.
    std::string& line = out.line;
    line = "{\"id\":";
    detail::append_json_string(line, doc.id);
    line += ",\"text\":";
    detail::append_json_string(line, doc.text);
    line += ",\"meta\":{\"source\":" + json_text(doc.source);
    line += ",\"line\":" + std::to_string(doc.line);
    line += ",\"encoding\":" + json_text(doc.encoding);
    line += ",\"encoding_confidence\":" + json_text(doc.encoding_confidence);
    line += ",\"language\":" + json_text(guess.language);
    line += ",\"language_score\":" + json_text(guess.score);
    if (!changes_json.empty()) line += ",\"changes\":" + json_text(changes_json);
    // Offsets are into the text as loaded (before cleaning) and as written, before C4's line
    // filter, which is reported separately.
    if (!edits_json.is_null()) line += ",\"edits\":" + json_text(edits_json);
    if (c4_dropped) line += ",\"c4_dropped_lines\":" + std::to_string(c4_dropped);
    line += "}}\n";
    out.bytes = doc.text.size();
    if (options.dedup) out.sketch = dedup.hasher().sketch(doc.text);
  };

  // In document order: counters, output lines, dedup.
  auto apply = [&](Outcome& out) {
    if (out.error) std::rethrow_exception(out.error);
    ++loaded;
    if (out.changed) {
      ++documents_changed;
      for (std::size_t k = 0; k < kChangeKinds; ++k) changes[k] += out.changes[k];
      for (const auto& [c, n] : out.code_points) code_points[c] += n;
    }
    if (out.fate == Fate::Empty) {
      ++empty;
      removed.out() << out.line;
      return;
    }
    ++languages[out.language];
    ++file_languages[out.source][out.language];
    if (out.fate == Fate::Language) {
      ++language_removed;
      removed.out() << out.line;
      return;
    }
    measurements.out() << out.measurement;
    for (std::size_t r = 0; r < out.values.size(); ++r) {
      failing[r] += filters.rules()[r].removes(out.values[r]);
    }
    if (out.fate == Fate::Filter) {
      ++filter_removed;
      ++first_failing[std::size_t(out.failed)];
      removed.out() << out.line;
      return;
    }
    stage.out() << out.line;
    ++kept_stage;
    if (options.dedup) {
      auto& mtime = mtimes[out.source];
      if (mtime == 0) {
        struct stat st {};
        if (::stat(out.source.c_str(), &st) == 0) mtime = std::uint64_t(st.st_mtime);
      }
      const auto index = std::uint32_t(ids.size());
      const auto [source, added] = source_index.emplace(out.source, std::uint32_t(sources.size()));
      if (added) sources.push_back(out.source);
      staged.push_back(
          {stage_offset, out.line_number, std::uint32_t(out.line.size()), source->second});
      ids.push_back(out.id);
      dedup.add(index, out.sketch, out.bytes, mtime);
    }
    stage_offset += out.line.size();
  };

  const auto loading = Clock::now();
  LoadReport load;
  if (threads <= 1) {
    load = load_documents(
        inputs, options.load,
        [&](Document&& doc) {
          throw_if_cancelled(cancel);
          Outcome out;
          process(doc, out);
          apply(out);
        },
        progress, cancel);
  } else {
    // The loading thread decodes and feeds `threads` workers through a bounded queue, then writes
    // their outcomes in document order. Documents travel in batches (up to kBatchDocuments or
    // kBatchBytes), so threads meet once per batch rather than once per document (each meeting
    // is a futex call, costly in a VM); memory holds at most `window` batches in flight.
    constexpr std::size_t kBatchDocuments = 64, kBatchBytes = 1 << 20;
    const std::size_t window = 4 * threads;
    struct Batch {
      std::vector<Document> documents;
      std::vector<Outcome> outcomes;
    };
    std::mutex mutex;
    std::condition_variable work_ready, result_ready;
    std::deque<std::pair<std::uint64_t, Batch>> queue;
    std::map<std::uint64_t, Batch> results;
    bool closing = false;
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        for (;;) {
          std::pair<std::uint64_t, Batch> item;
          {
            std::unique_lock lock(mutex);
            work_ready.wait(lock, [&] { return closing || !queue.empty(); });
            if (queue.empty()) return;
            item = std::move(queue.front());
            queue.pop_front();
          }
          Batch& batch = item.second;
          batch.outcomes.resize(batch.documents.size());
          for (std::size_t d = 0; d < batch.documents.size(); ++d) {
            Outcome& out = batch.outcomes[d];
            try {
              if (cancel && cancel->cancelled()) throw Cancelled();
              process(batch.documents[d], out);
            } catch (...) {
              out.error = std::current_exception();
            }
          }
          batch.documents.clear();
          {
            std::lock_guard lock(mutex);
            results.emplace(item.first, std::move(batch));
          }
          result_ready.notify_all();
        }
      });
    }
    std::uint64_t next_in = 0, next_out = 0;
    // Applies finished batches in order; with `until`, waits until that many are applied.
    auto drain = [&](std::uint64_t until) {
      std::unique_lock lock(mutex);
      for (;;) {
        auto it = results.find(next_out);
        if (it != results.end()) {
          Batch batch = std::move(it->second);
          results.erase(it);
          lock.unlock();
          for (auto& out : batch.outcomes) apply(out);
          ++next_out;
          lock.lock();
          continue;
        }
        if (next_out >= until) return;
        result_ready.wait(lock);
      }
    };
    Batch filling;
    std::size_t filling_bytes = 0;
    auto send = [&] {
      if (filling.documents.empty()) return;
      if (next_in >= next_out + window) drain(next_in - window + 1);
      {
        std::lock_guard lock(mutex);
        queue.emplace_back(next_in++, std::move(filling));
      }
      work_ready.notify_one();
      filling = Batch();
      filling_bytes = 0;
    };
    auto stop_workers = [&] {
      {
        std::lock_guard lock(mutex);
        closing = true;
      }
      work_ready.notify_all();
      for (auto& w : workers) w.join();
    };
    try {
      load = load_documents(
          inputs, options.load,
          [&](Document&& doc) {
            throw_if_cancelled(cancel);
            filling_bytes += doc.text.size();
            filling.documents.push_back(std::move(doc));
            if (filling.documents.size() >= kBatchDocuments || filling_bytes >= kBatchBytes) send();
          },
          progress, cancel);
      send();
      drain(next_in);
    } catch (...) {
      {
        std::lock_guard lock(mutex);
        queue.clear();
      }
      stop_workers();
      throw;
    }
    stop_workers();
  }
  const double load_seconds = std::chrono::duration<double>(Clock::now() - loading).count();

  // Deduplicate, reading texts back from the stage file only for candidate pairs.
  const auto deduping = Clock::now();
  std::uint64_t kept = kept_stage;
  Json dedup_json;
  if (options.dedup) {
    stage.flush();
    const detail::ReadBack back(stage.partial());
    auto read_line = [&](std::uint32_t index) {
      const Staged& s = staged.at(index);
      return back.read(s.offset, s.length);
    };
    auto text_of = [&](std::uint32_t index) { return detail::json_text_field(read_line(index)); };
    const DedupResult result = dedup.finish(text_of, progress, cancel);

    // Lines made on all threads, a window at a time, and written in order; a window's parts are
    // cut only where `joins_previous(k)` is false (item k may share work with item k - 1).
    auto write_in_parallel = [&](detail::OutputFile& file, std::size_t count,
                                 const std::function<std::string(std::size_t, std::size_t)>& make,
                                 const std::function<bool(std::size_t)>& joins_previous) {
      const std::size_t window = 4096 * threads;
      for (std::size_t begin = 0; begin < count;) {
        throw_if_cancelled(cancel);
        const std::size_t end = std::min(count, begin + window);
        std::vector<std::size_t> cuts{begin};
        for (unsigned t = 1; t < threads; ++t) {
          std::size_t at = std::max(cuts.back(), begin + (end - begin) * t / threads);
          while (at > cuts.back() && at < end && joins_previous(at)) ++at;
          cuts.push_back(std::min(at, end));
        }
        cuts.push_back(end);
        std::vector<std::string> parts(threads);
        std::vector<std::exception_ptr> errors(threads);
        std::vector<std::thread> helpers;
        for (unsigned t = 0; t < threads; ++t) {
          auto work = [&, t] {
            try {
              parts[t] = make(cuts[t], cuts[t + 1]);
            } catch (...) {
              errors[t] = std::current_exception();
            }
          };
          if (t + 1 < threads) {
            helpers.emplace_back(work);
          } else {
            work();
          }
        }
        for (auto& h : helpers) h.join();
        for (const auto& e : errors)
          if (e) std::rethrow_exception(e);
        for (const auto& part : parts) file.out() << part;
        begin = end;
      }
    };
    std::vector<bool> dropped(ids.size(), false);
    for (const auto& r : result.removed) dropped[r.index] = true;
    const std::string threshold = json_text(options.dedup_options.threshold);
    auto removed_lines = [&](std::size_t begin, std::size_t end) {
      std::string lines;
      for (std::size_t k = begin; k < end; ++k) {
        const Removal& r = result.removed[k];
        const Staged& s = staged[r.index];
        lines += "{\"id\":" + json_text(ids[r.index]);
        lines += ",\"source\":" + json_text(sources[s.source]);
        lines += ",\"line\":" + std::to_string(s.line);
        lines += r.exact_duplicate ? ",\"reason\":\"exact_duplicate\",\"rule\":\"exact_duplicate\""
                                   : ",\"reason\":\"duplicate\",\"rule\":\"minhash_jaccard\"";
        lines += ",\"value\":" + json_text(r.jaccard);
        lines += ",\"threshold\":" + threshold;
        lines += ",\"duplicate_of\":" + json_text(ids[r.duplicate_of]);
        lines += ",\"cluster\":" + std::to_string(r.cluster);
        lines += ",\"text\":";
        detail::append_json_string(lines, text_of(r.index));
        lines += "}\n";
      }
      return lines;
    };
    write_in_parallel(removed, result.removed.size(), removed_lines,
                      [](std::size_t) { return false; });
    // The kept lines: the stage file read once in order (its lines lie in index order, back to
    // back), the dropped ones skipped.
    detail::OutputFile kept_file(dir, "kept.jsonl");
    {
      std::ifstream in(stage.partial(), std::ios::binary);
      std::vector<char> buffer(1 << 20);
      in.rdbuf()->pubsetbuf(buffer.data(), std::streamsize(buffer.size()));
      std::string staged_line;
      for (std::uint32_t index = 0; index < ids.size(); ++index) {
        staged_line.resize(staged[index].length);
        if (!in.read(staged_line.data(), std::streamsize(staged_line.size())))
          throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot read it back"),
                             {stage.partial().string()});
        if (!dropped[index]) kept_file.out() << staged_line;
      }
    }
    kept_file.commit();
    kept = ids.size() - result.removed.size();

    detail::OutputFile clusters(dir, "clusters.jsonl");
    std::uint64_t giant = 0;
    for (const auto& c : result.clusters) {
      Json j;
      j["cluster"] = c.id;
      j["kept"] = ids[c.kept];
      j["giant"] = c.giant;
      j["split"] = c.split;
      Json members = Json::array();
      for (const auto& m : c.members)
        members.push_back({{"id", ids[m.index]}, {"jaccard", m.jaccard}});
      j["members"] = members;
      clusters.out() << dump_line(j);
      giant += c.giant;
    }
    clusters.commit();
    // pairs.jsonl: the lines are made on all threads, a window of pairs at a time (cut where `a`
    // changes), and written in order.
    detail::OutputFile pairs(dir, "pairs.jsonl");
    auto pair_lines = [&](std::size_t begin, std::size_t end) {
      std::string lines;
      std::uint32_t last_a = UINT32_MAX;
      ShingleText a_text;
      std::vector<std::string> sample;
      for (std::size_t k = begin; k < end; ++k) {
        const CandidatePair& p = result.pairs[k];
        // Written by hand, in the order a JSON object would have (ids may hold any bytes of a
        // path, so they and the numbers go through the JSON library).
        lines += "{\"a\":" + json_text(ids[p.a]) + ",\"b\":" + json_text(ids[p.b]) + ",\"bands\":[";
        const auto bands = dedup.collided_bands(p.a, p.b);
        for (std::size_t band = 0; band < bands.size(); ++band) {
          if (band) lines += ',';
          lines += std::to_string(bands[band]);
        }
        lines += "],\"estimated\":" + json_text(p.estimated);
        if (p.exact >= 0) lines += ",\"exact\":" + json_text(p.exact);
        lines += p.exact_duplicate ? ",\"exact_duplicate\":true" : ",\"exact_duplicate\":false";
        lines += p.joined ? ",\"joined\":true" : ",\"joined\":false";
        // What the two documents share: how many shingles, and the first few in a's order.
        // Verification counted them and placed them in a's text; pairs come sorted by `a`, so
        // a's words are made once per run of pairs (b's shingles only when it did not verify).
        if (!p.exact_duplicate) {
          if (p.a != last_a) {
            last_a = p.a;
            a_text = dedup.hasher().shingle_text(text_of(p.a));
          }
          std::size_t shared = p.shared;
          if (p.exact >= 0) {
            sample.clear();
            for (std::size_t x = 0; x < p.samples; ++x)
              sample.push_back(a_text.shingle(p.sample_at[x]));
          } else {
            shared = a_text.shared_with(dedup.hasher().shingles(text_of(p.b)),
                                        CandidatePair::kSample, &sample);
          }
          lines += ",\"shared_shingles\":" + std::to_string(shared);
          lines += ",\"shared_sample\":[";
          for (std::size_t x = 0; x < sample.size(); ++x) {
            if (x) lines += ',';
            detail::append_json_string(lines, sample[x]);
          }
          lines += ']';
        }
        lines += "}\n";
      }
      return lines;
    };
    write_in_parallel(pairs, result.pairs.size(), pair_lines,
                      [&](std::size_t k) { return result.pairs[k].a == result.pairs[k - 1].a; });
    pairs.commit();
    const auto& mh = options.dedup_options.minhash;
    dedup_json["ngram"] = mh.ngram;
    dedup_json["bands"] = mh.bands;
    dedup_json["rows"] = mh.rows;
    dedup_json["seed"] = mh.seed;
    dedup_json["threshold"] = options.dedup_options.threshold;
    dedup_json["verify"] = options.dedup_options.verify;
    dedup_json["candidate_pairs"] = result.pairs.size();
    dedup_json["clusters"] = result.clusters.size();
    dedup_json["giant_clusters"] = giant;
    dedup_json["exact_duplicates"] = result.exact_duplicates;
    dedup_json["near_duplicates"] = result.near_duplicates;
    Json curve = Json::array();
    for (int i = 0; i <= 20; ++i) {
      const double s = i / 20.0;
      curve.push_back({s, lsh_probability(s, mh.rows, mh.bands)});
    }
    dedup_json["s_curve"] = curve;
    stage.close();
    fs::remove(stage.partial(), error);
  } else {
    stage.commit();
  }
  const double dedup_seconds = std::chrono::duration<double>(Clock::now() - deduping).count();
  removed.commit();
  measurements.commit();

  // report.json
  Json report;
  report["inputs"] = inputs;
  Json counts;
  counts["documents"] = loaded;
  counts["empty_after_cleaning"] = empty;
  counts["removed_by_language"] = language_removed;
  counts["removed_by_filters"] = filter_removed;
  counts["exact_duplicates"] = options.dedup ? dedup_json["exact_duplicates"] : Json(0);
  counts["near_duplicates"] = options.dedup ? dedup_json["near_duplicates"] : Json(0);
  counts["kept"] = kept;
  report["counts"] = counts;
  Json cleaning;
  cleaning["enabled"] = options.clean;
  cleaning["documents_changed"] = documents_changed;
  Json per_kind;
  for (std::size_t k = 0; k < kChangeKinds; ++k) per_kind[change_name(Change(k))] = changes[k];
  cleaning["code_points_changed"] = per_kind;
  std::vector<std::pair<std::uint64_t, char32_t>> top;
  for (const auto& [c, n] : code_points) top.emplace_back(n, c);
  std::sort(top.rbegin(), top.rend());
  Json top_json = Json::array();
  for (std::size_t i = 0; i < top.size() && i < 30; ++i) {
    top_json.push_back({{"code_point", code_point_label(top[i].second)}, {"count", top[i].first}});
  }
  cleaning["top_code_points"] = top_json;
  report["cleaning"] = cleaning;
  report["language_identifier"] = options.langid;
  report["languages"] = languages;
  Json rules = Json::array();
  const auto rule_histograms = histograms(dir / "measurements.tsv", filters.rules().size());
  for (std::size_t r = 0; r < filters.rules().size(); ++r) {
    const Rule& rule = filters.rules()[r];
    Json j;
    j["id"] = rule.id;
    j["group"] = rule.group;
    j["measure"] = rule.measure;
    j["remove_when"] = std::string("value ") + compare_symbol(rule.remove_when) + " threshold";
    j["op"] = compare_symbol(rule.remove_when);
    j["threshold"] = rule.threshold;
    j["removed"] = first_failing[r];
    j["failing"] = failing[r];
    j["histogram"] = rule_histograms[r];
    rules.push_back(j);
  }
  report["rules"] = rules;
  if (options.dedup) report["dedup"] = dedup_json;
  Json files = Json::array();
  for (const auto& f : load.files) {
    Json j;
    j["path"] = f.path;
    j["format"] = f.format;
    if (!f.compression.empty()) j["compression"] = f.compression;
    j["encoding"] = f.encoding;
    j["encoding_confidence"] = f.encoding_confidence;
    j["bytes"] = f.bytes;
    j["documents"] = f.documents;
    if (const auto it = file_languages.find(f.path); it != file_languages.end())
      j["languages"] = it->second;
    if (f.replaced) {
      j["replaced"] = f.replaced;
      j["replaced_offsets"] = f.replaced_offsets;
    }
    if (!f.skipped.empty()) {
      j["skipped"] = f.skipped;
      j["skipped_detail"] = message_json(f.skipped_detail);
    }
    if (!f.problems.empty()) {
      Json problems = Json::array();
      for (const auto& p : f.problems) {
        problems.push_back({{"offset", p.offset},
                            {"line", p.line},
                            {"message", p.message},
                            {"detail", message_json(p.detail)}});
      }
      j["problems"] = problems;
    }
    files.push_back(j);
  }
  report["files"] = files;
  Json skipped = Json::array();
  for (const auto& p : load.input_problems)
    skipped.push_back({{"path", p.path}, {"reason", p.reason}, {"detail", message_json(p.detail)}});
  report["input_problems"] = skipped;
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  report["timings"] = {
      {"load_clean_filter_s", load_seconds}, {"dedup_write_s", dedup_seconds}, {"total_s", total}};
  report["bytes"] = load.bytes;
  report["megabytes_per_second"] = total > 0 ? double(load.bytes) / 1e6 / total : 0.0;
  detail::OutputFile report_file(dir, "report.json");
  report_file.out() << report.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  report_file.commit();

  PipelineReport out;
  out.json = std::move(report);
  out.documents = loaded;
  out.kept = kept;
  return out;
}

}  // namespace ahenk::text
