#!/usr/bin/python3
"""Peer benchmark for the CMP-NAS Workbench `bench` command, on PyTorch + FAISS.

Measures the same things as `java -jar target/cmpnas-workbench.jar bench`, with the PROTOCOL
presets rebuilt in PyTorch (their MACs are asserted) and the search space's weight-sharing supernet
mirrored (its subnets' MACs and parameters checked), and prints the same JSON shape:
a list of {"name", "unit", "value"}. Machine and library versions go to stderr.

Run with Debian's python, which has python3-torch and python3-faiss:
    /usr/bin/python3 bench/peer.py [--json] [--quick] [--only PREFIX]
"""
import argparse
import json
import math
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
from torch.nn import functional as F  # noqa: E402

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
COMPAT_WARMUP, COMPAT_STEPS = 5, 40  # Benchmarks.compatibilityTraining; --quick: 8 measured steps
# The search space (SearchSpace.java) and the supernet benchmark (Benchmarks.supernetStep)
STEM, MAX_DEPTH, MAX_WIDTHS, MAX_KERNEL, MAX_EXPAND = 16, 3, (24, 48, 96), 5, 6
SMALLEST, SMALLEST_MACS = "d1-1-1_w8-16-32_k3-3-3_e1-1-1", 401_584  # MacCountTest
LARGEST = "d3-3-3_w24-48-96_k" + "-".join(["5"] * 9) + "_e" + "-".join(["6"] * 9)
SUPERNET_BATCH = 64
QUICK_SUPERNET_STEPS = {"budget-aware": 6, "whole-space": 2}  # Benchmarks.supernetSteps with --quick
SANDWICHES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sandwiches.json")
NORM_MEAN, NORM_STD = 0.2860, 0.3530  # Normalization.java


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


def nesterov_sgd(params):
    return torch.optim.SGD(params, lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)


def cosine_lr(opt, step, total, base=0.05):
    """Our CosineSchedule (from `base` to zero over `total` steps), set before each optimiser step as ours does."""
    for group in opt.param_groups:
        group["lr"] = 0.5 * base * (1 + math.cos(math.pi * min(1.0, step / max(1, total))))


def compat_loss(emb, logits, y, w_gallery=None, gallery=None):
    """CompatibilityLoss, λ = 1: CE(W_q·φq, y), + CE(W_g·φq, y) when W_g is given (bct),
    + ‖φ̂q − φ̂g‖² averaged over the batch when the gallery embeddings φg are given (l2)."""
    loss = F.cross_entropy(logits, y)
    if w_gallery is not None:
        loss = loss + F.cross_entropy(emb @ w_gallery.T, y)
    if gallery is not None:
        loss = loss + (F.normalize(emb) - F.normalize(gallery)).square().sum(1).mean()
    return loss


def training_batches(count, batch, seed):
    """BatchSource.training over `count` random images: shuffled, normalised, each mirrored with probability 1/2;
    (x, labels, image indices, mirrored) per full batch. Made before timing (ours makes them on another thread)."""
    g = torch.Generator().manual_seed(seed)
    pixels = torch.randint(0, 256, (count, *INPUT_SHAPE), dtype=torch.uint8, generator=g)
    labels = torch.randint(0, CLASSES, (count,), generator=g)
    order = torch.randperm(count, generator=g)
    batches = []
    for i in range(0, count - batch + 1, batch):
        idx = order[i:i + batch]
        x = (pixels[idx].float() / 255 - NORM_MEAN) / NORM_STD
        flip = torch.rand(batch, generator=g) < 0.5
        x[flip] = x[flip].flip(-1)
        batches.append((x, labels[idx], idx, flip))
    return batches


def gallery_table(count, seed):
    """A GalleryEmbeddingTable of random unit rows: (plain, mirrored) embeddings of every training image."""
    return torch.from_numpy(unit_rows(count, seed)), torch.from_numpy(unit_rows(count, seed + 1))


def look_up(table, idx, flip):
    """GalleryEmbeddingTable.lookup: each image's row, from the mirrored table where the batch mirrored it."""
    return torch.where(flip[:, None], table[1][idx], table[0][idx])


