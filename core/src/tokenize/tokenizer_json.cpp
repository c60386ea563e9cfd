// Hugging Face tokenizer.json for the three models: writing and reading.
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/tokenize/bpe.h"
#include "ahenk/tokenize/unigram.h"
#include "ahenk/tokenize/wordpiece.h"
#include "common.h"

namespace ahenk::tokenize {
namespace {
using Json = nlohmann::ordered_json;

Json added_token(std::uint32_t id, const std::string& content) {
  return detail::added_token_json(id, content);
}

// Appends a key known to be new (ordered_json's operator[] searches the keys: quadratic for a
// 30000-token vocabulary). Keys are in id order, as HF writes them.
void append_new_key(Json& object, std::string key, std::uint32_t id) {
  auto& items = static_cast<std::vector<std::pair<const std::string, Json>>&>(
      object.get_ref<Json::object_t&>());
  items.emplace_back(std::move(key), id);
}

// Reading uses the unordered json type: ordered_json inserts keys in linear time, quadratic for a
// 30000-token vocabulary.
using In = nlohmann::json;

// A field of the file at `path` with a value Ahenk cannot use: `text` is "%1: ..." with the path
// as %1 and `args` from %2 on.
[[noreturn]] void fail(const std::string& path, const char* text, std::vector<Arg> args = {}) {
  args.insert(args.begin(), Arg(path));
  throw RuntimeError(text, std::move(args));
}

// A token id: a non-negative integer that fits 32 bits (a float or a negative number would convert
// with undefined behaviour).
std::uint32_t id_of(const In& v, const std::string& path) {
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() > 0xFFFFFFFFu)
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: token id %2 is not an integer from 0 to 2^32-1"),
         {v.dump()});
  return static_cast<std::uint32_t>(v.get<std::uint64_t>());
}

In read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open the tokenizer file"), {path});
  try {
    return In::parse(in);
  } catch (const std::exception& e) {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: not valid JSON: %2"), {path, e.what()});
  }
}

Json header(const Json& added) {
  Json j;
  j["version"] = "1.0";
  j["truncation"] = nullptr;
  j["padding"] = nullptr;
  j["added_tokens"] = added;
  return j;
}

BpeModel bpe_from_json(const In& j, const std::string& path);

}  // namespace

void save_tokenizer_json(const BpeModel& model, const std::string& path) {
  Json added = Json::array();
  for (std::size_t k = 0; k < model.special_tokens.size(); ++k) {
    added.push_back(added_token(model.special_ids[k], model.special_tokens[k]));
  }
  Json j = header(added);
  j["normalizer"] = model.normalizer.to_json();
  j["pre_tokenizer"] = {
      {"type", "Sequence"},
      {"pretokenizers", Json::array({{{"type", "Split"},
                                      {"pattern", {{"Regex", split_regex(model.pattern)}}},
                                      {"behavior", "Isolated"},
                                      {"invert", false}},
                                     {{"type", "ByteLevel"},
                                      {"add_prefix_space", false},
                                      {"trim_offsets", true},
                                      {"use_regex", false}}})}};
  j["post_processor"] = nullptr;
  j["decoder"] = {{"type", "ByteLevel"},
                  {"add_prefix_space", true},
                  {"trim_offsets", true},
                  {"use_regex", true}};
  Json vocab = Json::object();
  for (std::uint32_t id = 0; id < model.vocab.size(); ++id) {
    const bool special = std::find(model.special_ids.begin(), model.special_ids.end(), id) !=
                         model.special_ids.end();
    append_new_key(vocab, special ? model.vocab[id] : byte_to_unicode(model.vocab[id]), id);
  }
  Json merges = Json::array();
  for (const auto& [a, b] : model.merges) {
    merges.push_back(byte_to_unicode(model.vocab[a]) + " " + byte_to_unicode(model.vocab[b]));
  }
  j["model"] = {{"type", "BPE"},
                {"dropout", nullptr},
                {"unk_token", nullptr},
                {"continuing_subword_prefix", nullptr},
                {"end_of_word_suffix", nullptr},
                {"fuse_unk", false},
                {"byte_fallback", false},
                {"ignore_merges", false},
                {"vocab", vocab},
                {"merges", merges}};
  detail::write_json_file(j, path);
}

BpeModel load_tokenizer_json(const std::string& path) {
  const In j = read_json(path);
  try {
    return bpe_from_json(j, path);
  } catch (const nlohmann::json::exception& e) {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: not a tokenizer.json Ahenk can read (%2)"),
                       {path, e.what()});
  }
}

