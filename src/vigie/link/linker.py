"""Cross-document linking: every report of one real incident, from any outlet, becomes one.

Candidates come from the store: reports whose coordinates are within about 10 km and whose
dates are within a day (or unknown). Each pair is then decided on its fields: sub-event types of
one family (a car bomb and a suicide bombing, raids and shelling; a report whose words never
said the kind of violence goes with any), perpetrators compatible, date intervals that overlap
(a date read in the text is its day; a report's own day stands for "that day or the day
before"), tolls of the same order. Clusters grow by union, but two reports with dates read in
the text that disagree never end up together, so a chain of loose links cannot merge Monday's
strike with Tuesday's, and a report with no date at all joins one dated incident, never two.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from vigie.limits import iso_day
from vigie.events.cues import same_kind

#: Reports further apart than this are different places (a province is geocoded to its
#: capital, so "Idleb" and "la province d'Idleb" are 0 km apart; two towns named together in
#: one story are usually 20 km or more apart).
LINK_KM = 10.0
#: Coordinates window of the candidate query, in degrees (~11 km of latitude).
CANDIDATE_DEGREES = 0.1
#: Tolls of one incident reported by different sources differ (40, 52, "une soixantaine");
#: beyond this ratio they are different incidents.
TOLL_RATIO = 2.5

UNIDENTIFIED = "Unidentified"


@dataclass(slots=True)
class Report:
    """The light row of a stored report that linking decides on (the tellings stay in the
    database until a cluster is built)."""

    key: str
    group: str
    sub_event_type: str
    actor1: str
    start: dt.date | None
    end: dt.date | None
    strong: bool
    lat: float | None
    lon: float | None
    low: int | None
    country_code: str | None = None
    event_type: str = ""
    type_weak: bool = False  # every telling's event word leaves the kind of violence open
    geo_precision: int | None = None
    window: tuple[dt.date, dt.date] | None = None  # the days its article can be about, when undated
    month_day: str | None = None  # "05-23": the day an undated report names, without its year

    @property
    def interval(self) -> tuple[dt.date, dt.date] | None:
        if self.start is None:
            return None
        if self.strong:
            return self.start, self.end or self.start
        return self.start - dt.timedelta(days=1), self.end or self.start


@dataclass
class Cluster:
    keys: list[str]
    strong: list[tuple[dt.date, dt.date]] = field(default_factory=list)


def _km(a: Report, b: Report) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _window(start: str | None, end: str | None) -> tuple[dt.date, dt.date] | None:
    if not start and not end:
        return None
    return iso_day(start) or dt.date.min, iso_day(end) or dt.date.max


def load_reports(conn: sqlite3.Connection) -> dict[str, Report]:
    out = {}
    for r in conn.execute("SELECT * FROM reports ORDER BY key"):
        out[r["key"]] = Report(
            key=r["key"], group=r["dedup_group"], sub_event_type=r["sub_event_type"], actor1=r["actor1"],
            start=iso_day(r["date_start"]), end=iso_day(r["date_end"]),
            strong=bool(r["date_strong"]), lat=r["latitude"], lon=r["longitude"], low=r["fatalities_low"],
            country_code=r["country_code"], event_type=r["event_type"], type_weak=bool(r["type_weak"]),
            geo_precision=r["geo_precision"],
            window=_window(r["window_start"], r["window_end"]), month_day=r["month_day"],
        )
    return out


_PAIR = (
    "a.key < b.key AND a.dedup_group != b.dedup_group "
    "AND b.latitude BETWEEN a.latitude - ? AND a.latitude + ? "
    "AND ABS(a.longitude - b.longitude) <= ? "
    "AND (a.date_start IS NULL OR b.date_start IS NULL OR "
    "(julianday(b.date_start) <= julianday(a.date_end) + 1 AND julianday(a.date_start) <= julianday(b.date_end) + 1))"
)


#: The parameters of _PAIR's place box: latitude either side, longitude distance.
_BOX = (CANDIDATE_DEGREES, CANDIDATE_DEGREES, CANDIDATE_DEGREES * 1.5)


def iter_candidate_pairs(conn: sqlite3.Connection) -> Iterator[tuple[str, str]]:
    """Every candidate pair, streamed in key order: a region reported day after day (a besieged
    city) has many candidates, of which the linker keeps only those it accepts."""
    for row in conn.execute(f"SELECT a.key, b.key FROM reports a JOIN reports b ON {_PAIR} ORDER BY a.key, b.key", _BOX):
        yield row[0], row[1]


def candidate_pairs(conn: sqlite3.Connection, keys: set[str] | None = None) -> list[tuple[str, str]]:
    """Pairs of reports within the place box and date window (`same_incident` decides on
    their kinds); with ``keys``, only pairs that involve one of them (an incremental run's new
    reports).

    The scoped search starts from the given reports, on either side of the pair, and finds
    their partners through the latitude index, so adding a few articles to a large database
    costs a few index probes, not a join over every report."""
    if keys is None:
        return list(iter_candidate_pairs(conn))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS link_scope (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM link_scope")
    conn.executemany("INSERT INTO link_scope (key) VALUES (?)", [(k,) for k in sorted(keys)])
    # CROSS JOIN makes SQLite loop over the scope first (it knows nothing of a temp table's
    # size); the second branch repeats the latitude box with the partner's column on the left,
    # the form the index on a.latitude can serve.
    rows = conn.execute(
        "SELECT a.key, b.key FROM link_scope s CROSS JOIN reports a CROSS JOIN reports b "
        f"WHERE a.key = s.key AND {_PAIR} "
        "UNION SELECT a.key, b.key FROM link_scope s CROSS JOIN reports b CROSS JOIN reports a "
        f"WHERE b.key = s.key AND {_PAIR} AND a.latitude BETWEEN b.latitude - ? AND b.latitude + ?",
        _BOX + _BOX + (CANDIDATE_DEGREES, CANDIDATE_DEGREES),
    )
    return sorted((row[0], row[1]) for row in rows)


def same_incident(a: Report, b: Report) -> bool:
    """The decision on one candidate pair."""
    if a.lat is None or b.lat is None or _km(a, b) > LINK_KM:
        return False
    if not same_kind(a, b):
        return False
    if UNIDENTIFIED not in (a.actor1, b.actor1) and a.actor1 != b.actor1:
        return False
    if a.low is not None and b.low is not None and max(a.low, b.low) > TOLL_RATIO * max(1, min(a.low, b.low)):
        return False
    ia, ib = a.interval, b.interval
    if ia is not None and ib is not None:
        return _overlap(ia, ib)
    # One side has no date at all (an article nobody dated). Same town, same kind, perpetrators
    # and tolls that do not contradict: on the development set's worked half, 19 of the 20
    # such candidate pairs were one incident, whatever their wording (3-gram overlap 0.0-0.6).
    # A province (precision 3) is too wide a place to say so; the days the undated article can
    # be about (after the latest year it names, before any upper bound) and a day it names
    # without its year ("lundi 23 mai") must fit; and `cluster` lets such a report join one
    # dated incident only, so it cannot chain two.
    if not all(r.geo_precision is not None and r.geo_precision < 3 for r in (a, b)):
        return False
    spans = [r.interval or r.window for r in (a, b)]
    if all(spans) and not _overlap(spans[0], spans[1]):
        return False
    undated = [r for r in (a, b) if r.start is None]
    days = [r.month_day for r in undated if r.month_day]
    if len(undated) == 1 and days:
        return _has_day(b if a is undated[0] else a, days[0])
    return len(days) < 2 or days[0] == days[1]


def accepted_pairs(reports: dict[str, Report], candidates: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The candidate pairs the pair decision accepts: only those are kept, however many
    candidates a densely reported region has."""
    return [(ka, kb) for ka, kb in candidates if same_incident(reports[ka], reports[kb])]


