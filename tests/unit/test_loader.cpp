// The corpus loader against the inputs users really have: legacy Turkish encodings, UTF-16 with and
// without a BOM, compressed files, broken JSON lines, binaries, huge lines, every line ending.
// Nothing may crash; every problem is reported with where it is.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>

#include "ahenk/text/loader.h"
#include "process.h"

namespace ahenk::text {
namespace {
namespace fs = std::filesystem;

// A temporary corpus folder named after the running test.
class Corpus : public ahenk::test::TempDir {
 public:
  Corpus()
      : ahenk::test::TempDir(std::string("ahenk-loader-") +
                             ::testing::UnitTest::GetInstance()->current_test_info()->name()) {}
  std::string path() const { return TempDir::path().string(); }
};

struct Loaded {
  std::vector<Document> docs;
  LoadReport report;
};

Loaded load(const std::vector<std::string>& inputs, LoadOptions options = {}) {
  Loaded out;
  out.report =
      load_documents(inputs, options, [&](Document&& d) { out.docs.push_back(std::move(d)); });
  return out;
}

std::string encode(const std::string& utf8, const char* encoding) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(encoding, "UTF-8", out.data(), int32_t(out.size()), utf8.data(),
                                 int32_t(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(size_t(n));
  return out;
}

std::string gzip(const std::string& data) {
  z_stream s{};
  deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&s, data.size()) + 32, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = uInt(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = uInt(out.size());
  deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

const std::string kTurkish =
    "Herkes, düşünce ve kanaat hürriyetine sahiptir. Her ne sebep ve amaçla olursa olsun kimse "
    "düşünce ve kanaatlerini açıklamaya zorlanamaz; düşünce ve kanaatleri sebebiyle kınanamaz ve "
    "suçlanamaz. İstanbul'da ılık bir sabah, ağaçların gölgesinde çay içtik.\n";

TEST(Loader, OneDocumentPerFileWithDeterministicIds) {
  Corpus c;
  c.write("b.txt", "second\n");
  c.write("a/one.md", "first\n");
  c.write("empty.txt", "");
  c.write("blank.txt", " \n\t\n");
  const auto r = load({c.path()});
  ASSERT_EQ(r.docs.size(), 2u);  // empty and blank files carry no document
  EXPECT_EQ(fs::path(r.docs[0].id).filename(), "one.md");
  EXPECT_EQ(r.docs[0].text, "first\n");
  EXPECT_EQ(r.docs[1].text, "second\n");
  EXPECT_EQ(r.report.files.size(), 4u);
  EXPECT_EQ(r.docs[0].encoding, "utf-8");
}

TEST(Loader, DetectsWindows1254TurkishAndDecodesItExactly) {
  Corpus c;
  const auto path = c.write("eski.txt", encode(kTurkish + kTurkish, "windows-1254"));
  const auto r = load({path});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].encoding, "windows-1254");
  EXPECT_GT(r.docs[0].encoding_confidence, 0.1);
  EXPECT_EQ(r.docs[0].text, kTurkish + kTurkish);
  EXPECT_EQ(r.report.files[0].replaced, 0u);
}

TEST(Loader, DecodesUtf16WithAndWithoutByteOrderMarks) {
  Corpus c;
  c.write("1-le-bom.txt", std::string("\xFF\xFE", 2) + encode(kTurkish, "UTF-16LE"));
  c.write("2-be-bom.txt", std::string("\xFE\xFF", 2) + encode(kTurkish, "UTF-16BE"));
  c.write("3-le-nobom.txt", encode(kTurkish, "UTF-16LE"));
  c.write("4-utf8-bom.txt", "\xEF\xBB\xBF" + kTurkish);
  c.write("5-utf32.txt", std::string("\xFF\xFE\0\0", 4) + encode(kTurkish, "UTF-32LE"));
  const auto r = load({c.path()});
  ASSERT_EQ(r.docs.size(), 5u);
  const char* encodings[] = {"utf-16le", "utf-16be", "utf-16le", "utf-8", "utf-32le"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(r.docs[i].text, kTurkish) << r.docs[i].id;  // the BOM is not part of the text
    EXPECT_EQ(r.docs[i].encoding, encodings[i]) << r.docs[i].id;
  }
}

TEST(Loader, InvalidUtf8IsReplacedCountedAndLocated) {
  Corpus c;
  // Mostly UTF-8 with two stray bytes: stays UTF-8, strays become U+FFFD.
  const std::string text = kTurkish + "bozuk \xFF bayt ve \xC3 yarım\n" + kTurkish;
  const auto path = c.write("bozuk.txt", text);
  const auto r = load({path});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].encoding, "utf-8");
  const auto& f = r.report.files[0];
  EXPECT_EQ(f.replaced, 2u);
  ASSERT_EQ(f.replaced_offsets.size(), 2u);
  EXPECT_EQ(f.replaced_offsets[0], kTurkish.size() + 6);
  EXPECT_NE(r.docs[0].text.find("bozuk \xEF\xBF\xBD bayt"), std::string::npos);
}

