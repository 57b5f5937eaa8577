"""Reading and writing mentions and incidents."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import replace

from vigie.events.incidents import Incident
from vigie.limits import iso_day, plausible_count
from vigie.model import Mention, Span


def documents_to_extract(conn: sqlite3.Connection, version: int) -> list[int]:
    """Keys of the current documents not yet extracted by this extractor version, or whose
    publication date changed since (a copy that inherited its group's date re-reads its
    weekdays), in id order."""
    return [r[0] for r in conn.execute(
        "SELECT key FROM documents WHERE is_current = 1 AND "
        "(extracted != ? OR COALESCE(extracted_published, '') != COALESCE(published, '')) ORDER BY id",
        (version,),
    )]


def save_mentions(
    conn: sqlite3.Connection, doc_key: int, published: str | None, mentions: list[Mention], version: int,
    note: str | None = None,
) -> None:
    """Replace a document's mentions; ``note`` says why the events stage stopped short on it
    (kept on the document, shown by `vigie show`)."""
    conn.execute("DELETE FROM mentions WHERE doc_key = ?", (doc_key,))
    rows = []
    for i, m in enumerate(map(checked, mentions)):
        payload = json.dumps(m.as_dict(), ensure_ascii=False, sort_keys=True)
        rows.append((
            f"{doc_key}:{i}", doc_key, m.doc_id, i, m.event_type, m.sub_event_type, m.event_date,
            m.location, m.latitude, m.longitude, payload, m.key, digest(f"{i}|{payload}"),
        ))
    conn.executemany(
        "INSERT INTO mentions (id, doc_key, doc_id, seq, event_type, sub_event_type, event_date, "
        "location, latitude, longitude, payload, mkey, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute(
        "UPDATE documents SET extracted = ?, extracted_published = ?, extraction_note = ? WHERE key = ?",
        (version, published, note, doc_key),
    )


def checked(m: Mention) -> Mention:
    """The mention with every value the store and the later stages rely on within bounds: a
    count SQLite can hold and arithmetic can trust, a real day, a coordinate on the globe.
    The extractor already keeps to them; this is the store's own guarantee, so that nothing
    written can stop a later run."""
    figures = [f for f in m.figures if isinstance(f.value, int) and plausible_count(f.value)]
    start, end = iso_day(m.event_date), iso_day(m.event_date_end)
    on_globe = all(isinstance(v, (int, float)) and math.isfinite(v) for v in (m.latitude, m.longitude)) and (
        -90 <= m.latitude <= 90 and -180 <= m.longitude <= 180)
    if len(figures) == len(m.figures) and bool(start) == bool(m.event_date) and bool(end) == bool(m.event_date_end) and (
            on_globe or (m.latitude is None and m.longitude is None)):
        return m
    return replace(
        m, figures=figures, event_date=start and start.isoformat(), event_date_end=end and end.isoformat(),
        latitude=m.latitude if on_globe else None, longitude=m.longitude if on_globe else None,
    )


def digest(text: str) -> str:
    """A short content digest (a mention's position and payload): equal digests, equal mentions."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def mentions_by_group(conn: sqlite3.Connection, groups: list[str] | None = None):
    """(group, [(Mention, digest), ...]) for every dedup group, or the given ones, original
    document first."""
    where = "" if groups is None else f" AND d.dedup_group IN ({','.join('?' * len(groups))})"
    rows = conn.execute(
        "SELECT d.dedup_group, d.id, d.duplicate_of, m.payload, m.digest FROM mentions m "
        f"JOIN documents d ON d.key = m.doc_key WHERE d.is_current = 1{where} "
        "ORDER BY d.dedup_group, d.duplicate_of IS NOT NULL, d.id, m.seq",
        groups or [],
    )
    group, batch, unreadable = None, [], set()
    for row in rows:
        if row["dedup_group"] != group and batch:
            yield group, batch
            batch = []
        group = row["dedup_group"]
        try:
            mention = checked(Mention.from_dict(json.loads(row["payload"])))
        except (ValueError, TypeError, KeyError, AttributeError):
            # Written by another release or damaged: its document is read again next run.
            unreadable.add(row["id"])
            continue
        batch.append((mention, row["digest"]))
    if batch:
        yield group, batch
    if unreadable:
        conn.executemany(
            "UPDATE documents SET extracted = 0, extraction_note = ? WHERE is_current = 1 AND id = ?",
            [("a stored mention could not be read; the document is read again on the next run", d)
             for d in sorted(unreadable)],
        )


def replace_incidents(
    conn: sqlite3.Connection, incidents: Iterable[tuple[str, str, Incident]], remove: set[str] | None = None
) -> None:
    """Write the linked incidents (id, dedup group of the primary telling, incident), after
    removing the old ones: all of them, or only the ids in ``remove`` (an incremental run)."""
    if remove is None:
        conn.execute("DELETE FROM incident_sources")
        conn.execute("DELETE FROM incidents")
    else:
        conn.executemany("DELETE FROM incident_sources WHERE incident_id = ?", [(i,) for i in sorted(remove)])
        conn.executemany("DELETE FROM incidents WHERE id = ?", [(i,) for i in sorted(remove)])
    for incident_id, group, inc in incidents:
        p = inc.primary
        payload = {
            "actor1_candidates": inc.actor1_candidates,
            "figures": [_figure(f, inc) for f in inc.figures],
            "evidence": _evidence(inc),
            "mentions": [m.key for m in inc.mentions],
        }
        conn.execute(
            "INSERT INTO incidents (id, dedup_group, event_date, event_date_end, date_precision, event_type, "
            "sub_event_type, actor1, actor2, country, admin1, location, latitude, longitude, geo_precision, "
            "fatalities_low, fatalities_best, fatalities_high, civilian_fatalities_low, reported_by, confidence, "
            "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                incident_id, group, inc.event_date,
                inc.event_date_end if inc.event_date_end != inc.event_date else None,
                inc.date_precision, p.event_type,
                p.sub_event_type, inc.actor1, inc.actor2, p.country, p.admin1, p.location, p.latitude,
                p.longitude, p.geo_precision, inc.fatalities_low, inc.fatalities_best, inc.fatalities_high,
                inc.civilian_fatalities_low, json.dumps(inc.reported_by), inc.confidence,
                json.dumps(payload, ensure_ascii=False, sort_keys=True),
            ),
        )
        for doc_id in inc.docs:
            best = max((m for m in inc.mentions if m.doc_id == doc_id), key=lambda m: (bool(m.figures), m.date_strong))
            s = best.sentence
            conn.execute(
                "INSERT INTO incident_sources VALUES (?, ?, ?, ?, ?)", (incident_id, doc_id, s.text, s.start, s.end)
            )


