#!/usr/bin/env bash
# Corpus-stage benchmark (issue: MB/s of load+clean, filter, dedup and the whole run, 1 and 2
# threads, >= 200 MB generated corpus, peak memory). Prints a Markdown table for bench/RESULTS.md.
# usage: bench/corpus_bench.sh [BUILD_DIR] [MEGABYTES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; mb=${2:-200}; runs=${3:-3}
shared=$(cd .. && pwd)/shared/data
corpus=$build/bench-data/corpus$mb
[[ -d $corpus ]] || python3 bench/make_corpus.py "$shared" "$corpus" "$mb" >&2
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
echo "corpus: $(du -sm "$corpus" | cut -f1) MB in $(ls "$corpus" | wc -l) JSONL shards ($corpus)"
echo
echo '### stages in memory, one core (bench_text_stages, 50 MB of the corpus)'
echo '```'
"$build/bin/bench_text_stages" "$corpus" --mb 50 --runs "$runs"
echo '```'
echo
echo "| verb (CLI, whole corpus) | threads | median MB/s | min-max MB/s | peak memory |"
echo "|---|---|---|---|---|"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
size=$(du -sb "$corpus" | cut -f1)
for verb in "clean --langid none" "filter --langid none" "dedup" "run"; do
  for threads in 1 2; do
    rates=(); peak=0
    for ((r = 0; r < runs; r++)); do
      rm -rf "$out/o"
      /usr/bin/time -f "%e %M" -o "$out/time" "$build/bin/ahenk" corpus $verb -q -j "$threads" \
        --out "$out/o" "$corpus" > /dev/null
      read -r secs kb < "$out/time"
      rates+=("$(awk -v b="$size" -v s="$secs" 'BEGIN{printf "%.1f", b/1e6/s}')")
      (( kb > peak )) && peak=$kb
    done
    sorted=($(printf '%s\n' "${rates[@]}" | sort -n))
    median=${sorted[$(( ${#sorted[@]} / 2 ))]}
    echo "| \`ahenk corpus $verb\` | $threads | $median | ${sorted[0]}-${sorted[-1]} | $((peak / 1024)) MB |"
  done
done