def bench_compat(cached, steps):
    """Benchmarks.compatibilityTraining: resnet-q + classifier trained with l2 against resnet-g (weights N(0, 0.05),
    eval mode), the gallery side of each batch computed by resnet-g (live) or looked up in a table (cached)."""
    torch.manual_seed(SEED)
    gallery = embedding_net("resnet-g").eval()
    for m in gallery.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.normal_(m.weight, 0, 0.05)
    model = nn.Sequential(embedding_net("resnet-q"), nn.Linear(EMBED_DIM, CLASSES, bias=False)).train()
    opt = nesterov_sgd(model.parameters())
    batches = training_batches(TRAIN_BATCH * (COMPAT_WARMUP + steps), TRAIN_BATCH, SEED + 6)
    table = gallery_table(TRAIN_BATCH * (COMPAT_WARMUP + steps), SEED + 7) if cached else None

    def step(s, batch):
        x, y, idx, flip = batch
        if cached:
            g = look_up(table, idx, flip)
        else:
            with torch.no_grad():
                g = gallery(x)
        opt.zero_grad()
        emb = model[0](x)
        compat_loss(emb, model[1](emb), y, gallery=g).backward()
        cosine_lr(opt, s, COMPAT_WARMUP + steps)
        opt.step()

    for s in range(COMPAT_WARMUP):
        step(s, batches[s])
    start = time.perf_counter()
    for s in range(COMPAT_WARMUP, COMPAT_WARMUP + steps):
        step(s, batches[s])
    seconds = time.perf_counter() - start
    print(f"train.resnet-q.l2.{'cached' if cached else 'live'}: {steps} batches of {TRAIN_BATCH} in {seconds:.1f} s "
          f"(after {COMPAT_WARMUP} warm-up)", file=sys.stderr)
    return TRAIN_BATCH * steps / seconds


def parse_subnet(text):
    """SubnetSpec.blocks() of a subnet's text form (d1-1-3_w8-32-32_k3-3-3-5-5_e1-1-1-3-1: depths, widths per stage,
    kernel, expand ratio per active block): (in, out, stride, kernel, expand, supernet position) per block."""
    depths, widths, kernels, expands = ([int(v) for v in part[1:].split("-")] for part in text.split("_"))
    blocks, cin = [], STEM
    for s, (depth, width) in enumerate(zip(depths, widths)):
        for b in range(depth):
            i = len(blocks)
            blocks.append((cin, width, 2 if s > 0 and b == 0 else 1, kernels[i], expands[i], s * MAX_DEPTH + b))
            cin = width
    return blocks


def subnet_cost(blocks):
    """SubnetSpec.macs() and params() (PROTOCOL): conv = Cin/groups·k·k·Hout·Wout·Cout (+ 2·Cout of its
    batch norm), linear = in·out (+ bias); no classifier."""
    size, convs = INPUT_SHAPE[1], [(1, STEM, 3, INPUT_SHAPE[1])]  # (Cin/groups, Cout, k, Hout)
    for cin, out, stride, kernel, expand, _ in blocks:
        if expand != 1:
            convs.append((cin, cin * expand, 1, size))
        size //= stride
        convs += [(1, cin * expand, kernel, size), (cin * expand, out, 1, size)]
    linear = blocks[-1][1] * EMBED_DIM
    return (sum(i * k * k * h * h * o for i, o, k, h in convs) + linear,
            sum(i * k * k * o + 2 * o for i, o, k, _ in convs) + linear + EMBED_DIM)


