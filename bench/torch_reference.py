#!/usr/bin/python3
"""The PyTorch references for Ahenk's models: the Transformer (core/nn/transformer.h), Mamba in the
style of mamba-minimal with its sequential scan (core/nn/mamba.h) and the spiking Transformer with a
LIF MLP and surrogate gradients (the spiking variant of transformer.h). Same architectures,
parameter names and defaults, used two ways:

  * tests/golden/make_torch_fixtures.py imports `Transformer` to write the oracle fixture;
  * as a script it is the reference trainer of bench/train_bench.sh: it trains a config for some
    steps (AdamW, clipping, warmup + cosine, same data sampling idea) and prints JSON lines like
    `ahenk train --json`.

Run it with Debian's /usr/bin/python3 (python3-torch). For the benchmark, give it PyTorch at its
best (bench/train_bench.sh does): OpenMP OpenBLAS through LD_LIBRARY_PATH, jemalloc preloaded,
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset, torch.set_num_threads(2).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def round_up(x, m):
    return (x + m - 1) // m * m


class RMSNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_heads = cfg["n_heads"]
        self.qkv = nn.Linear(cfg["d_model"], 3 * cfg["d_model"], bias=False)
        self.out = nn.Linear(cfg["d_model"], cfg["d_model"], bias=False)

    def forward(self, x, cos, sin):
        B, T, C = x.shape
        H = self.n_heads
        D = C // H
        q, k, v = self.qkv(x).split(C, dim=2)
        q = q.view(B, T, H, D).transpose(1, 2)
        k = k.view(B, T, H, D).transpose(1, 2)
        v = v.view(B, T, H, D).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        scores = (q @ k.transpose(-2, -1)) / math.sqrt(D)
        mask = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
        scores = scores.masked_fill(~mask, float("-inf"))
        y = scores.softmax(dim=-1) @ v
        return self.out(y.transpose(1, 2).reshape(B, T, C))


class MLP(nn.Module):
    def __init__(self, cfg, hidden):
        super().__init__()
        self.gate_up = nn.Linear(cfg["d_model"], 2 * hidden, bias=False)
        self.down = nn.Linear(hidden, cfg["d_model"], bias=False)

    def forward(self, x):
        gate, up = self.gate_up(x).chunk(2, dim=-1)
        return self.down(F.silu(gate) * up)


class SurrogateSpike(torch.autograd.Function):
    """Heaviside step forward; the surrogate's derivative backward (snnTorch's fast sigmoid and
    ATan, same formulas as core/include/ahenk/tensor/sequence_ops.h)."""

    @staticmethod
    def forward(ctx, x, slope, atan):
        ctx.save_for_backward(x)
        ctx.slope, ctx.atan = slope, atan
        return (x > 0).to(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        k = ctx.slope
        if ctx.atan:
            d = (k / 2) / (1 + (math.pi / 2 * k * x) ** 2)
        else:
            d = 1.0 / (k * x.abs() + 1.0) ** 2
        return grad * d, None, None


class SpikingMLP(nn.Module):
    """up -> leaky integrate-and-fire neurons over `steps` time steps (direct current input, reset
    delayed by one step and detached, as snnTorch's Leaky) -> firing rate -> down."""

    def __init__(self, cfg, hidden):
        super().__init__()
        self.cfg = cfg
        self.up = nn.Linear(cfg["d_model"], hidden, bias=False)
        self.down = nn.Linear(hidden, cfg["d_model"], bias=False)
        if cfg["learn_beta"]:
            self.beta = nn.Parameter(torch.full((hidden,), float(cfg["beta"])))
        else:
            self.register_buffer("beta", torch.full((hidden,), float(cfg["beta"])), persistent=False)

    def forward(self, x):
        cfg = self.cfg
        current = self.up(x)
        b = self.beta.clamp(0.0, 1.0)
        thr = cfg["threshold"]
        v = torch.zeros_like(current)
        s = torch.zeros_like(current)
        total = torch.zeros_like(current)
        for _ in range(cfg["steps"]):
            if cfg["reset"] == "subtract":
                v = b * v + current - thr * s.detach()
            else:
                v = (b * v + current) * (1 - s.detach())
            s = SurrogateSpike.apply(v - thr, cfg["slope"], cfg["surrogate"] == "atan")
            total = total + s
        return self.down(total / cfg["steps"])


class Block(nn.Module):
    def __init__(self, cfg, hidden):
        super().__init__()
        self.attn_norm = RMSNorm(cfg["d_model"], cfg["norm_eps"])
        self.attn = Attention(cfg)
        self.mlp_norm = RMSNorm(cfg["d_model"], cfg["norm_eps"])
        self.mlp = SpikingMLP(cfg, hidden) if cfg.get("spiking") else MLP(cfg, hidden)

    def forward(self, x, cos, sin):
        x = x + self.attn(self.attn_norm(x), cos, sin)
        return x + self.mlp(self.mlp_norm(x))


def full_config(cfg):
    out = {"vocab_size": 256, "d_model": 256, "n_layers": 4, "n_heads": 4, "ctx": 256,
           "ffn_hidden": 0, "tie_embeddings": True, "rope_theta": 10000.0, "norm_eps": 1e-5,
           "init_std": 0.02}
    spiking = cfg.get("arch") == "spiking"
    if spiking:
        out.update({"spiking": True, "steps": 4, "threshold": 1.0, "beta": 0.9, "learn_beta": False,
                    "reset": "subtract", "surrogate": "fast_sigmoid", "slope": 0, "encoding": "current"})
    out.update({k: v for k, v in cfg.items() if k != "arch"})
    if spiking:
        if out["encoding"] != "current":
            raise ValueError("the PyTorch reference implements the current encoding only")
        if not out["slope"]:
            out["slope"] = 25.0 if out["surrogate"] == "fast_sigmoid" else 2.0
    if not out["ffn_hidden"]:
        out["ffn_hidden"] = 4 * out["d_model"] if spiking else round_up(8 * out["d_model"] // 3, 64)
    return out


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        cfg = full_config(cfg)
        self.cfg = cfg
        self.embed = nn.Embedding(cfg["vocab_size"], cfg["d_model"])
        self.blocks = nn.ModuleList(Block(cfg, cfg["ffn_hidden"]) for _ in range(cfg["n_layers"]))
        self.final_norm = RMSNorm(cfg["d_model"], cfg["norm_eps"])
        if not cfg["tie_embeddings"]:
            self.lm_head = nn.Linear(cfg["d_model"], cfg["vocab_size"], bias=False)
        D = cfg["d_model"] // cfg["n_heads"]
        inv_freq = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, D, 2, dtype=torch.float64) / D))
        angles = torch.outer(torch.arange(cfg["ctx"], dtype=torch.float64), inv_freq)
        angles = torch.cat((angles, angles), dim=-1)
        self.register_buffer("cos", angles.cos().float(), persistent=False)
        self.register_buffer("sin", angles.sin().float(), persistent=False)
        std = cfg["init_std"]
        for name, p in self.named_parameters():
            if name.endswith("mlp.up.weight"):
                nn.init.normal_(p, 0.0, 1.0 / math.sqrt(cfg["d_model"]))  # as Ahenk: currents of unit scale
            elif p.dim() == 2:
                s = std / math.sqrt(2 * cfg["n_layers"]) if name.endswith(("attn.out.weight", "mlp.down.weight")) else std
                nn.init.normal_(p, 0.0, s)

    def head_weight(self):
        return self.embed.weight if self.cfg["tie_embeddings"] else self.lm_head.weight

    def forward(self, idx, targets=None):
        T = idx.shape[1]
        x = self.embed(idx)
        cos, sin = self.cos[:T], self.sin[:T]
        for block in self.blocks:
            x = block(x, cos, sin)
        logits = self.final_norm(x) @ self.head_weight().t()
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss


