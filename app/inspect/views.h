// The Inspect views: what each draws on its Vulkan Canvas and which Dear ImGui controls and labels
// it lays over it. Qt-free, so the workbench's Inspect page (windowed or offscreen) and the CLI's
// `ahenk render` draw the same pictures. A view is given the engine's results (ahenk/nn/inspect.h)
// and, for controls that need new results (another layer, band or theta), a function that computes
// them.
//
//   ahenk::inspect::AttentionView view;
//   view.set_data(ahenk::nn::capture_attention(model, tokens), labels);
//   view.create(context, render_pass, samples);     // named hook: create (the canvas)
//   overlay.new_frame(w, h, dt, [&] { view.frame({w, h, dt, true}); });   // controls and labels
//   ... inside the render pass: view.record(cmd, extent); overlay.record(cmd);
//   view.destroy();                                  // named hook: release
//
// Threading: the host's render thread (the GUI thread), inside one ImGui context at a time.
#pragma once

#include <vulkan/vulkan.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ahenk/nn/inspect.h"
#include "ahenk/nn/tsne.h"
#include "ahenk/tensor/scan.h"
#include "ahenk/vulkan/canvas.h"

namespace ahenk::inspect {

struct FrameInfo {
  float width = 0, height = 0;  // pixels of the render target
  float dt = 1.0f / 60;         // seconds since the last frame
  bool controls = true;         // false: labels only (a PNG for a handout)
};

class View {
 public:
  virtual ~View() = default;
  virtual const char* id() const = 0;  // "embeddings", "attention", "rope", "spikes", "scan"

  void create(const vk::DeviceContext& context, VkRenderPass render_pass,
              VkSampleCountFlagBits samples);
  void destroy();
  // Inside an ImGui frame: declares the controls, refills the canvas when something changed, and
  // draws the labels.
  void frame(const FrameInfo& info);
  // Before the host's render pass (the canvas's compute work), then inside it.
  void prepare(VkCommandBuffer command_buffer, VkExtent2D extent) {
    canvas_.prepare(command_buffer, extent);
  }
  void record(VkCommandBuffer command_buffer, VkExtent2D extent);
  vk::Canvas& canvas() { return canvas_; }

  // Mouse input in pixels, for what ImGui does not take: hover, click, drag, wheel.
  virtual void mouse_move(float x, float y);
  virtual void mouse_button(int button, bool down);  // 0 left, 1 right, 2 middle
  virtual void wheel(float steps) { (void)steps; }
  // True while the view animates (the host keeps drawing frames).
  virtual bool animating() const { return false; }
  // True when the next frame would differ from the last: animating, or changed since drawn.
  bool needs_frame() const { return dirty_ || animating(); }
  virtual bool has_data() const = 0;
  // Why there is nothing to show (no data, the wrong architecture...); empty otherwise.
  const std::string& message() const { return message_; }
  void set_message(std::string message) {
    message_ = std::move(message);
    invalidate();
  }

 protected:
  virtual void controls(const FrameInfo& info) = 0;  // ImGui widgets
  virtual void layout(const FrameInfo& info) = 0;    // fills the canvas
  virtual void labels(const FrameInfo& info) = 0;    // text over the canvas
  void invalidate() { dirty_ = true; }

  vk::Canvas canvas_;
  float mouse_x_ = -1, mouse_y_ = -1;
  bool mouse_down_[3] = {false, false, false};
  float press_x_ = 0, press_y_ = 0;  // where the left button went down
  bool clicked_ = false;             // a left click (press and release without a drag) to handle

 private:
  bool dirty_ = true;
  float width_ = 0, height_ = 0;
  std::string message_;
};

// ---- Embedding projector ----

class EmbeddingView final : public View {
 public:
  struct Data {
    nn::Projection projection;         // (V, 3)
    std::vector<float> embeddings;     // (V, d) for cosine neighbours
    tensor::Index dims = 0;            // d
    std::vector<std::string> tokens;   // readable, per id
    std::vector<std::string> scripts;  // per id (tokenize::token_script)
    std::vector<double> frequency;     // per id, counts in some text (may be empty)
    std::string checkpoint;            // name shown in the corner
  };
  enum class ColourBy { rank, frequency, script, query };
  enum class Method { pca, tsne };

