"""Stable incident ids, ACLED style: a country prefix and a number ("SYR12").

An incident keeps the id its reports had the last time they were linked. When a run merges
incidents, the oldest id survives and the others get a forwarding entry, so a link from outside
(a reviewer's note, a spreadsheet) still resolves. Numbers come from a counter per prefix kept
in the database; clusters are numbered in a fixed order, so the same input gives the same ids.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from vigie import lexicon

_NUMBER = re.compile(r"(\d+)$")


@lru_cache(maxsize=1)
def _iso3() -> dict[str, str]:
    return {k.upper(): v for k, v in lexicon.pairs("common", "iso_alpha3.txt")}


def prefix_for(country_code: str | None) -> str:
    """ISO 3166 alpha-3 of the country (ACLED's event_id_cnty prefix); XXX when unknown."""
    if not country_code:
        return "XXX"
    return _iso3().get(country_code.upper(), country_code.upper())


def _age(incident_id: str) -> tuple[int, str]:
    match = _NUMBER.search(incident_id)
    return (int(match.group(1)) if match else 0, incident_id)


def assign_ids(
    conn: sqlite3.Connection,
    clusters: list[tuple[list[str], str | None]],
    scope: tuple[set[str], set[str]] | None = None,
) -> list[str]:
    """One id per cluster of report keys (given with its country code), in order. ``scope``
    (incident ids, report keys) limits the change to the incidents an incremental run
    re-linked; the others keep their members untouched."""
    known = {r["report_key"]: r["incident_id"] for r in conn.execute("SELECT report_key, incident_id FROM incident_members")}
    ids: list[str | None] = [None] * len(clusters)
    forwards: list[tuple[str, str, str]] = []
    # First the clusters that carry an existing id, those with most of its reports first (an
    # incident a reviewer split keeps its id on the larger part); then new ids, in order.
    claims = []
    for index, (keys, _) in enumerate(clusters):
        counts: dict[str, int] = {}
        for k in keys:
            if k in known:
                counts[known[k]] = counts.get(known[k], 0) + 1
        for old, n in counts.items():
            claims.append((-n, _age(old), index, old))
    taken: set[str] = set()
    for _, _, index, old in sorted(claims):
        if old not in taken and ids[index] is None:
            ids[index] = old
            taken.add(old)
    for index, (keys, country_code) in enumerate(clusters):
        if ids[index] is None:
            ids[index] = _next_id(conn, prefix_for(country_code))
    # Every former id that is no longer live points at the incident its reports are now in.
    live_ids = set(ids)
    for index, (keys, _) in enumerate(clusters):
        for old in sorted({known[k] for k in keys if k in known} - live_ids):
            forwards.append((old, ids[index], "merged into"))
    live = {(k, i) for (keys, _), i in zip(clusters, ids) for k in keys}
    if scope is None:
        conn.execute("UPDATE incident_members SET active = 0")
    else:
        incidents, keys = scope
        conn.executemany("UPDATE incident_members SET active = 0 WHERE incident_id = ?", [(i,) for i in sorted(incidents)])
        conn.executemany("UPDATE incident_members SET active = 0 WHERE report_key = ?", [(k,) for k in sorted(keys)])
    conn.executemany(
        "INSERT INTO incident_members (report_key, incident_id, active) VALUES (?, ?, 1) "
        "ON CONFLICT(report_key) DO UPDATE SET incident_id = excluded.incident_id, active = 1",
        sorted(live),
    )
    conn.executemany(
        "INSERT INTO incident_forwards (old_id, new_id, reason) VALUES (?, ?, ?) "
        "ON CONFLICT(old_id) DO UPDATE SET new_id = excluded.new_id, reason = excluded.reason",
        forwards,
    )
    # An id that is live again (an incident split back) is no longer forwarded.
    conn.executemany("DELETE FROM incident_forwards WHERE old_id = ?", [(i,) for i in ids])
    return ids


def _next_id(conn: sqlite3.Connection, prefix: str) -> str:
    row = conn.execute("SELECT last_number FROM incident_counters WHERE prefix = ?", (prefix,)).fetchone()
    number = (row[0] if row else 0) + 1
    conn.execute(
        "INSERT INTO incident_counters (prefix, last_number) VALUES (?, ?) "
        "ON CONFLICT(prefix) DO UPDATE SET last_number = excluded.last_number",
        (prefix, number),
    )
    return f"{prefix}{number}"


def resolve(conn: sqlite3.Connection, incident_id: str) -> str | None:
    """The live id an old id now stands for (itself when live), following forwards."""
    seen = set()
    current = incident_id
    while current not in seen:
        seen.add(current)
        if conn.execute("SELECT 1 FROM incidents WHERE id = ?", (current,)).fetchone():
            return current
        row = conn.execute("SELECT new_id FROM incident_forwards WHERE old_id = ?", (current,)).fetchone()
        if row is None:
            return None
        current = row[0]
    return None
