"""Which system incident is which gold incident: candidates, costs, cheapest-first pairing.

The rules are those of ``shared/gold/README.md``; every threshold below is quoted from it, not
tuned, because changing one changes what every past score meant.
"""

from __future__ import annotations

import math
from datetime import timedelta

from vigie.evaluation.fields import field_checks
from vigie.evaluation.records import (
    day, gold_docs, gold_point, gold_range, system_docs, system_point,
)

# README: a match lies within 30 km (geo_precision 1), 60 km (2) or 120 km (3) of the gold place.
MATCH_RADIUS_KM = {1: 30.0, 2: 60.0, 3: 120.0}
# A gold line without geo_precision is taken as a town (the commonest and strictest case), so a
# forgotten key can only make a match harder, never let a far-away incident in.
DEFAULT_GEO_PRECISION = 1
# README: "the system date lies within the gold date range widened by one day" (each side):
# reports written the next morning routinely shift "last night" by a day.
DATE_SLACK = timedelta(days=1)
# README: cost = distance / 100 km (+ 1 per differing type), so 100 km weigh as much as a wrong
# sub-event type.
COST_KM_SCALE = 100.0
TYPE_MISMATCH_COST = 1.0
# Mean Earth radius (IUGG), the usual constant for haversine distances.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def match_distance(gold: dict, system: dict) -> float | None:
    """Distance in km when ``system`` can match ``gold`` (docs, place, date); None otherwise."""
    if not set(gold_docs(gold)) & set(system_docs(system)):
        return None
    if not _date_fits(gold, system):
        return None
    g, s = gold_point(gold), system_point(system)
    if g is None or s is None:
        return None
    km = haversine_km(g, s)
    radius = MATCH_RADIUS_KM[gold.get("geo_precision") or DEFAULT_GEO_PRECISION]
    return km if km <= radius else None


def match_cost(gold: dict, system: dict) -> float | None:
    """The README cost of pairing ``system`` with ``gold``; None when they cannot match."""
    km = match_distance(gold, system)
    if km is None:
        return None
    cost = km / COST_KM_SCALE
    if system.get("sub_event_type") != gold.get("sub_event_type"):
        cost += TYPE_MISMATCH_COST
    if system.get("event_type") != gold.get("event_type"):
        cost += TYPE_MISMATCH_COST
    return cost


def pair_cheapest_first(gold: list[dict], system: list[dict]) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, system index, cost) pairs, taken greedily by increasing cost.

    Greedy, not an optimal assignment, because the README says "cheapest first": the closest,
    best-typed system incident claims a gold line, so a second copy of it (a split incident) is
    left as a false positive and a merged incident claims only one of the gold lines it covers.

    The README leaves ties open (two identical strikes on one town the same day are common).
    They are broken by the fewest wrong fields, so that which copy claims which gold line does
    not depend on list order, then by gold position, system id and system position, so that a
    run is reproducible.
    """
    candidates = sorted(
        (cost, _wrong_fields(gold[gi], s), gi, str(s.get("id")), si)
        for gi, si, s in _sharing_a_doc(gold, system)
        if (cost := match_cost(gold[gi], s)) is not None
    )
    taken_gold: set[int] = set()
    taken_system: set[int] = set()
    pairs = []
    for cost, _, gi, _, si in candidates:
        if gi in taken_gold or si in taken_system:
            continue
        taken_gold.add(gi)
        taken_system.add(si)
        pairs.append((gi, si, cost))
    return pairs


def _sharing_a_doc(gold: list[dict], system: list[dict]) -> list[tuple[int, int, dict]]:
    """(gold index, system index, system) for pairs citing a common document, the first rule.

    An export covers the whole database and a gold file a few articles: indexing gold by
    document keeps scoring linear in the export instead of a full gold x system product.
    """
    by_doc: dict[str, list[int]] = {}
    for gi, g in enumerate(gold):
        for doc in set(gold_docs(g)):
            by_doc.setdefault(doc, []).append(gi)
    pairs = []
    for si, s in enumerate(system):
        shared = {gi for doc in system_docs(s) for gi in by_doc.get(doc, ())}
        pairs += [(gi, si, s) for gi in sorted(shared)]
    return pairs


def could_match_any(system: dict, gold: list[dict]) -> bool:
    return any(match_distance(g, system) is not None for g in gold)


def _wrong_fields(gold: dict, system: dict) -> int:
    return sum(not ok for ok, _, _ in field_checks(gold, system).values())


def _date_fits(gold: dict, system: dict) -> bool:
    """True unless both sides have a date and the system's falls outside the widened range."""
    span = gold_range(gold)
    when = day(system.get("event_date"))
    if span is None or when is None:
        return True
    return span[0] - DATE_SLACK <= when <= span[1] + DATE_SLACK
