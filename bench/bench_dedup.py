"""Benchmark: the dedup step alone at growing corpus sizes (prints numbers; not a test).

For each size, a fresh process builds that many synthetic short articles (random wire-like
word sequences; 5% exact copies and 10% syndicated rewrites mixed in), stores their MinHash
signatures and LSH bands the way `vigie run` does, then runs the global dedup step (candidate
join in SQLite, exact confirmation, union-find, group and date assignment). Reports wall time
and peak resident memory of that process.

Usage: .venv/bin/python bench/bench_dedup.py [--sizes 10000,100000,1000000]
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
#: The issue's target: dedup of 1M documents with memory under 4 GiB.
MEMORY_LIMIT_MB = 4096

WORKER = r"""
import random, sqlite3, sys, time
sys.path.insert(0, sys.argv[3])
from vigie.dedup import band_keys, shingles, signature
from vigie.dedup.groups import assign_groups
from vigie.store import connect

n, db = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
words = [f"mot{i}" for i in range(20000)]
start = time.perf_counter()
with connect(db) as conn:
    conn.execute("INSERT INTO runs (started_at, command) VALUES ('bench', 'bench')")
    texts = []
    batch_docs, batch_sig, batch_bands = [], [], []
    for i in range(n):
        roll = rng.random()
        if texts and roll < 0.05:
            text = rng.choice(texts)
        elif texts and roll < 0.15:
            base = rng.choice(texts).split()
            cut = rng.randrange(len(base) // 3)
            text = " ".join(base[cut:] + [rng.choice(words) for _ in range(10)])
        else:
            text = " ".join(rng.choice(words) for _ in range(120))
        if len(texts) < 2000:
            texts.append(text)
        else:
            texts[rng.randrange(2000)] = text
        key = i + 1
        sh = shingles(text)
        sig = signature(sh)
        batch_docs.append((key, f"d{i:07d}", 1, 1, str(hash(text)), "bench", "text", "", text, str(hash(text)), f"d{i:07d}", 1))
        batch_sig.append((key, len(sh), sig.tobytes()))
        batch_bands.extend((b, h, key) for b, h in band_keys(sig))
        if len(batch_docs) >= 5000 or i == n - 1:
            conn.executemany("INSERT INTO documents (key, id, version, is_current, content_hash, source, fmt, raw, text, text_hash, dedup_group, run_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch_docs)
            conn.executemany("INSERT INTO doc_minhash VALUES (?,?,?)", batch_sig)
            conn.executemany("INSERT INTO doc_bands VALUES (?,?,?)", batch_bands)
            conn.commit()
            batch_docs, batch_sig, batch_bands = [], [], []
    signed = time.perf_counter()
    result = assign_groups(conn)
    done = time.perf_counter()
print(f"{signed - start:.1f} {done - signed:.1f} {result['groups']} {result['grouped_documents']}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    print(f"{'documents':>10} {'sign+store s':>13} {'dedup s':>8} {'groups':>7} {'grouped':>8} {'peak MB':>8}")
    for size in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen(
                [sys.executable, "-c", WORKER, str(size), str(Path(tmp) / "d.db"), str(ROOT / "src")],
                stdout=subprocess.PIPE, text=True,
            )
            out = proc.stdout.read().split()
            _, _, usage = os.wait4(proc.pid, 0)
            signed, dedup, groups, grouped = out
            peak = usage.ru_maxrss / 1024
            note = f"  (target at 1M: under {MEMORY_LIMIT_MB} MB: {'met' if peak < MEMORY_LIMIT_MB else 'NOT met'})" if size >= 1_000_000 else ""
            print(f"{size:>10} {float(signed):>13.1f} {float(dedup):>8.1f} {groups:>7} {grouped:>8} {peak:>8.0f}{note}", flush=True)


if __name__ == "__main__":
    main()
