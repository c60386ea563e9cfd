// The Canvas every Inspect view draws through, on the offscreen renderer (lavapipe on CI): points,
// lines, triangles and heatmap cells land on the predicted pixels with the predicted colours.
#include <gtest/gtest.h>

#include <cmath>

#include "ahenk/vulkan/canvas.h"
#include "ahenk/vulkan/offscreen.h"

namespace ahenk::vk {
namespace {

constexpr std::array<float, 4> kBlack{0, 0, 0, 1};

struct Rgb {
  int r, g, b;
};
Rgb at(const Image& image, uint32_t x, uint32_t y) {
  const uint8_t* p = image.pixel(x, y);
  return {p[0], p[1], p[2]};
}
void expect_near(const Image& image, uint32_t x, uint32_t y, Rgb want, int tolerance = 2) {
  const Rgb got = at(image, x, y);
  EXPECT_LE(std::abs(got.r - want.r), tolerance) << x << "," << y << ": " << got.r;
  EXPECT_LE(std::abs(got.g - want.g), tolerance) << x << "," << y << ": " << got.g;
  EXPECT_LE(std::abs(got.b - want.b), tolerance) << x << "," << y << ": " << got.b;
}

class CanvasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    renderer_ = OffscreenRenderer::create(&why);
    ASSERT_TRUE(renderer_) << "no Vulkan device: " << why;
    canvas_.create(renderer_->context(), renderer_->render_pass(), VK_SAMPLE_COUNT_1_BIT);
  }
  void TearDown() override { canvas_.destroy(); }
  std::unique_ptr<OffscreenRenderer> renderer_;
  Canvas canvas_;
};

TEST_F(CanvasTest, PointsLinesAndTrianglesLandWhereTheTransformPutsThem) {
  // Units 0..100 both ways, y up: (25, 75) is pixel (16, 16) of a 64 x 64 target.
  canvas_.set_transform(ortho(0, 100, 0, 100));
  canvas_.set_points({{25, 75, 0, rgba(255, 0, 0), 6}, {75, 25, 0, rgba(0, 255, 0, 128), 6}});
  canvas_.set_lines({{0, 50, 0, rgba(0, 0, 255)}, {100, 50, 0, rgba(0, 0, 255)}});
  canvas_.set_triangles({{60, 60, 0, rgba(255, 255, 255)},
                         {90, 60, 0, rgba(255, 255, 255)},
                         {90, 90, 0, rgba(255, 255, 255)}});
  const Image image = renderer_->render(canvas_, 64, 64, kBlack);
  expect_near(image, 16, 16, {255, 0, 0});
  expect_near(image, 48, 48, {0, 128, 0}, 3);  // half-transparent green over black
  expect_near(image, 16, 20, {0, 0, 0});       // outside the point's disc
  // The horizontal line at y = 50 covers a row near 32, across the width.
  int blue_rows = 0;
  for (uint32_t y = 30; y <= 34; ++y) blue_rows += at(image, 5, y).b > 200;
  EXPECT_EQ(blue_rows, 1);
  expect_near(image, 55, 20, {255, 255, 255});  // inside the triangle (x 60..90 -> 38..58)
  expect_near(image, 41, 20, {0, 0, 0});        // above its hypotenuse
  // project() agrees with the pixels: (25, 75) -> NDC (-0.5, -0.5).
  const auto p = project(canvas_.transform(), 25, 75, 0);
  EXPECT_NEAR(p[0], -0.5f, 1e-6);
  EXPECT_NEAR(p[1], -0.5f, 1e-6);
}

