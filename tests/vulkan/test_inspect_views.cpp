// The Inspect views rendered offscreen (lavapipe on CI) on fixed tiny models, compared with golden
// images within a tolerance; and their mouse handling (hover, click, selection) through the same
// headless host. Regenerate the goldens after an intended change of a view with
//   AHENK_UPDATE_GOLDEN=1 build/bin/test_inspect_views
// and look at them before committing (tests/golden/inspect/*.png).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "ahenk/nn/model.h"
#include "render.h"
#include <stb_image.h>
#include "subject.h"

namespace ahenk::inspect {
namespace {
namespace fs = std::filesystem;

// A subject without a checkpoint folder: a model made from its spec and seed (deterministic), bytes
// as tokens.
Subject tiny_subject(const nlohmann::json& spec, const std::string& prompt) {
  Subject s;
  s.name = spec.value("arch", "transformer") + "-tiny";
  s.checkpoint.model = nn::make_model(spec, 7);
  // At initialisation every head attends almost uniformly, so every map would look alike; larger
  // query and key weights give each head its own sharp pattern (and the golden images meaning).
  for (auto& p : s.checkpoint.model->parameters())
    if (p.name.find("attn.qkv.weight") != std::string::npos)
      for (std::int64_t i = 0; i < p.value.numel(); ++i) p.value.data()[i] *= 12.0f;
  set_prompt(s, prompt);
  count_frequencies(s);
  return s;
}

nlohmann::json transformer_spec() {
  return {{"arch", "transformer"}, {"vocab_size", 256}, {"d_model", 32},
          {"n_layers", 2},         {"n_heads", 4},      {"ctx", 64}};
}
nlohmann::json spiking_spec() {
  return {{"arch", "spiking"}, {"vocab_size", 256}, {"d_model", 32},
          {"n_layers", 2},     {"n_heads", 2},      {"ctx", 64}};
}
nlohmann::json mamba_spec() {
  return {{"arch", "mamba"}, {"vocab_size", 256}, {"d_model", 32},
          {"n_layers", 2},   {"d_state", 4},      {"ctx", 64}};
}

const char* kPrompt = "To be, or not to be: that is the question.";

class InspectViews : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    renderer_ = HeadlessRenderer::create(&why);
    ASSERT_TRUE(renderer_) << "no Vulkan device: " << why;
  }
  // Compares with tests/golden/inspect/NAME.png: at most 0.5% of pixels may differ by more than
  // 24 in a channel (text anti-aliasing, rasteriser rounding), and the mean difference stays small.
  void expect_golden(const vk::Image& image, const std::string& name) {
    const fs::path golden = fs::path(AHENK_GOLDEN_DIR) / "inspect" / (name + ".png");
    if (std::getenv("AHENK_UPDATE_GOLDEN") != nullptr) {
      fs::create_directories(golden.parent_path());
      vk::write_png(image, golden.string());
      GTEST_SKIP() << "wrote " << golden;
    }
    int w = 0, h = 0, channels = 0;
    unsigned char* data = stbi_load(golden.c_str(), &w, &h, &channels, 4);
    ASSERT_NE(data, nullptr) << "no golden image " << golden
                             << " (AHENK_UPDATE_GOLDEN=1 writes it)";
    ASSERT_EQ(uint32_t(w), image.width);
    ASSERT_EQ(uint32_t(h), image.height);
    std::size_t off = 0;
    double total = 0;
    for (std::size_t i = 0; i < image.rgba.size(); i += 4) {
      int worst = 0;
      for (int c = 0; c < 3; ++c) {
        const int d = std::abs(int(image.rgba[i + std::size_t(c)]) - int(data[i + std::size_t(c)]));
        worst = std::max(worst, d);
        total += d;
      }
      off += worst > 24;
    }
    stbi_image_free(data);
    const double pixels = double(image.width) * image.height;
    EXPECT_LE(double(off) / pixels, 0.005) << name << ": " << off << " pixels differ";
    EXPECT_LT(total / (3 * pixels), 1.0) << name;
    if (HasFailure()) {
      const fs::path got = fs::temp_directory_path() / ("ahenk-" + name + "-got.png");
      vk::write_png(image, got.string());
      ADD_FAILURE() << "this run's image: " << got;
    }
  }
  // The non-background share of an image: a view that drew nothing fails its golden test anyway,
  // but this says so directly.
  static double drawn(const vk::Image& image) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < image.rgba.size(); i += 4)
      n += std::abs(int(image.rgba[i]) - 18) + std::abs(int(image.rgba[i + 2]) - 28) > 12;
    return double(n) / (double(image.width) * image.height);
  }
  std::unique_ptr<HeadlessRenderer> renderer_;
};

