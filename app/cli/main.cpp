// ahenk: the command-line face of the engine. Every verb a GUI page uses on data is here too.
#include <csignal>
#include <cstdio>
#include <exception>

#include "ahenk/version.h"
#include "commands.h"
#include "session_record.h"

namespace ahenk::cli {

CancelToken& interrupt_token() {
  static CancelToken token;
  return token;
}

}  // namespace ahenk::cli

namespace {

extern "C" void on_interrupt(int) {
  ahenk::cli::interrupt_token().cancel();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Ahenk: watch a language model being trained from scratch, step by step.\n"
      "Exit codes: 0 success, 1 runtime error, 2 usage error, 130 interrupted.",
      "ahenk"};
  app.set_version_flag("--version", std::string("ahenk ") + AHENK_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'ahenk VERB --help' for a verb's options. See README.md for the workbench.");

  ahenk::cli::Runner run;
  ahenk::cli::add_doctor_command(app, run);
  ahenk::cli::add_corpus_command(app, run);
  ahenk::cli::add_tokenizer_command(app, run);
  ahenk::cli::add_train_command(app, run);
  ahenk::cli::add_sample_command(app, run);
  ahenk::cli::add_eval_command(app, run);
  ahenk::cli::add_compare_command(app, run);
  ahenk::cli::add_session_command(app, run);
  ahenk::cli::add_render_command(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.find_first_of(" \t\"'") != std::string::npos) arg = "'" + arg + "'";
    ahenk::cli::command_line() += (i ? " " : "") + arg;
  }
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  try {
    return run ? run() : 2;
  } catch (const ahenk::Cancelled&) {
    std::fprintf(stderr, "ahenk: interrupted; no output was written\n");
    return 130;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ahenk: error: %s\n", e.what());
    return 1;
  }
}
