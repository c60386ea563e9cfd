// Unigram LM, WordPiece and the normalizers as documentation: a small corpus gives exactly these
// pieces; EM never loses likelihood within a round; every text comes back as its normalized form;
// tokenizer.json round-trips.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "ahenk/message.h"
#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/normalizer.h"
#include "ahenk/tokenize/tokenizer.h"
#include "ahenk/tokenize/training.h"
#include "ahenk/tokenize/unigram.h"
#include "ahenk/tokenize/wordpiece.h"

namespace ahenk::tokenize {
namespace {
namespace fs = std::filesystem;

const char* kTenWords =
    "low low low low low lower lower newest newest newest newest newest newest widest widest "
    "widest";

template <class Tok>
std::vector<std::string> pieces(const Tok& tok, std::string_view text) {
  std::vector<std::string> out;
  for (const auto id : tok.encode(text)) out.push_back(tok.token(id));
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ---- normalizers ----

TEST(Normalizer, NfkcAndTurkishLowercase) {
  const auto n = Normalizer::from_options("nfkc", "tr");
  EXPECT_EQ(n.apply("İSTANBUL IŞIK ﬁ"), "istanbul ışık fi");
  const auto root = Normalizer::from_options("nfc", "default");
  EXPECT_EQ(root.apply("İSTANBUL IŞIK"), "i̇stanbul işik");  // root locale: İ -> i + U+0307
  EXPECT_EQ(Normalizer::from_options("none", "none").apply("a\xFF"), "a\xFF");  // untouched
  EXPECT_EQ(Normalizer::from_options("nfc", "none").apply("a\xFF"), "a\uFFFD");
  EXPECT_EQ(n.describe(), "NFKC, Turkish lowercase");
  // The HF JSON form reads back to the same steps.
  EXPECT_EQ(Normalizer::from_json(n.to_json()).steps(), n.steps());
  EXPECT_THROW(Normalizer::from_options("nfd", "none"), std::invalid_argument);
  EXPECT_THROW(Normalizer::from_json({{"type", "BertNormalizer"}}), std::runtime_error);
}

// ---- Unigram ----

TEST(Unigram, GoldenPiecesOnATenWordCorpus) {
  // Words: "▁low" x5, "▁lower" x2, "▁newest" x6, "▁widest" x3, in six lines (documents here).
  // Seeds are the substrings shared by words and the words seen twice or more that both end a
  // line and occur inside one (as in SentencePiece's suffix tree of the sentences), scored
  // frequency x length; EM keeps the pieces the corpus is most likely under.
  UnigramTrainOptions o;
  o.vocab_size = 20;
  o.threads = 1;
  UnigramTrainer trainer(o);
  for (const char* line : {"low low low", "low low lower", "lower newest newest",
                           "newest newest newest", "newest widest widest", "widest"})
    trainer.add_text(line);
  const auto r = trainer.train();
  EXPECT_EQ(r.unique_words, 4u);
  EXPECT_EQ(r.word_occurrences, 16u);
  EXPECT_EQ(r.seed_pieces, 20u);
  std::vector<std::string> top;
  for (std::size_t i = 1; i < 6; ++i) top.push_back(r.model.pieces[i].text);
  // Whole words win; "e" is the most likely character (it is in every word but "low").
  EXPECT_EQ(top, (std::vector<std::string>{"▁newest", "▁low", "▁widest", "e", "▁lower"}));
  // The M step's digamma update: score = digamma(6) - digamma(16) = -(1/6 + 1/7 + ... + 1/15),
  // a little below log(6/16), the maximum-likelihood value (rare pieces lose more).
  double expected = 0;
  for (int k = 6; k < 16; ++k) expected -= 1.0 / k;
  EXPECT_NEAR(r.model.pieces[1].score, expected, 1e-3);
  // One round of two EM iterations: the vocabulary is already below its target, no pruning.
  ASSERT_EQ(r.em.size(), 2u);
  EXPECT_TRUE(r.prunes.empty());
  EXPECT_GT(r.em[1].log_likelihood, r.em[0].log_likelihood);
  const UnigramTokenizer tok(r.model);
  EXPECT_EQ(pieces(tok, "lowest newer"),
            (std::vector<std::string>{"▁low", "e", "s", "t", "▁", "n", "e", "w", "e", "r"}));
  EXPECT_EQ(tok.decode(tok.encode("lowest newer")), "lowest newer");
  // The same words on one line: only "widest" ends it, so "▁newest" and "▁lower" are no seeds
  // ("▁low" still is: "▁lower" shares it), and whole words no longer win.
  UnigramTrainer one_line(o);
  one_line.add_text(kTenWords);
  const auto l = one_line.train();
  EXPECT_EQ(l.seed_pieces, 18u);
  std::vector<std::string> seeds_kept;
  for (const auto& p : l.model.pieces) seeds_kept.push_back(p.text);
  EXPECT_EQ(std::count(seeds_kept.begin(), seeds_kept.end(), "▁newest"), 0);
  EXPECT_EQ(std::count(seeds_kept.begin(), seeds_kept.end(), "▁widest"), 1);
}

std::string sample_text() {
  return slurp(fs::path(AHENK_SAMPLE) / "en" / "shakespeare.txt");
}

TEST(Unigram, EmLikelihoodNeverDecreasesWithinARoundAndPruningRecordsItsLosses) {
  UnigramTrainOptions o;
  o.vocab_size = 1000;
  UnigramTrainer trainer(o);
  trainer.add_text(sample_text());
  const auto r = trainer.train();
  ASSERT_GE(r.prunes.size(), 2u);
  for (std::size_t i = 1; i < r.em.size(); ++i) {
    if (r.em[i].round != r.em[i - 1].round) continue;
    EXPECT_GE(r.em[i].log_likelihood, r.em[i - 1].log_likelihood)
        << "round " << r.em[i].round << " iteration " << r.em[i].iteration;
  }
  for (const auto& p : r.prunes) {
    EXPECT_EQ(p.pieces_before - p.pieces_after, p.removed.size());
    EXPECT_LT(p.pieces_after, p.pieces_before);
  }
  EXPECT_EQ(r.model.pieces.size(), 1000u);
}

UnigramModel small_unigram(bool byte_fallback) {
  UnigramTrainOptions o;
  o.vocab_size = 600;
  o.byte_fallback = byte_fallback;
  o.special_tokens = {"<|endoftext|>"};
  UnigramTrainer trainer(o);
  trainer.add_text(sample_text());
  trainer.add_text("Merhaba dünya, İstanbul'da ılık bir gün. Şu ağaç çok güzel.");
  return trainer.train().model;
}

std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> atoms = {"a",    "Z",      " ",
                                                 "  ",   "\n",     "\r\n",
                                                 "\t",   "ı",      "İ",
                                                 "ğ",    "ş",      "é",
                                                 "ﬁ",    "😀",      "👩‍👩‍👧",
                                                 "中",   "\u2581", "\xFF",
                                                 "\xC3", "\x00",   "<|endoftext|>",
                                                 "The",  "kitap",  "."};
  std::uniform_int_distribution<std::size_t> pick(0, atoms.size() - 1), len(0, 30);
  std::string s;
  for (std::size_t k = len(rng); k > 0; --k) s += atoms[pick(rng)];
  return s;
}

TEST(Unigram, WithByteFallbackEveryTextComesBackAsItsNormalizedForm) {
  const UnigramTokenizer tok(small_unigram(true));
  std::mt19937 rng(7);
  for (int i = 0; i < 400; ++i) {
    const std::string text = random_text(rng);
    EXPECT_EQ(tok.decode(tok.encode(text)), tok.normalize(text)) << i;
    const auto detail = tok.encode_detailed(text);
    EXPECT_EQ(detail.ids, tok.encode(text));
    EXPECT_EQ(detail.normalized, tok.normalize(text));
    ASSERT_EQ(detail.ends.size(), detail.ids.size());
    if (!detail.ends.empty()) {
      EXPECT_EQ(detail.ends.back(), detail.normalized.size()) << i;
    }
  }
  EXPECT_TRUE(tok.encode("").empty());
  EXPECT_EQ(tok.normalize("a\u2581b"), "a b");  // the marker itself reads as a space
  // A valid NFKC file comes back byte for byte.
  const std::string text = sample_text();
  EXPECT_EQ(tok.decode(tok.encode(text)), text);
}

TEST(Unigram, NbestAndSampling) {
  const UnigramTokenizer tok(small_unigram(false));
  const auto best = tok.nbest("Whether 'tis nobler in the mind", 5);
  ASSERT_EQ(best.size(), 5u);
  EXPECT_EQ(best[0].first, tok.encode("Whether 'tis nobler in the mind"));
  for (std::size_t i = 1; i < best.size(); ++i) {
    EXPECT_LE(best[i].second, best[i - 1].second);
    EXPECT_NE(best[i].first, best[i - 1].first);
    EXPECT_EQ(tok.decode(best[i].first), "Whether 'tis nobler in the mind");
  }
  // Sampling: reproducible per seed, lossless, and more varied the smaller alpha.
  const std::string text = "To be, or not to be, that is the question";
  EXPECT_EQ(tok.sample(text, 0.1, 3), tok.sample(text, 0.1, 3));
  std::set<std::vector<std::uint32_t>> flat, sharp;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    const auto s = tok.sample(text, 0.1, seed);
    EXPECT_EQ(tok.decode(s), text);
    flat.insert(s);
    sharp.insert(tok.sample(text, 50.0, seed));
  }
  EXPECT_GT(flat.size(), 10u);
  EXPECT_LE(sharp.size(), 2u);
  EXPECT_TRUE(sharp.count(tok.encode(text)));
}

TEST(Unigram, UnknownCharactersWithoutByteFallbackBecomeOneUnkPerRun) {
  const UnigramTokenizer tok(small_unigram(false));
  const auto ids = tok.encode("a中中中b");
  std::size_t unk = 0;
  for (const auto id : ids) unk += id == tok.unknown_id();
  EXPECT_EQ(unk, 1u);
}

TEST(Unigram, TokenizerJsonRoundTrips) {
  const UnigramTokenizer tok(small_unigram(true));
  const fs::path path =
      fs::temp_directory_path() / ("ahenk-uni-" + std::to_string(::getpid()) + ".json");
  tok.save(path.string());
  const auto loaded = load_tokenizer(path.string());
  EXPECT_STREQ(loaded->kind(), "unigram");
  const std::string text = sample_text() + "\nİstanbul 😀 <|endoftext|> x";
  EXPECT_EQ(loaded->encode(text), tok.encode(text));
  EXPECT_EQ(loaded->vocab_size(), tok.vocab_size());
  fs::remove(path);
}

// Found by the libFuzzer campaign (docs/fuzzing.md): a missing field, an id that is not an
// unsigned integer, or an id far beyond the vocabulary read out of bounds or allocated gigabytes.
TEST(TokenizerJson, MalformedFieldsGiveAClearErrorNamingTheFile) {
  const fs::path path =
      fs::temp_directory_path() / ("ahenk-bad-" + std::to_string(::getpid()) + ".json");
  const std::string bpe_head =
      R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": []},
          "pre_tokenizer": {"type": "ByteLevel"}, )";
  std::vector<std::pair<std::string, std::string>> cases = {
      {bpe_head + R"("added_tokens": [{"id": 2}]})", "content"},
      {bpe_head + R"("added_tokens": [{"id": 2.5, "content": "x"}]})", "token id 2.5"},
      {bpe_head + R"("added_tokens": [{"id": -1, "content": "x"}]})", "token id -1"},
      {bpe_head + R"("added_tokens": [{"id": 4000000000, "content": "x"}]})", "far beyond"},
      {R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 3000000000}, "merges": []},
          "pre_tokenizer": {"type": "ByteLevel"}})",
       "beyond its 2 entries"},
      {R"({"model": {"type": "BPE"}, "pre_tokenizer": {"type": "ByteLevel"}})", "vocab"},
  };
  // A real Unigram file with its unk_id made a float.
  UnigramTokenizer(small_unigram(true)).save(path.string());
  auto uni = nlohmann::json::parse(slurp(path));
  uni["model"]["unk_id"] = 1e30;
  cases.emplace_back(uni.dump(), "token id 1e+30");
  for (const auto& [text, expected] : cases) {
    std::ofstream(path) << text;
    try {
      load_tokenizer(path.string());
      ADD_FAILURE() << "accepted: " << text;
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path.string()), std::string::npos) << what;
      EXPECT_NE(what.find(expected), std::string::npos) << what;
      // A message the workbench translates: a template with the file as its first argument.
      const auto* localizable = dynamic_cast<const Localizable*>(&e);
      ASSERT_NE(localizable, nullptr) << what;
      EXPECT_EQ(std::string(localizable->message().text).rfind("%1: ", 0), 0u) << what;
      ASSERT_FALSE(localizable->message().args.empty());
      EXPECT_EQ(localizable->message().args[0].text, path.string());
    }
  }
  fs::remove(path);
}

