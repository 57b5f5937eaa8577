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
