#!/usr/bin/python3
"""Writes tests/golden/transformer_tiny.safetensors: the PyTorch oracle for Ahenk's Transformer.

A tiny config (vocab 64, d 32, 2 layers, 4 heads, ctx 16, untied and tied variants), its weights as
PyTorch initialised them, a batch of tokens and targets (one target ignored), and what PyTorch
computes from them: the logits, the mean cross-entropy, every parameter's gradient, the global
gradient norm, and the parameters after clipping at half that norm and one AdamW step. The C++ test
(tests/golden/test_transformer_torch.cpp) loads the weights into Ahenk and compares.

Regenerate (after changing the architecture; bump FIXTURE_VERSION and the test's expectation):
    /usr/bin/python3 tests/golden/make_transformer_fixture.py
Needs Debian's python3-torch (installed by packaging/install-bench-deps.sh).
"""
import json
import os
import struct
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
from torch_reference import Transformer, make_optimizer  # noqa: E402

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


def case(prefix, cfg, seed, tensors):
    torch.manual_seed(seed)
    model = Transformer(cfg)
    B, T = 2, cfg["ctx"]
    tokens = torch.randint(cfg["vocab_size"], (B, T))
    targets = torch.randint(cfg["vocab_size"], (B, T))
    targets[1, 3] = -1  # ignored
    for name, p in model.named_parameters():
        tensors[f"{prefix}param.{name}"] = p.detach().clone()
    logits, loss = model(tokens, targets)
    loss.backward()
    for name, p in model.named_parameters():
        tensors[f"{prefix}grad.{name}"] = p.grad.detach().clone()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
    max_norm = 0.5 * norm.item()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    opt = make_optimizer(model, lr=1e-2, weight_decay=0.1)
    opt.step()
    for name, p in model.named_parameters():
        tensors[f"{prefix}adamw.{name}"] = p.detach().clone()
    tensors[f"{prefix}tokens"] = tokens.to(torch.int32)
    tensors[f"{prefix}targets"] = targets.to(torch.int32)
    tensors[f"{prefix}logits"] = logits.detach()
    tensors[f"{prefix}loss"] = loss.detach().reshape(1)
    tensors[f"{prefix}grad_norm"] = norm.detach().reshape(1)
    return {"config": dict(cfg, arch="transformer"), "max_norm": max_norm, "lr": 1e-2,
            "weight_decay": 0.1, "betas": [0.9, 0.95], "eps": 1e-8}


def main():
    tensors = {}
    base = {"vocab_size": 64, "d_model": 32, "n_layers": 2, "n_heads": 4, "ctx": 16,
            "rope_theta": 500.0}
    cases = {
        "tied": case("tied.", dict(base, tie_embeddings=True), 1, tensors),
        "untied": case("untied.", dict(base, tie_embeddings=False, ffn_hidden=48), 2, tensors),
    }
    metadata = {"magic": FIXTURE_MAGIC, "version": str(FIXTURE_VERSION), "torch": torch.__version__,
                "cases": json.dumps(cases)}
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "transformer_tiny.safetensors")
    write_safetensors(out, tensors, metadata)
    print(f"wrote {out} ({os.path.getsize(out)} bytes, torch {torch.__version__})")


if __name__ == "__main__":
    main()
