// SentencePiece .model files: a protobuf ModelProto, read with a small wire-format reader (the
// fields Ahenk needs; unknown fields are skipped).
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/tokenize/unigram.h"
#include "common.h"

namespace ahenk::tokenize {
namespace {

class Wire {
 public:
  Wire(std::string_view data, const std::string& path) : data_(data), path_(path) {}
  bool done() const { return pos_ >= data_.size(); }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) fail(QT_TRANSLATE_NOOP("Engine", "truncated varint"));
      const auto b = static_cast<unsigned char>(data_[pos_++]);
      v |= std::uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail(QT_TRANSLATE_NOOP("Engine", "varint longer than 10 bytes"));
    return 0;
  }
  std::string_view bytes() {
    const std::uint64_t n = varint();
    if (n > data_.size() - pos_)
      fail(QT_TRANSLATE_NOOP("Engine", "a field runs past the end of the file"));
    const auto out = data_.substr(pos_, std::size_t(n));
    pos_ += std::size_t(n);
    return out;
  }
  float fixed32_float() {
    if (data_.size() - pos_ < 4) fail(QT_TRANSLATE_NOOP("Engine", "truncated float"));
    std::uint32_t bits = 0;
    for (int k = 0; k < 4; ++k)
      bits |= std::uint32_t(static_cast<unsigned char>(data_[pos_ + std::size_t(k)])) << (8 * k);
    pos_ += 4;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  void skip(std::uint32_t wire_type) {
    switch (wire_type) {
      case 0:
        varint();
        break;
      case 1:
        advance(8);
        break;
      case 2:
        bytes();
        break;
      case 5:
        advance(4);
        break;
      default:
        fail(QT_TRANSLATE_NOOP("Engine", "unsupported protobuf wire type %1"),
             {std::to_string(wire_type)});
    }
  }
  [[noreturn]] void fail(const char* what, std::vector<Arg> args = {}) const {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: not a SentencePiece model (%2 at byte %3)"),
                       {path_, Message{what, std::move(args)}, std::to_string(pos_)});
  }

 private:
  void advance(std::size_t n) {
    if (data_.size() - pos_ < n) fail(QT_TRANSLATE_NOOP("Engine", "truncated field"));
    pos_ += n;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
  const std::string& path_;
};

}  // namespace

UnigramModel load_sentencepiece_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open the tokenizer file"), {path});
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Wire top(data, path);
  UnigramModel model;
  int model_type = 1;  // UNIGRAM unless the trainer spec says otherwise
  bool byte_fallback = false, dummy_prefix = true, have_unk = false;
  std::string normalizer_name = "nmt_nfkc";
  while (!top.done()) {
    const std::uint64_t tag = top.varint();
    const auto field = std::uint32_t(tag >> 3), wire_type = std::uint32_t(tag & 7);
    if (field == 1 && wire_type == 2) {  // SentencePiece
      Wire piece(top.bytes(), path);
      UnigramPiece p;
      int type = 1;
      while (!piece.done()) {
        const std::uint64_t t = piece.varint();
        const auto f = std::uint32_t(t >> 3), w = std::uint32_t(t & 7);
        if (f == 1 && w == 2)
          p.text = std::string(piece.bytes());
        else if (f == 2 && w == 5)
          p.score = piece.fixed32_float();
        else if (f == 3 && w == 0)
          type = int(piece.varint());
        else
          piece.skip(w);
      }
      switch (type) {
        case 2:  // UNKNOWN
          p.type = UnigramPiece::Type::Unknown;
          if (!have_unk) model.unk_id = std::uint32_t(model.pieces.size()), have_unk = true;
          break;
        case 3:  // CONTROL (<s>, </s>): never produced from text; kept as special tokens
        case 4:  // USER_DEFINED: matched in the text as a whole
        case 5:  // UNUSED
          p.type = UnigramPiece::Type::Special;
          break;
        case 6:  // BYTE
          p.type = UnigramPiece::Type::Byte;
          break;
        default:
          p.type = UnigramPiece::Type::Normal;
      }
      model.pieces.push_back(std::move(p));
    } else if (field == 2 && wire_type == 2) {  // TrainerSpec
      Wire spec(top.bytes(), path);
      while (!spec.done()) {
        const std::uint64_t t = spec.varint();
        const auto f = std::uint32_t(t >> 3), w = std::uint32_t(t & 7);
        if (f == 3 && w == 0)
          model_type = int(spec.varint());
        else if (f == 35 && w == 0)
          byte_fallback = spec.varint() != 0;
        else
          spec.skip(w);
      }
    } else if (field == 3 && wire_type == 2) {  // NormalizerSpec
      Wire spec(top.bytes(), path);
      while (!spec.done()) {
        const std::uint64_t t = spec.varint();
        const auto f = std::uint32_t(t >> 3), w = std::uint32_t(t & 7);
        if (f == 1 && w == 2)
          normalizer_name = std::string(spec.bytes());
        else if (f == 3 && w == 0)
          dummy_prefix = spec.varint() != 0;
        else
          spec.skip(w);
      }
    } else {
      top.skip(wire_type);
    }
  }
  if (model.pieces.empty()) top.fail(QT_TRANSLATE_NOOP("Engine", "no pieces"));
  if (model_type != 1) {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                         "%1: a SentencePiece %2 model; Ahenk imports "
                                         "SentencePiece Unigram models"),
                       {path, model_type == 2   ? "BPE"
                              : model_type == 3 ? "word"
                                                : "char"});
  }
  if (!have_unk)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine", "%1: the SentencePiece model has no <unk> piece"), {path});
  if (!dummy_prefix) {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                         "%1: the model was trained without the dummy prefix "
                                         "(--add_dummy_prefix=false); Ahenk's Unigram words "
                                         "always have one"),
                       {path});
  }
  model.byte_fallback = byte_fallback;
  if (normalizer_name == "nmt_nfkc" || normalizer_name == "nfkc") {
    model.normalizer = Normalizer::from_options("nfkc", "none");
  } else if (normalizer_name == "identity") {
    model.normalizer = Normalizer();
  } else if (normalizer_name == "nmt_nfkc_cf" || normalizer_name == "nfkc_cf") {
    model.normalizer = Normalizer::from_options("nfkc", "default");
  } else {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine",
                                         "%1: SentencePiece normalization rule '%2' is not one "
                                         "Ahenk knows (nmt_nfkc, nfkc, nmt_nfkc_cf, nfkc_cf, "
                                         "identity)"),
                       {path, normalizer_name});
  }
  return model;
}

}  // namespace ahenk::tokenize
