"""Run `vigie run` on a fuzz corpus as a user would, then check every property issue 13 names.

The CLI runs in a subprocess (a crash, a hang or a runaway allocation must not take the
checker with it, and a traceback is only visible in the output of a real process). After it
exits, the database is opened read-only and checked:

* no traceback in any output; exit status 0 (all read) or 1 (something rejected), matching what
  the run recorded; 3 (could not finish) or anything else is a failure;
* no hang: the run ends within a timeout scaled to the corpus; documents the events stage
  stopped short on are "marked" (``documents.extraction_note``) and counted, not failed;
  with ``timing=True`` a second child times ingestion and cleaning of every input (stages
  without a budget of their own) and any over ``budget_seconds`` is "unmarked over budget";
* peak memory: ``ru_maxrss`` of the children (the largest single process, which is all
  ``resource`` can tell) and a sampled sum over the child's process tree (workers included);
* every valid article stored (current) and extracted (at least one mention), and no error
  reject for it;
* every input accounted for: a stored document's source, a reject's source, or under a
  rejected folder (dot names excepted: the walk passes them over by design);
* every reject reason one line, non-empty, without "Traceback";
* nothing poisonous stored: counts within ``vigie.limits``, dates real and plausible, and
  `vigie status` and every export still work on the database;
* a second identical run changes nothing (counts, mention digests, incidents) and reports
  0 new documents and 0 new versions.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.corpus import Manifest


def shown_path(path: str) -> str:
    """A path as Vigie shows it (vigie.ingest.walk.shown)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")

ROOT = Path(__file__).resolve().parents[2]
VIGIE = ROOT / ".venv" / "bin" / "vigie"
PYTHON = ROOT / ".venv" / "bin" / "python"

#: Targets of issue 13's long run.
MAX_PEAK_MB = 1024
#: A reject reason is one line a person reads; past this it is a dump, not a reason. The
#: longest reasons Vigie writes name a file and quote 40 bytes of the input: about 300 chars.
MAX_REASON_CHARS = 1000
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
#: file of the corpus (a feed of 3,000 records) is read in a few seconds, and a page's
#: cleaning budget is 30 s; a file over this is
#: stuck, not slow, and waiting for the whole run's timeout would only hide which one it was.
PER_INPUT_SECONDS = 60.0
#: Kinds the run may hang on (each then set aside whole, and the run resumed without it)
#: before the harness gives up.
MAX_HUNG_KINDS = 10
#: Examples of each failure kept in the report (all are counted).
EXAMPLES = 8


