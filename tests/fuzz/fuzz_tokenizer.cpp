// A tokenizer file (Hugging Face tokenizer.json, or a SentencePiece .model when it does not start
// with '{') from untrusted bytes: load_tokenizer gives a tokenizer or a clear std::exception; a
// tokenizer that loads encodes and decodes without crashing.
#include <cstdlib>

#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/tokenizer.h"
#include "ahenk/tokenize/unigram.h"
#include "ahenk/tokenize/wordpiece.h"
#include "fuzz_support.h"

using namespace ahenk::tokenize;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = ahenk::fuzz::write_input("tokenizer.json", data, size);
  std::unique_ptr<Tokenizer> tok;
  try {
    tok = load_tokenizer(path.string());
  } catch (const std::exception&) {
    return 0;
  }
  static const char* const kTexts[] = {"Merhaba dünya! İstanbul'da 2026.", "a\xff\xfe b\r\n\t",
                                       "   ", "<|endoftext|>[CLS]x"};
  for (const char* text : kTexts) {
    try {
      const auto ids = tok->encode(text);
      for (auto id : ids)
        if (id >= tok->vocab_size()) std::abort();  // encode made an id outside the vocabulary
      (void)tok->decode(ids);
      (void)tok->encode_detailed(text);
    } catch (const std::exception&) {
    }
  }
  for (std::uint32_t id = 0; id < tok->vocab_size() && id < 64; ++id) (void)tok->token(id);
  (void)tok->describe();
  return 0;
}

std::vector<std::string> ahenk_fuzz_seeds() {
  const auto dir = ahenk::fuzz::scratch() / "seeds";
  std::filesystem::create_directories(dir);
  const char* const text =
      "the quick brown fox jumps over the lazy dog. Kedi mırladı, İstanbul'a gitti. "
      "the quick brown fox again and again; ıı İİ ğüşöç 12345 12345";
  std::vector<std::string> seeds;
  {
    BpeTrainer trainer(
        {.vocab_size = 256 + 30, .min_frequency = 1, .special_tokens = {"<|endoftext|>"}});
    for (int i = 0; i < 3; ++i) trainer.add_text(text);
    BpeTokenizer(trainer.train().model).save((dir / "bpe.json").string());
    seeds.push_back(ahenk::fuzz::read_bytes(dir / "bpe.json"));
  }
  {
    UnigramTrainer trainer({.vocab_size = 60});
    for (int i = 0; i < 3; ++i) trainer.add_text(text);
    UnigramTokenizer(trainer.train().model).save((dir / "unigram.json").string());
    seeds.push_back(ahenk::fuzz::read_bytes(dir / "unigram.json"));
  }
  {
    WordPieceTrainer trainer({.vocab_size = 80, .min_frequency = 1, .special_tokens = {"[CLS]"}});
    for (int i = 0; i < 3; ++i) trainer.add_text(text);
    WordPieceTokenizer(trainer.train().model).save((dir / "wordpiece.json").string());
    seeds.push_back(ahenk::fuzz::read_bytes(dir / "wordpiece.json"));
  }
  std::filesystem::remove_all(dir);
  return seeds;
}
