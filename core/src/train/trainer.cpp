// The training loop, its checkpoints and its controls.
#include "ahenk/train/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include "ahenk/message.h"
#include "ahenk/nn/inspect.h"
#include "ahenk/nn/transformer.h"
#include "ahenk/tensor/thread_pool.h"
#include "ahenk/train/safetensors.h"

namespace ahenk::train {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kCheckpointFormat = "ahenk-checkpoint";
constexpr int kCheckpointVersion = 1;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void write_text_atomic(const fs::path& path, const std::string& text) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: cannot create (is the folder writable?)"),
                         {tmp.string()});
    out << text;
    out.flush();
    if (!out)
      throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: write failed (disk full?)"),
                         {tmp.string()});
  }
  fs::rename(tmp, path);
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine", "%1: cannot open (is this a checkpoint folder?)"),
        {path.string()});
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: byte %2: not valid JSON"),
                       {path.string(), std::to_string(e.byte)});
  }
}

std::string step_name(const char* stem, std::int64_t step) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s-%08lld.safetensors", stem, static_cast<long long>(step));
  return buf;
}

void load_weights(nn::LanguageModel& model, const SafetensorsFile& file) {
  for (auto& p : model.parameters()) file.read_into(p.name, p.value);
}

}  // namespace

// ---- options ----

nlohmann::json TrainOptions::to_json() const {
  return {{"batch_size", batch_size},
          {"grad_accum", grad_accum},
          {"lr", lr},
          {"min_lr", min_lr < 0 ? lr / 10 : min_lr},
          {"warmup_steps", warmup_steps},
          {"max_steps", max_steps},
          {"weight_decay", weight_decay},
          {"beta1", beta1},
          {"beta2", beta2},
          {"eps", eps},
          {"grad_clip", grad_clip},
          {"eval_interval", eval_interval},
          {"eval_batches", eval_batches},
          {"log_interval", log_interval},
          {"checkpoint_interval", checkpoint_interval},
          {"seed", seed},
          {"val_fraction", val_fraction},
          {"max_time", max_time},
          {"threads", threads}};
}

TrainOptions TrainOptions::from_json(const nlohmann::json& j) {
  TrainOptions o;
  if (!j.is_object())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "\"train\" must be a JSON object"));
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const auto& v = it.value();
    auto integer = [&](std::int64_t min) {
      if (!v.is_number_integer() || v.get<std::int64_t>() < min)
        throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "train.%1 must be an integer >= %2"),
                              {k, std::to_string(min)});
      return v.get<std::int64_t>();
    };
    auto number = [&] {
      if (!v.is_number())
        throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "train.%1 must be a number"), {k});
      return v.get<double>();
    };
    if (k == "batch_size")
      o.batch_size = integer(1);
    else if (k == "grad_accum")
      o.grad_accum = integer(1);
    else if (k == "lr")
      o.lr = number();
    else if (k == "min_lr")
      o.min_lr = number();
    else if (k == "warmup_steps")
      o.warmup_steps = integer(0);
    else if (k == "max_steps")
      o.max_steps = integer(0);
    else if (k == "weight_decay")
      o.weight_decay = number();
    else if (k == "beta1")
      o.beta1 = number();
    else if (k == "beta2")
      o.beta2 = number();
    else if (k == "eps")
      o.eps = number();
    else if (k == "grad_clip")
      o.grad_clip = number();
    else if (k == "eval_interval")
      o.eval_interval = integer(0);
    else if (k == "eval_batches")
      o.eval_batches = integer(1);
    else if (k == "log_interval")
      o.log_interval = integer(1);
    else if (k == "checkpoint_interval")
      o.checkpoint_interval = integer(0);
    else if (k == "seed")
      o.seed = static_cast<std::uint64_t>(integer(0));
    else if (k == "val_fraction")
      o.val_fraction = number();
    else if (k == "max_time")
      o.max_time = number();
    else if (k == "threads")
      o.threads = static_cast<int>(integer(0));
    else
      throw InvalidArgument(
          QT_TRANSLATE_NOOP("Engine",
                            "unknown train setting \"%1\" (known: batch_size grad_accum lr min_lr "
                            "warmup_steps max_steps weight_decay beta1 beta2 eps grad_clip "
                            "eval_interval eval_batches log_interval checkpoint_interval seed "
                            "val_fraction max_time threads)"),
          {k});
  }
  if (!(o.lr > 0)) throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "train.lr must be positive"));
  if (!(o.val_fraction >= 0 && o.val_fraction < 1))
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "train.val_fraction must be in [0, 1)"));
  if (!(o.beta1 >= 0 && o.beta1 < 1 && o.beta2 >= 0 && o.beta2 < 1))
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "train.beta1 and train.beta2 must be in [0, 1)"));
  return o;
}

