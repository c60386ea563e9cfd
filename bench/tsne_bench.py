#!/usr/bin/python3
"""Ahenk's t-SNE against scikit-learn's Barnes-Hut t-SNE on the same matrix, same settings.

The matrix stands in for a vocabulary's embeddings: `--clusters` Gaussian blobs of unequal size
and spread in `--d` dimensions. Both run perplexity 30, 1000 iterations (250 exaggerated by 12),
theta/angle 0.5, PCA initialisation, learning rate max(n / 12 / 4, 50), on `--threads` threads.
Reported: wall time, final KL divergence (each tool's own estimate), and the share of a 2000-point
sample whose nearest neighbour on the map has its blob.

    packaging/install-bench-deps.sh   # python3-sklearn
    /usr/bin/python3 bench/tsne_bench.py --n 10000 --d 64
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np


def agreement(Y, labels, sample=2000):
    step = max(1, len(Y) // sample)
    idx = np.arange(0, len(Y), step)
    hits = 0
    for i in idx:
        d = ((Y - Y[i]) ** 2).sum(1)
        d[i] = np.inf
        hits += labels[np.argmin(d)] == labels[i]
    return hits / len(idx)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--d", type=int, default=64)
    ap.add_argument("--clusters", type=int, default=30)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bench", default="build/bin/bench_tsne")
    args = ap.parse_args()

    rng = np.random.default_rng(0)
    sizes = rng.dirichlet(np.ones(args.clusters) * 2) * args.n
    sizes = np.maximum(1, sizes.astype(int))
    sizes[-1] += args.n - sizes.sum()
    centres = rng.normal(0, 4, (args.clusters, args.d))
    X, labels = [], []
    for c, s in enumerate(sizes):
        X.append(centres[c] + rng.normal(0, rng.uniform(0.5, 2.0), (s, args.d)))
        labels += [c] * s
    X = np.concatenate(X).astype(np.float32)
    labels = np.array(labels, dtype=np.int32)

    with tempfile.TemporaryDirectory() as tmp:
        xf, yf = os.path.join(tmp, "X.f32"), os.path.join(tmp, "y.i32")
        X.tofile(xf)
        labels.tofile(yf)
        out = subprocess.run([args.bench, "--input", xf, "--labels", yf, "--n", str(args.n),
                              "--d", str(args.d), "--threads", str(args.threads)],
                             check=True, capture_output=True, text=True).stdout
        ahenk = json.loads(out)

    from sklearn.manifold import TSNE
    import sklearn
    kwargs = dict(n_components=2, perplexity=30.0, early_exaggeration=12.0,
                  learning_rate="auto", init="pca", method="barnes_hut", angle=0.5,
                  n_jobs=args.threads, random_state=0)
    # scikit-learn 1.2 (Debian 12) calls the iteration count n_iter; later versions max_iter.
    if tuple(int(p) for p in sklearn.__version__.split(".")[:2]) >= (1, 5):
        kwargs["max_iter"] = 1000
    else:
        kwargs["n_iter"] = 1000
    t0 = time.perf_counter()
    tsne = TSNE(**kwargs)
    Y = tsne.fit_transform(X)
    sk_seconds = time.perf_counter() - t0
    result = {
        "n": args.n, "d": args.d,
        "ahenk": {"seconds": ahenk["seconds"], "kl": ahenk["kl"],
                  "nn_agreement": ahenk["nn_agreement"], "phases": ahenk["phases"]},
        "sklearn " + sklearn.__version__: {"seconds": round(sk_seconds, 3),
                                           "kl": round(float(tsne.kl_divergence_), 4),
                                           "nn_agreement": round(agreement(Y, labels), 4)},
        "speedup": round(sk_seconds / ahenk["seconds"], 2),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