namespace {

BpeModel bpe_from_json(const In& j, const std::string& path) {
  if (!j.contains("model") || j["model"].value("type", "") != "BPE")
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: model.type is not BPE"));
  BpeModel model;
  try {
    model.normalizer = Normalizer::from_json(j.value("normalizer", In()));
  } catch (const std::exception& e) {
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: %2"), {cause(e)});
  }
  // The split pattern: a Split pre-tokenizer with a known regex, or GPT-2's ByteLevel regex.
  bool found = false;
  const In pre = j.value("pre_tokenizer", In());
  auto consider = [&](const In& p) {
    if (p.value("type", "") == "Split" && p.contains("pattern") && p["pattern"].contains("Regex")) {
      const auto regex = p.at("pattern").at("Regex").get<std::string>();
      for (auto pattern : {SplitPattern::Gpt2, SplitPattern::Gpt4}) {
        if (regex == split_regex(pattern)) model.pattern = pattern, found = true;
      }
      if (!found)
        fail(path, QT_TRANSLATE_NOOP("Engine",
                                     "%1: unsupported split pattern (Ahenk knows the "
                                     "GPT-2 and GPT-4 patterns)"));
    } else if (p.value("type", "") == "ByteLevel" && p.value("use_regex", true) && !found) {
      model.pattern = SplitPattern::Gpt2, found = true;
    }
  };
  if (pre.is_object() && pre.value("type", "") == "Sequence") {
    for (const auto& p : pre.at("pretokenizers")) consider(p);
  } else if (pre.is_object()) {
    consider(pre);
  }
  if (!found)
    fail(path, QT_TRANSLATE_NOOP("Engine",
                                 "%1: the pre-tokenizer is not byte-level BPE with a "
                                 "GPT-2/GPT-4 split"));
  std::unordered_map<std::string, std::uint32_t> ids;
  std::uint32_t max_id = 0;
  for (const auto& [token, id] : j.at("model").at("vocab").items()) {
    ids[token] = id_of(id, path);
    max_id = std::max(max_id, id_of(id, path));
  }
  // Ids are dense in a real file (added tokens may fill gaps); a huge one would allocate
  // gigabytes for nothing.
  const std::size_t added = j.contains("added_tokens") ? j.at("added_tokens").size() : 0;
  if (!ids.empty() && max_id >= ids.size() + added)
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: vocabulary id %2 is beyond its %3 entries"),
         {std::to_string(max_id), std::to_string(ids.size())});
  model.vocab.assign(std::size_t(max_id) + 1, "");
  std::unordered_map<std::uint32_t, bool> special;
  if (j.contains("added_tokens")) {
    for (const auto& t : j.at("added_tokens")) {
      const auto id = id_of(t.at("id"), path);
      model.special_ids.push_back(id);
      model.special_tokens.push_back(t.at("content").get<std::string>());
      special[id] = true;
      if (id > ids.size() + model.special_ids.size())
        fail(path,
             QT_TRANSLATE_NOOP("Engine", "%1: added token id %2 lies far beyond the vocabulary"),
             {std::to_string(id)});
      if (id >= model.vocab.size()) model.vocab.resize(id + 1);
      model.vocab[id] = t.at("content").get<std::string>();
    }
  }
  for (const auto& [token, id] : ids) {
    if (special.count(id)) continue;
    try {
      model.vocab[id] = unicode_to_byte(token);
    } catch (const std::invalid_argument& e) {
      fail(path, QT_TRANSLATE_NOOP("Engine", "%1: vocabulary: %2"), {cause(e)});
    }
  }
  for (const auto& m : j.at("model").at("merges")) {
    std::string left, right;
    if (m.is_string()) {
      const auto s = m.get<std::string>();
      const auto space = s.find(' ');
      if (space == std::string::npos)
        fail(path, QT_TRANSLATE_NOOP("Engine", "%1: merge without a space: '%2'"), {s});
      left = s.substr(0, space), right = s.substr(space + 1);
    } else if (m.is_array() && m.size() == 2) {
      left = m[0].get<std::string>(), right = m[1].get<std::string>();
    } else {
      fail(path, QT_TRANSLATE_NOOP("Engine", "%1: a merge is neither \"a b\" nor [\"a\", \"b\"]"));
    }
    auto a = ids.find(left), b = ids.find(right), c = ids.find(left + right);
    if (a == ids.end() || b == ids.end() || c == ids.end())
      fail(path, QT_TRANSLATE_NOOP("Engine", "%1: merge '%2 %3' uses unknown tokens"),
           {left, right});
    model.merges.emplace_back(a->second, b->second);
    model.merge_results.push_back(c->second);
  }
  return model;
}

}  // namespace

