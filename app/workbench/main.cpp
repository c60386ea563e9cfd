// ahenk-workbench: the Qt workbench. Options exist for scripted use (screenshots in docs/ and
// tests).
#include <vulkan/vulkan.h>

#include <QApplication>
#include <QCommandLineParser>

#include "ahenk/version.h"
#include "ahenk/ui/workbench.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("Ahenk"));
  QApplication::setApplicationName(QStringLiteral("workbench"));
  QApplication::setApplicationVersion(QStringLiteral(AHENK_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Ahenk workbench"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption page(
      {QStringLiteral("p"), QStringLiteral("page")},
      QStringLiteral("Open this page: home, corpus, filters, dedup, tokenizer, train, "
                     "sessions, playground, inspect."),
      QStringLiteral("key"));
  QCommandLineOption lang({QStringLiteral("l"), QStringLiteral("lang")},
                          QStringLiteral("UI language for this run: en, tr."),
                          QStringLiteral("code"));
  QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                QStringLiteral("Save a screenshot of the window to FILE and quit."),
                                QStringLiteral("file"));
  QCommandLineOption delay(QStringLiteral("delay"),
                           QStringLiteral("Milliseconds to wait before the screenshot (2500)."),
                           QStringLiteral("ms"), QStringLiteral("2500"));
  QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size WxH."),
                          QStringLiteral("WxH"));
  QCommandLineOption train(QStringLiteral("train"),
                           QStringLiteral("Run the page's stage at once, a demonstration: the "
                                          "corpus stage with --page corpus, filters or dedup, a "
                                          "tokenizer with --page tokenizer, a generation with "
                                          "--page playground, else a model on the Train page "
                                          "(its preset and data)."));
  // Not --session: QGuiApplication takes -session/--session for X11 session management.
  QCommandLineOption session(QStringLiteral("session-file"),
                             QStringLiteral("Open this session file (runs are recorded there)."),
                             QStringLiteral("file"));
  QCommandLineOption checkpoint(QStringLiteral("checkpoint"),
                                QStringLiteral("Open this checkpoint folder on the Inspect page."),
                                QStringLiteral("dir"));
  QCommandLineOption view(QStringLiteral("view"),
                          QStringLiteral("The Inspect view to show: embeddings, attention, rope, "
                                         "spikes or scan."),
                          QStringLiteral("id"));
  QCommandLineOption view_png(QStringLiteral("view-png"),
                              QStringLiteral("With --screenshot: also save the Inspect view's own "
                                             "last frame (as Vulkan drew it) to this PNG."),
                              QStringLiteral("file"));
  parser.addOptions(
      {page, lang, screenshot, delay, size, train, session, checkpoint, view, view_png});
  parser.process(app);

  ahenk::ui::WorkbenchOptions options;
  options.page = parser.value(page);
  options.language = parser.value(lang);
  options.screenshot = parser.value(screenshot);
  options.screenshot_delay_ms = parser.value(delay).toInt();
  options.train = parser.isSet(train);
  options.session = parser.value(session);
  options.checkpoint = parser.value(checkpoint);
  options.view = parser.value(view);
  options.view_png = parser.value(view_png);
  if (parser.isSet(size)) {
    const QStringList wh = parser.value(size).split(QLatin1Char('x'));
    if (wh.size() == 2) options.size = QSize(wh[0].toInt(), wh[1].toInt());
  }
  return ahenk::ui::runWorkbench(app, options);
}
