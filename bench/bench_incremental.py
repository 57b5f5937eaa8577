"""Benchmark: adding a few articles to a database that holds many (prints numbers).

Processes N synthetic articles from scratch, then adds K more (a separate file) with the same
command, and reports both times and their ratio; the "from scratch" time for N + K is the
first run's time scaled by (N + K) / N.

Usage: .venv/bin/python bench/bench_incremental.py [--docs 10000] [--new 10] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        everything = folder / "all.jsonl"
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(args.docs + args.new), str(everything)],
                       check=True, stdout=subprocess.DEVNULL)
        lines = everything.read_text(encoding="utf-8").splitlines()
        (folder / "in").mkdir()
        (folder / "in" / "base.jsonl").write_text("\n".join(lines[: args.docs]) + "\n", encoding="utf-8")
        db = folder / "v.db"
        cmd = [sys.executable, "-m", "vigie.cli.main", "run", str(folder / "in"), "--db", str(db),
               "--workers", str(args.workers), "--no-progress"]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        base = time.perf_counter() - start
        (folder / "in" / "new.jsonl").write_text("\n".join(lines[args.docs:]) + "\n", encoding="utf-8")
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        added = time.perf_counter() - start
        scratch = base * (args.docs + args.new) / args.docs
        print(out.strip())
        print(f"{args.docs} articles from scratch: {base:.0f} s ({args.docs / base:.1f} docs/s, {args.workers} workers)")
        print(f"adding {args.new} articles to them: {added:.1f} s")
        ratio = added / scratch
        print(f"ratio to processing all {args.docs + args.new} from scratch: {ratio:.3f}  "
              f"(target < 0.05: {'met' if ratio < 0.05 else 'NOT met'})")


if __name__ == "__main__":
    main()
