"""Which incidents an export keeps: a small, immutable filter shared by every format.

Dates compare as ISO strings (``YYYY-MM-DD`` sorts like the date it names). Text comparisons
are case-insensitive (``str.casefold``) and ignore surrounding spaces in the filter value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


def _fold(value: object) -> str:
    return str(value).strip().casefold() if value is not None else ""


@dataclass(frozen=True)
class IncidentFilter:
    """Criteria an incident must all meet; a criterion left at None does not filter.

    Example::

        IncidentFilter(since="2015-10-01", country="syria", actor="russian")
    """

    since: str | None = None  # YYYY-MM-DD inclusive, on event_date
    until: str | None = None  # YYYY-MM-DD inclusive, on event_date
    country: str | None = None  # case-insensitive equality on country
    actor: str | None = None  # case-insensitive substring of actor1 or actor2
    type: str | None = None  # case-insensitive equality on event_type or sub_event_type

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                dt.date.fromisoformat(value)
                valid = len(value) == 10
            except (TypeError, ValueError):
                valid = False
            if not valid:
                raise ValueError(f"{name}={value!r} is not a date: write it as YYYY-MM-DD, e.g. 2015-10-01")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since={self.since} is after until={self.until}: no incident could match; swap them")

    def matches(self, record: dict) -> bool:
        """Does this incident meet every criterion? An incident without an event_date never
        matches a date criterion: its day is unknown, so it cannot be said to fall inside."""
        if self.since is not None or self.until is not None:
            date = record.get("event_date")
            if not date:
                return False
            day = str(date)[:10]
            if self.since is not None and day < self.since:
                return False
            if self.until is not None and day > self.until:
                return False
        if self.country is not None and _fold(record.get("country")) != _fold(self.country):
            return False
        if self.actor is not None:
            needle = _fold(self.actor)
            if not any(needle in _fold(record.get(key)) for key in ("actor1", "actor2") if record.get(key)):
                return False
        if self.type is not None:
            wanted = _fold(self.type)
            if wanted not in (_fold(record.get("event_type")), _fold(record.get("sub_event_type"))):
                return False
        return True


def filter_records(records: Iterable[dict], f: IncidentFilter) -> Iterator[dict]:
    """The records that match ``f``, lazily and in their input order."""
    return (record for record in records if f.matches(record))
