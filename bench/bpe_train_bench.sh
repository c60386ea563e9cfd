#!/usr/bin/env bash
# BPE training time and peak memory, Ahenk vs Hugging Face tokenizers (npm, default trainer,
# vocab 30000), same input files, same run; both use the GPT-2 byte-level split.
# usage: bench/bpe_train_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; runs=${2:-3}
shared=$(cd .. && pwd)/shared/data
packaging/install-test-tools.sh "$build" > /dev/null
export NODE_PATH=$(cd "$build" && pwd)/npm-tools/node_modules
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat "$shared"/tr_corpus/*/*.txt > "$work/tr.txt"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; tokenizers $(node -p "require('$NODE_PATH/tokenizers/package.json').version")"
echo
echo "| corpus | tool | vocab | median s | min-max s | peak memory | ratio (HF / Ahenk) |"
echo "|---|---|---|---|---|---|---|"
for corpus in "$shared/tinyshakespeare.txt" "$work/tr.txt"; do
  name=$(basename "$corpus"); [[ $name == tr.txt ]] && name="tr_corpus (3.8 MB)"
  declare -A med
  for tool in ahenk hf; do
    times=(); peak=0; vocab=0
    for ((r = 0; r < runs; r++)); do
      if [[ $tool == ahenk ]]; then
        /usr/bin/time -f "%e %M" -o "$work/t" "$build/bin/ahenk" tokenizer train -q --vocab-size 30000 \
          --min-frequency 1 --out "$work/a.json" "$corpus" > "$work/out"
        vocab=$(python3 -c "import json;print(len(json.load(open('$work/a.json'))['model']['vocab']))")
        read -r secs kb < "$work/t"
      else
        /usr/bin/time -f "%e %M" -o "$work/t" node tests/interop/hf_train.js "$work/h.json" "$corpus" > "$work/out"
        secs=$(python3 -c "import json;print(json.load(open('$work/out'))['seconds'])")
        vocab=$(python3 -c "import json;print(json.load(open('$work/out'))['vocab'])")
        read -r _ kb < "$work/t"
      fi
      times+=("$secs"); (( kb > peak )) && peak=$kb
    done
    sorted=($(printf '%s\n' "${times[@]}" | sort -g))
    med[$tool]=${sorted[$(( ${#sorted[@]} / 2 ))]}
    ratio=""
    [[ $tool == hf ]] && ratio=$(awk -v h="${med[hf]}" -v a="${med[ahenk]}" 'BEGIN{printf "%.2fx", h/a}')
    echo "| $name | $tool | $vocab | ${med[$tool]} | ${sorted[0]}-${sorted[-1]} | $((peak / 1024)) MB | $ratio |"
  done
done
