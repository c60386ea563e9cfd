#include "ahenk/ui/workbench.h"

#include <vulkan/vulkan.h>

#include <QApplication>
#include <QScreen>
#include <QTimer>
#include <QWindow>
#include <cstdio>

#include "ahenk/ui/main_window.h"
#include "inspect_page.h"
#include "language.h"
#include "corpus_page.h"
#include "playground_page.h"
#include "tokenizer_page.h"
#include "train_page.h"
#include "vulkan_view.h"

namespace ahenk::ui {

int runWorkbench(QApplication& app, const WorkbenchOptions& options) {
  if (!options.language.isEmpty()) {
    if (!setLanguage(options.language, /*remember=*/false)) {
      std::fprintf(stderr, "ahenk-workbench: unknown language '%s' (use: %s)\n",
                   qPrintable(options.language), qPrintable(availableLanguages().join(", ")));
      return 1;
    }
  } else {
    setLanguage(initialLanguage(), /*remember=*/false);
  }
  MainWindow window;
  if (!options.page.isEmpty() && !window.showPage(options.page)) {
    std::fprintf(stderr, "ahenk-workbench: unknown page '%s' (pages: %s)\n",
                 qPrintable(options.page), qPrintable(window.pageKeys().join(", ")));
    return 1;
  }
  if (options.size.isValid()) window.resize(options.size);
  if (!options.session.isEmpty()) window.setSessionFile(options.session);
  if (!options.view.isEmpty()) {
    if (window.inspectPage()->viewById(options.view) == nullptr) {
      std::fprintf(stderr,
                   "ahenk-workbench: unknown view '%s' (views: embeddings, attention, rope, "
                   "spikes, scan)\n",
                   qPrintable(options.view));
      return 1;
    }
    window.inspectPage()->showView(options.view);
  }
  if (!options.checkpoint.isEmpty()) window.inspectPage()->openCheckpoint(options.checkpoint);
  window.show();
  if (options.train) {
    // --train runs the page's stage with its form's defaults on the sample: the corpus stage on
    // the Corpus, Filters and Dedup pages, a tokenizer on the Tokenizer page, a generation from
    // the session's latest checkpoint on the Playground, else a model on the Train page.
    const QString key = window.currentPageKey();
    if (key == QStringLiteral("playground"))
      QTimer::singleShot(0, window.playgroundPage(), &PlaygroundPage::generate);
    else if (key == QStringLiteral("tokenizer"))
      QTimer::singleShot(0, window.tokenizerPage(), &TokenizerPage::train);
    else if (key == QStringLiteral("corpus") || key == QStringLiteral("filters") ||
             key == QStringLiteral("dedup"))
      QTimer::singleShot(0, window.corpusPage(), &CorpusPage::run);  // feeds the Filters page
    else
      QTimer::singleShot(0, window.trainPage(), &TrainPage::start);
  }

  int status = 0;
  if (!options.screenshot.isEmpty()) {
    QTimer::singleShot(options.screenshot_delay_ms, &window, [&] {
      QImage image;
      QScreen* screen = window.screen();
      if (QGuiApplication::platformName() == QLatin1String("xcb") && screen) {
        // Grab from the screen: QWidget::grab() leaves a Vulkan window's area empty.
        image = screen->grabWindow(window.winId()).toImage();
      } else {
        image = window.grab().toImage();
      }
      VulkanView* view = window.inspectPage()->view();
      bool saved = !image.isNull() && image.save(options.screenshot);
      if (!options.view_png.isEmpty()) saved = view->capture().save(options.view_png) && saved;
      std::printf("screenshot: %s page=%s backend=%s frames=%llu size=%dx%d\n",
                  saved ? qPrintable(options.screenshot) : "FAILED",
                  qPrintable(window.currentPageKey()), qPrintable(view->backendName()),
                  static_cast<unsigned long long>(view->frames()), image.width(), image.height());
      std::fflush(stdout);
      status = saved ? 0 : 1;
      app.quit();
    });
  }
  const int rc = app.exec();
  return status != 0 ? status : rc;
}

}  // namespace ahenk::ui
