// The model factory and what every family shares.
#include "ahenk/nn/model.h"

#include <stdexcept>

#include "ahenk/message.h"
#include "ahenk/nn/mamba.h"
#include "ahenk/nn/transformer.h"

namespace ahenk::nn {

Index LanguageModel::parameter_count() {
  Index n = 0;
  for (auto& p : parameters()) n += p.value.numel();
  return n;
}

std::unique_ptr<LanguageModel> make_model(const nlohmann::json& spec, std::uint64_t seed) {
  if (!spec.is_object())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model spec must be a JSON object"));
  const auto arch = spec.find("arch");
  if (arch != spec.end() && !arch->is_string())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "model.arch must be a string"));
  const std::string name = arch == spec.end() ? "transformer" : arch->get<std::string>();
  if (name == "transformer" || name == "spiking")
    return std::make_unique<Transformer>(TransformerConfig::from_json(spec), seed);
  if (name == "mamba") return std::make_unique<Mamba>(MambaConfig::from_json(spec), seed);
  throw InvalidArgument(
      QT_TRANSLATE_NOOP("Engine",
                        "unknown model.arch \"%1\" (available: transformer, mamba, spiking)"),
      {name});
}

}  // namespace ahenk::nn
