// The UI language: English (the source strings) or Turkish, from the saved choice or the system
// locale, switchable at run time. Switching installs translators and Qt sends LanguageChange to
// every widget, which retranslates itself.
#pragma once

#include <QString>
#include <QStringList>

namespace ahenk::ui {

// Language codes the workbench ships: "en", "tr".
QStringList availableLanguages();
// The saved choice, else "tr" when the system locale is Turkish, else "en".
QString initialLanguage();
// Installs the translators for `code` (and saves the choice when `remember`). Returns false for an
// unknown code.
bool setLanguage(const QString& code, bool remember = true);
QString currentLanguage();

}  // namespace ahenk::ui
