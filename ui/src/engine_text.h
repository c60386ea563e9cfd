// The text of an engine error in the workbench's language: engine errors (ahenk/message.h) are
// translated through Qt (context "Engine") with their arguments filled in; other exceptions give
// what(). The first call installs the translator for the engine's own describe() too (the Inspect
// views call it).
#pragma once

#include <QString>
#include <exception>
#include <nlohmann/json.hpp>

namespace ahenk::ui {

void installEngineTranslator();
QString engineText(const std::exception& e);
// A message kept in a file by the engine ({"text": template, "args": [...]}, as report.json keeps
// a file's problems), translated; `fallback` (the English text kept beside it) when it is not one.
QString engineText(const nlohmann::json& message, const QString& fallback);

}  // namespace ahenk::ui