TEST(Unigram, RefusesAVocabularyTooSmallForItsAlphabet) {
  UnigramTrainOptions o;
  o.vocab_size = 10;
  UnigramTrainer trainer(o);
  trainer.add_text(sample_text());
  EXPECT_THROW(trainer.train(), std::invalid_argument);
}

// ---- WordPiece ----

TEST(WordPiece, GoldenMergesByLikelihoodScoreOnATenWordCorpus) {
  // Symbols start as "▁l ##o ##w", "▁n ##e ##w ##e ##s ##t", ...: 11 of them. The score
  // count(ab) / (count(a) count(b)) merges the pair whose parts rarely occur apart first: "##i"
  // and "##d" occur only in "widest" (3 times each, together 3 times: 3 / 9).
  WordPieceTrainOptions o;
  o.vocab_size = 1 + 11 + 9;
  WordPieceTrainer trainer(o);
  trainer.add_text(kTenWords);
  const auto r = trainer.train();
  EXPECT_EQ(r.alphabet, 11u);
  std::vector<std::string> made;
  for (const auto& e : r.events) made.push_back(r.model.vocab[e.token]);
  EXPECT_EQ(made, (std::vector<std::string>{"##id", "▁wid", "▁lo", "##st", "▁low", "##est", "##ew",
                                            "##er", "▁new"}));
  ASSERT_EQ(r.events.size(), 9u);
  EXPECT_NEAR(r.events[0].score, 3.0 / 9.0, 1e-12);
  EXPECT_EQ(r.events[3].count, 9u);                   // "##s ##t": newest x6 + widest x3
  EXPECT_NEAR(r.events[3].score, 9.0 / 81.0, 1e-12);  // each part occurs 9 times
  EXPECT_EQ(r.events[0].tokens_before, 79u);
  EXPECT_EQ(r.events.back().tokens_after, 27u);
  const WordPieceTokenizer tok(r.model);
  // Greedy longest match from the left, "##" inside a word.
  EXPECT_EQ(pieces(tok, "lowest newer"),
            (std::vector<std::string>{"▁low", "##est", "▁new", "##er"}));
  EXPECT_EQ(tok.decode(tok.encode("lowest newer")), "lowest newer");
  // A character outside the alphabet makes its whole word [UNK], as in BERT.
  EXPECT_EQ(pieces(tok, "lowest newex"), (std::vector<std::string>{"▁low", "##est", "[UNK]"}));
}

