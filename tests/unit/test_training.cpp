// The training loop as a user relies on it: it learns, resumes exactly, stops on NaN naming the
// weight and keeping the last good checkpoint, obeys pause/stop from another thread, samples as
// asked, and reads/writes safetensors with clear errors.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "ahenk/nn/inspect.h"
#include "ahenk/nn/transformer.h"
#include "ahenk/train/alarms.h"
#include "ahenk/train/generate.h"
#include "ahenk/train/safetensors.h"
#include "ahenk/train/trainer.h"

using namespace ahenk;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) {
  fs::path p = fs::temp_directory_path() /
               ("ahenk_test_training_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

// A text with structure a tiny model picks up in a few dozen steps.
std::string patterned_text(std::size_t bytes) {
  std::string words[] = {"the cat sat on the mat. ", "a dog ran in the fog. ",
                         "to be or not to be. "};
  std::string s;
  for (std::size_t i = 0; s.size() < bytes; ++i) s += words[(i * 7 + i / 3) % 3];
  return s;
}

train::TrainingData bytes_data(const std::string& text, double val_fraction = 0.1) {
  train::TrainingData d;
  std::size_t cut = static_cast<std::size_t>(double(text.size()) * (1 - val_fraction));
  for (std::size_t i = 0; i < text.size(); ++i)
    (i < cut ? d.train : d.val).push_back(static_cast<unsigned char>(text[i]));
  d.val_bytes = text.size() - cut;
  d.max_token = 255;
  d.source = "bytes";
  d.inputs = {"memory"};
  return d;
}

train::TrainConfig tiny_config(std::int64_t steps) {
  return train::TrainConfig::from_json(
      {{"model",
        {{"vocab_size", 256}, {"d_model", 32}, {"n_layers", 2}, {"n_heads", 2}, {"ctx", 32}}},
       {"train",
        {{"batch_size", 4},
         {"lr", 3e-3},
         {"warmup_steps", 5},
         {"max_steps", steps},
         {"eval_interval", 0},
         {"eval_batches", 2},
         {"checkpoint_interval", 0},
         {"seed", 7}}}});
}

std::vector<double> losses(const train::Trainer& t) {
  std::vector<double> out;
  for (const auto& m : t.metrics().read_since(0, nullptr)) out.push_back(m.loss);
  return out;
}

}  // namespace

TEST(Training, LearnsAPatternedText) {
  auto data = bytes_data(patterned_text(20000));
  train::Trainer trainer(tiny_config(60), data, "");
  auto before = trainer.evaluate();
  EXPECT_NEAR(before.loss, std::log(256.0), 0.3);  // an untrained model is near uniform
  auto last = trainer.run();
  ASSERT_TRUE(last.val_loss.has_value());
  EXPECT_LT(*last.val_loss, 0.5 * before.loss);
  ASSERT_TRUE(last.val_bpb.has_value());
  EXPECT_NEAR(*last.val_bpb, *last.val_loss / std::log(2.0), 1e-9);  // bytes: one token per byte
}

TEST(Training, GradientAccumulationMatchesOneBigBatch) {
  // Two micro-batches of 4 sequences give the gradient of one batch of 8 (same windows).
  auto data = bytes_data(patterned_text(5000));
  auto big = tiny_config(1);
  big.options.batch_size = 8;
  auto accumulated = tiny_config(1);
  accumulated.options.grad_accum = 2;
  train::Trainer a(big, data, ""), b(accumulated, data, "");
  auto ma = a.step();
  auto mb = b.step();
  EXPECT_NEAR(ma.loss, mb.loss, 1e-6);
  EXPECT_NEAR(ma.grad_norm, mb.grad_norm, 1e-5 * ma.grad_norm);
}

TEST(Training, ResumeContinuesExactly) {
  auto data = bytes_data(patterned_text(20000));
  fs::path dir = temp_dir("resume");
  train::Trainer straight(tiny_config(12), data, "");
  straight.run();
  auto expected = losses(straight);
  ASSERT_EQ(expected.size(), 12u);

  {
    auto cfg = tiny_config(12);
    cfg.options.max_steps = 5;
    train::Trainer first(cfg, data, dir.string());
    first.run();
  }
  ASSERT_TRUE(fs::exists(dir / "state.json"));
  ASSERT_TRUE(fs::exists(dir / "model-00000005.safetensors"));
  auto resumed = train::Trainer::resume(dir.string(), data, {{"train", {{"max_steps", 12}}}});
  EXPECT_EQ(resumed->steps_done(), 5);
  resumed->run();
  auto after = losses(*resumed);
  ASSERT_EQ(after.size(), 7u);
  for (std::size_t i = 0; i < after.size(); ++i)
    EXPECT_DOUBLE_EQ(after[i], expected[5 + i]) << "step " << 6 + i;
  // Only the newest checkpoint's files remain.
  EXPECT_FALSE(fs::exists(dir / "model-00000005.safetensors"));
  EXPECT_TRUE(fs::exists(dir / "model-00000012.safetensors"));
  fs::remove_all(dir);
}

TEST(Training, ResumeRefusesOtherData) {
  auto data = bytes_data(patterned_text(20000));
  fs::path dir = temp_dir("otherdata");
  train::Trainer(tiny_config(2), data, dir.string()).run();
  auto other = bytes_data(patterned_text(30000));
  EXPECT_THROW(train::Trainer::resume(dir.string(), other), std::runtime_error);
  fs::remove_all(dir);
}

TEST(Training, NanStopsNamingTheWeightAndKeepsTheLastCheckpoint) {
  auto data = bytes_data(patterned_text(20000));
  fs::path dir = temp_dir("nan");
  train::Trainer trainer(tiny_config(10), data, dir.string());
  trainer.step();
  trainer.save_checkpoint();
  for (auto& p : trainer.model().parameters())
    if (p.name == "blocks.1.mlp.down.weight") p.value.data()[3] = std::nanf("");
  try {
    trainer.step();
    FAIL() << "no TrainingDiverged";
  } catch (const train::TrainingDiverged& e) {
    EXPECT_EQ(e.step(), 2);
    EXPECT_NE(std::string(e.what()).find("blocks.1.mlp.down.weight"), std::string::npos)
        << e.what();
  }
  auto state = nlohmann::json::parse(std::ifstream(dir / "state.json"));
  EXPECT_EQ(state["step"], 1);
  fs::remove_all(dir);
}

TEST(Training, PauseResumeAndStopFromAnotherThread) {
  auto data = bytes_data(patterned_text(20000));
  fs::path dir = temp_dir("control");
  train::Trainer trainer(tiny_config(100000), data, dir.string());
  std::thread worker([&] { trainer.run(); });
  auto wait_for = [&](std::int64_t steps) {
    for (int i = 0; i < 2000 && trainer.steps_done() < steps; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  };
  wait_for(3);
  trainer.control().pause();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a step in flight finishes
  std::int64_t paused_at = trainer.steps_done();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(trainer.steps_done(), paused_at);
  trainer.control().resume();
  wait_for(paused_at + 3);
  EXPECT_GE(trainer.steps_done(), paused_at + 3);
  trainer.control().stop();
  worker.join();
  EXPECT_LT(trainer.steps_done(), 100000);
  auto state = nlohmann::json::parse(std::ifstream(dir / "state.json"));
  EXPECT_EQ(state["step"], trainer.steps_done());  // stopping saves a checkpoint
  fs::remove_all(dir);
}

TEST(Training, InternalsAreCapturedOnlyWhenRequested) {
  auto data = bytes_data(patterned_text(20000));
  train::Trainer trainer(tiny_config(10), data, "");
  trainer.step();
  EXPECT_FALSE(trainer.take_internals().has_value());
  trainer.request_internals(1, 0, true, true);
  trainer.step();
  auto in = trainer.take_internals();
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->step, 2);
  EXPECT_EQ(in->names.size(), trainer.model().parameters().size());
  for (double r : in->update_ratio) EXPECT_GT(r, 0.0);
  EXPECT_EQ(in->probes.residual_rms.size(), 2u);
  ASSERT_EQ(in->probes.hidden.size(), 2u);
  ASSERT_EQ(in->probes.hidden[1].size(), 32u * 32u);  // (T, C) of batch row 0
  double rms = 0;  // the captured rows are part of the stream whose RMS was measured
  for (float v : in->probes.hidden[1]) rms += double(v) * v;
  EXPECT_GT(rms, 0.0);
  ASSERT_EQ(in->probes.attention.size(), 32u * 32u);
  for (int i = 0; i < 32; ++i) {  // causal rows summing to one
    double row = 0;
    for (int j = 0; j < 32; ++j) {
      if (j > i) {
        EXPECT_EQ(in->probes.attention[i * 32 + j], 0.0f);
      }
      row += in->probes.attention[i * 32 + j];
    }
    EXPECT_NEAR(row, 1.0, 1e-4);
  }
  EXPECT_EQ(in->probes.attention_entropy.size(), 2u);
  EXPECT_FALSE(trainer.take_internals().has_value());
}

TEST(Training, CaptureHoldsTheTrainingBatchsAttentionAndTheEmbeddings) {
  auto data = bytes_data(patterned_text(20000));
  train::Trainer trainer(tiny_config(10), data, "");
  train::Trainer twin(tiny_config(10), data, "");  // the same weights and batches, step by step
  nn::Probes probes;
  probes.attention_all = true;
  trainer.request_capture(probes, true);
  trainer.request_internals(-1, -1, false);
  trainer.step();  // internals and a capture never share a step: internals first
  EXPECT_TRUE(trainer.take_internals().has_value());
  EXPECT_FALSE(trainer.take_capture().has_value());
  twin.step();
  trainer.step();
  auto c = trainer.take_capture();
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(trainer.take_capture().has_value());  // taken once
  EXPECT_EQ(c->step, 2);
  ASSERT_EQ(c->tokens.size(), 32u);
  EXPECT_EQ(c->layers, 2);
  EXPECT_EQ(c->heads, 2);
  // The maps are those of batch row 0 under the weights the step's forward pass used.
  const auto expected = nn::capture_attention(twin.model(), c->tokens);
  ASSERT_EQ(c->probes.attention_maps.size(), expected.p.size());
  for (std::size_t i = 0; i < expected.p.size(); ++i)
    ASSERT_NEAR(c->probes.attention_maps[i], expected.p[i], 1e-5) << i;
  ASSERT_EQ(c->probes.attention_map_entropy.size(), 4u);
  // The embeddings are the model's after the step.
  const auto& E = nn::token_embeddings(trainer.model());
  EXPECT_EQ(c->vocab, 256);
  EXPECT_EQ(c->dims, 32);
  EXPECT_EQ(c->embeddings, std::vector<float>(E.data(), E.data() + E.numel()));
  trainer.step();
  EXPECT_FALSE(trainer.take_capture().has_value());  // only when asked again
}

TEST(Training, ConfigRejectsUnknownKeysAndAppliesSet) {
  EXPECT_THROW(train::TrainConfig::from_json({{"model", {{"d_modle", 64}}}}),
               std::invalid_argument);
  EXPECT_THROW(train::TrainConfig::from_json({{"train", {{"lr", -1}}}}), std::invalid_argument);
  EXPECT_THROW(train::TrainConfig::from_json({{"model", {{"d_model", 30}, {"n_heads", 4}}}}),
               std::invalid_argument);
  auto cfg = tiny_config(10);
  cfg.set("model.d_model=64");
  cfg.set("train.lr=3e-4");
  EXPECT_EQ(cfg.model["d_model"], 64);
  EXPECT_DOUBLE_EQ(cfg.options.lr, 3e-4);
  EXPECT_THROW(cfg.set("lr=1"), std::invalid_argument);
  EXPECT_THROW(cfg.set("model.n_heads=3"), std::invalid_argument);  // 64 % 3 != 0
}

TEST(Training, ScheduleWarmsUpThenDecays) {
  train::Schedule s{1.0, 0.1, 10, 110};
  EXPECT_DOUBLE_EQ(train::lr_at(0, s), 0.1);
  EXPECT_DOUBLE_EQ(train::lr_at(9, s), 1.0);
  EXPECT_NEAR(train::lr_at(60, s), 0.55, 1e-12);  // half way down the cosine
  EXPECT_DOUBLE_EQ(train::lr_at(110, s), 0.1);
  EXPECT_DOUBLE_EQ(train::lr_at(500, s), 0.1);
}

TEST(Sampling, DistributionHonoursTemperatureTopKAndTopP) {
  std::vector<float> logits = {2.0f, 1.0f, 0.0f, -1.0f};
  train::SampleOptions o;
  auto p = train::sampling_distribution(logits.data(), 4, o);
  double z = std::exp(2.0) + std::exp(1.0) + 1 + std::exp(-1.0);
  EXPECT_NEAR(p[0], std::exp(2.0) / z, 1e-12);
  o.top_k = 2;
  p = train::sampling_distribution(logits.data(), 4, o);
  EXPECT_NEAR(p[0] + p[1], 1.0, 1e-12);
  EXPECT_EQ(p[2], 0.0);
  o.top_k = 0;
  o.top_p = 0.6;  // the first token alone has 0.64 of the mass
  p = train::sampling_distribution(logits.data(), 4, o);
  EXPECT_DOUBLE_EQ(p[0], 1.0);
  o.top_p = 1.0;
  o.temperature = 0;
  p = train::sampling_distribution(logits.data(), 4, o);
  EXPECT_DOUBLE_EQ(p[0], 1.0);
}

TEST(Sampling, IsReproducibleAndRunsPastTheContext) {
  auto model = nn::make_model(
      {{"vocab_size", 256}, {"d_model", 32}, {"n_layers", 1}, {"n_heads", 2}, {"ctx", 16}}, 3);
  train::SampleOptions o;
  o.max_tokens = 50;  // past ctx 16: the cache slides
  o.seed = 11;
  auto a = train::generate(*model, tensor::cpu_backend(), {10, 65}, o);
  auto b = train::generate(*model, tensor::cpu_backend(), {10, 65}, o);
  ASSERT_EQ(a.tokens.size(), 50u);
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_EQ(a.tokens[i].id, b.tokens[i].id);
    EXPECT_GT(a.tokens[i].probability, 0.0);
    EXPECT_LE(a.tokens[i].probability, 1.0);
  }
  EXPECT_THROW(train::generate(*model, tensor::cpu_backend(), {}, o), std::invalid_argument);
  // Alternatives: the most likely tokens, most likely first, the same choices as without them.
  o.alternatives = 5;
  auto c = train::generate(*model, tensor::cpu_backend(), {10, 65}, o);
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_EQ(c.tokens[i].id, a.tokens[i].id);
    ASSERT_EQ(c.tokens[i].alternatives.size(), 5u);
    double total = 0;
    for (std::size_t k = 0; k < 5; ++k) {
      total += c.tokens[i].alternatives[k].second;
      if (k > 0) {
        EXPECT_GE(c.tokens[i].alternatives[k - 1].second, c.tokens[i].alternatives[k].second);
      }
      if (c.tokens[i].alternatives[k].first == c.tokens[i].id) {
        EXPECT_NEAR(c.tokens[i].alternatives[k].second, c.tokens[i].probability, 1e-12);
      }
    }
    EXPECT_LE(total, 1.0 + 1e-9);
    EXPECT_GE(c.tokens[i].alternatives[0].second, c.tokens[i].probability);
  }
}

