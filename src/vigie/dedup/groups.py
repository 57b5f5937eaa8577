"""The global dedup step: candidate pairs from the stored bands, exact confirmation, groups.

It reads from and writes to the store: candidates come from a join on ``doc_bands``, each pair
is confirmed on its exact shingles (MinHash estimates are too noisy between a short and a long
text), components are formed with union-find over document keys only, and every current
document gets its group, its original, and the publication date its group gives it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from vigie.dedup.minhash import body_of, shingles

#: Jaccard on 5-gram shingles above which two texts are the same article (light edits,
#: different boilerplate left by cleaning). 0.8 is the usual near-duplicate cut.
NEAR_DUPLICATE_JACCARD = 0.8
#: Share of the shorter text's shingles found in the longer one above which the shorter is a
#: syndicated copy or rewrite (seed 001 in 000: 0.82; unrelated seed pairs: under 0.01).
SYNDICATION_CONTAINMENT = 0.5
#: Below this many shingles a text is too short for containment to mean anything.
MIN_SHINGLES = 30
#: Documents whose shingle hashes are kept while confirming candidates (a sorted array of 8-byte
#: hashes, ~3 KB for a wire story): memory stays flat (~25 MB) however many documents there
#: are. A corpus whose articles share stock phrases has candidates spread over many documents,
#: and every miss costs a read and a shingling (~0.4 ms), so the cache is large.
SHINGLE_CACHE = 8192


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    kind: str  # exact / near / syndicated


_PENDING = "SELECT key FROM documents WHERE is_current = 1 AND deduped = 0"


def candidate_pairs(conn: sqlite3.Connection, pending_only: bool = False) -> Iterable[tuple[int, int]]:
    """Pairs of documents sharing an LSH bucket; with ``pending_only``, only pairs that involve
    a document the dedup step has not placed yet. Streamed from the cursor: a corpus full of
    shared boilerplate can have millions of candidates, and only confirmed pairs are kept.

    The pending search starts from the pending documents' bands, on either side of the pair
    (CROSS JOIN fixes that order in SQLite), so a run adding a few documents to many probes the
    bucket index a few dozen times instead of joining every band of the database."""
    if not pending_only:
        return conn.execute(
            "SELECT DISTINCT x.doc_key, y.doc_key FROM doc_bands x JOIN doc_bands y "
            "ON x.band = y.band AND x.bucket = y.bucket AND x.doc_key < y.doc_key ORDER BY 1, 2"
        )
    return conn.execute(
        f"SELECT x.doc_key, y.doc_key FROM ({_PENDING}) AS p CROSS JOIN doc_bands x CROSS JOIN doc_bands y "
        "WHERE x.doc_key = p.key AND y.band = x.band AND y.bucket = x.bucket AND x.doc_key < y.doc_key "
        f"UNION SELECT x.doc_key, y.doc_key FROM ({_PENDING}) AS p CROSS JOIN doc_bands y CROSS JOIN doc_bands x "
        "WHERE y.doc_key = p.key AND x.band = y.band AND x.bucket = y.bucket AND x.doc_key < y.doc_key "
        "ORDER BY 1, 2"
    )


def classify(text_a: str, text_b: str, hash_a: str, hash_b: str) -> str | None:
    if hash_a == hash_b:
        return "exact"
    return classify_shingles(shingles(text_a), shingles(text_b))


def classify_shingles(sa: set, sb: set) -> str | None:
    if not sa or not sb:
        return None
    return _classify(len(sa & sb), len(sa), len(sb))


def _classify(inter: int, size_a: int, size_b: int) -> str | None:
    if inter / (size_a + size_b - inter) >= NEAR_DUPLICATE_JACCARD:
        return "near"
    if min(size_a, size_b) >= MIN_SHINGLES and inter / min(size_a, size_b) >= SYNDICATION_CONTAINMENT:
        return "syndicated"
    return None


def confirmed_pairs(conn: sqlite3.Connection, pending_only: bool = False) -> list[Pair]:
    # Candidates arrive sorted by their first key: an LRU of shingle hashes computes each
    # document's shingles about once. The hashes (this process's hash(), only ever compared
    # within it) are a sorted array, an eighth of the memory of a set of them.
    @lru_cache(maxsize=SHINGLE_CACHE)
    def body(key: int) -> tuple[np.ndarray, str]:
        row = conn.execute("SELECT text, title, text_hash FROM documents WHERE key = ?", (key,)).fetchone()
        hashes = np.fromiter(map(hash, shingles(body_of(row["text"], row["title"]))), dtype=np.int64)
        hashes.sort()
        return hashes, row["text_hash"]

    out = []
    for a, b in candidate_pairs(conn, pending_only):
        (sa, ha), (sb, hb) = body(a), body(b)
        if ha == hb:
            kind = "exact"
        elif sa.size and sb.size:
            kind = _classify(np.intersect1d(sa, sb, assume_unique=True).size, sa.size, sb.size)
        else:
            kind = None
        if kind:
            out.append(Pair(a, b, kind))
    return out


def _components(pairs: list[Pair]) -> dict[int, int]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        ra, rb = find(p.a), find(p.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


_KIND_RANK = {"exact": 0, "near": 1, "syndicated": 2}


def _sort_date(value: str | None) -> str:
    return value if value else "9999"


_MEMBER_COLUMNS = "key, id, own_published, own_published_precision, own_published_evidence, dedup_group, duplicate_kind"


def assign_groups(conn: sqlite3.Connection, incremental: bool = True) -> dict[str, int]:
    """Place documents in groups of copies and give copies their group's date; returns counts.

    The first time (or with ``incremental=False``) every current document is compared; later
    runs compare only the documents not placed yet, and reassign only the groups they join,
    whose existing members stay together.
    """
    placed = conn.execute("SELECT COUNT(*) FROM documents WHERE is_current = 1 AND deduped = 1").fetchone()[0]
    if not incremental or placed == 0:
        pairs = confirmed_pairs(conn)
        rows = conn.execute(f"SELECT {_MEMBER_COLUMNS} FROM documents WHERE is_current = 1 ORDER BY id").fetchall()
        _assign(conn, rows, pairs)
    elif conn.execute(f"SELECT COUNT(*) FROM ({_PENDING}) AS p").fetchone()[0]:
        pairs = confirmed_pairs(conn, pending_only=True)
        keys = {k for p in pairs for k in (p.a, p.b)}
        groups = {r[0] for r in _in_keys(conn, "SELECT dedup_group FROM documents WHERE is_current = 1 AND deduped = 1 AND key IN", keys)}
        rows = conn.execute(f"SELECT {_MEMBER_COLUMNS} FROM documents WHERE is_current = 1 AND deduped = 0 ORDER BY id").fetchall()
        rows += [r for r in _in_keys(conn, f"SELECT {_MEMBER_COLUMNS} FROM documents WHERE is_current = 1 AND deduped = 1 AND dedup_group IN", groups)]
        rows.sort(key=lambda r: r["id"])
        _assign(conn, rows, pairs + _existing_links(rows))
    groups, grouped = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM documents WHERE is_current = 1 "
        "GROUP BY dedup_group HAVING COUNT(*) > 1) AS g"
    ).fetchone()
    return {"groups": groups, "grouped_documents": grouped}


def _in_keys(conn: sqlite3.Connection, sql: str, values: set) -> list:
    out = []
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        out += conn.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk).fetchall()
    return out


def _existing_links(rows: list) -> list[Pair]:
    """Members of an existing group stay together: link each to the group's first member."""
    first: dict[str, object] = {}
    links = []
    for r in rows:
        group = r["dedup_group"]
        if group is None:
            continue
        if group not in first:
            first[group] = r
        elif r is not first[group]:
            links.append(Pair(first[group]["key"], r["key"], r["duplicate_kind"] or first[group]["duplicate_kind"] or "syndicated"))
    return links