TEST(WordPiece, KnownTextComesBackAsItsNormalizedFormAndJsonRoundTrips) {
  WordPieceTrainOptions o;
  o.vocab_size = 800;
  o.normalizer = Normalizer::from_options("nfkc", "tr");
  o.special_tokens = {"[CLS]", "[SEP]"};
  WordPieceTrainer trainer(o);
  const std::string text = sample_text();
  trainer.add_text(text);
  const WordPieceTokenizer tok(trainer.train().model);
  EXPECT_EQ(tok.decode(tok.encode(text)), tok.normalize(text));
  EXPECT_EQ(tok.normalize("IRAK"), "ırak");
  const auto detail = tok.encode_detailed(text);
  EXPECT_EQ(detail.ends.back(), detail.normalized.size());
  const fs::path path =
      fs::temp_directory_path() / ("ahenk-wp-" + std::to_string(::getpid()) + ".json");
  tok.save(path.string());
  const auto loaded = load_tokenizer(path.string());
  EXPECT_STREQ(loaded->kind(), "wordpiece");
  EXPECT_EQ(loaded->encode(text + "[CLS] x"), tok.encode(text + "[CLS] x"));
  fs::remove(path);
}

}  // namespace
}  // namespace ahenk::tokenize

namespace ahenk::tokenize {
namespace {

// Trainers read a big document in pieces cut at line starts (so a 100 MB file never has all its
// words in memory at once); the pieces give the same counts as the whole.
TEST(Trainers, ABigDocumentCountsAsItsLinesDo) {
  std::string one;
  std::vector<std::string> parts;
  for (int k = 0; k < 7; ++k) {  // 1.4 MB: more than one 1 MB piece
    parts.push_back(sample_text());
    one += parts.back();
  }
  UnigramTrainOptions uo;
  uo.vocab_size = 400;
  UnigramTrainer whole(uo), pieces_trainer(uo);
  whole.add_text(one);
  for (const auto& p : parts) pieces_trainer.add_text(p);
  const auto a = whole.train(), b = pieces_trainer.train();
  ASSERT_EQ(a.model.pieces.size(), b.model.pieces.size());
  for (std::size_t i = 0; i < a.model.pieces.size(); ++i)
    EXPECT_EQ(a.model.pieces[i].text, b.model.pieces[i].text) << i;
  // Each separate document ending in a line break also ends with a lone "▁" word (the marker
  // that would start the next line).
  EXPECT_EQ(a.word_occurrences + parts.size() - 1, b.word_occurrences);
  BpeTrainer bw({.vocab_size = 600, .min_frequency = 2, .pattern = SplitPattern::Gpt4}),
      bp({.vocab_size = 600, .min_frequency = 2, .pattern = SplitPattern::Gpt4});
  bw.add_text(one);
  for (const auto& p : parts) bp.add_text(p);
  EXPECT_EQ(bw.train().model.merges, bp.train().model.merges);
  EXPECT_GT(bw.memory_estimate(), 100000u);
}

// The trainer behind `ahenk tokenizer train` and the Tokenizer page: each model from files, its
// events kept, the file written, sampling under a memory limit said, bad configs refused early.
TEST(TrainTokenizer, TrainsEachModelFromFilesAndKeepsItsEvents) {
  const fs::path dir = fs::temp_directory_path() / "ahenk_train_tokenizer_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "in");
  for (int i = 0; i < 8; ++i)
    std::ofstream(dir / "in" / (std::to_string(i) + ".txt")) << sample_text();
  for (const std::string model : {"bpe", "unigram", "wordpiece"}) {
    TokenizerTrainConfig c;
    c.inputs = {(dir / "in").string()};
    c.model = model;
    c.vocab_size = model == "bpe" ? 400 : 300;
    c.out = (dir / (model + ".json")).string();
    const auto r = train_tokenizer(c);
    ASSERT_NE(r.tokenizer, nullptr) << model;
    EXPECT_STREQ(r.tokenizer->kind(), model.c_str());
    EXPECT_LE(r.tokenizer->vocab_size(), c.vocab_size) << model;
    EXPECT_EQ(load_tokenizer(c.out)->vocab_size(), r.tokenizer->vocab_size()) << model;
    EXPECT_EQ(r.documents_seen, 8u);
    EXPECT_EQ(r.documents_used, 8u);
    EXPECT_TRUE(r.sampling_notice.empty());
    EXPECT_FALSE(r.summary.empty());
    if (model == "bpe") {
      ASSERT_EQ(r.merges.size(), r.tokenizer->vocab_size() - 256);
      const auto curve = bytes_per_token_curve(r.merges);
      ASSERT_EQ(curve.size(), r.merges.size());
      EXPECT_GT(curve.back(), curve.front());
      EXPECT_EQ(r.json["events"].size(), r.merges.size());
    } else if (model == "unigram") {
      EXPECT_FALSE(r.em.empty());
      EXPECT_FALSE(r.prunes.empty());
    } else {
      EXPECT_FALSE(r.wordpiece_merges.empty());
    }
  }
  TokenizerTrainConfig tight;
  tight.inputs = {(dir / "in").string()};
  tight.vocab_size = 400;
  tight.max_memory = 1;  // one byte: only the first document is read
  const auto sampled = train_tokenizer(tight);
  EXPECT_EQ(sampled.documents_used, 1u);
  EXPECT_NE(sampled.sampling_notice.find("1 of 8 documents"), std::string::npos)
      << sampled.sampling_notice;
  TokenizerTrainConfig bad = tight;
  bad.model = "bpe2";
  EXPECT_THROW(train_tokenizer(bad), std::invalid_argument);
  bad = tight;
  bad.vocab_size = 200;
  EXPECT_THROW(train_tokenizer(bad), std::invalid_argument);
  bad = tight;
  bad.inputs.clear();
  EXPECT_THROW(train_tokenizer(bad), std::invalid_argument);
  fs::remove_all(dir);
}

TEST(DisplayToken, ShowsSpacesControlsAndHalfCharactersReadably) {
  EXPECT_EQ(display_token(" the"), "␣the");
  EXPECT_EQ(display_token("a\n\tb"), "a↵⇥b");
  EXPECT_EQ(display_token("ş"), "ş");
  EXPECT_EQ(display_token("\xC5"), "<0xC5>");    // the first half of "ş"
  EXPECT_EQ(display_token("x\x9F"), "x<0x9F>");  // a lone continuation byte
  EXPECT_EQ(display_token(std::string("\0", 1)), "<0x00>");
  EXPECT_EQ(display_token(""), "");
}

TEST(TokenScript, NamesTheScriptOfTheFirstLetterOrTheKindOfCharacter) {
  EXPECT_EQ(token_script("şey"), "Latin");
  EXPECT_EQ(token_script(" the"), "Latin");  // the space before a word is skipped
  EXPECT_EQ(token_script("\u2581\u043c\u0438\u0440"), "Cyrillic");  // "▁мир"
  EXPECT_EQ(token_script("##\u4e16"), "Han");
  EXPECT_EQ(token_script("1984"), "digits");
  EXPECT_EQ(token_script(".,"), "punctuation");
  EXPECT_EQ(token_script(" "), "whitespace");
  EXPECT_EQ(token_script("\n"), "whitespace");
  EXPECT_EQ(token_script("+"), "symbols");
  EXPECT_EQ(token_script("\xC5"), "partial");
  EXPECT_EQ(token_script(""), "empty");
}

}  // namespace
}  // namespace ahenk::tokenize
