// What the Inspect page's point-grid view shows and the ImGui controls that change it, shared by
// the windowed and the offscreen view so both draw the same overlay.
#pragma once

#include "ahenk/vulkan/point_grid_scene.h"

namespace ahenk::ui {

struct GridViewState {
  vk::PointGridScene::Params params;
  bool animate = false;
  float turns_per_minute = 6.0f;
};

// Declares the overlay's widgets (inside an ImGui frame) and advances the animation by dt.
// Labels come from the Qt translations (context "InspectOverlay").
void build_grid_controls(GridViewState& state, float dt_seconds, float max_point_size,
                         const char* backend_label, double frame_ms);

}  // namespace ahenk::ui
