#include "ahenk/text/corpus_output.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>

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

[[noreturn]] void bad(const fs::path& file, std::uint64_t line, const std::string& what) {
  throw std::runtime_error(file.string() + ":" + std::to_string(line) + ": " + what +
                           " (is this a folder written by 'ahenk corpus run'?)");
}

}  // namespace

FilterTable FilterTable::load(const fs::path& out_dir) {
  FilterTable t;
  const fs::path tsv = out_dir / "measurements.tsv";
  std::ifstream in(tsv, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + tsv.string() + " (run the corpus stage first)");
  std::string line;
  if (!std::getline(in, line)) bad(tsv, 1, "empty file, expected a header");
  const auto header = split_tabs(line);
  if (header.empty() || header[0] != "id") bad(tsv, 1, "the header does not start with 'id'");
  const auto all = all_rules();
  for (std::size_t i = 1; i < header.size(); ++i) {
    const auto it =
        std::find_if(all.begin(), all.end(), [&](const Rule& r) { return r.id == header[i]; });
    if (it == all.end()) bad(tsv, 1, "unknown rule '" + std::string(header[i]) + "'");
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
    if (fields.size() < n + 1) bad(tsv, number, "expected " + std::to_string(n + 1) + " fields");
    const std::size_t first = fields.size() - n;
    t.ids.emplace_back(line.substr(
        0, std::size_t(fields[first - 1].data() - line.data()) + fields[first - 1].size()));
    for (std::size_t r = 0; r < n; ++r) {
      const auto f = fields[first + r];
      float v = std::numeric_limits<float>::quiet_NaN();
      if (!f.empty()) {
        const auto res = std::from_chars(f.data(), f.data() + f.size(), v);
        if (res.ec != std::errc() || res.ptr != f.data() + f.size())
          bad(tsv, number, "'" + std::string(f) + "' is not a number");
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
  if (!in) throw std::runtime_error("cannot read " + file_.string());
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
    throw std::out_of_range(file_.string() + ": no line " + std::to_string(line + 1));
  std::ifstream in(file_, std::ios::binary);
  in.seekg(std::streamoff(offsets_[line]));
  std::string text;
  if (!in || !std::getline(in, text)) throw std::runtime_error("cannot read " + file_.string());
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded())
    throw std::runtime_error(file_.string() + ": line " + std::to_string(line + 1) +
                             " is not JSON");
  return j;
}

}  // namespace ahenk::text
