// `ahenk doctor`: what this machine and build offer (libraries, Vulkan devices, CUDA, CPU).
#include <cstdio>

#include "commands.h"
#include "full_report.h"
#include "ahenk/system_report.h"

#ifdef AHENK_CLI_HAS_QT
#include <QtGlobal>
#endif

namespace ahenk::cli {

void add_doctor_command(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand(
      "doctor",
      "Report the libraries, Vulkan devices, CUDA devices and CPU that Ahenk can use, and why a "
      "missing one is missing");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Print the report as JSON");
  cmd->callback([&run, json] {
    run = [json] {
#ifdef AHENK_CLI_HAS_QT
      const std::string qt = qVersion();
#else
      const std::string qt;
#endif
      auto report = app::full_report(qt);
      if (*json) {
        std::printf("%s\n", report.dump(2).c_str());
      } else {
        std::printf("%s", system::format_report(report).c_str());
      }
      return 0;
    };
  });
}

}  // namespace ahenk::cli
