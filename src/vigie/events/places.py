"""Where: the places a clause puts its event in, geocoded, with their precision.

Candidates are the parser's location entities plus capitalised names the gazetteer knows (the
NER misses small villages such as Foua). The words before a name say what it is: "la province
de Hama" is the province (precision 3), "près de Palmyre" or "Raqa et ses environs" is near a
town (precision 2), "un militant de Raqqa" or "une réunion à Sotchi" is not where violence
happened. Names listed after "les provinces de" are provinces too. Places a few kilometres
apart ("les villages de Foua et Kafraya") are one place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from vigie import grammar, lexicon
from vigie.events.cues import place_cue_patterns

#: Places closer than this are one scene (Foua and Kafraya are 3 km apart; distinct towns
#: named together in one sentence are usually 20 km or more apart).
SAME_SCENE_KM = 15.0
#: Characters before a name searched for a context cue.
CONTEXT_CHARS = 70
#: Non-violent event nouns this many words before a place make it that event's place ("une
#: trêve de 48 heures à Alep", "un point de presse à Moscou").
NON_EVENT_WINDOW = 5



@lru_cache(maxsize=None)
def _name_pattern(lang: str) -> re.Pattern[str]:
    """A capitalised name, possibly of several words ("Deir ez-Zor", "Maaret al-Noomane"),
    not starting with one of the pack's capitalised function words ("Dans", "The")."""
    stop = "|".join(map(re.escape, grammar.setting(lang, "places.not_names")))
    upper = "A-ZÉÈÎÂÔÇ"
    return re.compile(
        rf"(?<![\w-])(?!(?:{stop})\b)[{upper}][\w'’-]*(?:[ -](?:[{upper}][\w'’-]*|ez-Zor|ez-Zour|al-\w+|el-\w+|az-\w+))*"
    )


@lru_cache(maxsize=None)
def _locator_gap(lang: str) -> re.Pattern[str]:
    """What lies between a place and a locator of it: a comma and a few words, no "et"."""
    return re.compile(rf"^(?:(?!\b{grammar.setting(lang, 'places.conjunction')}\b)[^.;]){{0,60}}$")


#: A place this far from every place of the article's main country is a misread name (a
#: Libyan "Az Zahra" for a district of Homs), not the scene of an event in the story.
OUTLIER_KM = 800.0


@dataclass(frozen=True)
class ArticleScope:
    """The places an article names (as its location entities, read by the gazetteer).

    A place is admitted when another place of the article lies in the same country or within
    OUTLIER_KM of it: the Libyan "Az Zahra" found for a district of Homs has neither, while
    Aleppo in a story mostly about talks in Moscow has Palmyra beside it. An isolated place is
    only an outlier next to places that have neighbours: a dispatch naming just Moscow and
    Palmyra has no main region to stray from, so both stand.
    """

    anchors: tuple

    def admits(self, place) -> bool:
        others = [a for a in self.anchors if a.name != place.name]
        if not others or _has_neighbour(place, others):
            return True
        return not any(_has_neighbour(a, [b for b in self.anchors if b.name != a.name]) for a in others)


def _has_neighbour(place, others) -> bool:
    return any(a.country == place.country or _km(place, a) <= OUTLIER_KM for a in others)


def article_scope(spacy_doc, lang: str = "fr") -> ArticleScope:
    gaz = _gazetteer(lang)
    found = {}
    for ent in spacy_doc.ents:
        if ent.label_ in ("LOC", "GPE"):
            place = gaz.lookup(ent.text)
            if place is not None and place.kind != "country":
                found.setdefault(place.name, place)
    return ArticleScope(tuple(found.values()))


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: object  # vigie.geo.Place
    precision: int


def _gazetteer(lang: str = "fr"):
    """The gazetteer with the pack's own aliases and stop words (an English "Sana" is a
    name, a French one may be a place)."""
    from vigie.geo import load_gazetteer

    return load_gazetteer(lang)