TrainConfig TrainConfig::from_json(const nlohmann::json& j) {
  if (!j.is_object())
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine", "the config must be a JSON object"));
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it.key() != "model" && it.key() != "train" && it.key().rfind("description", 0) != 0)
      throw InvalidArgument(
          QT_TRANSLATE_NOOP("Engine",
                            "unknown config section \"%1\" (known: model, train, description, "
                            "description_<language>)"),
          {it.key()});
  TrainConfig c;
  c.model = j.value("model", nlohmann::json::object());
  if (!c.model.contains("arch")) c.model["arch"] = "transformer";
  c.options = TrainOptions::from_json(j.value("train", nlohmann::json::object()));
  nn::make_model(c.model, 0);  // validates the model section now, with its message
  return c;
}

void TrainConfig::set(const std::string& assignment) {
  auto eq = assignment.find('=');
  auto dot = assignment.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq)
    throw InvalidArgument(QT_TRANSLATE_NOOP("Engine",
                                            "--set expects section.key=value (e.g. "
                                            "model.d_model=128 or train.lr=3e-4), got "
                                            "\"%1\""),
                          {assignment});
  std::string section = assignment.substr(0, dot), key = assignment.substr(dot + 1, eq - dot - 1);
  std::string raw = assignment.substr(eq + 1);
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(raw);
  } catch (const nlohmann::json::parse_error&) {
    value = raw;
  }
  nlohmann::json j = to_json();
  if (section != "model" && section != "train")
    throw InvalidArgument(
        QT_TRANSLATE_NOOP("Engine", "--set: unknown section \"%1\" (model or train)"), {section});
  j[section][key] = value;
  *this = from_json(j);
}

// ---- control and metrics ----

void TrainControl::pause() {
  pause_ = true;
}
void TrainControl::resume() {
  {
    std::lock_guard lock(mutex_);
    pause_ = false;
  }
  cv_.notify_all();
}
void TrainControl::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
}
void TrainControl::wait_while_paused() {
  std::unique_lock lock(mutex_);
  cv_.wait(lock, [&] { return !pause_.load() || stop_.load(); });
}

void MetricsRing::push(const StepMetrics& m) {
  std::lock_guard lock(mutex_);
  if (ring_.size() < capacity_)
    ring_.push_back(m);
  else
    ring_[written_ % capacity_] = m;
  ++written_;
}

std::vector<StepMetrics> MetricsRing::read_since(std::uint64_t from, std::uint64_t* next) const {
  std::lock_guard lock(mutex_);
  std::uint64_t oldest = written_ > capacity_ ? written_ - capacity_ : 0;
  std::vector<StepMetrics> out;
  for (std::uint64_t i = std::max(from, oldest); i < written_; ++i)
    out.push_back(ring_[i % capacity_]);
  if (next != nullptr) *next = written_;
  return out;
}

// ---- the trainer ----

struct Trainer::Private {
  explicit Private(tensor::Backend& be) : tape(be) {}
  tensor::Tape tape;
  std::vector<std::int32_t> tokens, targets;
  std::mutex internals_mutex;
  bool want_internals = false;
  nn::Probes requested;
  std::optional<Internals> internals;
  bool want_capture = false, capture_embeddings = false;
  nn::Probes capture_request;
  std::optional<Capture> capture;
};

