"""Incidents as a CSV in ACLED's column layout, so tools built for ACLED read Vigie's output.

The first 19 columns are ACLED's own (``ACLED_COLUMNS``), in ACLED's order; Vigie's extra
columns follow (``VIGIE_COLUMNS``). Where Vigie departs from ACLED's conventions, it is to
keep information ACLED's coding throws away, and each departure is documented on the function
that makes it:

- ``event_date`` is ISO ``YYYY-MM-DD`` (what ACLED's API returns), not the dashboard
  export's ``25 November 2014``: it sorts, and every tool parses it.
- ``fatalities`` is empty when no toll was reported; ACLED writes 0 there, Vigie keeps
  "unknown" apart from "nobody died".
- Ranges keep their last day in ``event_date_end``, tolls their spread in
  ``fatalities_best`` / ``fatalities_high``.

The file is UTF-8, comma-separated, one header row, ``\\n`` line ends, minimal quoting
(``csv.QUOTE_MINIMAL``): Excel, LibreOffice, pandas and ``csv.DictReader`` all open it. Other
keys of a record (figures, evidence, ...) are not written: the CSV is the flat view.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "civilian_targeting", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
VIGIE_COLUMNS = (
    "vigie_id", "event_date_end", "fatalities_best", "fatalities_high", "civilian_fatalities",
    "review_state", "confidence",
)
CSV_COLUMNS = ACLED_COLUMNS + VIGIE_COLUMNS

#: ACLED's time_precision codes: 1 the day is known, 2 a range of days within a week,
#: 3 a longer range, a month, or unknown.
TIME_PRECISION_DAY, TIME_PRECISION_WEEK, TIME_PRECISION_COARSE = 1, 2, 3
#: Longest range (last day minus first day) that ACLED still codes 2: "within a week".
WEEK_SPAN_DAYS = 6

DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}

# English month names written out here rather than through strftime("%B"), which follows the
# process locale and would make the bytes of an export depend on the machine.
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

# What actor1 did, by sub-event type: (with a target, "{}" is actor2; without one). This is
# the export's own English, not language knowledge about the sources, so it lives in code.
ACTIONS = {
    "Armed clash": ("clashed with {}", "fought an armed clash"),
    "Government regains territory": ("regained territory from {}", "regained territory"),
    "Non-state actor overtakes territory": ("took territory from {}", "took territory"),
    "Air/drone strike": ("carried out an air/drone strike on {}", "carried out an air/drone strike"),
    "Shelling/artillery/missile attack": (
        "carried out a shelling/artillery/missile attack on {}",
        "carried out a shelling/artillery/missile attack",
    ),
    "Suicide bomb": ("carried out a suicide bombing against {}", "carried out a suicide bombing"),
    "Remote explosive/landmine/IED": (
        "set off a remote explosive/landmine/IED against {}",
        "set off a remote explosive/landmine/IED",
    ),
    "Grenade": ("threw a grenade at {}", "threw a grenade"),
    "Chemical weapon": ("used a chemical weapon against {}", "used a chemical weapon"),
    "Attack": ("attacked {}", "carried out an attack"),
    "Abduction/forced disappearance": ("abducted {}", "carried out an abduction"),
    "Sexual violence": ("committed sexual violence against {}", "committed sexual violence"),
    "Agreement": ("reached an agreement with {}", "reached an agreement"),
    "Headquarters or base established": ("established a headquarters or base", "established a headquarters or base"),
    "Other": ("took part in a strategic development involving {}", "took part in a strategic development"),
}

UNIDENTIFIED = "Unidentified"
#: Canonical actor names that read as common nouns inside a sentence.
TARGET_PHRASES = {UNIDENTIFIED: "an unidentified party", "Civilians": "civilians"}


def _date(value: object) -> dt.date | None:
    """A ``YYYY-MM-DD`` string as a date; None for null or anything else."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _year(value: object) -> int | None:
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def time_precision(record: dict) -> int:
    """ACLED's time_precision code: 1 when the day is known (``date_precision`` day), 2 for a
    range whose last day is at most ``WEEK_SPAN_DAYS`` after its first, 3 otherwise (a longer
    range, a month, an unknown or missing date)."""
    start = _date(record.get("event_date"))
    if start is None:
        return TIME_PRECISION_COARSE
    precision = record.get("date_precision")
    end = _date(record.get("event_date_end"))
    if precision == "day" or (precision is None and end in (None, start)):
        return TIME_PRECISION_DAY
    if precision == "range" and end is not None and 0 <= (end - start).days <= WEEK_SPAN_DAYS:
        return TIME_PRECISION_WEEK
    return TIME_PRECISION_COARSE


