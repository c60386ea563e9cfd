// Starts the real workbench under Xvfb, on the Inspect page, lets it draw through a Vulkan window
// (swapchain on lavapipe), and checks the screenshot: the window backend was used, frames were
// presented, and the picture is not blank (the point grid and the UI are in it). Both languages.
// The other pages too: each draws a picture that is not blank, in both languages.
#include <gtest/gtest.h>
#include <stb_image.h>

#include "process.h"
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>

namespace {
namespace fs = std::filesystem;

using ahenk::test::run_command;

void check_screenshot(const std::string& lang) {
  const fs::path png = fs::temp_directory_path() / ("ahenk-xvfb-" + lang + ".png");
  fs::remove(png);
  const std::string command = "xvfb-run -a -s '-screen 0 1280x800x24' " +
                              std::string(AHENK_WORKBENCH) + " --page inspect --lang " + lang +
                              " --size 1100x700 --screenshot " + png.string() + " 2>&1";
  int code = -1;
  const std::string out = run_command(command, &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("backend=window"), std::string::npos) << out;
  EXPECT_EQ(out.find("frames=0 "), std::string::npos) << "no frame was presented: " << out;

  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.string().c_str(), &w, &h, &channels, 3);
  ASSERT_NE(pixels, nullptr) << "cannot read " << png;
  EXPECT_EQ(w, 1100);
  EXPECT_EQ(h, 700);
  std::set<unsigned> colours;
  size_t dark = 0;  // the Vulkan view's clear colour (18, 20, 28)
  for (int i = 0; i < w * h; ++i) {
    const unsigned char* p = pixels + size_t(i) * 3;
    colours.insert(unsigned(p[0]) << 16 | unsigned(p[1]) << 8 | p[2]);
    if (std::abs(p[0] - 18) <= 2 && std::abs(p[1] - 20) <= 2 && std::abs(p[2] - 28) <= 2) ++dark;
  }
  stbi_image_free(pixels);
  EXPECT_GT(colours.size(), 300u) << "the screenshot looks blank";
  // The Vulkan area (most of the page) was really drawn, not left empty.
  EXPECT_GT(dark, size_t(w) * h / 5) << "the Vulkan view's background is missing";
  fs::remove(png);
}

// The Qt pages: each opens under Xvfb in both languages and draws a real picture (text, tables,
// charts), not an empty window.
void check_page(const std::string& page, const std::string& lang) {
  const fs::path png = fs::temp_directory_path() / ("ahenk-xvfb-" + page + "-" + lang + ".png");
  const fs::path session = fs::temp_directory_path() / ("ahenk-xvfb-" + page + ".ahenk");
  fs::remove(png);
  const std::string command = "xvfb-run -a -s '-screen 0 1280x800x24' " +
                              std::string(AHENK_WORKBENCH) + " --page " + page + " --lang " + lang +
                              " --size 1100x700 --delay 1200 --session-file " + session.string() +
                              " --screenshot " + png.string() + " 2>&1";
  int code = -1;
  const std::string out = run_command(command, &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("page=" + page), std::string::npos) << out;
  int w = 0, h = 0, channels = 0;
  unsigned char* pixels = stbi_load(png.string().c_str(), &w, &h, &channels, 3);
  ASSERT_NE(pixels, nullptr) << "cannot read " << png;
  EXPECT_EQ(w, 1100);
  std::set<unsigned> colours;
  for (int i = 0; i < w * h; ++i) {
    const unsigned char* p = pixels + size_t(i) * 3;
    colours.insert(unsigned(p[0]) << 16 | unsigned(p[1]) << 8 | p[2]);
  }
  stbi_image_free(pixels);
  EXPECT_GT(colours.size(), 60u) << page << " (" << lang << ") looks blank";
  fs::remove(png);
}

// The same Inspect view drawn through a Vulkan window (swapchain) and through the offscreen
// renderer (AHENK_VULKAN_VIEW=offscreen) gives the same image, within a small tolerance.
TEST(XvfbScreenshot, WindowAndOffscreenDrawTheSameView) {
  const fs::path dir = fs::temp_directory_path() / ("ahenk-xvfb-same-" + std::to_string(getpid()));
  fs::create_directories(dir);
  int code = -1;
  const std::string train = run_command(
      std::string(AHENK_CLI) + " train --preset sample-char --set model.d_model=32 --set " +
          "model.n_layers=2 --set model.ctx=64 --set train.batch_size=2 --max-steps 4 --data " +
          AHENK_SAMPLE + "/en/shakespeare.txt --out " + (dir / "ckpt").string() +
          " --no-session 2>&1",
      &code);
  ASSERT_EQ(code, 0) << train;
  std::vector<unsigned char> images[2];
  int width = 0, height = 0;
  for (int pass = 0; pass < 2; ++pass) {
    const fs::path view = dir / (pass == 0 ? "window.png" : "offscreen.png");
    const std::string command =
        std::string(pass == 0 ? "" : "AHENK_VULKAN_VIEW=offscreen ") +
        "xvfb-run -a -s '-screen 0 1280x800x24' " + AHENK_WORKBENCH +
        " --page inspect --view attention --lang en --size 1100x700 --delay 4000 --checkpoint " +
        (dir / "ckpt").string() + " --session-file " + (dir / "s.ahenk").string() +
        " --screenshot " + (dir / "window-all.png").string() + " --view-png " + view.string() +
        " 2>&1";
    const std::string out = run_command(command, &code);
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find(pass == 0 ? "backend=window" : "backend=offscreen"), std::string::npos)
        << out;
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load(view.string().c_str(), &w, &h, &channels, 3);
    ASSERT_NE(pixels, nullptr) << "cannot read " << view << "\n" << out;
    images[pass].assign(pixels, pixels + std::size_t(w) * h * 3);
    stbi_image_free(pixels);
    if (pass == 0) {
      width = w, height = h;
    } else {
      ASSERT_EQ(w, width);
      ASSERT_EQ(h, height);
    }
  }
  std::size_t differ = 0, drawn = 0;
  for (std::size_t i = 0; i < images[0].size(); i += 3) {
    int worst = 0;
    for (int c = 0; c < 3; ++c)
      worst = std::max(
          worst, std::abs(int(images[0][i + std::size_t(c)]) - int(images[1][i + std::size_t(c)])));
    differ += worst > 24;
    drawn += std::abs(int(images[0][i]) - 18) > 12;
  }
  const double pixels = double(width) * height;
  EXPECT_GT(double(drawn) / pixels, 0.1) << "the attention view looks empty";
  EXPECT_LE(double(differ) / pixels, 0.005) << differ << " of " << pixels << " pixels differ";
  fs::remove_all(dir);
}

TEST(XvfbScreenshot, EveryQtPageDrawsInBothLanguages) {
  for (const char* page :
       {"home", "corpus", "filters", "dedup", "tokenizer", "train", "sessions", "playground"})
    for (const char* lang : {"en", "tr"}) check_page(page, lang);
}

TEST(XvfbScreenshot, EnglishWorkbenchDrawsItsVulkanWindow) {
  check_screenshot("en");
}
TEST(XvfbScreenshot, TurkishWorkbenchDrawsItsVulkanWindow) {
  check_screenshot("tr");
}

}  // namespace
