#!/usr/bin/env bash
# Tools the interoperability tests compare against, beyond the Debian build dependencies:
# Hugging Face tokenizers (npm package `tokenizers`, the Rust library's Node binding) and tiktoken
# (for the benchmarks), installed into BUILD_DIR/npm-tools. Node and npm come from Debian when missing (a Node that is already
# installed, e.g. from NodeSource, is used as is). Failing here is not fatal: the interop tests
# then report themselves skipped with the reason. Usage: install-test-tools.sh [BUILD_DIR]
set -uo pipefail
build=${1:-build}
SUDO=""
[[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && SUDO="sudo"
if ! command -v npm >/dev/null; then
  echo "install-test-tools: installing nodejs and npm from Debian"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends nodejs npm ||
    { echo "install-test-tools: WARNING: could not install npm; interop tests will be skipped" >&2; exit 0; }
fi
mkdir -p "$build/npm-tools"
if [[ ! -d "$build/npm-tools/node_modules/tokenizers" ]]; then
  echo "install-test-tools: npm install tokenizers@0.23.2 into $build/npm-tools"
  npm install --prefix "$build/npm-tools" --no-audit --no-fund --loglevel=error tokenizers@0.23.2 ||
    echo "install-test-tools: WARNING: npm install failed (offline?); interop tests will be skipped" >&2
fi
# tiktoken (OpenAI's BPE, WASM build): only the tokenizer benchmarks use it.
if [[ ! -d "$build/npm-tools/node_modules/tiktoken" ]]; then
  npm install --prefix "$build/npm-tools" --no-audit --no-fund --loglevel=error tiktoken@1.0.22 ||
    echo "install-test-tools: WARNING: npm install tiktoken failed; its benchmark row will be missing" >&2
fi
exit 0
