"""Readers for the gazetteer's data files.

- ``data/geo/*.tsv``: tables derived from GeoNames and UCDP GED by
  ``scripts/build_geo_data.py`` (see ``data/geo/README.md``).
- ``data/geo/romanization.txt``: hand-written rules of Arabic romanization.
- ``data/<lang>/place_aliases.txt``: hand-written names news writers use that those sources
  miss, the articles to drop before a name, and the words that are never places.

The readers only parse; ranking and indexing live in :mod:`vigie.geo.gazetteer`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vigie.errors import VigieError
from vigie.geo.names import Romanization

ALIAS_KINDS = ("city", "admin1", "country")
_KINDS = (*ALIAS_KINDS, "article", "stop")


class GazetteerDataError(VigieError):
    """A data file of the gazetteer cannot be read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class CountryRow:
    code: str
    name: str
    tier: int  # 0 first choice for a shared name, 1 other conflict country, 2 rest of the world
    arabic: bool  # place names romanized from Arabic: indexed by loose key too
    geonameid: int
    population: int
    capital: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Admin1Row:
    code: str  # "SY.09"
    name: str
    aliases: tuple[str, ...]
    geonameid: int
    capital_geonameid: int
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class SettlementRow:
    name: str
    alternates: tuple[str, ...]
    country: str
    admin1: str  # the code after the country: "09"
    lat: float
    lon: float
    population: int
    geonameid: int | None  # None for a UCDP place GeoNames lacks
    events: int = 0  # UCDP events at the place: a tie-breaker where population is unknown


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One line of ``place_aliases.txt`` that names a place."""

    kind: str
    target: str
    country: str | None  # "(CC)" after the target, or the country of an "| CC.ADM1 |" cell
    admin1: str | None  # "CC.ADM1" of a place defined by the line
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]
    where: str  # "place_aliases.txt line 12", for error messages


@dataclass(frozen=True, slots=True)
class AliasFile:
    entries: tuple[AliasEntry, ...]
    articles: tuple[str, ...]
    stop: tuple[str, ...]


def _data_text(*parts: str) -> str:
    path = resources.files("vigie").joinpath("data", *parts)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GazetteerDataError(
            f"{'/'.join(parts)} is missing from the vigie package: reinstall vigie, or run"
            " scripts/build_geo_data.py to regenerate data/geo/"
        ) from None


def _table(name: str) -> list[dict[str, str]]:
    lines = _data_text("geo", name).splitlines()
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(v for v in (cell or "").split("|") if v)


def read_countries() -> list[CountryRow]:
    return [
        CountryRow(r["code"], r["name"], int(r["tier"]), r["arabic"] == "1", int(r["geonameid"]),
                   int(r["population"]), r["capital"], float(r["lat"]), float(r["lon"]))
        for r in _table("countries.tsv")
    ]


def read_admin1() -> list[Admin1Row]:
    return [
        Admin1Row(r["code"], r["name"], _split(r["aliases"]), int(r["geonameid"]),
                  int(r["capital_geonameid"]), float(r["lat"]), float(r["lon"]))
        for r in _table("admin1.tsv")
    ]


def read_settlements() -> list[SettlementRow]:
    """GeoNames cities, then UCDP places GeoNames lacks."""
    rows = [
        SettlementRow(r["name"], _split(r["alternates"]), r["country"], r["admin1"],
                      float(r["lat"]), float(r["lon"]), int(r["population"]), int(r["geonameid"]))
        for r in _table("cities.tsv")
    ]
    rows += [
        SettlementRow(r["name"], _split(r["alternates"]), r["country"], r["admin1"],
                      float(r["lat"]), float(r["lon"]), 0, None, int(r["events"]))
        for r in _table("ucdp_places.tsv")
    ]
    return rows


_TARGET = re.compile(r"^(?P<name>[^()|]+?)\s*(?:\((?P<cc>[A-Z]{2})\))?$")
_POINT = re.compile(r"^(?P<cc>[A-Z]{2})\.(?P<adm1>[A-Z0-9]+)$")


def read_aliases(lang: str = "fr") -> AliasFile:
    """Parse ``data/<lang>/place_aliases.txt`` (its header documents the format)."""
    entries: list[AliasEntry] = []
    articles: list[str] = []
    stop: list[str] = []
    for number, raw in enumerate(_data_text(lang, "place_aliases.txt").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"data/{lang}/place_aliases.txt line {number}"
        head, colon, rest = line.partition(":")
        kind, body = (head.strip(), rest.strip()) if colon and head.strip() in _KINDS else ("city", line)
        if kind == "article":
            articles += body.split()
        elif kind == "stop":
            stop += [w.strip() for w in body.split(";") if w.strip()]
        else:
            entries.append(_alias_entry(kind, body, where))
    return AliasFile(tuple(entries), tuple(articles), tuple(stop))


def _alias_entry(kind: str, body: str, where: str) -> AliasEntry:
    target_part, equals, alias_part = body.partition("=")
    aliases = tuple(a.strip() for a in alias_part.split(";") if a.strip())
    if not equals or not aliases:
        raise GazetteerDataError(f"{where}: expected 'Target = alias; alias', got {body!r}")
    cells = [c.strip() for c in target_part.split("|")]
    target = _TARGET.match(cells[0])
    if target is None:
        raise GazetteerDataError(f"{where}: bad target {cells[0]!r}; write 'Name' or 'Name (CC)'")
    if len(cells) == 1:
        return AliasEntry(kind, target["name"], target["cc"], None, None, None, aliases, where)
    point = _POINT.match(cells[1]) if len(cells) == 3 else None
    try:
        lat, lon = (float(v) for v in cells[2].split(","))
    except (IndexError, ValueError):
        point = None
    if point is None or kind != "city":
        raise GazetteerDataError(
            f"{where}: a place defined here is written 'Name | CC.ADM1 | lat, lon = alias; ...'"
            f" (settlements only), got {body!r}"
        )
    return AliasEntry(kind, target["name"], point["cc"], cells[1], lat, lon, aliases, where)


@lru_cache(maxsize=1)
def read_romanization() -> Romanization:
    """Parse ``data/geo/romanization.txt`` (its header documents the format), once."""
    articles: set[str] = set()
    vowels: set[str] = set()
    rewrites: list[tuple[str, str]] = []
    for number, raw in enumerate(_data_text("geo", "romanization.txt").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("article:"):
            articles.update(line.removeprefix("article:").split())
        elif line.startswith("vowels:"):
            vowels.update(line.removeprefix("vowels:").split())
        elif ">" in line:
            old, _, new = line.partition(">")
            rewrites.append((old.strip(), new.strip()))
        else:
            raise GazetteerDataError(
                f"data/geo/romanization.txt line {number}: {raw!r} is not 'article:', 'vowels:' or"
                " 'a > b'; fix or remove the line"
            )
    return Romanization(frozenset(articles), tuple(rewrites), frozenset(vowels))
