// The embedding projector: every token of the vocabulary as a point at its first three principal
// components or on a t-SNE map (computed on a worker thread and drawn as it forms), coloured by id
// (merge rank for BPE), frequency, script or a search; hover names a token, a click lists its
// nearest neighbours by cosine in the full embedding space.
#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "ahenk/tokenize/tokenizer.h"
#include "view_common.h"
#include "views.h"

namespace ahenk::inspect {
namespace {

// Tableau's ten categorical colours, for scripts.
constexpr uint32_t kPalette[] = {vk::rgba(31, 119, 180),  vk::rgba(255, 127, 14),
                                 vk::rgba(44, 160, 44),   vk::rgba(214, 39, 40),
                                 vk::rgba(148, 103, 189), vk::rgba(140, 86, 75),
                                 vk::rgba(227, 119, 194), vk::rgba(188, 189, 34),
                                 vk::rgba(23, 190, 207),  vk::rgba(127, 127, 127)};

uint32_t with_alpha(uint32_t colour, uint8_t alpha) {
  return (colour & 0x00ffffffu) | uint32_t(alpha) << 24;
}

}  // namespace

// ---- t-SNE on a worker thread ----

struct EmbeddingView::TsneRun final : ProgressSink {
  CancelToken cancel;
  std::thread thread;
  std::mutex mutex;  // guards everything below
  std::vector<float> map;
  bool fresh = false, finished = false, cancelled = false;
  int iteration = 0, iterations = 0;
  double kl = 0;
  std::string phase, error;
  std::uint64_t done = 0, total = 0;

