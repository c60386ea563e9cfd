#include "ahenk/text/inputs.h"

#include <algorithm>
#include <set>
#include <system_error>

namespace ahenk::text {
namespace fs = std::filesystem;

namespace {

const char* kind_name(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a folder";
    case fs::file_type::symlink:
      return "a symbolic link";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::fifo:
      return "a named pipe";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::not_found:
      return "a broken link";
    default:
      return "not a regular file";
  }
}

void add_file(const fs::path& path, std::vector<InputFile>& files,
              std::vector<InputProblem>* problems) {
  std::error_code error;
  auto size = fs::file_size(path, error);
  if (error) {
    if (problems) problems->push_back({path.string(), error.message()});
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
      throw InputError(name +
                       ": no such file or folder; check the path (inputs are files, folders, "
                       "or .jsonl files)");
    }
    if (status.type() == fs::file_type::regular) {
      add_file(path, files, problems);
      continue;
    }
    if (status.type() != fs::file_type::directory) {
      throw InputError(name + ": is " + kind_name(status.type()) +
                       ", not a file or folder; name a text file or a folder of them");
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
    if (error) throw InputError(name + ": cannot open the folder: " + error.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (error) {
        if (problems) problems->push_back({it->path().string(), error.message()});
        error.clear();
        continue;
      }
      auto type = it->status(error).type();
      if (error) {
        if (problems) problems->push_back({it->path().string(), error.message()});
        error.clear();
        continue;
      }
      if (type == fs::file_type::regular) {
        add_file(it->path(), found, problems);
      } else if (type != fs::file_type::directory) {
        if (problems) {
          problems->push_back({it->path().string(), std::string("skipped: ") + kind_name(type)});
        }
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
      if (problems) problems->push_back({file.path.string(), "named more than once; read once"});
      continue;
    }
    unique.push_back(std::move(file));
  }
  return unique;
}

}  // namespace ahenk::text
