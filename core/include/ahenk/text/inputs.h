// Turning what the user named (files and folders) into the list of files a corpus job reads.
//
//   std::vector<ahenk::text::InputProblem> problems;
//   auto files = ahenk::text::collect_inputs({"corpus/", "extra.txt"}, &problems);
//   // files: every regular file under corpus/ (recursively, sorted by path) plus extra.txt
//   // problems: what was skipped and why (unreadable folder, socket, broken link...)
//
// A path the user named that does not exist is an error (InputError), not a silent skip: a typo
// must not produce an empty corpus. Files found inside folders are listed in byte order of their
// path so every run sees the same order. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "ahenk/message.h"

namespace ahenk::text {

struct InputFile {
  std::filesystem::path path;
  std::uint64_t size = 0;  // bytes, as listed (a file may change before it is read)
};

struct InputProblem {
  std::string path;
  std::string reason;  // e.g. "skipped: a socket", "permission denied" (English)
  Message detail;      // the reason as a template with its arguments, to translate
};

// An input the user named cannot be used; the message names it and says what to do.
class InputError : public std::runtime_error, public Localizable {
 public:
  explicit InputError(const char* text, std::vector<Arg> args = {})
      : std::runtime_error(render_message(Message{text, args}, {})),
        Localizable(Message{text, std::move(args)}) {}
};

std::vector<InputFile> collect_inputs(const std::vector<std::string>& paths,
                                      std::vector<InputProblem>* problems);

}  // namespace ahenk::text
