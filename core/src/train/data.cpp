// Loading and sampling training data.
#include "ahenk/train/data.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/tokenize/token_stream.h"
#include "ahenk/tokenize/tokenizer.h"

namespace ahenk::train {

namespace {

bool is_token_stream(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::int32_t magic = 0;
  in.read(reinterpret_cast<char*>(&magic), sizeof magic);
  return in.gcount() == sizeof magic && magic == tokenize::kTokenStreamMagic;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine", "%1: cannot open (does it exist and is it readable?)"), {path});
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where to cut text so about `fraction` of it is held out: the first line break after the exact
// cut (or the exact cut, moved back to a UTF-8 character start, when there is none nearby).
std::size_t cut_point(const std::string& text, double fraction) {
  std::size_t cut = static_cast<std::size_t>(double(text.size()) * (1.0 - fraction));
  std::size_t newline = text.find('\n', cut);
  if (newline != std::string::npos && newline - cut < 4096) return newline + 1;
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return cut;
}

void append(std::vector<std::int32_t>& out, const std::vector<std::uint32_t>& ids) {
  for (auto id : ids) out.push_back(static_cast<std::int32_t>(id));
}

}  // namespace

TrainingData load_training_data(const std::vector<std::string>& inputs,
                                const std::string& tokenizer, double val_fraction) {
  if (inputs.empty()) throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "no training data given"));
  if (!(val_fraction >= 0.0 && val_fraction < 1.0))
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "val_fraction must be in [0, 1)"));
  TrainingData data;
  data.inputs = inputs;
  std::unique_ptr<tokenize::Tokenizer> tok;
  if (!tokenizer.empty()) tok = tokenize::load_tokenizer(tokenizer);
  bool any_tokens = false, any_text = false;
  for (const auto& path : inputs) (is_token_stream(path) ? any_tokens : any_text) = true;
  if (any_tokens && any_text)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "mix of token files and text files: give one kind (encode the text "
                          "with 'ahenk tokenizer encode' first, or pass the text "
                          "only)"));
  if (any_tokens) {
    data.source = "tokens";
    std::vector<std::int32_t> all;
    for (const auto& path : inputs) append(all, tokenize::read_token_stream(path));
    std::size_t split = static_cast<std::size_t>(double(all.size()) * (1.0 - val_fraction));
    data.train.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(split));
    data.val.assign(all.begin() + static_cast<std::ptrdiff_t>(split), all.end());
    if (tok) {
      std::vector<std::uint32_t> ids(data.val.begin(), data.val.end());
      data.val_bytes = tok->decode(ids).size();
    }
  } else {
    data.source = tok ? "text+tokenizer" : "bytes";
    std::string train_text, val_text;
    for (const auto& path : inputs) {
      std::string text = read_file(path);
      std::size_t cut = cut_point(text, val_fraction);
      train_text += text.substr(0, cut);
      val_text += text.substr(cut);
    }
    if (tok) {
      append(data.train, tok->encode(train_text));
      append(data.val, tok->encode(val_text));
      data.val_bytes = val_text.size();
    } else {
      for (unsigned char c : train_text) data.train.push_back(c);
      for (unsigned char c : val_text) data.val.push_back(c);
      data.val_bytes = val_text.size();
    }
  }
  for (auto id : data.train) data.max_token = std::max<std::int64_t>(data.max_token, id);
  for (auto id : data.val) data.max_token = std::max<std::int64_t>(data.max_token, id);
  return data;
}

void WindowSampler::sample(const std::vector<std::int32_t>& data, std::int64_t B, std::int64_t T,
                           std::int32_t* tokens, std::int32_t* targets) {
  if (static_cast<std::int64_t>(data.size()) < T + 1)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "the data hold %1 tokens, fewer than one window of ctx + 1 = %2 (use "
                          "more text or a smaller ctx)"),
        {std::to_string(data.size()), std::to_string(T + 1)});
  std::uniform_int_distribution<std::int64_t> start(0,
                                                    static_cast<std::int64_t>(data.size()) - T - 1);
  for (std::int64_t b = 0; b < B; ++b) {
    std::int64_t s = start(rng_);
    std::copy(data.begin() + s, data.begin() + s + T, tokens + b * T);
    std::copy(data.begin() + s + 1, data.begin() + s + T + 1, targets + b * T);
  }
}

std::string WindowSampler::state() const {
  std::ostringstream s;
  s << rng_;
  return s.str();
}

void WindowSampler::set_state(const std::string& state) {
  std::istringstream s(state);
  s >> rng_;
  if (!s)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "corrupt data-sampler state in the checkpoint"));
}

}  // namespace ahenk::train