def _assign(conn: sqlite3.Connection, rows: list, pairs: list[Pair]) -> None:
    root = _components(pairs)
    kind_of: dict[int, str] = {}  # the closest relation each document has in its group
    for p in pairs:
        for k in (p.a, p.b):
            if k not in kind_of or _KIND_RANK[p.kind] < _KIND_RANK[kind_of[k]]:
                kind_of[k] = p.kind
    members: dict[int, list] = {}
    for row in rows:
        members.setdefault(root.get(row["key"], row["key"]), []).append(row)
    updates = []
    for group_rows in members.values():
        group_id = min(r["id"] for r in group_rows)
        original = min(group_rows, key=lambda r: (_sort_date(r["own_published"]), r["id"]))
        multi = len(group_rows) > 1
        for r in group_rows:
            inherit = multi and original["own_published"] and (
                not r["own_published"] or r["own_published"] > original["own_published"]
            )
            if inherit:
                published = (
                    original["own_published"],
                    original["own_published_precision"],
                    f"inherited from {original['id']} (same story): {original['own_published_evidence']}",
                )
            else:
                published = (r["own_published"], r["own_published_precision"], r["own_published_evidence"])
            is_copy = multi and r["id"] != original["id"]
            updates.append((
                group_id,
                original["id"] if is_copy else None,
                kind_of.get(r["key"]) if is_copy else None,
                *published,
                r["key"],
            ))
    with conn:
        conn.executemany(
            "UPDATE documents SET dedup_group = ?, duplicate_of = ?, duplicate_kind = ?, "
            "published = ?, published_precision = ?, published_evidence = ?, deduped = 1 WHERE key = ?",
            updates,
        )
