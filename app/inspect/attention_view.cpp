// Attention maps: every layer x head as a grid of small heatmaps (each max-pooled to its tile's
// pixels so that no spike disappears) with each head's mean entropy beneath, and the selected head
// enlarged, one cell per token pair, with token labels on both axes. The cells are coloured in the
// fragment shader, so a 1024-token context costs what a 16-token one does.
#include <algorithm>
#include <cmath>
#include <limits>

#include "view_common.h"
#include "views.h"

namespace ahenk::inspect {
namespace {

constexpr float kMargin = 10, kGap = 6, kRowLabel = 26, kColLabel = 18, kEntropyLine = 15;
const float kMasked = std::numeric_limits<float>::quiet_NaN();

}  // namespace

void AttentionView::set_data(nn::AttentionCapture capture, std::vector<std::string> tokens) {
  capture_ = std::move(capture);
  tokens_ = std::move(tokens);
  ++generation_;
  tokens_.resize(std::size_t(capture_.T));
  layer_ = std::clamp<int>(layer_, 0, std::max<int>(0, int(capture_.layers) - 1));
  head_ = std::clamp<int>(head_, 0, std::max<int>(0, int(capture_.heads) - 1));
  invalidate();
}

void AttentionView::select(int layer, int head) {
  if (layer < 0 || head < 0 || layer >= capture_.layers || head >= capture_.heads) return;
  layer_ = layer;
  head_ = head;
  invalidate();
}

AttentionView::Rect AttentionView::tile(int layer, int head) const {
  const float x = grid_.x0 + kRowLabel + float(head) * (tile_size_ + kGap);
  const float y = grid_.y0 + kColLabel + float(layer) * (tile_size_ + kGap + kEntropyLine);
  return {x, y, x + tile_size_, y + tile_size_};
}

void AttentionView::controls(const FrameInfo& info) {
  (void)info;
  ImGui::SetNextWindowPos(ImVec2(10, info.height - 130), ImGuiCond_FirstUseEver);
  ImGui::Begin(label(QT_TRANSLATE_NOOP("InspectOverlay", "Attention"), "attention").c_str(),
               nullptr, ImGuiWindowFlags_AlwaysAutoResize);
  int layer = layer_, head = head_;
  ImGui::PushItemWidth(140);
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Layer"), "layer").c_str(), &layer,
                       0, int(capture_.layers) - 1))
    select(layer, head_);
  if (ImGui::SliderInt(label(QT_TRANSLATE_NOOP("InspectOverlay", "Head"), "head").c_str(), &head, 0,
                       int(capture_.heads) - 1))
    select(layer_, head);
  ImGui::PopItemWidth();
  if (ImGui::Checkbox(
          label(QT_TRANSLATE_NOOP("InspectOverlay", "Square-root scale (faint weights show)"),
                "sqrt")
              .c_str(),
          &sqrt_))
    invalidate();
  ImGui::End();
}

void AttentionView::layout(const FrameInfo& info) {
  const int L = int(capture_.layers), H = int(capture_.heads);
  const tensor::Index T = capture_.T;
  // The grid takes the left part, the enlarged map the rest (a square).
  const float grid_w = std::max(160.0f, info.width * 0.4f);
  grid_ = {kMargin, kMargin + 18, grid_w, info.height - kMargin};
  tile_size_ =
      std::max(4.0f, std::min((grid_w - kMargin - kRowLabel) / float(H) - kGap,
                              (grid_.y1 - grid_.y0 - kColLabel) / float(L) - kGap - kEntropyLine));
  const float label_room = 70;  // vertical key labels above, query labels to the left
  const float bx0 = grid_w + kMargin + label_room + 20, by0 = kMargin + 18 + label_room;
  const float side =
      std::max(32.0f, std::min(info.width - kMargin - bx0, info.height - kMargin - 20 - by0));
  big_ = {bx0, by0, bx0 + side, by0 + side};

  auto transform = [&](float p) { return sqrt_ ? std::sqrt(p) : p; };
  // The pooled grid depends on the data, the tile size and the scale, not on the chosen head:
  // kept, so choosing a head only rebuilds the enlarged map.
  const tensor::Index P = std::clamp<tensor::Index>(tensor::Index(tile_size_), 1, T);
  if (grid_key_ != std::array<float, 3>{float(P), sqrt_ ? 1.0f : 0.0f, float(generation_)}) {
    grid_values_.clear();
    for (int l = 0; l < L; ++l)
      for (int h = 0; h < H; ++h) {
        const float* map = capture_.map(l, h);
        for (tensor::Index a = 0; a < P; ++a)
          for (tensor::Index b = 0; b < P; ++b) {
            // Max over the block of token pairs this cell covers; pairs above the diagonal are
            // masked (NaN: drawn as background).
            float m = -1;
            for (tensor::Index i = a * T / P; i < std::max((a + 1) * T / P, a * T / P + 1); ++i)
              for (tensor::Index j = b * T / P; j < std::max((b + 1) * T / P, b * T / P + 1);
                   ++j)
                if (j <= i) m = std::max(m, map[i * T + j]);
            grid_values_.push_back(m < 0 ? kMasked : transform(m));
          }
      }
    grid_key_ = {float(P), sqrt_ ? 1.0f : 0.0f, float(generation_)};
  }
  std::vector<float> values = grid_values_;
  values.reserve(values.size() + std::size_t(T * T));
  std::vector<vk::HeatTile> tiles;
  for (int l = 0; l < L; ++l)
    for (int h = 0; h < H; ++h) {
      const Rect r = tile(l, h);
      tiles.push_back({{r.x0, r.y0, r.x1, r.y1}, uint32_t((l * H + h) * P * P), uint32_t(P),
                       uint32_t(P), vk::Colormap::viridis, 0, 1});
    }
  const uint32_t big_offset = uint32_t(values.size());
  const float* map = capture_.map(layer_, head_);
  for (tensor::Index i = 0; i < T; ++i)
    for (tensor::Index j = 0; j < T; ++j)
      values.push_back(j <= i ? transform(map[i * T + j]) : kMasked);
  tiles.push_back({{big_.x0, big_.y0, big_.x1, big_.y1},
                   big_offset,
                   uint32_t(T),
                   uint32_t(T),
                   vk::Colormap::viridis,
                   0,
                   1});
  canvas_.set_heatmap(values, tiles);

  std::vector<vk::Vertex> lines;
  const Rect sel = tile(layer_, head_);
  add_rect_outline(lines, sel.x0 - 2, sel.y0 - 2, sel.x1 + 2, sel.y1 + 2, kAccent);
  add_rect_outline(lines, big_.x0 - 1, big_.y0 - 1, big_.x1 + 1, big_.y1 + 1, kFrame);
  canvas_.set_lines(lines);
}