double measure_gemm_ceiling(tensor::Backend& backend) {
  static double cached = 0;
  if (cached > 0) return cached;
  const tensor::Index n = 1024;
  std::vector<float> a(n * n, 0.5f), b(n * n, 0.25f), c(n * n);
  double best = 0;
  for (int run = 0; run < 4; ++run) {
    auto t0 = Clock::now();
    backend.gemm(false, false, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    double s = seconds_since(t0);
    if (run > 0) best = std::max(best, 2.0 * double(n) * n * n / s / 1e9);
  }
  cached = best;
  return best;
}

Trainer::Trainer(TrainConfig config, TrainingData data, std::string out_dir, std::string tokenizer)
    : config_(std::move(config)),
      data_(std::move(data)),
      out_dir_(std::move(out_dir)),
      tokenizer_(std::move(tokenizer)),
      sampler_(config_.options.seed) {
  const TrainOptions& o = config_.options;
  if (o.threads > 0) tensor::ThreadPool::set_global_threads(o.threads);
  p_ = std::make_unique<Private>(tensor::cpu_backend());
  model_ = nn::make_model(config_.model, o.seed);
  if (data_.max_token >= model_->vocab_size())
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "the data contain token id %1 but the model's vocab_size is %2 (set "
                          "model.vocab_size to the tokenizer's size)"),
        {std::to_string(data_.max_token), std::to_string(model_->vocab_size())});
  if (static_cast<std::int64_t>(data_.train.size()) < model_->context() + 1)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "the training data hold %1 tokens, fewer than one window of ctx + 1 = "
                          "%2 (use more text or a smaller model.ctx)"),
        {std::to_string(data_.train.size()), std::to_string(model_->context() + 1)});
  optimizer_ = std::make_unique<AdamW>(model_->parameters(),
                                       AdamWOptions{o.lr, o.beta1, o.beta2, o.eps, o.weight_decay});
  const std::size_t n = static_cast<std::size_t>(o.batch_size * model_->context());
  p_->tokens.resize(n);
  p_->targets.resize(n);
  gemm_ceiling_ = measure_gemm_ceiling(tensor::cpu_backend());
  if (!out_dir_.empty()) fs::create_directories(out_dir_);
}

Trainer::~Trainer() = default;

void Trainer::set_profiling(bool on) {
  p_->tape.enable_profile(on);
  p_->tape.clear_profile();
}

std::vector<std::pair<std::string, tensor::OpProfile>> Trainer::profile() const {
  return p_->tape.profile();
}

void Trainer::request_internals(int attention_layer, int attention_head, bool activation_rms,
                                bool hidden_states) {
  std::lock_guard lock(p_->internals_mutex);
  p_->want_internals = true;
  p_->requested.attention_layer = attention_layer;
  p_->requested.attention_head = attention_head;
  p_->requested.activation_rms = activation_rms;
  p_->requested.hidden_states = hidden_states;
}

std::optional<Internals> Trainer::take_internals() {
  std::lock_guard lock(p_->internals_mutex);
  auto out = std::move(p_->internals);
  p_->internals.reset();
  return out;
}

void Trainer::request_capture(const nn::Probes& probes, bool embeddings) {
  std::lock_guard lock(p_->internals_mutex);
  p_->want_capture = true;
  p_->capture_request = probes;
  p_->capture_embeddings = embeddings;
}

std::optional<Capture> Trainer::take_capture() {
  std::lock_guard lock(p_->internals_mutex);
  auto out = std::move(p_->capture);
  p_->capture.reset();
  return out;
}