class MambaBlock(nn.Module):
    """mamba-minimal's MambaBlock: in_proj, depthwise causal conv1d, x_proj, dt_proj, the selective
    scan as a Python loop over time (its sequential form), gate, out_proj."""

    def __init__(self, cfg):
        super().__init__()
        C, Di, S, K, R = cfg["d_model"], cfg["expand"] * cfg["d_model"], cfg["d_state"], cfg["d_conv"], cfg["dt_rank"]
        self.cfg = cfg
        self.in_proj = nn.Linear(C, 2 * Di, bias=False)
        self.conv1d = nn.Conv1d(Di, Di, kernel_size=K, groups=Di, padding=K - 1, bias=True)
        self.x_proj = nn.Linear(Di, R + 2 * S, bias=False)
        self.dt_proj = nn.Linear(R, Di, bias=True)
        self.A_log = nn.Parameter(torch.log(torch.arange(1, S + 1, dtype=torch.float32)).repeat(Di, 1))
        self.D = nn.Parameter(torch.ones(Di))
        self.out_proj = nn.Linear(Di, C, bias=False)

    def forward(self, x):
        b, l, _ = x.shape
        R, S = self.cfg["dt_rank"], self.cfg["d_state"]
        xz = self.in_proj(x)
        u, z = xz.chunk(2, dim=-1)
        u = F.silu(self.conv1d(u.transpose(1, 2))[:, :, :l].transpose(1, 2))
        dlow, Bm, Cm = self.x_proj(u).split([R, S, S], dim=-1)
        delta = F.softplus(self.dt_proj(dlow))
        A = -torch.exp(self.A_log)
        # mamba-minimal's einsums, written as broadcasts (much faster on CPU, same math).
        deltaA = torch.exp(delta.unsqueeze(-1) * A)                   # (b, l, d, n)
        deltaB_u = (delta * u).unsqueeze(-1) * Bm.unsqueeze(2)        # (b, l, d, n)
        h = torch.zeros(b, u.shape[-1], S, dtype=x.dtype)
        ys = []
        # unbind, not deltaA[:, i]: each slice's backward would zero-fill a whole (b, l, d, n)
        # tensor, 256 times per layer; unbind's backward stacks once.
        for dA, dBu, c in zip(deltaA.unbind(1), deltaB_u.unbind(1), Cm.unbind(1)):
            h = dA * h + dBu
            ys.append((h * c.unsqueeze(1)).sum(-1))
        y = torch.stack(ys, dim=1) + u * self.D
        return self.out_proj(y * F.silu(z))

    def step(self, x, state):
        """One token (b, C) through the recurrent form; state = [conv window (b, Di, K), h (b, Di, S)]."""
        R, S = self.cfg["dt_rank"], self.cfg["d_state"]
        u, z = self.in_proj(x).chunk(2, dim=-1)
        window, h = state
        window = torch.roll(window, shifts=-1, dims=-1)
        window[:, :, -1] = u
        u = F.silu((window * self.conv1d.weight[:, 0, :]).sum(-1) + self.conv1d.bias)
        dlow, Bm, Cm = self.x_proj(u).split([R, S, S], dim=-1)
        delta = F.softplus(self.dt_proj(dlow))
        A = -torch.exp(self.A_log)
        h = torch.exp(delta.unsqueeze(-1) * A) * h + (delta * u).unsqueeze(-1) * Bm.unsqueeze(1)
        y = (h * Cm.unsqueeze(1)).sum(-1) + u * self.D
        state[0], state[1] = window, h
        return self.out_proj(y * F.silu(z))


