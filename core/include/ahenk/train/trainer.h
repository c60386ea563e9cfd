// The training loop: optimizer steps with gradient accumulation, evaluation in loss / perplexity /
// bits per byte, checkpoints that resume exactly, a NaN/Inf guard, pause/resume/stop from another
// thread, and metrics in a ring buffer that a GUI pulls.
//
//   ahenk::train::TrainConfig cfg = ahenk::train::TrainConfig::from_json(config_json);
//   auto data = ahenk::train::load_training_data({"input.txt"}, "", cfg.options.val_fraction);
//   ahenk::train::Trainer trainer(cfg, std::move(data), "runs/shakespeare");   // or
//   Trainer::resume trainer.run([](const ahenk::train::StepMetrics& m) { ... log ... });
//   // another thread: trainer.control().pause(); ... resume(); ... stop();
//
// Threading: run() and step() on the owner thread; control() and metrics() from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ahenk/message.h"
#include "ahenk/nn/model.h"
#include "ahenk/train/data.h"
#include "ahenk/train/optimizer.h"

namespace ahenk::train {

struct TrainOptions {
  std::int64_t batch_size = 16;  // sequences per micro-batch
  std::int64_t grad_accum = 1;   // micro-batches per optimizer step
  double lr = 1e-3;
  double min_lr = -1;  // < 0: lr / 10
  std::int64_t warmup_steps = 100;
  std::int64_t max_steps = 5000;
  double weight_decay = 0.1;
  double beta1 = 0.9, beta2 = 0.95, eps = 1e-8;
  double grad_clip = 1.0;            // <= 0: no clipping
  std::int64_t eval_interval = 250;  // steps; 0: only at the end
  std::int64_t eval_batches = 8;     // micro-batches of held-out windows per evaluation
  std::int64_t log_interval = 10;
  std::int64_t checkpoint_interval = 500;  // 0: only at the end
  std::uint64_t seed = 1337;
  double val_fraction = 0.1;
  double max_time = 0;  // seconds of training in this run; 0: unlimited
  int threads = 0;      // 0: all cores

  nlohmann::json to_json() const;
  static TrainOptions from_json(const nlohmann::json& j);  // unknown keys are errors
};

// {"model": {...model spec...}, "train": {...TrainOptions...}}
struct TrainConfig {
  nlohmann::json model;
  TrainOptions options;
  nlohmann::json to_json() const { return {{"model", model}, {"train", options.to_json()}}; }
  static TrainConfig from_json(const nlohmann::json& j);
  // Applies "model.d_model=128" / "train.lr=3e-4" (values parsed as JSON, else as strings).
  void set(const std::string& assignment);
};

struct StepMetrics {
  std::int64_t step = 0;  // 1-based, after the update
  double loss = 0;        // mean training loss of the step (nats/token)
  double lr = 0;
  double grad_norm = 0;  // before clipping
  double tokens_per_s = 0;
  double mfu = 0;  // model FLOPs utilisation against the measured sgemm ceiling (0: unknown)
  double step_seconds = 0;
  double elapsed_seconds = 0;
  std::optional<double> val_loss, val_bpb;
};

struct EvalMetrics {
  double loss = 0;  // nats per token
  double perplexity = 0;
  std::optional<double> bits_per_byte;
  std::int64_t tokens = 0;
};

// Per-layer internals for the GUI, filled on the steps where they were requested (zero cost
// otherwise): gradient norms, update/weight ratios (both per parameter), plus the model's Probes.
struct Internals {
  std::int64_t step = 0;
  std::vector<std::string> names;
  std::vector<double> grad_norm;
  std::vector<double> update_ratio;
  nn::Probes probes;
};

// What the Inspect page draws live from training (Trainer::request_capture): the probes asked for,
// run on batch row 0 of a step's first micro-batch, that row's tokens, and the token embedding
// matrix after the step.
struct Capture {
  std::int64_t step = 0;
  std::vector<std::int32_t> tokens;  // (T)
  nn::Probes probes;
  std::int64_t layers = 0, heads = 0;  // the attention grid's shape (0 without attention)
  std::vector<float> embeddings;       // (vocab, dims), when asked for
  std::int64_t vocab = 0, dims = 0;
};

// Gradient norms per layer: the parameters of "blocks.N." together (the norm of their gradients
// taken as one vector), every other parameter (embedding, final norm, head) on its own; in the
// model's order.
std::vector<std::pair<std::string, double>> layer_grad_norms(const Internals& internals);

// Thrown when the loss or a gradient is NaN/Inf; the last checkpoint on disk is the last good one.
class TrainingDiverged : public std::runtime_error, public Localizable {
 public:
  TrainingDiverged(std::int64_t step, const std::string& where)
      : TrainingDiverged(step, Message{QT_TRANSLATE_NOOP("Engine",
                                                         "training diverged at step %1: %2 is not "
                                                         "finite; the last checkpoint is the last "
                                                         "good state"),
                                       {std::to_string(step), where}}) {}
  std::int64_t step() const { return step_; }

 private:
  TrainingDiverged(std::int64_t step, Message m)
      : std::runtime_error(render_message(m, {})), Localizable(std::move(m)), step_(step) {}
  std::int64_t step_;
};

class TrainControl {
 public:
  void pause();
  void resume();
  void stop();
  bool stopped() const { return stop_.load(); }
  bool paused() const { return pause_.load(); }
  void wait_while_paused();  // the owner thread blocks here while paused (wakes on resume/stop)