StepMetrics Trainer::step() {
  const TrainOptions& o = config_.options;
  auto t0 = Clock::now();
  tensor::Backend& be = tensor::cpu_backend();
  auto& params = model_->parameters();
  const std::int64_t B = o.batch_size, T = model_->context();

  bool internals = false, capturing = false, capture_embeddings = false;
  nn::Probes probes;
  {
    std::lock_guard lock(p_->internals_mutex);
    if (p_->want_internals) {
      internals = true;
      probes = p_->requested;
      p_->want_internals = false;
    } else if (p_->want_capture) {
      capturing = true;
      probes = p_->capture_request;
      capture_embeddings = p_->capture_embeddings;
      p_->want_capture = false;
    }
  }
  std::vector<std::int32_t> captured_tokens;

  auto t_zero = Clock::now();
  zero_grad(params);
  if (p_->tape.profiling())
    p_->tape.profile_entry("zero_grad").forward_seconds += seconds_since(t_zero);
  double loss_sum = 0;
  std::int64_t count = 0;
  const float grad_scale = 1.0f / float(B * T * o.grad_accum);
  for (std::int64_t micro = 0; micro < o.grad_accum; ++micro) {
    sampler_.sample(data_.train, B, T, p_->tokens.data(), p_->targets.data());
    if (capturing && micro == 0) captured_tokens.assign(p_->tokens.begin(), p_->tokens.begin() + T);
    p_->tape.reset();
    auto result =
        model_->forward_backward(p_->tape, p_->tokens.data(), p_->targets.data(), B, T, grad_scale,
                                 (internals || capturing) && micro == 0 ? &probes : nullptr);
    p_->tape.backward();
    loss_sum += result.sum;
    count += result.count;
  }
  p_->tape.reset();
  const std::int64_t step_number = step_ + 1;
  double loss = loss_sum / double(std::max<std::int64_t>(1, count));

  auto t_opt = Clock::now();
  std::vector<double> squares(params.size());
  double total = 0;
  for (std::size_t i = 0; i < params.size(); ++i) {
    squares[i] = be.sum_squares(params[i].grad.data(), params[i].grad.numel());
    total += squares[i];
  }
  double norm = std::sqrt(total);
  if (!std::isfinite(loss) || !std::isfinite(norm)) {
    // Name where it starts: a weight that is already non-finite, else the gradient nearest the
    // output (the backward pass runs from the last layer to the first).
    std::string where = !std::isfinite(loss) ? "the training loss" : "the gradient norm";
    bool found = false;
    for (auto& p : params)
      if (!std::isfinite(be.sum_squares(p.value.data(), p.value.numel()))) {
        where += " (weight " + p.name + " holds NaN/Inf)";
        found = true;
        break;
      }
    for (std::size_t i = params.size(); !found && i-- > 0;)
      if (!std::isfinite(squares[i])) {
        where += " (first in the backward pass: the gradient of " + params[i].name + ")";
        found = true;
      }
    throw TrainingDiverged(step_number, where);
  }
  if (o.grad_clip > 0 && norm > o.grad_clip) {
    float factor = float(o.grad_clip / (norm + 1e-6));
    for (auto& p : params) be.scale(p.grad.data(), p.grad.numel(), factor);
  }
  Schedule schedule{o.lr, o.min_lr < 0 ? o.lr / 10 : o.min_lr, o.warmup_steps, o.max_steps};
  double lr = lr_at(step_, schedule);

  std::vector<tensor::Tensor> before;
  if (internals)
    for (auto& p : params) before.push_back(p.value.clone());
  optimizer_->step(be, lr);
  if (p_->tape.profiling()) {
    auto& e = p_->tape.profile_entry("clip+adamw");
    e.forward_seconds += seconds_since(t_opt);
    ++e.calls;
  }
  step_ = step_number;

  StepMetrics m;
  m.step = step_;
  m.loss = loss;
  m.lr = lr;
  m.grad_norm = norm;
  m.step_seconds = seconds_since(t0);
  elapsed_ += m.step_seconds;
  m.elapsed_seconds = elapsed_;
  double tokens = double(B * T * o.grad_accum);
  m.tokens_per_s = tokens / m.step_seconds;
  if (gemm_ceiling_ > 0)
    m.mfu =
        3.0 * model_->forward_flops_per_token(T) * tokens / m.step_seconds / (gemm_ceiling_ * 1e9);

  if (internals) {
    Internals in;
    in.step = step_;
    for (std::size_t i = 0; i < params.size(); ++i) {
      in.names.push_back(params[i].name);
      in.grad_norm.push_back(std::sqrt(squares[i]));
      double w = 0, d = 0;
      const float* now = params[i].value.data();
      const float* old = before[i].data();
      for (tensor::Index k = 0; k < params[i].value.numel(); ++k) {
        w += double(old[k]) * old[k];
        d += double(now[k] - old[k]) * (now[k] - old[k]);
      }
      in.update_ratio.push_back(w > 0 ? std::sqrt(d / w) : 0.0);
    }
    in.probes = std::move(probes);
    std::lock_guard lock(p_->internals_mutex);
    p_->internals = std::move(in);
  }
  if (capturing) {
    Capture c;
    c.step = step_;
    c.tokens = std::move(captured_tokens);
    c.probes = std::move(probes);
    if (auto* t = dynamic_cast<nn::Transformer*>(model_.get())) {
      c.layers = t->config().n_layers;
      c.heads = t->config().n_heads;
    }
    if (capture_embeddings) {
      const tensor::Tensor& E = nn::token_embeddings(*model_);
      c.vocab = E.dim(0);
      c.dims = E.dim(1);
      c.embeddings.assign(E.data(), E.data() + E.numel());
    }
    std::lock_guard lock(p_->internals_mutex);
    p_->capture = std::move(c);
  }
  ring_.push(m);
  return m;
}

