"""Issue 13's long fuzz run: 10,000 hostile inputs of every kind mixed with valid articles in
every format, through the real `vigie run`, each measure printed beside its target.

    .venv/bin/python bench/fuzz.py --inputs 10000          # make fuzz
    .venv/bin/python bench/fuzz.py --inputs 300 --kinds warc-odd-charset,arc-file
    .venv/bin/python bench/fuzz.py --per-kind              # each kind alone: time and peak RSS

The corpus is written under a temporary folder (``--folder`` to choose it, ``--keep`` to keep
it); the same ``--seed`` writes the same corpus. Exit status 1 when a target is not met. The
quick version of the same harness runs in `make test` (tests/fuzz/test_fuzz_quick.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz.corpus import KINDS, build_corpus, unlock  # noqa: E402
from tests.fuzz.harness import PER_INPUT_SECONDS, run_and_check, run_cli  # noqa: E402


def _split(value: str | None) -> list[str] | None:
    return [v for v in value.split(",") if v] if value else None


def per_kind(folder: Path, seed: int) -> int:
    """Each kind alone (two inputs and the valid inputs beside them): seconds and peak RSS, to
    tell which kind a memory or time figure of the long run comes from."""
    import resource

    print(f"{'kind':40} {'seconds':>8} {'peak MB':>8}  summary")
    for name in sorted(KINDS):
        sub = folder / name
        manifest = build_corpus(sub / "inputs", 2, seed, kinds=[name])
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        child = run_cli(["run", str(manifest.root), "--db", str(sub / "v.db"), "--no-progress", "--workers", "1"], 1800,
                        watch=manifest.root, per_input=PER_INPUT_SECONDS)
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak = f"{child.tree_peak_mb:.0f}" + ("" if after > before else " (<=)")
        first = "hung on " + child.hung_inputs[0] if child.hung_inputs else (child.stdout.splitlines() or [""])[0]
        print(f"{name:40} {child.seconds:8.1f} {peak:>8}  {first[-100:]}", flush=True)
        unlock(sub)
        shutil.rmtree(sub, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="hostile inputs (valid ones come on top)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--workers", type=int, default=1,
                        help="NLP workers of `vigie run` (1: the memory target is for one process)")
    parser.add_argument("--kinds", help="only these kinds, comma-separated")
    parser.add_argument("--exclude", help="leave these kinds out, comma-separated")
    parser.add_argument("--no-timing", action="store_true", help="skip the per-input timing pass")
    parser.add_argument("--folder", type=Path, help="where to write the corpus and the database")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and the database")
    parser.add_argument("--per-kind", action="store_true", help="run each kind alone instead")
    args = parser.parse_args()

    folder = args.folder or Path(tempfile.mkdtemp(prefix="vigie-fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if args.per_kind:
            return per_kind(folder, args.seed)
        started = time.monotonic()
        manifest = build_corpus(folder / "inputs", args.inputs, args.seed, kinds=_split(args.kinds),
                                exclude=_split(args.exclude))
        print(f"corpus written in {time.monotonic() - started:.0f} s: {len(manifest.entries)} inputs, "
              f"{len(manifest.articles)} valid articles, under {manifest.root}", flush=True)
        report = run_and_check(manifest, folder / "vigie.db", workers=args.workers, timing=not args.no_timing)
        print(report.summary())
        print(f"total wall time {time.monotonic() - started:.0f} s")
        return 0 if report.ok else 1
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            unlock(folder)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
