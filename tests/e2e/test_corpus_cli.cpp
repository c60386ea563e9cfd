// `ahenk corpus run|clean|filter|dedup|langid` on a corpus built to contain every case a user
// meets: duplicates in other cases and encodings, a near duplicate, junk, a compressed JSONL file.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "process.h"

namespace {
namespace fs = std::filesystem;
using ahenk::test::run_cli;
using Json = nlohmann::json;

std::vector<Json> read_jsonl(const fs::path& path) {
  std::vector<Json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) rows.push_back(Json::parse(line));
  return rows;
}

std::string paragraph(int seed) {
  // Real-looking English prose with stop words and sentences, distinct per seed.
  std::ostringstream s;
  s << "The council of district " << seed << " met on a cold morning to discuss the new bridge. ";
  s << "Members agreed that the old crossing had become unsafe for the children of village " << seed
    << ". ";
  s << "The engineer explained that the cost of steel has risen, and that the work will take "
    << (seed % 7 + 3) << " months. ";
  s << "Everyone thanked the volunteers who have kept the river banks clean through the year "
    << 2000 + seed << ". ";
  s << "A final decision will be taken after the spring floods, when the water is low again.\n";
  return s.str();
}

class CorpusCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ahenk-corpus-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    write("in/a.txt", paragraph(1));
    write("in/b-upper.txt", [] {
      std::string t = paragraph(1);
      for (auto& c : t) c = char(std::toupper(static_cast<unsigned char>(c)));
      return t;
    }());  // exact duplicate after normalization
    std::string near = paragraph(1);
    near.replace(near.find("cold"), 4, "warm");
    write("in/c-near.txt", near);  // near duplicate
    write("in/d.txt", paragraph(2));
    write("in/e-junk.txt", "Buy now!!! Click here\n");  // too short
    write("in/f-zero-width.txt", "The\u200B council" + paragraph(3).substr(11));
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
  }
  fs::path dir_;
};

