// The text of an engine error in the workbench's language: engine errors (ahenk/message.h) are
// translated through Qt (context "Engine") with their arguments filled in; other exceptions give
// what(). The first call installs the translator for the engine's own describe() too (the Inspect
// views call it).
#pragma once

#include <QString>
#include <exception>

namespace ahenk::ui {

void installEngineTranslator();
QString engineText(const std::exception& e);

}  // namespace ahenk::ui
