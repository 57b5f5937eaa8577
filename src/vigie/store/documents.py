"""Reading and writing documents, runs and rejects.

Document rows are versioned: the same id with the same content is left alone, the same id with
new content becomes version n+1 (the old version stays, no longer current).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from dataclasses import dataclass

import numpy as np

from vigie.model import Document, Reject
from vigie.store.db import now


@dataclass(frozen=True)
class Known:
    key: int
    version: int
    is_current: bool


def start_run(conn: sqlite3.Connection, command: str) -> int:
    """Record a new run, owned by this process; runs left 'running' by a process that is gone
    (killed, or its machine restarted) are marked 'interrupted' first."""
    with conn:
        for r in conn.execute("SELECT id, pid, host FROM runs WHERE status = 'running'").fetchall():
            if not run_alive(r["pid"], r["host"]):
                conn.execute(
                    "UPDATE runs SET status = 'interrupted', note = ? WHERE id = ?",
                    ("its process ended before the run finished (killed?)", r["id"]),
                )
        cur = conn.execute(
            "INSERT INTO runs (started_at, command, pid, host) VALUES (?, ?, ?, ?) RETURNING id",
            (now(), command, os.getpid(), socket.gethostname()),
        )
        return int(cur.fetchone()[0])


def run_alive(pid: int | None, host: str | None) -> bool:
    """Whether the process that owns a 'running' run may still be at it. A run recorded on
    another host is taken as alive (its process cannot be checked from here); one recorded
    before runs had owners has no process to wait for."""
    if pid is None:
        return False
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def finish_run(
    conn: sqlite3.Connection, run_id: int, counts: dict[str, int], status: str, note: str | None = None
) -> None:
    columns = ("n_read", "n_new", "n_versions", "n_unchanged", "n_rejected", "n_warnings", "n_skipped")
    with conn:
        conn.execute(
            f"UPDATE runs SET finished_at = ?, status = ?, note = ?, {', '.join(c + ' = ?' for c in columns)} "
            "WHERE id = ?",
            (now(), status, note, *(counts.get(c[2:], 0) for c in columns), run_id),
        )


def find_version(conn: sqlite3.Connection, doc_id: str, content_hash: str) -> Known | None:
    row = conn.execute(
        "SELECT key, version, is_current FROM documents WHERE id = ? AND content_hash = ?",
        (doc_id, content_hash),
    ).fetchone()
    return Known(row["key"], row["version"], bool(row["is_current"])) if row else None


def make_current(conn: sqlite3.Connection, doc_id: str, key: int) -> None:
    """Make an older version current again (its file went back to that content)."""
    old = [r[0] for r in conn.execute("SELECT key FROM documents WHERE id = ? AND is_current = 1", (doc_id,))]
    for k in old:
        conn.execute("DELETE FROM doc_bands WHERE doc_key = ?", (k,))
    conn.execute("UPDATE documents SET is_current = 0 WHERE id = ? AND is_current = 1", (doc_id,))
    conn.execute("UPDATE documents SET is_current = 1, deduped = 0 WHERE key = ?", (key,))
    sig = conn.execute("SELECT signature FROM doc_minhash WHERE doc_key = ?", (key,)).fetchone()
    if sig:
        from vigie.dedup import band_keys

        _insert_bands(conn, key, band_keys(np.frombuffer(sig[0], dtype=np.uint64)))


def _insert_bands(conn: sqlite3.Connection, key: int, bands: list[tuple[int, int]]) -> None:
    conn.executemany("INSERT INTO doc_bands (band, bucket, doc_key) VALUES (?, ?, ?)", [(b, h, key) for b, h in bands])


def insert_document(
    conn: sqlite3.Connection,
    doc: Document,
    run_id: int,
    text_hash: str,
    signature: np.ndarray,
    n_shingles: int,
    bands: list[tuple[int, int]],
    current: bool = True,
) -> str:
    """Store a new document or a new version of one; returns "new" or "version". A version
    stored with ``current=False`` is kept beside the current one (no dedup bands, not read)."""
    row = conn.execute("SELECT MAX(version) FROM documents WHERE id = ?", (doc.id,)).fetchone()
    version = (row[0] or 0) + 1
    if version > 1 and current:
        for (k,) in conn.execute("SELECT key FROM documents WHERE id = ? AND is_current = 1", (doc.id,)).fetchall():
            conn.execute("DELETE FROM doc_bands WHERE doc_key = ?", (k,))
        conn.execute("UPDATE documents SET is_current = 0 WHERE id = ?", (doc.id,))
    pub = doc.published
    cur = conn.execute(
        """INSERT INTO documents (
            id, version, is_current, content_hash, source, locator, url, fmt, raw, text, text_hash,
            title, standfirst, language, captions, bylines, comment_dates, header_date,
            meta_published, crawled_at, own_published, own_published_precision,
            own_published_evidence, published_not_after, published, published_precision,
            published_evidence, outlet, outlet_evidence, agency, agency_evidence, dedup_group,
            run_id, published_time, published_not_before
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                  ?, ?, ?, ?, ?, ?, ?, ?) RETURNING key""",
        (
            doc.id, version, int(current), doc.content_hash, doc.source, doc.locator, doc.url, doc.fmt, doc.raw,
            doc.text, text_hash, doc.title, doc.standfirst, doc.language,
            json.dumps(doc.captions, ensure_ascii=False), json.dumps(doc.bylines, ensure_ascii=False),
            json.dumps(doc.comment_dates), doc.header_date, doc.meta_published, doc.crawled_at,
            pub.value if pub else None, pub.precision if pub else None, pub.evidence if pub else None,
            doc.published_not_after,
            pub.value if pub else None, pub.precision if pub else None, pub.evidence if pub else None,
            doc.outlet, doc.outlet_evidence, doc.agency, doc.agency_evidence, doc.id, run_id,
            doc.published_time, doc.published_not_before,
        ),
    )
    key = int(cur.fetchone()[0])
    conn.execute(
        "INSERT INTO doc_minhash (doc_key, n_shingles, signature) VALUES (?, ?, ?)",
        (key, n_shingles, signature.astype(np.uint64).tobytes()),
    )
    if current:
        _insert_bands(conn, key, bands)
    return "new" if version == 1 else "version"


def record_reject(conn: sqlite3.Connection, run_id: int, reject: Reject) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO rejects (run_id, source, locator, severity, reason) VALUES (?, ?, ?, ?, ?)",
        (run_id, reject.source, reject.locator, reject.severity.value, reject.reason),
    )


def get_document(conn: sqlite3.Connection, doc_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM documents WHERE id = ? AND is_current = 1", (doc_id,)).fetchone()


def current_documents(conn: sqlite3.Connection):
    return conn.execute("SELECT * FROM documents WHERE is_current = 1 ORDER BY id")
