// Renders an Inspect view without a window: the offscreen Vulkan renderer, the view's canvas and
// its ImGui labels (and controls, when asked), read back as an image. For `ahenk render`, the
// golden-image tests and the frame-time benchmark.
//
//   std::string why;
//   auto r = ahenk::inspect::HeadlessRenderer::create(&why);   // null, with why, without Vulkan
//   ahenk::vk::Image png = r->render(view, 1280, 720);
#pragma once

#include <memory>
#include <string>

#include "ahenk/vulkan/image.h"
#include "views.h"

namespace ahenk::inspect {

class HeadlessRenderer {
 public:
  static std::unique_ptr<HeadlessRenderer> create(std::string* error);
  ~HeadlessRenderer();
  HeadlessRenderer(const HeadlessRenderer&) = delete;
  HeadlessRenderer& operator=(const HeadlessRenderer&) = delete;

  std::string device_name() const;
  // Attaches the view (create hooks) on first use; runs `frames` frames (ImGui sizes its windows
  // on the first and shows them on the second) and returns the last one.
  vk::Image render(View& view, uint32_t width, uint32_t height, bool controls = false,
                   int frames = 3);
  // Input for the next frames, in pixels.
  void mouse_move(View& view, float x, float y);
  void mouse_button(View& view, int button, bool down);
  // Releases the view's resources (before the view or the renderer goes).
  void detach(View& view);

 private:
  struct State;
  explicit HeadlessRenderer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

inline constexpr std::array<float, 4> kBackground{0.07f, 0.08f, 0.11f, 1.0f};

}  // namespace ahenk::inspect
