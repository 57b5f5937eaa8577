"""Absolute dates as written in text: "le 14 juillet 2016", "1er mars 2016", "28/11/2014".

Only complete dates are read here (day, month and year all written out). Relative words
("mardi", "la veille") belong to the event-dating stage, which has a publication date to anchor
them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from vigie.limits import calendar_date
from vigie import grammar, lexicon


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    start: int
    end: int
    text: str


_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[tuple[re.Pattern[str], ...], str, dict[str, int]]:
    """The pack's written forms (``dates.written``: groups day, month, year), the order of a
    numeric date (``dates.numeric``: "dmy", "mdy", or "none" where a language's writers use
    both and 03/04 cannot be told), and its month names."""
    months = {k: int(v) for k, v in lexicon.mapping(lang, "months.txt").items()}
    return grammar.regexes(lang, "dates.written"), grammar.setting(lang, "dates.numeric"), months


def find_dates(text: str, lang: str = "fr") -> Iterator[DateMention]:
    """Every complete, valid calendar date written in ``text``, in order of appearance."""
    written, order, months = _patterns(lang)
    found = []
    for pattern in written:
        for m in pattern.finditer(text):
            day, month, year = int(m.group("day")), months[m.group("month").lower().rstrip(".")], int(m.group("year"))
            found.append((m, day, month, year))
    if order in ("dmy", "mdy"):
        for m in _NUMERIC.finditer(text):
            first, second = int(m.group(1)), int(m.group(2))
            day, month = (first, second) if order == "dmy" else (second, first)
            found.append((m, day, month, int(m.group(3))))
    for m, day, month, year in sorted(found, key=lambda f: f[0].start()):
        date = calendar_date(year, month, day)  # "31 février", "1er janvier 0001" are no dates
        if date is not None:
            yield DateMention(date, m.start(), m.end(), m.group(0))


def first_date(text: str, lang: str = "fr") -> dt.date | None:
    return next((d.date for d in find_dates(text, lang)), None)


@lru_cache(maxsize=None)
def weekday_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, int]]:
    days = {k: int(v) for k, v in lexicon.mapping(lang, "weekdays.txt").items()}
    return re.compile(rf"\b({'|'.join(days)})\b", re.IGNORECASE), days


def weekdays_mentioned(text: str, lang: str = "fr") -> set[int]:
    """Weekday numbers (Monday 0) named anywhere in the text."""
    pat, days = weekday_pattern(lang)
    return {days[m.group(1).lower()] for m in pat.finditer(text)}