// ---- Unigram ----

void UnigramTokenizer::save(const std::string& path) const {
  Json added = Json::array();
  Json vocab = Json::array();
  for (std::uint32_t id = 0; id < model_.pieces.size(); ++id) {
    const auto& p = model_.pieces[id];
    if (p.type == UnigramPiece::Type::Special) added.push_back(added_token(id, p.text));
    vocab.push_back(Json::array({p.text, p.score}));
  }
  Json j = header(added);
  j["normalizer"] = detail::metaspace_normalizer_json(model_.normalizer);
  j["pre_tokenizer"] = detail::metaspace_pretokenizer_json(false);
  j["post_processor"] = nullptr;
  j["decoder"] = {
      {"type", "Sequence"},
      {"decoders",
       Json::array({{{"type", "Replace"},
                     {"pattern", {{"String", std::string(detail::kMeta)}}},
                     {"content", " "}},
                    {{"type", "ByteFallback"}},
                    {{"type", "Fuse"}},
                    detail::line_start_decoder_json(),
                    {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}})}};
  j["model"] = {{"type", "Unigram"},
                {"unk_id", model_.unk_id},
                {"vocab", vocab},
                {"byte_fallback", model_.byte_fallback}};
  detail::write_json_file(j, path);
}

namespace {

// The normalizer and pre-tokenizer of a Unigram or WordPiece file: Ahenk's "▁" words only.
Normalizer metaspace_pipeline(const In& j, const std::string& path, bool isolate_punctuation) {
  Normalizer normalizer;
  try {
    normalizer = Normalizer::from_json(j.value("normalizer", In()));
  } catch (const std::exception& e) {
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: %2"), {cause(e)});
  }
  if (!detail::from_hf_metaspace(normalizer) ||
      !detail::is_metaspace_pretokenizer(j.value("pre_tokenizer", In()), isolate_punctuation)) {
    fail(path,
         QT_TRANSLATE_NOOP("Engine",
                           "%1: Ahenk reads Unigram and WordPiece files whose normalizer ends "
                           "with Replace(' ', '▁'), Replace('\\n', '\\n▁') and "
                           "Prepend('▁') and whose pre-tokenizer is the Split of ▁-words, as "
                           "Ahenk writes them (see docs/tokenizers.md)"));
  }
  return normalizer;
}

UnigramModel unigram_from_json(const In& j, const std::string& path) {
  UnigramModel model;
  model.normalizer = metaspace_pipeline(j, path, false);
  const auto& m = j.at("model");
  model.byte_fallback = m.value("byte_fallback", false);
  if (!m.contains("unk_id") || m["unk_id"].is_null())
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: Unigram model without unk_id"));
  model.unk_id = id_of(m["unk_id"], path);
  for (const auto& entry : m.at("vocab")) {
    if (!entry.is_array() || entry.size() != 2)
      fail(path,
           QT_TRANSLATE_NOOP("Engine", "%1: a Unigram vocabulary entry is not [piece, score]"));
    UnigramPiece p{entry[0].get<std::string>(), entry[1].get<double>(), UnigramPiece::Type::Normal};
    if (model.byte_fallback && detail::parse_byte_piece(p.text) >= 0)
      p.type = UnigramPiece::Type::Byte;
    model.pieces.push_back(std::move(p));
  }
  if (model.unk_id >= model.pieces.size())
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: unk_id is outside the vocabulary"));
  model.pieces[model.unk_id].type = UnigramPiece::Type::Unknown;
  for (const auto& t : j.value("added_tokens", In::array())) {
    const auto id = id_of(t.at("id"), path);
    if (id >= model.pieces.size())
      fail(path, QT_TRANSLATE_NOOP("Engine", "%1: added token %2 is outside the vocabulary"),
           {std::to_string(id)});
    if (id != model.unk_id) model.pieces[id].type = UnigramPiece::Type::Special;
  }
  return model;
}

}  // namespace

// ---- WordPiece ----

