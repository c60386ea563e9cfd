// Runs the `ahenk` binary the way a user does and captures what it prints.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace ahenk::test {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline CliResult run_cli(const std::string& args) {
  namespace fs = std::filesystem;
  const fs::path err_file =
      fs::temp_directory_path() / ("ahenk-e2e-err-" + std::to_string(::getpid()));
  const std::string command = std::string(AHENK_CLI) + " " + args + " 2>" + err_file.string();
  CliResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  result.err.assign(std::istreambuf_iterator<char>(in), {});
  fs::remove(err_file);
  return result;
}

}  // namespace ahenk::test
