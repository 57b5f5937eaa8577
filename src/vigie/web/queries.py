"""What the web app shows, read from the store: filtered incident lists, map points, timeline
buckets, one incident with its evidence, one article with its mentions."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import quote

from vigie.review import history

#: Columns a list can be sorted by (whitelist: the name goes into SQL).
SORTABLE = ("event_date", "fatalities_low", "civilian_fatalities_low", "location", "admin1", "country",
            "sub_event_type", "actor1", "review_state", "id", "confidence")
#: The most rows one page returns; larger requests are clamped.
MAX_PER_PAGE = 500
#: Map points returned at most for one view (clustering handles density; beyond this the
#: reviewer should filter).
MAX_MAP_POINTS = 20000
LIST_COLUMNS = (
    "id, event_date, event_date_end, event_type, sub_event_type, actor1, actor2, country, admin1, location, "
    "latitude, longitude, geo_precision, fatalities_low, civilian_fatalities_low, review_state, confidence"
)


@dataclass
class Filters:
    since: str | None = None
    until: str | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    type: str | None = None
    min_toll: int | None = None
    review_state: str | None = None
    q: str | None = None

    def where(self, dialect: str = "sqlite") -> tuple[str, list]:
        clauses, args = [], []
        if self.since:
            clauses.append("event_date >= ?")
            args.append(self.since)
        if self.until:
            clauses.append("event_date <= ?")
            args.append(self.until)
        if self.country:
            clauses.append("country = ? COLLATE NOCASE")
            args.append(self.country)
        if self.admin1:
            clauses.append("(admin1 = ? COLLATE NOCASE OR location = ? COLLATE NOCASE)")
            args += [self.admin1, self.admin1]
        if self.actor:
            clauses.append("(actor1 LIKE ? OR actor2 LIKE ?)")
            args += [f"%{self.actor}%"] * 2
        if self.type:
            clauses.append("(event_type = ? OR sub_event_type = ?)")
            args += [self.type, self.type]
        if self.min_toll is not None:
            clauses.append("fatalities_low >= ?")
            args.append(self.min_toll)
        if self.review_state:
            clauses.append("review_state = ?")
            args.append(self.review_state)
        if self.q:
            if dialect == "postgresql":
                text_match = ("to_tsvector('simple', coalesce(d.title, '') || ' ' || d.text) @@ "
                              "plainto_tsquery('simple', ?)")
                query = self.q
            else:
                text_match = "d.key IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
                query = fts_query(self.q)
            clauses.append(
                "(id IN (SELECT s.incident_id FROM incident_sources s JOIN documents d ON d.id = s.doc_id "
                f"AND d.is_current = 1 WHERE {text_match}) OR notes LIKE ? OR location LIKE ?)"
            )
            args += [query, f"%{self.q}%", f"%{self.q}%"]
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def as_params(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


def dialect_of(conn) -> str:
    return getattr(conn, "dialect", "sqlite")


def fts_query(text: str) -> str:
    """User words as an FTS5 query that cannot be a syntax error: each word quoted."""
    words = [w for w in text.split() if w]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or '""'


@dataclass
class Page:
    items: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_incidents(conn: sqlite3.Connection, filters: Filters, sort: str = "event_date", order: str = "desc",
                   page: int = 1, per_page: int = 50) -> Page:
    where, args = filters.where(dialect_of(conn))
    sort = sort if sort in SORTABLE else "event_date"
    direction = "ASC" if order == "asc" else "DESC"
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    total = conn.execute(f"SELECT COUNT(*) FROM incidents{where}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT {LIST_COLUMNS}, (SELECT COUNT(*) FROM incident_sources s WHERE s.incident_id = incidents.id) AS n_sources "
        f"FROM incidents{where} ORDER BY {sort} IS NULL, {sort} {direction}, id LIMIT ? OFFSET ?",
        [*args, per_page, (page - 1) * per_page],
    ).fetchall()
    return Page([dict(r) for r in rows], total, page, per_page)


def map_points(conn: sqlite3.Connection, filters: Filters) -> list[dict]:
    where, args = filters.where(dialect_of(conn))
    extra = " AND " if where else " WHERE "
    rows = conn.execute(
        f"SELECT id, latitude, longitude, fatalities_low, event_type, sub_event_type, location, event_date "
        f"FROM incidents{where}{extra}latitude IS NOT NULL ORDER BY id LIMIT ?",
        [*args, MAX_MAP_POINTS],
    ).fetchall()
    return [dict(r) for r in rows]


def timeline(conn: sqlite3.Connection, filters: Filters, bucket: str = "day") -> dict:
    """Incident counts per day or ISO week (Monday start), by event type."""
    where, args = filters.where(dialect_of(conn))
    extra = " AND " if where else " WHERE "
    rows = conn.execute(
        f"SELECT event_date, event_type, COUNT(*) FROM incidents{where}{extra}event_date IS NOT NULL "
        "GROUP BY event_date, event_type ORDER BY event_date", args,
    ).fetchall()
    series: dict[str, dict[str, int]] = {}
    types: list[str] = []
    for day, event_type, n in rows:
        start = day
        if bucket == "week":
            d = dt.date.fromisoformat(day)
            start = (d - dt.timedelta(days=d.weekday())).isoformat()
        counts = series.setdefault(start, {})
        counts[event_type] = counts.get(event_type, 0) + n
        if event_type not in types:
            types.append(event_type)
    return {"bucket": bucket, "types": sorted(types), "series": [{"start": k, "counts": v} for k, v in sorted(series.items())]}


@dataclass
class Segment:
    text: str
    mark: bool = False
    label: str = ""
    href: str | None = None


@dataclass
class SourceView:
    doc_id: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    segments: list[Segment] = field(default_factory=list)


def segments(text: str, offset: int, spans: list[tuple[int, int, str, str | None]]) -> list[Segment]:
    """Cut ``text`` (which starts at ``offset`` in its document) around the given spans
    (start, end, label, link); overlapping spans keep the first. Nothing here is markup: the
    template escapes every piece."""
    out: list[Segment] = []
    cursor = 0
    for start, end, label, href in sorted(spans):
        a, b = start - offset, end - offset
        if a < cursor or a < 0 or b > len(text) or a >= b:
            continue
        if a > cursor:
            out.append(Segment(text[cursor:a]))
        out.append(Segment(text[a:b], True, label, href))
        cursor = b
    if cursor < len(text):
        out.append(Segment(text[cursor:]))
    return out


def incident_detail(conn: sqlite3.Connection, incident_id: str) -> dict | None:
    row = conn.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    if row is None:
        return None
    payload = json.loads(row["payload"])
    spans_by_doc: dict[str, list[tuple[int, int, str, str | None]]] = {}
    for name, ev in payload["evidence"].items():
        if ev and name != "event":
            spans_by_doc.setdefault(ev["doc_id"], []).append((ev["start"], ev["end"], name.replace("_", " "), None))
    for f in payload["figures"]:
        label = f"{f['q']} {f['n']} ({f['group']}, {f['role']})"
        spans_by_doc.setdefault(f["doc_id"], []).append((f["start"], f["end"], label, None))
    sources = []
    for s in conn.execute(
        "SELECT s.*, d.url, d.outlet, d.title, d.published FROM incident_sources s "
        "LEFT JOIN documents d ON d.id = s.doc_id AND d.is_current = 1 WHERE s.incident_id = ? ORDER BY d.published, s.doc_id",
        (incident_id,),
    ):
        view = SourceView(s["doc_id"], s["url"], s["outlet"], s["title"], s["published"])
        view.segments = segments(s["quote"], s["start"], spans_by_doc.get(s["doc_id"], []))
        sources.append(view)
    return {
        "incident": dict(row),
        "reported_by": json.loads(row["reported_by"]),
        "figures": payload["figures"],
        "actor1_candidates": payload.get("actor1_candidates", []),
        "sources": sources,
        "history": history(conn, incident_id),
        "forwarded_from": [r[0] for r in conn.execute("SELECT old_id FROM incident_forwards WHERE new_id = ?", (incident_id,))],
    }


def article_detail(conn: sqlite3.Connection, doc_id: str) -> dict | None:
    doc = conn.execute("SELECT * FROM documents WHERE id = ? AND is_current = 1", (doc_id,)).fetchone()
    if doc is None:
        return None
    mention_incident: dict[str, str] = {}
    for r in conn.execute(
        "SELECT i.id, i.payload FROM incidents i JOIN incident_sources s ON s.incident_id = i.id WHERE s.doc_id = ?",
        (doc_id,),
    ):
        for key in json.loads(r["payload"]).get("mentions", []):
            if key.startswith(f"{doc_id}:"):
                mention_incident[key] = r["id"]
    spans: dict[tuple[int, int], list[str]] = {}
    for r in conn.execute("SELECT payload FROM mentions WHERE doc_key = ?", (doc["key"],)):
        m = json.loads(r["payload"])
        key = f"{m['doc_id']}:{m['sentence']['start']}:{m['category']}:{m['location']}"
        incident = mention_incident.get(key)
        if incident:
            spans.setdefault((m["sentence"]["start"], m["sentence"]["end"]), []).append(incident)
    marks = [
        (a, b, ", ".join(sorted(set(ids))), "/incidents/" + quote(sorted(set(ids))[0], safe="")) for (a, b), ids in spans.items()
    ]
    incidents = sorted({i for ids in spans.values() for i in ids})
    return {"doc": dict(doc), "segments": segments(doc["text"], 0, marks), "incidents": incidents}
