#!/usr/bin/python3
"""Builds the tiny TorchScript fixtures of the import-gallery tests (src/test/resources/torchscript/).

Run with Debian's python3 (package python3-torch), from the repository root:

    /usr/bin/python3 tools/make_torchscript_fixture.py [OUT_DIR]

It writes, all deterministic (seeded) and small (about 25 KB together):

  tiny.pt               a traced model: conv 3x3 1->4 stride 2 (+bias), ReLU, global average pool,
                        Linear 4->128; input (N, 1, 28, 28) normalised pixels, output (N, 128)
  tiny.json             its sidecar: {"macs": N, "params": N}, MACs by the formula of docs/protocol.md
  tiny-classifier.npy   a classifier matrix, 10 x 128, float32
  inputs.npy            4 grey images, uint8, (4, 1, 28, 28), values 0..255
  expected.npy          PyTorch's embeddings of those images, float32 (4, 128), after the protocol's
                        normalisation (v/255 - 0.2860) / 0.3530 (not L2-normalised)
  wrong-dim.pt          the same shape of model with a 64-d output (for the error test)
  tiny-rgb64.pt         the same model for colour: conv 3x3 3->4 stride 2, input (N, 3, 64, 64)
  tiny-rgb64.json       its sidecar, with its input "3x64" and normalisation (per-channel means/stds)
  rgb-inputs.npy        2 colour images, uint8, (2, 3, 64, 64)
  rgb-expected.npy      PyTorch's embeddings of those, float32 (2, 128), after the sidecar's normalisation
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn

MEAN, STD = 0.2860, 0.3530


RGB_MEAN, RGB_STD = [0.5, 0.4, 0.3], [0.25, 0.2, 0.3]


class Tiny(nn.Module):
    def __init__(self, dim, channels=1):
        super().__init__()
        self.conv = nn.Conv2d(channels, 4, kernel_size=3, stride=2, padding=1)
        self.fc = nn.Linear(4, dim)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        x = x.mean(dim=(2, 3))  # global average pool, batch size free
        return self.fc(x)


def macs_and_params(model, size=28):
    # conv: Cin/groups * k * k * Hout * Wout * Cout (28x28, stride 2, padding 1 -> 14x14); linear: in * out
    conv = model.conv
    hout = (size + 2 * 1 - 3) // 2 + 1
    macs = (conv.in_channels // conv.groups) * 3 * 3 * hout * hout * conv.out_channels
    macs += model.fc.in_features * model.fc.out_features
    params = sum(p.numel() for p in model.parameters())
    return macs, params


def trace(model, channels=1, size=28):
    model.eval()
    return torch.jit.trace(model, torch.zeros(1, channels, size, size))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join("src", "test", "resources", "torchscript")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(20210617)
    torch.set_num_threads(1)

    tiny = Tiny(128)
    traced = trace(tiny)
    traced.save(os.path.join(out, "tiny.pt"))
    macs, params = macs_and_params(tiny)
    with open(os.path.join(out, "tiny.json"), "w") as f:
        json.dump({"macs": macs, "params": params}, f)
        f.write("\n")

    rng = np.random.default_rng(7)
    classifier = rng.standard_normal((10, 128)).astype(np.float32) * 0.1
    np.save(os.path.join(out, "tiny-classifier.npy"), classifier)

    images = rng.integers(0, 256, size=(4, 1, 28, 28), dtype=np.uint8)
    np.save(os.path.join(out, "inputs.npy"), images)
    x = (torch.from_numpy(images).float() / 255.0 - MEAN) / STD
    with torch.no_grad():
        expected = traced(x).numpy().astype(np.float32)
    np.save(os.path.join(out, "expected.npy"), expected)

    trace(Tiny(64)).save(os.path.join(out, "wrong-dim.pt"))

    torch.manual_seed(20210618)
    rgb = Tiny(128, channels=3)
    traced_rgb = trace(rgb, 3, 64)
    traced_rgb.save(os.path.join(out, "tiny-rgb64.pt"))
    rgb_macs, rgb_params = macs_and_params(rgb, 64)
    with open(os.path.join(out, "tiny-rgb64.json"), "w") as f:
        json.dump({"macs": rgb_macs, "params": rgb_params, "input": "3x64",
                   "normalization": ",".join("%.4f" % m for m in RGB_MEAN) + "/" + ",".join("%.4f" % s for s in RGB_STD)}, f)
        f.write("\n")
    rgb_images = np.random.default_rng(8).integers(0, 256, size=(2, 3, 64, 64), dtype=np.uint8)
    np.save(os.path.join(out, "rgb-inputs.npy"), rgb_images)
    mean = torch.tensor(RGB_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(RGB_STD).view(1, 3, 1, 1)
    with torch.no_grad():
        rgb_expected = traced_rgb((torch.from_numpy(rgb_images).float() / 255.0 - mean) / std).numpy().astype(np.float32)
    np.save(os.path.join(out, "rgb-expected.npy"), rgb_expected)
    print("wrote fixtures to %s: tiny.pt (%d MACs, %d params), expected %s" % (out, macs, params, expected.shape))


if __name__ == "__main__":
    main()