@dataclass
class Child:
    """One finished (or killed) CLI process."""

    argv: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    tree_peak_mb: float = 0.0  # sampled sum over the process tree
    hung_inputs: list[str] = field(default_factory=list)  # files it was stuck on when stopped

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@dataclass
class Report:
    manifest: Manifest
    db: Path
    runs: list[Child] = field(default_factory=list)
    failures: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[str, object] = field(default_factory=dict)
    marked: Counter = field(default_factory=Counter)
    paths: list[str] = field(default_factory=list)  # what `vigie run` was finally given
    hung: set[str] = field(default_factory=set)  # corpus paths left out because the run hung on them

    failing_kinds: dict[str, Counter] = field(default_factory=dict)  # kind -> check -> count

    def fail(self, check: str, problem: str, kind: str | None = None) -> None:
        self.failures.setdefault(check, []).append(problem)
        if kind:
            self.failing_kinds.setdefault(kind, Counter())[check] += 1

    def kind_of(self, source: str) -> str | None:
        """The corpus kind that wrote the path ``source`` (as Vigie shows it)."""
        if not hasattr(self, "_kinds_by_path"):
            self._kinds_by_path = {e.shown: e.kind for e in self.manifest.entries}
        if source in self._kinds_by_path:
            return self._kinds_by_path[source]
        return next((k for p, k in self._kinds_by_path.items() if source.startswith(p + "/")), None)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        n = self.numbers
        lines = [f"fuzz corpus: {n.get('inputs')} inputs ({n.get('hostile')} hostile, {n.get('kinds')} kinds), "
                 f"{n.get('articles')} valid articles, seed {self.manifest.seed}"]
        rows = [
            ("tracebacks", n.get("tracebacks"), "0"),
            ("exit status", n.get("exit_status"), "0 or 1, as recorded"),
            ("hangs (inputs or runs stopped)", n.get("hangs"), "0"),
            ("unmarked over budget", n.get("unmarked_over_budget"), "0"),
            ("valid articles lost", n.get("valid_lost"), "0"),
            ("inputs unaccounted for", n.get("unaccounted"), "0"),
            ("rejects not one line, or flooding", n.get("bad_reasons"), "0"),
            ("poisoned values / failing readers", n.get("poison"), "0"),
            ("second run changes", n.get("second_run_changes"), "0"),
            ("peak RSS MB (largest process)", n.get("peak_rss_mb"), f"< {MAX_PEAK_MB}"),
            ("peak RSS MB (process tree, sampled)", n.get("tree_peak_mb"), f"< {MAX_PEAK_MB}"),
        ]
        for name, value, target in rows:
            met = "NOT MET" if self._failed_for(name) else "met" if value is not None else "not judged"
            lines.append(f"  {name:38} {value!s:>10}   target {target:22} {met}")
        lines.append(f"  documents marked by the events stage: {sum(self.marked.values())}"
                     + "".join(f"\n    {c} x {r}" for r, c in self.marked.most_common(6)))
        if "slowest_input_s" in n:
            lines.append(f"  timing pass ({n.get('timing_pass_s')} s): slowest item {n['slowest_input_s']} s to read or clean, "
                         f"{n.get('stopped_by_clean_budget')} stopped by the cleaning budget")
        lines.append(f"  wall time: first run {n.get('first_run_s')} s, second run {n.get('second_run_s')} s, "
                     f"total {n.get('wall_s')} s")
        for note in self.manifest.notes:
            lines.append(f"  note: {note}")
        for check, problems in self.failures.items():
            lines.append(f"FAILED {check}: {len(problems)}")
            lines += [f"    {p}" for p in problems[:EXAMPLES]]
        if self.failing_kinds:
            lines.append("failing kinds:")
            for kind, checks in sorted(self.failing_kinds.items()):
                lines.append(f"    {kind}: " + ", ".join(f"{c} x{n}" for c, n in checks.items()))
        return "\n".join(lines)

    def _failed_for(self, row: str) -> bool:
        key = {"tracebacks": "traceback", "exit status": "exit status", "hangs (inputs or runs stopped)": "hang",
               "unmarked over budget": "over budget", "valid articles lost": "valid article lost",
               "inputs unaccounted for": "unaccounted", "rejects not one line, or flooding": "reject reason",
               "poisoned values / failing readers": "poison", "second run changes": "second run",
               "peak RSS MB (largest process)": "memory", "peak RSS MB (process tree, sampled)": "memory"}[row]
        return key in self.failures


# -- running ---------------------------------------------------------------------------------

def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total / 1024


def _open_files(pids: list[int], under: str) -> set[str]:
    """Files under ``under`` that the processes hold open (what they are reading)."""
    found = set()
    for p in pids:
        try:
            fds = os.listdir(f"/proc/{p}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{p}/fd/{fd}")
            except OSError:
                continue
            if target.startswith(under):
                found.add(target)
    return found


def run_cli(args: list[str], timeout: float, env: dict | None = None, *, watch: Path | None = None,
            per_input: float = 0.0) -> Child:
    """Run ``vigie ARGS`` with a timeout; on timeout, Ctrl-C first (the run records itself as
    interrupted), then kill. Samples the tree's memory every quarter second.

    With ``watch`` (the corpus folder), an input file held open for more than ``per_input``
    seconds is a hang on that input: the run is stopped at once and ``Child.hung_inputs`` names
    the file. (Vigie holds a file open while it reads and cleans its records, and no longer.)
    """
    argv = [str(VIGIE), *args]
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    peak = [0.0]
    hung: list[str] = []
    done = threading.Event()
    under = os.path.realpath(watch) + os.sep if watch else None

    def stop():
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def sample():
        opened: dict[str, float] = {}
        tick = 0
        while not done.wait(0.25):
            pids = _descendants(proc.pid)
            peak[0] = max(peak[0], _rss_mb(pids))
            tick += 1
            if under is None or tick % 4:
                continue
            now = time.monotonic()
            held = _open_files(pids, under)
            opened = {f: opened.get(f, now) for f in held}
            stuck = sorted(f for f, since in opened.items() if now - since > per_input)
            if stuck:
                hung.extend(stuck)
                stop()
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        stop()
        out, err = proc.communicate()
    finally:
        done.set()
        sampler.join()
    return Child(argv, proc.returncode, out.decode("utf-8", "backslashreplace"), err.decode("utf-8", "backslashreplace"),
                 round(time.monotonic() - start, 1), timed_out or bool(hung), round(peak[0], 1), hung)


