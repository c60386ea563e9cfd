// `corpus_stats` over real folders: recursion, deterministic order, binary and empty files, invalid
// UTF-8 located by byte offset, a clear error for a missing input, progress and cancellation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ahenk/text/corpus_stats.h"
#include "process.h"

namespace ahenk::text {
namespace {
namespace fs = std::filesystem;

// A temporary folder named after the running test.
struct TempDir : ahenk::test::TempDir {
  TempDir()
      : ahenk::test::TempDir(std::string("ahenk-stats-") +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name()) {}
};

struct RecordingSink : ProgressSink {
  std::vector<Progress> seen;
  int finished = 0;
  void report(const Progress& p) override { seen.push_back(p); }
  void finish() override { ++finished; }
};

TEST(CorpusStats, WalksFoldersRecursivelyInPathOrder) {
  TempDir dir;
  dir.write("b.txt", "beta gamma\n");
  dir.write("a/z.txt", "alpha\n");
  dir.write("a/deeper/y.md", "one two three");
  dir.write("empty.txt", "");
  const auto stats = corpus_stats({dir.path().string()});
  ASSERT_EQ(stats.files.size(), 4u);
  EXPECT_EQ(fs::path(stats.files[0].path).filename(), "y.md");   // a/deeper/y.md
  EXPECT_EQ(fs::path(stats.files[1].path).filename(), "z.txt");  // a/z.txt
  EXPECT_EQ(fs::path(stats.files[2].path).filename(), "b.txt");
  EXPECT_EQ(fs::path(stats.files[3].path).filename(), "empty.txt");
  EXPECT_EQ(stats.totals.words, 6u);
  EXPECT_EQ(stats.totals.lines, 3u);
  EXPECT_EQ(stats.totals.bytes, 11u + 6u + 13u);
  EXPECT_EQ(stats.files[3].counts.bytes, 0u);
}

TEST(CorpusStats, SkipsBinaryFilesWithTheReasonAndLocatesInvalidUtf8) {
  TempDir dir;
  dir.write("image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  dir.write("latin1.txt", "caf\xE9\nna\xEFve\n");  // Latin-1 bytes are not UTF-8
  const auto stats = corpus_stats({dir.path().string()});
  ASSERT_EQ(stats.files.size(), 2u);
  EXPECT_TRUE(stats.files[0].binary);
  EXPECT_EQ(stats.binary_files, 1u);
  const auto& latin = stats.files[1];
  EXPECT_EQ(latin.counts.invalid_utf8, 2u);
  ASSERT_TRUE(latin.first_invalid_offset.has_value());
  EXPECT_EQ(*latin.first_invalid_offset, 3u);
  const auto j = to_json(stats);
  EXPECT_EQ(j["binary_files"], 1);
  EXPECT_EQ(j["per_file"][1]["first_invalid_offset"], 3);
  EXPECT_TRUE(j["per_file"][0].contains("skipped"));
}

TEST(CorpusStats, AFileNamedTwiceIsReadOnce) {
  TempDir dir;
  dir.write("a.txt", "one two\n");
  const auto file = (dir.path() / "a.txt").string();
  const auto stats = corpus_stats({dir.path().string(), file, file});
  EXPECT_EQ(stats.files.size(), 1u);
  EXPECT_EQ(stats.totals.words, 2u);
  ASSERT_EQ(stats.problems.size(), 2u);
  EXPECT_EQ(stats.problems[0].reason, "named more than once; read once");
}

TEST(CorpusStats, AMissingInputIsAnErrorThatNamesIt) {
  try {
    corpus_stats({"/definitely/not/here.txt"});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/definitely/not/here.txt"), std::string::npos);
  }
}

TEST(CorpusStats, ALongLineAndAHugeWordAreFine) {
  TempDir dir;
  std::string big(5 * 1024 * 1024, 'x');  // one 5 MB word on one line, over several read chunks
  big += " end";
  dir.write("big.txt", big);
  const auto stats = corpus_stats({(dir.path() / "big.txt").string()});
  EXPECT_EQ(stats.totals.words, 2u);
  EXPECT_EQ(stats.totals.lines, 1u);
  EXPECT_EQ(stats.totals.bytes, big.size());
}

TEST(CorpusStats, ReportsProgressUpToTheTotalAndFinishes) {
  TempDir dir;
  dir.write("a.txt", std::string(3 << 20, 'a'));
  RecordingSink sink;
  corpus_stats({dir.path().string()}, &sink);
  ASSERT_GE(sink.seen.size(), 2u);
  EXPECT_EQ(sink.seen.back().done, sink.seen.back().total);
  EXPECT_EQ(sink.seen.back().total, 3u << 20);
  EXPECT_EQ(sink.seen.back().unit, "B");
  EXPECT_EQ(sink.finished, 1);
}

TEST(CorpusStats, StopsWhenCancelled) {
  TempDir dir;
  dir.write("a.txt", "text\n");
  CancelToken cancel;
  cancel.cancel();
  EXPECT_THROW(corpus_stats({dir.path().string()}, nullptr, &cancel), Cancelled);
}

}  // namespace
}  // namespace ahenk::text
