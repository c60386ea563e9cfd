#include "grid_controls.h"

#include <imgui.h>

#include <QCoreApplication>
#include <QString>
#include <cmath>

namespace ahenk::ui {
namespace {

// Translated label with a stable ImGui id ("Punkte##grid"), so the state survives a language
// change.
QByteArray label(const char* text, const char* id) {
  return (QCoreApplication::translate("InspectOverlay", text) + "##" + id).toUtf8();
}

}  // namespace

void build_grid_controls(GridViewState& state, float dt_seconds, float max_point_size,
                         const char* backend_label, double frame_ms) {
  if (state.animate) {
    state.params.angle += dt_seconds * state.turns_per_minute / 60.0f * 2.0f * float(M_PI);
    state.params.angle = std::fmod(state.params.angle, 2.0f * float(M_PI));
  }
  ImGui::SetNextWindowPos(ImVec2(12, 12), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(300, 0), ImGuiCond_FirstUseEver);
  const QByteArray title = label(QT_TRANSLATE_NOOP("InspectOverlay", "Point grid"), "overlay");
  ImGui::Begin(title.constData(), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
  int grid = static_cast<int>(state.params.grid);
  if (ImGui::SliderInt(
          label(QT_TRANSLATE_NOOP("InspectOverlay", "Points per side"), "grid").constData(), &grid,
          2, 512)) {
    state.params.grid = static_cast<uint32_t>(grid);
  }
  ImGui::SliderFloat(
      label(QT_TRANSLATE_NOOP("InspectOverlay", "Point size (px)"), "size").constData(),
      &state.params.point_size, 1.0f, std::min(64.0f, max_point_size));
  float degrees = state.params.angle * 180.0f / float(M_PI);
  if (ImGui::SliderFloat(
          label(QT_TRANSLATE_NOOP("InspectOverlay", "Rotation (degrees)"), "angle").constData(),
          &degrees, 0.0f, 360.0f)) {
    state.params.angle = degrees * float(M_PI) / 180.0f;
  }
  ImGui::Checkbox(label(QT_TRANSLATE_NOOP("InspectOverlay", "Rotate"), "animate").constData(),
                  &state.animate);
  ImGui::Separator();
  const QString points = QCoreApplication::translate("InspectOverlay", "%1 points, %2 ms per frame")
                             .arg(state.params.grid * state.params.grid)
                             .arg(frame_ms, 0, 'f', 1);
  ImGui::TextUnformatted(points.toUtf8().constData());
  const QString backend = QCoreApplication::translate("InspectOverlay", "Backend: %1")
                              .arg(QString::fromUtf8(backend_label));
  ImGui::TextUnformatted(backend.toUtf8().constData());
  ImGui::End();
}

}  // namespace ahenk::ui
