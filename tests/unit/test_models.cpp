// Mamba and the spiking Transformer as whole models: the fast backend agrees with the reference
// backend on the loss and every gradient; generation (Mamba's recurrent step, the spiking model's
// KV cache) reproduces the training forward's loss position by position; both learn through the
// same Trainer; their probes fill what the views read; specs are strict.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ahenk/nn/mamba.h"
#include "ahenk/nn/transformer.h"
#include "ahenk/tensor/backend.h"
#include "ahenk/train/trainer.h"

using namespace ahenk;
using tensor::Index;

namespace {

nlohmann::json tiny_mamba() {
  return {{"arch", "mamba"}, {"vocab_size", 40}, {"d_model", 16}, {"n_layers", 2},
          {"d_state", 4},    {"expand", 2},      {"ctx", 80}};
}
nlohmann::json tiny_spiking() {
  return {{"arch", "spiking"}, {"vocab_size", 40},   {"d_model", 16},
          {"n_layers", 2},     {"n_heads", 2},       {"ctx", 24},
          {"slope", 2.0},      {"learn_beta", true}, {"beta", 0.8}};
}

std::vector<std::int32_t> random_tokens(Index n, Index vocab, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::int32_t> t(static_cast<std::size_t>(n));
  for (auto& x : t) x = std::int32_t(rng() % std::uint32_t(vocab));
  return t;
}

struct Pass {
  double loss;
  std::vector<std::vector<float>> grads;
};

Pass run(nn::LanguageModel& model, tensor::Backend& be, const std::vector<std::int32_t>& tokens,
         const std::vector<std::int32_t>& targets, Index B, Index T) {
  for (auto& p : model.parameters()) p.grad.fill(0.0f);
  tensor::Tape tape(be);
  auto r = model.forward_backward(tape, tokens.data(), targets.data(), B, T, 1.0f / float(B * T));
  tape.backward();
  Pass out{r.sum / double(r.count), {}};
  for (auto& p : model.parameters())
    out.grads.emplace_back(p.grad.data(), p.grad.data() + p.grad.numel());
  return out;
}

void expect_fast_equals_reference(const nlohmann::json& spec, Index B, Index T) {
  auto model = nn::make_model(spec, 3);
  auto tokens = random_tokens(B * T, model->vocab_size(), 1);
  auto targets = random_tokens(B * T, model->vocab_size(), 2);
  Pass ref = run(*model, tensor::reference_backend(), tokens, targets, B, T);
  for (auto st : {tensor::ScanStrategy::rows, tensor::ScanStrategy::chunks}) {
    tensor::set_scan_strategy(st);
    Pass fast = run(*model, tensor::cpu_backend(), tokens, targets, B, T);
    EXPECT_NEAR(fast.loss, ref.loss, 1e-5 * ref.loss);
    const auto& params = model->parameters();
    for (std::size_t i = 0; i < params.size(); ++i) {
      double num = 0, den = 0;
      for (std::size_t k = 0; k < ref.grads[i].size(); ++k) {
        double d = double(fast.grads[i][k]) - double(ref.grads[i][k]);
        num += d * d;
        den += double(ref.grads[i][k]) * double(ref.grads[i][k]);
      }
      EXPECT_GT(den, 0.0) << params[i].name << " has no gradient";
      EXPECT_LT(std::sqrt(num / den), 1e-4) << params[i].name;
    }
  }
  tensor::set_scan_strategy(tensor::ScanStrategy::automatic);
}

// Sum over positions of -log p(target) from step-by-step generation.
double generation_loss(nn::LanguageModel& model, const std::vector<std::int32_t>& tokens,
                       const std::vector<std::int32_t>& targets, bool bf16 = false) {
  auto gen = model.start_generation(tensor::cpu_backend(), bf16);
  double sum = 0;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const float* logits = gen->step(tokens[t]);
    double mx = -1e30, z = 0;
    for (Index v = 0; v < model.vocab_size(); ++v) mx = std::max(mx, double(logits[v]));
    for (Index v = 0; v < model.vocab_size(); ++v) z += std::exp(double(logits[v]) - mx);
    sum += mx + std::log(z) - double(logits[targets[t]]);
  }
  return sum;
}

}  // namespace

TEST(Models, MambaFastBackendMatchesReference) {
  // T = 80 crosses the scan's 64-step chunk.
  expect_fast_equals_reference(tiny_mamba(), 2, 80);
}

TEST(Models, SpikingFastBackendMatchesReference) {
  expect_fast_equals_reference(tiny_spiking(), 2, 24);
  auto zero_reset = tiny_spiking();
  zero_reset["reset"] = "zero";
  zero_reset["surrogate"] = "atan";
  expect_fast_equals_reference(zero_reset, 2, 24);
}

TEST(Models, GenerationReproducesTheTrainingForward) {
  for (auto spec : {tiny_mamba(), tiny_spiking()}) {
    auto model = nn::make_model(spec, 5);
    const Index T = spec["arch"] == "mamba" ? 80 : 24;
    auto tokens = random_tokens(T, model->vocab_size(), 3);
    auto targets = random_tokens(T, model->vocab_size(), 4);
    tensor::Tape tape(tensor::cpu_backend());
    tape.set_grad_enabled(false);
    auto r = model->forward_backward(tape, tokens.data(), targets.data(), 1, T, 1.0f);
    EXPECT_NEAR(generation_loss(*model, tokens, targets), r.sum, 1e-4 * r.sum) << spec["arch"];
    EXPECT_NEAR(generation_loss(*model, tokens, targets, true), r.sum, 0.02 * r.sum)
        << spec["arch"] << " with bf16 weights";
  }
}

