#include "engine_text.h"

#include <QByteArray>
#include <QCoreApplication>
#include <mutex>

#include "ahenk/message.h"

namespace ahenk::ui {

void installEngineTranslator() {
  static std::once_flag once;
  std::call_once(once, [] {
    set_message_translator([](const Message& m) {
      const QByteArray text = QCoreApplication::translate("Engine", m.text).toUtf8();
      return format_message(text.constData(), m.args);
    });
  });
}

QString engineText(const std::exception& e) {
  installEngineTranslator();
  return QString::fromStdString(describe(e));
}

}  // namespace ahenk::ui
