#!/usr/bin/env bash
# Tokenizer training and encoding, Ahenk side by side with the tools users would otherwise pick,
# same files, same run, 2 threads where a tool has threads:
#   BPE training (vocab 30000): Ahenk vs Hugging Face tokenizers (npm, its default trainer) vs
#     spm_train --model_type=bpe;
#   Unigram training (vocab 8000): Ahenk vs spm_train --model_type=unigram (--num_threads 2);
#   encoding MB/s: Ahenk (-j 2) and HF with the same byte-level BPE tokenizer.json; Ahenk and
#     spm_encode with the same SentencePiece .model (Ahenk imports it); tiktoken cl100k_base;
#   compression: bytes of the training text per token, encoded line by line (as spm_encode
#     encodes it: line breaks are not tokens), of each trained tokenizer;
#   peak memory (max RSS) of every process.
# Ahenk's times are whole processes (reading the files included); HF's and tiktoken's are the
# train()/encode calls alone (Node start-up and file reading excluded); spm's are whole processes.
# usage: bench/tokenizer_bench.sh [BUILD_DIR] [RUNS] [GENERATED_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}; runs=${2:-3}; generated_mb=${3:-100}
shared=$(cd .. && pwd)/shared/data
packaging/install-test-tools.sh "$build" > /dev/null
export NODE_PATH=$(cd "$build" && pwd)/npm-tools/node_modules
ahenk=$(cd "$build" && pwd)/bin/ahenk
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat "$shared"/tr_corpus/*/*.txt > "$work/tr_corpus.txt"
python3 bench/make_corpus.py "$shared" "$work/gen" "$generated_mb" > /dev/null
python3 -c "
import json, glob, sys
with open('$work/generated.txt', 'w', encoding='utf-8') as out:
    for shard in sorted(glob.glob('$work/gen/*.jsonl')):
        for line in open(shard, encoding='utf-8'):
            out.write(json.loads(line)['text'].replace('\n', ' ') + '\n')
"
rm -rf "$work/gen"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; HF tokenizers $(node -p "require('tokenizers/package.json').version"), sentencepiece $(dpkg-query -W -f='${Version}' sentencepiece), tiktoken $(python3 -c "import json;print(json.load(open('$NODE_PATH/tiktoken/package.json'))['version'])" 2>/dev/null || echo missing)"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {print lo "-" hi}'; }
mb() { echo $(( $1 / 1024 )); }
# run NAME CMD...: times CMD $runs times (1 for the generated corpus); sets secs, peak, out.
run() {
  local n=$runs; [[ $corpus_name == generated* ]] && n=1
  local times=() kb; peak=0
  for ((r = 0; r < n; r++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; return 1; }
    read -r wall kb < "$work/time"
    if [[ -s "$work/out" ]] && head -c1 "$work/out" | grep -q '{' && grep -q '"seconds"' "$work/out"; then
      wall=$(python3 -c "import json;print('%.2f' % json.load(open('$work/out'))['seconds'])")
    fi
    times+=("$wall"); (( kb > peak )) && peak=$kb
  done
  secs=$(median "${times[@]}"); spread=$(range "${times[@]}")
}
# Tokens of the text encoded line by line (as spm_encode does: line breaks are not encoded).
count_tokens() { "$ahenk" tokenizer encode -q --json -j 2 --split line -t "$1" "$2" -o "$work/ids.bin" | python3 -c "import json,sys;print(json.load(sys.stdin)['tokens'])"; }

for corpus in "$shared/tinyshakespeare.txt" "$work/tr_corpus.txt" "$work/generated.txt"; do
  corpus_name=$(basename "$corpus" .txt)
  bytes=$(stat -c %s "$corpus")
  [[ $corpus_name == generated ]] && corpus_name="generated ($((bytes / 1000000)) MB)"
  echo; echo "### $corpus_name, $bytes bytes"; echo
  echo "| task | tool | median s | min-max s | peak MB | bytes/token | ratio (tool / Ahenk time) |"
  echo "|---|---|---|---|---|---|---|"
  # BPE training, vocab 30000.
  run "$ahenk" tokenizer train -q --vocab-size 30000 --min-frequency 1 -o "$work/a-bpe.json" "$corpus"
  a=$secs; bpt=$(awk -v b=$bytes -v t=$(count_tokens "$work/a-bpe.json" "$corpus") 'BEGIN{printf "%.3f", b/t}')
  echo "| BPE train 30k | Ahenk | $secs | $spread | $(mb $peak) | $bpt | 1.00 |"
  run node tests/interop/hf_train.js "$work/h-bpe.json" "$corpus"
  bpt=$(awk -v b=$bytes -v t=$(count_tokens "$work/h-bpe.json" "$corpus") 'BEGIN{printf "%.3f", b/t}')
  echo "| BPE train 30k | HF tokenizers | $secs | $spread | $(mb $peak) | $bpt | $(awk -v x=$secs -v y=$a 'BEGIN{printf "%.2f", x/y}') |"
  run spm_train --input="$corpus" --model_prefix="$work/s-bpe" --vocab_size=30000 --model_type=bpe \
    --hard_vocab_limit=false --num_threads=2 --minloglevel=2 --max_sentence_length=100000 --input_sentence_size=0
  spm_encode --model="$work/s-bpe.model" --output_format=id < "$corpus" > "$work/s.ids"
  bpt=$(awk -v b=$bytes -v t=$(wc -w < "$work/s.ids") 'BEGIN{printf "%.3f", b/t}')
  echo "| BPE train 30k | spm_train bpe | $secs | $spread | $(mb $peak) | $bpt | $(awk -v x=$secs -v y=$a 'BEGIN{printf "%.2f", x/y}') |"
  # Unigram training, vocab 8000.
  run "$ahenk" tokenizer train -q --model unigram --vocab-size 8000 -j 2 -o "$work/a-uni.json" "$corpus"
  a=$secs; bpt=$(awk -v b=$bytes -v t=$(count_tokens "$work/a-uni.json" "$corpus") 'BEGIN{printf "%.3f", b/t}')
  echo "| Unigram train 8k | Ahenk | $secs | $spread | $(mb $peak) | $bpt | 1.00 |"
  run spm_train --input="$corpus" --model_prefix="$work/s-uni" --vocab_size=8000 --model_type=unigram \
    --num_threads=2 --minloglevel=2 --max_sentence_length=100000 --input_sentence_size=0
  spm_encode --model="$work/s-uni.model" --output_format=id < "$corpus" > "$work/s.ids"
  bpt=$(awk -v b=$bytes -v t=$(wc -w < "$work/s.ids") 'BEGIN{printf "%.3f", b/t}')
  echo "| Unigram train 8k | spm_train unigram | $secs | $spread | $(mb $peak) | $bpt | $(awk -v x=$secs -v y=$a 'BEGIN{printf "%.2f", x/y}') |"
  # Encoding, one document per line.
  mbs() { awk -v b=$bytes -v s=$1 'BEGIN{printf "%.1f MB/s", b/s/1e6}'; }
  run "$ahenk" tokenizer encode -q --split line -j 2 -t "$work/a-bpe.json" -o "$work/ids.bin" "$corpus"
  a=$secs; echo "| encode, BPE 30k (Ahenk's) | Ahenk | $secs | $spread | $(mb $peak) | $(mbs $secs) | 1.00 |"
  run node bench/encode_bench.js hf "$work/a-bpe.json" "$corpus"
  echo "| encode, BPE 30k (Ahenk's) | HF tokenizers | $secs | $spread | $(mb $peak) | $(mbs $secs) | $(awk -v x=$secs -v y=$a 'BEGIN{printf "%.2f", x/y}') |"
  run "$ahenk" tokenizer encode -q --split line -j 2 -t "$work/s-uni.model" -o "$work/ids.bin" "$corpus"
  a=$secs; echo "| encode, spm unigram 8k | Ahenk | $secs | $spread | $(mb $peak) | $(mbs $secs) | 1.00 |"
  run spm_encode --model="$work/s-uni.model" --output_format=id --input="$corpus" --output="$work/s.ids"
  echo "| encode, spm unigram 8k | spm_encode | $secs | $spread | $(mb $peak) | $(mbs $secs) | $(awk -v x=$secs -v y=$a 'BEGIN{printf "%.2f", x/y}') |"
  if [[ -d "$NODE_PATH/tiktoken" ]]; then
    run node bench/encode_bench.js tiktoken "$corpus"
    echo "| encode, cl100k (its own) | tiktoken | $secs | $spread | $(mb $peak) | $(mbs $secs) | $(awk -v x=$secs -v y=$a 'BEGIN{printf "%.2f", x/y}') (vs Ahenk BPE) |"
  fi
done
