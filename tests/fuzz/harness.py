"""Run `vigie run` on a fuzz corpus as a user would, then check every property issue 13 names.

The CLI runs in a subprocess (a crash, a hang or a runaway allocation must not take the
checker with it, and a traceback is only visible in the output of a real process). After it
exits, the database is opened read-only and checked:

* no traceback in any output; exit status 0 (all read) or 1 (something rejected), matching what
  the run recorded; 3 (could not finish) or anything else is a failure;
* no hang: an input file the run holds open for over PER_INPUT_SECONDS stops the run as hung on
  it (the run is then resumed without that kind, so that one hang hides nothing else), and the
  whole run has a timeout scaled to the corpus; documents the events stage stopped short on
  are "marked" (``documents.extraction_note``) and counted, not failed; with ``timing=True`` a
  second child times the reading and cleaning of every item, and one over its budget that the
  budget did not stop is "unmarked over budget";
* peak memory: ``ru_maxrss`` of the children (the largest single process, which is all
  ``resource`` can tell) and a sampled sum over the child's process tree (workers included);
* every valid article stored (current) and extracted (at least one mention), and no error
  reject for it;
* every input accounted for: a stored document's source, a reject's source, or under a
  rejected folder (dot names excepted: the walk passes them over by design);
* every reject reason one line (as ``str.splitlines`` reads lines), non-empty, without
  "Traceback", and no file's rejects listed one by one by the thousand;
* nothing poisonous stored: counts within ``vigie.limits``, dates real and plausible; `vigie
  status`, the table and every export still work on the database, and the exports agree;
* a second identical run changes nothing (counts, mention digests, incidents) and reports
  0 new documents and 0 new versions.
"""

from __future__ import annotations

import os
import re
import resource
import time
from pathlib import Path

from tests.fuzz.checks import (
    MAX_PEAK_MB, Report, check_accounting, check_articles, check_poison, check_readers, check_reasons, check_run_child,
    check_second_run, connect_ro, last_written, snapshot,
)
from tests.fuzz.running import run_cli, time_inputs
from tests.fuzz.writer import Manifest

__all__ = ["PER_INPUT_SECONDS", "Report", "run_and_check", "run_cli", "snapshot", "timeout_for"]

#: Seconds the run may take: model loading and the global steps, then per input or article.
#: Measured: about 0.12 s per input and article of the mixed corpus on this 2-core machine
#: with one worker; two and a half times that is slow, not hung.
BASE_TIMEOUT = 120.0
TIMEOUT_PER_INPUT = 0.3
#: What reading one item may cost (ingestion has no budget of its own): the events stage's
#: budget (vigie.parallel.EVENTS_BUDGET_SECONDS). Cleaning has the runner's budget.
BUDGET_SECONDS = 20.0
#: How late a budget may stop a document and still count as keeping it: one slow C call.
BUDGET_GRACE_SECONDS = 5.0
#: Seconds one input file may stay open before the run is stopped as hung on it: the slowest
#: file of the corpus (a feed of 3,000 records) is read in a few seconds, and a page's cleaning
#: budget is 30 s; a file open longer is stuck, not slow, and waiting for the whole run's
#: timeout would only hide which one it was.
PER_INPUT_SECONDS = 60.0
#: Kinds the run may hang on (each then set aside whole, and the run resumed without it)
#: before the harness gives up.
MAX_HUNG_KINDS = 10


