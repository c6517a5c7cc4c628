#!/usr/bin/python3
"""Peer benchmark for the CMP-NAS Workbench `bench` command, on PyTorch + FAISS.

Measures the same things as `java -jar target/cmpnas-workbench.jar bench`, with the PROTOCOL
presets rebuilt in PyTorch (their MACs are asserted), and prints the same JSON shape:
a list of {"name", "unit", "value"}. Machine and library versions go to stderr.

Run with Debian's python, which has python3-torch and python3-faiss:
    /usr/bin/python3 bench/peer.py [--json] [--quick]
"""
import argparse
import json
import os
import platform
import sys
import time

# Before torch/faiss load OpenMP: idle OpenMP threads sleep instead of spinning. On a machine that other
# processes also load, spinning threads make 2-thread runs several times slower (see bench/README.md).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import faiss  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

THREADS = 2
INPUT_SHAPE = (1, 28, 28)
EMBED_DIM = 128
CLASSES = 10
TRAIN_BATCH = 128
EMBED_BATCH = 256
WARMUP = 5
# name: (stage channels, blocks per stage, expected MACs, seconds per timed measurement)
PRESETS = {
    "resnet-g": ((32, 64, 128), 2, 80_523_776, 15.0),
    "resnet-q": ((8, 16, 32), 1, 2_368_640, 6.0),
}
GALLERY, QUERIES, TOP_K, NUMPY_BLOCK, SEED = 60_000, 10_000, 10, 1024, 1234


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = nn.Identity()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.relu(self.body(x) + self.shortcut(x))


def embedding_net(preset):
    """The PROTOCOL preset: stem, three stages of BasicBlocks, global average pool, Linear → 128."""
    channels, blocks, *_ = PRESETS[preset]
    layers = [nn.Conv2d(INPUT_SHAPE[0], channels[0], 3, 1, 1, bias=False), nn.BatchNorm2d(channels[0]),
              nn.ReLU(inplace=True)]
    cin = channels[0]
    for stage, cout in enumerate(channels):
        for b in range(blocks):
            layers.append(BasicBlock(cin, cout, 2 if stage > 0 and b == 0 else 1))
            cin = cout
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, EMBED_DIM)]
    return nn.Sequential(*layers)


def count_macs(model):
    """MACs of one image: conv = Cin/groups·Kh·Kw·Hout·Wout·Cout, linear = in·out (forward hooks)."""
    total = [0]

    def hook(module, _inputs, output):
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total[0] += module.in_channels // module.groups * kh * kw * output[0].numel()
        else:
            total[0] += module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *INPUT_SHAPE))
    for h in handles:
        h.remove()
    return total[0]


def timed(step, budget):
    """Warm up, choose N so that N steps take about `budget` seconds, time N steps: (N, seconds)."""
    for _ in range(WARMUP - 2):
        step()
    start = time.perf_counter()
    for _ in range(2):  # the last two warm-up steps calibrate N
        step()
    steps = max(3, round(budget * 2 / (time.perf_counter() - start)))
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return steps, time.perf_counter() - start


def throughput(name, batch, step, budget):
    steps, seconds = timed(step, budget)
    print(f"{name}: {steps} batches of {batch} in {seconds:.1f} s", file=sys.stderr)
    return batch * steps / seconds