TEST(Models, MambaGeneratesPastItsTrainingWindowWithConstantState) {
  auto model = nn::make_model(tiny_mamba(), 5);
  auto gen = model->start_generation(tensor::cpu_backend());
  for (int i = 0; i < 300; ++i) {  // ctx is 80: no sliding, no growth
    const float* logits = gen->step(i % 40);
    ASSERT_TRUE(std::isfinite(logits[0]));
  }
  EXPECT_EQ(gen->position(), 300);
}

TEST(Models, ProbesFillWhatTheViewsRead) {
  auto mamba = nn::make_model(tiny_mamba(), 1);
  auto tokens = random_tokens(2 * 80, 40, 1);
  nn::Probes p;
  p.scan_stats = true;
  p.state_layer = 1;
  p.state_channel = 3;
  tensor::Tape tape(tensor::cpu_backend());
  mamba->forward_backward(tape, tokens.data(), tokens.data(), 2, 80, 1.0f, &p);
  ASSERT_EQ(p.dt_mean.size(), 2u);
  EXPECT_GT(p.dt_mean[0], 0.0);
  EXPECT_GE(p.dt_max[0], p.dt_mean[0]);
  EXPECT_GT(p.state_rms[1], 0.0);
  EXPECT_EQ(p.state_trace.size(), 80u * 4u);

  auto spiking = nn::make_model(tiny_spiking(), 1);
  nn::Probes s;
  s.spike_stats = true;
  s.spike_layer = 0;
  s.spike_neurons = 10;
  tensor::Tape tape2(tensor::cpu_backend());
  spiking->forward_backward(tape2, tokens.data(), tokens.data(), 2, 24, 1.0f, &s);
  ASSERT_EQ(s.firing_rate.size(), 2u);
  for (double r : s.firing_rate) EXPECT_TRUE(r >= 0 && r <= 1);
  EXPECT_EQ(s.spikes.size(), 24u * 4u * 10u);
  EXPECT_EQ(s.membrane.size(), s.spikes.size());
  for (float v : s.spikes) EXPECT_TRUE(v == 0.0f || v == 1.0f);
  // Synaptic operations: spikes x fan-out, never more than every neuron firing every step.
  EXPECT_GE(s.synaptic_ops_per_token, 0.0);
  EXPECT_LE(s.synaptic_ops_per_token, 2.0 * 64 * 4 * 16);
  EXPECT_EQ(s.dense_mlp_flops_per_token, 2 * 2.0 * 64 * 16);
}

TEST(Models, SpecsAreStrictAndRoundTrip) {
  for (auto spec : {tiny_mamba(), tiny_spiking()}) {
    auto model = nn::make_model(spec, 1);
    auto again = nn::make_model(model->spec(), 1);
    EXPECT_EQ(again->spec(), model->spec());
    EXPECT_EQ(again->parameter_count(), model->parameter_count());
    auto typo = spec;
    typo["d_stat"] = 3;
    try {
      nn::make_model(typo, 1);
      ADD_FAILURE() << "accepted a typo";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("d_stat"), std::string::npos) << e.what();
    }
  }
  auto bad = tiny_spiking();
  bad["surrogate"] = "relu";
  EXPECT_THROW(nn::make_model(bad, 1), std::invalid_argument);
  EXPECT_THROW(nn::make_model({{"arch", "rnn"}}, 1), std::invalid_argument);
  nn::MambaConfig c;
  c.d_model = 100;
  EXPECT_EQ(c.rank(), 7);  // ceil(100 / 16)
}

TEST(Models, BothFamiliesLearnThroughTheTrainer) {
  std::string text;
  const char* words[] = {"the cat sat on the mat. ", "a dog ran in the fog. ", "to be or not. "};
  for (int i = 0; text.size() < 20000; ++i) text += words[(i * 7 + i / 3) % 3];
  train::TrainingData data;
  for (std::size_t i = 0; i < text.size(); ++i)
    (i < 18000 ? data.train : data.val).push_back(static_cast<unsigned char>(text[i]));
  data.val_bytes = text.size() - 18000;
  data.max_token = 255;
  data.source = "bytes";
  data.inputs = {"memory"};
  for (auto model :
       {nlohmann::json{
            {"arch", "mamba"}, {"vocab_size", 256}, {"d_model", 32}, {"n_layers", 2}, {"ctx", 32}},
        nlohmann::json{{"arch", "spiking"},
                       {"vocab_size", 256},
                       {"d_model", 32},
                       {"n_layers", 2},
                       {"n_heads", 2},
                       {"ctx", 32}}}) {
    auto cfg = train::TrainConfig::from_json({{"model", model},
                                              {"train",
                                               {{"batch_size", 4},
                                                {"lr", 3e-3},
                                                {"warmup_steps", 5},
                                                {"max_steps", 80},
                                                {"eval_interval", 0},
                                                {"eval_batches", 2},
                                                {"checkpoint_interval", 0},
                                                {"seed", 7}}}});
    train::Trainer trainer(cfg, data, "");
    double before = trainer.evaluate().loss;
    trainer.run();
    double after = trainer.evaluate().loss;
    EXPECT_LT(after, before - 1.5) << model["arch"] << ": " << before << " -> " << after;
  }
}