EvalMetrics Trainer::evaluate() {
  const TrainOptions& o = config_.options;
  EvalMetrics e;
  const auto& val = data_.val;
  std::int64_t T =
      std::min<std::int64_t>(model_->context(), static_cast<std::int64_t>(val.size()) - 1);
  if (T < 1) return e;  // no held-out data
  const std::int64_t B = o.batch_size;
  std::int64_t windows = B * o.eval_batches;
  std::int64_t span = static_cast<std::int64_t>(val.size()) - T - 1;
  std::vector<std::int32_t> tokens(static_cast<std::size_t>(B * T)), targets(tokens.size());
  tensor::Tape& tape = p_->tape;
  tape.set_grad_enabled(false);
  double sum = 0;
  std::int64_t count = 0;
  // Evenly spaced windows over the held-out data: the same ones at every evaluation.
  for (std::int64_t w0 = 0; w0 < windows; w0 += B) {
    std::int64_t rows = std::min(B, windows - w0);
    for (std::int64_t r = 0; r < rows; ++r) {
      std::int64_t start = windows > 1 ? span * (w0 + r) / (windows - 1) : 0;
      std::copy(val.begin() + start, val.begin() + start + T, tokens.begin() + r * T);
      std::copy(val.begin() + start + 1, val.begin() + start + T + 1, targets.begin() + r * T);
    }
    tape.reset();
    auto res = model_->forward_backward(tape, tokens.data(), targets.data(), rows, T, 1.0f);
    sum += res.sum;
    count += res.count;
  }
  tape.reset();
  tape.set_grad_enabled(true);
  e.tokens = count;
  e.loss = sum / double(std::max<std::int64_t>(1, count));
  e.perplexity = std::exp(e.loss);
  if (data_.val_bytes > 0)
    e.bits_per_byte = e.loss / std::numbers::ln2 * double(val.size()) / double(data_.val_bytes);
  return e;
}

StepMetrics Trainer::run(const std::function<void(const StepMetrics&)>& on_log) {
  const TrainOptions& o = config_.options;
  auto start = Clock::now();
  StepMetrics last;
  last.step = step_;
  while (step_ < o.max_steps && !control_.stopped()) {
    if (o.max_time > 0 && seconds_since(start) >= o.max_time) break;
    control_.wait_while_paused();
    if (control_.stopped()) break;
    last = step();
    bool at_end = step_ == o.max_steps;
    if (o.eval_interval > 0 && step_ % o.eval_interval == 0 && !at_end) {
      EvalMetrics e = evaluate();
      if (e.tokens > 0) {
        last.val_loss = e.loss;
        last.val_bpb = e.bits_per_byte;
      }
    }
    if (observer_ != nullptr && !at_end) observer_->on_step(last);
    if ((step_ % o.log_interval == 0 || last.val_loss) && on_log && !at_end) on_log(last);
    if (o.checkpoint_interval > 0 && step_ % o.checkpoint_interval == 0 && !at_end)
      save_checkpoint();
  }
  EvalMetrics e = evaluate();
  if (e.tokens > 0) {
    last.val_loss = e.loss;
    last.val_bpb = e.bits_per_byte;
  }
  // Only a step this call took (a resumed run with nothing left to do has no loss to report).
  if (observer_ != nullptr && last.step > 0 && last.step_seconds > 0) observer_->on_step(last);
  save_checkpoint();
  return last;
}

