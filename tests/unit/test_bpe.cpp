// Byte-level BPE as documentation: a small corpus gives exactly these merges; any bytes survive
// encode/decode; tokenizer.json round-trips.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "ahenk/tokenize/bpe.h"

namespace ahenk::tokenize {
namespace {

std::string token_text(const BpeModel& m, std::uint32_t id) {
  return m.vocab.at(id);
}

TEST(Bpe, GoldenMergesOnATenWordCorpus) {
  // Pre-tokens (GPT-2 split): "low" x1, " low" x4, " lower" x2, " newest" x6, " widest" x3.
  BpeTrainer trainer({.vocab_size = 256 + 6,
                      .min_frequency = 2,
                      .pattern = SplitPattern::Gpt2,
                      .special_tokens = {}});
  trainer.add_text(
      "low low low low low lower lower newest newest newest newest newest newest widest");
  trainer.add_text(" widest widest");
  const auto r = trainer.train();
  ASSERT_EQ(r.model.merges.size(), 6u);
  std::vector<std::string> made;
  for (const auto id : r.model.merge_results) made.push_back(token_text(r.model, id));
  // "es" and "st" both occur 9 times: the tie goes to the pair of smaller ids (e < s).
  // Then " low" and " ne" both occur 6 times; " low" wins because ' ' has the smallest id.
  EXPECT_EQ(made, (std::vector<std::string>{"es", "est", "lo", "low", " n", " low"}));
  const std::vector<std::uint64_t> counts = {9, 9, 7, 7, 6, 6};
  const std::vector<std::uint64_t> tokens = {94, 85, 76, 69, 62, 56, 50};
  for (std::size_t i = 0; i < r.events.size(); ++i) {
    EXPECT_EQ(r.events[i].count, counts[i]) << made[i];
    EXPECT_EQ(r.events[i].tokens_before, tokens[i]) << made[i];
    EXPECT_EQ(r.events[i].tokens_after, tokens[i + 1]) << made[i];
  }
  EXPECT_EQ(r.unique_pretokens, 5u);  // "low", " low", " lower", " newest", " widest"
}

TEST(Bpe, MergeReplayShowsTheSegmentationAtEveryMerge) {
  BpeTrainer trainer({.vocab_size = 256 + 6,
                      .min_frequency = 2,
                      .pattern = SplitPattern::Gpt2,
                      .special_tokens = {}});
  const std::vector<std::string> texts = {
      "low low low low low lower lower newest newest newest newest newest newest widest",
      " widest widest"};
  for (const auto& t : texts) trainer.add_text(t);
  const auto r = trainer.train();
  const BpeTokenizer tok(r.model);
  auto pieces = [&](std::size_t k) {
    const auto enc = tok.encode_at_merge(" lowest", k);
    std::vector<std::string> out;
    for (const auto id : enc.ids) out.push_back(r.model.vocab[id]);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(pieces(0), (V{" ", "l", "o", "w", "e", "s", "t"}));
  EXPECT_EQ(pieces(2), (V{" ", "l", "o", "w", "est"}));  // es, est
  EXPECT_EQ(pieces(4), (V{" ", "low", "est"}));          // lo, low
  EXPECT_EQ(pieces(6), (V{" low", "est"}));              // " n", " low"
  EXPECT_EQ(pieces(100), pieces(6));
  EXPECT_EQ(tok.encode_at_merge(" lowest", 6).ids, tok.encode(" lowest"));
  // Replaying the training text at merge k gives the token count the trainer reported there.
  for (std::size_t k = 0; k <= r.events.size(); ++k) {
    std::uint64_t tokens = 0;
    for (const auto& t : texts) {
      const auto enc = tok.encode_at_merge(t, k);
      tokens += enc.ids.size();
      EXPECT_EQ(tok.decode(enc.ids), t);
      ASSERT_EQ(enc.ends.size(), enc.ids.size());
      EXPECT_EQ(enc.ends.back(), t.size());
    }
    EXPECT_EQ(tokens, k == 0 ? r.events[0].tokens_before : r.events[k - 1].tokens_after) << k;
  }
}

TEST(Bpe, MinFrequencyStopsTraining) {
  BpeTrainer trainer({.vocab_size = 1000,
                      .min_frequency = 3,
                      .pattern = SplitPattern::Gpt2,
                      .special_tokens = {}});
  trainer.add_text("ab ab cd");
  const auto r = trainer.train();
  EXPECT_TRUE(r.model.merges.empty());  // no pair occurs 3 times
  EXPECT_THROW(BpeTrainer({.vocab_size = 100,
                           .min_frequency = 2,
                           .pattern = SplitPattern::Gpt2,
                           .special_tokens = {}}),
               std::invalid_argument);
}

BpeModel small_model(SplitPattern pattern) {
  BpeTrainer trainer({.vocab_size = 600,
                      .min_frequency = 2,
                      .pattern = pattern,
                      .special_tokens = {"<|endoftext|>"}});
  for (int i = 0; i < 20; ++i) {
    trainer.add_text(
        "Herkes, düşünce ve kanaat hürriyetine sahiptir. İstanbul'da ılık bir sabah.\n");
    trainer.add_text("The quick brown fox jumps over the lazy dog; it's 1234 times faster!\n");
  }
  return trainer.train().model;
}

TEST(Bpe, EveryByteStringRoundTrips) {
  for (auto pattern : {SplitPattern::Gpt2, SplitPattern::Gpt4}) {
    const BpeTokenizer tok(small_model(pattern));
    std::mt19937 rng(5);
    const std::vector<std::string> fixed = {"",
                                            "İstanbul'da ılık ğüşöç",
                                            "emoji 👨‍👩‍👧 and 😀",
                                            "tabs\tand\r\nnewlines\n\n",
                                            std::string("invalid \xFF\xFE bytes \xC3 here", 23),
                                            std::string("nul\0inside", 10),
                                            "<|endoftext|>between<|endoftext|>"};
    for (const auto& text : fixed) EXPECT_EQ(tok.decode(tok.encode(text)), text);
    for (int round = 0; round < 200; ++round) {
      std::string bytes(rng() % 64, '\0');
      for (auto& b : bytes) b = char(rng() % 256);
      EXPECT_EQ(tok.decode(tok.encode(bytes)), bytes);
    }
  }
}

TEST(Bpe, SpecialTokensAreMatchedWholeAndCompressionIsReal) {
  const BpeTokenizer tok(small_model(SplitPattern::Gpt2));
  const auto ids = tok.encode("a<|endoftext|>b");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[1], tok.model().special_ids[0]);
  const std::string text = "Herkes, düşünce ve kanaat hürriyetine sahiptir.";
  EXPECT_LT(tok.encode(text).size() * 3, text.size());  // learned merges compress the training text
  EXPECT_THROW(tok.decode({99999}), std::out_of_range);
}

TEST(Bpe, BatchEncodingIsTheSameOnAnyNumberOfThreads) {
  const BpeTokenizer tok(small_model(SplitPattern::Gpt2));
  std::vector<std::string> docs;
  std::mt19937 rng(9);
  for (int i = 0; i < 300; ++i) {
    std::string d;
    for (int w = 0; w < 40; ++w)
      d += (rng() % 3 ? "düşünce " : "the fox ") + std::to_string(rng() % 1000) + " ";
    docs.push_back(d);
  }
  const auto one = tok.encode_batch(docs, 1);
  ASSERT_EQ(one.size(), docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) EXPECT_EQ(one[i], tok.encode(docs[i]));
  EXPECT_EQ(tok.encode_batch(docs, 2), one);
  EXPECT_EQ(tok.encode_batch(docs, 4), one);
  EXPECT_TRUE(tok.encode_batch({}, 2).empty());
  CancelToken cancel;
  cancel.cancel();
  EXPECT_THROW(tok.encode_batch(docs, 2, nullptr, &cancel), Cancelled);
}

TEST(Bpe, TokenizerJsonRoundTripsAndEncodesTheSame) {
  const BpeModel model = small_model(SplitPattern::Gpt4);
  const auto path = (std::filesystem::temp_directory_path() / "ahenk-bpe-test.json").string();
  save_tokenizer_json(model, path);
  const BpeModel loaded = load_tokenizer_json(path);
  std::filesystem::remove(path);
  EXPECT_EQ(loaded.pattern, SplitPattern::Gpt4);
  EXPECT_EQ(loaded.merges, model.merges);
  EXPECT_EQ(loaded.vocab, model.vocab);
  const BpeTokenizer a(model), b(loaded);
  const std::string text = "İstanbul'da 2024 yılında, the quick fox<|endoftext|>!";
  EXPECT_EQ(a.encode(text), b.encode(text));
  EXPECT_EQ(byte_to_unicode(" "), "Ġ");
  EXPECT_EQ(unicode_to_byte("Ġhello"), " hello");
  EXPECT_THROW(load_tokenizer_json("/no/such/tokenizer.json"), std::runtime_error);
}

}  // namespace
}  // namespace ahenk::tokenize
