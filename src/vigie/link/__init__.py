"""Linking: one record per real incident across all outlets, with stable ids and stories.

The steps each read from and write to the store: reports per dedup group (``reports``),
candidate pairs by place and date window (a SQL join), the pair decisions and clusters
(``linker``), the merged records with reconciled tolls, stable ids and forwards (``ids``), and
the story clusters (``stories``).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from vigie.events.incidents import merge_mentions
from vigie.link.ids import assign_ids
from vigie.link.linker import candidate_pairs, cluster, load_reports
from vigie.link.reports import rebuild_reports
from vigie.link.stories import build_stories
from vigie.model import Mention
from vigie.review import apply_reviews
from vigie.store.incidents import replace_incidents

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class LinkSummary:
    reports: int
    incidents: int
    linked_across_outlets: int
    stories: int


def _mentions(conn: sqlite3.Connection) -> dict[str, Mention]:
    out = {}
    for row in conn.execute(
        "SELECT m.payload FROM mentions m JOIN documents d ON d.key = m.doc_key WHERE d.is_current = 1"
    ):
        mention = Mention.from_dict(json.loads(row[0]))
        out[mention.key] = mention
    return out


def _trigrams(mentions: list[Mention]) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for m in mentions:
        tokens = _TOKEN.findall(m.sentence.text.lower())
        grams |= {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}
    return grams


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


def link_incidents(conn: sqlite3.Connection) -> LinkSummary:
    n_reports = rebuild_reports(conn)
    reports = load_reports(conn)
    mentions = _mentions(conn)
    members = {
        r["key"]: [mentions[k] for k in json.loads(r["mention_ids"]) if k in mentions]
        for r in conn.execute("SELECT key, mention_ids FROM reports")
    }
    grams: dict[str, set] = {}

    def overlap(a: str, b: str) -> float:
        ga = grams.setdefault(a, _trigrams(members[a]))
        gb = grams.setdefault(b, _trigrams(members[b]))
        return len(ga & gb) / len(ga | gb) if ga and gb else 0.0

    clusters = apply_decisions(cluster(reports, candidate_pairs(conn), overlap), conn)
    docs = {
        r["id"]: r
        for r in conn.execute("SELECT id, published, published_time, dedup_group FROM documents WHERE is_current = 1")
    }

    def order(doc_id: str) -> tuple:
        d = docs.get(doc_id)
        return (d["published"] or "", d["published_time"] or "", doc_id) if d else ("", "", doc_id)

    built = []
    for keys in clusters:
        tellings = sorted(
            (m for k in keys for m in members[k]), key=lambda m: (order(m.doc_id), m.sentence.start)
        )
        if tellings:
            built.append((keys, merge_mentions(tellings, order)))
    built.sort(key=lambda kb: (kb[1].event_date or "9999", kb[0][0]))
    with conn:
        ids = assign_ids(conn, [(keys, inc.primary.country_code) for keys, inc in built])
        replace_incidents(conn, [
            (incident_id, docs[inc.primary.doc_id]["dedup_group"] if inc.primary.doc_id in docs else "", inc)
            for incident_id, (_, inc) in zip(ids, built)
        ])
        apply_reviews(conn)
    incident_docs = {incident_id: inc.docs for incident_id, (_, inc) in zip(ids, built)}
    labels = {
        incident_id: f"{inc.primary.sub_event_type} in {inc.primary.location}"
        for incident_id, (_, inc) in zip(ids, built)
    }
    n_stories = build_stories(conn, incident_docs, labels)
    across = sum(1 for _, inc in built if len(inc.docs) > 1)
    return LinkSummary(n_reports, len(built), across, n_stories)