class ElasticConv2d(nn.Module):
    """A convolution without bias holding its largest weight; runs the first `out` filters over the input's channels,
    the centre k×k of the kernel. Depthwise: one input channel per filter, as many filters as input channels."""

    def __init__(self, max_out, max_in, max_kernel, stride=1, depthwise=False):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(max_out, 1 if depthwise else max_in, max_kernel, max_kernel))
        nn.init.kaiming_normal_(self.weight, nonlinearity="relu")  # DJL's Xavier(gaussian, fan in, 2), full shape
        self.stride, self.depthwise = stride, depthwise

    def weights(self, cin, out, kernel):
        a = (self.weight.shape[-1] - kernel) // 2
        return self.weight[:out, :1 if self.depthwise else cin, a:a + kernel, a:a + kernel]

    def forward(self, x, out, kernel):
        cin = x.shape[1]
        groups = cin if self.depthwise else 1
        return F.conv2d(x, self.weights(cin, out, kernel), None, self.stride, kernel // 2, 1, groups)


class ElasticBatchNorm(nn.Module):
    """Batch norm over the input's first c channels: gamma, beta and running statistics sliced; the training-mode
    update of the statistics lands in the full buffers (the slices are views). Momentum 0.1 = DJL's 0.9."""

    def __init__(self, channels):
        super().__init__()
        self.weight, self.bias = nn.Parameter(torch.ones(channels)), nn.Parameter(torch.zeros(channels))
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        c = x.shape[1]
        return F.batch_norm(x, self.running_mean[:c], self.running_var[:c], self.weight[:c], self.bias[:c],
                            self.training, 0.1, 1e-5)


class ElasticLinear(nn.Module):
    """Linear (units, max_in) with bias, reading the first in features: the embedding after the last stage."""

    def __init__(self, units, max_in):
        super().__init__()
        self.weight, self.bias = nn.Parameter(torch.empty(units, max_in)), nn.Parameter(torch.zeros(units))
        nn.init.kaiming_normal_(self.weight, nonlinearity="relu")

    def weights(self, cin):
        return self.weight[:, :cin], self.bias

    def forward(self, x):
        return F.linear(x, *self.weights(x.shape[1]))


class ElasticMbBlock(nn.Module):
    """A block position at its largest (expand 6, kernel 5, the stage's widest output): ReLU(BN(expand 1×1)), absent
    at expand 1 (the depthwise then runs on the block's input with its first `in` filters), ReLU(BN(depthwise k×k,
    strided)), BN(project 1×1), + input when stride 1 and in = out (no 1×1 shortcut otherwise)."""

    def __init__(self, max_in, max_out, stride):
        super().__init__()
        hidden = max_in * MAX_EXPAND
        self.expand, self.expand_bn = ElasticConv2d(hidden, max_in, 1), ElasticBatchNorm(hidden)
        self.depthwise = ElasticConv2d(hidden, hidden, MAX_KERNEL, stride, depthwise=True)
        self.depthwise_bn = ElasticBatchNorm(hidden)
        self.project, self.project_bn = ElasticConv2d(max_out, hidden, 1), ElasticBatchNorm(max_out)

    def forward(self, x, out, stride, kernel, expand):
        cin, h = x.shape[1], x
        if expand != 1:
            h = F.relu(self.expand_bn(self.expand(h, cin * expand, 1)))
        h = F.relu(self.depthwise_bn(self.depthwise(h, cin * expand, kernel)))
        h = self.project_bn(self.project(h, out, 1))
        return h + x if stride == 1 and cin == out else h


class Supernet(nn.Module):
    """Our Supernet: stem 3×3 1→16 + BN + ReLU, MAX_DEPTH block positions per stage at the stage's widest width,
    global average pool, the embedding Linear(96→128) sliced to the last stage's width, classifier Linear(128→10,
    no bias). forward(x, blocks) runs the subnet of parse_subnet's blocks: (embedding, logits)."""

    def __init__(self):
        super().__init__()
        self.stem, self.stem_bn = ElasticConv2d(STEM, INPUT_SHAPE[0], 3), ElasticBatchNorm(STEM)
        blocks, cin = [], STEM
        for s, width in enumerate(MAX_WIDTHS):
            for b in range(MAX_DEPTH):
                blocks.append(ElasticMbBlock(cin, width, 2 if s > 0 and b == 0 else 1))
                cin = width
        self.blocks = nn.ModuleList(blocks)
        self.embedding = ElasticLinear(EMBED_DIM, cin)
        self.classifier = nn.Linear(EMBED_DIM, CLASSES, bias=False)
        nn.init.kaiming_normal_(self.classifier.weight, nonlinearity="relu")

    def forward(self, x, blocks):
        x = F.relu(self.stem_bn(self.stem(x, STEM, 3)))
        for _, out, stride, kernel, expand, position in blocks:
            x = self.blocks[position](x, out, stride, kernel, expand)
        emb = self.embedding(F.adaptive_avg_pool2d(x, 1).flatten(1))
        return emb, self.classifier(emb)


def count_subnet(net, blocks):
    """MACs and parameters of one image through a subnet, from the slices its elastic layers take (forward hooks):
    conv = Cin/groups·k·k·Hout·Wout·Cout, linear = in·out; batch norm's gamma and beta; no classifier."""
    total = [0, 0]

    def hook(module, inputs, output):
        cin = inputs[0].shape[1]
        if isinstance(module, ElasticConv2d):
            w = module.weights(cin, *inputs[1:])
            total[0] += w[0].numel() * output[0].numel()
            total[1] += w.numel()
        elif isinstance(module, ElasticLinear):
            w, b = module.weights(cin)
            total[0] += w.numel()
            total[1] += w.numel() + b.numel()
        else:
            total[1] += 2 * cin

    elastic = (ElasticConv2d, ElasticBatchNorm, ElasticLinear)
    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, elastic)]
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, *INPUT_SHAPE), blocks)
    for h in handles:
        h.remove()
    return tuple(total)