TEST(Loader, ReadsGzipAndZstdByContentNotByName) {
  Corpus c;
  c.write("a.txt.gz", gzip(kTurkish));
  c.write("b.jsonl.zst", zstd("{\"id\": \"z1\", \"text\": \"sıkıştırılmış\"}\n"));
  c.write("c-misnamed.txt", gzip("gzip without its extension\n"));
  const auto r = load({c.path()});
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].text, kTurkish);
  EXPECT_EQ(r.report.files[0].compression, "gzip");
  EXPECT_EQ(r.docs[1].id, "z1");
  EXPECT_EQ(r.docs[1].text, "sıkıştırılmış");
  EXPECT_EQ(r.report.files[1].compression, "zstd");
  EXPECT_EQ(r.report.files[1].format, "jsonl");
  EXPECT_EQ(r.docs[2].text, "gzip without its extension\n");
}

TEST(Loader, ATruncatedArchiveIsReportedNotFatal) {
  Corpus c;
  std::string big;
  for (int i = 0; i < 2000; ++i) big += kTurkish;
  const std::string packed = gzip(big);
  c.write("cut.txt.gz", packed.substr(0, packed.size() / 2));
  c.write("fine.txt", "still read\n");
  const auto r = load({c.path()});
  ASSERT_EQ(r.report.files.size(), 2u);
  ASSERT_FALSE(r.report.files[0].problems.empty());
  EXPECT_NE(r.report.files[0].problems[0].message.find("truncated"), std::string::npos);
  EXPECT_EQ(r.docs.back().text, "still read\n");
}

TEST(Loader, JsonLinesKeepIdsAndReportBadLinesWithTheirNumbers) {
  Corpus c;
  const auto path = c.write("docs.jsonl",
                            "{\"id\": \"a\", \"text\": \"bir\"}\n"
                            "{\"id\": 7, \"text\": \"iki\"}\r\n"
                            "\n"
                            "{not json}\n"
                            "{\"title\": \"no text\"}\n"
                            "{\"text\": \"no id\"}");
  const auto r = load({path});
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[0].id, "a");
  EXPECT_EQ(r.docs[1].id, "7");
  EXPECT_EQ(r.docs[1].text, "iki");
  EXPECT_EQ(r.docs[2].id, path + ":6");
  const auto& problems = r.report.files[0].problems;
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].line, 4u);
  EXPECT_NE(problems[0].message.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(problems[1].line, 5u);
  EXPECT_NE(problems[1].message.find("\"text\""), std::string::npos);
}

