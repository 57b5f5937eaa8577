"""Every value a request brings, checked before it reaches SQL or the review functions.

A filter, a page number or a correction is either a plausible value of its kind or refused with
one line saying what was wrong (``InvalidInput``, answered 422: in the page for the HTML
routes, as ``{"detail": ...}`` for the API). Unchecked, a 20-digit toll overflowed SQLite's
64-bit integers, a NUL byte or a 50 KB search broke the full-text and LIKE matching, and a
reviewer could store a latitude of NaN; each of those answered 500.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

from vigie.errors import VigieError
from vigie.limits import MAX_COUNT, MIN_YEAR, max_year, plausible_year
import vigie.link  # noqa: F401  (first: vigie.review imported before vigie.link is a circular import)
from vigie.review import EDITABLE, STATES
from vigie.web.queries import MAX_PER_PAGE, SORTABLE, Filters

#: The longest free-text filter (place, actor, type, search words). Actor and place names are
#: under 100 characters; SQLite refuses LIKE patterns over 50,000 bytes, which a 50 KB actor
#: filter reached.
MAX_FILTER_CHARS = 200
#: The highest page number. A million pages of the largest page size is beyond any database
#: here, and keeps the row offset far inside SQLite's 64-bit integers.
MAX_PAGE = 1_000_000
#: The longest reviewer note; other edited text (actor, place, type names) is a filter's length.
MAX_NOTE_CHARS = 10_000
#: Login form fields: user names are short words; a password longer than this is not typed but
#: pasted to make scrypt work (it reads the whole password).
MAX_USERNAME_CHARS = 64
MAX_PASSWORD_CHARS = 1024
#: The longest id accepted in a form (documents ids can be whole URLs, from WARC records).
MAX_ID_CHARS = 2048
#: ACLED's geo_precision: 1 the town itself, 2 near it or a part of a region, 3 a region.
GEO_PRECISIONS = (1, 2, 3)

_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
#: Fields whose column is NOT NULL: clearing them would not mean "unknown", it would break the row.
_REQUIRED = ("event_type", "sub_event_type")


class InvalidInput(VigieError):
    """A request value that is not a value of its kind; the message says which and why."""


def text(name: str, raw: str | None, limit: int = MAX_FILTER_CHARS) -> str | None:
    """A free-text value, stripped; None when empty."""
    if raw is None:
        return None
    if "\x00" in raw:
        raise InvalidInput(f"{name}: a NUL byte is not text")
    value = raw.strip()
    if len(value) > limit:
        raise InvalidInput(f"{name}: at most {limit} characters ({len(value)} given)")
    return value or None


def count(name: str, raw: str) -> int:
    """A non-negative whole number of people (ASCII digits only: '²' and '１２' are not counts)."""
    if not _DIGITS.fullmatch(raw) or len(raw) > len(str(MAX_COUNT)) or int(raw) > MAX_COUNT:
        raise InvalidInput(f"{name}: a whole number from 0 to {MAX_COUNT:,} ('{raw[:40]}' given)")
    return int(raw)


def day(name: str, raw: str) -> str:
    """A calendar day, YYYY-MM-DD, in the years news can be about."""
    try:
        value = dt.date.fromisoformat(raw) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw) else None
    except ValueError:
        value = None
    if value is None or not plausible_year(value.year):
        raise InvalidInput(f"{name}: a day written YYYY-MM-DD between {MIN_YEAR} and {max_year()} ('{raw[:40]}' given)")
    return value.isoformat()


def coordinate(name: str, raw: str, bound: float) -> float:
    """A finite decimal number in [-bound, bound] (no 'nan', 'inf', exponents or '1_0')."""
    value = float(raw) if _DECIMAL.fullmatch(raw) and len(raw) <= 32 else math.nan
    if not math.isfinite(value) or not -bound <= value <= bound:
        raise InvalidInput(f"{name}: a number from {-bound:g} to {bound:g} ('{raw[:40]}' given)")
    return value


def choice(name: str, raw: str, allowed: tuple[str, ...]) -> str:
    if raw not in allowed:
        raise InvalidInput(f"{name}: one of {', '.join(allowed)} ('{raw[:40]}' given)")
    return raw


def parse_filters(params: Mapping[str, str]) -> Filters:
    """The incident filters of a query string, each checked."""
    def get(name: str) -> str | None:
        return text(name, params.get(name))

    since, until, toll, state = get("since"), get("until"), get("min_toll"), get("review_state")
    return Filters(
        since=day("since", since) if since else None,
        until=day("until", until) if until else None,
        country=get("country"), admin1=get("admin1"), actor=get("actor"), type=get("type"),
        min_toll=count("min_toll", toll) if toll else None,
        review_state=choice("review_state", state, STATES) if state else None,
        q=get("q"),
    )


def page_number(raw: str | None) -> int:
    value = text("page", raw) or "1"
    if not _DIGITS.fullmatch(value) or len(value) > len(str(MAX_PAGE)) or not 1 <= int(value) <= MAX_PAGE:
        raise InvalidInput(f"page: a whole number from 1 to {MAX_PAGE:,} ('{value[:40]}' given)")
    return int(value)


def per_page_number(raw: str | None, default: int) -> int:
    value = text("per_page", raw) or str(default)
    if not _DIGITS.fullmatch(value) or len(value) > 4 or not 1 <= int(value) <= MAX_PER_PAGE:
        raise InvalidInput(f"per_page: a whole number from 1 to {MAX_PER_PAGE} ('{value[:40]}' given)")
    return int(value)


def sorting(params: Mapping[str, str]) -> tuple[str, str]:
    """The sort column (whitelisted: it goes into SQL) and direction."""
    sort = choice("sort", text("sort", params.get("sort")) or "event_date", SORTABLE)
    order = choice("order", text("order", params.get("order")) or "desc", ("asc", "desc"))
    return sort, order


def edited_value(field: str, raw: str | None) -> str:
    """A correction's value, checked for its field before ``vigie.review.edit`` parses it;
    returns it stripped ('' clears a field that may be unknown)."""
    choice("field", field, tuple(EDITABLE))
    kind = EDITABLE[field]
    value = text(field, raw, MAX_NOTE_CHARS if field == "notes" else MAX_FILTER_CHARS) or ""
    if not value:
        if field in _REQUIRED:
            raise InvalidInput(f"{field}: cannot be empty (every incident has one)")
        return ""
    if field == "geo_precision":
        choice(field, value, tuple(str(p) for p in GEO_PRECISIONS))
    elif kind == "int":
        count(field, value)
    elif kind == "float":
        coordinate(field, value, 90 if field == "latitude" else 180)
    elif kind == "date":
        day(field, value)
    return value