TEST_F(CorpusCli, RunExplainsEveryDecision) {
  const auto out = dir_ / "out";
  auto r = run_cli("corpus run -q --out " + out.string() + " " + (dir_ / "in").string());
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  for (const char* name : {"kept.jsonl", "removed.jsonl", "clusters.jsonl", "pairs.jsonl",
                           "measurements.tsv", "report.json"}) {
    EXPECT_TRUE(fs::exists(out / name)) << name;
  }
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_EQ(entry.path().filename().string().find(".partial"), std::string::npos) << "left over";
  }
  const auto kept = read_jsonl(out / "kept.jsonl");
  const auto removed = read_jsonl(out / "removed.jsonl");
  ASSERT_EQ(kept.size(), 3u);  // a, d, f
  ASSERT_EQ(removed.size(), 3u);
  std::map<std::string, Json> by_file;
  for (const auto& row : removed) by_file[fs::path(row["id"].get<std::string>()).filename()] = row;
  EXPECT_EQ(by_file["e-junk.txt"]["reason"], "filter");
  EXPECT_EQ(by_file["e-junk.txt"]["rule"], "top_2_gram");
  EXPECT_GT(by_file["e-junk.txt"]["value"].get<double>(),
            by_file["e-junk.txt"]["threshold"].get<double>());
  EXPECT_EQ(by_file["b-upper.txt"]["reason"], "exact_duplicate");
  EXPECT_EQ(fs::path(by_file["b-upper.txt"]["duplicate_of"].get<std::string>()).filename(),
            "a.txt");
  EXPECT_EQ(by_file["c-near.txt"]["reason"], "duplicate");
  EXPECT_GT(by_file["c-near.txt"]["value"].get<double>(), 0.8);
  // The zero-width space was removed and recorded.
  for (const auto& row : kept) {
    if (row["id"].get<std::string>().find("f-zero-width") != std::string::npos) {
      EXPECT_EQ(row["text"].get<std::string>().find("\u200B"), std::string::npos);
      EXPECT_EQ(row["meta"]["changes"]["invisible"], 1);
      EXPECT_EQ(row["meta"]["language"], "en");
    }
  }
  bool shared = false;
  for (const auto& pair : read_jsonl(out / "pairs.jsonl")) {
    if (pair.contains("shared_sample") && !pair["shared_sample"].empty()) {
      shared = true;
      EXPECT_GT(pair["shared_shingles"].get<int>(), 10);
      EXPECT_EQ(pair["shared_sample"][0].get<std::string>().find(' ') != std::string::npos, true);
    }
  }
  EXPECT_TRUE(shared) << "the near-duplicate pair shows what it shares";
  const auto clusters = read_jsonl(out / "clusters.jsonl");
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0]["members"].size(), 3u);
  std::ifstream report_in(out / "report.json");
  const auto report = Json::parse(report_in);
  EXPECT_EQ(report["counts"]["documents"], 6);
  EXPECT_EQ(report["counts"]["kept"], 3);
  EXPECT_EQ(report["counts"]["exact_duplicates"], 1);
  EXPECT_EQ(report["counts"]["near_duplicates"], 1);
  EXPECT_EQ(report["cleaning"]["code_points_changed"]["invisible"], 1);
  EXPECT_EQ(report["dedup"]["s_curve"].size(), 21u);
  bool histogram = false;
  for (const auto& rule : report["rules"]) histogram |= rule["histogram"].contains("bins");
  EXPECT_TRUE(histogram);
  // Each rule's histogram is the plain one of its column of measurements.tsv: the extremes, how
  // many documents it did not apply to, and the count in each of 40 equal bins between them.
  const std::size_t rules = report["rules"].size();
  std::vector<std::vector<float>> columns(rules);
  std::size_t rows = 0;
  std::ifstream tsv(out / "measurements.tsv");
  std::string line;
  std::getline(tsv, line);  // the header
  while (std::getline(tsv, line)) {
    std::vector<std::string> fields(1);
    for (const char c : line) {
      if (c == '\t') {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    ASSERT_EQ(fields.size(), rules + 1) << line;
    for (std::size_t k = 0; k < rules; ++k)
      if (!fields[k + 1].empty()) columns[k].push_back(std::stof(fields[k + 1]));
    ++rows;
  }
  EXPECT_GT(rows, 0u);
  for (std::size_t k = 0; k < rules; ++k) {
    const auto& h = report["rules"][k]["histogram"];
    EXPECT_EQ(h["not_applicable"].get<std::size_t>(), rows - columns[k].size());
    if (columns[k].empty()) {
      EXPECT_FALSE(h.contains("bins"));
      continue;
    }
    const float lo = *std::min_element(columns[k].begin(), columns[k].end());
    const float hi = *std::max_element(columns[k].begin(), columns[k].end());
    EXPECT_EQ(h["min"].get<float>(), lo);
    EXPECT_EQ(h["max"].get<float>(), hi);
    std::vector<std::uint64_t> bins(40, 0);
    const double width = hi > lo ? (double(hi) - lo) / 40 : 1.0;
    for (const float v : columns[k])
      ++bins[std::size_t(std::min(39, int((double(v) - lo) / width)))];
    EXPECT_EQ(h["bins"].get<std::vector<std::uint64_t>>(), bins) << report["rules"][k]["id"];
  }
}

TEST_F(CorpusCli, EditsMapCleanedTextBackToTheOriginal) {
  const auto out = dir_ / "e";
  auto r = run_cli("corpus clean -q --edits --out " + out.string() + " " +
                   (dir_ / "in" / "f-zero-width.txt").string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto kept = read_jsonl(out / "kept.jsonl");
  ASSERT_EQ(kept.size(), 1u);
  const auto& edits = kept[0]["meta"]["edits"];
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0][0], 3);  // "The" then U+200B at byte 3..6 of the original
  EXPECT_EQ(edits[0][1], 6);
  EXPECT_EQ(edits[0][2], 3);
  EXPECT_EQ(edits[0][3], 3);
  EXPECT_EQ(edits[0][4], "invisible");
}

TEST_F(CorpusCli, VerbsRunTheirStageOnly) {
  auto clean =
      run_cli("corpus clean -q --out " + (dir_ / "c").string() + " " + (dir_ / "in").string());
  ASSERT_EQ(clean.code, 0) << clean.err;
  EXPECT_EQ(read_jsonl(dir_ / "c" / "kept.jsonl").size(), 6u);  // cleaning removes nothing
  auto dedup =
      run_cli("corpus dedup -q --out " + (dir_ / "d").string() + " " + (dir_ / "in").string());
  ASSERT_EQ(dedup.code, 0) << dedup.err;
  EXPECT_EQ(read_jsonl(dir_ / "d" / "kept.jsonl").size(), 4u);  // a, d, e, f
  auto filter = run_cli("corpus filter -q --rules gopher_quality --set gopher_short_doc=3 --out " +
                        (dir_ / "f").string() + " " + (dir_ / "in").string());
  ASSERT_EQ(filter.code, 0) << filter.err;
  EXPECT_EQ(read_jsonl(dir_ / "f" / "kept.jsonl").size(), 5u);  // junk has no stop words
}

