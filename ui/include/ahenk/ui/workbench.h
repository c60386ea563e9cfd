// Starting the workbench: language, window, page, and the scripted screenshot mode used by docs/
// and the Xvfb test (`ahenk-workbench --page inspect --screenshot out.png`).
#pragma once

#include <QSize>
#include <QString>

class QApplication;

namespace ahenk::ui {

struct WorkbenchOptions {
  QString page;        // page key to open; empty: the last one used
  QString language;    // "en" / "tr" for this run only; empty: saved choice or system locale
  QString screenshot;  // save a PNG of the window here, then quit
  int screenshot_delay_ms = 2500;
  QSize size;          // window size; invalid: the saved geometry
  bool train = false;  // start training at once (demos): a tokenizer on the Tokenizer page,
                       // else a model on the Train page
  QString session;     // record in this session file; empty: the last one used or the default
  QString checkpoint;  // a checkpoint folder to open on the Inspect page
  QString view;        // the Inspect view to show ("attention", ...)
  QString view_png;    // with screenshot: also save the Inspect view's last frame here
};

// Runs the event loop; returns the exit code (1 when the options are wrong or the screenshot
// fails).
int runWorkbench(QApplication& app, const WorkbenchOptions& options);

}  // namespace ahenk::ui
