"""Dates declared by a container (a JSONL ``published`` field, a WARC-Date header), checked.

A declared date is trusted more than anything read in the text, so a bad one must not get
through: ``2016-02-31`` or ``0000-00-00`` would later break date arithmetic and ``0001-01-01``
would date an article two thousand years back. Such a value is ignored with a warning and the
document is still read; a bad time of day loses only the time.
"""

from __future__ import annotations

import re

from vigie.limits import MIN_YEAR, calendar_date, max_year

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2}))?")


def declared_date(value: object, field: str) -> tuple[str | None, str | None]:
    """(``YYYY-MM-DD`` or ``YYYY-MM-DD[T ]HH:MM``, None), or the part kept and why the rest was
    ignored (a one-line warning naming ``field``)."""
    text = str(value).strip()
    shown = text if len(text) <= 40 else text[:40] + "..."
    match = _DATE.match(text)
    if not match:
        return None, f"{field} value {shown!r} is not a date; ignored"
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not MIN_YEAR <= year <= max_year():
        return None, f"{field} value {shown!r}: year {year:04d} is outside {MIN_YEAR}-{max_year()}; ignored"
    if calendar_date(year, month, day) is None:
        return None, f"{field} value {shown!r} is not a real calendar date; ignored"
    if match.group(4) is None:
        return match.group(0), None
    hour, minute = int(match.group(5)), int(match.group(6))
    if hour > 23 or minute > 59:
        return match.group(0)[:10], f"{field} value {shown!r}: {hour:02d}:{minute:02d} is not a time of day; date kept"
    return match.group(0), None
