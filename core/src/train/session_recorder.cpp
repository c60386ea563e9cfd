#include "ahenk/train/session_recorder.h"

#include <cmath>
#include <filesystem>

namespace ahenk::train {

namespace fs = std::filesystem;

SessionRecorder::SessionRecorder(session::SessionWriter& writer, std::int64_t run)
    : writer_(writer), run_(run) {
  for (const char* name : {"loss", "lr", "grad_norm", "tokens_per_s", "mfu", "step_seconds"})
    keys_.push_back(writer.key(name));
}

void SessionRecorder::on_step(const StepMetrics& m) {
  const double values[] = {m.loss, m.lr, m.grad_norm, m.tokens_per_s, m.mfu, m.step_seconds};
  writer_.metrics(run_, m.step, keys_.data(), values, keys_.size());
  if (m.val_loss) {
    writer_.metric(run_, m.step, "val_loss", *m.val_loss);
    writer_.metric(run_, m.step, "val_perplexity", std::exp(*m.val_loss));
  }
  if (m.val_bpb) writer_.metric(run_, m.step, "val_bpb", *m.val_bpb);
}

void SessionRecorder::before_checkpoint(std::int64_t) {
  writer_.flush();
}

void SessionRecorder::on_checkpoint(const std::string& dir, const nlohmann::json& state) {
  const std::int64_t step = state["step"].get<std::int64_t>();
  const fs::path weights = fs::path(dir) / state["model_file"].get<std::string>();
  if (fs::is_regular_file(weights)) writer_.artifact_file(run_, "weights", weights, step);
  writer_.event(run_, "checkpoint", dir, step);
  last_state_ = state;
  last_dir_ = dir;
  checkpoints_.emplace_back(step, dir);
}

void SessionRecorder::store_full_checkpoint() {
  if (last_state_.is_null()) return;
  const std::int64_t step = last_state_["step"].get<std::int64_t>();
  std::vector<fs::path> files;
  for (const char* key : {"model_file", "optimizer_file", "tokenizer_file"})
    if (last_state_[key].is_string())
      files.push_back(fs::path(last_dir_) / last_state_[key].get<std::string>());
  files.push_back(fs::path(last_dir_) / "state.json");
  for (const auto& f : files)
    if (fs::is_regular_file(f)) writer_.artifact_file(run_, "checkpoint", f, step);
}

}  // namespace ahenk::train
