#!/usr/bin/env bash
# ./test.sh [ctest arguments...]
# Installs what is missing, builds, and runs the whole test suite through ctest: every label but
# `cuda` (run `ctest --test-dir build -L cuda` on a machine with an NVIDIA GPU).
set -euo pipefail
cd "$(dirname "$0")"
source packaging/steps.sh

step install packaging/install-deps.sh
step configure cmake --preset default
step build cmake --build --preset default
step test-tools packaging/install-test-tools.sh build
step test-data-home rm -rf build/test-data-home
step test ctest --preset default --label-exclude cuda -j "${AHENK_JOBS:-$(nproc)}" "$@"
summary
