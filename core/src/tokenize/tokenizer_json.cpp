// Hugging Face tokenizer.json for byte-level BPE: writing and reading.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ahenk/tokenize/bpe.h"

namespace ahenk::tokenize {
namespace {
using Json = nlohmann::ordered_json;

Json added_token(std::uint32_t id, const std::string& content) {
  return {{"id", id},        {"content", content},  {"single_word", false}, {"lstrip", false},
          {"rstrip", false}, {"normalized", false}, {"special", true}};
}

}  // namespace

void save_tokenizer_json(const BpeModel& model, const std::string& path) {
  Json j;
  j["version"] = "1.0";
  j["truncation"] = nullptr;
  j["padding"] = nullptr;
  Json added = Json::array();
  for (std::size_t k = 0; k < model.special_tokens.size(); ++k) {
    added.push_back(added_token(model.special_ids[k], model.special_tokens[k]));
  }
  j["added_tokens"] = added;
  j["normalizer"] = nullptr;
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
    vocab[special ? model.vocab[id] : byte_to_unicode(model.vocab[id])] = id;
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
  const std::filesystem::path final_path(path);
  const auto partial = final_path.string() + ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(partial);
    if (!out) throw std::runtime_error(path + ": cannot write (check the folder)");
    out << j.dump(2, ' ', false, Json::error_handler_t::strict) << '\n';
    if (!out) throw std::runtime_error(path + ": write failed");
  }
  std::filesystem::rename(partial, final_path);
}

BpeModel load_tokenizer_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the tokenizer file");
  Json j;
  try {
    j = Json::parse(in);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not valid JSON: " + std::string(e.what()));
  }
  auto fail = [&](const std::string& what) { throw std::runtime_error(path + ": " + what); };
  if (!j.contains("model") || j["model"].value("type", "") != "BPE") fail("model.type is not BPE");
  BpeModel model;
  // The split pattern: a Split pre-tokenizer with a known regex, or GPT-2's ByteLevel regex.
  bool found = false;
  const auto& pre = j["pre_tokenizer"];
  auto consider = [&](const Json& p) {
    if (p.value("type", "") == "Split" && p.contains("pattern") && p["pattern"].contains("Regex")) {
      const auto regex = p["pattern"]["Regex"].get<std::string>();
      for (auto pattern : {SplitPattern::Gpt2, SplitPattern::Gpt4}) {
        if (regex == split_regex(pattern)) model.pattern = pattern, found = true;
      }
      if (!found) fail("unsupported split pattern (Ahenk knows the GPT-2 and GPT-4 patterns)");
    } else if (p.value("type", "") == "ByteLevel" && p.value("use_regex", true) && !found) {
      model.pattern = SplitPattern::Gpt2, found = true;
    }
  };
  if (pre.is_object() && pre.value("type", "") == "Sequence") {
    for (const auto& p : pre["pretokenizers"]) consider(p);
  } else if (pre.is_object()) {
    consider(pre);
  }
  if (!found) fail("the pre-tokenizer is not byte-level BPE with a GPT-2/GPT-4 split");
  std::unordered_map<std::string, std::uint32_t> ids;
  std::uint32_t max_id = 0;
  for (const auto& [token, id] : j["model"]["vocab"].items()) {
    ids[token] = id.get<std::uint32_t>();
    max_id = std::max(max_id, id.get<std::uint32_t>());
  }
  model.vocab.assign(std::size_t(max_id) + 1, "");
  std::unordered_map<std::uint32_t, bool> special;
  if (j.contains("added_tokens")) {
    for (const auto& t : j["added_tokens"]) {
      const auto id = t["id"].get<std::uint32_t>();
      model.special_ids.push_back(id);
      model.special_tokens.push_back(t["content"].get<std::string>());
      special[id] = true;
      if (id >= model.vocab.size()) model.vocab.resize(id + 1);
      model.vocab[id] = t["content"].get<std::string>();
    }
  }
  for (const auto& [token, id] : ids) {
    if (special.count(id)) continue;
    try {
      model.vocab[id] = unicode_to_byte(token);
    } catch (const std::invalid_argument& e) {
      fail(std::string("vocabulary: ") + e.what());
    }
  }
  for (const auto& m : j["model"]["merges"]) {
    std::string left, right;
    if (m.is_string()) {
      const auto s = m.get<std::string>();
      const auto space = s.find(' ');
      if (space == std::string::npos) fail("merge without a space: '" + s + "'");
      left = s.substr(0, space), right = s.substr(space + 1);
    } else if (m.is_array() && m.size() == 2) {
      left = m[0].get<std::string>(), right = m[1].get<std::string>();
    } else {
      fail("a merge is neither \"a b\" nor [\"a\", \"b\"]");
    }
    auto a = ids.find(left), b = ids.find(right), c = ids.find(left + right);
    if (a == ids.end() || b == ids.end() || c == ids.end())
      fail("merge '" + left + " " + right + "' uses unknown tokens");
    model.merges.emplace_back(a->second, b->second);
    model.merge_results.push_back(c->second);
  }
  return model;
}

}  // namespace ahenk::tokenize