def timeout_for(manifest: Manifest) -> float:
    return BASE_TIMEOUT + TIMEOUT_PER_INPUT * (len(manifest.entries) + len(manifest.articles))


# -- the timing pass -------------------------------------------------------------------------

_TIMING_SCRIPT = r"""
import json, sys, time
from vigie.ingest import iter_inputs
from vigie.model import SourceRecord
from vigie import runner
try:
    from vigie.budget import BudgetExceeded, time_budget
except ImportError:  # a release without the cleaning budget
    import contextlib
    BudgetExceeded, time_budget = (), lambda seconds: contextlib.nullcontext()
budget = getattr(runner, "CLEAN_BUDGET_SECONDS", 0)
items = iter_inputs(sys.argv[1:])
while True:
    t = time.monotonic()
    try:
        item = next(items)
    except StopIteration:
        break
    ingest = time.monotonic() - t
    clean, stopped = 0.0, False
    if isinstance(item, SourceRecord):
        print(json.dumps({"start": item.source, "locator": item.locator}), flush=True)
        t = time.monotonic()
        try:
            with time_budget(budget):
                runner.process_record(item)
        except BudgetExceeded:
            stopped = True
        except Exception:
            pass  # what fails here is the main run's to report; only the time matters
        clean = time.monotonic() - t
    print(json.dumps({"source": item.source, "locator": item.locator, "ingest": ingest, "clean": clean,
                      "stopped": stopped, "budget": budget}), flush=True)
"""