TEST_F(InspectViews, EmbeddingsMatchTheGolden) {
  auto s = tiny_subject(transformer_spec(), kPrompt);
  EmbeddingView view;
  attach(view, s);
  ASSERT_TRUE(view.message().empty()) << view.message();
  view.set_colour_by(EmbeddingView::ColourBy::script);
  view.select('e');
  const auto image = renderer_->render(view, 640, 400);
  renderer_->detach(view);
  EXPECT_GT(drawn(image), 0.005);
  expect_golden(image, "embeddings");
}

TEST_F(InspectViews, AttentionMatchesTheGolden) {
  auto s = tiny_subject(transformer_spec(), kPrompt);
  AttentionView view;
  attach(view, s);
  ASSERT_TRUE(view.message().empty()) << view.message();
  view.select(1, 2);
  const auto image = renderer_->render(view, 800, 480);
  renderer_->detach(view);
  EXPECT_GT(drawn(image), 0.2);
  expect_golden(image, "attention");
}

TEST_F(InspectViews, RopeMatchesTheGolden) {
  auto s = tiny_subject(transformer_spec(), kPrompt);
  RopeView view;
  view.options().band = 1;
  attach(view, s);
  ASSERT_TRUE(view.message().empty()) << view.message();
  const auto image = renderer_->render(view, 800, 400);
  renderer_->detach(view);
  EXPECT_GT(drawn(image), 0.05);
  expect_golden(image, "rope");
}

TEST_F(InspectViews, SpikesMatchTheGolden) {
  auto s = tiny_subject(spiking_spec(), kPrompt);
  SpikeView view;
  view.options().neurons = 32;
  attach(view, s);
  ASSERT_TRUE(view.message().empty()) << view.message();
  const auto image = renderer_->render(view, 800, 400);
  renderer_->detach(view);
  EXPECT_GT(drawn(image), 0.1);
  expect_golden(image, "spikes");
}

TEST_F(InspectViews, SpikeRasterShowsAWindowOfThePromptsTokens) {
  auto s = tiny_subject(spiking_spec(), kPrompt);
  SpikeView view;
  view.options().neurons = 32;
  attach(view, s);
  const auto all = renderer_->render(view, 800, 400);
  // The last four tokens alone: each token's columns four times as wide, so the image changes;
  // the same window twice draws the same picture.
  const int T = int(s.tokens.size());
  view.set_window(T - 4, 4);
  const auto last = renderer_->render(view, 800, 400);
  view.set_window(T - 4, 100);  // a count past the end is cut to the end
  const auto again = renderer_->render(view, 800, 400);
  renderer_->detach(view);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < all.rgba.size(); ++i) changed += all.rgba[i] != last.rgba[i];
  EXPECT_GT(changed, 10000u);
  EXPECT_EQ(last.rgba, again.rgba);
}

TEST_F(InspectViews, ScanMatchesTheGolden) {
  auto s = tiny_subject(mamba_spec(), kPrompt);
  ScanView view;
  view.options().length = 8;
  attach(view, s);
  ASSERT_TRUE(view.message().empty()) << view.message();
  view.set_step(view.steps());
  const auto image = renderer_->render(view, 800, 400);
  renderer_->detach(view);
  EXPECT_GT(drawn(image), 0.1);
  expect_golden(image, "scan");
}

TEST_F(InspectViews, AViewTheModelCannotShowSaysWhy) {
  auto s = tiny_subject(mamba_spec(), kPrompt);
  for (const char* id : {"attention", "rope", "spikes"}) {
    auto view = make_view(id);
    attach(*view, s);
    EXPECT_NE(view->message().find("mamba"), std::string::npos) << id << ": " << view->message();
    // It still draws (the message, centred) without throwing.
    const auto image = renderer_->render(*view, 320, 200);
    renderer_->detach(*view);
    EXPECT_GT(drawn(image), 0.001) << id;
  }
  EXPECT_EQ(make_view("nope"), nullptr);
}

TEST_F(InspectViews, HoverAndClickSelectATokenAndListItsNeighbours) {
  auto s = tiny_subject(transformer_spec(), kPrompt);
  EmbeddingView view;
  attach(view, s);
  view.set_rotation(0, 0);
  renderer_->render(view, 640, 400);
  // Hover token 'e' where the view says it is drawn; it is then the hovered token.
  const auto at = view.screen_position('e', 640, 400);
  renderer_->mouse_move(view, at[0], at[1]);
  renderer_->render(view, 640, 400, true, 2);
  const tensor::Index found = view.hovered();
  ASSERT_GE(found, 0) << "no point under the mouse at " << at[0] << "," << at[1];
  // Another point may lie within the same few pixels; then it is the closer of the two.
  const auto got = view.screen_position(found, 640, 400);
  EXPECT_LE(std::hypot(got[0] - at[0], got[1] - at[1]), 0.5f);
  renderer_->mouse_button(view, 0, true);
  renderer_->mouse_button(view, 0, false);
  renderer_->render(view, 640, 400, true, 2);
  EXPECT_EQ(view.selected(), found);
  ASSERT_EQ(view.neighbours().size(), 10u);
  EXPECT_GE(view.neighbours()[0].second, view.neighbours()[9].second);
  renderer_->detach(view);
}

