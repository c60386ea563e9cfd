// One piece of engine work on its own thread for a page (GUIDE, section 2): the page starts it,
// may cancel it, and hears on the GUI thread, from a timer, how far it got and that it ended.
// The thread runs below the GUI's priority (nice 10), so the window answers at once.
//
//   auto* job = new BackgroundJob(this);
//   connect(job, &BackgroundJob::tick, this, [=] { showProgress(bar, job->progress()); });
//   connect(job, &BackgroundJob::finished, this, &Page::showResult);
//   job->start([](CancelToken& cancel, ProgressSink& sink) { run_pipeline(..., &sink, &cancel); });
#pragma once

#include <QObject>
#include <QString>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "ahenk/progress.h"

class QProgressBar;

namespace ahenk::session {
class SessionWriter;
}
class QTimer;

namespace ahenk::ui {

class BackgroundJob : public QObject {
  Q_OBJECT

 public:
  using Work = std::function<void(CancelToken&, ProgressSink&)>;
  explicit BackgroundJob(QObject* parent = nullptr);
  ~BackgroundJob() override;  // cancels a running job and waits for it

  // False while a job runs. The work must not throw (catch and keep what it has to say).
  bool start(Work work);
  void cancel();
  bool busy() const { return thread_.joinable(); }
  bool cancelled() const;
  Progress progress() const;  // the latest the work reported

 signals:
  void tick();      // a few times a second while the job runs
  void finished();  // the thread has ended (GUI thread)

 private:
  class Sink;
  void poll();

  std::thread thread_;
  std::shared_ptr<CancelToken> cancel_;
  std::shared_ptr<Sink> sink_;
  std::shared_ptr<std::atomic<bool>> done_;
  QTimer* timer_ = nullptr;
};

// Runs a recorded job's `body` and ends its session run as the body ended: completed, stopped
// (Cancelled; `cancelled_message` is what the page says) or failed (the error, as the message);
// then closes the writer, so the session has it all before the page hears that the job ended.
// `writer` and `run` may be set by the body (null / 0: nothing recorded). Returns ok.
bool runRecorded(std::unique_ptr<session::SessionWriter>& writer, const std::int64_t& run,
                 const std::function<void()>& body, const QString& cancelled_message,
                 QString& message);

// "Reading: 12.3 MB", "Training: 120 merges" (the phase and the amount done).
QString describeProgress(const Progress& progress);
// A bar that shows the share done, or a busy bar when the total is unknown.
void showProgress(QProgressBar* bar, const Progress& progress);

}  // namespace ahenk::ui
