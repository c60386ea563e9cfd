// The CLI's verbs. Each add_* registers a subcommand on `app` and sets `run` when it is chosen;
// main() then calls `run`, which returns the exit code (0 success, 1 runtime error). Usage errors
// (exit 2) are CLI11's parse errors, handled in main().
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

#include "ahenk/progress.h"

namespace ahenk::cli {

using Runner = std::function<int()>;

// Makes `body` the verb's work when `cmd` is the chosen subcommand (run after parsing).
inline void run_on_select(CLI::App* cmd, Runner& run, Runner body) {
  cmd->callback([&run, body = std::move(body)] { run = body; });
}

// Set by SIGINT/SIGTERM so long jobs stop cleanly (exit 130).
CancelToken& interrupt_token();

void add_doctor_command(CLI::App& app, Runner& run);
void add_corpus_command(CLI::App& app, Runner& run);
void add_tokenizer_command(CLI::App& app, Runner& run);
void add_train_command(CLI::App& app, Runner& run);
void add_sample_command(CLI::App& app, Runner& run);
void add_eval_command(CLI::App& app, Runner& run);
void add_compare_command(CLI::App& app, Runner& run);
void add_session_command(CLI::App& app, Runner& run);
void add_render_command(CLI::App& app, Runner& run);

}  // namespace ahenk::cli