def bench_train(preset, budget):
    torch.manual_seed(SEED)
    model = nn.Sequential(embedding_net(preset), nn.Linear(EMBED_DIM, CLASSES, bias=False))
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(TRAIN_BATCH, *INPUT_SHAPE)
    y = torch.randint(0, CLASSES, (TRAIN_BATCH,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    return throughput("train." + preset, TRAIN_BATCH, step, budget)


def bench_embed(preset, budget):
    torch.manual_seed(SEED)
    model = embedding_net(preset).eval()
    x = torch.randn(EMBED_BATCH, *INPUT_SHAPE)

    def step():
        with torch.inference_mode():
            model(x)

    return throughput("embed." + preset, EMBED_BATCH, step, budget)


def unit_rows(rows, seed):
    x = np.random.default_rng(seed).standard_normal((rows, EMBED_DIM), dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def numpy_top_k(queries, gallery):
    out = np.empty((len(queries), TOP_K), dtype=np.int64)
    for i in range(0, len(queries), NUMPY_BLOCK):
        scores = queries[i:i + NUMPY_BLOCK] @ gallery.T
        part = np.argpartition(-scores, TOP_K, axis=1)[:, :TOP_K]
        order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
        out[i:i + NUMPY_BLOCK] = np.take_along_axis(part, order, axis=1)
    return out


def bench_search(runs):
    gallery, queries = unit_rows(GALLERY, SEED), unit_rows(QUERIES, SEED + 1)
    index = faiss.IndexFlatIP(EMBED_DIM)
    index.add(gallery)
    best_faiss = best_numpy = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        _, faiss_ids = index.search(queries, TOP_K)
        best_faiss = min(best_faiss, time.perf_counter() - start)
        start = time.perf_counter()
        numpy_ids = numpy_top_k(queries, gallery)
        best_numpy = min(best_numpy, time.perf_counter() - start)
    agree = np.mean(faiss_ids[:, 0] == numpy_ids[:, 0])
    assert agree > 0.999, f"FAISS and numpy top-1 disagree on {1 - agree:.2%} of queries"
    return QUERIES / best_faiss, QUERIES / best_numpy


def loaded_blas():
    """Shared libraries with BLAS in their name actually mapped into this process."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "/" in line}
    return sorted(os.path.realpath(p) for p in paths if "blas" in os.path.basename(p).lower())


def machine_info(loadavg):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    return {"machine": {"cpu": cpu, "nproc": os.cpu_count(), "threads": THREADS, "python": sys.executable,
                        "loadavg_at_start": loadavg, "OMP_WAIT_POLICY": os.environ["OMP_WAIT_POLICY"]},
            "versions": {"python": platform.python_version(), "torch": torch.__version__,
                         "faiss": faiss.__version__, "numpy": np.__version__, "blas": loaded_blas(),
                         "torch_mkldnn": torch.backends.mkldnn.enabled}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    parser.add_argument("--quick", action="store_true", help="5x shorter measurements, one search run")
    parser.add_argument("--only", default="", metavar="PREFIX",
                        help="only the measurements whose names start with PREFIX, e.g. embed.")
    args = parser.parse_args()
    torch.set_num_threads(THREADS)
    faiss.omp_set_num_threads(THREADS)
    scale = 5 if args.quick else 1
    loadavg = os.getloadavg()

    results = []
    for preset, (_, _, macs, _) in PRESETS.items():
        counted = count_macs(embedding_net(preset))
        assert counted == macs, f"{preset}: {counted:,} MACs, expected {macs:,}"
        print(f"{preset}: {counted:,} MACs, as PROTOCOL", file=sys.stderr)
    wanted = lambda name: name.startswith(args.only)
    for preset, (*_, budget) in PRESETS.items():
        if wanted("train." + preset):
            results.append(("train." + preset, "images/s", bench_train(preset, budget / scale)))
    for preset, (*_, budget) in PRESETS.items():
        if wanted("embed." + preset):
            results.append(("embed." + preset, "images/s", bench_embed(preset, budget / scale)))
    if wanted("search.top10"):
        faiss_qps, numpy_qps = bench_search(1 if args.quick else 3)
        results += [("search.top10", "queries/s", faiss_qps), ("search.top10.numpy", "queries/s", numpy_qps)]

    print(json.dumps(machine_info(loadavg)), file=sys.stderr)
    if args.json:
        print(json.dumps([{"name": n, "unit": u, "value": round(v, 1)} for n, u, v in results], indent=1))
    else:
        print(f"{'name':<22}{'unit':<11}{'value':>12}")
        for n, u, v in results:
            print(f"{n:<22}{u:<11}{v:>12,.1f}")


if __name__ == "__main__":
    main()
