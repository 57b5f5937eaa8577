"""The gazetteer on the names French conflict reporting uses."""

from __future__ import annotations

import json
import math
import time
from importlib import resources
from pathlib import Path

import pytest

from vigie.geo import Gazetteer, Place, load_gazetteer
from vigie.geo.sources import (
    AliasEntry, AliasFile, GazetteerDataError, read_admin1, read_aliases, read_countries,
    read_romanization, read_settlements,
)

GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold" / "seeds-incidents.jsonl"
# "Within ~10 km" of the expected point: GeoNames, UCDP and Wikipedia put a town's point at
# different squares and mosques, a few km apart.
TOLERANCE_KM = 10.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def assert_near(place: Place | None, lat: float, lon: float) -> None:
    assert place is not None
    distance = km(place.lat, place.lon, lat, lon)
    assert distance <= TOLERANCE_KM, f"{place.name} is {distance:.0f} km from ({lat}, {lon})"


@pytest.mark.parametrize(
    "written, name, country_code, admin1, lat, lon",
    [
        ("Alep", "Aleppo", "SY", "Aleppo", 36.20, 37.16),
        ("Raqa", "Ar Raqqah", "SY", "Raqqa", 35.95, 39.01),
        ("Raqqa", "Ar Raqqah", "SY", "Raqqa", 35.95, 39.01),
        ("Palmyre", "Tadmur", "SY", "Homs", 34.56, 38.28),
        ("Lattaquié", "Latakia", "SY", "Latakia", 35.52, 35.79),
        ("Idleb", "Idlib", "SY", "Idlib", 35.93, 36.63),
        ("Deir ez-Zor", "Deir ez-Zor", "SY", "Deir ez-Zor", 35.34, 40.14),
        ("Deir Ezzor", "Deir ez-Zor", "SY", "Deir ez-Zor", 35.34, 40.14),
        ("Deir el-Zor", "Deir ez-Zor", "SY", "Deir ez-Zor", 35.34, 40.14),
        ("Foua", "Al Fu'ah", "SY", "Idlib", 35.97, 36.70),
        ("Kafraya", "Kafriya", "SY", "Idlib", 35.98, 36.70),
        ("Damas", "Damascus", "SY", "Damascus", 33.51, 36.29),
        ("Hama", "Ḩamāh", "SY", "Hama", 35.13, 36.76),
        ("Homs", "Homs", "SY", "Homs", 34.72, 36.73),
        ("Douma", "Dūmā", "SY", "Rif Dimashq", 33.57, 36.40),
        ("Manbij", "Manbij", "SY", "Aleppo", 36.53, 37.95),
        ("Mossoul", "Mosul", "IQ", "Nineveh", 36.34, 43.12),
        ("Bagdad", "Baghdad", "IQ", "Baghdad", 33.34, 44.40),
        ("Kirkouk", "Kirkuk", "IQ", "Kirkuk", 35.47, 44.39),
        ("Ramadi", "Ramadi", "IQ", "Anbar", 33.42, 43.31),
        ("Abou Ghraib", "Abū Ghurayb", "IQ", "Baghdad", 33.31, 44.18),
        ("Sotchi", "Sochi", "RU", "Krasnodar Krai", 43.60, 39.72),
        ("Moscou", "Moscow", "RU", "Moscow", 55.75, 37.62),
        ("Genève", "Geneva", "CH", "Geneva", 46.20, 6.15),
        ("Beyrouth", "Beirut", "LB", "Beirut", 33.89, 35.50),
        ("Yarzé", "Yarze", "LB", "Mount Lebanon", 33.83, 35.55),
    ],
)
def test_towns_as_french_news_writes_them(gaz, written, name, country_code, admin1, lat, lon):
    place = gaz.lookup(written)
    assert_near(place, lat, lon)
    assert (place.name, place.country_code, place.admin1) == (name, country_code, admin1)
    assert (place.kind, place.precision) == ("city", 1)


def test_a_city_carries_its_country_name_and_geonameid(gaz):
    place = gaz.lookup("Alep")
    assert (place.country, place.geonameid) == ("Syria", 170063)
    assert gaz.lookup("Foua").geonameid is None  # defined in place_aliases.txt


