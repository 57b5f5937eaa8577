"""Reports: the incidents of one dedup group (an article and its syndicated copies), stored so
that linking across groups is a global step over the store, not over one process's memory."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from vigie.events.incidents import build_incidents
from vigie.store.incidents import mentions_by_group


def report_key(mention_keys: list[str]) -> str:
    """A report's identity is its tellings: the same text gives the same key on every run."""
    return "R" + hashlib.sha1("|".join(sorted(mention_keys)).encode()).hexdigest()[:16]


def rebuild_reports(conn: sqlite3.Connection) -> int:
    """Replace the reports table from the stored mentions, one dedup group at a time."""
    rows = []
    for group, mentions in mentions_by_group(conn):
        for inc in build_incidents(mentions):
            p = inc.primary
            rows.append((
                report_key([m.key for m in inc.mentions]), group, p.event_type, p.sub_event_type,
                inc.actor1, inc.event_date, inc.event_date_end or inc.event_date,
                int(any(m.date_strong and m.event_date for m in inc.mentions)),
                p.latitude, p.longitude, inc.fatalities_low, p.country_code,
                json.dumps(sorted(m.key for m in inc.mentions)),
            ))
    with conn:
        conn.execute("DELETE FROM reports")
        conn.executemany("INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