void Trainer::save_checkpoint() {
  if (out_dir_.empty()) return;
  if (observer_ != nullptr) observer_->before_checkpoint(step_);
  fs::path dir(out_dir_);
  fs::create_directories(dir);
  auto& params = model_->parameters();
  SafetensorsWriter weights;
  weights.metadata["format"] = kCheckpointFormat;
  weights.metadata["version"] = std::to_string(kCheckpointVersion);
  weights.metadata["model"] = model_->spec().dump();
  for (auto& p : params) weights.add_f32(p.name, p.value);
  std::string model_file = step_name("model", step_);
  weights.write((dir / model_file).string());

  SafetensorsWriter moments;
  moments.metadata["format"] = kCheckpointFormat;
  moments.metadata["optimizer_steps"] = std::to_string(optimizer_->steps());
  for (std::size_t i = 0; i < params.size(); ++i) {
    moments.add_f32("m." + params[i].name, optimizer_->first_moments()[i]);
    moments.add_f32("v." + params[i].name, optimizer_->second_moments()[i]);
  }
  std::string optimizer_file = step_name("optimizer", step_);
  moments.write((dir / optimizer_file).string());

  nlohmann::json tokenizer_file = nullptr;
  if (!tokenizer_.empty()) {
    fs::path name =
        fs::path(tokenizer_).extension() == ".model" ? "tokenizer.model" : "tokenizer.json";
    if (!fs::exists(dir / name) || !fs::equivalent(dir / name, tokenizer_))
      fs::copy_file(tokenizer_, dir / name, fs::copy_options::overwrite_existing);
    tokenizer_file = name.string();
  }
  nlohmann::json previous;
  if (fs::exists(dir / "state.json")) {
    try {
      previous = read_json(dir / "state.json");
    } catch (const std::exception&) {
    }
  }
  nlohmann::json state = {{"format", kCheckpointFormat},
                          {"version", kCheckpointVersion},
                          {"step", step_},
                          {"optimizer_steps", optimizer_->steps()},
                          {"elapsed_seconds", elapsed_},
                          {"sampler_state", sampler_.state()},
                          {"config", config_.to_json()},
                          {"model_file", model_file},
                          {"optimizer_file", optimizer_file},
                          {"tokenizer_file", tokenizer_file},
                          {"data",
                           {{"source", data_.source},
                            {"inputs", data_.inputs},
                            {"train_tokens", data_.train.size()},
                            {"val_tokens", data_.val.size()},
                            {"val_bytes", data_.val_bytes}}}};
  // state.json last: until it is renamed into place the previous checkpoint stays the valid one.
  write_text_atomic(dir / "state.json", state.dump(2));
  for (const char* key : {"model_file", "optimizer_file"})
    if (previous.contains(key) && previous[key].is_string() && previous[key] != state[key]) {
      std::error_code ec;
      fs::remove(dir / previous[key].get<std::string>(), ec);
    }
  if (observer_ != nullptr) observer_->on_checkpoint(dir.string(), state);
}

nlohmann::json read_checkpoint_state(const std::string& dir) {
  const fs::path path = fs::path(dir) / "state.json";
  nlohmann::json state = read_json(path);
  if (state.value("format", "") != kCheckpointFormat)
    throw RuntimeError(QT_TRANSLATE_NOOP("Engine", "%1: not an Ahenk checkpoint"), {path.string()});
  if (state.value("version", 0) > kCheckpointVersion)
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine", "%1: written by a newer Ahenk (checkpoint version %2)"),
        {path.string(), std::to_string(state.value("version", 0))});
  return state;
}

std::unique_ptr<Trainer> Trainer::resume(const std::string& checkpoint_dir, TrainingData data,
                                         const nlohmann::json& overrides) {
  fs::path dir(checkpoint_dir);
  nlohmann::json state = read_checkpoint_state(checkpoint_dir);
  nlohmann::json config = state["config"];
  if (!overrides.is_null()) config.merge_patch(overrides);
  const auto& saved = state["data"];
  if (saved.value("train_tokens", std::size_t{0}) != data.train.size() ||
      saved.value("val_tokens", std::size_t{0}) != data.val.size())
    throw RuntimeError(
        QT_TRANSLATE_NOOP("Engine",
                          "the data differ from the run being resumed (%1 training tokens then, "
                          "%2 now): resume with the same inputs and tokenizer"),
        {std::to_string(saved.value("train_tokens", std::size_t{0})),
         std::to_string(data.train.size())});
  std::string tokenizer;
  if (state["tokenizer_file"].is_string())
    tokenizer = (dir / state["tokenizer_file"].get<std::string>()).string();
  auto trainer = std::make_unique<Trainer>(TrainConfig::from_json(config), std::move(data),
                                           checkpoint_dir, tokenizer);
  auto weights = SafetensorsFile::read((dir / state["model_file"].get<std::string>()).string());
  load_weights(*trainer->model_, weights);
  auto moments = SafetensorsFile::read((dir / state["optimizer_file"].get<std::string>()).string());
  auto& params = trainer->model_->parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    moments.read_into("m." + params[i].name, trainer->optimizer_->first_moments()[i]);
    moments.read_into("v." + params[i].name, trainer->optimizer_->second_moments()[i]);
  }
  trainer->optimizer_->set_steps(state["optimizer_steps"].get<std::int64_t>());
  trainer->step_ = state["step"].get<std::int64_t>();
  trainer->elapsed_ = state.value("elapsed_seconds", 0.0);
  trainer->sampler_.set_state(state["sampler_state"].get<std::string>());
  return trainer;
}