void AttentionView::labels(const FrameInfo& info) {
  (void)info;
  const int L = int(capture_.layers), H = int(capture_.heads);
  const tensor::Index T = capture_.T;
  text_at(
      grid_.x0, kMargin, kText,
      format(
          "%s  ·  %s", localized(QT_TRANSLATE_NOOP("InspectOverlay", "layers × heads")).c_str(),
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "mean entropy (nats) beneath")).c_str()));
  for (int h = 0; h < H; ++h) {
    const Rect r = tile(0, h);
    text_at(r.x0, r.y0 - kColLabel + 2, kDim, format("H%d", h));
  }
  for (int l = 0; l < L; ++l) {
    const Rect r = tile(l, 0);
    text_at(grid_.x0, r.y0 + tile_size_ / 2 - 8, kDim, format("L%d", l));
    for (int h = 0; h < H; ++h) {
      const Rect t = tile(l, h);
      const double e = capture_.entropy[std::size_t(l * H + h)];
      text_at(t.x0, t.y1 + 1, l == layer_ && h == head_ ? kAccent : kDim, format("%.2f", e));
      if (clicked_ && t.contains(press_x_, press_y_)) select(l, h);
    }
  }
  text_at(big_.x0, kMargin, kText,
          format("%s %d, %s %d  ·  %ld %s  ·  %s %.3f %s",
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "layer")).c_str(), layer_,
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "head")).c_str(), head_, long(T),
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "tokens")).c_str(),
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "entropy")).c_str(),
                 capture_.entropy[std::size_t(layer_ * H + head_)],
                 localized(QT_TRANSLATE_NOOP("InspectOverlay", "nats")).c_str()));
  // Token labels on both axes: every token when cells are tall enough, else every k-th.
  const float cell = (big_.x1 - big_.x0) / float(T);
  const tensor::Index every = std::max<tensor::Index>(1, tensor::Index(std::ceil(14.0f / cell)));
  for (tensor::Index i = 0; i < T; i += every) {
    const std::string s = clip_label(tokens_[std::size_t(i)], 8);
    const float centre = big_.y0 + (float(i) + 0.5f) * cell;
    text_at(big_.x0 - text_size(s).x - 4, centre - 8, kQuery, s);
    text_vertical(big_.x0 + (float(i) + 0.5f) * cell - 8, big_.y0 - 4, kKey, s);
  }
  text_vertical(big_.x0 - 86, big_.y1, kQuery,
                localized(QT_TRANSLATE_NOOP("InspectOverlay", "query (attends from)")));
  text_at(big_.x0 + 0, big_.y1 + 2, kKey,
          localized(QT_TRANSLATE_NOOP("InspectOverlay", "key (attends to) →")));
  // Hover: the pair under the mouse.
  if (info.controls && big_.contains(mouse_x_, mouse_y_) && !ImGui::GetIO().WantCaptureMouse) {
    const tensor::Index i =
        std::min<tensor::Index>(T - 1, tensor::Index((mouse_y_ - big_.y0) / cell));
    const tensor::Index j =
        std::min<tensor::Index>(T - 1, tensor::Index((mouse_x_ - big_.x0) / cell));
    ImGui::GetBackgroundDrawList()->AddRect(
        ImVec2(big_.x0 + float(j) * cell, big_.y0 + float(i) * cell),
        ImVec2(big_.x0 + float(j + 1) * cell, big_.y0 + float(i + 1) * cell), kAccent);
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(format("%ld \"%s\" → %ld \"%s\"\np = %.4f", long(i),
                                  tokens_[std::size_t(i)].c_str(), long(j),
                                  tokens_[std::size_t(j)].c_str(),
                                  double(capture_.map(layer_, head_)[i * T + j]))
                               .c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace ahenk::inspect