def _has_day(r: Report, month_day: str) -> bool:
    """Whether a dated report's interval, a day wider on each side (reports name the day they
    were written as often as the day of the event), holds a day of that month and day."""
    start, end = r.interval
    start, end = start - dt.timedelta(days=1), end + dt.timedelta(days=1)
    day = start
    while day <= end:
        if day.strftime("%m-%d") == month_day:
            return True
        day += dt.timedelta(days=1)
    return False


def _dated(c: Cluster, reports: dict[str, Report]) -> bool:
    return any(reports[k].start is not None for k in c.keys)


def cluster(reports: dict[str, Report], pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Union of accepted pairs (`accepted_pairs`), strongest evidence first, never joining two
    clusters whose dates read in the text disagree."""
    clusters = {k: Cluster([k], [r.interval] if r.strong and r.interval else []) for k, r in reports.items()}
    owner = {k: k for k in reports}

    def rank(pair: tuple[str, str]) -> tuple:
        a, b = reports[pair[0]], reports[pair[1]]
        return (-(a.strong + b.strong), -((a.start is not None) + (b.start is not None)), pair)

    for ka, kb in sorted(pairs, key=rank):
        ca, cb = owner[ka], owner[kb]
        if ca == cb:
            continue
        x, y = clusters[ca], clusters[cb]
        if not all(_overlap(i, j) for i in x.strong for j in y.strong):
            continue
        if (reports[ka].start is None or reports[kb].start is None) and _dated(x, reports) and _dated(y, reports):
            continue  # an undated report joins one dated incident, never bridges two
        if {reports[k].group for k in x.keys} & {reports[k].group for k in y.keys}:
            continue  # two reports of one article were told apart by the article itself
        keep, gone = (ca, cb) if ca < cb else (cb, ca)
        clusters[keep].keys += clusters[gone].keys
        clusters[keep].strong += clusters[gone].strong
        for k in clusters[gone].keys:
            owner[k] = keep
        del clusters[gone]
    return [sorted(c.keys) for c in sorted(clusters.values(), key=lambda c: min(c.keys))]
