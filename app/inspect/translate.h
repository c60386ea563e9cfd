// Translation of the Inspect views' text. The views are Qt-free; the workbench installs a
// translator that asks Qt (context "InspectOverlay"), the CLI keeps English. Strings are marked
// with QT_TRANSLATE_NOOP("InspectOverlay", ...) so that lupdate finds them.
#pragma once

#include <functional>
#include <string>

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(scope, x) x
#endif

namespace ahenk::inspect {

using Translator = std::function<std::string(const char* source)>;
void set_translator(Translator translator);
std::string localized(const char* source);

}  // namespace ahenk::inspect
