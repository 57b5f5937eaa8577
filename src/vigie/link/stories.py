"""Story clusters: the articles about one story, so a reader can follow its coverage in order.

Two articles are in one story when they are copies of one another (a dedup group), when they
report a common incident, or when their headlines share most of their words within a week.
A story is labelled with its earliest headline (or, for articles without one, its first
incident).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3

from vigie import lexicon

#: Headlines sharing this share of their content words are one story ("Raqa pilonnée par
#: l'aviation russe" / "Moscou intensifie ses frappes sur Raqa").
TITLE_JACCARD = 0.5
#: ... when published this close together.
TITLE_WINDOW_DAYS = 7

_WORD = re.compile(r"\w{3,}", re.UNICODE)


def _content_words(title: str | None) -> frozenset[str]:
    if not title:
        return frozenset()
    stops = lexicon.words("fr", "stopwords.txt")
    return frozenset(w for w in (x.lower() for x in _WORD.findall(title)) if w not in stops)


def build_stories(conn: sqlite3.Connection) -> int:
    """Recompute the stories table from the documents and the stored incidents."""
    incident_docs: dict[str, list[str]] = {}
    for incident_id, doc_id in conn.execute("SELECT incident_id, doc_id FROM incident_sources ORDER BY 1, 2"):
        incident_docs.setdefault(incident_id, []).append(doc_id)
    labels = {
        r[0]: f"{r[1]} in {r[2]}" for r in conn.execute("SELECT id, sub_event_type, location FROM incidents")
    }
    docs = conn.execute(
        "SELECT id, title, published, published_time, dedup_group FROM documents WHERE is_current = 1 ORDER BY id"
    ).fetchall()
    parent = {d["id"]: d["id"] for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_group: dict[str, list[str]] = {}
    for d in docs:
        by_group.setdefault(d["dedup_group"], []).append(d["id"])
    for members in by_group.values():
        for other in members[1:]:
            union(members[0], other)
    for members in incident_docs.values():
        live = [m for m in members if m in parent]
        for other in live[1:]:
            union(live[0], other)
    dated = sorted((d for d in docs if d["published"] and d["title"]), key=lambda d: d["published"])
    words = {d["id"]: _content_words(d["title"]) for d in dated}
    for i, a in enumerate(dated):
        day_a = dt.date.fromisoformat(a["published"][:10]) if len(a["published"]) >= 10 else None
        for b in dated[i + 1:]:
            day_b = dt.date.fromisoformat(b["published"][:10]) if len(b["published"]) >= 10 else None
            if day_a is None or day_b is None or (day_b - day_a).days > TITLE_WINDOW_DAYS:
                break
            wa, wb = words[a["id"]], words[b["id"]]
            if wa and wb and len(wa & wb) / len(wa | wb) >= TITLE_JACCARD:
                union(a["id"], b["id"])
    stories: dict[str, list[sqlite3.Row]] = {}
    for d in docs:
        stories.setdefault(find(d["id"]), []).append(d)
    doc_incidents: dict[str, list[str]] = {}
    for inc, members in incident_docs.items():
        for m in members:
            doc_incidents.setdefault(m, []).append(inc)
    rows, links = [], []
    for members in stories.values():
        members.sort(key=lambda d: (d["published"] or "9999", d["published_time"] or "", d["id"]))
        story_id = "ST" + hashlib.sha1(min(d["id"] for d in members).encode()).hexdigest()[:10]
        incidents = sorted({i for d in members for i in doc_incidents.get(d["id"], [])})
        titled = next((d["title"] for d in members if d["title"]), None)
        label = titled or (labels.get(incidents[0]) if incidents else members[0]["id"])
        published = [d["published"] for d in members if d["published"]]
        rows.append((story_id, label, min(published, default=None), max(published, default=None), len(members), len(incidents)))
        links += [(story_id, d["id"]) for d in members]
    with conn:
        conn.execute("DELETE FROM story_documents")
        conn.execute("DELETE FROM stories")
        conn.executemany("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO story_documents VALUES (?, ?)", links)
    return len(rows)
