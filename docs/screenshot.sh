#!/usr/bin/env bash
# Regenerates the README's screenshot (docs/screenshot.png) and one per page and language in
# docs/screenshots/, from the real workbench drawing through a Vulkan window under Xvfb.
# Usage: docs/screenshot.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/bin/ahenk-workbench"
[[ -x "$bin" ]] || { echo "screenshot.sh: build first ($bin missing): ./test.sh or ./run.sh" >&2; exit 1; }
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/ahenk-runtime-$(id -u)}
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
shoot() {  # page lang file
  xvfb-run -a -s '-screen 0 1280x800x24' "$bin" --page "$1" --lang "$2" --size 1200x760 \
    --screenshot "$3"
}
shoot inspect en docs/screenshot.png
for page in home inspect; do
  for lang in en tr; do
    shoot "$page" "$lang" "docs/screenshots/${page}_${lang}.png"
  done
done