  EmbeddingView();
  ~EmbeddingView() override;  // cancels a running t-SNE and waits for it
  const char* id() const override { return "embeddings"; }
  // animate: move the points from where they are to the new places (scrubbing checkpoints).
  void set_data(Data data, bool animate = false);
  bool has_data() const override { return data_.projection.points > 0; }
  const Data& data() const { return data_; }
  void select(tensor::Index token);
  tensor::Index selected() const { return selected_; }
  const std::vector<std::pair<tensor::Index, float>>& neighbours() const { return neighbours_; }
  tensor::Index hovered() const { return hovered_; }
  void set_colour_by(ColourBy c) { colour_by_ = c, invalidate(); }
  void set_query(const std::string& q);
  void set_rotation(float yaw, float pitch) { yaw_ = yaw, pitch_ = pitch, invalidate(); }
  bool animating() const override;

  // The projection drawn: PCA (3 components), or t-SNE (2-D), computed in the background from
  // the embedding matrix (nn::tsne) and drawn as it forms; maps already computed are kept per
  // checkpoint name, so scrubbing back shows them again.
  void set_method(Method method);
  Method method() const { return method_; }
  // Starts (or restarts) t-SNE of the current data's embedding matrix on a worker thread.
  void start_tsne(const nn::TsneOptions& options);
  bool tsne_running() const;
  // Blocks until a running t-SNE ends and shows its last map (tests, the CLI).
  void wait_for_tsne();
  // A map computed elsewhere (n, 2) for the current data: shown as the t-SNE projection.
  void set_tsne_map(const nn::Projection& map, const nn::TsneOptions& options);
  const std::string& tsne_status() const { return tsne_status_; }
  // Where token i is drawn on a width x height target, in pixels.
  std::array<float, 2> screen_position(tensor::Index i, float width, float height) const {
    return screen({width, height, 0, true}, i);
  }

  void mouse_move(float x, float y) override;
  void wheel(float steps) override;

 protected:
  void controls(const FrameInfo& info) override;
  void layout(const FrameInfo& info) override;
  void labels(const FrameInfo& info) override;

 private:
  vk::Matrix model_matrix(const FrameInfo& info) const;
  std::array<float, 3> position(tensor::Index i) const;
  std::array<float, 3> target(tensor::Index i) const;  // where point i is going
  bool three_d() const { return three_d_ && method_ == Method::pca; }
  bool tsne_shown() const;
  void begin_move();  // the next positions are animated to from where the points are now
  void poll_tsne();   // takes the worker's latest map and status
  void show_tsne(std::vector<float> map);
  bool show_kept_tsne();  // shows the finished map of this checkpoint, if one was kept
  std::array<float, 2> screen(const FrameInfo& info, tensor::Index i) const;

  Data data_;
  std::vector<float> from_;  // previous coordinates while animating
  float blend_ = 1.0f;
  ColourBy colour_by_ = ColourBy::rank;
  std::string query_, query_shown_;  // as typed, and as token labels show it (display_token)
  char query_buffer_[128] = {};
  bool matches(const std::string& token) const;
  bool three_d_ = true, spin_ = false;
  float yaw_ = 0.6f, pitch_ = 0.35f, zoom_ = 1.0f, pan_x_ = 0, pan_y_ = 0, point_size_ = 4;
  float scale_ = 1;  // units to fit the cloud
  tensor::Index selected_ = -1, hovered_ = -1;
  std::vector<std::pair<tensor::Index, float>> neighbours_;
  std::vector<std::string> script_names_;  // legend order
  FrameInfo last_;

  struct TsneRun;  // the worker thread, its cancel token and its latest map (embedding_view.cpp)
  std::unique_ptr<TsneRun> run_;
  Method method_ = Method::pca;
  nn::TsneOptions tsne_options_;
  std::vector<float> tsne_;  // (V, 2) of the current data, empty until the first snapshot
  float tsne_scale_ = 1;
  std::map<std::string, std::vector<float>> tsne_done_;  // finished maps per checkpoint
  std::string tsne_status_;
  float run_fraction_ = 0;
  std::string run_phase_;
  float perplexity_ = 30;
};

// ---- Attention maps ----

class AttentionView final : public View {
 public:
  const char* id() const override { return "attention"; }
  void set_data(nn::AttentionCapture capture, std::vector<std::string> tokens);
  bool has_data() const override { return capture_.T > 0; }
  void select(int layer, int head);
  int layer() const { return layer_; }
  int head() const { return head_; }
  void set_sqrt_scale(bool on) { sqrt_ = on, invalidate(); }
  // Where a head's tile of the grid was drawn last (x0, y0, x1, y1 in pixels).
  std::array<float, 4> tile_rect(int layer, int head) const {
    const Rect r = tile(layer, head);
    return {r.x0, r.y0, r.x1, r.y1};
  }

