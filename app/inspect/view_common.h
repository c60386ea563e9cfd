// Helpers shared by the Inspect views (internal): translated labels, text drawn over the canvas,
// and outlines in canvas vertices.
#pragma once

#include <imgui.h>

#include <cstdarg>
#include <string>
#include <vector>

#include "ahenk/message.h"
#include "ahenk/vulkan/canvas.h"
#include "translate.h"

namespace ahenk::inspect {

// Translated label with a stable ImGui id ("Katman##layer"), so widget state survives a language
// change.
std::string label(const char* text, const char* id);
// printf into a std::string.
std::string format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Text over the canvas (under ImGui's windows), in pixels; vk::rgba colours are ImGui's IM_COL32.
void text_at(float x, float y, uint32_t colour, const std::string& text);
// Text turned 90 degrees counter-clockwise, read bottom to top, its baseline's start at (x, y).
void text_vertical(float x, float y, uint32_t colour, const std::string& text);
ImVec2 text_size(const std::string& text);
// A token label cut to at most `max_chars` code points, with "…" when cut.
std::string clip_label(const std::string& text, std::size_t max_chars);

void add_line(std::vector<vk::Vertex>& out, float x0, float y0, float x1, float y1,
              uint32_t colour);
void add_rect_outline(std::vector<vk::Vertex>& out, float x0, float y0, float x1, float y1,
                      uint32_t colour);
void add_rect_fill(std::vector<vk::Vertex>& out, float x0, float y0, float x1, float y1,
                   uint32_t colour);

inline constexpr uint32_t kText = vk::rgba(230, 232, 238);
inline constexpr uint32_t kDim = vk::rgba(140, 146, 160);
inline constexpr uint32_t kFrame = vk::rgba(90, 96, 112);
inline constexpr uint32_t kAccent = vk::rgba(255, 196, 61);
inline constexpr uint32_t kQuery = vk::rgba(255, 112, 67);
inline constexpr uint32_t kKey = vk::rgba(79, 195, 247);

}  // namespace ahenk::inspect