def disorder_type(record: dict) -> str:
    """ACLED's disorder_type from the event type: "Political violence" for Battles,
    Explosions/Remote violence and Violence against civilians, "Strategic developments", and
    "Demonstrations" for Protests and Riots; empty for a type outside the taxonomy."""
    return DISORDER_TYPES.get(record.get("event_type") or "", "")


def civilian_targeting(record: dict) -> str:
    """"Civilian targeting" when the event is Violence against civilians or its target
    (actor2) is Civilians, as ACLED codes it; otherwise empty."""
    if record.get("event_type") == "Violence against civilians" or record.get("actor2") == "Civilians":
        return "Civilian targeting"
    return ""


def source_text(record: dict) -> str:
    """The distinct outlets of the record's sources, sorted (case-insensitively) and joined by
    "; "; a source without a known outlet is named by its document id."""
    names = set()
    for source in record.get("sources") or ():
        name = source.get("outlet") or source.get("doc_id")
        if name:
            names.add(str(name))
    return "; ".join(sorted(names, key=lambda s: (s.casefold(), s)))


def _day_text(day: dt.date, month: bool = True, year: bool = True) -> str:
    text = str(day.day)
    if month:
        text += f" {MONTHS[day.month - 1]}"
    if year:
        text += f" {day.year}"
    return text


def _when(record: dict) -> str:
    start = _date(record.get("event_date"))
    if start is None:
        if _year(record.get("event_date")) is not None and len(record["event_date"]) >= 7:
            try:  # "YYYY-MM": a month without a day
                return f"In {MONTHS[int(record['event_date'][5:7]) - 1]} {record['event_date'][:4]}"
            except (ValueError, IndexError):
                pass
        return "Date unknown:"
    precision = record.get("date_precision")
    end = _date(record.get("event_date_end"))
    if precision == "month":
        return f"In {MONTHS[start.month - 1]} {start.year}"
    if precision == "range" and end is not None and end > start:
        same_year = start.year == end.year
        same_month = same_year and start.month == end.month
        first = _day_text(start, month=not same_month, year=not same_year)
        return f"Between {first} and {_day_text(end)}"
    if precision == "unknown":
        return f"Around {_day_text(start)}"
    return f"On {_day_text(start)}"


def _actor(name: object, event_type: object) -> str:
    if not name or name == UNIDENTIFIED:
        if event_type in ("Strategic developments", "Protests", "Riots"):
            return "an unidentified actor"
        return "an unidentified perpetrator"
    return str(name)


def _where(record: dict) -> str:
    location, admin1, country = record.get("location"), record.get("admin1"), record.get("country")
    if location and admin1:
        return f"in {location} ({admin1})"
    if location or admin1:
        place = location or admin1
        return f"in {place} ({country})" if country and country != place else f"in {place}"
    if country:
        return f"in {country}"
    return "at an unknown location"


def _people(n: int, noun: str = "people") -> str:
    if noun == "people":
        return f"{n} person" if n == 1 else f"{n} people"
    return f"{n} civilian" if n == 1 else f"{n} civilians"


def _toll(record: dict) -> str:
    low, high = record.get("fatalities_low"), record.get("fatalities_high")
    civilians = record.get("civilian_fatalities_low")
    if low is None and not civilians:
        if civilians == 0:
            text = ", with no civilian fatalities reported"
        elif record.get("event_type") == "Strategic developments":
            return ""
        else:
            return "; no toll reported"
    elif low == 0:
        text = ", with no fatalities reported"
    elif low is None or (civilians is not None and civilians >= low):
        # Every reported death was a civilian's (or only the civilian toll was given).
        text = f", killing at least {_people(civilians, 'civilians')}"
    else:
        text = f", killing at least {_people(low)}"
        if civilians:
            text += f", including {_people(civilians, 'civilians')}"
    if low and high is not None and high > low:
        text += f" (tolls reported up to {high})"
    reporters = [str(r) for r in record.get("reported_by") or () if r]
    if reporters:
        joined = reporters[0] if len(reporters) == 1 else ", ".join(reporters[:-1]) + " and " + reporters[-1]
        text += f", according to {joined}"
    return text


