#!/usr/bin/env bash
# What the training benchmark and the PyTorch fixture script need beyond the build dependencies:
# Debian's PyTorch (python3-torch, run with /usr/bin/python3), scikit-learn (bench/tsne_bench.py),
# the OpenMP build of OpenBLAS and jemalloc (PyTorch at its best: bench/train_bench.py selects them
# through LD_LIBRARY_PATH and LD_PRELOAD for the PyTorch process only). The tests do not need any of
# it: the fixture they read is committed (tests/golden/transformer_tiny.safetensors).
# Usage: install-bench-deps.sh [--check]
set -euo pipefail
packages=(python3-torch python3-numpy python3-sklearn libopenblas0-openmp libjemalloc2)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then exit 0; fi
if [[ "${1:-}" == "--check" ]]; then echo "missing: ${missing[*]}"; exit 1; fi
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "install-bench-deps: installing ${missing[*]}" >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