def check_supernet(sandwiches):
    """Counts MACs and parameters of the largest, the smallest and every sandwich subnet in the mirror, against
    SubnetSpec's formula; prints a warning for each that disagrees."""
    net = Supernet()
    texts = [LARGEST, SMALLEST] + sorted({t for steps in sandwiches.values() for step in steps for t in step}
                                         - {LARGEST, SMALLEST})
    counted = {t: count_subnet(net, parse_subnet(t)) for t in texts}
    bad = [t for t in texts
           if counted[t] != subnet_cost(parse_subnet(t)) or t == SMALLEST and counted[t][0] != SMALLEST_MACS]
    for t in bad:
        print(f"WARNING: supernet subnet {t}: {counted[t][0]:,} MACs, {counted[t][1]:,} parameters in the mirror, "
              f"formula {subnet_cost(parse_subnet(t))[0]:,} / {subnet_cost(parse_subnet(t))[1]:,}", file=sys.stderr)
    for name, t in (("largest", LARGEST), ("smallest", SMALLEST)):
        print(f"supernet {name} subnet {t}: {counted[t][0]:,} MACs, {counted[t][1]:,} parameters", file=sys.stderr)
    print(f"supernet: {len(texts) - len(bad)} of {len(texts)} subnets (largest, smallest, bench/sandwiches.json) "
          f"as SubnetSpec's MACs and parameters", file=sys.stderr)


SUPERNET_WARM_UP_SECONDS = 3


def bench_supernet(name, loss, sandwich, measured):
    """Benchmarks.supernetStep: sandwich steps of the supernet, batch 64, against a random resnet-g's classifier
    (bct) and, for bct+l2, gallery embeddings looked up in a table. A step (SupernetTrainer.step): per subnet
    forward in training mode on the same batch, loss, backward (gradients add up in the shared weights); then one
    Nesterov SGD update of every parameter, used or not, and the gradients cleared. Step `measured` warms up,
    repeated for SUPERNET_WARM_UP_SECONDS."""
    torch.manual_seed(SEED)
    net = Supernet().train()
    for p in net.parameters():
        p.grad = torch.zeros_like(p)  # ours updates every parameter every step, used or not (decay, momentum)
    opt = nesterov_sgd(net.parameters())
    w_gallery = torch.randn(CLASSES, EMBED_DIM, generator=torch.Generator().manual_seed(SEED)) * 0.05
    batches = training_batches(SUPERNET_BATCH * (measured + 1), SUPERNET_BATCH, SEED + 9)
    table = gallery_table(SUPERNET_BATCH * (measured + 1), SEED + 10) if loss == "bct+l2" else None
    subnets = [[parse_subnet(t) for t in step] for step in sandwich]

    def step(s, batch):
        x, y, idx, flip = batch
        gallery = None if table is None else look_up(table, idx, flip)
        total = 0.0
        for blocks in subnets[s]:
            value = compat_loss(*net(x, blocks), y, w_gallery, gallery)
            total += value.item()
            value.backward()
        if math.isfinite(total):
            cosine_lr(opt, s, measured + 1)
            opt.step()
        opt.zero_grad(set_to_none=False)

    warm_until = time.perf_counter() + SUPERNET_WARM_UP_SECONDS  # as Benchmarks.SUPERNET_WARM_UP_SECONDS
    while True:
        step(measured, batches[0])
        if time.perf_counter() >= warm_until:
            break
    start = time.perf_counter()
    for s in range(measured):
        step(s, batches[s + 1])
    seconds = time.perf_counter() - start
    print(f"{name}: {measured} steps of {len(subnets[0])} subnets, batch {SUPERNET_BATCH}, in {seconds:.1f} s "
          f"(after {SUPERNET_WARM_UP_SECONDS} s of warm-up)", file=sys.stderr)
    return measured / seconds


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


def write_jpeg_folder(root, count):
    """JpegFolder's recipe: colour JPEGs of 100 to 200 px a side (quality 75, ImageIO's default), a smooth gradient
    between two random colours plus uniform noise of +-20, in ten class folders of train/ (and a few in val/, test/)."""
    from PIL import Image
    rng = np.random.default_rng(17)
    def write(split, i):
        w, h = rng.integers(100, 201, size=2)
        lo, hi = rng.integers(0, 256, size=(2, 3))
        t = (np.arange(w)[None, :] + np.arange(h)[:, None]) / float(w + h)
        img = lo + t[..., None] * (hi - lo) + rng.integers(-20, 21, size=(h, w, 3))
        folder = os.path.join(root, split, "class-%d" % (i % 10))
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(os.path.join(folder, "%06d.jpg" % i), quality=75)
    for i in range(count):
        write("train", i)
    for split in ("val", "test"):
        for i in range(20):
            write(split, i)


