#include "training_job.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmath>

#include "ahenk/message.h"
#include "ahenk/session/writer.h"
#include "ahenk/tensor/thread_pool.h"
#include "ahenk/tokenize/tokenizer.h"
#include "ahenk/train/session_recorder.h"
#include "engine_text.h"

namespace ahenk::ui {

namespace fs = std::filesystem;

namespace {

// Forwards to the session recorder and tells the page about validations and checkpoints.
class JobObserver final : public train::TrainObserver {
 public:
  JobObserver(train::SessionRecorder* recorder, std::function<void(const ValidationPoint&)> on_val,
              std::function<void(std::int64_t, const std::string&)> on_checkpoint)
      : recorder_(recorder), on_val_(std::move(on_val)), on_checkpoint_(std::move(on_checkpoint)) {}
  void on_step(const train::StepMetrics& m) override {
    if (recorder_) recorder_->on_step(m);
    if (m.val_loss) on_val_({m.step, *m.val_loss, m.val_bpb});
  }
  void before_checkpoint(std::int64_t step) override {
    if (recorder_) recorder_->before_checkpoint(step);
  }
  void on_checkpoint(const std::string& dir, const nlohmann::json& state) override {
    if (recorder_) recorder_->on_checkpoint(dir, state);
    on_checkpoint_(state.value("step", std::int64_t{0}), dir);
  }

 private:
  train::SessionRecorder* recorder_;
  std::function<void(const ValidationPoint&)> on_val_;
  std::function<void(std::int64_t, const std::string&)> on_checkpoint_;
};

}  // namespace

TrainingJob::TrainingJob(QObject* parent) : QObject(parent) {}

TrainingJob::~TrainingJob() {
  stop();
  if (thread_.joinable()) thread_.join();
}

bool TrainingJob::start(TrainRequest request) {
  if (active_.load()) return false;
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(mutex_);
    trainer_.reset();
    ring_next_ = 0;
    validation_.clear();
  }
  stop_requested_ = false;
  paused_ = false;
  active_ = true;
  thread_ =
      std::thread([this, request = std::move(request)]() mutable { work(std::move(request)); });
  return true;
}

std::shared_ptr<train::Trainer> TrainingJob::trainer() const {
  std::lock_guard lock(mutex_);
  return trainer_;
}

void TrainingJob::pause() {
  if (auto t = trainer()) {
    t->control().pause();
    paused_ = true;
  }
}

void TrainingJob::resume() {
  if (auto t = trainer()) {
    t->control().resume();
    paused_ = false;
  }
}

void TrainingJob::stop() {
  stop_requested_ = true;
  if (auto t = trainer()) t->control().stop();
}

std::vector<train::StepMetrics> TrainingJob::takeSteps() {
  auto t = trainer();
  if (!t) return {};
  std::lock_guard lock(mutex_);
  return t->metrics().read_since(ring_next_, &ring_next_);
}

std::vector<ValidationPoint> TrainingJob::takeValidation() {
  std::lock_guard lock(mutex_);
  std::vector<ValidationPoint> out;
  out.swap(validation_);
  return out;
}

void TrainingJob::requestInternals() {
  if (auto t = trainer()) t->request_internals(-1, -1, false);
}

std::optional<train::Internals> TrainingJob::takeInternals() {
  auto t = trainer();
  return t ? t->take_internals() : std::nullopt;
}

void TrainingJob::requestCapture(const nn::Probes& probes, bool embeddings) {
  if (auto t = trainer()) t->request_capture(probes, embeddings);
}

std::optional<train::Capture> TrainingJob::takeCapture() {
  auto t = trainer();
  return t ? t->take_capture() : std::nullopt;
}

void TrainingJob::work(TrainRequest request) {
  // Training runs at a lower priority (nice 10) than the GUI thread, so the window answers at
  // once while the model uses every core (the GUI needs little CPU, and gets it when it wakes).
  // Linux gives each thread its own nice value and new threads inherit it: the engine's pool is
  // recreated from this thread so its workers are niced too.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
  tensor::ThreadPool::set_global_threads(0);
  std::unique_ptr<session::SessionWriter> writer;
  std::int64_t run = 0;
  bool ok = false;
  QString message;
  try {
    emit phaseChanged(tr("Reading the data"));
    // The run is recorded first, so a config the engine refuses is a failed run with its reason.
    writer = std::make_unique<session::SessionWriter>(request.session);
    nlohmann::json recorded = request.config;
    recorded["data"] = request.data;
    if (!request.tokenizer.empty()) recorded["tokenizer"] = request.tokenizer;
    run = writer->begin_run({.kind = "train",
                             .name = request.name,
                             .config = recorded,
                             .command = "ahenk-workbench: Train page"});
    train::TrainConfig cfg = train::TrainConfig::from_json(request.config);
    if (!request.tokenizer.empty()) {
      auto tok = tokenize::load_tokenizer(request.tokenizer);
      cfg.model["vocab_size"] = static_cast<std::int64_t>(tok->vocab_size());
    }
    if (request.out_dir.empty())
      request.out_dir =
          (session::data_dir(request.session) / "runs" / std::to_string(run)).string();
    writer->set_work_dir(run, fs::absolute(request.out_dir).lexically_normal().string());
    for (const auto& d : request.data) writer->input_file(run, d);
    if (!request.tokenizer.empty()) writer->artifact_file(run, "tokenizer", request.tokenizer);
    auto data =
        train::load_training_data(request.data, request.tokenizer, cfg.options.val_fraction);
    if (stop_requested_.load())
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "stopped before training began"));
    auto trainer =
        std::make_shared<train::Trainer>(cfg, std::move(data), request.out_dir, request.tokenizer);
    train::SessionRecorder recorder(*writer, run);
    JobObserver observer(
        &recorder,
        [this](const ValidationPoint& v) {
          std::lock_guard lock(mutex_);
          validation_.push_back(v);
        },
        [this](std::int64_t step, const std::string& dir) {
          emit checkpointSaved(step, QString::fromStdString(dir));
        });
    trainer->set_observer(&observer);
    {
      std::lock_guard lock(mutex_);
      trainer_ = trainer;
    }
    if (stop_requested_.load()) trainer->control().stop();
    emit runStarted(run, QString::fromStdString(request.out_dir), cfg.options.max_steps);
    emit phaseChanged(tr("Training"));
    const train::StepMetrics last = trainer->run();
    recorder.store_full_checkpoint();
    nlohmann::json outputs = {{"step", last.step},
                              {"loss", last.loss},
                              {"tokens_per_s", last.tokens_per_s},
                              {"checkpoint", request.out_dir}};
    if (last.val_loss) {
      outputs["val_loss"] = *last.val_loss;
      outputs["val_perplexity"] = std::exp(*last.val_loss);
    }
    if (last.val_bpb) outputs["val_bpb"] = *last.val_bpb;
    writer->set_outputs(run, outputs);
    const bool stopped = stop_requested_.load();
    writer->end_run(run, stopped ? session::RunStatus::stopped : session::RunStatus::completed,
                    stopped ? "stopped from the workbench" : "");
    ok = true;
    message = stopped ? tr("Stopped at step %1").arg(last.step)
                      : tr("Finished at step %1").arg(last.step);
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
    writer.reset();  // commits everything before the page hears that the run ended
  } catch (const std::exception& e) {
    if (ok) ok = false, message = engineText(e);
  }
  active_ = false;
  paused_ = false;
  emit finished(ok, message, run);
}

}  // namespace ahenk::ui
