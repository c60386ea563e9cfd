// A Dear ImGui overlay drawn inside a Vulkan render pass: the controls of an Inspect view. Works in
// both hosts (the Qt Vulkan window and the offscreen renderer), so the controls look the same in
// the window, in tests and in PNGs. Each overlay has its own ImGui context, so several views
// coexist.
//
//   ImGuiOverlay overlay;
//   overlay.create(context, render_pass, samples, submit_now);   // after the host's device exists
//   overlay.new_frame(width, height, dt, [&] { ImGui::SliderFloat(...); });
//   overlay.record(cmd);                                         // inside the render pass, last
//   overlay.destroy();                                           // before the device goes
//
// Qt input is forwarded through mouse_move/mouse_button/wheel/text (ImGui 1.86 has no event queue:
// the state is written into ImGuiIO). All calls on the render thread (the GUI thread here).
#pragma once

#include <vulkan/vulkan.h>

#include <functional>

#include "ahenk/vulkan/check.h"
#include "ahenk/vulkan/scene.h"

struct ImGuiContext;

namespace ahenk::inspect {

class ImGuiOverlay {
 public:
  using Recorder = std::function<void(VkCommandBuffer)>;
  // Runs a recorder in a one-shot command buffer and waits (used to upload the font texture).
  using SubmitNow = std::function<void(const Recorder&)>;

  ImGuiOverlay();
  ~ImGuiOverlay();
  ImGuiOverlay(const ImGuiOverlay&) = delete;
  ImGuiOverlay& operator=(const ImGuiOverlay&) = delete;

  void create(const vk::DeviceContext& context, VkRenderPass render_pass,
              VkSampleCountFlagBits samples, const SubmitNow& submit_now);
  void destroy();
  bool created() const { return created_; }

  // Input in physical pixels of the render target.
  void mouse_move(float x, float y);
  void mouse_button(int button, bool down);  // 0 left, 1 right, 2 middle
  void wheel(float steps);
  void text(const char* utf8);
  bool wants_mouse() const;

  // Starts a frame of width x height pixels and runs `build` to declare the widgets.
  void new_frame(float width, float height, float dt_seconds, const std::function<void()>& build);
  // Records the frame's draw commands (inside the render pass).
  void record(VkCommandBuffer command_buffer);

 private:
  void make_current() const;

  ImGuiContext* context_ = nullptr;
  vk::UniqueDescriptorPool pool_;
  bool created_ = false;
  bool frame_open_ = false;
};

}  // namespace ahenk::inspect
