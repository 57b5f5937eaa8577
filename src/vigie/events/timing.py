"""When an event happened, from the words of its clause and the publication date.

Weekdays resolve to the latest such day up to the publication date (the same weekday is the
publication day itself: news reports today's events with today's weekday). "depuis mardi" is a
range to the publication date, "dans la nuit" the night before it, "la veille" the day before
the previous event of the article. A weekday that dates a statement ("a indiqué mercredi") or
another kind of event ("une rencontre mercredi") is not the event's date. Without a publication
date no relative word can be resolved: the date is None, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from vigie.limits import calendar_date, iso_day
from vigie import grammar, lexicon
from vigie.datetext import find_dates

#: A range longer than this is a campaign summary ("depuis le 30 septembre"), not an incident.
MAX_INCIDENT_RANGE_DAYS = 4
#: Words between a weekday and a reporting verb for the weekday to date the statement ("a
#: indiqué mercredi"), and between a non-violent event noun and a weekday for the weekday to
#: date that event ("une réunion à Sotchi qui a commencé mercredi").
ATTACHMENT_WINDOW = 3
NON_EVENT_WINDOW = 7
_WORDS = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class EventDate:
    start: dt.date | None
    end: dt.date | None
    precision: str  # day / range / unknown
    strong: bool  # read from the clause itself (False: the report's own day)
    start_char: int = -1
    end_char: int = -1
    campaign: bool = False  # a range too long to be one incident
    #: "lundi 23 mai" in an article nobody dated: the day and month without a year ("05-23"),
    #: which still tells which dated incidents the event can be.
    month_day: str | None = None


def resolve_weekday(published: dt.date, weekday: int) -> dt.date:
    """The latest day with this weekday on or before the publication date."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


@lru_cache(maxsize=None)
def _vocab(lang: str):
    days = {k: int(v) for k, v in lexicon.mapping(lang, "weekdays.txt").items()}
    months = {k: int(v) for k, v in lexicon.mapping(lang, "months.txt").items()}
    day_names = "|".join(sorted(map(re.escape, days), key=len, reverse=True))
    prefix, parts = grammar.setting(lang, "dates.weekday_prefix"), grammar.setting(lang, "dates.day_parts")
    joiner = grammar.setting(lang, "dates.weekday_range")
    return {
        "days": days,
        "months": months,
        "weekday": re.compile(rf"(?<!\w)({prefix})?({day_names})(?: ({parts}))?(?: {joiner} ({day_names}))?(?!\w)", re.I),
        "weekday_day_month": grammar.regexes(lang, "dates.weekday_day_month"),
        "day_month": grammar.regexes(lang, "dates.day_month"),
        "since": tuple(grammar.words(lang, "dates.since")),
        "relative": [(re.compile(rf"(?<!\w){re.escape(k)}(?!\w)", re.I), v) for k, v in lexicon.pairs(lang, "time_cues.txt")],
        "night": grammar.regex(lang, "dates.night"),
        "reporting": lexicon.words(lang, "reporting_words.txt"),
        "non_event": lexicon.words(lang, "non_event_nouns.txt"),
    }


def _each(patterns, clause: str) -> list[re.Match[str]]:
    """Matches of several patterns in the order they appear in the clause."""
    return sorted((m for p in patterns for m in p.finditer(clause)), key=lambda m: m.start())


def _month(v, match: re.Match[str]) -> int:
    return v["months"][match.group("month").lower().rstrip(".")]


def _attached_to(text: str, start: int, end: int, vocabulary: frozenset[str], window: int = ATTACHMENT_WINDOW) -> bool:
    """Is one of these words within a few words of the weekday at [start, end)?"""
    # A window of characters is enough for a few words (and keeps this linear in the clause).
    before = _WORDS.findall(text[max(0, start - 15 * window):start].lower())[-window:]
    after = _WORDS.findall(text[end:end + 40].lower())[:1]
    return any(w in vocabulary for w in before + after)


def _attached_elsewhere(text: str, start: int, end: int, lang: str) -> bool:
    """Does the weekday at [start, end) date a statement or a non-violent event?"""
    v = _vocab(lang)
    return _attached_to(text, start, end, v["reporting"]) or _attached_to(
        text, start, end, v["non_event"], NON_EVENT_WINDOW
    )