@pytest.mark.parametrize(
    "written, admin1, lat, lon",
    [
        ("Hama", "Hama", 35.13, 36.76),  # a province name
        ("Damas", "Rif Dimashq", 33.51, 36.29),  # AFP's "province de Damas": the countryside
        ("Idleb", "Idlib", 35.93, 36.63),  # the French name of its seat
        ("Alep", "Aleppo", 36.20, 37.16),
        ("Lattaquié", "Latakia", 35.52, 35.79),
        ("Raqa", "Raqqa", 35.95, 39.01),
        ("Ninive", "Nineveh", 36.34, 43.12),
        ("Anbar", "Anbar", 33.42, 43.31),
    ],
)
def test_province_of_x_gives_the_province_at_its_seat(gaz, written, admin1, lat, lon):
    place = gaz.lookup(written, kind="admin1")
    assert_near(place, lat, lon)
    assert (place.name, place.admin1, place.kind, place.precision) == (admin1, admin1, "admin1", 3)


def test_province_of_a_town_that_is_no_seat_is_none(gaz):
    # "la région de Palmyre" is near Palmyra (the caller's precision 2), not Homs province.
    assert gaz.lookup("Palmyre", kind="admin1") is None


@pytest.mark.parametrize(
    "written, name, code",
    [
        ("Syrie", "Syria", "SY"), ("Irak", "Iraq", "IQ"), ("Liban", "Lebanon", "LB"),
        ("Turquie", "Turkey", "TR"), ("Jordanie", "Jordan", "JO"), ("Russie", "Russia", "RU"),
        ("France", "France", "FR"), ("Etats-Unis", "United States", "US"),
        ("États-Unis", "United States", "US"), ("Israël", "Israel", "IL"),
        ("la Syrie", "Syria", "SY"), ("l'Irak", "Iraq", "IQ"),
    ],
)
def test_countries_in_french(gaz, written, name, code):
    place = gaz.lookup(written)
    assert (place.name, place.country, place.country_code) == (name, name, code)
    assert (place.kind, place.precision, place.admin1) == ("country", 4, None)
    assert gaz.lookup(written, kind="country") == place


def test_kind_city_returns_only_settlements(gaz):
    assert gaz.lookup("Syrie", kind="city") is None
    assert gaz.lookup("Ninive", kind="city") is None
    assert gaz.lookup("Alep", kind="country") is None
    assert gaz.lookup("Damas", kind="city").name == "Damascus"


@pytest.mark.parametrize(
    "written",
    ["Est", "Etat", "État", "l'Est", "Nord", "Sud", "Ouest", "Centre", "Mars", "Mai", "La Une",
     "Sur", "", "  ", "Al", "EI", "M. Assad", "Al-Nosra", "Kremlin", "Casier", "Boisson"],
)
def test_words_that_are_not_places(gaz, written):
    assert gaz.lookup(written) is None
    assert not gaz.is_known(written)


@pytest.mark.parametrize(
    "written, name",
    [
        ("DEIR EZ-ZOR", "Deir ez-Zor"), ("deir-ez-zor", "Deir ez-Zor"), ("Lattaquie", "Latakia"),
        ("d'Alep", "Aleppo"), ("Le Caire", "Cairo"), ("Al-Bab", "Al Bāb"),
        ("Jarablos", "Jarābulus"), ("Kobané", "‘Ayn al ‘Arab"),
    ],
)
def test_case_accents_hyphens_and_articles_do_not_matter(gaz, written, name):
    assert gaz.lookup(written).name == name


@pytest.mark.parametrize(
    "written, name",
    [
        # Spellings in no source and no alias: the loose key of two-word Arabic names.
        ("Maaret al-Noumane", "Ma‘arrat an Nu‘mān"),
        ("Jisr al-Chogour", "Jisr ash Shughūr"),
        ("Ras el-Aïn", "Ra’s al ‘Ayn"),
        ("Khan Cheikhoune", "Khān Shaykhūn"),
    ],
)
def test_romanizations_nobody_listed(gaz, written, name):
    assert gaz.lookup(written).name == name


