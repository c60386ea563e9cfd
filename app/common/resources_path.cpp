#include "resources_path.h"

#include <cstdlib>
#include <system_error>

namespace ahenk::app {

namespace {

// $env_var if set; else <prefix>/share/ahenk/<name> next to an installed binary; else the source
// tree's folder (a build-tree run); empty when none exists.
std::filesystem::path resource_dir(const char* env_var, const char* name, const char* source_dir) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (const char* env = std::getenv(env_var); env && *env) return fs::path(env);
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "ahenk" / name;
    if (fs::is_directory(installed, error)) return installed;
  }
  const fs::path source(source_dir);
  if (fs::is_directory(source, error)) return source;
  return {};
}

}  // namespace

std::filesystem::path sample_corpus_dir() {
  return resource_dir("AHENK_SAMPLE_DIR", "sample", AHENK_SOURCE_SAMPLE_DIR);
}

std::filesystem::path presets_dir() {
  return resource_dir("AHENK_PRESETS_DIR", "presets", AHENK_SOURCE_PRESETS_DIR);
}

}  // namespace ahenk::app