TEST_F(CanvasTest, HeatmapCellsShowTheirValuesThroughTheColormap) {
  // Two 2 x 2 tiles side by side in pixel-like units (y down); grey maps 0..1 to black..white.
  const std::vector<float> values = {0, 1, 0.5f, 0.25f, /* second tile */ -1, 1, 0, 0};
  canvas_.set_transform(ortho_down(0, 64, 0, 32));
  canvas_.set_heatmap(values, {{{0, 0, 32, 32}, 0, 2, 2, Colormap::grey, 0, 1},
                               {{32, 0, 64, 32}, 4, 2, 2, Colormap::diverging, -1, 1}});
  const Image image = renderer_->render(canvas_, 64, 32, kBlack);
  expect_near(image, 8, 8, {0, 0, 0});
  expect_near(image, 24, 8, {255, 255, 255});
  expect_near(image, 8, 24, {128, 128, 128}, 3);
  expect_near(image, 24, 24, {64, 64, 64}, 3);
  expect_near(image, 40, 8, {59, 77, 191}, 3);     // -1: the blue end
  expect_near(image, 56, 8, {181, 5, 38}, 3);      // +1: the red end
  expect_near(image, 40, 24, {247, 247, 247}, 3);  // 0: white in the middle
  EXPECT_THROW(canvas_.set_heatmap(values, {{{0, 0, 1, 1}, 6, 2, 2}}), std::invalid_argument);
  // Replacing the data with a bigger block reallocates and still draws.
  std::vector<float> big(64 * 64, 1.0f);
  canvas_.set_heatmap(big, {{{0, 0, 64, 32}, 0, 64, 64, Colormap::grey, 0, 1}});
  expect_near(renderer_->render(canvas_, 64, 32, kBlack), 10, 10, {255, 255, 255});
  canvas_.clear();
  expect_near(renderer_->render(canvas_, 64, 32, kBlack), 10, 10, {0, 0, 0});
}

// The compute splat (large clouds) covers the same pixels as rasterised round points: the same
// disc rule, later points on top.
TEST_F(CanvasTest, SplattedPointsCoverWhatRasterisedPointsCover) {
  canvas_.set_transform(ortho(0, 100, 0, 100));
  canvas_.set_point_mode(Canvas::PointMode::splat);
  canvas_.set_points({{25, 75, 0, rgba(255, 0, 0), 6}, {75, 25, 0, rgba(0, 255, 0), 6}});
  Image image = renderer_->render(canvas_, 64, 64, kBlack);
  expect_near(image, 16, 16, {255, 0, 0});
  expect_near(image, 48, 48, {0, 255, 0});
  expect_near(image, 16, 20, {0, 0, 0});

  // Many opaque points, both ways.
  std::vector<Vertex> cloud;
  uint32_t seed = 1;
  auto next = [&] { return (seed = seed * 1664525u + 1013904223u) >> 8; };
  for (int i = 0; i < 3000; ++i)
    cloud.push_back({float(next() % 10000) / 100, float(next() % 10000) / 100, 0,
                     rgba(uint8_t(next()), uint8_t(next()), uint8_t(next())), 5});
  canvas_.set_points(cloud);
  canvas_.set_point_mode(Canvas::PointMode::raster);
  const Image raster = renderer_->render(canvas_, 256, 256, kBlack);
  canvas_.set_point_mode(Canvas::PointMode::splat);
  const Image splat = renderer_->render(canvas_, 256, 256, kBlack);
  std::size_t differ = 0, covered = 0;
  for (std::size_t i = 0; i < raster.rgba.size(); i += 4) {
    const bool r_on = raster.rgba[i] | raster.rgba[i + 1] | raster.rgba[i + 2];
    const bool s_on = splat.rgba[i] | splat.rgba[i + 1] | splat.rgba[i + 2];
    covered += r_on;
    differ += r_on != s_on;
  }
  EXPECT_GT(covered, 10000u);
  EXPECT_LE(double(differ) / double(covered), 0.01) << differ << " of " << covered;
  // Automatic: rasterised up to kSplatAbove points, splatted above; both draw.
  canvas_.set_point_mode(Canvas::PointMode::automatic);
  std::vector<Vertex> big(Canvas::kSplatAbove + 1, {50, 50, 0, rgba(0, 0, 255), 8});
  canvas_.set_points(big);
  expect_near(renderer_->render(canvas_, 64, 64, kBlack), 32, 32, {0, 0, 255});
}

}  // namespace
}  // namespace ahenk::vk
