#include "ahenk/text/corpus_output.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "ahenk/message.h"
#include "ahenk/text/minhash.h"
#include "output_file.h"

namespace ahenk::text {

namespace fs = std::filesystem;

namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

// `what` is a template with its arguments.
[[noreturn]] void bad(const fs::path& file, std::uint64_t line, const char* what,
                      std::vector<Arg> args = {}) {
  throw RuntimeError(
      QT_TRANSLATE_NOOP("Engine", "%1:%2: %3 (is this a folder written by 'ahenk corpus run'?)"),
      {file.string(), std::to_string(line), Message{what, std::move(args)}});
}

}  // namespace

FilterTable FilterTable::load(const fs::path& out_dir) {
  FilterTable t;
  const fs::path tsv = out_dir / "measurements.tsv";
  std::ifstream in(tsv, std::ios::binary);
  if (!in)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "cannot read %1 (run the corpus stage first)"),
                       {tsv.string()});
  std::string line;
  if (!std::getline(in, line))
    bad(tsv, 1, QT_TRANSLATE_NOOP("Engine", "empty file, expected a header"));
  const auto header = split_tabs(line);
  if (header.empty() || header[0] != "id")
    bad(tsv, 1, QT_TRANSLATE_NOOP("Engine", "the header does not start with 'id'"));
  const auto all = all_rules();
  for (std::size_t i = 1; i < header.size(); ++i) {
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const Rule& r) { return r.id == header[i]; });
    if (it == all.end())
      bad(tsv, 1, QT_TRANSLATE_NOOP("Engine", "unknown rule '%1'"), {std::string(header[i])});
    t.rules.push_back(*it);
  }
  // The run's thresholds are in its report; without one, the rules' defaults.
  std::ifstream report_in(out_dir / "report.json");
  if (report_in) {
    const auto report = nlohmann::json::parse(report_in, nullptr, false);
    if (!report.is_discarded() && report.contains("rules") && report["rules"].is_array())
      for (const auto& r : report["rules"]) {
        if (!r.is_object() || !r.contains("id") || !r.contains("threshold") ||
            !r["id"].is_string() || !r["threshold"].is_number())
          continue;
        const std::size_t i = t.rule_index(r["id"].get<std::string>());
        if (i < t.rules.size()) t.rules[i].threshold = r["threshold"].get<double>();
      }
  }
  const std::size_t n = t.rules.size();
  std::uint64_t number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    // The id may itself hold a tab (a file name can): the values are the last n fields.
    auto fields = split_tabs(line);
    if (fields.size() < n + 1)
      bad(tsv, number, QT_TRANSLATE_NOOP("Engine", "expected %1 fields"), {std::to_string(n + 1)});
    const std::size_t first = fields.size() - n;
    t.ids.emplace_back(line.substr(
        0, std::size_t(fields[first - 1].data() - line.data()) + fields[first - 1].size()));
    for (std::size_t r = 0; r < n; ++r) {
      const auto f = fields[first + r];
      float v = std::numeric_limits<float>::quiet_NaN();
      if (!f.empty()) {
        const auto res = std::from_chars(f.data(), f.data() + f.size(), v);
        if (res.ec != std::errc() || res.ptr != f.data() + f.size())
          bad(tsv, number, QT_TRANSLATE_NOOP("Engine", "'%1' is not a number"), {std::string(f)});
      }
      t.values.push_back(v);
    }
  }
  return t;
}

std::size_t FilterTable::rule_index(const std::string& id) const {
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].id == id) return i;
  return rules.size();
}

FilterTable::Outcome FilterTable::apply(const std::vector<Rule>& thresholds) const {
  if (thresholds.size() != rules.size())
    throw std::invalid_argument("FilterTable::apply: expected one rule per measured rule");
  Outcome o;
  const std::size_t n = rules.size();
  o.removed.assign(n, 0);
  o.failing.assign(n, 0);
  for (std::size_t d = 0; d < ids.size(); ++d) {
    const float* row = values.data() + d * n;
    bool first = true;
    for (std::size_t r = 0; r < n; ++r) {
      if (!thresholds[r].removes(row[r])) continue;
      ++o.failing[r];
      if (first) ++o.removed[r], first = false;
    }
    o.passed += first;
  }
  return o;
}

