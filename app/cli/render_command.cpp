// `ahenk render embeddings|attention|rope|spikes|scan`: an Inspect view of a checkpoint drawn
// headless with Vulkan (lavapipe where there is no GPU) to a PNG, the same picture as the
// workbench's Inspect page, for course handouts.
#include <cstdio>
#include <filesystem>

#include "commands.h"
#include "render.h"
#include "session_record.h"
#include "terminal_progress.h"
#include "subject.h"

namespace ahenk::cli {
namespace fs = std::filesystem;

void add_render_command(CLI::App& app, Runner& run) {
  struct Options {
    std::string view, checkpoint, out;
    std::string prompt = "The quick brown fox jumps over the lazy dog.";
    int width = 1280, height = 720;
    int layer = 0, head = 0, band = 0, neuron = 0, channel = 0, state = 0, neurons = 64;
    double theta = 0;
    int positions = 64, length = 16, from_token = 0, tokens_shown = 0;
    std::string colour = "rank", query, projection = "pca";
    double perplexity = 30;
    int iterations = 1000;
    bool controls = false, json = false, quiet = false;
    SessionCli session;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("render",
                                 "Draw an Inspect view of a checkpoint to a PNG (headless Vulkan)");
  cmd->add_option("VIEW", o->view, "embeddings, attention, rope, spikes or scan")
      ->required()
      ->check(CLI::IsMember({"embeddings", "attention", "rope", "spikes", "scan"}));
  cmd->add_option("--checkpoint", o->checkpoint, "Checkpoint folder (ahenk train --out)")
      ->required();
  cmd->add_option("--out", o->out, "PNG file to write")->required();
  cmd->add_option("--prompt", o->prompt, "Text the model reads (attention, rope, spikes, scan)");
  cmd->add_option("--width", o->width, "Image width in pixels")->check(CLI::Range(64, 8192));
  cmd->add_option("--height", o->height, "Image height in pixels")->check(CLI::Range(64, 8192));
  cmd->add_option("--layer", o->layer, "Layer (attention, rope, spikes, scan)");
  cmd->add_option("--head", o->head, "Attention head (attention, rope)");
  cmd->add_option("--band", o->band, "RoPE frequency band (rope)");
  cmd->add_option("--theta", o->theta, "RoPE base (rope; default: the model's)");
  cmd->add_option("--positions", o->positions, "Positions to rotate through (rope)")
      ->check(CLI::Range(2, 4096));
  cmd->add_option("--neurons", o->neurons, "Neurons in the raster (spikes)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--neuron", o->neuron, "Neuron whose potential is traced (spikes)");
  cmd->add_option("--from-token", o->from_token, "First prompt token shown (spikes)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--tokens", o->tokens_shown, "Prompt tokens shown (spikes; default: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--channel", o->channel, "Inner channel (scan)");
  cmd->add_option("--state", o->state, "State dimension (scan)");
  cmd->add_option("--length", o->length, "Tokens scanned (scan)")->check(CLI::Range(2, 1024));
  cmd->add_option("--colour", o->colour, "Colour points by (embeddings)")
      ->check(CLI::IsMember({"rank", "frequency", "script"}));
  cmd->add_option("--query", o->query, "Highlight tokens containing this text (embeddings)");
  cmd->add_option("--projection", o->projection, "pca or tsne (embeddings)")
      ->check(CLI::IsMember({"pca", "tsne"}));
  cmd->add_option("--perplexity", o->perplexity, "t-SNE perplexity (embeddings)")
      ->check(CLI::Range(1.0, 1000.0));
  cmd->add_option("--iterations", o->iterations, "t-SNE iterations (embeddings)")
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  cmd->add_flag("--controls", o->controls, "Draw the view's controls too, as in the workbench");
  cmd->add_flag("--json", o->json, "Print what was drawn as JSON");
  add_session_options(cmd, o->session);
  run_on_select(
      cmd, run,
      recorded(
          [o] {
            return RecordPlan{o->session,
                              {.kind = "render",
                               .name = o->view + " " + fs::path(o->checkpoint).filename().string(),
                               .config = {{"view", o->view},
                                          {"checkpoint", fs::absolute(o->checkpoint).string()},
                                          {"prompt", o->prompt},
                                          {"width", o->width},
                                          {"height", o->height},
                                          {"layer", o->layer},
                                          {"head", o->head},
                                          {"projection", o->projection},
                                          {"perplexity", o->perplexity},
                                          {"iterations", o->iterations}}},
                              {}};
          },
          [o]() -> int {
            std::string why;
            auto renderer = inspect::HeadlessRenderer::create(&why);
            if (!renderer)
              throw std::runtime_error("no Vulkan device to render with: " + why +
                                       " (install mesa-vulkan-drivers for a CPU renderer)");
            auto subject = inspect::load_subject(o->checkpoint, o->prompt);
            auto view = inspect::make_view(o->view);
            if (auto* r = dynamic_cast<inspect::RopeView*>(view.get())) {
              r->options() = {.layer = o->layer,
                              .head = o->head,
                              .band = o->band,
                              .positions = o->positions,
                              .theta = o->theta};
            } else if (auto* s = dynamic_cast<inspect::SpikeView*>(view.get())) {
              s->options() = {.layer = o->layer, .neurons = o->neurons};
            } else if (auto* c = dynamic_cast<inspect::ScanView*>(view.get())) {
              c->options() = {
                  .layer = o->layer, .channel = o->channel, .state = o->state, .length = o->length};
            }
            inspect::attach(*view, subject);
            if (auto* e = dynamic_cast<inspect::EmbeddingView*>(view.get())) {
              using C = inspect::EmbeddingView::ColourBy;
              e->set_colour_by(o->colour == "frequency" ? C::frequency
                               : o->colour == "script"  ? C::script
                                                        : C::rank);
              if (!o->query.empty()) e->set_query(o->query);
              if (o->projection == "tsne") {
                const auto& data = e->data();
                nn::TsneOptions options;
                options.perplexity = o->perplexity;
                options.iterations = o->iterations;
                options.exaggeration_iterations = std::min(250, o->iterations / 4);
                app::TerminalProgress progress(o->quiet);
                e->set_tsne_map(nn::tsne(data.embeddings.data(), data.projection.points, data.dims,
                                         options, &progress, &interrupt_token()),
                                options);
              }
            } else if (auto* a = dynamic_cast<inspect::AttentionView*>(view.get())) {
              a->select(o->layer, o->head);
            } else if (auto* s = dynamic_cast<inspect::SpikeView*>(view.get())) {
              s->select_neuron(o->neuron);
              s->set_window(o->from_token, o->tokens_shown);
            } else if (auto* c = dynamic_cast<inspect::ScanView*>(view.get())) {
              c->set_step(c->steps());
            }
            if (!view->message().empty()) throw std::runtime_error(view->message());
            const auto image =
                renderer->render(*view, uint32_t(o->width), uint32_t(o->height), o->controls);
            renderer->detach(*view);
            vk::write_png(image, o->out);
            if (auto* rec = current_record()) {
              rec->artifact("image", o->out);
              rec->outputs(
                  {{"device", renderer->device_name()}, {"tokens", subject.tokens.size()}});
            }
            if (o->json) {
              nlohmann::json j = {{"view", o->view},
                                  {"out", o->out},
                                  {"width", o->width},
                                  {"height", o->height},
                                  {"device", renderer->device_name()},
                                  {"tokens", subject.tokens.size()},
                                  {"arch", subject.checkpoint.model->arch()}};
              if (o->view == "embeddings") j["projection"] = o->projection;
              std::printf("%s\n", j.dump(2).c_str());
            } else {
              std::fprintf(stderr, "ahenk: %s of %s drawn on %s -> %s\n", o->view.c_str(),
                           subject.name.c_str(), renderer->device_name().c_str(), o->out.c_str());
            }
            return 0;
          }));
}

}  // namespace ahenk::cli
