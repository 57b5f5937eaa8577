"""The development-set report (prints numbers and targets; not a test).

Runs the whole pipeline on the re-created development set (`.devset/<lang>.jsonl`, see
../shared/dev/README.md) into a scratch database, scores it against the dev gold with
`vigie eval`'s rules, and prints one table: each measure per part of the set, for the worked
and held-back halves, and in total, beside its target and whether it is met.

Usage: .venv/bin/python bench/devset_report.py [--lang fr] [--db FILE] [--no-run]
       [--errors worked|all|none]

`--errors worked` (the default) also prints the misses, spurious incidents and wrong fields of
the worked half only: the held-back half is read as totals, so that rules are not written to
fit it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SHARED_DEV = ROOT.parent / "shared" / "dev"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--devset", default=str(ROOT / ".devset"), help="folder holding <lang>.jsonl")
    parser.add_argument("--dev", default=str(SHARED_DEV), help="folder holding <lang>/manifest.jsonl and gold.jsonl")
    parser.add_argument("--db", help="database to fill (default: a scratch file, deleted after)")
    parser.add_argument("--no-run", action="store_true", help="score --db as it is, without running the pipeline")
    parser.add_argument("--errors", choices=("worked", "all", "none"), default="worked")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    from vigie.evaluation import load_gold, score
    from vigie.evaluation.devset import WORK_PARTS, details, load_manifest, measure_database, table
    from vigie.evaluation.records import gold_docs, system_docs
    from vigie.export import incident_records
    from vigie.store import connect

    texts = Path(args.devset) / f"{args.lang}.jsonl"
    dev = Path(args.dev) / args.lang
    if not (dev / "manifest.jsonl").exists():
        print(f"no development set at {dev} (../shared/dev beside the checkout)")
        return 2
    manifest = load_manifest(dev / "manifest.jsonl")
    gold = load_gold(dev / "gold.jsonl")
    scratch = None
    if args.db:
        db = Path(args.db)
    else:
        scratch = tempfile.TemporaryDirectory(prefix="vigie-devset-")
        db = Path(scratch.name) / f"dev-{args.lang}.db"
    if not args.no_run:
        if not texts.exists():
            print(f"{texts} is missing: re-create the texts as ../shared/dev/README.md says, then "
                  f"`python3 ../shared/dev/materialize.py build {args.lang}`")
            return 2
        from vigie.runner import run

        started = time.perf_counter()
        summary = run([texts], db, workers=args.workers, release_model=True)
        print(f"pipeline: {summary.counts['read']} documents in {time.perf_counter() - started:.1f} s "
              f"into {db if args.db else 'a scratch database'}")
    with connect(db, create=False) as conn:
        results = measure_database(conn, manifest, gold, args.lang)
        reasons = [f"{r['locator'] or r['source']}: {r['reason']}" for r in
                   conn.execute("SELECT source, locator, reason FROM rejects WHERE severity = 'error' ORDER BY id")]
        system = list(incident_records(conn)) if args.errors != "none" else []
    print(f"development set {args.lang}: {len(manifest)} documents, {sum(1 for g in gold if g.get('scored'))} scored gold incidents")
    for line in table(results, args.lang):
        print(line)
    worked = next((r for r in results if r.name.startswith("worked")), None)
    held = next((r for r in results if r.name.startswith("held")), None)
    if worked and held:
        gap = abs(worked.f1 - held.f1)
        print(f"held-back F1 within 0.05 of the worked half: {'yes' if gap <= 0.05 else 'NO'} (gap {gap:.2f})")
    for line in details(results[-1]):
        print(line)
    for line in reasons:
        print("reject:", line)
    if args.errors != "none":
        parts = WORK_PARTS.get(args.lang, ()) if args.errors == "worked" else None
        ids = {m["id"] for m in manifest if parts is None or m["part"] in parts}
        sub_gold = [g for g in gold if set(gold_docs(g)) & ids]
        sub_system = [s for s in system if set(system_docs(s)) & ids]
        print()
        print(f"errors of the {'worked half' if parts else 'whole set'}:")
        for line in score(sub_system, sub_gold).lines():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
