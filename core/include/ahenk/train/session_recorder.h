// Records a training run in a session (issue 7): every step's metrics, validation results, and
// each checkpoint's weights; the last checkpoint in full on request. The CLI's `ahenk train` and
// the workbench's Train page use the same recorder, so their runs look the same in a session.
//
//   ahenk::session::SessionWriter w("lab.ahenk");
//   auto run = w.begin_run({.kind = "train", .name = "S", .config = cfg.to_json()});
//   ahenk::train::SessionRecorder recorder(w, run);
//   trainer.set_observer(&recorder);
//   trainer.run();
//   recorder.store_full_checkpoint();     // weights, optimizer, state, tokenizer of the last one
//   w.end_run(run, ahenk::session::RunStatus::completed);
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ahenk/session/writer.h"
#include "ahenk/train/trainer.h"

namespace ahenk::train {

class SessionRecorder final : public TrainObserver {
 public:
  SessionRecorder(session::SessionWriter& writer, std::int64_t run);
  void on_step(const StepMetrics& m) override;
  // Steps up to the checkpoint are committed before it exists: a resumed run misses none.
  void before_checkpoint(std::int64_t step) override;
  void on_checkpoint(const std::string& dir, const nlohmann::json& state) override;
  // The last checkpoint in full (weights, optimizer, state, tokenizer): what a student needs to
  // continue or sample from the run on another machine. Nothing when there was no checkpoint.
  void store_full_checkpoint();
  // The checkpoints recorded so far: (step, folder).
  const std::vector<std::pair<std::int64_t, std::string>>& checkpoints() const {
    return checkpoints_;
  }

 private:
  session::SessionWriter& writer_;
  std::int64_t run_;
  std::vector<session::SessionWriter::MetricKey> keys_;
  nlohmann::json last_state_;
  std::string last_dir_;
  std::vector<std::pair<std::int64_t, std::string>> checkpoints_;
};

}  // namespace ahenk::train