void WordPieceTokenizer::save(const std::string& path) const {
  Json added = Json::array();
  for (const auto id : model_.special_ids) added.push_back(added_token(id, model_.vocab[id]));
  Json j = header(added);
  j["normalizer"] = detail::metaspace_normalizer_json(model_.normalizer);
  j["pre_tokenizer"] = detail::metaspace_pretokenizer_json(true);
  j["post_processor"] = nullptr;
  j["decoder"] = {
      {"type", "Sequence"},
      {"decoders",
       Json::array({{{"type", "WordPiece"}, {"prefix", model_.prefix}, {"cleanup", false}},
                    {{"type", "Replace"},
                     {"pattern", {{"String", std::string(detail::kMeta)}}},
                     {"content", " "}},
                    {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}},
                    {{"type", "Fuse"}},
                    detail::line_start_decoder_json()})}};
  Json vocab = Json::object();
  for (std::uint32_t id = 0; id < model_.vocab.size(); ++id)
    append_new_key(vocab, model_.vocab[id], id);
  j["model"] = {{"type", "WordPiece"},
                {"unk_token", model_.vocab[model_.unk_id]},
                {"continuing_subword_prefix", model_.prefix},
                {"max_input_chars_per_word", model_.max_input_chars_per_word},
                {"vocab", vocab}};
  detail::write_json_file(j, path);
}

namespace {

WordPieceModel wordpiece_from_json(const In& j, const std::string& path) {
  WordPieceModel model;
  model.normalizer = metaspace_pipeline(j, path, true);
  const auto& m = j.at("model");
  model.prefix = m.value("continuing_subword_prefix", std::string("##"));
  if (m.contains("max_input_chars_per_word"))
    model.max_input_chars_per_word = id_of(m["max_input_chars_per_word"], path);
  std::uint32_t max_id = 0;
  for (const auto& [piece, id] : m.at("vocab").items()) max_id = std::max(max_id, id_of(id, path));
  if (max_id >= m.at("vocab").size())
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: vocabulary id %2 is beyond its %3 entries"),
         {std::to_string(max_id), std::to_string(m.at("vocab").size())});
  model.vocab.assign(std::size_t(max_id) + 1, "");
  std::vector<char> seen(model.vocab.size(), 0);
  for (const auto& [piece, id] : m.at("vocab").items()) {
    model.vocab[id_of(id, path)] = piece;
    seen[id_of(id, path)] = 1;
  }
  for (std::size_t id = 0; id < seen.size(); ++id)
    if (!seen[id])
      fail(path,
           QT_TRANSLATE_NOOP("Engine", "%1: the WordPiece vocabulary has no token with id %2"),
           {std::to_string(id)});
  const std::string unk = m.value("unk_token", std::string("[UNK]"));
  bool found = false;
  for (std::uint32_t id = 0; id < model.vocab.size(); ++id)
    if (model.vocab[id] == unk) model.unk_id = id, found = true;
  if (!found)
    fail(path, QT_TRANSLATE_NOOP("Engine", "%1: the unknown token '%2' is not in the vocabulary"),
         {unk});
  for (const auto& t : j.value("added_tokens", In::array())) {
    const auto id = id_of(t.at("id"), path);
    if (id >= model.vocab.size())
      fail(path, QT_TRANSLATE_NOOP("Engine", "%1: added token %2 is outside the vocabulary"),
           {std::to_string(id)});
    model.special_ids.push_back(id);
  }
  return model;
}

}  // namespace

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& path) {
  {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open the tokenizer file"), {path});
    char first = 0;
    in >> std::ws;
    in.get(first);
    if (first != '{') return std::make_unique<UnigramTokenizer>(load_sentencepiece_model(path));
  }
  const In j = read_json(path);
  std::string type;
  try {
    type = j.contains("model") ? j["model"].value("type", "") : "";
    if (type == "BPE") return std::make_unique<BpeTokenizer>(bpe_from_json(j, path));
    if (type == "Unigram") return std::make_unique<UnigramTokenizer>(unigram_from_json(j, path));
    if (type == "WordPiece")
      return std::make_unique<WordPieceTokenizer>(wordpiece_from_json(j, path));
  } catch (const nlohmann::json::exception& e) {
    // A missing field or a value of the wrong type: name the file and what JSON says.
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: not a tokenizer.json Ahenk can read (%2)"),
                       {path, e.what()});
  }
  throw RuntimeError(
      QT_TRANSLATE_NOOP("Engine",
                        "%1: model.type '%2' is not one Ahenk reads (BPE, Unigram or WordPiece)"),
      {path, type});
}

}  // namespace ahenk::tokenize