class MambaResidual(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.mixer = MambaBlock(cfg)
        self.norm = RMSNorm(cfg["d_model"], cfg["norm_eps"])

    def forward(self, x):
        return x + self.mixer(self.norm(x))


def full_mamba_config(cfg):
    out = {"vocab_size": 256, "d_model": 256, "n_layers": 4, "d_state": 16, "d_conv": 4, "expand": 2,
           "dt_rank": 0, "ctx": 256, "tie_embeddings": True, "norm_eps": 1e-5, "init_std": 0.02}
    out.update({k: v for k, v in cfg.items() if k not in ("arch", "dt_min", "dt_max")})
    if not out["dt_rank"]:
        out["dt_rank"] = (out["d_model"] + 15) // 16
    return out


class Mamba(nn.Module):
    """mamba-minimal's Mamba language model (embedding, residual Mamba blocks, norm_f, tied head)."""

    def __init__(self, cfg):
        super().__init__()
        cfg = full_mamba_config(cfg)
        self.cfg = cfg
        self.embed = nn.Embedding(cfg["vocab_size"], cfg["d_model"])
        nn.init.normal_(self.embed.weight, 0.0, cfg["init_std"])
        self.layers = nn.ModuleList(MambaResidual(cfg) for _ in range(cfg["n_layers"]))
        self.norm_f = RMSNorm(cfg["d_model"], cfg["norm_eps"])
        if not cfg["tie_embeddings"]:
            self.lm_head = nn.Linear(cfg["d_model"], cfg["vocab_size"], bias=False)

    @staticmethod
    def decays(name, p):
        """Weight decay as Ahenk (and mamba_ssm): not on A_log, D, biases or norms."""
        return p.dim() >= 2 and not name.endswith("A_log")

    def head_weight(self):
        return self.embed.weight if self.cfg["tie_embeddings"] else self.lm_head.weight

    def forward(self, idx, targets=None):
        x = self.embed(idx)
        for layer in self.layers:
            x = layer(x)
        logits = self.norm_f(x) @ self.head_weight().t()
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1), ignore_index=-1)
        return logits, loss