std::vector<std::size_t> FilterTable::removed_by(const std::vector<Rule>& thresholds,
                                                 std::size_t rule) const {
  std::vector<std::size_t> out;
  const std::size_t n = rules.size();
  if (thresholds.size() != n || rule >= n) return out;
  for (std::size_t d = 0; d < ids.size(); ++d) {
    const float* row = values.data() + d * n;
    for (std::size_t r = 0; r <= rule; ++r)
      if (thresholds[r].removes(row[r])) {
        if (r == rule) out.push_back(d);
        break;
      }
  }
  return out;
}

FilterTable::Histogram FilterTable::histogram(std::size_t rule, int bins) const {
  Histogram h;
  if (rule >= rules.size() || bins <= 0) return h;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t d = 0; d < ids.size(); ++d) {
    const float v = value(d, rule);
    if (std::isnan(v)) {
      ++h.not_applicable;
      continue;
    }
    lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
  }
  if (lo > hi) return h;  // nothing measured
  h.lo = lo, h.hi = hi;
  h.bins.assign(std::size_t(bins), 0);
  const double width = hi > lo ? (hi - lo) / bins : 1.0;
  for (std::size_t d = 0; d < ids.size(); ++d) {
    const float v = value(d, rule);
    if (std::isnan(v)) continue;
    ++h.bins[std::size_t(std::min(bins - 1, int((double(v) - lo) / width)))];
  }
  return h;
}

JsonlIndex::JsonlIndex(fs::path file) : file_(std::move(file)) {
  std::ifstream in(file_, std::ios::binary);
  if (!in) throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "cannot read %1"), {file_.string()});
  std::string line;
  std::uint64_t offset = 0;
  while (std::getline(in, line)) {
    const std::uint64_t start = offset;
    offset += line.size() + 1;
    if (line.empty()) continue;
    // The engine writes "id" first: {"id":"...", ...}; anything else is parsed in full.
    std::string id;
    constexpr std::string_view prefix = "{\"id\":\"";
    bool found = false;
    if (line.compare(0, prefix.size(), prefix) == 0) {
      std::size_t i = prefix.size();
      while (i < line.size() && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      if (i < line.size()) {
        const auto j = nlohmann::json::parse(line.substr(prefix.size() - 1, i - prefix.size() + 2),
                                             nullptr, false);
        if (j.is_string()) id = j.get<std::string>(), found = true;
      }
    }
    if (!found) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("id") && j["id"].is_string()) id = j["id"].get<std::string>();
    }
    by_id_.emplace(id, offsets_.size());
    offsets_.push_back(start);
    ids_.push_back(std::move(id));
  }
}

std::size_t JsonlIndex::find(const std::string& id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? size() : it->second;
}

nlohmann::json JsonlIndex::read(std::size_t line) const {
  if (line >= offsets_.size())
    throw EngineError<std::out_of_range>(QT_TRANSLATE_NOOP("Engine", "%1: no line %2"),
                                         {file_.string(), std::to_string(line + 1)});
  std::ifstream in(file_, std::ios::binary);
  in.seekg(std::streamoff(offsets_[line]));
  std::string text;
  if (!in || !std::getline(in, text))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "cannot read %1"), {file_.string()});
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded())
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: line %2 is not JSON"),
                       {file_.string(), std::to_string(line + 1)});
  return j;
}

OutputDocuments::OutputDocuments(const fs::path& out_dir)
    : kept_(out_dir / "kept.jsonl"), removed_(out_dir / "removed.jsonl") {}

