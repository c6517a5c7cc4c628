#!/usr/bin/env python3
"""Copies the runs of a full `cmpnas reproduce` into sample-data/runs, the runs shipped with the workbench.

Usage: tools/ship_sample_runs.py STORE      (STORE holds reports/reproduce/report.json)

Kept: each run's record, metrics, results and final weights, and the paragon's cached test-protocol
embeddings (so the retrieval demo answers at once); left out: training checkpoints and other caches,
which the workbench rebuilds when needed. Replaces sample-data/runs entirely. Run it again whenever
the run format changes (SampleRunsShippedTest fails when a shipped run no longer loads).
"""
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "sample-data" / "runs"


def keep(path: Path, run_dir: Path, paragon: bool) -> bool:
    parts = path.relative_to(run_dir).parts
    if parts[0] == "weights" and len(parts) > 1 and "ckpt" in parts[1]:
        return False
    if parts[0] == "cache":
        return paragon and len(parts) > 1 and parts[1].split("-")[0] in ("query", "gallery")
    return True


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    store = Path(sys.argv[1])
    report_dir = store / "reports" / "reproduce"
    report = json.loads((report_dir / "report.json").read_text())
    runs = {step["run"] for step in report["steps"]} | {row["run"] for row in report["rows"]}
    paragon = next(row["run"] for row in report["rows"] if row["run"] == row["cross"]["gallery"])
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for run in sorted(runs):
        src = store / run
        for path in sorted(src.rglob("*")):
            if path.is_file() and keep(path, src, run == paragon):
                dest = TARGET / run / path.relative_to(src)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
    shutil.copytree(report_dir, TARGET / "reports" / "reproduce")
    size = sum(p.stat().st_size for p in TARGET.rglob("*") if p.is_file())
    print(f"{len(runs)} runs and the report copied into {TARGET} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