def make_model(cfg):
    return Mamba(cfg) if cfg.get("arch") == "mamba" else Transformer(cfg)


def make_optimizer(model, lr, weight_decay, betas=(0.9, 0.95), eps=1e-8):
    decays = getattr(model, "decays", lambda name, p: p.dim() >= 2)
    named = list(model.named_parameters())
    decay = [p for n, p in named if decays(n, p)]
    no_decay = [p for n, p in named if not decays(n, p)]
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": no_decay, "weight_decay": 0.0}], lr=lr, betas=betas, eps=eps)


def lr_at(step, lr, min_lr, warmup, total):
    """Linear warmup for `warmup` steps, then cosine decay to min_lr at `total` (as Ahenk)."""
    if step < warmup:
        return lr * (step + 1) / warmup
    if step >= total:
        return min_lr
    progress = (step - warmup) / max(1, total - warmup)
    return min_lr + 0.5 * (lr - min_lr) * (1 + math.cos(math.pi * progress))


def generation_speed(model, tokens, prompt_len=16):
    """Tokens/s of greedy decoding with a KV cache emulated the usual way (HF-style incremental
    forward is not in this minimal model, so each step runs the model on the last position with a
    cache of past keys/values)."""
    model.eval()
    cfg = model.cfg
    H = cfg["n_heads"]
    C = cfg["d_model"]
    D = C // H
    with torch.no_grad():
        idx = torch.tensor([tokens[:prompt_len]], dtype=torch.long)
        caches = [[None, None] for _ in model.blocks]
        generated = 0
        start = time.perf_counter()
        pos = 0
        seq = idx
        for _ in range(tokens_to_generate(cfg)):
            x = model.embed(seq)
            T = seq.shape[1]
            cos, sin = model.cos[pos:pos + T], model.sin[pos:pos + T]
            for block, cache in zip(model.blocks, caches):
                h = block.attn_norm(x)
                q, k, v = block.attn.qkv(h).split(C, dim=2)
                q = q.view(1, T, H, D).transpose(1, 2)
                k = k.view(1, T, H, D).transpose(1, 2)
                v = v.view(1, T, H, D).transpose(1, 2)
                q = q * cos + rotate_half(q) * sin
                k = k * cos + rotate_half(k) * sin
                if cache[0] is not None:
                    k = torch.cat((cache[0], k), dim=2)
                    v = torch.cat((cache[1], v), dim=2)
                cache[0], cache[1] = k, v
                scores = (q @ k.transpose(-2, -1)) / math.sqrt(D)
                if T > 1:
                    mask = torch.ones(T, k.shape[2], dtype=torch.bool).tril(k.shape[2] - T)
                    scores = scores.masked_fill(~mask, float("-inf"))
                y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(1, T, C)
                x = x + block.attn.out(y)
                x = x + block.mlp(block.mlp_norm(x))
            logits = model.final_norm(x[:, -1:]) @ model.head_weight().t()
            nxt = logits[0, -1].argmax().view(1, 1)
            pos += T
            seq = nxt
            generated += 1
            if pos >= cfg["ctx"] - 1:
                break
        elapsed = time.perf_counter() - start
    model.train()
    return generated / elapsed


