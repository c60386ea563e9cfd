#include "engine_text.h"

#include <QByteArray>
#include <QCoreApplication>
#include <mutex>

#include "ahenk/message.h"

namespace ahenk::ui {

void installEngineTranslator() {
  static std::once_flag once;
  std::call_once(once, [] {
    set_message_translator(
        [](const char* text) { return QCoreApplication::translate("Engine", text).toStdString(); });
  });
}

namespace {

bool renderStored(const nlohmann::json& m, std::string& out, int depth) {
  if (depth > 8 || !m.is_object() || !m.contains("text") || !m["text"].is_string()) return false;
  std::vector<std::string> args;
  if (m.contains("args")) {
    if (!m["args"].is_array()) return false;
    for (const auto& a : m["args"]) {
      if (a.is_string()) {
        args.push_back(a.get<std::string>());
      } else {
        std::string nested;
        if (!renderStored(a, nested, depth + 1)) return false;
        args.push_back(std::move(nested));
      }
    }
  }
  const std::string text = m["text"].get<std::string>();
  const QByteArray translated = QCoreApplication::translate("Engine", text.c_str()).toUtf8();
  out = format_message(translated.constData(), args);
  return true;
}

}  // namespace

QString engineText(const nlohmann::json& message, const QString& fallback) {
  std::string out;
  if (!renderStored(message, out, 0)) return fallback;
  return QString::fromStdString(out);
}

QString engineText(const std::exception& e) {
  installEngineTranslator();
  return QString::fromStdString(describe(e));
}

}  // namespace ahenk::ui
