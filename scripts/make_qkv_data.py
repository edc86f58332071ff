#!/usr/bin/env python3
"""Writes the small Q, K, V tensors the QAMA notebook loads (notebooks/data/{Q,K,V}.npy).

Standard library only, so it runs anywhere. The tensors are not random noise: each of the 16 tokens
belongs to one of four "topics" (a shared direction plus a little noise), and token 3 and token 11 are
made loud in V, so the attention structure has something to find. Shape: heads × tokens × features
= 4 × 16 × 16, float64, little endian, .npy version 1.0. Deterministic: a fixed seed.
"""
import math
import random
import struct
from pathlib import Path

HEADS, TOKENS, FEATURES = 4, 16, 16
OUT = Path(__file__).resolve().parent.parent / "notebooks" / "data"


def write_npy(path: Path, shape, values):
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }" % (
        ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else ""))
    # Pad so the data starts on a 64-byte boundary, as numpy does.
    total = 10 + len(header) + 1
    header += " " * ((64 - total % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00")
        f.write(struct.pack("<H", len(header)))
        f.write(header.encode("latin1"))
        f.write(struct.pack("<%dd" % len(values), *values))


def main():
    rng = random.Random(2504_11083)
    topics = [[rng.gauss(0, 1) for _ in range(FEATURES)] for _ in range(4)]
    topic_of = [i % 4 for i in range(TOKENS)]
    q, k, v = [], [], []
    for t in range(HEADS):
        # Each head looks at the topics through its own random rotation-ish mixing.
        mix = [[rng.gauss(0, 1) / math.sqrt(FEATURES) for _ in range(FEATURES)] for _ in range(FEATURES)]
        for i in range(TOKENS):
            base = topics[topic_of[i]]
            emb = [b + 0.3 * rng.gauss(0, 1) for b in base]
            proj = [sum(mix[r][c] * emb[c] for c in range(FEATURES)) for r in range(FEATURES)]
            q.extend(2.0 * x for x in proj)
            k.extend(2.0 * x + 0.2 * rng.gauss(0, 1) for x in proj)
            loud = 4.0 if i in (3, 11) else 1.0
            v.extend(loud * rng.random() for _ in range(FEATURES))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in (("Q", q), ("K", k), ("V", v)):
        write_npy(OUT / f"{name}.npy", (HEADS, TOKENS, FEATURES), data)
    print(f"wrote {OUT}/Q.npy, K.npy, V.npy  ({HEADS} × {TOKENS} × {FEATURES})")


if __name__ == "__main__":
    main()