TEST_F(CorpusCli, OutputsDoNotDependOnTheNumberOfThreads) {
  // Enough documents to keep several workers busy and reorder their results.
  for (int i = 10; i < 400; ++i) write("in/p" + std::to_string(i) + ".txt", paragraph(i % 150));
  std::vector<std::string> runs;
  for (const char* threads : {"1", "2", "3"}) {
    const auto out = dir_ / (std::string("t") + threads);
    auto r = run_cli("corpus run -q --threads " + std::string(threads) + " --out " + out.string() +
                     " " + (dir_ / "in").string());
    ASSERT_EQ(r.code, 0) << r.err;
    std::string all;
    for (const char* name :
         {"kept.jsonl", "removed.jsonl", "clusters.jsonl", "pairs.jsonl", "measurements.tsv"}) {
      std::ifstream in(out / name);
      all.append(std::istreambuf_iterator<char>(in), {});
    }
    runs.push_back(all);
  }
  EXPECT_GT(runs[0].size(), 10000u);
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0], runs[2]);
}

TEST_F(CorpusCli, BadOptionsAreUsageErrorsAndNameTheProblem) {
  auto r = run_cli("corpus run --rules gopher,bogus --out " + (dir_ / "x").string() + " " +
                   (dir_ / "in").string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bogus"), std::string::npos);
  auto t = run_cli("corpus run --threshold 1.5 --out x " + (dir_ / "in").string());
  EXPECT_EQ(t.code, 2);
  auto missing =
      run_cli("corpus run --out " + (dir_ / "y").string() + " " + (dir_ / "nope").string());
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("nope"), std::string::npos);
}

TEST(CorpusLangid, LabelledUdhrSetIsRecognized) {
  const fs::path data = fs::path(AHENK_SHARED_DATA) / "langid_udhr.tsv";
  if (!fs::exists(data)) GTEST_SKIP() << "needs ../shared/data/langid_udhr.tsv";
  auto r = run_cli("corpus langid --json " + data.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto first = Json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(first["id"], "2");  // line numbers; line 1 is the header
  EXPECT_TRUE(first.contains("lang"));
  const auto at = r.err.find("accuracy ");
  ASSERT_NE(at, std::string::npos) << r.err;
  EXPECT_GE(std::stod(r.err.substr(at + 9)), 0.95);  // CLD2 scores 0.974 on this set
}

}  // namespace

namespace {

TEST(CorpusLangid, FastTextModelTrainsFromLabelledLinesAndIsUsable) {
  const fs::path data = fs::path(AHENK_SHARED_DATA) / "langid_udhr.tsv";
  if (!fs::exists(data)) GTEST_SKIP() << "needs ../shared/data/langid_udhr.tsv";
  const fs::path dir = fs::temp_directory_path() / ("ahenk-fasttext-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path model = dir / "udhr.bin";
  auto r = run_cli("corpus langid-train -q --json --out " + model.string() + " " + data.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const auto report = Json::parse(r.out);
  EXPECT_EQ(report["examples"], 1600);
  EXPECT_EQ(report["skipped_lines"], 1);  // the header
  EXPECT_EQ(report["validation"], 160);
  // 32 languages, 45 lines each; the default settings reach 0.944 (deterministic with one thread).
  EXPECT_GE(report["validation_accuracy"].get<double>(), 0.9);
  ASSERT_TRUE(fs::exists(model));
  // The model works where CLD2 does: langid and the pipeline's --langid.
  std::ofstream(dir / "tr.txt")
      << "Herkes, düşünce ve kanaat hürriyetine sahiptir. Kimse düşüncelerini "
         "açıklamaya zorlanamaz.\n";
  auto id = run_cli("corpus langid --json --split file --model " + model.string() + " " +
                    (dir / "tr.txt").string());
  ASSERT_EQ(id.code, 0) << id.err;
  EXPECT_EQ(Json::parse(id.out)["lang"], "tr");
  auto run = run_cli("corpus run -q --rules none --lang tr --langid " + model.string() + " --out " +
                     (dir / "out").string() + " " + (dir / "tr.txt").string());
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(read_jsonl(dir / "out" / "kept.jsonl").size(), 1u);
  auto missing = run_cli("corpus langid --model " + (dir / "nope.bin").string() + " " +
                         (dir / "tr.txt").string());
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("langid-train"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
