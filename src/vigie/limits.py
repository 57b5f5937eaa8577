"""Plausibility bounds shared by every stage that parses, stores or accepts a value.

A value outside these bounds is not a value of that kind: a "toll" of 10^21 is a string of
digits, a "year" 0001 is a typo or an attack, and either one, once stored, would break every
later computation that trusts it (date arithmetic, SQLite's 64-bit integers). Parsers drop such
values where they read them; the store refuses them before writing; the web app answers 422.
"""

from __future__ import annotations

import datetime as dt

#: The largest count of people Vigie reads as a count. The deadliest events and war-wide totals
#: reported in the press are in the hundreds of thousands to a few millions ("500 000 morts"
#: in Syria, "1,5 million" displaced); 100 million leaves a wide margin and stays far below
#: SQLite's 2^63.
MAX_COUNT = 100_000_000

#: Years a news report can be about or be published in. Conflict archives digitised by the
#: press go back to the early twentieth century; a year before 1900 in a crawl is a misread.
MIN_YEAR = 1900


def max_year() -> int:
    """Next year: a page may be dated a little ahead of this machine's clock (time zones,
    embargoed copy), never further."""
    return dt.date.today().year + 1


def plausible_year(year: int) -> bool:
    return MIN_YEAR <= year <= max_year()


def plausible_count(value: int) -> bool:
    return 0 <= value <= MAX_COUNT


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it is not a real day ("31 février") or not a plausible year."""
    if not plausible_year(year):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def iso_day(value: str | None) -> dt.date | None:
    """A stored or declared ``YYYY-MM-DD...`` value as a day, or None when it is none: a value
    written by an older release or another tool is read, never trusted, so one bad row cannot
    stop every later run."""
    if not value or len(value) < 10:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if plausible_year(day.year) else None
