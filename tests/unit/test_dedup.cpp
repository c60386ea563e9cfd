// MinHash and LSH behave as the theory says, and the deduplicator groups what a user would call
// duplicates, keeps the right one, and refuses transitive chains.
#include <gtest/gtest.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>

#include "ahenk/text/dedup.h"

namespace ahenk::text {
namespace {

// A text of `n` distinct words w<seed>_<i>; distinct words make the shingle arithmetic exact.
std::vector<std::string> words(int n, int seed) {
  std::vector<std::string> w;
  for (int i = 0; i < n; ++i) w.push_back("w" + std::to_string(seed) + "x" + std::to_string(i));
  return w;
}
std::string join(const std::vector<std::string>& w) {
  std::string s;
  for (const auto& x : w) s += (s.empty() ? "" : " ") + x;
  return s;
}

TEST(MinHash, EstimateIsWithinTheStatisticalErrorOfTheTrueJaccard) {
  MinHasher hasher;  // 112 hashes
  std::mt19937_64 rng(3);
  for (double target : {0.2, 0.5, 0.8, 0.95}) {
    double sum_error = 0;
    const int trials = 60;
    for (int t = 0; t < trials; ++t) {
      // Sets of 400 with an intersection chosen so the Jaccard is `target`.
      const int total = 400;
      const int common = int(std::round(2 * total * target / (1 + target)));
      std::vector<std::uint64_t> a, b;
      for (int i = 0; i < common; ++i) {
        const auto x = rng();
        a.push_back(x), b.push_back(x);
      }
      for (int i = common; i < total; ++i) a.push_back(rng()), b.push_back(rng());
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      const double truth = exact_jaccard(a, b);
      const double est = estimate_jaccard(hasher.signature(a), hasher.signature(b));
      const double sigma = std::sqrt(truth * (1 - truth) / 112.0);
      EXPECT_LE(std::abs(est - truth), 4 * sigma + 1e-9) << "target " << target;
      sum_error += est - truth;
    }
    EXPECT_LE(std::abs(sum_error / trials), 0.02) << "biased at " << target;
  }
}

TEST(MinHash, LshCandidateRateFollowsTheSCurve) {
  MinHashOptions options;  // 14 bands x 8 rows
  MinHasher hasher(options);
  std::mt19937_64 rng(11);
  for (double s : {0.5, 0.7, 0.8, 0.9}) {
    int candidates = 0;
    const int pairs = 400;
    for (int t = 0; t < pairs; ++t) {
      const int total = 300;
      const int common = int(std::round(2 * total * s / (1 + s)));
      std::vector<std::uint64_t> a, b;
      for (int i = 0; i < common; ++i) {
        const auto x = rng();
        a.push_back(x), b.push_back(x);
      }
      for (int i = common; i < total; ++i) a.push_back(rng()), b.push_back(rng());
      const auto sa = hasher.signature(a), sb = hasher.signature(b);
      bool shared = false;
      for (int band = 0; band < options.bands; ++band) {
        shared |= hasher.band_key(sa.data(), band) == hasher.band_key(sb.data(), band);
      }
      candidates += shared;
    }
    const double p = lsh_probability(s, options.rows, options.bands);
    const double sigma = std::sqrt(p * (1 - p) / pairs);
    EXPECT_NEAR(double(candidates) / pairs, p, 4 * sigma + 0.02) << "s = " << s;
  }
  EXPECT_NEAR(lsh_probability(0.8, 8, 14), 0.9237, 1e-3);
  EXPECT_NEAR(lsh_probability(0.5, 8, 14), 0.0532, 1e-3);
}

TEST(MinHash, NormalizationIgnoresCaseWidthPunctuationAndInvisibleMarks) {
  MinHasher hasher;
  const auto base = hasher.shingles("The quick brown fox jumps over the lazy dog, again.");
  EXPECT_EQ(hasher.shingles("THE QUICK BROWN FOX jumps over the lazy dog again"), base);
  EXPECT_EQ(hasher.shingles("The  quick\nbrown\tfox — jumps over the lazy dog; again!"), base);
  EXPECT_EQ(hasher.shingles("Ｔｈｅ quick bro\u200Bwn fox jumps over the lazy dog, again."), base);
  EXPECT_NE(hasher.shingles("The quick brown cat jumps over the lazy dog, again."), base);
  EXPECT_EQ(hasher.shingles("tek").size(), 1u);  // shorter than n: one shingle
  EXPECT_TRUE(hasher.shingles("  ... !!").empty());
}

// The hash family as minhash.h documents it, written plainly: seeds from splitmix64(seed) (high
// 32 bits), shingle folded to 32 bits, murmur3's fmix32 of (x XOR seed_i), minimum over shingles.
std::vector<std::uint32_t> reference_signature(const std::vector<std::uint64_t>& shingles,
                                               std::size_t k, std::uint64_t seed) {
  std::vector<std::uint32_t> seeds;
  for (std::size_t i = 0; i < k; ++i) {
    std::uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    seeds.push_back(std::uint32_t((z ^ (z >> 31)) >> 32));
  }
  std::vector<std::uint32_t> m(k, 0xFFFFFFFFu);
  for (const auto x64 : shingles) {
    const auto x = std::uint32_t(x64 ^ (x64 >> 32));
    for (std::size_t i = 0; i < k; ++i) {
      std::uint32_t h = x ^ seeds[i];
      h ^= h >> 16;
      h *= 0x85EBCA6Bu;
      h ^= h >> 13;
      h *= 0xC2B2AE35u;
      h ^= h >> 16;
      m[i] = std::min(m[i], h);
    }
  }
  return m;
}

TEST(MinHash, FoldIsIcuNfkcCasefoldOnAnyText) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* icu_fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  auto reference = [&](const std::string& s) {
    std::string out;
    icu::StringByteSink<std::string> sink(&out);
    UErrorCode st = U_ZERO_ERROR;
    icu_fold->normalizeUTF8(0, icu::StringPiece(s.data(), int32_t(s.size())), sink, nullptr, st);
    return out;
  };
  // Pieces that interact across characters: combining marks after ASCII and Latin letters,
  // Hangul jamo, ligatures, full width, Greek with tonos, Turkish İ/ı, default ignorables,
  // ill-formed UTF-8, CJK, emoji.
  const std::vector<std::string> palette = {"a",
                                            "E",
                                            "z",
                                            " ",
                                            "\n",
                                            "İ",
                                            "ı",
                                            "I",
                                            "ç",
                                            "Ş",
                                            "ß",
                                            "ẞ",
                                            "\xCC\x81",
                                            "\xCC\xA7",
                                            "\xCC\x88",
                                            "\xCD\x82",
                                            "\xE1\x84\x80",
                                            "\xE1\x85\xA1",
                                            "\xE1\x86\xA8",
                                            "ﬁ",
                                            "Ａ",
                                            "ΐ",
                                            "Ά",
                                            "\xCE\x99",
                                            "\xC2\xAD",
                                            "\xE2\x80\x8B",
                                            "\xFF",
                                            "\xC3",
                                            "\xE2\x82",
                                            "日",
                                            "😀",
                                            "Ǆ",
                                            "ŉ",
                                            "\xD7\x90",
                                            "\xD9\x8B",
                                            "\xE0\xA4\x95",
                                            "\xE0\xA4\xBC",
                                            "\xC5\xBF",
                                            "Å",
                                            "\xEF\xBE\x9E",
                                            "\xE3\x82\xAB",
                                            "\xE3\x82\x99",
                                            "Ω",
                                            "K"};
  std::mt19937 rng(9);
  for (int t = 0; t < 20000; ++t) {
    std::string s;
    const int length = int(rng() % 16);
    for (int k = 0; k < length; ++k) s += palette[rng() % palette.size()];
    ASSERT_EQ(dedup_fold(s), reference(s)) << "on " << s;
  }
  // Every code point below U+0800 before and after a combining mark.
  for (UChar32 c = 1; c < 0x800; ++c) {
    std::string s = "x";
    char bytes[4];
    int32_t n = 0;
    U8_APPEND_UNSAFE(bytes, n, c);
    s.append(bytes, std::size_t(n));
    s += "\xCC\x81y";
    s.append(bytes, std::size_t(n));
    ASSERT_EQ(dedup_fold(s), reference(s)) << "U+" << std::hex << c;
  }
}

TEST(MinHash, SignatureKernelEqualsThePlainReference) {
  std::mt19937_64 rng(5);
  // 112 = 7 blocks of 16; 5 x 7 = 35 leaves a remainder; 3 x 1 is all remainder.
  for (const auto& [bands, rows] : {std::pair{14, 8}, {5, 7}, {3, 1}}) {
    MinHasher hasher({.ngram = 5, .bands = bands, .rows = rows, .seed = 77});
    for (const std::size_t n :
         {std::size_t(1), std::size_t(2), std::size_t(17), std::size_t(999)}) {
      std::vector<std::uint64_t> shingles(n);
      for (auto& x : shingles) x = rng();
      EXPECT_EQ(hasher.signature(shingles),
                reference_signature(shingles, std::size_t(bands * rows), 77))
          << bands << "x" << rows << ", " << n << " shingles";
    }
  }
}

TEST(MinHash, SketchAgreesWithShinglesAndKeysTheNormalizedWords) {
  MinHasher hasher;
  // Repeated shingles (the sketch does not remove them) and non-ASCII words (decoded path).
  const std::string text =
      "Kırk katır mı daha iyi, kırk satır mı? Kırk katır mı daha iyi, kırk satır mı? "
      "The quick brown fox jumps over the lazy dog; ÇAĞRI İSTANBUL'a gitti.";
  const Sketch sketch = hasher.sketch(text);
  EXPECT_EQ(sketch.signature, hasher.signature(hasher.shingles(text)));
  EXPECT_NE(sketch.exact_key, 0u);
  // Same normalized words, same key; other words, another key; no words, 0.
  EXPECT_EQ(hasher.sketch("  KIRK katır, mı!").exact_key, hasher.sketch("kirk Katır mı").exact_key);
  EXPECT_NE(hasher.sketch("kırk katır mı").exact_key, hasher.sketch("kırk katır ne").exact_key);
  EXPECT_NE(hasher.sketch("ab c").exact_key, hasher.sketch("a bc").exact_key);
  EXPECT_EQ(hasher.sketch(" ... !").exact_key, 0u);
  EXPECT_TRUE(hasher.sketch(" ... !").signature.empty());
}

struct Corpus {
  std::vector<std::string> texts;
  std::unique_ptr<Deduplicator> last;  // the deduplicator of the last run
  DedupResult run(DedupOptions options = {}) {
    last = std::make_unique<Deduplicator>(options);
    for (std::uint32_t i = 0; i < texts.size(); ++i) last->add(i, texts[i], i);
    return last->finish([&](std::uint32_t i) { return texts[i]; });
  }
};

TEST(Dedup, ExactAndNearDuplicatesClusterUnrelatedDocumentsDoNot) {
  Corpus c;
  auto a = words(200, 1);
  c.texts.push_back(join(a));              // 0
  c.texts.push_back(join(words(200, 2)));  // 1 unrelated
  std::string shouted = join(a);
  for (auto& ch : shouted) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  c.texts.push_back(shouted + "!!!");  // 2 exact duplicate of 0 after normalization
  auto near = a;
  near[100] = "changed";
  c.texts.push_back(join(near));           // 3 near duplicate of 0 (J ~ 0.95)
  c.texts.push_back(join(words(200, 3)));  // 4 unrelated
  const auto r = c.run();
  ASSERT_EQ(r.clusters.size(), 1u);
  const auto& cluster = r.clusters[0];
  EXPECT_EQ(cluster.kept, 0u);
  ASSERT_EQ(cluster.members.size(), 3u);
  ASSERT_EQ(r.removed.size(), 2u);
  EXPECT_EQ(r.removed[0].index, 2u);
  EXPECT_TRUE(r.removed[0].exact_duplicate);
  EXPECT_EQ(r.removed[1].index, 3u);
  EXPECT_FALSE(r.removed[1].exact_duplicate);
  EXPECT_NEAR(r.removed[1].jaccard, 191.0 / 201.0, 1e-9);  // 5 shingles changed of 196
  EXPECT_EQ(r.exact_duplicates, 1u);
  EXPECT_EQ(r.near_duplicates, 1u);
  // The pair carries its evidence: which bands collided, estimated and exact Jaccard.
  bool found = false;
  for (const auto& p : r.pairs) {
    if (p.a == 0 && p.b == 3) {
      found = true;
      // The bands that collided are those whose keys of the two signatures are equal.
      const auto& hasher = c.last->hasher();
      const auto s0 = hasher.sketch(c.texts[0]).signature, s3 = hasher.sketch(c.texts[3]).signature;
      std::vector<int> equal;
      for (int band = 0; band < hasher.options().bands; ++band)
        if (hasher.band_key(s0.data(), band) == hasher.band_key(s3.data(), band))
          equal.push_back(band);
      EXPECT_FALSE(equal.empty());
      EXPECT_EQ(c.last->collided_bands(0, 3), equal);
      EXPECT_EQ(p.estimated, estimate_jaccard(s0, s3));
      EXPECT_NEAR(p.estimated, p.exact, 0.15);
      EXPECT_TRUE(p.joined);
    }
  }
  EXPECT_TRUE(found);
}

TEST(Dedup, KeepPolicyChoosesTheSurvivor) {
  Corpus c;
  auto a = words(120, 5);
  c.texts.push_back(join(a));
  c.texts.push_back(join(a) + " " + "extra");  // longer, still a near duplicate
  DedupOptions longest;
  longest.keep = KeepPolicy::Longest;
  EXPECT_EQ(c.run(longest).clusters.at(0).kept, 1u);
  DedupOptions recent;
  recent.keep = KeepPolicy::MostRecent;  // timestamps are the indexes here
  EXPECT_EQ(c.run(recent).clusters.at(0).kept, 1u);
  EXPECT_EQ(c.run().clusters.at(0).kept, 0u);
  EXPECT_THROW(parse_keep_policy("oldest"), std::invalid_argument);
}

TEST(Dedup, TransitiveChainsAreSplitByVerification) {
  // A ~ B (J 0.81), B ~ C (J 0.81), but A !~ C (J 0.66): C must not be removed as a copy of A.
  Corpus c;
  auto a = words(100, 7);
  auto b = a;
  b[20] = "b1", b[60] = "b2";
  auto cc = b;
  cc[40] = "c1", cc[80] = "c2";
  c.texts = {join(a), join(b), join(cc)};
  DedupOptions options;
  options.threshold = 0.8;
  options.minhash.bands = 40;  // make sure every pair is a candidate
  options.minhash.rows = 2;
  const auto r = c.run(options);
  ASSERT_EQ(r.clusters.size(), 1u);
  EXPECT_EQ(r.clusters[0].kept, 0u);
  ASSERT_EQ(r.clusters[0].members.size(), 2u);
  EXPECT_EQ(r.clusters[0].members[1].index, 1u);
  EXPECT_TRUE(r.clusters[0].split);
  ASSERT_EQ(r.removed.size(), 1u);  // C survives
  // Without verification every candidate joins: the chain pulls C in.
  options.verify = false;
  const auto unverified = c.run(options);
  ASSERT_EQ(unverified.clusters.size(), 1u);
  EXPECT_EQ(unverified.clusters[0].members.size(), 3u);
}

TEST(Dedup, WindowsAndThreadsDoNotChangeTheDecisions) {
  // Families of near duplicates (some chained, so clusters split) among unrelated documents;
  // verified a pair or a cluster at a time on one thread, and in one window on four threads.
  Corpus c;
  std::mt19937 rng(7);
  for (int family = 0; family < 12; ++family) {
    auto base = words(60 + family * 7, 100 + family);
    c.texts.push_back(join(base));
    for (int copy = 0; copy < 1 + family % 4; ++copy) {
      for (int change = 0; change < 1 + copy; ++change)
        base[rng() % base.size()] = "x" + std::to_string(rng() % 1000);
      c.texts.push_back(join(base));
    }
    c.texts.push_back(join(words(80, 500 + family)));
  }
  for (const bool verify : {true, false}) {
    SCOPED_TRACE(verify ? "verified" : "not verified");
    DedupOptions one;
    one.window_bytes = 1;  // every pair its own window
    one.minhash.bands = 20, one.minhash.rows = 3;
    one.verify = verify;
    DedupOptions all = one;
    all.window_bytes = 1ull << 30;
    all.threads = 4;
    const auto a = c.run(one), b = c.run(all);
    ASSERT_GT(a.pairs.size(), 20u);
    ASSERT_GT(a.clusters.size(), 5u);
    ASSERT_EQ(a.pairs.size(), b.pairs.size());
    const MinHasher hasher(one.minhash);
    for (std::size_t i = 0; i < a.pairs.size(); ++i) {
      EXPECT_EQ(a.pairs[i].a, b.pairs[i].a);
      EXPECT_EQ(a.pairs[i].b, b.pairs[i].b);
      // The estimate, from signatures made again from the texts, is the sketches' estimate.
      EXPECT_EQ(a.pairs[i].estimated,
                estimate_jaccard(hasher.sketch(c.texts[a.pairs[i].a]).signature,
                                 hasher.sketch(c.texts[a.pairs[i].b]).signature));
      EXPECT_EQ(a.pairs[i].estimated, b.pairs[i].estimated);
      EXPECT_EQ(a.pairs[i].exact, b.pairs[i].exact);
      EXPECT_EQ(a.pairs[i].shared, b.pairs[i].shared);
      EXPECT_EQ(a.pairs[i].sample_at, b.pairs[i].sample_at);
      EXPECT_EQ(a.pairs[i].joined, b.pairs[i].joined);
    }
    ASSERT_EQ(a.clusters.size(), b.clusters.size());
    for (std::size_t i = 0; i < a.clusters.size(); ++i) {
      ASSERT_EQ(a.clusters[i].members.size(), b.clusters[i].members.size());
      for (std::size_t m = 0; m < a.clusters[i].members.size(); ++m) {
        EXPECT_EQ(a.clusters[i].members[m].index, b.clusters[i].members[m].index);
        EXPECT_EQ(a.clusters[i].members[m].jaccard, b.clusters[i].members[m].jaccard);
      }
      EXPECT_EQ(a.clusters[i].split, b.clusters[i].split);
    }
    ASSERT_EQ(a.removed.size(), b.removed.size());
    for (std::size_t i = 0; i < a.removed.size(); ++i)
      EXPECT_EQ(a.removed[i].duplicate_of, b.removed[i].duplicate_of);
  }
}

TEST(Dedup, VerifiedPairsCountAndPlaceTheShinglesTheyShare) {
  // What verification records for a pair equals what the pair's texts share, computed plainly.
  Corpus c;
  auto a = words(90, 11);
  auto b = a;
  b[3] = "q", b[50] = "r";
  c.texts = {join(a) + " " + join(std::vector<std::string>(a.begin(), a.begin() + 8)), join(b)};
  DedupOptions options;
  options.minhash.bands = 40, options.minhash.rows = 2;
  const auto r = c.run(options);
  ASSERT_EQ(r.pairs.size(), 1u);
  const auto& pair = r.pairs[0];
  const MinHasher hasher(options.minhash);
  const auto text_a = hasher.shingle_text(c.texts[0]);
  std::vector<std::string> plain;
  EXPECT_EQ(pair.shared, text_a.shared_with(hasher.shingles(c.texts[1]), 5, &plain));
  ASSERT_EQ(pair.samples, plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i)
    EXPECT_EQ(text_a.shingle(pair.sample_at[i]), plain[i]);
  EXPECT_EQ(pair.exact, exact_jaccard(hasher.shingles(c.texts[0]), hasher.shingles(c.texts[1])));
}

TEST(Dedup, GiantClustersAreFlagged) {
  Corpus c;
  const auto text = join(words(50, 9));
  for (int i = 0; i < 30; ++i) c.texts.push_back(text);
  DedupOptions options;
  options.giant_cluster = 20;
  const auto r = c.run(options);
  ASSERT_EQ(r.clusters.size(), 1u);
  EXPECT_TRUE(r.clusters[0].giant);
  EXPECT_EQ(r.removed.size(), 29u);
}

}  // namespace
}  // namespace ahenk::text

