"""Mentions to incidents: the same event told again (title, standfirst, body, a syndicated
copy) is one incident; tolls are reconciled after ACLED's rules.

Two mentions are one incident when they have the same event type and place, compatible
perpetrators, and compatible dates: two dates read in the text must agree; a mention dated
only by its report may join a dated one when it does not cite a different source (an OSDH
report of night strikes and a ministry claim about Tuesday's stay apart).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from vigie.limits import iso_day
from vigie.events.actors import UNIDENTIFIED
from vigie.events.cues import PRIORITY, VIOLENT_TYPES, family, same_kind
from vigie.model import Figure, Mention



@dataclass
class Incident:
    """Tellings of one event, merged; its id is given by the linker (vigie.link.ids)."""

    mentions: list[Mention]
    primary: Mention
    event_date: str | None
    event_date_end: str | None
    date_precision: str
    actor1: str
    actor1_candidates: list[str]
    actor2: str | None
    figures: list[Figure]
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    civilian_fatalities_low: int | None
    reported_by: list[str]
    confidence: float
    docs: list[str] = field(default_factory=list)
    best_figure: Figure | None = None

    @property
    def violent(self) -> bool:
        return self.primary.event_type in VIOLENT_TYPES


def _same_place(a: Mention, b: Mention) -> bool:
    """Same coordinates: a province is geocoded to its capital, so "Idleb" in a headline and
    "la province d'Idleb" in the body are one place for the purpose of merging tellings."""
    return (round(a.latitude or 0, 2), round(a.longitude or 0, 2)) == (round(b.latitude or 0, 2), round(b.longitude or 0, 2))


def _within(a: Mention, b: Mention) -> bool:
    """One of the two is told at province level (precision 3) and the other lies in that
    province: "dans la région de Mopti" and "le poste de Boni, près de Douentza" in one
    article are one scene told at two precisions."""
    coarse, fine = (a, b) if (a.geo_precision or 0) >= (b.geo_precision or 0) else (b, a)
    return (coarse.geo_precision or 0) >= 3 and (fine.geo_precision or 3) < 3 and bool(coarse.admin1) and (
        (coarse.country_code, coarse.admin1) == (fine.country_code, fine.admin1))


def _near_days(a: str | None, b: str | None) -> bool:
    day_a, day_b = iso_day(a), iso_day(b)
    if a == b or day_a is None or day_b is None:  # no date at all says nothing against a weak one
        return True
    return abs((day_a - day_b).days) <= 1


def _compatible(m: Mention, members: list[Mention]) -> bool:
    if m.distinct:
        return False  # "un autre groupe d'ADF a attaqué", "une deuxième explosion": another one
    for o in members:
        if not same_kind(o, m) or not (_same_place(o, m) or _within(o, m)):
            return False
        if UNIDENTIFIED not in (o.actor1, m.actor1) and o.actor1 != m.actor1:
            return False
        if o.date_strong and m.date_strong and o.event_date != m.event_date:
            return False
        if o.date_strong != m.date_strong:
            weak = m if not m.date_strong else o
            strong = o if weak is m else m
            if weak.reported_by and strong.reported_by and not set(weak.reported_by) & set(strong.reported_by):
                return False  # another source's account (the OSDH's night strikes, the ministry's Tuesday)
        if not o.date_strong and not m.date_strong and not _near_days(o.event_date, m.event_date):
            # Weak dates are the report's day or the day the article's lead told: a day apart,
            # they are the same story's ("jeudi ... Les ADF ont d'abord tué" vs the headline).
            return False
    return True


def _primary(mentions: list[Mention]) -> Mention:
    return max(
        enumerate(mentions),
        key=lambda im: (bool(im[1].figures), im[1].date_strong, im[1].actor1 != UNIDENTIFIED or bool(im[1].actor1_alternatives), -im[0]),
    )[1]


def _typed(primary: Mention, members: list[Mention]) -> Mention:
    """The primary telling with the incident's type: the most specific one told by a word that
    says the kind of violence (a suicide bombing told as "l'attentat" in one sentence and
    "un kamikaze" in the next is a suicide bombing)."""
    typed = [m for m in members if not m.type_weak] or members
    best = min(typed, key=lambda m: (PRIORITY.index(m.category) if m.category in PRIORITY else len(PRIORITY)))
    kind = (best.event_type, best.sub_event_type)
    tolls = [f for m in members for f in m.figures if f.role == "toll"]
    if best.type_weak and best.category == "clash" and tolls and all(f.group == "civilian" for f in tolls):
        # "Un autre groupe d'ADF a attaqué le village" then "au moins onze civils tués": an
        # attack whose only dead are civilians is violence against civilians, not a battle.
        kind = ("Violence against civilians", "Attack")
    if kind == (primary.event_type, primary.sub_event_type):
        return primary
    return replace(primary, event_type=kind[0], sub_event_type=kind[1], type_weak=best.type_weak)


_PLACE_FIELDS = ("location", "country", "country_code", "admin1", "latitude", "longitude", "geo_precision", "geonameid", "place_span")


def _placed(primary: Mention, members: list[Mention]) -> Mention:
    """The primary telling placed where the most precise telling puts the incident (a town
    rather than its province)."""
    best = min(members, key=lambda m: m.geo_precision or 3)
    if (best.geo_precision or 3) >= (primary.geo_precision or 3):
        return primary
    return replace(primary, **{f: getattr(best, f) for f in _PLACE_FIELDS})


def _report_totals(figures: list[Figure]) -> list[tuple[int, bool, bool]]:
    """(total, approximate, vague) for each telling (sentence) of the toll.

    A telling that gives only sub-totals ("19 soldats ... et 23 combattants rebelles") adds
    them up; but when any telling of the incident gives an overall toll, sub-totals elsewhere
    ("Au moins 52 civils figurent parmi les victimes") are parts of it, not other totals.
    """
    by_report: dict[tuple[str, int], list[Figure]] = {}
    for f in figures:
        by_report.setdefault((f.evidence.doc_id, f.report), []).append(f)
    overall = [f for f in figures if f.group == "all" and f.role in ("toll", "previous")]
    if overall:
        return [(f.value, f.approximate, f.vague) for f in overall]
    totals = []
    for figs in by_report.values():
        parts = [f for f in figs if f.role == "toll" and f.group in ("civilian", "combatant", "unknown-side")]
        if parts:
            totals.append((sum(f.value for f in parts), any(f.approximate for f in parts), any(f.vague for f in parts)))
    return totals


@dataclass(frozen=True)
class Tolls:
    low: int | None
    best: int | None
    high: int | None
    civilian_low: int | None
    best_figure: Figure | None


def _latest_per_source(figures: list[Figure], order: Callable[[str], tuple]) -> dict[str, Figure]:
    """Each source's most recent firm overall toll: an updated figure supersedes the earlier
    one from the same source (later article, or later in the same article)."""
    latest: dict[str, Figure] = {}
    for f in figures:
        if f.group != "all" or f.role != "toll" or f.approximate or f.vague:
            continue
        source = f.reported_by or f.evidence.doc_id
        rank = (order(f.evidence.doc_id), f.evidence.start)
        if source not in latest or rank > (order(latest[source].evidence.doc_id), latest[source].evidence.start):
            latest[source] = f
    return latest


def reconcile(figures: list[Figure], order: Callable[[str], tuple] | None = None) -> Tolls:
    """Low, best, high and civilian low after ACLED: the lowest credible figure of any telling
    is the low (earlier provisional tolls included); an approximate figure only when no firm
    one; a vague word only when no number at all. The best is the highest of each source's
    latest firm toll; the high the highest figure told."""
    order = order or (lambda doc_id: ())
    totals = _report_totals(figures)
    firm = [t for t, a, v in totals if not a and not v]
    approx = [t for t, a, v in totals if a and not v]
    vague = [t for t, a, v in totals if v]
    pool = firm or approx or vague
    low = min(pool) if pool else None
    latest = _latest_per_source(figures, order)
    best_figure = max(latest.values(), key=lambda f: (f.value, f.evidence.doc_id), default=None)
    best = best_figure.value if best_figure else low
    high = max([t for t, _, _ in totals], default=None)
    civ_tolls = [f for f in figures if f.group == "civilian" and f.role in ("toll", "previous")]
    civ_firm = [f.value for f in civ_tolls if not f.approximate and not f.vague]
    civ_pool = civ_firm or [f.value for f in civ_tolls]
    if civ_pool:
        civilian = min(civ_pool)
    else:
        parts = [f.value for f in figures if f.group == "civilian" and f.role == "part"]
        civilian = max(parts) if parts else None
    return Tolls(low, best, high, civilian, best_figure)


def _confidence(inc_mentions: list[Mention], primary: Mention, figures: list[Figure]) -> float:
    """A reviewer's triage score, not a probability: evidence for each key field adds weight."""
    score = 0.4
    score += 0.15 if primary.date_strong else 0.0
    score += 0.15 if figures else 0.0
    score += 0.1 if primary.actor1 != UNIDENTIFIED else 0.0
    score += 0.1 if any(m.reported_by for m in inc_mentions) else 0.0
    score += 0.1 if len({m.doc_id for m in inc_mentions}) > 1 else 0.0
    return round(min(score, 1.0), 2)