def load_image(path, side=64):
    """The reader's work for one file, in PIL: decode, RGB, shorter side to `side` (antialiased bilinear), centre crop, planar."""
    from PIL import Image
    with Image.open(path) as im:
        im = im.convert("RGB")
        w, h = im.size
        scale = max(side / w, side / h)
        sw, sh = max(side, round(w * scale)), max(side, round(h * scale))
        im = im.resize((sw, sh), Image.BILINEAR)
        x0, y0 = (sw - side) // 2, (sh - side) // 2
        return np.asarray(im.crop((x0, y0, x0 + side, y0 + side))).transpose(2, 0, 1).copy()


def bench_folder(count):
    """load.folder.jpeg-64: the folder read by THREADS worker processes (PIL holds the GIL while it decodes)."""
    import multiprocessing
    import shutil
    import tempfile
    root = tempfile.mkdtemp(prefix="cmpnas-peer-jpegs")
    try:
        write_jpeg_folder(root, count)
        files = sorted(os.path.join(d, f) for d, _, names in os.walk(root) for f in names if f.endswith(".jpg"))
        with multiprocessing.Pool(THREADS) as pool:
            start = time.perf_counter()
            images = pool.map(load_image, files, chunksize=64)
            seconds = time.perf_counter() - start
        assert images[0].shape == (3, 64, 64)
        return len(files) / seconds
    finally:
        shutil.rmtree(root, ignore_errors=True)


# The ANN benchmark (Benchmarks.annSearch, SphereClusters.java): the same rows, the same HNSW parameters.
ANN_DIM, ANN_CLUSTERS, ANN_SIGMA, ANN_RECALL, ANN_M, ANN_BEAM = 128, 1000, 0.06, 0.95, 16, 100
EF_SEARCH = [10]  # Benchmarks.efSearchSteps: from 10 up by about 10 % a step to 1024
while max(EF_SEARCH[-1] + 1, math.floor(EF_SEARCH[-1] * 1.1 + 0.5)) <= 1024:
    EF_SEARCH.append(max(EF_SEARCH[-1] + 1, math.floor(EF_SEARCH[-1] * 1.1 + 0.5)))
MASK64 = (1 << 64) - 1


def splitmix_normals(seed, count):
    """count normal floats as SphereClusters draws them: splitmix64, top 53 bits, Box-Muller pairs (cos, then sin)."""
    pairs = (count + 1) // 2
    steps = np.arange(1, 2 * pairs + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + steps * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    r = np.sqrt(-2 * np.log(1 - u[0::2]))
    theta = 2 * np.pi * u[1::2]
    out = np.empty(2 * pairs, dtype=np.float64)
    out[0::2], out[1::2] = r * np.cos(theta), r * np.sin(theta)
    return out[:count].astype(np.float32)


def normalise(rows):
    norms = np.sqrt((rows.astype(np.float64) ** 2).sum(axis=1, keepdims=True))
    return rows * (1 / np.where(norms > 0, norms, np.inf)).astype(np.float32)


def sphere_clusters(count, seed):
    """SphereClusters.rows: centres from seed 0, row i = normalise(centre[i % C] + sigma * noise), in blocks."""
    centres = normalise(splitmix_normals(0, ANN_CLUSTERS * ANN_DIM).reshape(ANN_CLUSTERS, ANN_DIM))
    noise = splitmix_normals(seed, count * ANN_DIM).reshape(count, ANN_DIM)
    rows = (centres[np.arange(count) % ANN_CLUSTERS].astype(np.float64) + ANN_SIGMA * noise).astype(np.float32)
    return normalise(rows)


def index_rows(index):
    """A gallery index's embeddings (its manifest's shards, EmbeddingFile format: "EMB1", count and dimension as
    big-endian ints, little-endian floats), split as Benchmarks.heldOut does: every 20th row a held-out query."""
    with open(os.path.join(index, "manifest.json")) as f:
        manifest = json.load(f)
    parts = []
    for shard in manifest["shards"]:
        with open(os.path.join(index, shard["embeddings"]), "rb") as f:
            magic, count, dim = np.frombuffer(f.read(12), dtype=">i4")
            parts.append(np.frombuffer(f.read(), dtype="<f4").reshape(count, dim))
    rows = np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)
    held = np.arange(len(rows)) % 20 == 0
    return np.ascontiguousarray(rows[~held]), np.ascontiguousarray(rows[held])


