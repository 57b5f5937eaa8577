"""The properties issue 13 asks of a fuzz run, checked on the database and the output it left,
and the report that collects what failed (with the corpus kind behind each failure)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.running import Child, run_cli
from tests.fuzz.writer import Manifest

#: Targets of issue 13's long run.
MAX_PEAK_MB = 1024
#: A reject reason is one line a person reads; past this it is a dump, not a reason. The
#: longest reasons Vigie writes name a file and quote 40 bytes of the input: about 300 chars.
MAX_REASON_CHARS = 1000
#: Examples of each failure kept in the report (all are counted).
EXAMPLES = 8


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
    _kinds_by_path: dict[str, str] = field(default_factory=dict, repr=False)

    def fail(self, check: str, problem: str, kind: str | None = None) -> None:
        self.failures.setdefault(check, []).append(problem)
        if kind:
            self.failing_kinds.setdefault(kind, Counter())[check] += 1

    def kind_of(self, source: str) -> str | None:
        """The corpus kind that wrote the path ``source`` (as Vigie shows it)."""
        if not self._kinds_by_path:
            self._kinds_by_path = {e.shown: e.kind for e in self.manifest.entries}
        if source in self._kinds_by_path:
            return self._kinds_by_path[source]
        return next((self._kinds_by_path[f] for f in _folders_of(source) if f in self._kinds_by_path), None)

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


def connect_ro(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def snapshot(db: Path, doc_ids: set[str] | None = None) -> dict:
    """What a second run must leave as it is (optionally for some documents only)."""
    conn = connect_ro(db)
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
    conn = connect_ro(report.db)
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
    first_error = {}
    for (source, _), reason in errors.items():
        first_error.setdefault(source, reason)
    holders = {a: e for e in report.manifest.entries for a in e.articles}
    lost = 0
    unjudged = {a for e in report.manifest.entries if e.path in report.hung for a in e.articles}
    for doc_id in report.manifest.articles:
        if doc_id in unjudged:
            continue  # its input hung: failed as a hang, and never read to the end
        doc = conn.execute("SELECT key, source, locator, extraction_note FROM documents WHERE id = ? AND is_current = 1",
                           (doc_id,)).fetchone()
        if doc is None:
            lost += 1
            holder = holders.get(doc_id)
            why = first_error.get(holder.shown, "no reject") if holder else "no reject"
            report.fail("valid article lost", f"{doc_id!r} not stored ({holder.kind if holder else '?'} "
                                              f"{holder.shown if holder else ''}: {why})", holder and holder.kind)
            continue
        n = conn.execute("SELECT COUNT(*) FROM mentions WHERE doc_key = ?", (doc["key"],)).fetchone()[0]
        if n == 0:
            lost += 1
            holder = holders.get(doc_id)
            report.fail("valid article lost", f"{doc_id!r} stored without a mention ({holder.kind if holder else '?'}; "
                                              f"note: {doc['extraction_note']})", holder and holder.kind)
        elif (doc["source"], doc["locator"]) in errors:
            lost += 1
            report.fail("valid article lost", f"{doc_id!r} stored and rejected: {errors[(doc['source'], doc['locator'])]}",
                        report.kind_of(doc["source"]))
    report.numbers["valid_lost"] = lost


def _folders_of(path: str):
    """Every folder ``path`` lies under, nearest first."""
    while "/" in path.rstrip("/"):
        path = path.rstrip("/").rsplit("/", 1)[0]
        if path:
            yield path


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
        if any(folder in rejected for folder in _folders_of(shown)):
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
    conn = connect_ro(report.db)
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
            was, now = set(before[key]), set(after[key])
            gone = [x for x in before[key] if x not in now][:3]
            new = [x for x in after[key] if x not in was][:3]
            report.fail("second run", f"{key}: {len(before[key])} -> {len(after[key])} rows; gone {gone}, new {new}")
    m = _NEW.search(child.stdout)
    if not m or m.groups() != ("0", "0"):
        changes += 1
        report.fail("second run", f"summary says {m.group(0) if m else child.stdout[:200]!r}, not 0 new and 0 new versions")
        conn = connect_ro(report.db)
        try:  # the likely cause: ids stored in several versions, flipped back and forth
            for r in conn.execute("SELECT id, COUNT(*) AS n, MIN(source) AS source FROM documents GROUP BY id "
                                  "HAVING COUNT(*) > 1 LIMIT 1000"):
                report.fail("second run", f"id {r['id']!r} has {r['n']} versions (read from {r['source']})",
                            report.kind_of(r["source"]))
        finally:
            conn.close()
    report.numbers["second_run_changes"] = changes


def last_written(db: Path) -> tuple[str, str | None]:
    """What a run that was stopped wrote last (it commits in batches: the input it was stuck on
    comes after), and that input's path."""
    conn = connect_ro(db)
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
