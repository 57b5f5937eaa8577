"""Human-readable reports: the run summary, the database status, one document."""

from __future__ import annotations

import json
import sqlite3

from vigie.runner import RunSummary


def run_summary_lines(summary: RunSummary, db: str) -> list[str]:
    c = summary.counts
    lines = [
        f"run {summary.run_id} into {db}: {c['read']} documents read: {c['new']} new, "
        f"{c['versions']} new versions, {c['unchanged']} unchanged; "
        f"{c['rejected']} rejected, {c['warnings']} warnings, {c['skipped']} skipped",
        f"dedup: {summary.dedup.get('groups', 0)} groups of copies covering "
        f"{summary.dedup.get('grouped_documents', 0)} documents",
        f"events: {c['extracted']} documents read for events, {c['incidents']} incidents in the database "
        f"({c['linked']} told by several outlets), {c['stories']} stories",
    ]
    if summary.languages_without_pack:
        lines.append("not read for events (no language pack): " + ", ".join(
            f"{n} in '{lang}'" for lang, n in sorted(summary.languages_without_pack.items())))
    lines += [f"  {r.line()}" for r in summary.rejects]
    return lines


def status(conn: sqlite3.Connection, last_runs: int = 5) -> dict:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": one("SELECT COUNT(*) FROM documents WHERE is_current = 1"),
        "versions": one("SELECT COUNT(*) FROM documents"),
        "dated": one("SELECT COUNT(*) FROM documents WHERE is_current = 1 AND published IS NOT NULL"),
        "groups": one(
            "SELECT COUNT(*) FROM (SELECT dedup_group FROM documents WHERE is_current = 1 "
            "GROUP BY dedup_group HAVING COUNT(*) > 1) AS g"
        ),
        "rejects": {
            row[0]: row[1]
            for row in conn.execute("SELECT severity, COUNT(*) FROM rejects GROUP BY severity")
        },
        "recent_rejects": [
            f"{r['severity']}: {r['source']}{':' + r['locator'] if r['locator'] else ''}: {r['reason']}"
            for r in conn.execute("SELECT * FROM rejects ORDER BY id DESC LIMIT 10")
        ],
        "runs": [
            _shown(dict(r))
            for r in conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (last_runs,))
        ],
    }


def _shown(run: dict) -> dict:
    """A run still marked 'running' whose process is gone was interrupted: say so."""
    from vigie.store.documents import run_alive

    if run["status"] == "running" and not run_alive(run.get("pid"), run.get("host")):
        run["status"] = "interrupted"
        run["note"] = run.get("note") or "its process ended before the run finished (killed?)"
    return run


def status_lines(report: dict) -> list[str]:
    rej = report["rejects"]
    lines = [
        f"documents: {report['documents']} current ({report['versions']} versions stored), "
        f"{report['dated']} dated, {report['groups']} groups of copies",
        f"rejects: {rej.get('error', 0)} errors, {rej.get('warning', 0)} warnings, "
        f"{rej.get('skipped', 0)} skipped",
    ]
    lines += [f"  {r}" for r in report["recent_rejects"]]
    lines.append("last runs:")
    for r in report["runs"]:
        lines.append(
            f"  #{r['id']} {r['started_at']} {r['status']}: {r['n_read']} read, {r['n_new']} new, "
            f"{r['n_versions']} versions, {r['n_unchanged']} unchanged, {r['n_rejected']} rejected"
            + (f" ({r['note']})" if r.get("note") else "")
        )
    return lines


def document_lines(row: sqlite3.Row) -> list[str]:
    fields = [
        ("id", row["id"]), ("version", row["version"]), ("source", row["source"]),
        ("url", row["url"]), ("title", row["title"]), ("language", row["language"]),
        ("published", f"{row['published']} ({row['published_precision']}); evidence: {row['published_evidence']}"
         if row["published"] else f"unknown (not after {row['published_not_after']})"),
        ("outlet", f"{row['outlet']} ({row['outlet_evidence']})" if row["outlet"] else None),
        ("agency", f"{row['agency']} ({row['agency_evidence']})" if row["agency"] else None),
        ("group", row["dedup_group"]),
        ("copy of", f"{row['duplicate_of']} ({row['duplicate_kind']})" if row["duplicate_of"] else None),
        ("comment dates", ", ".join(json.loads(row["comment_dates"])) or None),
        ("events stage", row["extraction_note"] if "extraction_note" in row.keys() else None),
    ]
    out = [f"{name:>14}: {value}" for name, value in fields if value is not None]
    return out + ["", row["text"]]


def story_lines(conn: sqlite3.Connection, story_id: str | None = None) -> list[str]:
    """All stories (largest first), or one story's articles in publication order."""
    if story_id is None:
        rows = conn.execute(
            "SELECT * FROM stories ORDER BY n_documents DESC, first_published, id"
        ).fetchall()
        return [
            f"{r['id']}  {r['first_published'] or '?':10} .. {r['last_published'] or '?':10}  "
            f"{r['n_documents']:3} articles {r['n_incidents']:3} incidents  {r['label']}"
            for r in rows
        ]
    story = conn.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
    if story is None:
        return []
    lines = [f"{story['label']} ({story['n_documents']} articles, {story['n_incidents']} incidents)"]
    docs = conn.execute(
        "SELECT d.id, d.title, d.published, d.published_time, d.outlet FROM story_documents s "
        "JOIN documents d ON d.id = s.doc_id AND d.is_current = 1 WHERE s.story_id = ? "
        "ORDER BY d.published IS NULL, d.published, d.published_time, d.id",
        (story_id,),
    ).fetchall()
    for d in docs:
        when = " ".join(x for x in (d["published"], d["published_time"]) if x) or "undated"
        lines.append(f"  {when:16}  {d['id']}  {d['outlet'] or ''}  {d['title'] or ''}")
    return lines
