"""Human review: accept, reject or edit an incident, merge two, split one; every change kept
with who, when and the value before.

A reviewer's decision outlives the pipeline: field values live in ``incident_overrides`` and
are re-applied after every run (incident ids are stable, and an id that was merged away is
followed through its forward); merges and splits are recorded over report keys in
``link_decisions``, which the linker obeys. A re-run never overwrites a human decision.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass

from vigie.limits import iso_day, plausible_count
from vigie.errors import VigieError
from vigie.link.ids import resolve
from vigie.store.db import now

#: Fields a reviewer may edit, with how a typed value is checked.
EDITABLE: dict[str, str] = {
    "event_date": "date", "event_date_end": "date", "event_type": "text", "sub_event_type": "text",
    "actor1": "text", "actor2": "text", "country": "text", "admin1": "text", "location": "text",
    "latitude": "float", "longitude": "float", "geo_precision": "int",
    "fatalities_low": "int", "fatalities_best": "int", "fatalities_high": "int",
    "civilian_fatalities_low": "int", "notes": "text",
}
STATES = ("unreviewed", "accepted", "rejected", "edited")


class ReviewError(VigieError):
    """A correction that cannot be applied; the message says why."""


@dataclass(frozen=True)
class Correction:
    id: int
    incident_id: str
    action: str
    field: str | None
    old_value: object
    new_value: object
    username: str
    at: str


def parse_value(field: str, raw: str | None) -> object:
    """A form value as the field's type; empty means null (unknown), never 0."""
    if field not in EDITABLE:
        raise ReviewError(f"'{field}' cannot be edited; editable fields: {', '.join(EDITABLE)}")
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    kind = EDITABLE[field]
    # The same bounds as every parser (vigie.limits): a correction is stored and exported, so a
    # 23-digit toll, a NaN latitude or the year 0001 would break what reads it later.
    try:
        if kind == "int":
            if not (text.isascii() and text.isdigit()) or not plausible_count(int(text)):
                raise ValueError
            return int(text)
        if kind == "float":
            value = float(text)
            bound = {"latitude": 90, "longitude": 180}.get(field, math.inf)
            if not math.isfinite(value) or not -bound <= value <= bound:
                raise ValueError
            return value
        if kind == "date":
            day = iso_day(text) if len(text) == 10 else None
            if day is None:
                raise ValueError
            return day.isoformat()
    except ValueError:
        raise ReviewError(f"'{text[:40]}' is not a valid {kind} for {field}") from None
    return text


def _incident(conn: sqlite3.Connection, incident_id: str) -> sqlite3.Row:
    live = resolve(conn, incident_id)
    row = conn.execute("SELECT * FROM incidents WHERE id = ?", (live,)).fetchone() if live else None
    if row is None:
        raise ReviewError(f"no incident '{incident_id}'")
    return row


def _log(conn, incident_id, action, field, old, new, username) -> None:
    conn.execute(
        "INSERT INTO corrections (incident_id, action, field, old_value, new_value, username, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (incident_id, action, field, json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False), username, now()),
    )


def _set_state(conn, incident_id: str, state: str, username: str) -> None:
    conn.execute(
        "INSERT INTO incident_reviews (incident_id, state, username, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(incident_id) DO UPDATE SET state = excluded.state, username = excluded.username, at = excluded.at",
        (incident_id, state, username, now()),
    )
    conn.execute("UPDATE incidents SET review_state = ? WHERE id = ?", (state, incident_id))


def edit(conn: sqlite3.Connection, incident_id: str, field: str, raw: str | None, username: str) -> Correction:
    row = _incident(conn, incident_id)
    value = parse_value(field, raw)
    old = row[field]
    with conn:
        conn.execute(
            "INSERT INTO incident_overrides (incident_id, field, value) VALUES (?, ?, ?) "
            "ON CONFLICT(incident_id, field) DO UPDATE SET value = excluded.value",
            (row["id"], field, json.dumps(value, ensure_ascii=False)),
        )
        conn.execute(f"UPDATE incidents SET {field} = ? WHERE id = ?", (value, row["id"]))
        _log(conn, row["id"], "edit", field, old, value, username)
        _set_state(conn, row["id"], "edited", username)
    return history(conn, row["id"])[0]