def time_inputs(paths: list[str], timeout: float) -> tuple[list[dict], str | None]:
    """Per item, the seconds its ingestion (reading up to it) and its cleaning took, in a child
    process; and, when the child hung, the record it was cleaning."""
    proc = subprocess.Popen([str(PYTHON), "-c", _TIMING_SCRIPT, *paths], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        hung = None
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        hung = "the timing pass itself timed out"
    rows = [json.loads(line) for line in out.decode("utf-8", "replace").splitlines() if line.startswith("{")]
    if hung and rows and "start" in rows[-1]:
        hung = f"cleaning {rows[-1]['start']}:{rows[-1]['locator']} never finished"
    return [r for r in rows if "source" in r], hung


# -- checking --------------------------------------------------------------------------------

def _connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def snapshot(db: Path, doc_ids: set[str] | None = None) -> dict:
    """What a second run must leave as it is (optionally for some documents only)."""
    conn = _connect(db)
    try:
        docs = conn.execute("SELECT key, id, version, is_current, content_hash FROM documents").fetchall()
        keep = {d["key"] for d in docs if doc_ids is None or d["id"] in doc_ids}
        mentions = sorted((m["doc_id"], m["seq"], m["digest"] or "") for m in conn.execute(
            "SELECT doc_key, doc_id, seq, digest FROM mentions") if m["doc_key"] in keep)
        out = {
            "documents": sorted(tuple(d) for d in docs if d["key"] in keep),
            "mentions": mentions,
        }
        if doc_ids is None:
            out["incidents"] = sorted(tuple(r) for r in conn.execute(
                "SELECT id, event_date, location, fatalities_low, fatalities_best, fatalities_high FROM incidents"))
        return out
    finally:
        conn.close()


_NEW = re.compile(r"documents read: (\d+) new, (\d+) new versions")


def check_run_child(report: Report, child: Child, label: str) -> None:
    """No traceback, an exit status the documentation allows and the run's record agrees with."""
    if "Traceback" in child.output:
        at = child.output.index("Traceback")
        report.fail("traceback", f"{label}: {child.output[at:at + 300]!r}")
    if child.timed_out:
        report.fail("hang", f"{label}: still running after {child.seconds} s (interrupted)")
        return
    if child.returncode not in (0, 1):
        tail = (child.stderr.strip().splitlines() or ["(no output)"])[-1]
        report.fail("exit status", f"{label}: exit status {child.returncode}: {tail[:300]}")
        return
    conn = _connect(report.db)
    try:
        run = conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    expected = 1 if run["n_rejected"] else 0
    if run["status"] not in ("ok", "rejects") or child.returncode != expected:
        report.fail("exit status", f"{label}: exit {child.returncode} but the run recorded status {run['status']!r} "
                                   f"with {run['n_rejected']} rejected")


def check_articles(report: Report, conn: sqlite3.Connection) -> None:
    errors = {(r["source"], r["locator"]): r["reason"] for r in conn.execute(
        "SELECT source, locator, reason FROM rejects WHERE severity = 'error'")}
    lost = 0
    unjudged = {a for e in report.manifest.entries if e.path in report.hung for a in e.articles}
    for doc_id in report.manifest.articles:
        if doc_id in unjudged:
            continue  # its input hung: failed as a hang, and never read to the end
        doc = conn.execute("SELECT key, source, locator, extraction_note FROM documents WHERE id = ? AND is_current = 1",
                           (doc_id,)).fetchone()
        if doc is None:
            lost += 1
            holder = next((e for e in report.manifest.entries if doc_id in e.articles), None)
            why = next((r for (s, _), r in errors.items() if holder and s == holder.shown), "no reject")
            report.fail("valid article lost", f"{doc_id!r} not stored ({holder.kind if holder else '?'} "
                                              f"{holder.shown if holder else ''}: {why})", holder and holder.kind)
            continue
        n = conn.execute("SELECT COUNT(*) FROM mentions WHERE doc_key = ?", (doc["key"],)).fetchone()[0]
        if n == 0:
            lost += 1
            holder = next((e for e in report.manifest.entries if doc_id in e.articles), None)
            report.fail("valid article lost", f"{doc_id!r} stored without a mention ({holder.kind if holder else '?'}; "
                                              f"note: {doc['extraction_note']})", holder and holder.kind)
        elif (doc["source"], doc["locator"]) in errors:
            lost += 1
            report.fail("valid article lost", f"{doc_id!r} stored and rejected: {errors[(doc['source'], doc['locator'])]}",
                        report.kind_of(doc["source"]))
    report.numbers["valid_lost"] = lost


def check_accounting(report: Report, conn: sqlite3.Connection) -> None:
    sources = {r[0] for r in conn.execute("SELECT DISTINCT source FROM documents")}
    rejected = {r[0] for r in conn.execute("SELECT DISTINCT source FROM rejects")}
    unaccounted = 0
    for entry in report.manifest.entries:
        if entry.hidden or entry.walked or entry.path in report.hung:
            continue  # passed over by design; searched, its files answer for it; failed as a hang
        shown = entry.shown
        if shown in sources or shown in rejected:
            continue
        if any(shown.startswith(r.rstrip("/") + "/") for r in rejected):
            continue
        unaccounted += 1
        report.fail("unaccounted", f"{entry.kind}: {shown!r} is neither stored nor rejected"
                                   + (f" ({entry.note})" if entry.note else ""), entry.kind)
    report.numbers["unaccounted"] = unaccounted


def check_reasons(report: Report, conn: sqlite3.Connection) -> None:
    from vigie.ingest.files import MAX_REJECTS_PER_FILE

    # "A file that goes wrong in a thousand ways is reported a hundred times, not a million"
    # (vigie.ingest.files): ingestion lists MAX_REJECTS_PER_FILE per severity and counts the
    # rest in one line; twice that leaves room for what later stages add about the same file.
    flood = 2 * MAX_REJECTS_PER_FILE + 2
    bad = 0
    for r in conn.execute("SELECT source, severity, COUNT(*) AS n, MIN(reason) AS reason FROM rejects "
                          "GROUP BY source, severity HAVING COUNT(*) > ?", (flood,)):
        report.fail("reject reason", f"{r['source']}: {r['n']} {r['severity']} rejects listed one by one "
                                     f"(over {flood}), e.g. {r['reason'][:100]!r}", report.kind_of(r["source"]))
        bad += 1
    for r in conn.execute("SELECT source, locator, severity, reason FROM rejects"):
        reason = r["reason"]
        # one line as Python reads lines: no \n, \r, \x85, \u2028... (str.splitlines)
        if not reason.strip() or reason.splitlines() != [reason] or "Traceback" in reason or len(reason) > MAX_REASON_CHARS:
            bad += 1
            report.fail("reject reason", f"{r['source']}:{r['locator']}: {reason[:200]!r}", report.kind_of(r["source"]))
    report.numbers["bad_reasons"] = bad


def check_poison(report: Report, conn: sqlite3.Connection) -> None:
    from vigie.limits import MAX_COUNT, iso_day

    bad = 0
    for r in conn.execute("SELECT id, event_date, event_date_end, fatalities_low, fatalities_best, fatalities_high, "
                          "civilian_fatalities_low, latitude, longitude FROM incidents"):
        for name in ("fatalities_low", "fatalities_best", "fatalities_high", "civilian_fatalities_low"):
            v = r[name]
            if v is not None and not (isinstance(v, int) and 0 <= v <= MAX_COUNT):
                bad += 1
                report.fail("poison", f"incident {r['id']}: {name} = {v!r}")
        for name in ("event_date", "event_date_end"):
            if r[name] is not None and iso_day(r[name]) is None:
                bad += 1
                report.fail("poison", f"incident {r['id']}: {name} = {r[name]!r}")
    for r in conn.execute("SELECT id, source, published FROM documents WHERE published IS NOT NULL"):
        if iso_day(r["published"]) is None:
            bad += 1
            report.fail("poison", f"document {r['id']!r}: published = {r['published']!r}", report.kind_of(r["source"]))
    for r in conn.execute("SELECT id, payload FROM mentions"):
        try:
            payload = json.loads(r["payload"])
        except ValueError:
            bad += 1
            report.fail("poison", f"mention {r['id']}: payload is not JSON")
            continue
        for fig in payload.get("figures") or []:
            v = fig.get("value", fig.get("n")) if isinstance(fig, dict) else None
            if v is not None and not (isinstance(v, int) and 0 <= v <= MAX_COUNT):
                bad += 1
                report.fail("poison", f"mention {r['id']}: figure {v!r}")
    report.numbers["poison"] = bad


def check_readers(report: Report) -> None:
    """The database still serves: status, the table and every export run cleanly on it, and
    the exports agree with each other (a value that broke one format's writer, or a quote
    that split a CSV row, would show as a different count)."""
    out = report.db.parent / "exports"
    out.mkdir(exist_ok=True)
    commands = [["status"], ["incidents", "--width", "120"],
                ["export", "documents", "--format", "jsonl", "-o", str(out / "documents.jsonl")]]
    for fmt in ("jsonl", "csv", "geojson", "parquet"):
        commands.append(["export", "incidents", "--format", fmt, "-o", str(out / f"incidents.{fmt}")])
    ok = True
    for args in commands:
        child = run_cli([*args, "--db", str(report.db)], timeout=600)
        if child.returncode != 0 or "Traceback" in child.output:
            ok = False
            report.numbers["poison"] = int(report.numbers.get("poison") or 0) + 1
            tail = (child.output.strip().splitlines() or [""])[-1]
            report.fail("poison", f"vigie {' '.join(args[:3])}: exit {child.returncode}: {tail[:300]}")
    if not ok:
        return
    try:
        counts = _export_counts(out)
    except Exception as exc:  # noqa: BLE001 - an export that does not read back is the finding
        counts = {"unreadable": f"{type(exc).__name__}: {exc}".splitlines()[0]}
    conn = _connect(report.db)
    try:
        documents = conn.execute("SELECT COUNT(*) FROM documents WHERE is_current = 1").fetchone()[0]
    finally:
        conn.close()
    n = counts.get("jsonl")
    if "unreadable" in counts or counts["csv"] != n or counts["parquet"] != n or counts["geojson"] > n \
            or counts["documents"] != documents:
        report.numbers["poison"] = int(report.numbers.get("poison") or 0) + 1
        report.fail("poison", f"exports disagree: {counts} ({documents} current documents)")


def _export_counts(out: Path) -> dict:
    import csv

    def lines(path: Path) -> int:
        with path.open(encoding="utf-8") as fh:
            return sum(1 for line in fh if json.loads(line) is not None)

    with (out / "incidents.csv").open(encoding="utf-8", newline="") as fh:
        csv_rows = sum(1 for _ in csv.DictReader(fh))
    import pyarrow.parquet as pq

    return {
        "jsonl": lines(out / "incidents.jsonl"), "csv": csv_rows,
        "geojson": len(json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"]),
        "parquet": pq.read_metadata(out / "incidents.parquet").num_rows,
        "documents": lines(out / "documents.jsonl"),
    }


def check_second_run(report: Report, before: dict, after: dict, child: Child) -> None:
    changes = 0
    for key in before:
        if before[key] != after[key]:
            changes += 1
            gone = [x for x in before[key] if x not in set(after[key])][:3]
            new = [x for x in after[key] if x not in set(before[key])][:3]
            report.fail("second run", f"{key}: {len(before[key])} -> {len(after[key])} rows; gone {gone}, new {new}")
    m = _NEW.search(child.stdout)
    if not m or m.groups() != ("0", "0"):
        changes += 1
        report.fail("second run", f"summary says {m.group(0) if m else child.stdout[:200]!r}, not 0 new and 0 new versions")
        conn = _connect(report.db)
        try:  # the likely cause: ids stored in several versions, flipped back and forth
            for r in conn.execute("SELECT id, COUNT(*) AS n, MIN(source) AS source FROM documents GROUP BY id "
                                  "HAVING COUNT(*) > 1 LIMIT 1000"):
                report.fail("second run", f"id {r['id']!r} has {r['n']} versions (read from {r['source']})",
                            report.kind_of(r["source"]))
        finally:
            conn.close()
    report.numbers["second_run_changes"] = changes


def _last_written(db: Path) -> tuple[str, str | None]:
    """What a run that was stopped wrote last (it commits in batches: the input it was stuck on
    comes after), and that input's path."""
    conn = _connect(db)
    try:
        doc = conn.execute("SELECT source, locator FROM documents ORDER BY key DESC LIMIT 1").fetchone()
        rej = conn.execute("SELECT source, locator, reason FROM rejects ORDER BY id DESC LIMIT 1").fetchone()
        n_rej = conn.execute("SELECT COUNT(*) FROM rejects WHERE source = ?", (rej[0],)).fetchone()[0] if rej else 0
    finally:
        conn.close()
    parts = []
    if doc:
        parts.append(f"document from {doc[0]}:{doc[1]}")
    if rej:
        parts.append(f"reject of {rej[0]}:{rej[1]} ({rej[2][:80]}; {n_rej} rejects of that file)")
    return "; ".join(parts) or "nothing", rej[0] if rej else (doc[0] if doc else None)


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
        last, source = _last_written(Path(db))
        report.fail("hang", "last written before the kill: " + last, source and report.kind_of(source))
        n["tracebacks"] = sum("Traceback" in c.output for c in report.runs)
        n["exit_status"] = str(first.returncode)
        n["wall_s"] = round(time.monotonic() - started, 1)
        return report
    conn = _connect(Path(db))
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


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.fuzz.harness FOLDER DB [N_HOSTILE [SEED]]``: build, run, print."""
    from tests.fuzz.corpus import build_corpus

    args = argv if argv is not None else sys.argv[1:]
    folder, db = Path(args[0]), Path(args[1])
    n, seed = (int(args[2]) if len(args) > 2 else 300), (int(args[3]) if len(args) > 3 else 13)
    report = run_and_check(build_corpus(folder, n, seed), db)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
