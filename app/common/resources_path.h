// Where the bundled resources (the sample corpus) are, for an installed or a build-tree program.
#pragma once

#include <filesystem>

namespace ahenk::app {

// $AHENK_SAMPLE_DIR if set; else <prefix>/share/ahenk/sample next to an installed binary; else the
// source tree's resources/sample (a build-tree run). Empty when none exists.
std::filesystem::path sample_corpus_dir();

// The training presets (resources/presets/*.json): $AHENK_PRESETS_DIR, else
// <prefix>/share/ahenk/presets, else the source tree's. Empty when none exists.
std::filesystem::path presets_dir();

}  // namespace ahenk::app
