// `ahenk train`, `ahenk sample`, `ahenk eval`: train a model from text or token files, sample from
// a checkpoint, and measure a checkpoint's loss, perplexity and bits per byte on any text.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "ahenk/session/session.h"
#include "ahenk/tensor/thread_pool.h"
#include "ahenk/tokenize/tokenizer.h"
#include "ahenk/train/generate.h"
#include "ahenk/train/session_recorder.h"
#include "ahenk/train/trainer.h"
#include "commands.h"
#include "resources_path.h"
#include "session_record.h"

namespace ahenk::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(path + ": byte " + std::to_string(e.byte) + ": not valid JSON");
  }
}

nlohmann::json load_preset(const std::string& name) {
  fs::path dir = app::presets_dir();
  fs::path file = dir / (name + ".json");
  if (dir.empty() || !fs::exists(file)) {
    std::vector<std::string> names;
    if (!dir.empty())
      for (auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    std::string known;
    for (const auto& n : names) known += " " + n;
    throw std::runtime_error("unknown preset \"" + name + "\" (available:" + known + ")");
  }
  return read_json_file(file.string());
}

// Stops the trainer when Ctrl-C arrives (the loop then evaluates and saves a checkpoint).
class InterruptWatcher {
 public:
  explicit InterruptWatcher(train::TrainControl& control)
      : thread_([this, &control] {
          while (!done_) {
            if (interrupt_token().cancelled()) {
              control.stop();
              return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }) {}
  ~InterruptWatcher() {
    done_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

Json metrics_json(const train::StepMetrics& m) {
  Json j = {{"step", m.step},
            {"loss", m.loss},
            {"lr", m.lr},
            {"grad_norm", m.grad_norm},
            {"tokens_per_s", std::round(m.tokens_per_s)},
            {"mfu", std::round(m.mfu * 1000) / 1000},
            {"elapsed_s", std::round(m.elapsed_seconds * 100) / 100}};
  if (m.val_loss) j["val_loss"] = *m.val_loss;
  if (m.val_bpb) j["val_bpb"] = *m.val_bpb;
  return j;
}

// A run's checkpoint folder: its work_dir when it still holds one, else restored from the
// session's stored full checkpoint into the session's folder.
std::string checkpoint_of_run(const fs::path& session_file, std::int64_t run) {
  session::Session s(session_file);
  auto info = s.run(run);
  if (info.kind != "train")
    throw std::runtime_error("run " + std::to_string(run) + " is a " + info.kind +
                             " run, not a training");
  if (!info.work_dir.empty() && fs::exists(fs::path(info.work_dir) / "state.json"))
    return info.work_dir;
  std::optional<std::int64_t> latest;
  for (const auto& a : s.artifacts(run))
    if (a.role == "checkpoint" && a.name == "state.json" && a.step &&
        (!latest || *a.step > *latest))
      latest = a.step;
  if (!latest)
    throw std::runtime_error("run " + std::to_string(run) + ": its checkpoint folder " +
                             info.work_dir + " is gone and the session holds no full checkpoint");
  fs::path dir = session::data_dir(session_file) / "runs" / std::to_string(run);
  fs::create_directories(dir);
  for (const auto& a : s.artifacts(run)) {
    if (a.role != "checkpoint" || a.step != latest) continue;
    fs::path stored = s.artifact_file(a.sha256);  // large ones: copied, not read into memory
    if (!stored.empty()) {
      fs::copy_file(stored, dir / a.name, fs::copy_options::overwrite_existing);
    } else {
      std::ofstream out(dir / a.name, std::ios::binary | std::ios::trunc);
      std::string bytes = s.artifact_bytes(a.sha256);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
  }
  std::fprintf(stderr,
               "ahenk: restored run %lld's checkpoint (step %lld) from the session into %s\n",
               static_cast<long long>(run), static_cast<long long>(*latest), dir.c_str());
  return dir.string();
}

std::string text_of(const std::vector<std::int32_t>& ids, const tokenize::Tokenizer* tok) {
  if (tok == nullptr) {
    std::string s;
    for (auto id : ids) s.push_back(static_cast<char>(id));
    return s;
  }
  return tok->decode(std::vector<std::uint32_t>(ids.begin(), ids.end()));
}

struct TrainCli {
  std::string config, preset, tokenizer, out, resume;
  std::vector<std::string> sets, data;
  std::int64_t max_steps = -1, resume_run = -1;
  double max_time = -1;
  int threads = 0;
  bool json = false, profile = false;
  SessionCli session;
};

int train_and_report(TrainCli& o_ref, train::Trainer& trainer_ref, RunRecord& record) {
  auto* o = &o_ref;
  auto* trainer = &trainer_ref;
  std::optional<train::SessionRecorder> observer;
  if (record.active()) {
    observer.emplace(*record.writer(), record.id());
    trainer->set_observer(&*observer);
  }
  auto& model = trainer->model();
  const auto& cfg = trainer->config();
  auto caps = tensor::cpu_backend().capabilities();
  const auto& data = trainer->data();
  std::fprintf(stderr,
               "ahenk: %s, %lld parameters; %zu training / %zu held-out tokens (%s); %s, %s, "
               "sgemm ceiling %.0f GFLOP/s%s\n",
               model.arch().c_str(), static_cast<long long>(model.parameter_count()),
               data.train.size(), data.val.size(), data.source.c_str(), caps.device.c_str(),
               caps.simd.c_str(), trainer->gemm_ceiling_gflops(),
               trainer->steps_done() > 0
                   ? (", resuming at step " + std::to_string(trainer->steps_done())).c_str()
                   : "");
  const bool json = o->json;
  const std::int64_t max_steps = cfg.options.max_steps;
  InterruptWatcher watcher(trainer->control());
  auto on_log = [&](const train::StepMetrics& m) {
    if (json) {
      std::printf("%s\n", metrics_json(m).dump().c_str());
    } else {
      std::printf("step %6lld/%lld  loss %.4f  lr %.2e  |g| %.3f  %.0f tok/s  MFU %.0f%%",
                  static_cast<long long>(m.step), static_cast<long long>(max_steps), m.loss, m.lr,
                  m.grad_norm, m.tokens_per_s, m.mfu * 100);
      if (m.val_loss) std::printf("  val %.4f", *m.val_loss);
      if (m.val_bpb) std::printf(" (%.3f bits/byte)", *m.val_bpb);
      std::printf("\n");
    }
    std::fflush(stdout);
  };
  std::uint64_t first = 0;
  trainer->metrics().read_since(0, &first);
  trainer->set_profiling(o->profile);
  train::StepMetrics last;
  try {
    last = trainer->run(on_log);
  } catch (const train::TrainingDiverged& e) {
    std::fprintf(stderr, "ahenk: %s (%s)\n", e.what(),
                 o->resume.empty() ? o->out.c_str() : o->resume.c_str());
    if (record.active()) record.writer()->event(record.id(), "diverged", e.what(), e.step());
    return 1;
  }
  // Throughput over this run's steps (evaluation and checkpoints excluded).
  double tokens = 0, seconds = 0;
  for (const auto& m : trainer->metrics().read_since(first, nullptr)) {
    tokens += m.tokens_per_s * m.step_seconds;
    seconds += m.step_seconds;
  }
  std::string dir = o->resume.empty() ? o->out : o->resume;
  Json final = {{"final", true},
                {"step", trainer->steps_done()},
                {"loss", last.loss},
                {"val_loss", last.val_loss ? Json(*last.val_loss) : Json(nullptr)},
                {"val_bpb", last.val_bpb ? Json(*last.val_bpb) : Json(nullptr)},
                {"val_perplexity", last.val_loss ? Json(std::exp(*last.val_loss)) : Json(nullptr)},
                {"tokens_per_s", seconds > 0 ? std::round(tokens / seconds) : 0.0},
                {"parameters", model.parameter_count()},
                {"arch", model.arch()},
                {"forward_flops_per_token", model.forward_flops_per_token(model.context())},
                {"checkpoint", dir}};
  if (model.arch() == "spiking") {
    // Synaptic operations measured on one held-out window (training windows if none held out).
    const auto& window = data.val.size() > 1 ? data.val : data.train;
    const auto T = std::min<std::int64_t>(model.context(), std::int64_t(window.size()) - 1);
    nn::Probes probes;
    probes.spike_stats = true;
    tensor::Tape tape(tensor::cpu_backend());
    tape.set_grad_enabled(false);
    model.forward_backward(tape, window.data(), window.data() + 1, 1, T, 1.0f, &probes);
    final["synaptic_ops_per_token"] = probes.synaptic_ops_per_token;
    final["dense_mlp_flops_per_token"] = probes.dense_mlp_flops_per_token;
    final["firing_rate"] = probes.firing_rate;
  }
  if (o->profile) {
    Json ops = Json::array();
    double total = 0;
    for (const auto& [name, p] : trainer->profile())
      total += p.forward_seconds + p.backward_seconds;
    std::fprintf(stderr, "%-14s %10s %10s %8s %6s\n", "op", "forward s", "backward s", "calls",
                 "share");
    for (const auto& [name, p] : trainer->profile()) {
      double share = total > 0 ? (p.forward_seconds + p.backward_seconds) / total : 0;
      std::fprintf(stderr, "%-14s %10.3f %10.3f %8lld %5.1f%%\n", name.c_str(), p.forward_seconds,
                   p.backward_seconds, static_cast<long long>(p.calls), share * 100);
      ops.push_back({{"op", name},
                     {"forward_s", p.forward_seconds},
                     {"backward_s", p.backward_seconds},
                     {"calls", p.calls}});
    }
    final["profile"] = ops;
  }
  if (observer && seconds > 0) {  // outputs only from a run that trained
    observer->store_full_checkpoint();
    record.outputs(final);
  }
  if (json) {
    std::printf("%s\n", final.dump().c_str());
  } else {
    std::printf("done: step %lld, val loss %s, %s bits/byte, %.0f tokens/s; checkpoint in %s\n",
                static_cast<long long>(trainer->steps_done()),
                last.val_loss ? std::to_string(*last.val_loss).c_str() : "n/a",
                last.val_bpb ? std::to_string(*last.val_bpb).c_str() : "n/a",
                seconds > 0 ? tokens / seconds : 0.0, dir.c_str());
  }
  if (interrupt_token().cancelled()) {
    std::fprintf(stderr,
                 "ahenk: stopped at step %lld; checkpoint saved, continue with --resume %s%s\n",
                 static_cast<long long>(trainer->steps_done()), dir.c_str(),
                 record.active() ? (" (or --resume-run " + std::to_string(record.id()) +
                                    " --session " + record.file().string() + ")")
                                       .c_str()
                                 : "");
    return 130;
  }
  return 0;
}

}  // namespace

void add_train_command(CLI::App& app, Runner& run) {
  auto o = std::make_shared<TrainCli>();
  auto* cmd = app.add_subcommand(
      "train", "Train a language model on text or token files (checkpoints resume exactly)");
  cmd->add_option("--config", o->config, "Config JSON: {\"model\": {...}, \"train\": {...}}");
  cmd->add_option("--preset", o->preset, "Start from a preset: shakespeare-char, S, M");
  cmd->add_option("--set", o->sets,
                  "Override one setting: model.d_model=128, train.lr=3e-4 (repeatable)");
  cmd->add_option("--data", o->data,
                  "Text files (bytes, or encoded with --tokenizer) or token files from "
                  "'ahenk tokenizer encode'; the last val_fraction (10%) is held out");
  cmd->add_option("--tokenizer", o->tokenizer, "tokenizer.json (or .model) for text --data");
  cmd->add_option("-o,--out", o->out,
                  "Folder for checkpoints (state.json, model-*.safetensors); default: the "
                  "session's folder");
  cmd->add_option("--max-steps", o->max_steps, "Stop after this many steps in total");
  cmd->add_option("--max-time", o->max_time, "Stop after this many seconds of this run");
  cmd->add_option("--resume", o->resume, "Continue the run saved in this folder");
  cmd->add_option("--resume-run", o->resume_run,
                  "Continue this run of the session (an interrupted or stopped one; see "
                  "'ahenk session runs')");
  cmd->add_option("-j,--threads", o->threads, "Threads (0: one per core)");
  cmd->add_flag("--json", o->json, "One JSON line per log step, a last line with \"final\": true");
  cmd->add_flag("--profile", o->profile,
                "Print where the time went, per op (stderr; in the final JSON)");
  add_session_options(cmd, o->session);
  run_on_select(cmd, run, [o]() -> int {
    if (o->threads > 0) tensor::ThreadPool::set_global_threads(o->threads);
    std::unique_ptr<train::Trainer> trainer;
    std::unique_ptr<tokenize::Tokenizer> tok;
    std::unique_ptr<RunRecord> record;
    if (o->resume_run > 0) {
      if (o->session.none) throw std::runtime_error("--resume-run needs a session");
      fs::path file = session_file(o->session);
      {
        session::Session s(file);
        auto info = s.run(o->resume_run);
        if (info.status == session::RunStatus::running || info.status == session::RunStatus::paused)
          throw std::runtime_error("run " + std::to_string(o->resume_run) +
                                   " is still running (process " + std::to_string(info.pid) +
                                   "); stop it first");
        if (info.status == session::RunStatus::completed &&
            (o->max_steps < 0 || (info.last_step && o->max_steps <= *info.last_step)))
          throw std::runtime_error("run " + std::to_string(o->resume_run) +
                                   " is completed at step " +
                                   std::to_string(info.last_step.value_or(0)) +
                                   "; give --max-steps above that to train it further");
      }
      o->resume = checkpoint_of_run(file, o->resume_run);
      if (o->session.file.empty()) o->session.file = file.string();
      record = std::make_unique<RunRecord>(o->session, o->resume_run);
    } else if (!o->resume.empty() && !o->session.none) {
      // The session's run that owns this folder continues; otherwise a new run records it.
      fs::path file = session_file(o->session);
      std::string dir = fs::absolute(o->resume).lexically_normal().string();
      if (fs::exists(file)) {
        try {
          session::Session s(file);
          for (const auto& r : s.runs())
            if (r.kind == "train" && r.work_dir == dir) o->resume_run = r.id;
        } catch (const std::exception&) {
        }
      }
      if (o->resume_run > 0) record = std::make_unique<RunRecord>(o->session, o->resume_run);
    }
    if (!o->resume.empty()) {
      auto state = train::read_checkpoint_state(o->resume);
      std::vector<std::string> inputs = o->data;
      if (inputs.empty()) inputs = state["data"]["inputs"].get<std::vector<std::string>>();
      std::string tokenizer =
          state["tokenizer_file"].is_string()
              ? (fs::path(o->resume) / state["tokenizer_file"].get<std::string>()).string()
              : "";
      double val_fraction = state["config"]["train"].value("val_fraction", 0.1);
      auto data = train::load_training_data(inputs, tokenizer, val_fraction);
      nlohmann::json overrides = nlohmann::json::object();
      if (o->max_steps >= 0) overrides["train"]["max_steps"] = o->max_steps;
      overrides["train"]["max_time"] = o->max_time >= 0 ? o->max_time : 0.0;
      trainer = train::Trainer::resume(o->resume, std::move(data), overrides);
      if (!tokenizer.empty()) tok = tokenize::load_tokenizer(tokenizer);
      if (!record) {
        record = std::make_unique<RunRecord>(
            o->session, session::RunSpec{.kind = "train",
                                         .name = fs::path(o->resume).filename().string(),
                                         .config = trainer->config().to_json(),
                                         .work_dir = fs::absolute(o->resume).string()});
        record->inputs(inputs);
      }
    } else {
      if (o->data.empty()) throw std::runtime_error("--data is required (or --resume DIR)");
      nlohmann::json spec = o->preset.empty() ? nlohmann::json::object() : load_preset(o->preset);
      if (!o->config.empty()) spec.merge_patch(read_json_file(o->config));
      train::TrainConfig cfg = train::TrainConfig::from_json(spec);
      for (const auto& s : o->sets) cfg.set(s);
      if (o->max_steps >= 0) cfg.options.max_steps = o->max_steps;
      if (o->max_time >= 0) cfg.options.max_time = o->max_time;
      if (!o->tokenizer.empty()) {
        tok = tokenize::load_tokenizer(o->tokenizer);
        auto v = static_cast<std::int64_t>(tok->vocab_size());
        if (cfg.model.value("vocab_size", std::int64_t{0}) != v) {
          std::fprintf(stderr, "ahenk: model.vocab_size set to the tokenizer's %lld\n",
                       static_cast<long long>(v));
          cfg.model["vocab_size"] = v;
        }
      }
      std::string name = !o->preset.empty()   ? o->preset
                         : !o->config.empty() ? fs::path(o->config).stem().string()
                                              : std::string();
      nlohmann::json recorded = cfg.to_json();
      recorded["data"] = o->data;
      if (!o->tokenizer.empty()) recorded["tokenizer"] = o->tokenizer;
      record = std::make_unique<RunRecord>(
          o->session, session::RunSpec{.kind = "train", .name = name, .config = recorded});
      if (o->out.empty()) {
        if (!record->active())
          throw std::runtime_error(
              "--out DIR is required without a session (checkpoints go there)");
        o->out =
            (session::data_dir(record->file()) / "runs" / std::to_string(record->id())).string();
      }
      if (record->active()) {
        record->writer()->set_work_dir(record->id(),
                                       fs::absolute(o->out).lexically_normal().string());
        record->inputs(o->data);
        if (!o->tokenizer.empty()) record->artifact("tokenizer", o->tokenizer);
      }
      auto data = train::load_training_data(o->data, o->tokenizer, cfg.options.val_fraction);
      trainer = std::make_unique<train::Trainer>(cfg, std::move(data), o->out, o->tokenizer);
    }
    return record->guard([&]() -> int { return train_and_report(*o, *trainer, *record); });
  });
}

void add_sample_command(CLI::App& app, Runner& run) {
  struct Options {
    std::string checkpoint, prompt = "\n";
    train::SampleOptions sample;
    bool json = false;
    SessionCli session;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("sample", "Generate text from a checkpoint (KV cache)");
  cmd->add_option("--checkpoint", o->checkpoint, "Checkpoint folder (ahenk train --out)")
      ->required();
  cmd->add_option("--prompt", o->prompt, "Text to continue (default: a line break)");
  cmd->add_option("--max-tokens", o->sample.max_tokens, "Tokens to generate")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--temperature", o->sample.temperature, "0: greedy; 1: the model's distribution")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--top-k", o->sample.top_k, "Sample among the k most likely tokens (0: all)");
  cmd->add_option("--top-p", o->sample.top_p, "Sample among the smallest set with this mass")
      ->check(CLI::Range(1e-9, 1.0));
  cmd->add_option("--seed", o->sample.seed, "Random seed");
  cmd->add_flag("--bf16", o->sample.bf16_weights,
                "Read the weights as bfloat16 copies: half the memory traffic per token, faster; "
                "probabilities differ from f32 by about 1%");
  cmd->add_flag("--json", o->json, "Print JSON: the text, each token with its probability, speed");
  cmd->add_option("--alternatives", o->sample.alternatives,
                  "With --json: each token's N most likely alternatives and their probabilities")
      ->check(CLI::Range(0, 1000));
  add_session_options(cmd, o->session);
  run_on_select(
      cmd, run,
      recorded(
          [o] {
            const auto& so = o->sample;
            return RecordPlan{o->session,
                              {.kind = "sample",
                               .name = fs::path(o->checkpoint).filename().string(),
                               .config = {{"checkpoint", fs::absolute(o->checkpoint).string()},
                                          {"prompt", o->prompt},
                                          {"max_tokens", so.max_tokens},
                                          {"temperature", so.temperature},
                                          {"top_k", so.top_k},
                                          {"top_p", so.top_p},
                                          {"seed", so.seed},
                                          {"bf16", so.bf16_weights}}},
                              {}};
          },
          [o]() -> int {
            auto ckpt = train::load_checkpoint(o->checkpoint);
            std::unique_ptr<tokenize::Tokenizer> tok;
            if (!ckpt.tokenizer.empty()) tok = tokenize::load_tokenizer(ckpt.tokenizer);
            std::vector<std::int32_t> prompt;
            if (tok) {
              for (auto id : tok->encode(o->prompt))
                prompt.push_back(static_cast<std::int32_t>(id));
            } else {
              for (unsigned char c : o->prompt) prompt.push_back(c);
            }
            if (prompt.empty())
              throw std::runtime_error("the prompt encodes to no tokens; give some text");
            if (!o->json) std::printf("%s", o->prompt.c_str());
            std::vector<std::int32_t> generated;
            std::string shown;
            auto result = train::generate(
                *ckpt.model, tensor::cpu_backend(), prompt, o->sample,
                [&](const train::SampledToken& t) {
                  generated.push_back(t.id);
                  if (!o->json) {
                    std::string text = text_of(generated, tok.get());
                    // Print what is new (a multi-byte character may complete later).
                    if (text.size() > shown.size() && text.compare(0, shown.size(), shown) == 0) {
                      std::fwrite(text.data() + shown.size(), 1, text.size() - shown.size(),
                                  stdout);
                      std::fflush(stdout);
                      shown = text;
                    }
                  }
                  return !interrupt_token().cancelled();
                });
            double speed = result.seconds > 0 ? double(result.tokens.size()) / result.seconds : 0;
            if (auto* rec = current_record())
              rec->outputs({{"text", text_of(generated, tok.get())},
                            {"tokens", result.tokens.size()},
                            {"tokens_per_s", speed}});
            if (o->json) {
              Json tokens = Json::array();
              for (const auto& t : result.tokens) {
                tokens.push_back({{"id", t.id},
                                  {"text", text_of({t.id}, tok.get())},
                                  {"probability", t.probability},
                                  {"sampled_probability", t.sampled_probability}});
                if (!t.alternatives.empty()) {
                  Json alternatives = Json::array();
                  for (const auto& [id, p] : t.alternatives)
                    alternatives.push_back(
                        {{"id", id}, {"text", text_of({id}, tok.get())}, {"probability", p}});
                  tokens.back()["alternatives"] = alternatives;
                }
              }
              Json out = {{"prompt", o->prompt},
                          {"text", text_of(generated, tok.get())},
                          {"tokens", tokens},
                          {"tokens_per_s", speed},
                          {"prompt_tokens", prompt.size()},
                          {"prompt_seconds", result.prompt_seconds}};
              std::printf("%s\n", out.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
            } else {
              std::printf("\n");
              std::fflush(stdout);  // the text before the summary on a shared terminal or log
              std::fprintf(stderr, "ahenk: %zu tokens at %.0f tokens/s\n", result.tokens.size(),
                           speed);
            }
            return 0;
          }));
}

void add_eval_command(CLI::App& app, Runner& run) {
  struct Options {
    std::string checkpoint;
    std::vector<std::string> inputs;
    bool json = false;
    SessionCli session;
  };
  auto o = std::make_shared<Options>();
  auto* cmd =
      app.add_subcommand("eval", "Loss, perplexity and bits per byte of a checkpoint on text");
  cmd->add_option("--checkpoint", o->checkpoint, "Checkpoint folder")->required();
  cmd->add_option("INPUT", o->inputs, "Text files (or token files)")->required();
  cmd->add_flag("--json", o->json, "Print JSON");
  add_session_options(cmd, o->session);
  run_on_select(
      cmd, run,
      recorded(
          [o] {
            return RecordPlan{o->session,
                              {.kind = "eval",
                               .name = fs::path(o->checkpoint).filename().string(),
                               .config = {{"checkpoint", fs::absolute(o->checkpoint).string()}}},
                              o->inputs};
          },
          [o]() -> int {
            auto ckpt = train::load_checkpoint(o->checkpoint);
            auto data = train::load_training_data(o->inputs, ckpt.tokenizer, 0.0);
            std::uint64_t bytes = 0;
            if (data.source != "tokens") {
              for (const auto& f : o->inputs) bytes += fs::file_size(f);
            } else if (!ckpt.tokenizer.empty()) {
              auto tok = tokenize::load_tokenizer(ckpt.tokenizer);
              bytes = tok->decode(std::vector<std::uint32_t>(data.train.begin(), data.train.end()))
                          .size();
            }
            auto e = train::evaluate_stream(*ckpt.model, tensor::cpu_backend(), data.train, bytes);
            if (e.tokens == 0) throw std::runtime_error("the input holds fewer than two tokens");
            Json out = {
                {"checkpoint", o->checkpoint},
                {"tokens", e.tokens},
                {"loss", e.loss},
                {"perplexity", e.perplexity},
                {"bits_per_byte", e.bits_per_byte ? Json(*e.bits_per_byte) : Json(nullptr)}};
            if (auto* rec = current_record()) {
              rec->outputs(out);
              rec->metrics_from(out);
            }
            if (o->json) {
              std::printf("%s\n", out.dump(2).c_str());
            } else {
              std::printf("tokens %lld  loss %.4f  perplexity %.2f  bits/byte %s\n",
                          static_cast<long long>(e.tokens), e.loss, e.perplexity,
                          e.bits_per_byte ? std::to_string(*e.bits_per_byte).c_str()
                                          : "n/a (no tokenizer)");
            }
            return 0;
          }));
}

}  // namespace ahenk::cli
