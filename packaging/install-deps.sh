#!/usr/bin/env bash
# Installs the Debian 12 packages Ahenk needs to build, test and run. Idempotent: installs only what is
# missing, uses sudo when not root, apt only. Usage: packaging/install-deps.sh [--check]
#   --check   list what is missing and exit 1 if anything is, install nothing.
set -euo pipefail

# Keep this list the single source of truth (README and docs point here).
PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang-format
  # Qt 6 (Widgets, Charts, Test, Linguist tools for the English/Turkish UI)
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n
  # Vulkan: headers, loader, lavapipe, shader compiler, validation, vulkaninfo
  libvulkan-dev mesa-vulkan-drivers glslc vulkan-validationlayers vulkan-tools
  # Dear ImGui (static, with its Vulkan backend) and stb (PNG writing)
  libimgui-dev libstb-dev
  # engine libraries
  libicu-dev libsqlite3-dev libopenblas-dev libcli11-dev nlohmann-json3-dev
  libcld2-dev libfasttext-dev libxxhash-dev libpcre2-dev libzstd-dev zlib1g-dev
  libssl-dev libarchive-dev libsimdjson-dev
  # tests: GoogleTest, a virtual X server for window tests, fonts for Qt
  libgtest-dev xvfb xauth fonts-dejavu-core
  # interop tests and benchmarks: SentencePiece (spm_train, spm_encode)
  sentencepiece
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "install-deps: missing: ${missing[*]}"
  exit 1
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
  echo "install-deps: apt-get install failed; refreshing the package lists and trying again" >&2
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}" || {
    echo "install-deps: could not install: ${missing[*]}. Check the network/apt sources and rerun." >&2
    exit 1
  }
fi