def bench_ann(rows, queries, index=None):
    """ann.*: exact (IndexFlatIP) top-10 queries/s; IndexHNSWFlat build seconds, then the smallest efSearch
    reaching recall@10 0.95 against the exact top-10, its recall and queries/s (best of two passes)."""
    gallery, held_out = index_rows(index) if index else (sphere_clusters(rows, 1), sphere_clusters(queries, 2))
    queries = len(held_out)
    flat = faiss.IndexFlatIP(ANN_DIM)
    flat.add(gallery)
    start = time.perf_counter()
    _, truth = flat.search(held_out, TOP_K)
    exact_qps = queries / (time.perf_counter() - start)
    hnsw = faiss.IndexHNSWFlat(ANN_DIM, ANN_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = ANN_BEAM
    start = time.perf_counter()
    hnsw.add(gallery)
    build = time.perf_counter() - start
    ef, recall = EF_SEARCH[-1], 0.0
    for candidate in EF_SEARCH:
        hnsw.hnsw.efSearch = candidate
        _, found = hnsw.search(held_out, TOP_K)
        recall = np.mean([len(set(t) & set(f)) / TOP_K for t, f in zip(truth, found)])
        print(f"  efSearch {candidate:3d}: recall@10 {recall:.4f}", file=sys.stderr)
        if recall >= ANN_RECALL:
            ef = candidate
            break
    hnsw.hnsw.efSearch = ef
    best = 0.0
    for _ in range(2):
        start = time.perf_counter()
        hnsw.search(held_out, TOP_K)
        best = max(best, queries / (time.perf_counter() - start))
    return [("ann.exact.qps", "queries/s", exact_qps), ("ann.hnsw.build", "s", build), ("ann.hnsw.ef", "efSearch", ef),
            ("ann.hnsw.recall@10", "recall", recall), ("ann.hnsw.qps", "queries/s", best)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    parser.add_argument("--quick", action="store_true", help="5x shorter measurements, one search run")
    parser.add_argument("--ann-index", default=None, metavar="INDEX",
                        help="the ann. rows on a gallery index's embeddings (every 20th row a held-out query)")
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
    for cached in (False, True):
        name = "train.resnet-q.l2." + ("cached" if cached else "live")
        if wanted(name):
            results.append((name, "images/s", bench_compat(cached, 8 if args.quick else COMPAT_STEPS)))
    supernet_rows = [(loss, space) for loss in ("bct", "bct+l2") for space in ("budget-aware", "whole-space")
                     if wanted(f"supernet.step.{loss}.{space}")]
    if supernet_rows:
        with open(SANDWICHES) as f:
            sandwiches = json.load(f)
        check_supernet(sandwiches)
        for loss, space in supernet_rows:
            measured = QUICK_SUPERNET_STEPS[space] if args.quick else len(sandwiches[space]) - 1
            name = f"supernet.step.{loss}.{space}"
            results.append((name, "steps/s", bench_supernet(name, loss, sandwiches[space], measured)))
    if wanted("search.top10"):
        faiss_qps, numpy_qps = bench_search(1 if args.quick else 3)
        results += [("search.top10", "queries/s", faiss_qps), ("search.top10.numpy", "queries/s", numpy_qps)]

    if wanted("load.folder.jpeg-64"):
        results.append(("load.folder.jpeg-64", "images/s", bench_folder(5_000 if args.quick else 50_000)))
    if wanted("ann."):
        results += bench_ann(100_000 if args.quick else 1_000_000, 1_000 if args.quick else 10_000, args.ann_index)

    print(json.dumps(machine_info(loadavg)), file=sys.stderr)
    if args.json:
        print(json.dumps([{"name": n, "unit": u, "value": round(float(v), 1 if abs(v) >= 100 else 4)} for n, u, v in results], indent=1))
    else:
        width = max([22] + [len(n) + 2 for n, _, _ in results])
        print(f"{'name':<{width}}{'unit':<11}{'value':>12}")
        for n, u, v in results:
            print(f"{n:<{width}}{u:<11}{v:>12,.1f}")


if __name__ == "__main__":
    main()
