// The library sections of the system report (ICU, SQLite, OpenBLAS, this build) and its text form.
#include "ahenk/system_report.h"

#include <dlfcn.h>
#include <sqlite3.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <cstdlib>
#include <sstream>

#include "ahenk/version.h"

namespace ahenk::system {
namespace {

std::string icu_version_string(const UVersionInfo info) {
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(info, text);
  return text;
}

nlohmann::ordered_json env_or_null(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return nullptr;
  return value;
}

void format_value(std::ostringstream& out, const nlohmann::ordered_json& value, int indent);

void format_object(std::ostringstream& out, const nlohmann::ordered_json& object, int indent) {
  for (const auto& [key, value] : object.items()) {
    out << std::string(static_cast<size_t>(indent), ' ') << key << ":";
    if (value.is_object()) {
      out << "\n";
      format_object(out, value, indent + 2);
    } else {
      format_value(out, value, indent);
    }
  }
}

void format_value(std::ostringstream& out, const nlohmann::ordered_json& value, int indent) {
  if (value.is_string()) {
    out << " " << value.get<std::string>() << "\n";
  } else if (value.is_null()) {
    out << " (unset)\n";
  } else if (value.is_array()) {
    bool objects = !value.empty() && value.front().is_object();
    if (!objects) {
      out << " ";
      for (size_t i = 0; i < value.size(); ++i) {
        if (i) out << ", ";
        out << (value[i].is_string() ? value[i].get<std::string>() : value[i].dump());
      }
      out << (value.empty() ? "(none)" : "") << "\n";
      return;
    }
    out << "\n";
    for (size_t i = 0; i < value.size(); ++i) {
      out << std::string(static_cast<size_t>(indent + 2), ' ') << "[" << i << "]\n";
      format_object(out, value[i], indent + 4);
    }
  } else {
    out << " " << value.dump() << "\n";
  }
}

}  // namespace

nlohmann::ordered_json build_section() {
  nlohmann::ordered_json build;
  build["version"] = AHENK_VERSION;
  build["build_type"] = AHENK_BUILD_TYPE;
  build["compiler"] = AHENK_COMPILER;
  return build;
}

nlohmann::ordered_json icu_section() {
  UVersionInfo version;
  u_getVersion(version);
  UVersionInfo unicode;
  u_getUnicodeVersion(unicode);
  nlohmann::ordered_json icu;
  icu["version"] = icu_version_string(version);
  icu["unicode_version"] = icu_version_string(unicode);
  return icu;
}

nlohmann::ordered_json sqlite_section() {
  nlohmann::ordered_json sqlite;
  sqlite["version"] = sqlite3_libversion();
  sqlite["source_id"] = sqlite3_sourceid();
  sqlite["threadsafe"] = sqlite3_threadsafe();
  return sqlite;
}

nlohmann::ordered_json openblas_section() {
  nlohmann::ordered_json blas;
  // Loaded on demand: linking OpenBLAS starts its thread pool in every process, and the corpus
  // and tokenizer stages have no use for it. The library is the one the engine links.
  void* lib = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    blas["available"] = false;
    blas["reason"] = std::string("cannot load libopenblas.so.0 (install libopenblas0): ") + dlerror();
    return blas;
  }
  auto config = reinterpret_cast<char* (*)()>(dlsym(lib, "openblas_get_config"));
  auto corename = reinterpret_cast<char* (*)()>(dlsym(lib, "openblas_get_corename"));
  auto threads = reinterpret_cast<int (*)()>(dlsym(lib, "openblas_get_num_threads"));
  auto parallel = reinterpret_cast<int (*)()>(dlsym(lib, "openblas_get_parallel"));
  if (!config || !corename || !threads || !parallel) {
    blas["available"] = false;
    blas["reason"] = "libopenblas.so.0 lacks the openblas_get_* functions";
    return blas;
  }
  blas["config"] = config();
  blas["core"] = corename();
  blas["threads"] = threads();
  switch (parallel()) {
    case 0:
      blas["parallel"] = "sequential";
      break;
    case 1:
      blas["parallel"] = "pthreads";
      break;
    case 2:
      blas["parallel"] = "openmp";
      break;
    default:
      blas["parallel"] = "unknown";
      break;
  }
  // These machines preset a slower core type; benchmarks must record it (GUIDE, section 6).
  blas["OPENBLAS_CORETYPE"] = env_or_null("OPENBLAS_CORETYPE");
  blas["OPENBLAS_L2_SIZE"] = env_or_null("OPENBLAS_L2_SIZE");
  return blas;
}

nlohmann::ordered_json core_report() {
  nlohmann::ordered_json report;
  report["ahenk"] = build_section();
  report["cpu"] = cpu_section();
  report["icu"] = icu_section();
  report["sqlite"] = sqlite_section();
  report["openblas"] = openblas_section();
  return report;
}

std::string format_report(const nlohmann::ordered_json& report) {
  std::ostringstream out;
  format_object(out, report, 0);
  return out.str();
}

}  // namespace ahenk::system