def event_date(
    clause: str,
    published: dt.date | None,
    previous: dt.date | None,
    lang: str = "fr",
    years: tuple[dt.date, dt.date] | None = None,
) -> EventDate:
    """The date of the event told in ``clause`` (offsets are within the clause).

    ``years``: for an article with no publication date, the days its events can fall on
    (from its latest year named, a `date YYYY-MM` header...). "dimanche 8 avril" then fixes
    the day when exactly one 8 April in that span is a Sunday; nothing else is resolved
    without a publication date."""
    v = _vocab(lang)
    for mention in find_dates(clause, lang):  # a complete date, year included
        return EventDate(mention.date, mention.date, "day", True, mention.start, mention.end)
    if published is None and years is not None:
        for match in _each(v["weekday_day_month"], clause):
            weekday = v["days"][match.group("weekday").lower()]
            month, day = _month(v, match), int(match.group("day"))
            fits = []
            for year in range(years[0].year, years[1].year + 1):
                try:
                    when = dt.date(year, month, day)
                except ValueError:
                    continue
                if when.weekday() == weekday and years[0] <= when <= years[1]:
                    fits.append(when)
            if len(fits) == 1:
                return EventDate(fits[0], fits[0], "day", True, match.start(), match.end())
    if published is None:
        for match in _each(v["day_month"], clause):
            if not match.group("since"):
                month, day = _month(v, match), int(match.group("day"))
                if 1 <= day <= 31:
                    return EventDate(None, None, "unknown", False, match.start(), match.end(), month_day=f"{month:02d}-{day:02d}")
        return EventDate(None, None, "unknown", False)
    for match in _each(v["day_month"], clause):
        year = published.year
        month, day = _month(v, match), int(match.group("day"))
        date = calendar_date(year, month, day)
        if date is not None and date > published:
            # The last such day before publication; 29 February a year back may not exist.
            date = calendar_date(year - 1, month, day)
        if date is None:
            continue
        if match.group("since"):  # "depuis le 30 septembre"
            return _range(date, published, match.start(), match.end())
        return EventDate(date, date, "day", True, match.start(), match.end())
    for match in v["weekday"].finditer(clause):
        prefix, first = (match.group(1) or "").lower(), v["days"][match.group(2).lower()]
        if not prefix and _attached_elsewhere(clause, match.start(), match.end(), lang):
            continue
        day = resolve_weekday(published, first)
        if match.group(4):  # "dans la nuit de samedi à dimanche"
            last = resolve_weekday(published, v["days"][match.group(4).lower()])
            start = min(day, last) if last - day <= dt.timedelta(days=1) else last - dt.timedelta(days=1)
            return EventDate(start, last, "range", True, match.start(), match.end())
        if prefix.startswith(v["since"]):
            return _range(day, published, match.start(), match.end())
        return EventDate(day, day, "day", True, match.start(), match.end())
    for pattern, offset in v["relative"]:
        match = pattern.search(clause)
        if not match:
            continue
        if offset.startswith("prev"):
            if previous is None:
                return EventDate(None, None, "unknown", True, match.start(), match.end())
            delta = int(offset[4:] or 0)
            day = previous + dt.timedelta(days=delta)
        else:
            day = published + dt.timedelta(days=int(offset))
        return EventDate(day, day, "day", True, match.start(), match.end())
    match = v["night"].search(clause)
    if match:
        return EventDate(published - dt.timedelta(days=1), published, "range", True, match.start(), match.end())
    return report_date(clause, published, lang)


def report_date(clause: str, published: dt.date, lang: str = "fr") -> EventDate:
    """No date for the event itself: the day of the report (a weekday next to a reporting
    verb, else the publication date), marked weak so that a dated telling of the same event
    in the article takes precedence."""
    v = _vocab(lang)
    for match in v["weekday"].finditer(clause):
        if not match.group(1) and _attached_to(clause, match.start(), match.end(), v["reporting"]):
            day = resolve_weekday(published, v["days"][match.group(2).lower()])
            return EventDate(day, day, "day", False, match.start(), match.end())
    return EventDate(published, published, "day", False)


def _range(start: dt.date, end: dt.date, a: int, b: int) -> EventDate:
    campaign = (end - start).days > MAX_INCIDENT_RANGE_DAYS
    return EventDate(start, end, "range", True, a, b, campaign=campaign)


def article_days(text: str, window: tuple[str | None, str | None] | None) -> tuple[dt.date, dt.date] | None:
    """The days an undated article's events can fall on: from the latest year it names (or
    its known earliest day) to a year later, or back a year from its latest possible day."""
    from vigie.describe.dates import latest_year

    earliest, latest = window or (None, None)
    upper, lower = iso_day(latest), iso_day(earliest)
    if lower is None:
        year = latest_year(text, upper)
        lower = dt.date(year, 1, 1) if year else None
    if lower is None and upper is None:
        return None
    lower = lower or dt.date(upper.year - 1, 1, 1)
    upper = upper or dt.date(lower.year + 1, 12, 31)
    return (lower, upper) if lower <= upper else None
