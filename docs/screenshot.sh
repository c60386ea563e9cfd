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
session_dir=$(mktemp -d)
trap 'rm -rf "$session_dir"' EXIT
shoot() {  # page lang file [extra options]
  xvfb-run -a -s '-screen 0 1400x900x24' "$bin" --page "$1" --lang "$2" --size 1300x820 \
    --session-file "$session_dir/screenshots.ahenk" --screenshot "$3" "${@:4}"
}
# The Inspect page on a small model of the bundled sample: a 2048-token BPE and 300 steps of the
# sample-char preset (about a minute on 2 cores).
cli="$build/bin/ahenk"
sample=resources/sample/en/shakespeare.txt
ckpt="$session_dir/inspect-model"
"$cli" tokenizer train -q --vocab-size 2048 --out "$session_dir/tok.json" "$sample" --no-session
"$cli" train --preset sample-char --set model.vocab_size=2048 --tokenizer "$session_dir/tok.json" \
  --max-steps 300 --data "$sample" --out "$ckpt" --no-session > /dev/null
inspect() {  # lang view file
  shoot inspect "$1" "$3" --checkpoint "$ckpt" --view "$2" --delay 6000
}
inspect en embeddings docs/screenshot.png
inspect en attention docs/screenshots/inspect_attention_en.png
inspect en rope docs/screenshots/inspect_rope_en.png
for lang in en tr; do
  shoot home "$lang" "docs/screenshots/home_${lang}.png"
  inspect "$lang" embeddings "docs/screenshots/inspect_${lang}.png"
  # The Corpus and Filters pages after running the corpus stage on the bundled sample.
  shoot corpus "$lang" "docs/screenshots/corpus_${lang}.png" --train --delay 6000
  shoot filters "$lang" "docs/screenshots/filters_${lang}.png" --train --delay 6000
  shoot dedup "$lang" "docs/screenshots/dedup_${lang}.png" --train --delay 6000
  # The Tokenizer page after training its default BPE on the bundled sample (merge replay).
  shoot tokenizer "$lang" "docs/screenshots/tokenizer_${lang}.png" --train --delay 8000
  # The Sessions page on the session the Train page shots below record into (run first).
  # The Train page 25 s into a run of the sample-char preset on the bundled sample.
  shoot train "$lang" "docs/screenshots/train_${lang}.png" --train --delay 25000
done
for lang in en tr; do
  shoot sessions "$lang" "docs/screenshots/sessions_${lang}.png"
  # The Playground generating from the checkpoint the Train page shots left in the session.
  shoot playground "$lang" "docs/screenshots/playground_${lang}.png" --train --delay 6000
done