 private:
  std::atomic<bool> pause_{false}, stop_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
};

// A bounded ring of the latest metrics; readers copy what is new since their last index.
class MetricsRing {
 public:
  explicit MetricsRing(std::size_t capacity = 1 << 16) : capacity_(capacity) {}
  void push(const StepMetrics& m);
  // Entries with sequence number >= from (oldest ones may have been overwritten); sets next.
  std::vector<StepMetrics> read_since(std::uint64_t from, std::uint64_t* next) const;

 private:
  mutable std::mutex mutex_;
  std::vector<StepMetrics> ring_;
  std::size_t capacity_;
  std::uint64_t written_ = 0;
};

// Sees every optimizer step and every checkpoint, on the owner thread, as they happen (a session
// records them; the GUI may watch). Keep it cheap: it runs inside the training loop.
class TrainObserver {
 public:
  virtual ~TrainObserver() = default;
  // After each step; again for the last step once the final evaluation filled val_loss/val_bpb.
  virtual void on_step(const StepMetrics& metrics) { (void)metrics; }
  // Before a checkpoint is written: whatever records the steps so far must make them durable
  // now, so that a run resumed from this checkpoint has every step before it.
  virtual void before_checkpoint(std::int64_t step) { (void)step; }
  // After a checkpoint was written atomically to `dir` (state: its state.json).
  virtual void on_checkpoint(const std::string& dir, const nlohmann::json& state) {
    (void)dir, (void)state;
  }
};

class Trainer {
 public:
  // A fresh run writing checkpoints into out_dir (created if missing).
  Trainer(TrainConfig config, TrainingData data, std::string out_dir, std::string tokenizer = "");
  // Continues the run saved in checkpoint_dir (same data, same order, same RNG); `max_steps` and
  // `max_time` may be raised through overrides ({"train": {"max_steps": 2000}}).
  static std::unique_ptr<Trainer> resume(const std::string& checkpoint_dir, TrainingData data,
                                         const nlohmann::json& overrides = {});
  ~Trainer();

  // One optimizer step (grad_accum micro-batches). Throws TrainingDiverged on NaN/Inf.
  StepMetrics step();
  EvalMetrics evaluate();
  // Trains until max_steps, max_time or stop(); logs every log_interval steps through on_log,
  // evaluates every eval_interval, checkpoints every checkpoint_interval and at the end.
  StepMetrics run(const std::function<void(const StepMetrics&)>& on_log = {});
  void save_checkpoint();  // into out_dir (atomic: files first, state.json last)
  // Not owned; nullptr to stop observing.
  void set_observer(TrainObserver* observer) { observer_ = observer; }
  const std::string& out_dir() const { return out_dir_; }

  nn::LanguageModel& model() { return *model_; }
  const TrainConfig& config() const { return config_; }
  const TrainingData& data() const { return data_; }
  std::int64_t steps_done() const { return step_; }
  TrainControl& control() { return control_; }
  const MetricsRing& metrics() const { return ring_; }
  // Ask for internals on the next step (layer/head for attention, -1 for none).
  void request_internals(int attention_layer, int attention_head, bool activation_rms,
                         bool hidden_states = false);
  std::optional<Internals> take_internals();
  // Ask for a capture on the next step that has no internals to take (the two never share a
  // step); take_capture() returns the latest one once, from any thread.
  void request_capture(const nn::Probes& probes, bool embeddings);
  std::optional<Capture> take_capture();
  double gemm_ceiling_gflops() const { return gemm_ceiling_; }
  // Per-op time (forward kernels, backward closures, the optimizer) over the steps since enabled.
  void set_profiling(bool on);
  std::vector<std::pair<std::string, tensor::OpProfile>> profile() const;

 private:
  struct Private;
  std::unique_ptr<Private> p_;
  TrainConfig config_;
  TrainingData data_;
  std::string out_dir_, tokenizer_;
  std::unique_ptr<nn::LanguageModel> model_;
  std::unique_ptr<AdamW> optimizer_;
  WindowSampler sampler_;
  std::int64_t step_ = 0;
  double elapsed_ = 0;  // training seconds over all runs so far
  double gemm_ceiling_ = 0;
  TrainControl control_;
  MetricsRing ring_;
  TrainObserver* observer_ = nullptr;
};

// A checkpoint folder's state.json, checked to be an Ahenk checkpoint this version can read.
nlohmann::json read_checkpoint_state(const std::string& dir);

// A checkpoint folder's content: its model (weights loaded), its spec and train config, and the
// tokenizer it was trained with ("" for bytes). For `ahenk sample` and `ahenk eval`.
struct LoadedCheckpoint {
  std::unique_ptr<nn::LanguageModel> model;
  nlohmann::json state;   // state.json
  std::string tokenizer;  // path of the copied tokenizer file, or ""
};
LoadedCheckpoint load_checkpoint(const std::string& dir);

// Loss over a whole token stream in consecutive windows of the model's context (every token after
// the first predicted once); bits per byte when `bytes` (the text's size) is non-zero.
EvalMetrics evaluate_stream(nn::LanguageModel& model, tensor::Backend& backend,
                            const std::vector<std::int32_t>& tokens, std::uint64_t bytes,
                            std::int64_t batch_size = 8);

// Measures the best sgemm GFLOP/s of the CPU backend on this machine (1024^3, a few runs).
double measure_gemm_ceiling(tensor::Backend& backend);

}  // namespace ahenk::train
