#include "subject.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/nn/mamba.h"
#include "ahenk/nn/transformer.h"

namespace ahenk::inspect {
namespace fs = std::filesystem;

namespace {

std::string label_of(const Subject& s, std::int32_t id) {
  if (s.tokenizer) {
    if (std::size_t(id) < s.tokenizer->vocab_size())
      return tokenize::display_token(s.tokenizer->token(std::uint32_t(id)));
    return "<" + std::to_string(id) + ">";
  }
  return tokenize::display_token(std::string(1, char(id & 0xff)));
}

std::vector<std::int32_t> encode(const Subject& s, const std::string& text) {
  std::vector<std::int32_t> ids;
  if (s.tokenizer) {
    for (auto id : s.tokenizer->encode(text)) ids.push_back(std::int32_t(id));
  } else {
    for (unsigned char c : text) ids.push_back(c);
  }
  return ids;
}

}  // namespace

Subject load_subject(const std::string& checkpoint_dir, const std::string& prompt) {
  Subject s;
  s.path = checkpoint_dir;
  s.name = fs::path(checkpoint_dir).lexically_normal().filename().string();
  if (s.name.empty() || s.name == ".")
    s.name = fs::absolute(checkpoint_dir).parent_path().filename();
  s.checkpoint = train::load_checkpoint(checkpoint_dir);
  if (!s.checkpoint.tokenizer.empty())
    s.tokenizer = tokenize::load_tokenizer(s.checkpoint.tokenizer);
  set_prompt(s, prompt);
  return s;
}

void set_prompt(Subject& s, const std::string& prompt) {
  auto ids = encode(s, prompt);
  if (ids.empty())
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "the prompt encodes to no tokens; give some text"));
  const auto ctx = std::size_t(s.checkpoint.model->context());
  if (ids.size() > ctx) ids.resize(ctx);
  s.tokens = std::move(ids);
  s.labels.clear();
  for (auto id : s.tokens) s.labels.push_back(label_of(s, id));
}

void count_frequencies(Subject& s, std::size_t max_bytes) {
  std::string text;
  // The training inputs, as state.json names them (a damaged or missing entry: none).
  nlohmann::json inputs = nlohmann::json::array();
  const auto& state = s.checkpoint.state;
  if (state.is_object() && state.contains("data") && state["data"].is_object() &&
      state["data"].contains("inputs") && state["data"]["inputs"].is_array())
    inputs = state["data"]["inputs"];
  for (const auto& input : inputs) {
    if (!input.is_string() || text.size() >= max_bytes) continue;
    std::ifstream in(input.get<std::string>(), std::ios::binary);
    if (!in) continue;
    std::string chunk(max_bytes - text.size(), '\0');
    in.read(chunk.data(), std::streamsize(chunk.size()));
    chunk.resize(std::size_t(in.gcount()));
    text += chunk;
  }
  s.frequency.assign(std::size_t(s.checkpoint.model->vocab_size()), 0.0);
  const auto ids = text.empty() ? s.tokens : encode(s, text);
  for (auto id : ids)
    if (id >= 0 && std::size_t(id) < s.frequency.size()) s.frequency[std::size_t(id)] += 1;
}

std::vector<std::string> vocabulary_labels(const Subject& s) {
  std::vector<std::string> out;
  const auto V = s.checkpoint.model->vocab_size();
  out.reserve(std::size_t(V));
  for (std::int32_t id = 0; id < V; ++id) out.push_back(label_of(s, id));
  return out;
}

EmbeddingView::Data embedding_data(Subject& s) {
  EmbeddingView::Data d;
  const auto& E = nn::token_embeddings(*s.checkpoint.model);
  d.projection = nn::pca(E, 3);
  d.embeddings.assign(E.data(), E.data() + E.numel());
  d.dims = E.dim(1);
  d.tokens = vocabulary_labels(s);
  for (std::int32_t id = 0; id < E.dim(0); ++id) {
    std::string raw;
    if (s.tokenizer && std::size_t(id) < s.tokenizer->vocab_size()) {
      raw = s.tokenizer->token(std::uint32_t(id));
      // Byte-level BPE stores bytes as printable stand-ins; the decoded text tells the script.
      const std::string decoded = s.tokenizer->decode({std::uint32_t(id)});
      if (!decoded.empty()) raw = decoded;
    } else {
      raw = std::string(1, char(id & 0xff));
    }
    d.scripts.push_back(tokenize::token_script(raw));
  }
  d.frequency = s.frequency;
  d.checkpoint = s.name;
  return d;
}

void attach(View& view, Subject& s) {
  nn::LanguageModel& model = *s.checkpoint.model;
  auto* transformer = dynamic_cast<nn::Transformer*>(&model);
  auto* mamba = dynamic_cast<nn::Mamba*>(&model);
  view.set_message("");
  try {
    if (auto* v = dynamic_cast<EmbeddingView*>(&view)) {
      if (s.frequency.empty()) count_frequencies(s);
      v->set_data(embedding_data(s));
    } else if (auto* a = dynamic_cast<AttentionView*>(&view)) {
      a->set_data(nn::capture_attention(model, s.tokens), s.labels);
    } else if (auto* r = dynamic_cast<RopeView*>(&view)) {
      if (transformer == nullptr)
        throw InvalidArgument(QT_TRANSLATE_NOOP("Engine",
                                                "RoPE rotates the queries and keys of attention; "
                                                "this %1 model has none"),
                              {model.arch()});
      r->set_source(
          [&s](const nn::RopeOptions& o) {
            return nn::rope_demo(*s.checkpoint.model, s.tokens, o);
          },
          int(transformer->config().n_layers), int(transformer->config().n_heads),
          transformer->config().rope_theta);
    } else if (auto* sp = dynamic_cast<SpikeView*>(&view)) {
      if (transformer == nullptr || !transformer->config().spiking.enabled)
        throw InvalidArgument(
            QT_TRANSLATE_NOOP("Engine",
                              "the spike raster needs a spiking model; this is a %1 model"),
            {model.arch()});
      sp->set_source(
          [&s](const nn::SpikeOptions& o) {
            return nn::capture_spikes(*s.checkpoint.model, s.tokens, o);
          },
          int(transformer->config().n_layers), s.labels);
    } else if (auto* sc = dynamic_cast<ScanView*>(&view)) {
      if (mamba == nullptr)
        throw InvalidArgument(
            QT_TRANSLATE_NOOP("Engine", "the scan view needs a Mamba model; this is a %1 model"),
            {model.arch()});
      sc->set_source(
          [&s](const nn::ScanOptions& o) {
            return nn::capture_scan(*s.checkpoint.model, s.tokens, o);
          },
          int(mamba->config().n_layers), int(mamba->config().inner()),
          int(mamba->config().d_state));
    }
  } catch (const std::exception& e) {
    view.set_message(describe(e));
  }
}

}  // namespace ahenk::inspect