TEST_F(InspectViews, SearchFindsATokenAsTypedOrAsItsLabelShowsIt) {
  auto s = tiny_subject(transformer_spec(), kPrompt);
  EmbeddingView view;
  attach(view, s);
  view.set_query("q");
  EXPECT_EQ(view.selected(), 'q');
  view.set_query(" ");  // labels show a space as "␣"
  EXPECT_EQ(view.selected(), ' ');
  view.set_query("␣");
  EXPECT_EQ(view.selected(), ' ');
}

TEST_F(InspectViews, TsneMapFormsInTheBackgroundAndIsKeptPerCheckpoint) {
  auto s = tiny_subject(transformer_spec(), kPrompt);
  EmbeddingView view;
  attach(view, s);
  const auto pca = renderer_->render(view, 640, 400);
  nn::TsneOptions options;
  options.perplexity = 15;
  options.iterations = 200;
  options.exaggeration_iterations = 50;
  view.set_method(EmbeddingView::Method::tsne);
  view.start_tsne(options);  // replaces the run set_method started with the defaults
  EXPECT_TRUE(view.tsne_running());
  view.wait_for_tsne();
  EXPECT_FALSE(view.tsne_running());
  EXPECT_NE(view.tsne_status().find("200 / 200"), std::string::npos) << view.tsne_status();
  // What is drawn is the engine's map: distances on screen in the map's proportions.
  const auto& d = view.data();
  const auto map = nn::tsne(d.embeddings.data(), d.projection.points, d.dims, options);
  const auto image = renderer_->render(view, 640, 400, true, 60);  // past the 0.6 s move
  auto on_screen = [&](tensor::Index i) { return view.screen_position(i, 640, 400); };
  auto on_map = [&](tensor::Index i) {
    return std::array<float, 2>{map.coords[std::size_t(2 * i)], map.coords[std::size_t(2 * i + 1)]};
  };
  auto dist = [](std::array<float, 2> a, std::array<float, 2> b) {
    return std::hypot(a[0] - b[0], a[1] - b[1]);
  };
  const float screen_ratio =
      dist(on_screen('a'), on_screen('b')) / dist(on_screen('a'), on_screen('z'));
  const float map_ratio = dist(on_map('a'), on_map('b')) / dist(on_map('a'), on_map('z'));
  EXPECT_NEAR(screen_ratio, map_ratio, 1e-3f * map_ratio);
  EXPECT_GT(drawn(image), 0.005);
  std::size_t changed = 0;
  for (std::size_t i = 0; i < image.rgba.size(); ++i) changed += image.rgba[i] != pca.rgba[i];
  EXPECT_GT(changed, 1000u);
  // Back to PCA and to t-SNE again: the finished map is reused, not recomputed.
  view.set_method(EmbeddingView::Method::pca);
  view.set_method(EmbeddingView::Method::tsne);
  EXPECT_FALSE(view.tsne_running());
  // Another checkpoint starts a new map; destroying the view while it runs cancels it.
  auto next = view.data();
  next.checkpoint = "later";
  view.set_data(next, true);
  EXPECT_TRUE(view.tsne_running());
  renderer_->detach(view);
}

TEST_F(InspectViews, ClickingATileOfTheGridEnlargesThatHead) {
  auto s = tiny_subject(transformer_spec(), kPrompt);
  AttentionView view;
  attach(view, s);
  renderer_->render(view, 800, 480, true);
  EXPECT_EQ(view.layer(), 0);
  EXPECT_EQ(view.head(), 0);
  const auto r = view.tile_rect(1, 3);
  renderer_->mouse_move(view, (r[0] + r[2]) / 2, (r[1] + r[3]) / 2);
  renderer_->mouse_button(view, 0, true);
  renderer_->mouse_button(view, 0, false);
  renderer_->render(view, 800, 480, true, 2);
  const bool moved = view.layer() == 1 && view.head() == 3;
  EXPECT_TRUE(moved) << "no click landed on layer 1, head 3";
  renderer_->detach(view);
}

}  // namespace
}  // namespace ahenk::inspect
