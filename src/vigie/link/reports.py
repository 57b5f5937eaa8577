"""Reports: the incidents of one dedup group (an article and its syndicated copies), stored so
that linking across groups is a global step over the store, not over one process's memory.

Reports are kept up to date incrementally: each dedup group remembers the digests of the
mentions its reports were built from (``report_sources``), and a run rebuilds only the groups
whose current mentions differ from those (new articles, re-extracted ones, copies that joined
or left a group). The comparison is one SQL set difference, so neither the mentions nor the
reports of the whole database are held in memory.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from vigie.events.incidents import build_incidents
from vigie.store.incidents import digest, mentions_by_group

#: Dedup groups rebuilt per transaction.
GROUPS_PER_BATCH = 500

_CURRENT = (
    "SELECT d.dedup_group, m.digest FROM mentions m JOIN documents d ON d.key = m.doc_key WHERE d.is_current = 1"
)
_STORED = "SELECT dedup_group, digest FROM report_sources"


def report_key(mention_keys: list[str]) -> str:
    """A report's identity is its tellings: the same text gives the same key on every run."""
    return "R" + hashlib.sha1("|".join(sorted(mention_keys)).encode()).hexdigest()[:16]


def changed_groups(conn: sqlite3.Connection) -> list[str]:
    """Dedup groups whose current mentions are not exactly those their reports were built from."""
    rows = conn.execute(
        f"SELECT dedup_group FROM ({_CURRENT} EXCEPT {_STORED}) AS added "
        f"UNION SELECT dedup_group FROM ({_STORED} EXCEPT {_CURRENT}) AS removed"
    )
    return sorted({r[0] for r in rows})


def rebuild_reports(conn: sqlite3.Connection, full: bool = False) -> int:
    """Bring the reports table up to date with the stored mentions, rebuilding only the dedup
    groups that changed (every group when ``full``); returns how many reports there are."""
    _fill_digests(conn)
    if full:
        with conn:
            conn.execute("DELETE FROM reports")
            conn.execute("DELETE FROM report_sources")
        groups = [r[0] for r in conn.execute(f"SELECT DISTINCT dedup_group FROM ({_CURRENT}) AS c ORDER BY 1")]
    else:
        groups = changed_groups(conn)
    for start in range(0, len(groups), GROUPS_PER_BATCH):
        _rebuild(conn, groups[start:start + GROUPS_PER_BATCH])
    return conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]


def _windows(conn: sqlite3.Connection, groups: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(earliest, latest) publication day of each dedup group's documents where they bound it."""
    marks = ",".join("?" * len(groups))
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT dedup_group, MAX(published_not_before), MIN(published_not_after) FROM documents "
        f"WHERE is_current = 1 AND dedup_group IN ({marks}) GROUP BY dedup_group", groups)}


def _rebuild(conn: sqlite3.Connection, groups: list[str]) -> None:
    rows, sources = [], []
    windows = _windows(conn, groups) if groups else {}
    for group, told in mentions_by_group(conn, groups):
        sources += [(group, d) for _, d in told]
        for inc in build_incidents([m for m, _ in told]):
            p = inc.primary
            key = report_key([m.key for m in inc.mentions])
            rows.append((
                key, group, p.event_type, p.sub_event_type,
                inc.actor1, inc.event_date, inc.event_date_end or inc.event_date,
                int(any(m.date_strong and m.event_date for m in inc.mentions)),
                p.latitude, p.longitude, inc.fatalities_low, p.country_code,
                json.dumps(sorted(m.key for m in inc.mentions)), int(all(m.type_weak for m in inc.mentions)),
                p.geo_precision, *windows.get(group, (None, None)),
                next((m.month_day for m in inc.mentions if m.month_day), None),
            ))
    marks = ",".join("?" * len(groups))
    with conn:
        conn.execute(f"DELETE FROM reports WHERE dedup_group IN ({marks})", groups)
        conn.execute(f"DELETE FROM report_sources WHERE dedup_group IN ({marks})", groups)
        conn.executemany(
            "INSERT INTO reports (key, dedup_group, event_type, sub_event_type, actor1, date_start, date_end, "
            "date_strong, latitude, longitude, fatalities_low, country_code, mention_ids, type_weak, geo_precision, "
            "window_start, window_end, month_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO report_sources VALUES (?, ?)", sources)


def _fill_digests(conn: sqlite3.Connection) -> None:
    """Mentions stored before digests existed get theirs (once)."""
    missing = conn.execute("SELECT id, seq, payload FROM mentions WHERE digest IS NULL").fetchall()
    if missing:
        with conn:
            conn.executemany(
                "UPDATE mentions SET digest = ? WHERE id = ?", [(digest(f"{r[1]}|{r[2]}"), r[0]) for r in missing]
            )
