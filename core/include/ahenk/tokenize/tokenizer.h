// The tokenizer interface the CLI, the comparison and the GUI use for all three models
// (byte-level BPE, Unigram LM, WordPiece), and loading any of them from a file.
//
//   auto tok = ahenk::tokenize::load_tokenizer("tokenizer.json");  // or a SentencePiece .model
//   auto ids = tok->encode("Merhaba dünya");
//   tok->decode(ids) == tok->normalize("Merhaba dünya");         // lossless up to normalization
//   auto detail = tok->encode_detailed(text);  // ids + where each token ends in detail.normalized
//
// Threading: encode, decode and normalize may be called from several threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ahenk/progress.h"

namespace ahenk::tokenize {

inline constexpr std::uint32_t kNoToken = 0xFFFFFFFFu;

struct Encoding {
  std::vector<std::uint32_t> ids;
  std::string normalized;           // normalize(text): what decode(ids) gives back
  std::vector<std::uint32_t> ends;  // per token: byte offset in `normalized` where it ends
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual const char* kind() const = 0;  // "bpe", "unigram" or "wordpiece"
  // The text the tokens stand for (the normalizer's output; the text itself when there is none).
  virtual std::string normalize(std::string_view text) const = 0;
  virtual std::vector<std::uint32_t> encode(std::string_view text) const = 0;
  virtual Encoding encode_detailed(std::string_view text) const = 0;
  // Throws std::out_of_range on an id outside the vocabulary.
  virtual std::string decode(const std::vector<std::uint32_t>& ids) const = 0;
  virtual std::size_t vocab_size() const = 0;
  // The vocabulary entry as the model stores it, readable (bytes of byte-level BPE as they are,
  // "▁word", "##ing", "<0xC4>").
  virtual std::string token(std::uint32_t id) const = 0;
  // The id of the unknown token, or kNoToken when the model has none (byte-level BPE).
  virtual std::uint32_t unknown_id() const { return kNoToken; }
  virtual bool is_special(std::uint32_t id) const = 0;
  // A one-line description: model, vocabulary, normalizer, pre-tokenizer.
  virtual std::string describe() const = 0;
  // Hugging Face tokenizer.json, written to a temporary name and renamed.
  virtual void save(const std::string& path) const = 0;

  // Encodes documents on `threads` threads (0: one per core); results in document order, the same
  // for any number of threads. `progress` counts documents.
  std::vector<std::vector<std::uint32_t>> encode_batch(const std::vector<std::string>& documents,
                                                       unsigned threads = 0,
                                                       ProgressSink* progress = nullptr,
                                                       const CancelToken* cancel = nullptr) const;
};

// A token's bytes made readable for a table or a tooltip: space as "␣", line feed as "↵", tab as
// "⇥", other control characters and bytes that are not valid UTF-8 (half a character, which
// byte-level tokens often are) as "<0xHH>"; everything else as it is.
std::string display_token(std::string_view bytes);

// What kind of text a token is, for colouring a vocabulary: the ICU script name of its first letter
// ("Latin", "Cyrillic", "Han", ...), else "digits", "punctuation", "whitespace" or "symbols" by its
// first character, "partial" for bytes that are not whole UTF-8 characters, "empty" for none.
// Special tokens and markers ("▁", "##", "Ġ") are skipped before the first letter is looked for.
std::string token_script(std::string_view bytes);

// Reads a Hugging Face tokenizer.json (BPE, Unigram or WordPiece model) or a SentencePiece
// .model (Unigram). Throws std::runtime_error naming the file and the part it cannot use.
std::unique_ptr<Tokenizer> load_tokenizer(const std::string& path);

}  // namespace ahenk::tokenize