def test_ties_go_to_syria_and_iraq_then_conflict_countries(gaz):
    assert gaz.lookup("Homs").country_code == "SY"  # not Al Khums, Libya
    assert gaz.lookup("Bagdad").country_code == "IQ"  # not Bagdad, Florida
    assert gaz.lookup("Vienne").country_code == "AT"  # the alias file beats Vienne, Isère
    assert gaz.lookup("Tripoli").country_code in {"LY", "LB"}


def test_a_province_in_syria_or_iraq_beats_a_town_elsewhere(gaz):
    for written in ("Anbar", "Al-Anbar"):
        place = gaz.lookup(written)
        assert (place.kind, place.name, place.country_code) == ("admin1", "Anbar", "IQ")


def test_names_the_extractor_meets_that_are_not_places(gaz):
    # "l'Observatoire syrien des droits de l'homme", the agency Sana, people's first names
    # (the extractor tries "Rami" of "Rami Abdel Rahmane" alone).
    for written in ("Observatoire", "L'Observatoire", "Sana", "La Maison Blanche", "Rami",
                    "Vladimir", "Omar"):
        assert gaz.lookup(written) is None, written
    assert gaz.lookup("Riyad").name == "Riyadh"
    assert gaz.lookup("Maaret al-Noumane", kind="country") is None


def test_is_known(gaz):
    assert gaz.is_known("Alep") and gaz.is_known("Syrie") and gaz.is_known("Raqa")
    assert not gaz.is_known("Etat")


def test_unknown_kind_is_an_error(gaz):
    with pytest.raises(ValueError, match="kind must be"):
        gaz.lookup("Alep", kind="town")


def test_every_alias_line_reads_as_its_kind(gaz):
    aliases = read_aliases("fr")
    stop = {w.casefold() for w in aliases.stop}
    for entry in aliases.entries:
        for alias in entry.aliases:
            if alias.casefold() in stop:
                continue
            place = gaz.lookup(alias, kind=entry.kind)
            assert place is not None, f"{entry.where}: {alias!r} reads as nothing"
            if entry.country:
                assert place.country_code == entry.country, entry.where


def test_an_alias_to_an_unknown_place_says_which_line(gaz):
    aliases = read_aliases("fr")
    line = AliasEntry("city", "Nowhereville", None, None, None, None, ("Nulle-Part",),
                      "data/fr/place_aliases.txt line 7")
    bad = AliasFile((line,), aliases.articles, aliases.stop)
    with pytest.raises(GazetteerDataError, match="line 7: no city named 'Nowhereville'"):
        Gazetteer(read_countries(), read_admin1(), read_settlements(), bad, read_romanization())


@pytest.mark.skipif(not GOLD.is_file(), reason="../shared/gold is not beside this checkout")
def test_gold_places_of_the_seed_articles(gaz):
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        kind = "admin1" if gold["geo_precision"] == 3 else None
        place = gaz.lookup(gold["location"], kind=kind)
        assert_near(place, gold["lat"], gold["lon"])
        assert (place.admin1, place.country) == (gold["admin1"], gold["country"]), gold["id"]


def test_load_is_cached_and_quick():
    load_gazetteer.cache_clear()
    start = time.perf_counter()
    gaz = load_gazetteer()
    print(f"\nload_gazetteer: {time.perf_counter() - start:.2f} s, {len(gaz):,} keys")
    assert load_gazetteer() is gaz


def test_bundled_data_is_small_and_attributed():
    folder = resources.files("vigie") / "data" / "geo"
    total = sum(f.stat().st_size for f in Path(str(folder)).iterdir())
    assert total < 1_000_000, "data/geo has grown past 1 MB: raise the population thresholds"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0." in readme
    assert "Uppsala Conflict Data Program" in readme and "Sundberg" in readme


def test_the_ta_marbuta_is_written_either_way():
    gaz = load_gazetteer()
    assert gaz.lookup("Maskana").name == "Maskanah"  # GeoNames writes the final -ah
    assert gaz.lookup("Cinema") is None  # a word ending in -a is not made a place by it
