// The offscreen Vulkan path on whatever device is present (lavapipe on CI): the point grid lands on
// the predicted pixels with the predicted colours, at any size, aspect and rotation.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "ahenk/vulkan/offscreen.h"
#include "ahenk/vulkan/point_grid_scene.h"
#include "ahenk/vulkan/report.h"

namespace ahenk::vk {
namespace {

constexpr std::array<float, 4> kClear{0.07f, 0.08f, 0.11f, 1.0f};

struct Rgb {
  int r, g, b;
};

Rgb at(const Image& image, uint32_t x, uint32_t y) {
  const uint8_t* p = image.pixel(x, y);
  return {p[0], p[1], p[2]};
}

void expect_near(const Image& image, uint32_t x, uint32_t y, Rgb want, const char* what) {
  const Rgb got = at(image, x, y);
  EXPECT_LE(std::abs(got.r - want.r), 2) << what << " at " << x << "," << y;
  EXPECT_LE(std::abs(got.g - want.g), 2) << what << " at " << x << "," << y;
  EXPECT_LE(std::abs(got.b - want.b), 2) << what << " at " << x << "," << y;
}

const Rgb kBackground{18, 20, 28};  // kClear * 255, rounded
const Rgb kBlue{0, 0, 255};         // uv (0,0): top left before rotation
const Rgb kPink{255, 0, 128};       // uv (1,0): top right
const Rgb kGreen{0, 255, 128};      // uv (0,1): bottom left
const Rgb kYellow{255, 255, 0};     // uv (1,1): bottom right

class OffscreenRender : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    renderer_ = OffscreenRenderer::create(&why);
    ASSERT_TRUE(renderer_) << "no Vulkan device: " << why;
    scene_.create(renderer_->context(), renderer_->render_pass(), VK_SAMPLE_COUNT_1_BIT);
    scene_.params().grid = 2;
    scene_.params().point_size = 8;
  }
  void TearDown() override { scene_.destroy(); }

  std::unique_ptr<OffscreenRenderer> renderer_;
  PointGridScene scene_;
};

TEST_F(OffscreenRender, FourPointsLandOnTheirPixelsWithTheirColours) {
  const Image image = renderer_->render(scene_, 64, 64, kClear);
  ASSERT_EQ(image.width, 64u);
  ASSERT_EQ(image.rgba.size(), 64u * 64u * 4u);
  // NDC +-0.8 -> pixel (1 +- 0.8) / 2 * 64 = 6.4 and 57.6; Vulkan's y points down.
  expect_near(image, 6, 6, kBlue, "top left");
  expect_near(image, 57, 6, kPink, "top right");
  expect_near(image, 6, 57, kGreen, "bottom left");
  expect_near(image, 57, 57, kYellow, "bottom right");
  expect_near(image, 32, 32, kBackground, "centre");
  // Points are discs of diameter 8: 6 px away from a centre is background.
  expect_near(image, 13, 6, kBackground, "outside the disc");
}

TEST_F(OffscreenRender, WideTargetsKeepTheGridSquare) {
  const Image image = renderer_->render(scene_, 128, 64, kClear);
  // x is divided by the aspect ratio 2: NDC +-0.4 -> pixels 38.4 and 89.6.
  expect_near(image, 38, 6, kBlue, "top left");
  expect_near(image, 89, 57, kYellow, "bottom right");
  expect_near(image, 6, 6, kBackground, "left margin");
}

TEST_F(OffscreenRender, RotationTurnsTheGridAboutItsCentre) {
  scene_.params().angle = float(M_PI / 2);
  const Image image = renderer_->render(scene_, 64, 64, kClear);
  // (x, y) -> (-y, x): each corner moves one corner clockwise on screen (y points down).
  expect_near(image, 57, 6, kBlue, "blue after a quarter turn");
  expect_near(image, 57, 57, kPink, "pink after a quarter turn");
  expect_near(image, 6, 57, kYellow, "yellow after a quarter turn");
  expect_near(image, 6, 6, kGreen, "green after a quarter turn");
}

TEST_F(OffscreenRender, RendersRepeatedlyAndWritesAPng) {
  scene_.params().grid = 64;
  scene_.params().point_size = 3;
  Image image;
  for (uint32_t size : {32u, 200u, 77u}) {
    image = renderer_->render(scene_, size, size + 5, kClear);
    EXPECT_EQ(image.width, size);
    EXPECT_EQ(image.height, size + 5);
  }
  const auto path = std::filesystem::temp_directory_path() / "ahenk-offscreen-test.png";
  write_png(image, path.string());
  EXPECT_GT(std::filesystem::file_size(path), 100u);
  std::filesystem::remove(path);
  EXPECT_THROW(write_png(image, "/nonexistent-folder/x.png"), std::runtime_error);
}

TEST(VulkanReport, ListsTheDeviceTheRendererUses) {
  const auto section = vulkan_section();
  ASSERT_TRUE(section["available"].get<bool>()) << section.dump();
  ASSERT_FALSE(section["devices"].empty());
  std::string why;
  auto renderer = OffscreenRenderer::create(&why);
  ASSERT_TRUE(renderer);
  bool listed = false;
  for (const auto& d : section["devices"]) listed |= d["name"] == renderer->device_name();
  EXPECT_TRUE(listed) << renderer->device_name() << " not in " << section.dump();
}

}  // namespace
}  // namespace ahenk::vk
