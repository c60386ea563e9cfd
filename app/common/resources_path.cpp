#include "resources_path.h"

#include <cstdlib>
#include <system_error>

namespace ahenk::app {

std::filesystem::path sample_corpus_dir() {
  namespace fs = std::filesystem;
  std::error_code error;
  if (const char* env = std::getenv("AHENK_SAMPLE_DIR"); env && *env) return fs::path(env);
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "ahenk" / "sample";
    if (fs::is_directory(installed, error)) return installed;
  }
  const fs::path source(AHENK_SOURCE_SAMPLE_DIR);
  if (fs::is_directory(source, error)) return source;
  return {};
}

std::filesystem::path presets_dir() {
  namespace fs = std::filesystem;
  std::error_code error;
  if (const char* env = std::getenv("AHENK_PRESETS_DIR"); env && *env) return fs::path(env);
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "ahenk" / "presets";
    if (fs::is_directory(installed, error)) return installed;
  }
  const fs::path source(AHENK_SOURCE_PRESETS_DIR);
  if (fs::is_directory(source, error)) return source;
  return {};
}

}  // namespace ahenk::app
