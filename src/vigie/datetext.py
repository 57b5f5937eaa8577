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
from vigie import lexicon


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    start: int
    end: int
    text: str


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    months = {k: int(v) for k, v in lexicon.mapping(lang, "months.txt").items()}
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    written = re.compile(
        rf"\b(\d{{1,2}})(?:er)?\s+({names})\.?\s+(\d{{4}})\b", re.IGNORECASE
    )
    numeric = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
    return written, numeric, months


def find_dates(text: str, lang: str = "fr") -> Iterator[DateMention]:
    """Every complete, valid calendar date written in ``text``, in order of appearance."""
    written, numeric, months = _patterns(lang)
    found = []
    for m in written.finditer(text):
        day, month, year = int(m.group(1)), months[m.group(2).lower()], int(m.group(3))
        found.append((m, day, month, year))
    for m in numeric.finditer(text):
        found.append((m, int(m.group(1)), int(m.group(2)), int(m.group(3))))
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
