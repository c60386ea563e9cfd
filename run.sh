#!/usr/bin/env bash
# ./run.sh [--headless]
# Installs what is missing (Debian packages), builds, and runs the main job on the bundled sample
# corpus: with a display it opens the workbench; without one (or with --headless) it runs the
# pipeline stages that exist so far in the terminal, with progress and a short summary.
set -euo pipefail
cd "$(dirname "$0")"
source packaging/steps.sh

headless=0
for arg in "$@"; do
  case "$arg" in
    --headless) headless=1 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option '$arg' (use --headless)" >&2; exit 2 ;;
  esac
done
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then headless=1; fi

step install packaging/install-deps.sh
step configure cmake --preset default
step build cmake --build --preset default

if [[ $headless -eq 0 ]]; then
  summary
  echo "==> opening the workbench (build/bin/ahenk-workbench)" >&2
  exec build/bin/ahenk-workbench
fi

sample=resources/sample
# Every stage records itself (inputs, config, outputs, metrics, checkpoints) in one session file;
# runs accumulate there across invocations, to compare: build/bin/ahenk session runs "$session".
session=build/sample.ahenk
echo "==> headless run on the bundled sample corpus ($sample), recorded in $session" >&2
step environment build/bin/ahenk doctor
step corpus-stats build/bin/ahenk corpus stats --session "$session" "$sample"
# The corpus stage on the sample, one document per paragraph: clean, identify the language, apply
# the Gopher/C4/FineWeb rules, deduplicate. Every decision is in build/sample-corpus/.
step corpus-run build/bin/ahenk corpus run --session "$session" --split paragraph \
  --out build/sample-corpus "$sample"
# The tokenizer stage: byte-level BPE (GPT-2 and GPT-4 splits), Unigram LM and WordPiece trained
# on the cleaned sample, compared on it.
step corpus-clean build/bin/ahenk corpus clean --session "$session" -q \
  --out build/sample-clean "$sample"
kept=build/sample-clean/kept.jsonl
tok=build/sample-tokenizer
step tokenizer-gpt2 build/bin/ahenk tokenizer train --session "$session" -q --vocab-size 4000 \
  --pattern gpt2 --special '<|endoftext|>' --out $tok-gpt2.json $kept
step tokenizer-gpt4 build/bin/ahenk tokenizer train --session "$session" -q --vocab-size 4000 \
  --pattern gpt4 --special '<|endoftext|>' --out $tok-gpt4.json $kept
step tokenizer-unigram build/bin/ahenk tokenizer train --session "$session" -q --model unigram \
  --byte-fallback --vocab-size 4000 --special '<|endoftext|>' --out $tok-unigram.json $kept
step tokenizer-wordpiece build/bin/ahenk tokenizer train --session "$session" -q \
  --model wordpiece --vocab-size 4000 --special '[CLS]' --special '[SEP]' \
  --out $tok-wordpiece.json $kept
step tokenizer-compare build/bin/ahenk tokenizer compare --session "$session" -q \
  --split paragraph -t $tok-gpt2.json -t $tok-gpt4.json -t $tok-unigram.json \
  -t $tok-wordpiece.json $kept
# The training stage: a small byte-level Transformer on the sample's English text for about a
# minute (afresh on every run), then a sample from it.
step train build/bin/ahenk train --session "$session" --preset sample-char --max-time 60 \
  --data "$sample/en/shakespeare.txt" --out build/sample-model
step sample build/bin/ahenk sample --session "$session" --checkpoint build/sample-model \
  --prompt "ROMEO:" --max-tokens 300 --temperature 0.8 --top-k 40 --seed 1
# Inside the model (headless Vulkan, lavapipe without a GPU): its attention on a prompt and its
# byte embeddings, as PNGs (docs/inspect.md).
step inspect-attention build/bin/ahenk render attention --session "$session" \
  --checkpoint build/sample-model --prompt "ROMEO: But soft, what light" \
  --out build/sample-attention.png
step inspect-embeddings build/bin/ahenk render embeddings --session "$session" \
  --checkpoint build/sample-model --colour frequency --out build/sample-embeddings.png
summary
cat >&2 <<MSG
Done. The cleaned corpus and the reasons for every removal are in build/sample-corpus/
(kept.jsonl, removed.jsonl, clusters.jsonl, report.json); the tokenizers are
build/sample-tokenizer-{gpt2,gpt4,unigram,wordpiece}.json (Hugging Face format); the model's
checkpoint is build/sample-model/ (continue it: build/bin/ahenk train --resume build/sample-model
--max-steps 2000), and what it attends to and how it places its tokens are drawn in
build/sample-attention.png and build/sample-embeddings.png. Every stage above is a run in the
session $session
(build/bin/ahenk session runs $session; session show, compare --plot, export).
Next: build/bin/ahenk --help for the command line; ./run.sh with a display opens the workbench.
MSG