def display_name(name: str) -> str:
    """GeoNames' transliteration without its diacritics ("Ma‘arrat an Nu‘mān" -> "Ma'arrat
    an Nu'man"): what a spreadsheet user can type and sort."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name.replace("‘", "'").replace("’", "'").replace("ʿ", "'"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _km(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _split_titles(clause: str, spans, lang: str) -> set[tuple[int, int]]:
    """A capitalised conjunction inside a headline's name ("Jableh Et Tartous"): two names."""
    conjunction = grammar.regex(lang, "places.title_conjunction", ignore_case=False)
    out = set()
    for a, b in spans:
        cut = a
        for m in conjunction.finditer(clause, a, b):
            out.add((cut, m.start()))
            cut = m.end()
        out.add((cut, b))
    return out


def _candidates(clause: str, entity_spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    spans = _split_titles(clause, entity_spans, lang)
    gaz = _gazetteer(lang)
    for match in _name_pattern(lang).finditer(clause):
        for a, b in _split_titles(clause, [(match.start(), match.end())], lang):
            if gaz.is_known(clause[a:b]):
                spans.add((a, b))
    ordered = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int]] = []
    for span in ordered:
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def _context(before: str, lang: str) -> str | None:
    for kind, pattern in place_cue_patterns(lang):
        if pattern.search(before):
            return kind
    return None


def _after_non_event_noun(before: str, lang: str) -> bool:
    words = re.findall(r"[\w'’-]+", before.lower())[-NON_EVENT_WINDOW:]
    return any(w in lexicon.words(lang, "non_event_nouns.txt") for w in words)


def find_places(
    clause: str,
    entity_spans: list[tuple[int, int]],
    excluded: list[tuple[int, int]],
    lang: str = "fr",
    strategic: bool = False,
    scope: ArticleScope | None = None,
) -> list[PlaceMention]:
    """Geocoded event places of a clause, in order, scenes a few km apart merged."""
    gaz = _gazetteer(lang)
    found: list[PlaceMention] = []
    last_admin1_end: int | None = None
    for start, end in _candidates(clause, entity_spans, lang):
        if any(start < b and end > a for a, b in excluded):
            continue
        name = clause[start:end].strip(" ,.()")
        before = clause[max(0, start - CONTEXT_CHARS):start]
        kind = _context(before, lang)
        if kind is None and last_admin1_end is not None and grammar.regex(lang, "places.list_continuation").match(clause[last_admin1_end:start]):
            kind = "admin1"
        if kind == "skip" and not strategic:
            continue
        if not strategic and _after_non_event_noun(before, lang):
            continue
        place = gaz.lookup(name, kind="admin1" if kind == "admin1" else None)
        if place is None or place.kind == "country" or (scope is not None and not scope.admits(place)):
            continue
        if kind == "near" and found and _locator_gap(lang).match(clause[found[-1].end:start]):
            continue  # "à Abou Ghraib, à l'ouest de Bagdad": Bagdad only locates Abou Ghraib
        precision = place.precision
        if kind == "near" or grammar.regex(lang, "places.surroundings_after").match(clause[end:]):
            precision = max(precision, 2) if place.kind != "admin1" else 3
        found.append(PlaceMention(start, end, clause[start:end], place, precision))
        last_admin1_end = end if place.kind == "admin1" else None
    return _prefer_towns(_merge_scenes(found))


def _prefer_towns(places: list[PlaceMention]) -> list[PlaceMention]:
    """A province named beside one of its towns ("dans la province d'Idleb, ... un marché de
    Maaret al-Noomane") only situates the town."""
    towns = {(p.place.country, p.place.admin1) for p in places if p.place.kind != "admin1"}
    return [p for p in places if p.place.kind != "admin1" or (p.place.country, p.place.admin1) not in towns]


def _merge_scenes(places: list[PlaceMention]) -> list[PlaceMention]:
    kept: list[PlaceMention] = []
    for p in places:
        near = next((k for k in kept if k.place.kind == p.place.kind and _km(k.place, p.place) < SAME_SCENE_KM), None)
        if near is None:
            kept.append(p)
        elif near.precision < 2 and near.place is not p.place and near.place != p.place:
            kept[kept.index(near)] = PlaceMention(near.start, near.end, near.text, near.place, 2)
    return kept