std::optional<nlohmann::json> OutputDocuments::find(const std::string& id) const {
  for (const auto* index : {&kept_, &removed_}) {
    const std::size_t line = index->find(id);
    if (line < index->size()) return index->read(line);
  }
  return std::nullopt;
}

DedupOutput DedupOutput::load(const fs::path& out_dir) {
  DedupOutput d;
  std::ifstream report_in(out_dir / "report.json");
  const auto report = nlohmann::json::parse(report_in, nullptr, false);
  if (!report_in || report.is_discarded() || !report.contains("dedup"))
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "%1: no deduplication in this run (run the corpus stage with "
                          "deduplication on)"),
        {(out_dir / "report.json").string()});
  const auto& r = report["dedup"];
  d.ngram = r.value("ngram", 5);
  d.bands = r.value("bands", 14);
  d.rows = r.value("rows", 8);
  d.threshold = r.value("threshold", 0.8);
  d.verify = r.value("verify", true);
  auto each_line = [&](const char* name, auto&& take) {
    const fs::path file = out_dir / name;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "cannot read %1"), {file.string()});
    std::string line;
    std::uint64_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty()) continue;
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (!j.is_object()) bad(file, number, QT_TRANSLATE_NOOP("Engine", "not a JSON object"));
      try {
        take(j);
      } catch (const nlohmann::json::exception& e) {
        bad(file, number, "%1", {std::string(e.what())});
      }
    }
  };
  each_line("clusters.jsonl", [&](const nlohmann::json& j) {
    Cluster c;
    c.id = j.at("cluster").get<std::uint32_t>();
    c.kept = j.at("kept").get<std::string>();
    c.giant = j.value("giant", false);
    c.split = j.value("split", false);
    for (const auto& m : j.at("members"))
      c.members.push_back({m.at("id").get<std::string>(), m.value("jaccard", 1.0)});
    d.clusters.push_back(std::move(c));
  });
  std::stable_sort(d.clusters.begin(), d.clusters.end(), [](const Cluster& a, const Cluster& b) {
    return a.members.size() > b.members.size();
  });
  each_line("pairs.jsonl", [&](const nlohmann::json& j) {
    Pair p;
    p.a = j.at("a").get<std::string>();
    p.b = j.at("b").get<std::string>();
    if (j.contains("bands")) p.bands = j["bands"].get<std::vector<int>>();
    p.estimated = j.value("estimated", 0.0);
    p.exact = j.value("exact", -1.0);
    p.exact_duplicate = j.value("exact_duplicate", false);
    p.joined = j.value("joined", false);
    d.pairs.push_back(std::move(p));
  });
  return d;
}

const DedupOutput::Pair* DedupOutput::pair(const std::string& a, const std::string& b) const {
  for (const auto& p : pairs)
    if ((p.a == a && p.b == b) || (p.a == b && p.b == a)) return &p;
  return nullptr;
}

SharedWords shared_shingle_words(std::string_view a, std::string_view b, int ngram) {
  SharedWords out;
  out.words = dedup_words(a);
  out.shared.assign(out.words.size(), false);
  const auto words_b = dedup_words(b);
  const std::size_t n = std::size_t(std::max(1, ngram));
  auto shingle = [n](const std::vector<std::string>& w, std::size_t i) {
    std::string s;
    for (std::size_t k = i; k < std::min(w.size(), i + n); ++k) (s += w[k]) += ' ';
    return s;
  };
  auto count = [n](const std::vector<std::string>& w) {
    return w.size() < n ? (w.empty() ? 0 : 1) : w.size() - n + 1;
  };
  std::unordered_set<std::string> in_b;
  for (std::size_t i = 0; i < count(words_b); ++i) in_b.insert(shingle(words_b, i));
  std::unordered_set<std::string> seen, all;
  for (std::size_t i = 0; i < count(out.words); ++i) {
    const auto s = shingle(out.words, i);
    all.insert(s);
    if (!in_b.count(s)) continue;
    if (seen.insert(s).second) ++out.shared_shingles;
    for (std::size_t k = i; k < std::min(out.words.size(), i + n); ++k) out.shared[k] = true;
  }
  out.shingles = all.size();
  return out;
}