  void report(const Progress& p) override {
    const std::lock_guard lock(mutex);
    phase = p.phase, done = p.done, total = p.total;
  }
  ~TsneRun() override {
    cancel.cancel();
    if (thread.joinable()) thread.join();
  }
};

EmbeddingView::EmbeddingView() = default;
EmbeddingView::~EmbeddingView() = default;

bool EmbeddingView::animating() const {
  return blend_ < 1.0f || (spin_ && three_d()) || run_;
}

bool EmbeddingView::tsne_running() const {
  return run_ != nullptr;
}

bool EmbeddingView::tsne_shown() const {
  return method_ == Method::tsne && tsne_.size() == std::size_t(2 * data_.projection.points);
}

void EmbeddingView::begin_move() {
  if (!has_data()) return;
  std::vector<float> now(std::size_t(data_.projection.points * 3));
  for (tensor::Index i = 0; i < data_.projection.points; ++i) {
    const auto p = position(i);
    for (int k = 0; k < 3; ++k) now[std::size_t(i * 3 + k)] = p[std::size_t(k)];
  }
  from_ = std::move(now);
  blend_ = 0;
}

void EmbeddingView::show_tsne(std::vector<float> map) {
  tsne_ = std::move(map);
  // Framed by the 99th percentile of the distance from the centre: a few outlying tokens (t-SNE
  // often leaves some) would otherwise shrink the whole map into a corner of the view.
  std::vector<float> radius(tsne_.size() / 2);
  for (std::size_t i = 0; i < radius.size(); ++i)
    radius[i] = std::max(std::abs(tsne_[2 * i]), std::abs(tsne_[2 * i + 1]));
  float frame = 0;
  if (!radius.empty()) {
    auto at = radius.begin() + std::ptrdiff_t(double(radius.size() - 1) * 0.99);
    std::nth_element(radius.begin(), at, radius.end());
    frame = *at;
  }
  tsne_scale_ = frame > 0 ? 1.0f / frame : 1.0f;
  invalidate();
}

void EmbeddingView::start_tsne(const nn::TsneOptions& options) {
  run_.reset();  // cancels and joins a previous run
  tsne_options_ = options;
  const tensor::Index n = data_.projection.points;
  if (data_.embeddings.empty() || data_.dims <= 0) {
    tsne_status_ = localized(QT_TRANSLATE_NOOP(
        "InspectOverlay", "t-SNE needs the embedding matrix, kept for the latest checkpoint only"));
    invalidate();
    return;
  }
  run_ = std::make_unique<TsneRun>();
  TsneRun* run = run_.get();
  tsne_status_.clear();
  run_fraction_ = 0;
  run_phase_.clear();
  run->thread = std::thread([run, options, n, dims = data_.dims, X = data_.embeddings] {
    try {
      auto map =
          nn::tsne(X.data(), n, dims, options, run, &run->cancel, [run](const nn::TsneSnapshot& s) {
            const std::lock_guard lock(run->mutex);
            run->map = *s.coords;
            run->fresh = true;
            run->iteration = s.iteration, run->iterations = s.iterations;
            run->kl = s.kl;
          });
      const std::lock_guard lock(run->mutex);
      run->map = std::move(map.coords);
      run->fresh = true;
    } catch (const Cancelled&) {
      const std::lock_guard lock(run->mutex);
      run->cancelled = true;
    } catch (const std::exception& e) {
      const std::lock_guard lock(run->mutex);
      run->error = describe(e);
    }
    const std::lock_guard lock(run->mutex);
    run->finished = true;
  });
  invalidate();
}

void EmbeddingView::poll_tsne() {
  if (!run_) return;
  bool finished = false;
  {
    const std::lock_guard lock(run_->mutex);
    if (run_->fresh && run_->map.size() == std::size_t(2 * data_.projection.points)) {
      show_tsne(std::move(run_->map));
      run_->map.clear();
    }
    run_->fresh = false;
    run_fraction_ = run_->total > 0 ? float(double(run_->done) / double(run_->total)) : 0.0f;
    run_phase_ = run_->phase;
    if (run_->iteration > 0)
      tsne_status_ = format("%s %d / %d, KL %.3f",
                            localized(QT_TRANSLATE_NOOP("InspectOverlay", "iteration")).c_str(),
                            run_->iteration, run_->iterations, run_->kl);
    if (run_->finished) {
      finished = true;
      if (run_->cancelled)
        tsne_status_ = localized(QT_TRANSLATE_NOOP("InspectOverlay", "t-SNE cancelled"));
      else if (!run_->error.empty())
        tsne_status_ = run_->error;
    }
  }
  if (finished) {
    if (tsne_shown() && run_->error.empty() && !run_->cancelled)
      tsne_done_[data_.checkpoint] = tsne_;
    run_.reset();
    invalidate();
  }
}

void EmbeddingView::wait_for_tsne() {
  if (!run_) return;
  if (run_->thread.joinable()) run_->thread.join();
  poll_tsne();
}

void EmbeddingView::set_tsne_map(const nn::Projection& map, const nn::TsneOptions& options) {
  if (map.dims != 2 || map.points != data_.projection.points)
    throw std::invalid_argument("the t-SNE map must have 2 coordinates for every token");
  run_.reset();
  tsne_options_ = options;
  if (method_ != Method::tsne) begin_move();
  method_ = Method::tsne;
  show_tsne(map.coords);
  tsne_done_[data_.checkpoint] = tsne_;
  tsne_status_.clear();
}

void EmbeddingView::set_method(Method method) {
  if (method == method_) return;
  begin_move();
  method_ = method;
  if (method_ == Method::tsne && !tsne_shown() && !run_ && !show_kept_tsne())
    start_tsne(tsne_options_);
  invalidate();
}

bool EmbeddingView::show_kept_tsne() {
  auto done = tsne_done_.find(data_.checkpoint);
  if (done == tsne_done_.end() || done->second.size() != std::size_t(2 * data_.projection.points))
    return false;
  show_tsne(done->second);
  return true;
}

void EmbeddingView::set_data(Data data, bool animate) {
  if (data.projection.dims != 3 && data.projection.points > 0)
    throw std::invalid_argument("the embedding view needs a 3-component projection");
  const bool same_size = data.projection.points == data_.projection.points;
  from_.clear();
  blend_ = 1;
  if (animate && same_size && has_data()) begin_move();
  run_.reset();
  data_ = std::move(data);
  if (!same_size) tsne_.clear();
  if (method_ == Method::tsne && !show_kept_tsne()) {
    // Without the matrix no map can be made (start_tsne says why), and another checkpoint's map
    // must not stand for this one; with it, the previous map stays until the first snapshot.
    if (data_.embeddings.empty()) tsne_.clear();
    start_tsne(tsne_options_);
  }
  float biggest = 0;
  for (float c : data_.projection.coords) biggest = std::max(biggest, std::abs(c));
  scale_ = biggest > 0 ? 1.0f / biggest : 1.0f;
  std::map<std::string, int> counts;
  for (const auto& s : data_.scripts) ++counts[s];
  script_names_.clear();
  for (const auto& [name, n] : counts) script_names_.push_back(name);
  std::stable_sort(script_names_.begin(), script_names_.end(),
                   [&](const auto& a, const auto& b) { return counts[a] > counts[b]; });
  if (selected_ >= data_.projection.points) selected_ = -1;
  if (!same_size) selected_ = hovered_ = -1;
  if (selected_ >= 0) select(selected_);
  if (colour_by_ == ColourBy::frequency && data_.frequency.empty()) colour_by_ = ColourBy::rank;
  invalidate();
}

void EmbeddingView::select(tensor::Index token) {
  selected_ = token;
  neighbours_.clear();
  if (token >= 0 && token < data_.projection.points && data_.dims > 0) {
    const auto X =
        tensor::Tensor::borrow(data_.embeddings.data(), {data_.projection.points, data_.dims});
    neighbours_ = nn::nearest_neighbours(X, token, 10);
  } else {
    selected_ = -1;
  }
  invalidate();
}

bool EmbeddingView::matches(const std::string& token) const {
  if (query_.empty()) return false;
  return token.find(query_) != std::string::npos ||
         (query_shown_ != query_ && token.find(query_shown_) != std::string::npos);
}

void EmbeddingView::set_query(const std::string& q) {
  query_ = q;
  query_shown_ = tokenize::display_token(q);  // " the" as the labels show it: "␣the"
  std::snprintf(query_buffer_, sizeof query_buffer_, "%s", q.c_str());
  if (!q.empty()) {
    colour_by_ = ColourBy::query;
    for (std::size_t i = 0; i < data_.tokens.size(); ++i)
      if (data_.tokens[i] == q || data_.tokens[i] == query_shown_) {
        select(tensor::Index(i));
        break;
      }
  }
  invalidate();
}

std::array<float, 3> EmbeddingView::target(tensor::Index i) const {
  if (tsne_shown())
    return {tsne_[std::size_t(2 * i)] * tsne_scale_, tsne_[std::size_t(2 * i + 1)] * tsne_scale_,
            0};
  std::array<float, 3> p;
  for (int k = 0; k < 3; ++k)
    p[std::size_t(k)] = data_.projection.coords[std::size_t(i * 3 + k)] * scale_;
  if (!three_d()) p[2] = 0;
  return p;
}

std::array<float, 3> EmbeddingView::position(tensor::Index i) const {
  std::array<float, 3> p = target(i);
  if (blend_ >= 1 || from_.size() != std::size_t(data_.projection.points * 3)) return p;
  const float t = blend_ * blend_ * (3 - 2 * blend_);  // smoothstep
  for (int k = 0; k < 3; ++k) {
    const float from = from_[std::size_t(i * 3 + k)];
    p[std::size_t(k)] = from + (p[std::size_t(k)] - from) * t;
  }
  return p;
}

vk::Matrix EmbeddingView::model_matrix(const FrameInfo& info) const {
  const float yaw = three_d() ? yaw_ : 0, pitch = three_d() ? pitch_ : 0;
  const float c = std::cos(yaw), s = std::sin(yaw), cp = std::cos(pitch), sp = std::sin(pitch);
  const float r[3][3] = {{c, 0, s}, {sp * s, cp, -sp * c}, {-cp * s, sp, cp * c}};
  const float R = 0.42f * std::min(info.width, info.height) * zoom_;
  const float cx = info.width / 2 + pan_x_, cy = info.height / 2 + pan_y_;
  vk::Matrix a{};
  for (int col = 0; col < 3; ++col) {
    a[std::size_t(col * 4 + 0)] = R * r[0][col];
    a[std::size_t(col * 4 + 1)] = -R * r[1][col];  // y up on screen
  }
  a[12] = cx;
  a[13] = cy;
  a[15] = 1;
  return a;
}

std::array<float, 2> EmbeddingView::screen(const FrameInfo& info, tensor::Index i) const {
  const vk::Matrix a = model_matrix(info);
  const auto p = position(i);
  return {a[0] * p[0] + a[4] * p[1] + a[8] * p[2] + a[12],
          a[1] * p[0] + a[5] * p[1] + a[9] * p[2] + a[13]};
}

void EmbeddingView::mouse_move(float x, float y) {
  const float dx = x - mouse_x_, dy = y - mouse_y_;
  if (mouse_down_[0] && mouse_x_ >= 0) {
    if (three_d()) {
      yaw_ += dx * 0.01f;
      pitch_ = std::clamp(pitch_ + dy * 0.01f, -1.55f, 1.55f);
    } else {
      pan_x_ += dx;
      pan_y_ += dy;
    }
    invalidate();
  } else if ((mouse_down_[1] || mouse_down_[2]) && mouse_x_ >= 0) {
    pan_x_ += dx;
    pan_y_ += dy;
    invalidate();
  }
  View::mouse_move(x, y);
}

void EmbeddingView::wheel(float steps) {
  zoom_ = std::clamp(zoom_ * std::pow(1.15f, steps), 0.2f, 200.0f);
  invalidate();
}

void EmbeddingView::controls(const FrameInfo& info) {
  poll_tsne();
  if (blend_ < 1) {
    blend_ = std::min(1.0f, blend_ + info.dt / 0.6f);
    invalidate();
  }
  if (spin_ && three_d()) {
    yaw_ += info.dt * 0.4f;
    invalidate();
  }
  ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(270, 0), ImGuiCond_FirstUseEver);
  ImGui::Begin(label(QT_TRANSLATE_NOOP("InspectOverlay", "Embeddings"), "embeddings").c_str(),
               nullptr, ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::TextUnformatted(localized(QT_TRANSLATE_NOOP("InspectOverlay", "Colour by")).c_str());
  auto radio = [&](const char* text, const char* id, ColourBy c, bool enabled = true) {
    if (!enabled) ImGui::BeginDisabled();
    if (ImGui::RadioButton(label(text, id).c_str(), colour_by_ == c)) set_colour_by(c);
    if (!enabled) ImGui::EndDisabled();
  };
  radio(QT_TRANSLATE_NOOP("InspectOverlay", "token id (merge rank)"), "rank", ColourBy::rank);
  radio(QT_TRANSLATE_NOOP("InspectOverlay", "frequency"), "freq", ColourBy::frequency,
        !data_.frequency.empty());
  radio(QT_TRANSLATE_NOOP("InspectOverlay", "script"), "script", ColourBy::script);
  radio(QT_TRANSLATE_NOOP("InspectOverlay", "search"), "query", ColourBy::query);
  if (ImGui::InputText(label(QT_TRANSLATE_NOOP("InspectOverlay", "Search"), "search").c_str(),
                       query_buffer_, sizeof query_buffer_))
    set_query(query_buffer_);
  ImGui::TextUnformatted(localized(QT_TRANSLATE_NOOP("InspectOverlay", "Projection")).c_str());
  if (ImGui::RadioButton("PCA##method", method_ == Method::pca)) set_method(Method::pca);
  ImGui::SameLine();
  const bool tsne_possible = data_.projection.points >= 8;
  if (!tsne_possible) ImGui::BeginDisabled();
  if (ImGui::RadioButton("t-SNE##method", method_ == Method::tsne)) {
    perplexity_ = std::min(perplexity_, float(data_.projection.points - 2) / 3);
    tsne_options_.perplexity = perplexity_;
    set_method(Method::tsne);
  }
  if (!tsne_possible) ImGui::EndDisabled();
  if (method_ == Method::pca) {
    if (ImGui::Checkbox(
            label(QT_TRANSLATE_NOOP("InspectOverlay", "3-D (PC3 as depth)"), "3d").c_str(),
            &three_d_))
      invalidate();
    ImGui::SameLine();
    ImGui::Checkbox(label(QT_TRANSLATE_NOOP("InspectOverlay", "Spin"), "spin").c_str(), &spin_);
  } else {
    const float most = std::max(2.0f, std::min(100.0f, float(data_.projection.points - 2) / 3));
    ImGui::SliderFloat(label(QT_TRANSLATE_NOOP("InspectOverlay", "Perplexity"), "perp").c_str(),
                       &perplexity_, std::min(2.0f, most), most, "%.0f");
    if (ImGui::Button(label(QT_TRANSLATE_NOOP("InspectOverlay", "Recompute"), "again").c_str())) {
      tsne_options_.perplexity = perplexity_;
      begin_move();
      start_tsne(tsne_options_);
    }
    if (run_) {
      ImGui::SameLine();
      if (ImGui::Button(label(QT_TRANSLATE_NOOP("InspectOverlay", "Cancel"), "cancel").c_str()))
        run_->cancel.cancel();
      ImGui::ProgressBar(run_fraction_, ImVec2(-1, 0), run_phase_.c_str());
    }
    if (!tsne_status_.empty()) ImGui::TextWrapped("%s", tsne_status_.c_str());
  }
  if (ImGui::SliderFloat(label(QT_TRANSLATE_NOOP("InspectOverlay", "Point size"), "ps").c_str(),
                         &point_size_, 1.0f, 12.0f, "%.0f px"))
    invalidate();
  if (ImGui::Button(label(QT_TRANSLATE_NOOP("InspectOverlay", "Reset view"), "reset").c_str())) {
    zoom_ = 1, pan_x_ = pan_y_ = 0, yaw_ = 0.6f, pitch_ = 0.35f;
    invalidate();
  }
  if (selected_ >= 0) {
    ImGui::Separator();
    ImGui::TextUnformatted(
        format("%s  #%ld", data_.tokens[std::size_t(selected_)].c_str(), long(selected_)).c_str());
    ImGui::TextUnformatted(
        localized(QT_TRANSLATE_NOOP("InspectOverlay", "Nearest by cosine similarity:")).c_str());
    for (const auto& [id, cosine] : neighbours_) {
      const std::string row = format("%.3f  %s##nb%ld", double(cosine),
                                     data_.tokens[std::size_t(id)].c_str(), long(id));
      if (ImGui::Selectable(row.c_str())) {
        select(id);
        break;
      }
    }
  }
  ImGui::End();
}

void EmbeddingView::layout(const FrameInfo& info) {
  last_ = info;
  canvas_.set_transform(
      vk::multiply(vk::ortho_down(0, info.width, 0, info.height), model_matrix(info)));
  const tensor::Index V = data_.projection.points;
  double max_freq = 0;
  for (double f : data_.frequency) max_freq = std::max(max_freq, f);
  std::map<std::string, uint32_t> script_colour;
  for (std::size_t k = 0; k < script_names_.size(); ++k)
    script_colour[script_names_[k]] = kPalette[std::min<std::size_t>(k, 9)];
  std::vector<vk::Vertex> points;
  points.reserve(std::size_t(V) + 16);
  for (tensor::Index i = 0; i < V; ++i) {
    uint32_t colour;
    switch (colour_by_) {
      case ColourBy::rank:
        colour = vk::colormap_rgba(vk::Colormap::viridis,
                                   float(i) / float(std::max<long>(1, V - 1)), 210);
        break;
      case ColourBy::frequency: {
        const double f =
            std::size_t(i) < data_.frequency.size() ? data_.frequency[std::size_t(i)] : 0;
        colour = f <= 0 ? vk::rgba(70, 72, 80, 150)
                        : vk::colormap_rgba(
                              vk::Colormap::magma,
                              float(0.15 + 0.85 * std::log1p(f) / std::log1p(max_freq)), 220);
        break;
      }
      case ColourBy::script:
        colour = std::size_t(i) < data_.scripts.size()
                     ? with_alpha(script_colour[data_.scripts[std::size_t(i)]], 210)
                     : kDim;
        break;
      default: {
        const bool match = matches(data_.tokens[std::size_t(i)]);
        colour = match ? kAccent : vk::rgba(90, 94, 104, 90);
        break;
      }
    }
    const auto p = position(i);
    points.push_back({p[0], p[1], p[2], colour, point_size_});
  }
  // Highlights on top: the query's matches, the neighbours, the selected and the hovered token.
  if (colour_by_ == ColourBy::query && !query_.empty())
    for (tensor::Index i = 0; i < V; ++i)
      if (matches(data_.tokens[std::size_t(i)])) {
        const auto p = position(i);
        points.push_back({p[0], p[1], p[2], kAccent, point_size_ * 1.6f});
      }
  for (const auto& [id, cosine] : neighbours_) {
    const auto p = position(id);
    points.push_back({p[0], p[1], p[2], kKey, point_size_ * 2.2f});
  }
  for (tensor::Index i : {selected_, hovered_}) {
    if (i < 0) continue;
    const auto p = position(i);
    points.push_back({p[0], p[1], p[2], vk::rgba(255, 255, 255), point_size_ * 3.0f + 2});
    points.push_back({p[0], p[1], p[2], i == selected_ ? kQuery : kAccent, point_size_ * 3.0f});
  }
  canvas_.set_points(points);
  // Axes of the first three components from the origin (a t-SNE map has no meaningful axes).
  std::vector<vk::Vertex> axes;
  const int n_axes = tsne_shown() ? 0 : three_d() ? 3 : 2;
  const uint32_t axis_colour[3] = {vk::rgba(229, 115, 115), vk::rgba(129, 199, 132),
                                   vk::rgba(100, 181, 246)};
  for (int k = 0; k < n_axes; ++k) {
    float end[3] = {0, 0, 0};
    end[k] = 1.1f;
    axes.push_back({0, 0, 0, axis_colour[k], 1});
    axes.push_back({end[0], end[1], end[2], axis_colour[k], 1});
  }
  canvas_.set_lines(axes);
}

void EmbeddingView::labels(const FrameInfo& info) {
  last_ = info;
  const tensor::Index V = data_.projection.points;
  // Hover: the nearest point within 8 px of the mouse (not while dragging).
  tensor::Index hover = -1;
  const bool dragging = mouse_down_[0] || mouse_down_[1] || mouse_down_[2];
  if (!dragging && mouse_x_ >= 0 && mouse_y_ >= 0 && mouse_x_ < info.width &&
      mouse_y_ < info.height && !ImGui::GetIO().WantCaptureMouse) {
    const vk::Matrix a = model_matrix(info);
    float best = 64;  // 8 px squared
    for (tensor::Index i = 0; i < V; ++i) {
      const auto p = position(i);
      const float sx = a[0] * p[0] + a[4] * p[1] + a[8] * p[2] + a[12];
      const float sy = a[1] * p[0] + a[5] * p[1] + a[9] * p[2] + a[13];
      const float d = (sx - mouse_x_) * (sx - mouse_x_) + (sy - mouse_y_) * (sy - mouse_y_);
      if (d < best) best = d, hover = i;
    }
  }
  if (hover != hovered_) {
    hovered_ = hover;
    invalidate();
  }
  if (clicked_ && !ImGui::GetIO().WantCaptureMouse) select(hovered_);
  if (hovered_ >= 0 && info.controls) {
    ImGui::BeginTooltip();
    std::string tip =
        format("%s\n#%ld", data_.tokens[std::size_t(hovered_)].c_str(), long(hovered_));
    if (std::size_t(hovered_) < data_.scripts.size())
      tip += "  " + data_.scripts[std::size_t(hovered_)];
    if (std::size_t(hovered_) < data_.frequency.size())
      tip += format("\n%s %.0f", localized(QT_TRANSLATE_NOOP("InspectOverlay", "count")).c_str(),
                    data_.frequency[std::size_t(hovered_)]);
    ImGui::TextUnformatted(tip.c_str());
    ImGui::EndTooltip();
  }
  // The selected token and its neighbours, named beside their points.
  auto name = [&](tensor::Index i, uint32_t colour) {
    const auto s = screen(info, i);
    text_at(s[0] + 7, s[1] - 8, colour, clip_label(data_.tokens[std::size_t(i)], 16));
  };
  for (const auto& [id, cosine] : neighbours_) name(id, kKey);
  if (selected_ >= 0) name(selected_, kQuery);
  // Axis names.
  const char* axis_names[3] = {"PC1", "PC2", "PC3"};
  const vk::Matrix a = model_matrix(info);
  for (int k = 0; k < (tsne_shown() ? 0 : three_d() ? 3 : 2); ++k) {
    float e[3] = {0, 0, 0};
    e[k] = 1.15f;
    text_at(
        a[0] * e[0] + a[4] * e[1] + a[8] * e[2] + a[12],
        a[1] * e[0] + a[5] * e[1] + a[9] * e[2] + a[13], kDim,
        format("%s %.1f%%", axis_names[k], 100 * data_.projection.variance_ratio[std::size_t(k)]));
  }
  // Title and legend.
  const std::string title =
      tsne_shown()
          ? format("%s  ·  %ld %s %.0f)", data_.checkpoint.c_str(), long(V),
                   localized(QT_TRANSLATE_NOOP("InspectOverlay",
                                               "tokens, t-SNE of the embedding matrix (perplexity"))
                       .c_str(),
                   tsne_options_.perplexity)
          : format("%s  ·  %ld %s", data_.checkpoint.c_str(), long(V),
                   localized(
                       QT_TRANSLATE_NOOP("InspectOverlay", "tokens, PCA of the embedding matrix"))
                       .c_str());
  text_at(info.width - text_size(title).x - 10, 8, kText, title);
  float y = info.height - 22;
  if (colour_by_ == ColourBy::script) {
    for (std::size_t k = std::min<std::size_t>(script_names_.size(), 10); k-- > 0;) {
      text_at(10, y, kPalette[std::min<std::size_t>(k, 9)], "● " + script_names_[k]);
      y -= 17;
    }
  } else if (colour_by_ == ColourBy::rank) {
    text_at(10, y, kDim,
            format("%s 0 → %ld",
                   localized(QT_TRANSLATE_NOOP("InspectOverlay", "colour: token id")).c_str(),
                   long(V - 1)));
  } else if (colour_by_ == ColourBy::frequency) {
    text_at(10, y, kDim,
            localized(QT_TRANSLATE_NOOP("InspectOverlay", "colour: log count (grey: unseen)")));
  } else if (!query_.empty()) {
    std::size_t found = 0;
    for (const auto& t : data_.tokens) found += matches(t);
    text_at(10, y, kAccent,
            format("\"%s\": %zu %s", query_.c_str(), found,
                   localized(QT_TRANSLATE_NOOP("InspectOverlay", "tokens contain it")).c_str()));
  }
}

}  // namespace ahenk::inspect
