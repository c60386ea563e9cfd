#include "ahenk/text/inputs.h"

#include <algorithm>
#include <set>
#include <system_error>

#include "ahenk/message.h"

namespace ahenk::text {
namespace fs = std::filesystem;

namespace {

Message kind_name(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return {QT_TRANSLATE_NOOP("Engine", "a folder")};
    case fs::file_type::symlink:
      return {QT_TRANSLATE_NOOP("Engine", "a symbolic link")};
    case fs::file_type::block:
      return {QT_TRANSLATE_NOOP("Engine", "a block device")};
    case fs::file_type::character:
      return {QT_TRANSLATE_NOOP("Engine", "a character device")};
    case fs::file_type::fifo:
      return {QT_TRANSLATE_NOOP("Engine", "a named pipe")};
    case fs::file_type::socket:
      return {QT_TRANSLATE_NOOP("Engine", "a socket")};
    case fs::file_type::not_found:
      return {QT_TRANSLATE_NOOP("Engine", "a broken link")};
    default:
      return {QT_TRANSLATE_NOOP("Engine", "not a regular file")};
  }
}

void add_problem(std::vector<InputProblem>* problems, const fs::path& path, const char* text,
                 std::vector<Arg> args = {}) {
  if (problems == nullptr) return;
  Message m{text, std::move(args)};
  problems->push_back({path.string(), render_message(m, {}), std::move(m)});
}

// The system's words for an error (as the C library gives them).
void add_problem(std::vector<InputProblem>* problems, const fs::path& path,
                 const std::error_code& error) {
  add_problem(problems, path, "%1", {error.message()});
}

void add_file(const fs::path& path, std::vector<InputFile>& files,
              std::vector<InputProblem>* problems) {
  std::error_code error;
  auto size = fs::file_size(path, error);
  if (error) {
    add_problem(problems, path, error);
    return;
  }
  files.push_back({path, size});
}

}  // namespace

std::vector<InputFile> collect_inputs(const std::vector<std::string>& paths,
                                      std::vector<InputProblem>* problems) {
  std::vector<InputFile> files;
  for (const auto& name : paths) {
    std::error_code error;
    fs::path path(name);
    auto status = fs::status(path, error);
    if (error || status.type() == fs::file_type::not_found) {
      throw InputError(QT_TRANSLATE_NOOP("Engine",
                                         "%1: no such file or folder; check the path "
                                         "(inputs are files, folders, or .jsonl files)"),
                       {name});
    }
    if (status.type() == fs::file_type::regular) {
      add_file(path, files, problems);
      continue;
    }
    if (status.type() != fs::file_type::directory) {
      throw InputError(QT_TRANSLATE_NOOP("Engine",
                                         "%1: is %2, not a file or folder; name a text "
                                         "file or a folder of them"),
                       {name, kind_name(status.type())});
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
    if (error)
      throw InputError(QT_TRANSLATE_NOOP("Engine", "%1: cannot open the folder: %2"),
                       {name, error.message()});
    for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (error) {
        add_problem(problems, it->path(), error);
        error.clear();
        continue;
      }
      auto type = it->status(error).type();
      if (error) {
        std::error_code link_error;
        if (error == std::errc::no_such_file_or_directory && it->is_symlink(link_error))
          add_problem(problems, it->path(), QT_TRANSLATE_NOOP("Engine", "skipped: %1"),
                      {kind_name(fs::file_type::not_found)});
        else
          add_problem(problems, it->path(), error);
        error.clear();
        continue;
      }
      if (type == fs::file_type::regular) {
        add_file(it->path(), found, problems);
      } else if (type != fs::file_type::directory) {
        add_problem(problems, it->path(), QT_TRANSLATE_NOOP("Engine", "skipped: %1"),
                    {kind_name(type)});
      }
    }
    std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) {
      return a.path.native() < b.path.native();
    });
    files.insert(files.end(), found.begin(), found.end());
  }
  // A file named twice (a folder and a file inside it, or a path given twice) is read once.
  std::set<fs::path> seen;
  std::vector<InputFile> unique;
  unique.reserve(files.size());
  for (auto& file : files) {
    std::error_code error;
    fs::path key = fs::weakly_canonical(file.path, error);
    if (error) key = file.path;
    if (!seen.insert(key).second) {
      add_problem(problems, file.path,
                  QT_TRANSLATE_NOOP("Engine", "named more than once; read once"));
      continue;
    }
    unique.push_back(std::move(file));
  }
  return unique;
}

}  // namespace ahenk::text
