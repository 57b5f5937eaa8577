"""Benchmark: the API's incident list over 10,000 incidents (prints numbers; not a test).

Builds a database from the examples, multiplies its incidents to N with shifted dates and
jittered places, starts `vigie serve` on a local port, and times list requests (default page,
sorted by toll, filtered, full-text) over repeated runs. Reports the median and the 90th
percentile in milliseconds.

Usage: .venv/bin/python bench/bench_api.py [--incidents 10000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(db: Path, n: int) -> None:
    from vigie.runner import run

    run([ROOT / "examples" / "articles"], db)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    base = [dict(r) for r in conn.execute("SELECT * FROM incidents")]
    sources = {r["incident_id"]: dict(r) for r in conn.execute("SELECT * FROM incident_sources")}
    rng = random.Random(7)
    rows, src = [], []
    for i in range(n - len(base)):
        r = dict(base[i % len(base)])
        shift = dt.timedelta(days=rng.randint(-700, 700))
        r["id"] = f"BEN{i + 1}"
        r["event_date"] = (dt.date.fromisoformat(r["event_date"]) + shift).isoformat() if r["event_date"] else None
        r["event_date_end"] = None
        if r["latitude"] is not None:
            r["latitude"] += rng.uniform(-0.5, 0.5)
            r["longitude"] += rng.uniform(-0.5, 0.5)
        r["fatalities_low"] = rng.choice([None, rng.randint(0, 120)])
        rows.append(r)
        s = dict(sources.get(base[i % len(base)]["id"], {}))
        if s:
            s["incident_id"] = r["id"]
            src.append(s)
    cols = list(base[0])
    conn.executemany(f"INSERT INTO incidents ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                     [[r[c] for c in cols] for r in rows])
    if src:
        scols = list(src[0])
        conn.executemany(f"INSERT INTO incident_sources ({', '.join(scols)}) VALUES ({', '.join('?' * len(scols))})",
                         [[s[c] for c in scols] for s in src])
    conn.commit()
    print(f"database: {conn.execute('SELECT COUNT(*) FROM incidents').fetchone()[0]} incidents")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    from tests.web.conftest import LiveServer

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        build(db, args.incidents)
        queries = {
            "default page (50, newest first)": "/api/incidents",
            "sorted by toll": "/api/incidents?sort=fatalities_low&order=desc",
            "filtered (Syria, air strikes, 2016)": "/api/incidents?country=Syria&type=Air/drone%20strike&since=2016-01-01&until=2016-12-31",
            "full text 'barils'": "/api/incidents?q=barils",
            "page 100": "/api/incidents?page=100",
            "map points (all)": "/api/map",
        }
        with LiveServer(db) as server:
            print(f"{'query':40} {'median ms':>10} {'p90 ms':>8} {'items':>6}")
            for name, path in queries.items():
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    body = urllib.request.urlopen(server.url + path).read()
                    times.append((time.perf_counter() - start) * 1000)
                data = json.loads(body)
                items = len(data.get("items", data.get("points", [])))
                times.sort()
                print(f"{name:40} {statistics.median(times):10.1f} {times[int(len(times) * 0.9) - 1]:8.1f} {items:6}")


if __name__ == "__main__":
    main()
