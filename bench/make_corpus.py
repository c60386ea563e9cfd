#!/usr/bin/env python3
"""Generates a benchmark corpus of web-sized documents from the shared corpora, deterministically.

Documents are runs of 1 to 12 consecutive paragraphs (median ~2 kB) drawn from the Turkish
statutes, the Turkish treebank sentences and tinyshakespeare; 8% are near-duplicate copies of an
earlier document (a few words changed, case or spacing altered), 2% exact copies. Written as JSONL
shards of about 64 MB (datatrove's layout: one {"id", "text"} object per line).

usage: make_corpus.py SHARED_DATA OUT_DIR MEGABYTES [SEED]
"""
import json
import os
import random
import sys


def paragraphs(shared):
    out = []
    tr = os.path.join(shared, "tr_corpus")
    for root, _, files in sorted(os.walk(tr)):
        for name in sorted(files):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                out.extend(p.strip() for p in f.read().split("\n") if p.strip())
    with open(os.path.join(shared, "tinyshakespeare.txt"), encoding="utf-8") as f:
        out.extend(p.strip() for p in f.read().split("\n\n") if p.strip())
    return out


def main():
    shared, out_dir, megabytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 20261128)
    pool = paragraphs(shared)
    os.makedirs(out_dir, exist_ok=True)
    target = int(megabytes * 1e6)
    written, shard, index, out = 0, 0, 0, None
    history = []
    while written < target:
        if out is None or out.tell() > 64_000_000:
            if out:
                out.close()
            out = open(os.path.join(out_dir, f"shard-{shard:03d}.jsonl"), "w", encoding="utf-8")
            shard += 1
        roll = rng.random()
        if history and roll < 0.02:
            text = rng.choice(history)
        elif history and roll < 0.10:
            words = rng.choice(history).split(" ")
            for _ in range(max(1, len(words) // 60)):
                words[rng.randrange(len(words))] = rng.choice(["değişik", "başka", "yeni", "other"])
            text = " ".join(words)
            if rng.random() < 0.3:
                text = text.upper()
        else:
            start = rng.randrange(len(pool))
            text = "\n".join(pool[start:start + rng.randint(1, 12)])
            if len(history) < 20000:
                history.append(text)
            else:
                history[rng.randrange(len(history))] = text
        line = json.dumps({"id": f"doc-{index}", "text": text}, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        index += 1
    out.close()
    print(f"{index} documents, {written / 1e6:.1f} MB in {shard} shards under {out_dir}")


if __name__ == "__main__":
    main()