def mamba_generation_speed(model, tokens, n=200):
    """Tokens/s of greedy decoding with the recurrent step (O(1) state per layer)."""
    model.eval()
    cfg = model.cfg
    Di, S, K = cfg["expand"] * cfg["d_model"], cfg["d_state"], cfg["d_conv"]
    with torch.no_grad():
        states = [[torch.zeros(1, Di, K), torch.zeros(1, Di, S)] for _ in model.layers]
        token = torch.tensor([tokens[0]])
        start = time.perf_counter()
        for _ in range(n):
            x = model.embed(token)
            for layer, state in zip(model.layers, states):
                x = x + layer.mixer.step(layer.norm(x), state)
            logits = model.norm_f(x) @ model.head_weight().t()
            token = logits.argmax(-1)
        elapsed = time.perf_counter() - start
    model.train()
    return n / elapsed


def tokens_to_generate(cfg):
    return min(200, cfg["ctx"] - 20)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True, help="Ahenk train config JSON (model + train sections)")
    ap.add_argument("--data", required=True, help="a text file (byte-level) or an llm.c token file")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--eval-every", type=int, default=0)
    ap.add_argument("--generate", action="store_true", help="also measure generation tokens/s")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    spec = json.load(open(args.config))
    mcfg, tcfg = spec["model"], spec.get("train", {})
    B = tcfg.get("batch_size", 16)
    T = mcfg.get("ctx", 256)
    with open(args.data, "rb") as f:
        raw = f.read()
    if raw[:4] == (20240520).to_bytes(4, "little"):
        import numpy as np
        header = np.frombuffer(raw[:1024], dtype=np.int32)
        dtype = np.uint16 if header[1] == 1 else np.uint32
        data = torch.from_numpy(np.frombuffer(raw[1024:], dtype=dtype).astype(np.int64))
    else:
        data = torch.tensor(list(raw), dtype=torch.long)
    split = int(len(data) * (1 - tcfg.get("val_fraction", 0.1)))
    train, val = data[:split], data[split:]
    model = make_model(mcfg)
    lr, min_lr = tcfg.get("lr", 1e-3), tcfg.get("min_lr", tcfg.get("lr", 1e-3) * 0.1)
    warmup = tcfg.get("warmup_steps", 100)
    opt = make_optimizer(model, lr, tcfg.get("weight_decay", 0.1))
    g = torch.Generator().manual_seed(args.seed)

    def batch(source):
        ix = torch.randint(len(source) - T - 1, (B,), generator=g)
        x = torch.stack([source[i:i + T] for i in ix])
        y = torch.stack([source[i + 1:i + T + 1] for i in ix])
        return x, y

    flops_per_token = None
    start = time.perf_counter()
    tokens = 0
    for step in range(args.steps):
        t0 = time.perf_counter()
        for group in opt.param_groups:
            group["lr"] = lr_at(step, lr, min_lr, warmup, tcfg.get("max_steps", args.steps))
        x, y = batch(train)
        _, loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), tcfg.get("grad_clip", 1.0))
        opt.step()
        dt = time.perf_counter() - t0
        tokens += B * T
        line = {"step": step + 1, "loss": loss.item(), "lr": opt.param_groups[0]["lr"],
                "grad_norm": norm.item(), "tokens_per_s": B * T / dt, "step_s": dt}
        if args.eval_every and (step + 1) % args.eval_every == 0:
            model.eval()
            with torch.no_grad():
                losses = [model(*batch(val))[1].item() for _ in range(tcfg.get("eval_batches", 8))]
            model.train()
            line["val_loss"] = sum(losses) / len(losses)
        print(json.dumps(line), flush=True)
    elapsed = time.perf_counter() - start
    final = {"final": True, "steps": args.steps, "tokens_per_s": tokens / elapsed,
             "parameters": sum(p.numel() for p in model.parameters())}
    if args.generate:
        final["generate_tokens_per_s"] = (mamba_generation_speed(model, val.tolist())
                                          if isinstance(model, Mamba) else generation_speed(model, val.tolist()))
    print(json.dumps(final), flush=True)


if __name__ == "__main__":
    sys.exit(main())
