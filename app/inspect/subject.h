// What the Inspect views look at: a checkpoint's model, its tokenizer and a prompt, and the data
// each view needs from them (computed by the engine, ahenk/nn/inspect.h). Shared by the CLI's
// `ahenk render` and the workbench's Inspect page.
//
//   auto subject = ahenk::inspect::load_subject("out/ckpt", "The quick brown fox");
//   auto view = ahenk::inspect::make_view("attention");
//   ahenk::inspect::attach(*view, subject);   // or a clear message on the view when it cannot
//
// Threading: loading and attach() run a forward pass on the calling thread; a Subject is used by
// one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ahenk/tokenize/tokenizer.h"
#include "ahenk/train/trainer.h"
#include "views.h"

namespace ahenk::inspect {

struct Subject {
  std::string name;  // the checkpoint folder's name
  std::string path;
  train::LoadedCheckpoint checkpoint;
  std::unique_ptr<tokenize::Tokenizer> tokenizer;  // null: bytes
  std::vector<std::int32_t> tokens;                // the prompt, cut to the model's context
  std::vector<std::string> labels;                 // each prompt token, readable
  std::vector<double> frequency;                   // token counts in the training text (sampled)
};

// Loads a checkpoint folder (throws std::runtime_error naming it) and encodes the prompt.
Subject load_subject(const std::string& checkpoint_dir, const std::string& prompt);
// Replaces the prompt (cut to the model's context). Throws when it encodes to no tokens.
void set_prompt(Subject& subject, const std::string& prompt);
// Counts token ids over the first `max_bytes` of the checkpoint's training inputs (when they still
// exist), else over the prompt.
void count_frequencies(Subject& subject, std::size_t max_bytes = std::size_t{4} << 20);
// A readable label for every vocabulary id.
std::vector<std::string> vocabulary_labels(const Subject& subject);

EmbeddingView::Data embedding_data(Subject& subject);
// Gives the view the subject's data (a data source for views with controls that recompute). When
// the model cannot show this view (attention of a Mamba model, say), the view shows why instead.
void attach(View& view, Subject& subject);

}  // namespace ahenk::inspect