def _figure(f, inc: Incident) -> dict:
    """A reported figure with what the record made of it (low, best, high, civilian low)."""
    used = []
    if f.role in ("toll", "previous") and f.group == "all" and f.value == inc.fatalities_low:
        used.append("low")
    if inc.best_figure is f:
        used.append("best")
    if f.group == "all" and f.value == inc.fatalities_high:
        used.append("high")
    if f.group == "civilian" and f.value == inc.civilian_fatalities_low:
        used.append("civilian_low")
    return {**f.as_dict(), "used_for": used}


def _evidence(inc: Incident) -> dict:
    """The quote behind each field, for a reviewer."""
    p = inc.primary

    def span(s: Span | None) -> dict | None:
        return s.as_dict() if s else None

    dated = next((m for m in inc.mentions if m.date_strong and m.date_span), None)
    actor = next((m for m in inc.mentions if m.actor1 == inc.actor1 and m.actor1_span), None)
    return {
        "event": span(p.sentence),
        "event_date": span(dated.date_span) if dated else None,
        "actor1": span(actor.actor1_span) if actor else None,
        "actor2": span(p.actor2_span),
        "location": span(p.place_span),
        "reported_by": span(p.reported_by_span),
    }


def mentions_by_key(conn: sqlite3.Connection, keys: list[str]) -> dict[str, Mention]:
    """The current mentions with these content keys."""
    out: dict[str, Mention] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        rows = conn.execute(
            f"SELECT m.mkey, m.payload FROM mentions m JOIN documents d ON d.key = m.doc_key "
            f"WHERE d.is_current = 1 AND m.mkey IN ({','.join('?' * len(chunk))})", chunk,
        )
        for key, payload in rows:
            out[key] = Mention.from_dict(json.loads(payload))
    return out
