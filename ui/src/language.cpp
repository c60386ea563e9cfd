#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace ahenk::ui {
namespace {

QString g_current = QStringLiteral("en");
QTranslator* g_app_translator = nullptr;
QTranslator* g_qt_translator = nullptr;

void remove(QTranslator*& translator) {
  if (translator) {
    QCoreApplication::removeTranslator(translator);
    delete translator;
    translator = nullptr;
  }
}

}  // namespace

QStringList availableLanguages() {
  return {QStringLiteral("en"), QStringLiteral("tr")};
}

QString initialLanguage() {
  QSettings settings;
  const QString saved = settings.value(QStringLiteral("ui/language")).toString();
  if (availableLanguages().contains(saved)) return saved;
  return QLocale::system().language() == QLocale::Turkish ? QStringLiteral("tr")
                                                          : QStringLiteral("en");
}

bool setLanguage(const QString& code, bool remember) {
  if (!availableLanguages().contains(code)) return false;
  remove(g_app_translator);
  remove(g_qt_translator);
  if (code != QLatin1String("en")) {
    g_app_translator = new QTranslator;
    if (g_app_translator->load(QStringLiteral(":/i18n/ahenk_") + code)) {
      QCoreApplication::installTranslator(g_app_translator);
    } else {
      qWarning("ahenk: the %s translation is missing from the build", qPrintable(code));
    }
    // Qt's own strings (standard buttons, dialogs), from qt6-translations-l10n when installed.
    g_qt_translator = new QTranslator;
    if (g_qt_translator->load(QStringLiteral("qtbase_") + code,
                              QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
      QCoreApplication::installTranslator(g_qt_translator);
    }
  }
  g_current = code;
  if (remember) QSettings().setValue(QStringLiteral("ui/language"), code);
  return true;
}

QString currentLanguage() {
  return g_current;
}

}  // namespace ahenk::ui
