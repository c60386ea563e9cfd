// Helpers shared by the model families (internal): parameters, initialisers and the strict reading
// of a model spec (unknown keys and wrong types are errors naming the field).
#pragma once

#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>

#include "ahenk/message.h"
#include "ahenk/tensor/autograd.h"
#include "ahenk/tensor/reference.h"

namespace ahenk::nn::detail {

using tensor::Index;

inline tensor::Parameter make_parameter(std::string name, const tensor::Shape& shape, bool decay) {
  tensor::Parameter p;
  p.name = std::move(name);
  p.value = tensor::Tensor::zeros(shape);
  p.grad = tensor::Tensor::zeros(shape);
  p.decay = decay;
  return p;
}

inline void fill_normal(tensor::Tensor& t, float std, std::mt19937_64& rng) {
  std::normal_distribution<float> normal(0.0f, std);
  float* d = t.data();
  for (Index i = 0; i < t.numel(); ++i) d[i] = normal(rng);
}

inline void fill_uniform(tensor::Tensor& t, float bound, std::mt19937_64& rng) {
  std::uniform_real_distribution<float> uniform(-bound, bound);
  float* d = t.data();
  for (Index i = 0; i < t.numel(); ++i) d[i] = uniform(rng);
}

// Reads a spec object key by key: each known key has a handler; any other key is an error that
// lists the known ones. The handlers get typed accessors that name the field on a type error.
class SpecReader {
 public:
  SpecReader(const nlohmann::json& j, std::string arch) : j_(j), arch_(std::move(arch)) {
    if (!j.is_object())
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model spec must be a JSON object"));
  }
  void integer(const char* key, Index& out) {
    handlers_[key] = [key, &out](const nlohmann::json& v) {
      if (!v.is_number_integer())
        throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.%1 must be an integer"), {key});
      out = v.get<Index>();
    };
  }
  template <class Float>
  void number(const char* key, Float& out) {
    handlers_[key] = [key, &out](const nlohmann::json& v) {
      if (!v.is_number())
        throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.%1 must be a number"), {key});
      out = static_cast<Float>(v.get<double>());
    };
  }
  void boolean(const char* key, bool& out) {
    handlers_[key] = [key, &out](const nlohmann::json& v) {
      if (!v.is_boolean())
        throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.%1 must be true or false"), {key});
      out = v.get<bool>();
    };
  }
  // One of `choices` (strings), stored as its index.
  template <class Enum>
  void choice(const char* key, Enum& out, std::vector<std::string> choices) {
    handlers_[key] = [key, &out, choices](const nlohmann::json& v) {
      for (std::size_t i = 0; i < choices.size(); ++i)
        if (v.is_string() && v.get<std::string>() == choices[i]) {
          out = static_cast<Enum>(i);
          return;
        }
      std::string list;
      for (const auto& c : choices) list += (list.empty() ? "" : ", ") + ("\"" + c + "\"");
      throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.%1 must be one of %2"), {key, list});
    };
  }
  void read() {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (it.key() == "arch") {
        if (it.value() != arch_)
          throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.arch is not \"%1\""), {arch_});
        continue;
      }
      auto h = handlers_.find(it.key());
      if (h == handlers_.end()) {
        std::string known;
        for (const auto& [k, _] : handlers_) known += (known.empty() ? "" : " ") + k;
        throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "unknown %1 setting \"%2\" (known: %3)"),
                              {arch_, it.key(), known});
      }
      h->second(it.value());
    }
  }

 private:
  const nlohmann::json& j_;
  std::string arch_;
  std::map<std::string, std::function<void(const nlohmann::json&)>> handlers_;
};

inline void require_positive(Index v, const char* name) {
  if (v <= 0)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.%1 must be positive"), {name});
}

// The model input check every family shares.
inline void check_tokens(const std::int32_t* tokens, Index N, Index vocab) {
  for (Index n = 0; n < N; ++n)
    if (tokens[n] < 0 || tokens[n] >= vocab)
      throw EngineError<std::out_of_range>(
          QT_TRANSLATE_NOOP("Engine", "token id %1 at position %2 is outside the vocabulary (%3)"),
          {std::to_string(tokens[n]), std::to_string(n), std::to_string(vocab)});
}

// y = W x for a weight W (out, in) during generation: f32, or a bfloat16 copy made once (half the
// bytes streamed per token; see LanguageModel::start_generation).
class Projector {
 public:
  explicit Projector(tensor::Backend& backend) : be_(backend) {}
  void keep_bf16(const tensor::Parameter* w) {
    auto& copy = bf16_[w];
    copy.resize(static_cast<std::size_t>(w->value.numel()));
    for (std::size_t i = 0; i < copy.size(); ++i)
      copy[i] = tensor::reference::float_to_bf16(w->value.data()[i]);
  }
  void operator()(float* y, const tensor::Parameter* w, const float* x) {
    const Index N = w->value.dim(0), K = w->value.dim(1);
    auto it = bf16_.find(w);
    if (it != bf16_.end())
      be_.gemv_bf16(y, it->second.data(), x, N, K);
    else
      be_.gemm(false, true, 1, N, K, 1.0f, x, K, w->value.data(), K, 0.0f, y, N);
  }
  tensor::Backend& backend() { return be_; }

 private:
  tensor::Backend& be_;
  std::map<const tensor::Parameter*, std::vector<std::uint16_t>> bf16_;
};

}  // namespace ahenk::nn::detail
