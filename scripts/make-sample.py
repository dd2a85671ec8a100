# SPDX-License-Identifier: GPL-3.0-or-later
"""Make the bundled class-balanced Fashion-MNIST subset (python3 standard library only).

Selection (fixed, documented algorithm):
  * seed 0 (the default): the first N images of each class in file order;
  * any other seed: the indices 0..n-1 are shuffled by Fisher-Yates driven by SplitMix64(seed)
    (for i from n-1 down to 1: j = next() % (i + 1); swap), then the first N of each class in that order.
The chosen images are written in their original file order. Output is IDX, gzip level 9 with mtime 0
and no file name in the header, so the same input gives byte-identical files.
"""
import argparse
import gzip
import hashlib
import os
import struct
import sys

NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def read_idx(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic = struct.unpack(">I", raw[:4])[0]
    if magic == 0x801:
        (n,) = struct.unpack(">I", raw[4:8])
        if len(raw) != 8 + n:
            sys.exit(f"{path}: expected {8 + n} bytes, found {len(raw)}")
        return n, (), raw[8:]
    if magic == 0x803:
        n, rows, cols = struct.unpack(">III", raw[4:16])
        if len(raw) != 16 + n * rows * cols:
            sys.exit(f"{path}: expected {16 + n * rows * cols} bytes, found {len(raw)}")
        return n, (rows, cols), raw[16:]
    sys.exit(f"{path}: not an IDX file (magic {magic:#010x})")


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        p = os.path.join(folder, name)
        if os.path.exists(p):
            return p
    sys.exit(f"{folder}: no {stem}[.gz]")


def select(labels, per_class, seed, classes=10):
    order = list(range(len(labels)))
    if seed != 0:
        rng = splitmix64(seed)
        for i in range(len(order) - 1, 0, -1):
            j = next(rng) % (i + 1)
            order[i], order[j] = order[j], order[i]
    taken = [0] * classes
    chosen = []
    for i in order:
        c = labels[i]
        if taken[c] < per_class:
            taken[c] += 1
            chosen.append(i)
    if min(taken) < per_class:
        sys.exit(f"only {taken} images per class available, need {per_class}")
    return sorted(chosen)


def write_gz(path, data):
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
            g.write(data)


def subset(src, dst, prefix, per_class, seed):
    n, _, labels = read_idx(find(src, f"{prefix}-labels-idx1-ubyte"))
    m, (rows, cols), pixels = read_idx(find(src, f"{prefix}-images-idx3-ubyte"))
    if n != m:
        sys.exit(f"{src}: {prefix}: {m} images but {n} labels")
    chosen = select(labels, per_class, seed)
    size = rows * cols
    lab = bytes(labels[i] for i in chosen)
    img = b"".join(pixels[i * size:(i + 1) * size] for i in chosen)
    lab_data = struct.pack(">II", 0x801, len(chosen)) + lab
    img_data = struct.pack(">IIII", 0x803, len(chosen), rows, cols) + img
    write_gz(os.path.join(dst, f"{prefix}-labels-idx1-ubyte.gz"), lab_data)
    write_gz(os.path.join(dst, f"{prefix}-images-idx3-ubyte.gz"), img_data)
    for name, data in ((f"{prefix}-images-idx3-ubyte", img_data), (f"{prefix}-labels-idx1-ubyte", lab_data)):
        print(f"{hashlib.sha256(data).hexdigest()}  {name} (uncompressed)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default="/usr/share/datasets/fashion-mnist",
                    help="folder with the four Fashion-MNIST IDX files (raw or .gz)")
    ap.add_argument("--out", default="samples/fashion-mnist", help="output folder")
    ap.add_argument("--seed", type=int, default=0, help="0 = first images of each class in file order")
    ap.add_argument("--train-per-class", type=int, default=600)
    ap.add_argument("--test-per-class", type=int, default=100)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    subset(a.source, a.out, "train", a.train_per_class, a.seed)
    subset(a.source, a.out, "t10k", a.test_per_class, a.seed)
    with open(os.path.join(a.out, "classes.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(NAMES) + "\n")


if __name__ == "__main__":
    main()
