"""How the scorer reads a gold line and a system incident, and what makes one unusable.

Gold lines are hand-written by users on their own articles, so every accessor tolerates a
missing optional key (a gold line without ``lat``/``lon`` simply never matches). Values that
are present but of the wrong kind are reported as one-line problems instead of being guessed
at: a silently ignored typo in a gold file would make every score computed from it a lie.
"""

from __future__ import annotations

import re
from datetime import date

# README: "Only violent incidents count ... on both sides."
VIOLENT_EVENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
GEO_PRECISIONS = (1, 2, 3)  # 1 town, 2 near a town / part of a region, 3 province only
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LIST_KEYS = (
    "fatalities_low_alt", "civilian_fatalities_low_alt", "actor1_candidates", "actor2_candidates",
)


def is_violent(record: dict) -> bool:
    return record.get("event_type") in VIOLENT_EVENT_TYPES


def is_scored(gold: dict) -> bool:
    """A gold line counts unless it says ``scored: false`` (a missing key means scored)."""
    return gold.get("scored", True) is not False


def label(record: dict) -> str:
    """The id shown in reports; records without one are still reported, as ``(no id)``."""
    value = record.get("id")
    return "(no id)" if value is None else str(value)


def gold_docs(gold: dict) -> list[str]:
    return list(gold.get("docs") or [])


def system_docs(system: dict) -> list[str]:
    """Document ids a system incident cites, in source order, without repeats."""
    seen: dict[str, None] = {}
    for source in system.get("sources") or []:
        if isinstance(source, dict) and source.get("doc_id") is not None:
            seen[str(source["doc_id"])] = None
    return list(seen)


def gold_point(gold: dict) -> tuple[float, float] | None:
    return _point(gold.get("lat"), gold.get("lon"))


def system_point(system: dict) -> tuple[float, float] | None:
    return _point(system.get("latitude"), system.get("longitude"))


def day(value: str | None) -> date | None:
    """A validated ``YYYY-MM-DD`` string (or null) as a date."""
    return None if value is None else date.fromisoformat(value)


def gold_range(gold: dict) -> tuple[date, date] | None:
    """[event_date, event_date_end], a single day when the end is null; None when undated."""
    start = day(gold.get("event_date"))
    if start is None:
        return None
    return start, day(gold.get("event_date_end")) or start


def gold_problem(gold: object) -> str | None:
    """Why a gold line cannot be scored, in words an annotator can act on; None when usable."""
    if not isinstance(gold, dict):
        return f"expected a JSON object (one gold incident), got {type(gold).__name__}"
    docs = gold.get("docs")
    if docs is not None and not (isinstance(docs, list) and all(isinstance(d, str) for d in docs)):
        return 'docs must be a list of document ids, e.g. ["003_037b71889fdd9b2d"]'
    problem = (
        _point_problem(gold.get("lat"), gold.get("lon"), "lat", "lon")
        or _date_problem(gold.get("event_date"), "event_date")
        or _date_problem(gold.get("event_date_end"), "event_date_end")
        or _text_problem(gold, ("event_type", "sub_event_type"))
    )
    if problem:
        return problem
    if gold.get("event_date_end") is not None:
        if gold.get("event_date") is None:
            return "event_date_end is set but event_date is null: give the start of the range"
        if gold["event_date_end"] < gold["event_date"]:
            return f"event_date_end {gold['event_date_end']} is before event_date {gold['event_date']}"
    precision = gold.get("geo_precision")
    if precision is not None and (isinstance(precision, bool) or precision not in GEO_PRECISIONS):
        return f"geo_precision must be 1, 2, 3 or null, got {precision!r}"
    if "scored" in gold and not isinstance(gold["scored"], bool):
        return f"scored must be true or false, got {gold['scored']!r}"
    for key in _LIST_KEYS:
        if gold.get(key) is not None and not isinstance(gold[key], list):
            return f"{key} must be a list, got {gold[key]!r}"
    return None


def system_problem(system: object) -> str | None:
    """Why a system incident cannot be scored (an exporter bug, most likely); None when usable."""
    if not isinstance(system, dict):
        return f"expected an incident object, got {type(system).__name__}"
    sources = system.get("sources")
    if sources is not None and not isinstance(sources, list):
        return "sources must be a list of {doc_id, url, outlet, quote, start, end}"
    return (
        _point_problem(system.get("latitude"), system.get("longitude"), "latitude", "longitude")
        or _date_problem(system.get("event_date"), "event_date")
        or _text_problem(system, ("sub_event_type",))
    )


def _point(lat: object, lon: object) -> tuple[float, float] | None:
    if lat is None or lon is None:
        return None
    return float(lat), float(lon)  # type: ignore[arg-type]


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _point_problem(lat: object, lon: object, lat_key: str, lon_key: str) -> str | None:
    for key, value, bound in ((lat_key, lat, 90), (lon_key, lon, 180)):
        if value is not None and not (_is_number(value) and -bound <= value <= bound):
            return f"{key} must be a number between -{bound} and {bound} or null, got {value!r}"
    return None


def _date_problem(value: object, key: str) -> str | None:
    if value is None:
        return None
    if not (isinstance(value, str) and _DAY.fullmatch(value)):
        return f"{key} must be a YYYY-MM-DD date or null, got {value!r}"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{key} {value!r} is not a calendar date"
    return None


def _text_problem(record: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return f"{key} must be a string or null, got {value!r}"
    return None