 protected:
  void controls(const FrameInfo& info) override;
  void layout(const FrameInfo& info) override;
  void labels(const FrameInfo& info) override;

 private:
  struct Rect {
    float x0, y0, x1, y1;
    bool contains(float x, float y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
  };
  Rect tile(int layer, int head) const;

  nn::AttentionCapture capture_;
  std::vector<std::string> tokens_;
  int layer_ = 0, head_ = 0;
  bool sqrt_ = true;
  Rect grid_{}, big_{};
  float tile_size_ = 0;
  std::vector<float> grid_values_;   // pooled maps of every head, kept across head choices
  std::array<float, 3> grid_key_{};  // cells per side, scale, data generation they belong to
  int generation_ = 0;
};

// ---- RoPE rotations ----

class RopeView final : public View {
 public:
  using Source = std::function<nn::RopeDemo(const nn::RopeOptions&)>;
  const char* id() const override { return "rope"; }
  // `source` recomputes the demonstration when a control changes; `layers`/`heads` bound them.
  void set_source(Source source, int layers, int heads, double model_theta);
  bool has_data() const override { return demo_.head_dim > 0; }
  nn::RopeOptions& options() { return options_; }
  void refresh();  // recompute with options()
  const nn::RopeDemo& demo() const { return demo_; }
  void set_positions(int query, int key) { m_ = query, n_ = key, invalidate(); }

 protected:
  void controls(const FrameInfo& info) override;
  void layout(const FrameInfo& info) override;
  void labels(const FrameInfo& info) override;

 private:
  Source source_;
  nn::RopeOptions options_;
  nn::RopeDemo demo_;
  int layers_ = 1, heads_ = 1, m_ = 8, n_ = 3;
  double model_theta_ = 10000;
  std::array<float, 4> circle_{}, bars_{}, plot_{};  // panels: x0, y0, x1, y1
  double dot_lo_ = 0, dot_hi_ = 1;
};

// ---- Spike raster ----

class SpikeView final : public View {
 public:
  using Source = std::function<nn::SpikeRaster(const nn::SpikeOptions&)>;
  const char* id() const override { return "spikes"; }
  void set_source(Source source, int layers, std::vector<std::string> tokens);
  bool has_data() const override { return raster_.T > 0; }
  void refresh();
  void select_neuron(int neuron) { neuron_ = neuron, invalidate(); }
  // The token window shown: tokens [first, first + count) of the prompt (count 0: to the end).
  void set_window(int first, int count) {
    first_token_ = first, tokens_shown_ = count, invalidate();
  }
  nn::SpikeOptions& options() { return options_; }

 protected:
  void controls(const FrameInfo& info) override;
  void layout(const FrameInfo& info) override;
  void labels(const FrameInfo& info) override;

 private:
  Source source_;
  nn::SpikeOptions options_;
  nn::SpikeRaster raster_;
  std::vector<std::string> tokens_;
  int layers_ = 1, neuron_ = 0;
  int first_token_ = 0, tokens_shown_ = 0;
  std::pair<tensor::Index, tensor::Index> window() const;  // first token, count
  std::array<float, 4> raster_box_{}, trace_box_{}, grad_box_{}, rate_box_{};
  float v_lo_ = 0, v_hi_ = 1;
};

// ---- Parallel scan ----

class ScanView final : public View {
 public:
  using Source = std::function<tensor::ScanTrace(const nn::ScanOptions&)>;
  const char* id() const override { return "scan"; }
  void set_source(Source source, int layers, int channels, int states);
  bool has_data() const override { return !trace_.a.empty(); }
  void refresh();
  nn::ScanOptions& options() { return options_; }
  // Rounds shown: 0 (the inputs) .. rounds (all); the animation advances it.
  void set_step(int step) { step_ = step, invalidate(); }
  int steps() const { return int(trace_.rounds.size()); }
  bool animating() const override { return playing_; }

 protected:
  void controls(const FrameInfo& info) override;
  void layout(const FrameInfo& info) override;
  void labels(const FrameInfo& info) override;

 private:
  Source source_;
  nn::ScanOptions options_;
  tensor::ScanTrace trace_;
  int layers_ = 1, channels_ = 1, states_ = 1, step_ = 0;
  bool playing_ = false;
  float clock_ = 0;
  std::array<float, 4> rows_box_{}, plot_box_{};
  float cell_ = 0;
};

std::unique_ptr<View> make_view(const std::string& id);  // null for an unknown id

}  // namespace ahenk::inspect
