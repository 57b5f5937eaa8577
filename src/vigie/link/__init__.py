"""Linking: one record per real incident across all outlets, with stable ids and stories.

The steps each read from and write to the store: reports per dedup group (``reports``),
candidate pairs by place and date window (a SQL join), the pair decisions and clusters
(``linker``), the merged records with reconciled tolls, stable ids and forwards (``ids``), and
the story clusters (``stories``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from vigie.events.incidents import merge_mentions
from vigie.link.ids import assign_ids
from vigie.link.linker import accepted_pairs, candidate_pairs, cluster, iter_candidate_pairs, load_reports
from vigie.link.reports import rebuild_reports
from vigie.link.stories import build_stories
from vigie.model import Mention
from vigie.review import apply_reviews
from vigie.store.incidents import mentions_by_key, replace_incidents


@dataclass
class LinkSummary:
    reports: int
    incidents: int
    linked_across_outlets: int
    stories: int


def apply_decisions(clusters: list[list[str]], conn: sqlite3.Connection) -> list[list[str]]:
    """Obey reviewers, oldest decision first: a merge joins the clusters holding its reports,
    a split takes its reports out into a cluster of their own."""
    from vigie.review import decisions

    for kind, keys in decisions(conn):
        wanted = set(keys)
        if kind == "merge":
            joined = [c for c in clusters if wanted & set(c)]
            if len(joined) > 1:
                clusters = [c for c in clusters if not (wanted & set(c))] + [sorted(k for c in joined for k in c)]
        elif kind == "split":
            out = [k for c in clusters for k in c if k in wanted]
            if out:
                clusters = [rest for rest in ([k for k in c if k not in wanted] for c in clusters) if rest] + [sorted(out)]
    return sorted(clusters, key=lambda c: c[0])


def link_incidents(conn: sqlite3.Connection, incremental: bool = True) -> LinkSummary:
    """Link the stored reports into incidents. Incrementally when possible: only the
    incidents that new or vanished reports can touch (by the same place-and-date candidate
    search) are rebuilt; everything is rebuilt on the first run or after a reviewer's merge or
    split, and ``incremental=False`` forces it."""
    n_reports = rebuild_reports(conn, full=not incremental)
    reports = load_reports(conn)
    previous = dict(conn.execute("SELECT report_key, incident_id FROM incident_members WHERE active = 1").fetchall())
    decisions_seen = conn.execute("SELECT value FROM settings WHERE key = 'link_decisions_seen'").fetchone()
    decisions_now = str(conn.execute("SELECT COALESCE(MAX(id), 0) FROM link_decisions").fetchone()[0])
    full = not incremental or not previous or (decisions_seen[0] if decisions_seen else "0") != decisions_now

    def tellings_of(keys: list[str]) -> list[Mention]:
        rows = dict(conn.execute(
            f"SELECT key, mention_ids FROM reports WHERE key IN ({','.join('?' * len(keys))})", keys
        ).fetchall())
        wanted = [k for report in keys for k in json.loads(rows[report])]
        found = mentions_by_key(conn, wanted)
        return [found[k] for k in wanted if k in found]

    scope: tuple[set[str], set[str]] | None = None
    if full:
        subset, pairs = reports, accepted_pairs(reports, iter_candidate_pairs(conn))
    else:
        new = {k for k in reports if k not in previous}
        touched = {previous[k] for k in previous if k not in reports}
        for a, b in candidate_pairs(conn, new) if new else []:
            touched |= {previous[k] for k in (a, b) if k in previous}
        affected = new | {k for k, i in previous.items() if i in touched and k in reports}
        if not affected and not touched:
            return LinkSummary(n_reports, _count(conn, "incidents"), _across(conn), build_stories(conn))
        subset = {k: reports[k] for k in sorted(affected)}
        inside = (p for p in candidate_pairs(conn, affected) if p[0] in affected and p[1] in affected)
        pairs = accepted_pairs(reports, inside)
        scope = (touched, affected)

    clusters = apply_decisions(cluster(subset, pairs), conn)
    docs = {
        r["id"]: (r["published"] or "", r["published_time"] or "", r["dedup_group"])
        for r in conn.execute("SELECT id, published, published_time, dedup_group FROM documents WHERE is_current = 1")
    }

    def order(doc_id: str) -> tuple:
        d = docs.get(doc_id)
        return (d[0], d[1], doc_id) if d else ("", "", doc_id)

    # Ids first, from the light report rows (date and country), then each incident is built
    # from its tellings and written at once: the tellings of the whole database are never held
    # in memory together.
    def first_date(key: str) -> str:
        start = reports[key].start
        return start.isoformat() if start else "9999"

    clusters.sort(key=lambda keys: (min(first_date(k) for k in keys), keys[0]))

    def incidents():
        for incident_id, keys in zip(ids, clusters):
            tellings = sorted(tellings_of(keys), key=lambda m: (order(m.doc_id), m.sentence.start))
            if tellings:
                inc = merge_mentions(tellings, order)
                yield incident_id, docs[inc.primary.doc_id][2] if inc.primary.doc_id in docs else "", inc

    with conn:
        codes = [next((reports[k].country_code for k in keys if reports[k].country_code), None) for keys in clusters]
        ids = assign_ids(conn, list(zip(clusters, codes)), scope)
        replace_incidents(conn, incidents(), None if scope is None else scope[0])
        apply_reviews(conn)
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('link_decisions_seen', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (decisions_now,),
        )
    return LinkSummary(n_reports, _count(conn, "incidents"), _across(conn), build_stories(conn))


def _count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _across(conn: sqlite3.Connection) -> int:
    return conn.execute(
        "SELECT COUNT(*) FROM (SELECT incident_id FROM incident_sources GROUP BY incident_id HAVING COUNT(*) > 1) AS m"
    ).fetchone()[0]