def set_review_state(conn: sqlite3.Connection, incident_id: str, state: str, username: str) -> Correction:
    if state not in ("accepted", "rejected"):
        raise ReviewError(f"'{state}' is not a review decision: accept or reject")
    row = _incident(conn, incident_id)
    with conn:
        _log(conn, row["id"], "review", "review_state", row["review_state"], state, username)
        _set_state(conn, row["id"], state, username)
    return history(conn, row["id"])[0]


def _report_keys(conn: sqlite3.Connection, incident_id: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT report_key FROM incident_members WHERE incident_id = ? AND active = 1 ORDER BY report_key", (incident_id,)
    )]


def merge(conn: sqlite3.Connection, incident_id: str, other_id: str, username: str) -> None:
    """Record that two incidents are one; the next link run (or now) joins them."""
    a, b = _incident(conn, incident_id), _incident(conn, other_id)
    if a["id"] == b["id"]:
        raise ReviewError("an incident cannot be merged with itself")
    keys = _report_keys(conn, a["id"]) + _report_keys(conn, b["id"])
    with conn:
        conn.execute(
            "INSERT INTO link_decisions (kind, report_keys, username, at) VALUES ('merge', ?, ?, ?)",
            (json.dumps(sorted(keys)), username, now()),
        )
        _log(conn, a["id"], "merge", None, a["id"], b["id"], username)
        _log(conn, b["id"], "merge", None, b["id"], a["id"], username)


def split(conn: sqlite3.Connection, incident_id: str, doc_id: str, username: str) -> None:
    """Record that the telling from ``doc_id`` is a different incident."""
    row = _incident(conn, incident_id)
    keys = [
        r[0] for r in conn.execute(
            "SELECT m.report_key FROM incident_members m JOIN reports r ON r.key = m.report_key "
            "JOIN documents d ON d.dedup_group = r.dedup_group AND d.id = ? "
            "WHERE m.incident_id = ? AND m.active = 1", (doc_id, row["id"]),
        )
    ]
    if not keys or len(keys) == len(_report_keys(conn, row["id"])):
        raise ReviewError(f"{doc_id} is not one of several reports of {row['id']}: nothing to split")
    with conn:
        conn.execute(
            "INSERT INTO link_decisions (kind, report_keys, username, at) VALUES ('split', ?, ?, ?)",
            (json.dumps(sorted(keys)), username, now()),
        )
        _log(conn, row["id"], "split", None, row["id"], doc_id, username)


def decisions(conn: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    """(kind, report keys) of every linking decision, oldest first."""
    return [(r[0], json.loads(r[1])) for r in conn.execute("SELECT kind, report_keys FROM link_decisions ORDER BY id")]


def apply_reviews(conn: sqlite3.Connection) -> int:
    """Re-apply every human value and review state onto the freshly linked incidents."""
    applied = 0
    for r in conn.execute("SELECT incident_id, field, value FROM incident_overrides ORDER BY incident_id, field").fetchall():
        live = resolve(conn, r["incident_id"])
        if live and r["field"] in EDITABLE:
            conn.execute(f"UPDATE incidents SET {r['field']} = ? WHERE id = ?", (json.loads(r["value"]), live))
            applied += 1
    for r in conn.execute("SELECT incident_id, state FROM incident_reviews").fetchall():
        live = resolve(conn, r["incident_id"])
        if live:
            conn.execute("UPDATE incidents SET review_state = ? WHERE id = ?", (r["state"], live))
    return applied


def history(conn: sqlite3.Connection, incident_id: str) -> list[Correction]:
    """The audit trail of an incident, newest first."""
    return [
        Correction(r["id"], r["incident_id"], r["action"], r["field"], json.loads(r["old_value"]),
                   json.loads(r["new_value"]), r["username"], r["at"])
        for r in conn.execute(
            "SELECT * FROM corrections WHERE incident_id = ? ORDER BY id DESC", (incident_id,)
        )
    ]