def shown_path(path: str) -> str:
    """A path as Vigie shows it (vigie.ingest.walk.shown)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def timeout_for(manifest: Manifest) -> float:
    return BASE_TIMEOUT + TIMEOUT_PER_INPUT * (len(manifest.entries) + len(manifest.articles))


def _paths_without(root: Path, hung: set[str]) -> list[str]:
    """The corpus as the paths to give `vigie run`, the hung inputs left out: the folder itself
    when nothing is, else its sub-folders, opened up only along the way to a hung file."""
    if not hung:
        return [str(root)]
    out: list[str] = []

    def visit(folder: str) -> None:
        for name in sorted(os.listdir(folder)):
            if name.startswith("."):
                continue  # the walk passes dot names over; given by name they would be read
            path = os.path.join(folder, name)
            if os.path.realpath(path) in hung:
                continue
            if os.path.isdir(path) and not os.path.islink(path) and any(h.startswith(os.path.realpath(path) + os.sep) for h in hung):
                visit(path)
            else:
                out.append(path)

    visit(str(root))
    return out


def run_and_check(manifest: Manifest, db: Path, *, workers: int = 1, timing: bool = False,
                  timeout: float | None = None) -> Report:
    """The whole harness on a corpus already written: the run, every check, a second run.

    An input the run hangs on is a failure of its own; the run is then resumed without it
    (up to MAX_HUNG_INPUTS times), so that one hang does not hide every other finding. The
    paths finally given are ``report.paths``.
    """
    started = time.monotonic()
    report = Report(manifest, Path(db))
    timeout = timeout or timeout_for(manifest)
    n = report.numbers
    n.update(inputs=len(manifest.entries), hostile=len(manifest.hostile), articles=len(manifest.articles),
             kinds=len({e.kind for e in manifest.hostile}), hangs=0)
    hung: set[str] = set()
    hung_kinds: set[str | None] = set()
    options = ["--db", str(db), "--no-progress", "--workers", str(workers)]
    rss_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    spent, tree_peak = 0.0, 0.0
    while True:
        report.paths = _paths_without(manifest.root, hung)
        first = run_cli(["run", *report.paths, *options], timeout - spent, watch=manifest.root,
                        per_input=PER_INPUT_SECONDS)
        spent += first.seconds
        tree_peak = max(tree_peak, first.tree_peak_mb)
        report.runs.append(first)
        if not first.hung_inputs:
            break
        for path in first.hung_inputs:
            n["hangs"] += 1
            kind = report.kind_of(shown_path(path))
            # The other inputs of that kind would most likely hang as well: they are set aside
            # with it (unjudged), so that one hanging kind costs one stop, not one per input.
            same = {os.path.realpath(e.path) for e in manifest.entries if kind and e.kind == kind}
            report.fail("hang", f"{path}: open for over {PER_INPUT_SECONDS:.0f} s; the run was stopped and resumed "
                                f"without the {len(same)} inputs of kind {kind}", kind)
            hung |= {path} | same
            hung_kinds.add(kind)
        if len(hung_kinds) > MAX_HUNG_KINDS or spent >= timeout:
            break
    rss_after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    n["first_run_s"] = round(spent, 1)
    report.hung = {e.path for e in manifest.entries if os.path.realpath(e.path) in hung}
    # ru_maxrss covers every child this process ever waited for: when the run did not raise it,
    # the largest earlier child is an upper bound of the run's own peak.
    n["peak_rss_mb"] = round(max(rss_after, rss_before) / 1024, 1)
    n["tree_peak_mb"] = tree_peak
    check_run_child(report, first, "first run")
    if not Path(db).exists():
        report.fail("exit status", "the first run left no database")
        n["wall_s"] = round(time.monotonic() - started, 1)
        return report
    if first.timed_out:
        # What was committed shows how far it got; the checks below would only list everything
        # after that point as lost, so they are not judged on a run that did not finish.
        n["hangs"] += 1
        last, source = last_written(Path(db))
        report.fail("hang", "last written before the kill: " + last, source and report.kind_of(source))
        n["tracebacks"] = sum("Traceback" in c.output for c in report.runs)
        n["exit_status"] = str(first.returncode)
        n["wall_s"] = round(time.monotonic() - started, 1)
        return report
    conn = connect_ro(Path(db))
    try:
        for r in conn.execute("SELECT extraction_note FROM documents WHERE extraction_note IS NOT NULL"):
            report.marked[re.sub(r"\d+(\.\d+)?", "N", r[0])[:120]] += 1
        check_articles(report, conn)
        check_accounting(report, conn)
        check_reasons(report, conn)
        check_poison(report, conn)
    finally:
        conn.close()
    check_readers(report)
    if n["peak_rss_mb"] >= MAX_PEAK_MB or first.tree_peak_mb >= MAX_PEAK_MB:
        report.fail("memory", f"peak RSS {n['peak_rss_mb']} MB (largest process), {first.tree_peak_mb} MB (tree)")
    n["unmarked_over_budget"] = 0
    if timing:
        t = time.monotonic()
        rows, hung_timing = time_inputs(report.paths, timeout)
        n["timing_pass_s"] = round(time.monotonic() - t, 1)
        # Over budget and unmarked: reading one item (ingestion has no budget of its own) over
        # BUDGET_SECONDS, or cleaning over the runner's cleaning budget without being stopped by
        # it in time (the budget interrupts between Python instructions, so a long C call
        # outlives it); one the budget stopped is marked by the run.
        slow = [r for r in rows if r["ingest"] > BUDGET_SECONDS or (
            r["clean"] > (r["budget"] or BUDGET_SECONDS) + BUDGET_GRACE_SECONDS)]
        for r in slow:
            report.fail("over budget", f"{r['source']}:{r['locator']}: ingest {r['ingest']:.1f} s, clean {r['clean']:.1f} s"
                        + (" (stopped late by the cleaning budget)" if r["stopped"] else ""), report.kind_of(r["source"]))
        n["stopped_by_clean_budget"] = sum(r["stopped"] for r in rows)
        if hung_timing:
            report.fail("over budget", hung_timing)
        n["unmarked_over_budget"] = len(slow) + bool(hung_timing)
        n["slowest_input_s"] = round(max((max(r["ingest"], r["clean"]) for r in rows), default=0.0), 2)
    if not first.timed_out:
        before = snapshot(Path(db))
        second = run_cli(["run", *report.paths, *options], timeout, watch=manifest.root, per_input=PER_INPUT_SECONDS)
        report.runs.append(second)
        n["second_run_s"] = second.seconds
        check_run_child(report, second, "second run")
        check_second_run(report, before, snapshot(Path(db)), second)
        n["hangs"] += int(second.timed_out)
    n["tracebacks"] = sum("Traceback" in c.output for c in report.runs)
    n["exit_status"] = "/".join(str(c.returncode) for c in report.runs)
    n["wall_s"] = round(time.monotonic() - started, 1)
    return report
