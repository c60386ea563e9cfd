#!/usr/bin/env python3
"""Training and generation speed of Ahenk's models against the PyTorch references
(bench/torch_reference.py, the same architectures), same machine, same run, 2 threads.

  python3 bench/train_bench.py [--build build] [--runs 3] [--steps 8] [--configs S M]
  python3 bench/train_bench.py --configs S mamba-S spiking-S     # the three families at size S
  python3 bench/train_bench.py --curve 400      # shakespeare-char validation curves side by side

PyTorch runs at its best, as the issue asks: Debian's OpenMP OpenBLAS (libopenblas0-openmp) through
LD_LIBRARY_PATH, jemalloc preloaded, torch.set_num_threads(2). Both sides run with OPENBLAS_CORETYPE
and OPENBLAS_L2_SIZE unset. Data: tinyshakespeare encoded by a byte-level BPE tokenizer that Ahenk
trains with the config's vocabulary (4096 for S, 8192 for M); both read the same token file.

Reported per config: training tokens/s (median over runs of each run's median step, the first two
steps excluded), MFU against the sgemm ceiling Ahenk measures at start-up, generation tokens/s with a
KV cache (batch 1, 200 tokens; Ahenk also with --bf16 weight copies), and peak RSS of the training
process.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")
WORK_DIRS = []  # removed at exit
TORCH_ENV = {"LD_LIBRARY_PATH": "/usr/lib/x86_64-linux-gnu/openblas-openmp",
             "LD_PRELOAD": "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"}


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env.update(extra or {})
    return env


def timed(cmd, env):
    """Runs cmd under /usr/bin/time; returns (stdout, stderr, peak RSS in MiB)."""
    with tempfile.NamedTemporaryFile("r") as t:
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd, env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-3000:]}")
        return p.stdout, p.stderr, int(t.read().split()[-1]) / 1024


def json_lines(text):
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--configs", nargs="+", default=["S", "M"])
    ap.add_argument("--curve", type=int, default=0, help="steps of the shakespeare-char curve run")
    args = ap.parse_args()
    subprocess.run([os.path.join(ROOT, "packaging", "install-bench-deps.sh")], check=True)
    ahenk = os.path.join(os.path.abspath(args.build), "bin", "ahenk")
    text = os.path.join(SHARED, "tinyshakespeare.txt")
    work = tempfile.mkdtemp(prefix="ahenk-train-bench-")
    WORK_DIRS.append(work)
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model_name = re.search(r"Model name:\s*(.*)", cpu).group(1)
    torch_version = subprocess.run(["/usr/bin/python3", "-c", "import torch;print(torch.__version__)"],
                                   capture_output=True, text=True).stdout.strip()
    print(f"machine: {model_name}, {os.cpu_count()} cores; torch {torch_version}; "
          f"OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for both")
    if args.curve:
        return curve(args, ahenk, text, work)

    print("| config | Ahenk tok/s | PyTorch tok/s | ratio | MFU Ahenk / PyTorch | generation tok/s Ahenk / PyTorch (ratio) | generation, Ahenk --bf16 (ratio) | peak RSS MiB Ahenk / PyTorch |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.configs:
        preset = os.path.join(ROOT, "resources", "presets", name + ".json")
        spec = json.load(open(preset))
        vocab = spec["model"]["vocab_size"]
        tok = os.path.join(work, f"tok{vocab}.json")
        tokens = os.path.join(work, f"tokens{vocab}.bin")
        if not os.path.exists(tokens):
            subprocess.run([ahenk, "tokenizer", "train", "-q", "--vocab-size", str(vocab), "--out", tok, text],
                           check=True, stdout=subprocess.DEVNULL)
            subprocess.run([ahenk, "tokenizer", "encode", "-q", "-t", tok, "-o", tokens, text], check=True,
                           stdout=subprocess.DEVNULL)
        ours, theirs, ours_gen, theirs_gen, ours_rss, theirs_rss, ceilings = [], [], [], [], [], [], []
        ours_gen16 = []
        for run in range(args.runs):
            out_dir = os.path.join(work, f"run-{name}-{run}")
            out, err, rss = timed([ahenk, "train", "--json", "--preset", name, "--data", tokens, "--out", out_dir,
                                   "--max-steps", str(args.steps), "--set", "train.log_interval=1",
                                   "--set", "train.eval_interval=0", "--set", "train.eval_batches=1",
                                   "--set", "train.checkpoint_interval=0"], clean_env())
            steps = [l for l in json_lines(out) if "final" not in l]
            fpt_ours = [l for l in json_lines(out) if "final" in l][-1]["forward_flops_per_token"]
            ours.append(statistics.median(l["tokens_per_s"] for l in steps[2:]))
            ours_rss.append(rss)
            ceilings.append(float(re.search(r"sgemm ceiling ([0-9.]+)", err).group(1)))
            out, _, _ = timed([ahenk, "sample", "--json", "--checkpoint", out_dir, "--max-tokens", "200",
                               "--temperature", "0"], clean_env())
            ours_gen.append(json.loads(out)["tokens_per_s"])
            out, _, _ = timed([ahenk, "sample", "--json", "--checkpoint", out_dir, "--max-tokens", "200",
                               "--temperature", "0", "--bf16"], clean_env())
            ours_gen16.append(json.loads(out)["tokens_per_s"])
            out, _, rss = timed(["/usr/bin/python3", os.path.join(ROOT, "bench", "torch_reference.py"),
                                 "--config", preset, "--data", tokens, "--steps", str(args.steps)],
                                clean_env(TORCH_ENV))
            steps = [l for l in json_lines(out) if "final" not in l]
            theirs.append(statistics.median(l["tokens_per_s"] for l in steps[2:]))
            theirs_rss.append(rss)
            out, _, _ = timed(["/usr/bin/python3", os.path.join(ROOT, "bench", "torch_reference.py"),
                               "--config", preset, "--data", tokens, "--steps", "0", "--generate"],
                              clean_env(TORCH_ENV))
            theirs_gen.append(json_lines(out)[-1]["generate_tokens_per_s"])
            print(f"  run {run + 1}: {name} ahenk {ours[-1]:.0f} tok/s, torch {theirs[-1]:.0f}; "
                  f"generation {ours_gen[-1]:.0f} (bf16 {ours_gen16[-1]:.0f}) / {theirs_gen[-1]:.0f}",
                  file=sys.stderr)
        med = statistics.median
        ceiling = max(ceilings)
        fpt = 3 * fpt_ours  # the model's own count (Transformer, Mamba or spiking)
        mfu = lambda tps: fpt * tps / (ceiling * 1e9)
        rng = lambda xs: f"{min(xs):.0f}-{max(xs):.0f}"
        print(f"| {name} | {med(ours):.0f} ({rng(ours)}) | {med(theirs):.0f} ({rng(theirs)}) | "
              f"**{med(ours) / med(theirs):.2f}x** | {mfu(med(ours)):.0%} / {mfu(med(theirs)):.0%} "
              f"(ceiling {ceiling:.0f} GFLOP/s) | {med(ours_gen):.0f} / {med(theirs_gen):.0f} "
              f"(**{med(ours_gen) / med(theirs_gen):.1f}x**) | {med(ours_gen16):.0f} "
              f"(**{med(ours_gen16) / med(theirs_gen):.1f}x**) | {max(ours_rss):.0f} / {max(theirs_rss):.0f} |")
        sys.stdout.flush()


def curve(args, ahenk, text, work):
    preset = os.path.join(ROOT, "resources", "presets", "shakespeare-char.json")
    every = max(1, args.curve // 8)
    out, _, _ = timed([ahenk, "train", "--json", "--preset", "shakespeare-char", "--data", text,
                       "--out", os.path.join(work, "curve"), "--max-steps", str(args.curve),
                       "--set", f"train.max_steps={args.curve}", "--set", f"train.eval_interval={every}",
                       "--set", "train.checkpoint_interval=0", "--set", f"train.log_interval={every}"],
                      clean_env())
    ours = {l["step"]: l["val_loss"] for l in json_lines(out) if "val_loss" in l and l["val_loss"] is not None}
    spec = json.load(open(preset))
    spec["train"]["max_steps"] = args.curve
    cfg = os.path.join(work, "curve.json")
    json.dump(spec, open(cfg, "w"))
    out, _, _ = timed(["/usr/bin/python3", os.path.join(ROOT, "bench", "torch_reference.py"), "--config", cfg,
                       "--data", text, "--steps", str(args.curve), "--eval-every", str(every)],
                      clean_env(TORCH_ENV))
    theirs = {l["step"]: l["val_loss"] for l in json_lines(out) if "val_loss" in l}
    print("| step | Ahenk val loss | PyTorch val loss | difference |")
    print("|---|---|---|---|")
    for step in sorted(set(ours) & set(theirs)):
        print(f"| {step} | {ours[step]:.4f} | {theirs[step]:.4f} | {ours[step] - theirs[step]:+.4f} |")


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil
        for d in WORK_DIRS:
            shutil.rmtree(d, ignore_errors=True)
