// Frame time of the Inspect views on this machine's Vulkan device (lavapipe here): the embedding
// projector with N points (default 100k) and the attention grid at T tokens (default 1024), each
// drawn offscreen at 1280 x 720 with its labels. Two numbers per view: a frame that only draws
// (the view at rest: hovering, an ImGui control moving) and a frame that also rebuilds the canvas
// (rotating the cloud, choosing another head). The offscreen path reads each frame back to host
// memory, which the windowed path does not, so the window is a little faster.
//
//   build/bin/bench_inspect [--points 100000] [--tokens 1024] [--frames 30]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <utility>

#include "render.h"
#include "views.h"

using namespace ahenk;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Milliseconds per frame at 1280 x 720 with the view's controls: frames that only draw, then
// frames after change(f), which makes the view rebuild its canvas.
std::pair<double, double> frame_times(inspect::HeadlessRenderer& renderer, inspect::View& view,
                                      int frames, const std::function<void(int)>& change) {
  renderer.render(view, 1280, 720, true, 3);  // ImGui lays out its windows
  auto t0 = Clock::now();
  for (int f = 0; f < frames; ++f) renderer.render(view, 1280, 720, true, 1);
  const double still = ms_since(t0) / frames;
  t0 = Clock::now();
  for (int f = 0; f < frames; ++f) {
    change(f);
    renderer.render(view, 1280, 720, true, 1);
  }
  const double moving = ms_since(t0) / frames;
  renderer.detach(view);
  return {still, moving};
}

}  // namespace

int main(int argc, char** argv) {
  long points = 100000, tokens = 1024;
  int frames = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--points") points = std::atol(argv[i + 1]);
    if (a == "--tokens") tokens = std::atol(argv[i + 1]);
    if (a == "--frames") frames = std::atoi(argv[i + 1]);
  }
  std::string why;
  auto renderer = inspect::HeadlessRenderer::create(&why);
  if (!renderer) {
    std::fprintf(stderr, "no Vulkan device: %s\n", why.c_str());
    return 1;
  }
  std::printf("device: %s, 1280 x 720, %d frames each\n", renderer->device_name().c_str(), frames);
  std::mt19937 rng(1);
  std::normal_distribution<float> g(0, 1);

  // The projector: a cloud of `points` tokens (three Gaussian blobs), labels as a vocabulary.
  {
    inspect::EmbeddingView::Data d;
    d.projection.points = points;
    d.projection.dims = 3;
    d.projection.variance_ratio = {0.2, 0.1, 0.05};
    for (long i = 0; i < points; ++i) {
      const float cx = float(i % 3) - 1;
      d.projection.coords.push_back(cx + 0.4f * g(rng));
      d.projection.coords.push_back(0.5f * g(rng));
      d.projection.coords.push_back(0.3f * g(rng));
      d.tokens.push_back("t" + std::to_string(i));
      d.scripts.push_back(i % 7 == 0 ? "Cyrillic" : "Latin");
    }
    d.checkpoint = "synthetic";
    inspect::EmbeddingView view;
    view.set_data(std::move(d));
    const auto [still, moving] = frame_times(*renderer, view, frames, [&](int f) {
      view.set_rotation(0.05f * float(f), 0.3f);  // a rotation rebuilds the canvas
    });
    std::printf(
        "projector, %ld points: %.1f ms per frame at rest (%.0f fps), %.1f ms rotating "
        "(%.0f fps)\n",
        points, still, 1000 / still, moving, 1000 / moving);
  }

  // The attention grid: 4 layers x 8 heads at `tokens` tokens, causal softmax rows.
  {
    nn::AttentionCapture c;
    c.layers = 4;
    c.heads = 8;
    c.T = tokens;
    c.p.assign(std::size_t(c.layers * c.heads * tokens * tokens), 0.0f);
    c.entropy.assign(std::size_t(c.layers * c.heads), 1.0);
    for (long m = 0; m < c.layers * c.heads; ++m)
      for (long i = 0; i < tokens; ++i) {
        float* row = c.p.data() + (m * tokens + i) * tokens;
        float sum = 0;
        for (long j = 0; j <= i; ++j) sum += row[j] = std::exp(2 * g(rng));
        for (long j = 0; j <= i; ++j) row[j] /= sum;
      }
    std::vector<std::string> labels;
    for (long i = 0; i < tokens; ++i) labels.push_back("w" + std::to_string(i));
    inspect::AttentionView view;
    view.set_data(std::move(c), labels);
    const auto [still, moving] = frame_times(*renderer, view, frames, [&](int f) {
      view.select(f % 4, f % 8);  // another head rebuilds the canvas
    });
    std::printf(
        "attention grid, 4 x 8 heads at %ld tokens: %.1f ms per frame at rest (%.0f fps), "
        "%.1f ms choosing heads (%.0f fps)\n",
        tokens, still, 1000 / still, moving, 1000 / moving);
  }
  return 0;
}
