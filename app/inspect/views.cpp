#include "views.h"

#include <cmath>
#include <cstdio>

#include "view_common.h"

namespace ahenk::inspect {
namespace {

Translator& translator() {
  static Translator t;
  return t;
}

}  // namespace

void set_translator(Translator t) {
  translator() = std::move(t);
}

std::string localized(const char* source) {
  return translator() ? translator()(source) : std::string(source);
}

std::string label(const char* text, const char* id) {
  return localized(text) + "##" + id;
}

std::string format(const char* fmt, ...) {
  char buffer[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  return buffer;
}

void text_at(float x, float y, uint32_t colour, const std::string& text) {
  ImGui::GetBackgroundDrawList()->AddText(ImVec2(std::round(x), std::round(y)), colour,
                                          text.c_str());
}

void text_vertical(float x, float y, uint32_t colour, const std::string& text) {
  // Draw horizontally at the origin, then turn the new vertices about (x, y).
  ImDrawList* list = ImGui::GetBackgroundDrawList();
  const int first = list->VtxBuffer.Size;
  list->AddText(ImVec2(std::round(x), std::round(y)), colour, text.c_str());
  for (int i = first; i < list->VtxBuffer.Size; ++i) {
    ImVec2& p = list->VtxBuffer[i].pos;
    const float dx = p.x - x, dy = p.y - y;
    p = ImVec2(x + dy, y - dx);
  }
}

ImVec2 text_size(const std::string& text) {
  return ImGui::CalcTextSize(text.c_str());
}

std::string clip_label(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0, i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (chars == max_chars) return text.substr(0, i) + "…";
    i += len;
    ++chars;
  }
  return text;
}

void add_line(std::vector<vk::Vertex>& out, float x0, float y0, float x1, float y1,
              uint32_t colour) {
  out.push_back({x0, y0, 0, colour, 1});
  out.push_back({x1, y1, 0, colour, 1});
}

void add_rect_outline(std::vector<vk::Vertex>& out, float x0, float y0, float x1, float y1,
                      uint32_t colour) {
  add_line(out, x0, y0, x1, y0, colour);
  add_line(out, x1, y0, x1, y1, colour);
  add_line(out, x1, y1, x0, y1, colour);
  add_line(out, x0, y1, x0, y0, colour);
}

void add_rect_fill(std::vector<vk::Vertex>& out, float x0, float y0, float x1, float y1,
                   uint32_t colour) {
  for (auto [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y0}, {x1, y1}, {x0, y1}})
    out.push_back({x, y, 0, colour, 1});
}

// ---- View ----

void View::create(const vk::DeviceContext& context, VkRenderPass render_pass,
                  VkSampleCountFlagBits samples) {
  canvas_.create(context, render_pass, samples);
  invalidate();
}

void View::destroy() {
  canvas_.destroy();
}

void View::frame(const FrameInfo& info) {
  if (info.width != width_ || info.height != height_) {
    width_ = info.width;
    height_ = info.height;
    invalidate();
  }
  if (has_data() && message_.empty() && info.controls) controls(info);
  if (dirty_ && canvas_.created()) {
    canvas_.clear();
    canvas_.set_transform(vk::ortho_down(0, info.width, 0, info.height));
    if (has_data() && message_.empty()) layout(info);
    dirty_ = false;
  }
  if (!message_.empty() || !has_data()) {
    const std::string text =
        message_.empty() ? localized(QT_TRANSLATE_NOOP("InspectOverlay", "Nothing to show yet."))
                         : message_;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, info.width * 0.8f);
    ImGui::GetBackgroundDrawList()->AddText(
        ImGui::GetFont(), ImGui::GetFontSize(),
        ImVec2(std::round((info.width - size.x) / 2), std::round((info.height - size.y) / 2)), kDim,
        text.c_str(), nullptr, info.width * 0.8f);
  } else {
    labels(info);
  }
  clicked_ = false;
}

void View::record(VkCommandBuffer command_buffer, VkExtent2D extent) {
  canvas_.record(command_buffer, extent);
}

void View::mouse_move(float x, float y) {
  mouse_x_ = x;
  mouse_y_ = y;
}

void View::mouse_button(int button, bool down) {
  if (button < 0 || button > 2) return;
  if (button == 0 && down) {
    press_x_ = mouse_x_;
    press_y_ = mouse_y_;
  }
  if (button == 0 && !down && mouse_down_[0] &&
      std::hypot(mouse_x_ - press_x_, mouse_y_ - press_y_) < 4)
    clicked_ = true;
  mouse_down_[button] = down;
  invalidate();
}

std::unique_ptr<View> make_view(const std::string& id) {
  if (id == "embeddings") return std::make_unique<EmbeddingView>();
  if (id == "attention") return std::make_unique<AttentionView>();
  if (id == "rope") return std::make_unique<RopeView>();
  if (id == "spikes") return std::make_unique<SpikeView>();
  if (id == "scan") return std::make_unique<ScanView>();
  return nullptr;
}

}  // namespace ahenk::inspect