TEST(Safetensors, RoundTripAndClearErrors) {
  fs::path dir = temp_dir("st");
  train::SafetensorsWriter w;
  w.metadata["note"] = "hello";
  auto t = tensor::Tensor::zeros({2, 3});
  for (int i = 0; i < 6; ++i) t.data()[i] = float(i) * 0.5f;
  w.add_f32("w", t);
  w.add_i64("steps", {1, 2, 3});
  w.write((dir / "a.safetensors").string());
  auto f = train::SafetensorsFile::read((dir / "a.safetensors").string());
  EXPECT_EQ(f.metadata().at("note"), "hello");
  EXPECT_EQ(f.f32("w", {2, 3})[5], 2.5f);
  EXPECT_THROW(f.f32("w", {3, 2}), std::runtime_error);
  EXPECT_THROW(f.f32("missing"), std::runtime_error);
  EXPECT_THROW(f.f32("steps"), std::runtime_error);  // I64, not F32
  // Truncated: the error names the file and says so.
  auto size = fs::file_size(dir / "a.safetensors");
  fs::copy_file(dir / "a.safetensors", dir / "b.safetensors");
  fs::resize_file(dir / "b.safetensors", size - 4);
  try {
    train::SafetensorsFile::read((dir / "b.safetensors").string());
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("b.safetensors"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos);
  }
  std::ofstream(dir / "c.safetensors") << "garbage that is not a safetensors file";
  EXPECT_THROW(train::SafetensorsFile::read((dir / "c.safetensors").string()), std::runtime_error);
  fs::remove_all(dir);
}