def notes(record: dict) -> str:
    """A one-sentence English summary made only from the record's fields, e.g. "On 25
    November 2014, Syrian government forces carried out an air/drone strike on Islamic State in
    Raqqa (Raqqa), killing at least 95 people, including 52 civilians, according to OSDH."

    Missing values are said, not guessed: "Date unknown:", "an unidentified perpetrator",
    "at an unknown location", "no toll reported" (left out for strategic developments, which
    carry no toll)."""
    event_type, sub = record.get("event_type"), record.get("sub_event_type")
    with_target, alone = ACTIONS.get(sub or "", (None, None))
    target = record.get("actor2")
    if with_target is None:
        kind = (sub or event_type or "event").lower()
        with_target, alone = f"was involved in an event ({kind}) involving {{}}", f"was involved in an event ({kind})"
    if target and "{}" in with_target:
        action = with_target.format(TARGET_PHRASES.get(target, target))
    else:
        action = alone
    when = _when(record)
    actor = _actor(record.get("actor1"), event_type)
    if when.endswith(":"):
        actor = actor[:1].upper() + actor[1:]
        sentence = f"{when} {actor} {action} {_where(record)}{_toll(record)}."
    else:
        sentence = f"{when}, {actor} {action} {_where(record)}{_toll(record)}."
    return sentence


def _cell(value: object) -> object:
    return "" if value is None else value


def acled_row(record: dict) -> dict:
    """One CSV row (a dict keyed by ``CSV_COLUMNS``, in that order) for an incident.

    Conventions, ACLED's unless said:

    - ``event_id_cnty``: ``record["event_id_cnty"]`` when set, else Vigie's id.
    - ``event_date``: ISO ``YYYY-MM-DD`` as ACLED's API returns it (not the dashboard's
      "25 November 2014"); empty when the date is unknown. A range gives its first day here
      and its last in ``event_date_end``.
    - ``year``: the year of event_date as an integer; empty when the date is unknown.
    - ``time_precision``: see :func:`time_precision` (1 day, 2 within a week, 3 coarser).
    - ``disorder_type``, ``civilian_targeting``: see the functions of those names.
    - ``source``: see :func:`source_text`; ``notes``: see :func:`notes`.
    - ``fatalities``: ``fatalities_low``, the lowest reported toll; EMPTY when no toll was
      reported. ACLED writes 0 there; Vigie keeps "unknown" apart from a reported zero.
    - Vigie's columns: ``vigie_id`` (the record id), ``event_date_end``, ``fatalities_best``,
      ``fatalities_high``, ``civilian_fatalities`` (``civilian_fatalities_low``),
      ``review_state`` and ``confidence``, empty when null.
    """
    date = record.get("event_date")
    return {
        "event_id_cnty": record.get("event_id_cnty") or record.get("id"),
        "event_date": _cell(date),
        "year": _cell(_year(date)),
        "time_precision": time_precision(record),
        "disorder_type": disorder_type(record),
        "event_type": _cell(record.get("event_type")),
        "sub_event_type": _cell(record.get("sub_event_type")),
        "actor1": _cell(record.get("actor1")),
        "actor2": _cell(record.get("actor2")),
        "civilian_targeting": civilian_targeting(record),
        "country": _cell(record.get("country")),
        "admin1": _cell(record.get("admin1")),
        "location": _cell(record.get("location")),
        "latitude": _cell(record.get("latitude")),
        "longitude": _cell(record.get("longitude")),
        "geo_precision": _cell(record.get("geo_precision")),
        "source": source_text(record),
        "notes": notes(record),
        "fatalities": _cell(record.get("fatalities_low")),
        "vigie_id": _cell(record.get("id")),
        "event_date_end": _cell(record.get("event_date_end")),
        "fatalities_best": _cell(record.get("fatalities_best")),
        "fatalities_high": _cell(record.get("fatalities_high")),
        "civilian_fatalities": _cell(record.get("civilian_fatalities_low")),
        "review_state": _cell(record.get("review_state")),
        "confidence": _cell(record.get("confidence")),
    }


def write_acled_csv(records: Iterable[dict], out: TextIO) -> int:
    """Write a header and one row per record (streamed) to ``out``; returns the rows written.

    Open ``out`` with ``newline=""`` and ``encoding="utf-8"`` so that the csv module's line
    ends reach the file unchanged. Same records in, same bytes out.

    Example::

        with open("incidents.csv", "w", newline="", encoding="utf-8") as out:
            write_acled_csv(incident_records(conn), out)
    """
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(acled_row(record))
        n += 1
    return n
