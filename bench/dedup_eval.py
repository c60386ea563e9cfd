#!/usr/bin/env python3
"""Precision and recall of `ahenk corpus dedup` on planted near duplicates.

From real text in ../shared/data it builds base documents (150-400 words of Turkish statutes,
Turkish treebank sentences or Shakespeare) and, for some, variants:
  edit-J  : words replaced at spread positions so that the 5-gram Jaccard to the base is about J
            (J in 0.5 .. 1.0);
  case, whitespace, nfd, fullwidth, zerowidth : the same text, transformed (Jaccard 1 after
            normalization).
The truth is computed here, independently of Ahenk: NFKC + case folding, default-ignorable
characters dropped, words = runs of letters/digits/marks, 5-gram shingles, exact Jaccard.

A planted variant should be removed as a duplicate when its true Jaccard to its base is >= the
threshold (0.8 by default). Precision: of all removals, the share whose (document, duplicate_of)
pair has true Jaccard >= threshold. Recall: of the variants that should go, the share removed.

usage: dedup_eval.py AHENK_BINARY SHARED_DATA WORK_DIR [THRESHOLD]
"""
import json
import os
import random
import subprocess
import sys
import unicodedata
from collections import defaultdict


def words_of(text):
    t = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    out, cur = [], []
    for ch in t:
        cat = unicodedata.category(ch)
        if cat == "Cf":
            continue  # default ignorables (zero-width marks) vanish under NFKC_Casefold
        if cat[0] in "LNM":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def shingles(text, n=5):
    w = words_of(text)
    if len(w) < n:
        return {" ".join(w)} if w else set()
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def main():
    binary, shared, work = sys.argv[1], sys.argv[2], sys.argv[3]
    threshold = float(sys.argv[4]) if len(sys.argv) > 4 else 0.8
    rng = random.Random(7)
    paragraphs = []
    for root, _, files in sorted(os.walk(os.path.join(shared, "tr_corpus"))):
        for name in sorted(files):
            with open(os.path.join(root, name), encoding="utf-8") as f:
                paragraphs += [p for p in f.read().split("\n") if len(p.split()) >= 5]
    with open(os.path.join(shared, "tinyshakespeare.txt"), encoding="utf-8") as f:
        paragraphs += [p.replace("\n", " ") for p in f.read().split("\n\n") if len(p.split()) >= 5]

    docs, families = [], []  # docs: (id, text); families: (base_id, variant_id, kind, target)
    used = set()
    for b in range(700):
        while True:
            start = rng.randrange(len(paragraphs) - 40)
            if start not in used:
                break
        used.update(range(start - 20, start + 20))
        words, k = [], start
        target_len = rng.randint(150, 400)
        while len(words) < target_len:
            words += paragraphs[k].split()
            k += 1
        base = " ".join(words[:target_len])
        base_id = f"base-{b}"
        docs.append((base_id, base))
        roll = rng.random()
        if roll < 0.55:
            target = rng.choice([0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0])
            w = base.split()
            s = max(1, len(w) - 4)
            edits = round(s * (1 - target) / (5 * (1 + target)))
            positions = sorted(rng.sample(range(len(w)), min(edits, len(w))))
            for p in positions:
                w[p] = rng.choice(["değişti", "başka", "yenisi", "altered", "other"]) + str(rng.randrange(1000))
            families.append((base_id, f"edit-{b}", f"edit-{target:.2f}", target))
            docs.append((f"edit-{b}", " ".join(w)))
        elif roll < 0.80:
            kind = rng.choice(["case", "whitespace", "nfd", "fullwidth", "zerowidth"])
            if kind == "case":
                text = base.upper()
            elif kind == "whitespace":
                text = "  ".join(base.split(" ")).replace(". ", ".\n\n")
            elif kind == "nfd":
                text = unicodedata.normalize("NFD", base)
            elif kind == "fullwidth":
                text = fullwidth(base)
            else:
                w = base.split()
                for p in rng.sample(range(len(w)), len(w) // 5):
                    if len(w[p]) > 2:
                        w[p] = w[p][:2] + "\u200b" + w[p][2:]
                text = " ".join(w)
            families.append((base_id, f"{kind}-{b}", kind, 1.0))
            docs.append((f"{kind}-{b}", text))
    rng.shuffle(docs)
    os.makedirs(work, exist_ok=True)
    corpus = os.path.join(work, "eval.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        for doc_id, text in docs:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    out = os.path.join(work, "out")
    subprocess.run([binary, "corpus", "dedup", "-q", "--threshold", str(threshold), "--out", out, corpus],
                   check=True, stdout=subprocess.DEVNULL)
    text_of = dict(docs)
    cache = {}

    def truth(a, b):
        key = (a, b) if a < b else (b, a)
        if key not in cache:
            cache[key] = jaccard(shingles(text_of[a]), shingles(text_of[b]))
        return cache[key]

    removed = {}
    with open(os.path.join(out, "removed.jsonl"), encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["reason"] in ("duplicate", "exact_duplicate"):
                removed[row["id"]] = row["duplicate_of"]
    true_removals = sum(1 for d, o in removed.items() if truth(d, o) >= threshold)
    precision = true_removals / len(removed) if removed else 1.0
    should, got = 0, 0
    per_kind = defaultdict(lambda: [0, 0, 0])  # variants, should go, removed (of those)
    per_bucket = defaultdict(lambda: [0, 0])
    for base_id, variant, kind, _ in families:
        j = truth(base_id, variant)
        goes = j >= threshold
        hit = variant in removed or (base_id in removed and removed[base_id] == variant)
        per_kind[kind][0] += 1
        if goes:
            should += 1
            got += hit
            per_kind[kind][1] += 1
            per_kind[kind][2] += hit
        bucket = min(9, int(j * 10)) / 10
        per_bucket[bucket][0] += 1
        per_bucket[bucket][1] += hit
    recall = got / should if should else 1.0
    print(f"{len(docs)} documents ({len(docs) - len(families)} bases, {len(families)} planted variants); "
          f"threshold {threshold}")
    print(f"removals {len(removed)}, correct {true_removals}: precision {precision:.4f}")
    print(f"variants that should go {should}, removed {got}: recall {recall:.4f}")
    print("\n| variant | planted | should go (J >= threshold) | removed of those |")
    print("|---|---|---|---|")
    for kind in sorted(per_kind):
        n, s, h = per_kind[kind]
        print(f"| {kind} | {n} | {s} | {h} |")
    print("\n| true Jaccard to base | variants | removed |")
    print("|---|---|---|")
    for b in sorted(per_bucket):
        n, h = per_bucket[b]
        print(f"| {b:.1f}-{b + 0.1:.1f} | {n} | {h} |")


if __name__ == "__main__":
    main()
