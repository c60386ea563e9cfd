#!/usr/bin/python3
"""Writes the PyTorch oracles in tests/golden: transformer_tiny.safetensors (Ahenk's Transformer),
mamba_tiny.safetensors (Mamba, mamba-minimal's sequential scan) and spiking_tiny.safetensors (the
spiking Transformer's LIF MLP with surrogate gradients), all from bench/torch_reference.py.

Per file, two tiny configs (tied and untied embeddings, other variants mixed in), their weights as
PyTorch initialised them, a batch of tokens and targets (one target ignored), and what PyTorch
computes from them: the logits, the mean cross-entropy, every parameter's gradient, the global
gradient norm, and the parameters after clipping at half that norm and one AdamW step. The C++ test
(tests/golden/test_models_torch.cpp) loads the weights into Ahenk and compares.

Regenerate (after changing the architecture; bump FIXTURE_VERSION and the test's expectation):
    /usr/bin/python3 tests/golden/make_torch_fixtures.py
Needs Debian's python3-torch (installed by packaging/install-bench-deps.sh).
"""
import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
from torch_reference import make_model, make_optimizer  # noqa: E402

FIXTURE_MAGIC = "ahenk-torch-fixture"
FIXTURE_VERSION = 1


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype = {torch.float32: "F32", torch.int32: "I32"}[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    os.replace(path + ".tmp", path)


def case(prefix, cfg, seed, tensors, arch="transformer"):
    torch.manual_seed(seed)
    model = make_model(dict(cfg, arch=arch))
    B, T = 2, cfg["ctx"]
    tokens = torch.randint(cfg["vocab_size"], (B, T))
    targets = torch.randint(cfg["vocab_size"], (B, T))
    targets[1, 3] = -1  # ignored
    def ahenk_layout(name, t):  # Ahenk keeps the depthwise conv weight as (Di, K)
        return t.reshape(t.shape[0], t.shape[-1]) if name.endswith("conv1d.weight") else t

    for name, p in model.named_parameters():
        tensors[f"{prefix}param.{name}"] = ahenk_layout(name, p.detach().clone())
    logits, loss = model(tokens, targets)
    loss.backward()
    for name, p in model.named_parameters():
        tensors[f"{prefix}grad.{name}"] = ahenk_layout(name, p.grad.detach().clone())
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
    max_norm = 0.5 * norm.item()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    opt = make_optimizer(model, lr=1e-2, weight_decay=0.1)
    opt.step()
    for name, p in model.named_parameters():
        tensors[f"{prefix}adamw.{name}"] = ahenk_layout(name, p.detach().clone())
    tensors[f"{prefix}tokens"] = tokens.to(torch.int32)
    tensors[f"{prefix}targets"] = targets.to(torch.int32)
    tensors[f"{prefix}logits"] = logits.detach()
    tensors[f"{prefix}loss"] = loss.detach().reshape(1)
    tensors[f"{prefix}grad_norm"] = norm.detach().reshape(1)
    return {"config": dict(cfg, arch=arch), "max_norm": max_norm, "lr": 1e-2,
            "weight_decay": 0.1, "betas": [0.9, 0.95], "eps": 1e-8}


def write(filename, cases, tensors):
    metadata = {"magic": FIXTURE_MAGIC, "version": str(FIXTURE_VERSION), "torch": torch.__version__,
                "cases": json.dumps(cases)}
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), filename)
    write_safetensors(out, tensors, metadata)
    print(f"wrote {out} ({os.path.getsize(out)} bytes, torch {torch.__version__})")


def main():
    tensors = {}
    base = {"vocab_size": 64, "d_model": 32, "n_layers": 2, "n_heads": 4, "ctx": 16,
            "rope_theta": 500.0}
    write("transformer_tiny.safetensors", {
        "tied": case("tied.", dict(base, tie_embeddings=True), 1, tensors),
        "untied": case("untied.", dict(base, tie_embeddings=False, ffn_hidden=48), 2, tensors),
    }, tensors)
    # Mamba: T = 70 crosses the CPU scan's 64-step chunk; an odd d_state and dt_rank.
    tensors = {}
    mamba = {"vocab_size": 64, "d_model": 24, "n_layers": 2, "d_state": 5, "d_conv": 4, "expand": 2,
             "dt_rank": 3, "ctx": 70}
    write("mamba_tiny.safetensors", {
        "tied": case("tied.", dict(mamba, tie_embeddings=True), 3, tensors, "mamba"),
        "untied": case("untied.", dict(mamba, tie_embeddings=False), 4, tensors, "mamba"),
    }, tensors)
    # The spiking Transformer (LIF MLP): a gentle surrogate so every neuron carries gradient.
    tensors = {}
    spiking = dict(base, steps=4, threshold=1.0, beta=0.8, slope=2.0)
    write("spiking_tiny.safetensors", {
        "tied": case("tied.", dict(spiking, tie_embeddings=True, learn_beta=True), 5, tensors,
                     "spiking"),
        "untied": case("untied.", dict(spiking, tie_embeddings=False, reset="zero", surrogate="atan",
                                       ffn_hidden=48), 6, tensors, "spiking"),
    }, tensors)


if __name__ == "__main__":
    main()
