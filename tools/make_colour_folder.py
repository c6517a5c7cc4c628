#!/usr/bin/python3
"""Writes a colour image folder from Fashion-MNIST for trying the workbench on colour photographs' layout.

    /usr/bin/python3 tools/make_colour_folder.py OUT_DIR [TRAIN_PER_CLASS] [EVAL_PER_CLASS]

Each image is a Fashion-MNIST picture enlarged to a random size of 100 to 200 px a side (aspect ratio
varies), tinted with a random hue (colour says nothing of the class) on a random background colour,
saved as JPEG in OUT_DIR/{train,val,test}/<class>/. Defaults: 300 training and 100 val and test images
per class (5,000 images). Seeded: the same folder every time. Needs numpy and PIL (Debian: python3-pil).
"""
import colorsys
import gzip
import os
import sys

import numpy as np
from PIL import Image

CLASSES = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"]


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    out = sys.argv[1]
    train_per = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    eval_per = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    root = os.path.join(os.path.dirname(__file__), "..", "sample-data", "fashion-mnist")
    images = idx(os.path.join(root, "train-images-idx3-ubyte.gz"))
    labels = idx(os.path.join(root, "train-labels-idx1-ubyte.gz"))
    rng = np.random.default_rng(2021)
    counts = {"train": train_per, "val": eval_per, "test": eval_per}
    taken = {split: [0] * 10 for split in counts}
    for i in rng.permutation(len(labels)):
        c = int(labels[i])
        split = next((s for s in counts if taken[s][c] < counts[s]), None)
        if split is None:
            continue
        n = taken[split][c]
        taken[split][c] += 1
        w, h = (int(v) for v in rng.integers(100, 201, size=2))
        shape = np.asarray(Image.fromarray(images[i]).resize((w, h), Image.BILINEAR), dtype=np.float32)[..., None] / 255.0
        ink = np.array(colorsys.hsv_to_rgb(rng.random(), 0.4 + 0.6 * rng.random(), 0.6 + 0.4 * rng.random()))
        paper = np.array(colorsys.hsv_to_rgb(rng.random(), 0.3 * rng.random(), 0.2 + 0.3 * rng.random()))
        rgb = (paper * (1 - shape) + ink * shape) * 255 + rng.normal(0, 6, size=(h, w, 3))
        folder = os.path.join(out, split, CLASSES[c])
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(os.path.join(folder, "%05d.jpg" % n), quality=90)
        if all(taken[s][k] >= counts[s] for s in counts for k in range(10)):
            break
    print("wrote %s: %s" % (out, {s: sum(t) for s, t in taken.items()}))


if __name__ == "__main__":
    main()