namespace {
train::StepMetrics step_with(std::int64_t step, double loss, double grad) {
  train::StepMetrics m;
  m.step = step;
  m.loss = loss;
  m.grad_norm = grad;
  return m;
}
}  // namespace

TEST(Alarms, QuietOnANoisyDecreasingLossThenCatchEachKindOnce) {
  train::DivergenceMonitor monitor;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 0.02);
  std::int64_t step = 0;
  for (; step < 300; ++step) {  // a healthy run: no alarm
    const double loss = 3.0 * std::exp(-step / 200.0) + 1.0 + noise(rng);
    EXPECT_FALSE(monitor.observe(step_with(step + 1, loss, 1.0 + noise(rng))).has_value()) << step;
  }
  auto spike = monitor.observe(step_with(++step, 4.0, 1.0));
  ASSERT_TRUE(spike.has_value());
  EXPECT_EQ(spike->kind, "loss spike");
  EXPECT_EQ(spike->step, 301);
  EXPECT_NEAR(spike->expected, 1.7, 0.2);
  // The next steps of the same event are one alarm (cooldown), the same kind later is another.
  EXPECT_FALSE(monitor.observe(step_with(++step, 4.0, 1.0)).has_value());
  for (int i = 0; i < 60; ++i) monitor.observe(step_with(++step, 1.7 + noise(rng), 1.0));
  auto grad = monitor.observe(step_with(++step, 1.7, 50.0));
  ASSERT_TRUE(grad.has_value());
  EXPECT_EQ(grad->kind, "gradient explosion");
  EXPECT_NE(grad->message.find("gradient norm 50"), std::string::npos) << grad->message;
  auto nan = monitor.observe(step_with(++step, std::nan(""), 1.0));
  ASSERT_TRUE(nan.has_value());
  EXPECT_EQ(nan->kind, "non-finite");
  EXPECT_FALSE(monitor.observe(step_with(++step, std::nan(""), 1.0)).has_value());
}

