// One model training on its own thread for the Train page (GUIDE, section 2, rule 3): the page
// posts start/pause/resume/stop; the job records the run in a session (the same recorder as `ahenk
// train`) and the page pulls new steps from the trainer's ring on a timer (rule 4). Signals arrive
// on the GUI thread (queued).
//
//   TrainingJob job;
//   connect(&job, &TrainingJob::finished, ...);
//   job.start(request);            // false while a run is active
//   auto steps = job.takeSteps();  // on a timer: the steps since the last call
#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ahenk/train/trainer.h"

namespace ahenk::ui {

struct TrainRequest {
  nlohmann::json config;          // {"model": {...}, "train": {...}}
  std::vector<std::string> data;  // text files (or token files with a tokenizer)
  std::string tokenizer;          // tokenizer.json; empty: bytes
  std::string out_dir;            // empty: the session's folder, runs/<run id>
  std::filesystem::path session;  // the session file the run is recorded in
  std::string name;               // the run's name in the session
};

struct ValidationPoint {
  std::int64_t step = 0;
  double loss = 0;
  std::optional<double> bits_per_byte;
};

class TrainingJob : public QObject {
  Q_OBJECT

 public:
  explicit TrainingJob(QObject* parent = nullptr);
  ~TrainingJob() override;  // stops a running job and waits for it

  bool start(TrainRequest request);
  void pause();
  void resume();
  void stop();
  bool active() const { return active_.load(); }
  bool paused() const { return paused_.load(); }

  // Pulled on the GUI thread's timer: the steps and validations since the last call.
  std::vector<train::StepMetrics> takeSteps();
  std::vector<ValidationPoint> takeValidation();
  // Asks for per-parameter gradient norms on the next step; takeInternals() returns them later.
  void requestInternals();
  std::optional<train::Internals> takeInternals();
  // Asks for the Inspect page's capture on a coming step (probes of the training batch and,
  // with `embeddings`, the embedding matrix); takeCapture() returns it once it is there.
  void requestCapture(const nn::Probes& probes, bool embeddings);
  std::optional<train::Capture> takeCapture();

 signals:
  void phaseChanged(const QString& text);
  void runStarted(qint64 run, const QString& outDir, qint64 maxSteps);
  void checkpointSaved(qint64 step, const QString& dir);
  // ok: trained to the end or stopped by the user; otherwise message says what went wrong.
  void finished(bool ok, const QString& message, qint64 run);

 private:
  void work(TrainRequest request);
  std::shared_ptr<train::Trainer> trainer() const;

  std::thread thread_;
  std::atomic<bool> active_{false}, paused_{false}, stop_requested_{false};
  mutable std::mutex mutex_;
  std::shared_ptr<train::Trainer> trainer_;
  std::uint64_t ring_next_ = 0;
  std::vector<ValidationPoint> validation_;
};

}  // namespace ahenk::ui