def build_incidents(mentions: Iterable[Mention]) -> list[Incident]:
    """Group mentions (of one document or one dedup group, in reading order) into incidents."""
    groups: list[list[Mention]] = []
    for m in mentions:
        fits = [g for g in groups if _compatible(m, g)]
        # A telling with no date of its own joins the event whose toll it repeats, else the
        # event of its day, else the latest one told (the article's thread), not the first
        # that happens to fit.
        values = {f.value for f in m.figures}
        same_toll = [g for g in fits if values & {f.value for o in g for f in o.figures}]
        same_day = [g for g in fits if any(o.event_date == m.event_date for o in g)]
        target = (same_toll or same_day or fits or [None])[-1] if not m.date_strong else (fits[0] if fits else None)
        if target is None:
            groups.append([m])
        else:
            target.append(m)
    return [merge_mentions(g) for g in groups]


def merge_mentions(members: list[Mention], order: Callable[[str], tuple] | None = None) -> Incident:
    """One incident from its tellings; ``order`` ranks documents by publication time so that a
    source's later toll supersedes its earlier one."""
    primary = _placed(_typed(_primary(members), members), members)
    strong = [m for m in members if m.date_strong and m.event_date]
    weak = [m for m in members if m.event_date]
    dated = strong[0] if strong else (weak[0] if weak else primary)
    figures: list[Figure] = []
    seen = set()
    for m in members:
        for f in m.figures:
            key = (f.evidence.doc_id, f.evidence.start, f.evidence.end)
            if key not in seen:
                seen.add(key)
                figures.append(f)
    tolls = reconcile(figures, order)
    low, best, high, civilian = tolls.low, tolls.best, tolls.high, tolls.civilian_low
    if primary.category == "execution" and civilian is None:
        civilian = low  # ACLED counts the executed as civilian fatalities
    actor1, candidates = primary.actor1, list(primary.actor1_alternatives)
    if actor1 == UNIDENTIFIED and not candidates:
        actor1 = next((m.actor1 for m in members if m.actor1 != UNIDENTIFIED), UNIDENTIFIED)
    actor2 = primary.actor2 or next((m.actor2 for m in members if m.actor2), None)
    if actor2 is None and primary.event_type in VIOLENT_TYPES and (
        civilian is not None or any(f.group == "civilian" for f in figures) or family(primary.sub_event_type) == "bombing"
    ):
        # Civilians among the dead, or a bombing with no target named: the coder's convention
        # (and ACLED's) is that the civilians struck are the target.
        actor2 = "Civilians"
    reported = list(dict.fromkeys(r for m in members for r in m.reported_by))
    return Incident(
        best_figure=tolls.best_figure,
        mentions=members,
        primary=primary,
        event_date=dated.event_date,
        event_date_end=dated.event_date_end,
        date_precision=dated.date_precision,
        actor1=actor1,
        actor1_candidates=candidates,
        actor2=actor2,
        figures=figures,
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        civilian_fatalities_low=civilian,
        reported_by=reported,
        confidence=_confidence(members, primary, figures),
        docs=list(dict.fromkeys(m.doc_id for m in members)),
    )