TEST(Alarms, NothingDuringWarmupOrForARepeatedStep) {
  train::DivergenceMonitor monitor({.warmup = 20});
  for (int s = 1; s <= 10; ++s) EXPECT_FALSE(monitor.observe(step_with(s, s == 5 ? 100 : 2, 1)));
  for (int s = 11; s <= 40; ++s) monitor.observe(step_with(s, 2.0, 1.0));
  EXPECT_FALSE(monitor.observe(step_with(40, 100.0, 1.0)).has_value());  // seen already
  EXPECT_TRUE(monitor.observe(step_with(41, 100.0, 1.0)).has_value());
}

namespace ahenk::train {
namespace {

TEST(LayerGradNorms, BlocksAreOneVectorOthersStandAlone) {
  Internals in;
  in.names = {"tok_emb", "blocks.0.attn.wq", "blocks.0.mlp.w1", "blocks.10.attn.wq", "head"};
  in.grad_norm = {1, 3, 4, 2, 5};
  const auto layers = layer_grad_norms(in);
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0].first, "tok_emb");
  EXPECT_EQ(layers[1].first, "blocks.0");
  EXPECT_DOUBLE_EQ(layers[1].second, 5.0);  // sqrt(3^2 + 4^2)
  EXPECT_EQ(layers[2].first, "blocks.10");
  EXPECT_DOUBLE_EQ(layers[2].second, 2.0);
  EXPECT_EQ(layers[3].first, "head");
}

}  // namespace
}  // namespace ahenk::train
