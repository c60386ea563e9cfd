#include "background_job.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QProgressBar>
#include <QTimer>
#include <atomic>
#include <mutex>

#include "ahenk/session/writer.h"
#include "engine_text.h"

namespace ahenk::ui {

// Keeps the latest progress the work reported (on its thread) for the timer to read.
class BackgroundJob::Sink final : public ProgressSink {
 public:
  void report(const Progress& p) override {
    std::lock_guard lock(mutex_);
    last_ = p;
  }
  Progress last() const {
    std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  mutable std::mutex mutex_;
  Progress last_;
};

BackgroundJob::BackgroundJob(QObject* parent)
    : QObject(parent),
      cancel_(std::make_shared<CancelToken>()),
      sink_(std::make_shared<Sink>()),
      done_(std::make_shared<std::atomic<bool>>(false)) {
  timer_ = new QTimer(this);
  timer_->setInterval(200);
  connect(timer_, &QTimer::timeout, this, &BackgroundJob::poll);
}

BackgroundJob::~BackgroundJob() {
  cancel_->cancel();
  if (thread_.joinable()) thread_.join();
}

bool BackgroundJob::start(Work work) {
  if (busy()) return false;
  cancel_ = std::make_shared<CancelToken>();
  sink_ = std::make_shared<Sink>();
  done_ = std::make_shared<std::atomic<bool>>(false);
  thread_ = std::thread([work = std::move(work), cancel = cancel_, sink = sink_, done = done_] {
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
    work(*cancel, *sink);
    done->store(true);
  });
  timer_->start();
  return true;
}

void BackgroundJob::cancel() {
  cancel_->cancel();
}

bool BackgroundJob::cancelled() const {
  return cancel_->cancelled();
}

Progress BackgroundJob::progress() const {
  return sink_->last();
}

void BackgroundJob::poll() {
  if (!done_->load()) {
    emit tick();
    return;
  }
  timer_->stop();
  thread_.join();
  emit finished();
}

bool runRecorded(std::unique_ptr<session::SessionWriter>& writer, const std::int64_t& run,
                 const std::function<void()>& body, const QString& cancelled_message,
                 QString& message) {
  bool ok = false;
  try {
    body();
    if (writer && run > 0) writer->end_run(run, session::RunStatus::completed);
    ok = true;
  } catch (const Cancelled&) {
    message = cancelled_message;
    if (writer && run > 0) writer->end_run(run, session::RunStatus::stopped, "cancelled");
  } catch (const std::exception& e) {
    message = engineText(e);
    if (writer && run > 0) {
      try {
        writer->end_run(run, session::RunStatus::failed, e.what());
      } catch (const std::exception&) {
      }
    }
  }
  try {
    writer.reset();
  } catch (const std::exception& e) {
    if (ok) ok = false, message = engineText(e);
  }
  return ok;
}

QString describeProgress(const Progress& p) {
  const QString amount =
      p.unit == "B" ? QString::fromStdString(human_bytes(double(p.done)))
                    : QStringLiteral("%1 %2").arg(p.done).arg(QString::fromStdString(p.unit));
  return QStringLiteral("%1: %2").arg(QString::fromStdString(p.phase), amount.trimmed());
}

void showProgress(QProgressBar* bar, const Progress& p) {
  if (p.total > 0) {
    bar->setRange(0, 1000);
    bar->setValue(int(1000.0 * double(std::min(p.done, p.total)) / double(p.total)));
  } else {
    bar->setRange(0, 0);
  }
}

}  // namespace ahenk::ui
