"""Exports of what the store holds, as plain records ready to serialise."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import IO

DOCUMENT_FIELDS = (
    "id", "url", "title", "text", "published", "published_precision", "published_evidence",
    "language", "outlet", "agency", "group", "duplicate_of", "duplicate_kind",
)


def document_records(conn: sqlite3.Connection) -> Iterator[dict]:
    """One dict per current document, in id order (deterministic)."""
    for row in conn.execute("SELECT * FROM documents WHERE is_current = 1 ORDER BY id"):
        yield {
            "id": row["id"],
            "url": row["url"],
            "title": row["title"],
            "text": row["text"],
            "published": row["published"],
            "published_precision": row["published_precision"],
            "published_evidence": row["published_evidence"],
            "language": row["language"],
            "outlet": row["outlet"],
            "agency": row["agency"],
            "group": row["dedup_group"],
            "duplicate_of": row["duplicate_of"],
            "duplicate_kind": row["duplicate_kind"],
        }


def write_jsonl(records: Iterator[dict], out: IO[str]) -> int:
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        n += 1
    return n


INCIDENT_FIELDS = (
    "id", "event_date", "event_date_end", "date_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "fatalities_low", "fatalities_best", "fatalities_high", "civilian_fatalities_low",
    "reported_by", "sources", "confidence", "review_state", "notes",
)


def incident_records(conn: sqlite3.Connection) -> Iterator[dict]:
    """One dict per incident in the export contract of PRODUCT.md, plus every reported figure
    and the evidence behind each field; ordered by date then id (deterministic)."""
    sources: dict[str, list[dict]] = {}
    for row in conn.execute(
        "SELECT s.*, d.url, d.outlet FROM incident_sources s "
        "LEFT JOIN documents d ON d.id = s.doc_id AND d.is_current = 1 ORDER BY s.incident_id, s.doc_id"
    ):
        sources.setdefault(row["incident_id"], []).append({
            "doc_id": row["doc_id"], "url": row["url"], "outlet": row["outlet"],
            "quote": row["quote"], "start": row["start"], "end": row["end"],
        })
    for row in conn.execute("SELECT * FROM incidents ORDER BY event_date IS NULL, event_date, id"):
        payload = json.loads(row["payload"])
        record = {name: row[name] for name in INCIDENT_FIELDS if name not in ("reported_by", "sources")}
        record["reported_by"] = json.loads(row["reported_by"])
        record["sources"] = sources.get(row["id"], [])
        record["actor1_candidates"] = payload["actor1_candidates"]
        record["figures"] = payload["figures"]
        record["evidence"] = payload["evidence"]
        yield record