// ---- the dedup evidence read back, shared words, and the user's keep/remove decisions ----

#include <filesystem>
#include <fstream>

#include "ahenk/text/corpus_output.h"
#include "ahenk/text/pipeline.h"

namespace ahenk::text {
namespace {

TEST(DedupOutput, ClustersPairsSharedWordsAndDecisions) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "ahenk_dedup_output_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  const fs::path law = fs::path(AHENK_SAMPLE) / "tr" / "1739-milli-egitim-temel-kanunu.txt";
  std::ifstream in(law, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(dir / "in" / "a.txt", std::ios::binary) << text;
  std::ofstream(dir / "in" / "b.txt", std::ios::binary) << text << "\nBir satır daha eklendi.\n";
  std::ofstream(dir / "in" / "c.txt", std::ios::binary) << text;
  std::ofstream(dir / "in" / "d.txt", std::ios::binary)
      << "To be, or not to be, that is the question: whether 'tis nobler in the mind to suffer.";
  PipelineOptions o;
  o.rules = select_rules("none");
  o.langid = "none";
  o.out_dir = (dir / "out").string();
  run_pipeline({(dir / "in").string()}, o);

  const auto d = DedupOutput::load(dir / "out");
  EXPECT_EQ(d.bands, 14);
  EXPECT_EQ(d.rows, 8);
  ASSERT_EQ(d.clusters.size(), 1u);
  const auto& c = d.clusters[0];
  ASSERT_EQ(c.members.size(), 3u);
  const std::string a = (dir / "in" / "a.txt").string(), b = (dir / "in" / "b.txt").string(),
                    dd = (dir / "in" / "d.txt").string();
  EXPECT_EQ(c.kept, a);
  const auto* near = d.pair(b, a);
  ASSERT_NE(near, nullptr);
  EXPECT_FALSE(near->bands.empty());
  EXPECT_GT(near->exact, 0.9);
  EXPECT_EQ(d.pair(a, dd), nullptr);

  // What a and b share: every word of a lies in a shingle b has; b's added line is not in a.
  const auto ab = shared_shingle_words(text, text + "\nBir satır daha eklendi.\n", 5);
  EXPECT_EQ(ab.shared_shingles, ab.shingles);
  EXPECT_TRUE(std::all_of(ab.shared.begin(), ab.shared.end(), [](bool x) { return x; }));
  const auto ba = shared_shingle_words(text + "\nBir satır daha eklendi.\n", text, 5);
  EXPECT_FALSE(ba.shared.back());  // "eklendi" is in no shingle of a
  EXPECT_EQ(shared_shingle_words(text, "to be or not to be that is", 5).shared_shingles, 0u);

  // Decisions: keep the near duplicate b, remove d; the files and the counts follow.
  const JsonlIndex before(dir / "out" / "kept.jsonl");
  ASSERT_EQ(before.size(), 2u);  // a and d
  EXPECT_EQ(apply_keep_decisions(dir / "out", {{b, true}, {dd, false}, {"no such id", true}}), 2u);
  const JsonlIndex kept(dir / "out" / "kept.jsonl"), removed(dir / "out" / "removed.jsonl");
  EXPECT_LT(kept.find(b), kept.size());
  EXPECT_EQ(kept.find(dd), kept.size());
  EXPECT_LT(removed.find(dd), removed.size());
  EXPECT_EQ(removed.read(removed.find(dd))["rule"], "user_decision");
  EXPECT_NE(kept.read(kept.find(b))["text"].get<std::string>().find("eklendi"), std::string::npos);
  std::ifstream report_in(dir / "out" / "report.json");
  const auto report = nlohmann::json::parse(report_in);
  EXPECT_EQ(report["counts"]["kept"], 2);
  EXPECT_EQ(report["counts"]["user_kept"], 1);
  EXPECT_EQ(report["counts"]["user_removed"], 1);
  EXPECT_EQ(apply_keep_decisions(dir / "out", {{b, true}}), 0u);  // already kept
  EXPECT_THROW(DedupOutput::load(dir / "missing"), std::runtime_error);
  fs::remove_all(dir);
}

TEST(DedupOutput, TextsReadBackFromTheStageFileKeepEveryCharacter) {
  // Removed and kept lines are rebuilt from the stage file: quotes, backslashes, control
  // characters, line breaks and non-ASCII text must come back exactly as loaded.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "ahenk_dedup_stage_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string odd = "Say \"hi\" to C:\\temp\\new\ttab\nline\r\u0001\u001f end; ";
  for (int i = 0; i < 12; ++i) odd += "kelime" + std::to_string(i) + " çğıöşü ";
  const std::string other = "a completely different text about whales and the open sea here";
  {
    std::ofstream f(dir / "in.jsonl", std::ios::binary);
    f << "{\"id\":\"first\",\"text\":" << nlohmann::json(odd).dump() << "}\n";
    f << "{\"id\":\"other\",\"text\":" << nlohmann::json(other).dump() << "}\n";
    f << "{\"id\":\"copy\",\"text\":" << nlohmann::json(odd).dump() << "}\n";
  }
  PipelineOptions o;
  o.rules = select_rules("none");
  o.langid = "none";
  o.clean = false;
  o.out_dir = (dir / "out").string();
  run_pipeline({(dir / "in.jsonl").string()}, o);
  const JsonlIndex kept(dir / "out" / "kept.jsonl"), removed(dir / "out" / "removed.jsonl");
  ASSERT_EQ(kept.size(), 2u);
  ASSERT_EQ(removed.size(), 1u);
  EXPECT_EQ(kept.read(kept.find("first"))["text"].get<std::string>(), odd);
  EXPECT_EQ(kept.read(kept.find("other"))["text"].get<std::string>(), other);
  const auto r = removed.read(0);
  EXPECT_EQ(r["id"], "copy");
  EXPECT_EQ(r["duplicate_of"], "first");
  EXPECT_EQ(r["reason"], "exact_duplicate");
  EXPECT_EQ(r["line"], 3);
  EXPECT_EQ(r["source"], (dir / "in.jsonl").string());
  EXPECT_EQ(r["text"].get<std::string>(), odd);
  fs::remove_all(dir);
}

TEST(MinHash, ShingleTextSharesWhatShinglesShareInTextOrder) {
  MinHasher hasher({.ngram = 2, .bands = 2, .rows = 2, .seed = 1});
  const auto a = hasher.shingle_text("Zebra yak. Apple pie, zebra yak!");
  EXPECT_EQ(a.distinct(), hasher.shingles("zebra yak apple pie zebra yak"));
  ASSERT_EQ(a.count(), 5u);
  EXPECT_EQ(a.shingle(0), "zebra yak");
  std::vector<std::string> first;
  // b has "apple pie" and "zebra yak": both counted once, sampled in a's order.
  EXPECT_EQ(a.shared_with(hasher.shingles("zebra yak apple pie"), 5, &first), 3u);
  EXPECT_EQ(first, (std::vector<std::string>{"zebra yak", "yak apple", "apple pie"}));
  EXPECT_EQ(a.shared_with(hasher.shingles("pie zebra"), 1, &first), 1u);
  EXPECT_EQ(first, (std::vector<std::string>{"pie zebra"}));
  EXPECT_EQ(a.shared_with(hasher.shingles("nothing alike"), 5, &first), 0u);
  EXPECT_TRUE(first.empty());
  // The placed shingles name the same ones by position: their first occurrence in a's text.
  const auto placed = hasher.placed_shingles("Zebra yak. Apple pie, zebra yak!");
  EXPECT_EQ(placed.hashes, a.distinct());
  std::vector<std::uint32_t> at;
  EXPECT_EQ(shared_shingles(placed, hasher.shingles("zebra yak apple pie"), 5, &at), 3u);
  EXPECT_EQ(at, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(shared_shingles(placed, hasher.shingles("pie zebra yak"), 5, &at), 2u);
  EXPECT_EQ(at, (std::vector<std::uint32_t>{0, 3}));  // "zebra yak" first occurs at 0
  EXPECT_EQ(shared_shingles(placed, hasher.shingles("pie zebra yak"), 1, &at), 2u);
  EXPECT_EQ(at, (std::vector<std::uint32_t>{0}));
}

}  // namespace
}  // namespace ahenk::text