EvalMetrics evaluate_stream(nn::LanguageModel& model, tensor::Backend& backend,
                            const std::vector<std::int32_t>& tokens, std::uint64_t bytes,
                            std::int64_t batch_size) {
  EvalMetrics e;
  const std::int64_t n = static_cast<std::int64_t>(tokens.size());
  if (n < 2) return e;
  for (auto t : tokens)
    if (t >= model.vocab_size())
      throw RuntimeError(
          QT_TRANSLATE_NOOP("Engine",
                            "token id %1 is outside the model's vocabulary (%2): wrong tokenizer?"),
          {std::to_string(t), std::to_string(model.vocab_size())});
  const std::int64_t T = std::min<std::int64_t>(model.context(), n - 1);
  tensor::Tape tape(backend);
  tape.set_grad_enabled(false);
  std::vector<std::int32_t> in(static_cast<std::size_t>(batch_size * T)), target(in.size());
  double sum = 0;
  std::int64_t count = 0;
  std::int64_t pos = 0;
  while (pos < n - 1) {
    std::int64_t rows = 0;
    std::fill(target.begin(), target.end(), -1);
    for (; rows < batch_size && pos < n - 1; ++rows) {
      std::int64_t len = std::min(T, n - 1 - pos);
      std::fill(in.begin() + rows * T, in.begin() + (rows + 1) * T, 0);
      std::copy(tokens.begin() + pos, tokens.begin() + pos + len, in.begin() + rows * T);
      std::copy(tokens.begin() + pos + 1, tokens.begin() + pos + 1 + len,
                target.begin() + rows * T);
      pos += len;
    }
    tape.reset();
    auto r = model.forward_backward(tape, in.data(), target.data(), rows, T, 1.0f);
    sum += r.sum;
    count += r.count;
  }
  e.tokens = count;
  e.loss = sum / double(count);
  e.perplexity = std::exp(e.loss);
  if (bytes > 0) e.bits_per_byte = sum / std::numbers::ln2 / double(bytes);
  return e;
}

LoadedCheckpoint load_checkpoint(const std::string& dir_name) {
  fs::path dir(dir_name);
  LoadedCheckpoint out;
  out.state = read_checkpoint_state(dir_name);
  auto weights = SafetensorsFile::read((dir / out.state["model_file"].get<std::string>()).string());
  auto spec = nlohmann::json::parse(weights.metadata().at("model"));
  out.model = nn::make_model(spec, 0);
  load_weights(*out.model, weights);
  if (out.state["tokenizer_file"].is_string())
    out.tokenizer = (dir / out.state["tokenizer_file"].get<std::string>()).string();
  return out;
}

std::vector<std::pair<std::string, double>> layer_grad_norms(const Internals& internals) {
  std::vector<std::pair<std::string, double>> out;  // name, sum of squares until the end
  for (std::size_t i = 0; i < internals.names.size() && i < internals.grad_norm.size(); ++i) {
    const std::string& name = internals.names[i];
    std::string group = name;
    if (name.rfind("blocks.", 0) == 0) group = name.substr(0, name.find('.', 7));
    const double sq = internals.grad_norm[i] * internals.grad_norm[i];
    if (!out.empty() && out.back().first == group)
      out.back().second += sq;
    else
      out.emplace_back(group, sq);
  }
  for (auto& [group, sum] : out) sum = std::sqrt(sum);
  return out;
}

}  // namespace ahenk::train