TEST(Loader, SplitsByLineAndParagraphWithAnyLineEnding) {
  Corpus c;
  const auto path = c.write("mixed.txt", "one\r\ntwo\rstill two\n\n  \npara two\nline b\n\n\nlast");
  LoadOptions lines;
  lines.split = SplitMode::Line;
  const auto by_line = load({path}, lines);
  ASSERT_EQ(by_line.docs.size(), 5u);
  EXPECT_EQ(by_line.docs[0].text, "one");  // CRLF: the CR is not part of the line
  EXPECT_EQ(by_line.docs[1].text,
            "two\rstill two");  // a lone CR inside a line is kept for cleaning
  EXPECT_EQ(by_line.docs[4].text, "last");
  EXPECT_EQ(by_line.docs[4].line, 9u);
  EXPECT_EQ(by_line.docs[4].id, path + ":9");
  LoadOptions paragraphs;
  paragraphs.split = SplitMode::Paragraph;
  const auto by_para = load({path}, paragraphs);
  ASSERT_EQ(by_para.docs.size(), 3u);
  EXPECT_EQ(by_para.docs[1].text, "para two\nline b");
  EXPECT_EQ(by_para.docs[1].line, 5u);
}

TEST(Loader, SkipsBinariesWithTheReason) {
  Corpus c;
  c.write("paper.pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\nbinary stream");
  c.write("data.bin", std::string("\x01\x02\0\x00\x05\x06\x07\0\x09", 9));
  c.write("ok.txt", "text\n");
  const auto r = load({c.path()});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_NE(r.report.files[0].skipped.find("NUL"), std::string::npos);
  EXPECT_NE(r.report.files[2].skipped.find("PDF"), std::string::npos);
}

TEST(Loader, HugeLinesAndWordsAreCutIntoBoundedParts) {
  Corpus c;
  std::string word(200000, 'x');  // a 200k-character word
  std::string big;
  for (int i = 0; i < 26; ++i) big += word;  // 5.2 MB, one line, no spaces
  const auto path = c.write("huge.txt", big);
  LoadOptions options;
  options.max_document_bytes = 1 << 20;
  const auto r = load({path}, options);
  ASSERT_EQ(r.docs.size(), 5u);
  std::string joined;
  for (const auto& d : r.docs) {
    EXPECT_LE(d.text.size(), options.max_document_bytes);
    joined += d.text;
  }
  EXPECT_EQ(joined, big);  // nothing lost
  EXPECT_FALSE(r.report.files[0].problems.empty());
  LoadOptions lines = options;
  lines.split = SplitMode::Line;
  const auto by_line = load({path}, lines);
  std::string joined_lines;
  for (const auto& d : by_line.docs) joined_lines += d.text;
  EXPECT_EQ(joined_lines, big);
}

TEST(Loader, FoldersNamedLikeFilesAndUnreadableFiles) {
  Corpus c;
  fs::create_directories(fs::path(c.path()) / "looks-like.txt");
  c.write("looks-like.txt/inner.txt", "inside\n");
  const auto locked = c.write("locked.txt", "secret\n");
  chmod(locked.c_str(), 0);
  const auto r = load({c.path()});
  const bool root =
      ::geteuid() == 0;  // root reads anything; the check only means something for users
  ASSERT_EQ(r.docs.size(), root ? 2u : 1u);
  EXPECT_EQ(r.docs.back().text, "inside\n");  // "locked.txt" sorts before "looks-like.txt/"
  if (!root) {
    ASSERT_EQ(r.report.files.size(), 2u);
    EXPECT_NE(r.report.files[0].skipped.find("cannot open"), std::string::npos);
  }
}

TEST(Loader, ProgressAndCancellation) {
  Corpus c;
  c.write("a.txt", kTurkish);
  CancelToken cancel;
  cancel.cancel();
  EXPECT_THROW(load_documents(
                   {c.path()}, {}, [](Document&&) {}, nullptr, &cancel),
               Cancelled);
  EXPECT_THROW(parse_split_mode("sentence"), std::invalid_argument);
  EXPECT_EQ(parse_split_mode("paragraph"), SplitMode::Paragraph);
}

}  // namespace
}  // namespace ahenk::text