std::size_t apply_keep_decisions(const fs::path& out_dir,
                                 const std::vector<std::pair<std::string, bool>>& decisions) {
  std::unordered_map<std::string, bool> keep;
  for (const auto& [id, k] : decisions) keep[id] = k;
  std::ifstream kept_in(out_dir / "kept.jsonl", std::ios::binary),
      removed_in(out_dir / "removed.jsonl", std::ios::binary);
  if (!kept_in || !removed_in)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: no kept.jsonl/removed.jsonl to change"),
                       {out_dir.string()});
  detail::OutputFile kept(out_dir, "kept.jsonl"), removed(out_dir, "removed.jsonl");
  std::size_t to_kept = 0, to_removed = 0;
  std::vector<std::string> applied;
  std::string line;
  while (std::getline(kept_in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    const std::string id = j.is_object() ? j.value("id", std::string()) : std::string();
    const auto it = keep.find(id);
    if (it == keep.end() || it->second) {
      kept.out() << line << '\n';
      continue;
    }
    nlohmann::ordered_json r;
    r["id"] = id;
    if (j.contains("meta") && j["meta"].is_object()) {
      r["source"] = j["meta"].value("source", std::string());
      r["line"] = j["meta"].value("line", std::uint64_t(0));
    }
    r["reason"] = "user";
    r["rule"] = "user_decision";
    r["text"] = j.value("text", std::string());
    r["meta"] = j.value("meta", nlohmann::json::object());
    removed.out() << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    applied.push_back(nlohmann::json{{"id", id}, {"keep", false}}.dump());
    ++to_removed;
  }
  while (std::getline(removed_in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    const std::string id = j.is_object() ? j.value("id", std::string()) : std::string();
    const auto it = keep.find(id);
    if (it == keep.end() || !it->second) {
      removed.out() << line << '\n';
      continue;
    }
    // Back to kept, as the corpus stage writes kept documents; what it was removed for is kept
    // in meta.user_kept.
    nlohmann::ordered_json k;
    k["id"] = id;
    k["text"] = j.value("text", std::string());
    nlohmann::json meta = j.value("meta", nlohmann::json::object());
    if (!meta.is_object()) meta = nlohmann::json::object();
    if (!meta.contains("source")) meta["source"] = j.value("source", std::string());
    meta["user_kept"] = {{"reason", j.value("reason", std::string())},
                         {"rule", j.value("rule", std::string())}};
    k["meta"] = meta;
    kept.out() << k.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    nlohmann::json note = {{"id", id}, {"keep", true}};
    applied.push_back(note.dump());
    ++to_kept;
  }
  kept_in.close();
  removed_in.close();
  // The report's counts, then the files: a reader sees the old or the new output, never a mix of
  // files from two decisions (the report last, so counts never run ahead of the files).
  std::ifstream report_in(out_dir / "report.json");
  auto report = nlohmann::ordered_json::parse(report_in, nullptr, false);
  report_in.close();
  kept.commit();
  removed.commit();
  {
    std::ofstream log(out_dir / "decisions.jsonl", std::ios::app | std::ios::binary);
    for (const auto& a : applied) log << a << '\n';
  }
  if (!report.is_discarded() && report.contains("counts")) {
    auto& c = report["counts"];
    c["user_kept"] = c.value("user_kept", std::uint64_t(0)) + to_kept;
    c["user_removed"] = c.value("user_removed", std::uint64_t(0)) + to_removed;
    c["kept"] = c.value("kept", std::uint64_t(0)) + to_kept - to_removed;
    detail::OutputFile report_file(out_dir, "report.json");
    report_file.out() << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
    report_file.commit();
  }
  return to_kept + to_removed;
}

}  // namespace ahenk::text
