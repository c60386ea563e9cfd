#include "render.h"

#include "ahenk/vulkan/offscreen.h"
#include "imgui_overlay.h"

namespace ahenk::inspect {

struct HeadlessRenderer::State {
  std::unique_ptr<vk::OffscreenRenderer> renderer;
  ImGuiOverlay overlay;
  View* attached = nullptr;
  ~State() {
    if (attached != nullptr) attached->destroy();
    overlay.destroy();
  }
};

std::unique_ptr<HeadlessRenderer> HeadlessRenderer::create(std::string* error) {
  auto renderer = vk::OffscreenRenderer::create(error);
  if (!renderer) return nullptr;
  auto state = std::make_unique<State>();
  state->renderer = std::move(renderer);
  auto* r = state->renderer.get();
  state->overlay.create(r->context(), r->render_pass(), VK_SAMPLE_COUNT_1_BIT,
                        [r](const ImGuiOverlay::Recorder& work) { r->submit_and_wait(work); });
  return std::unique_ptr<HeadlessRenderer>(new HeadlessRenderer(std::move(state)));
}

HeadlessRenderer::HeadlessRenderer(std::unique_ptr<State> state) : state_(std::move(state)) {}
HeadlessRenderer::~HeadlessRenderer() = default;

std::string HeadlessRenderer::device_name() const {
  return state_->renderer->device_name();
}

void HeadlessRenderer::detach(View& view) {
  if (state_->attached == &view) {
    view.destroy();
    state_->attached = nullptr;
  }
}

void HeadlessRenderer::mouse_move(View& view, float x, float y) {
  state_->overlay.mouse_move(x, y);
  view.mouse_move(x, y);
}

void HeadlessRenderer::mouse_button(View& view, int button, bool down) {
  state_->overlay.mouse_button(button, down);
  view.mouse_button(button, down);
}

vk::Image HeadlessRenderer::render(View& view, uint32_t width, uint32_t height, bool controls,
                                   int frames) {
  if (state_->attached != &view) {
    if (state_->attached != nullptr) state_->attached->destroy();
    view.create(state_->renderer->context(), state_->renderer->render_pass(),
                VK_SAMPLE_COUNT_1_BIT);
    state_->attached = &view;
  }
  vk::Image image;
  for (int f = 0; f < std::max(1, frames); ++f) {
    const FrameInfo info{float(width), float(height), 1.0f / 60, controls};
    state_->overlay.new_frame(info.width, info.height, info.dt, [&] { view.frame(info); });
    image = state_->renderer->render(view.canvas(), width, height, kBackground,
                                     [this](VkCommandBuffer cmd) { state_->overlay.record(cmd); });
  }
  return image;
}

}  // namespace ahenk::inspect
