"""Scoring against gold: every rule of shared/gold/README.md on small hand-written cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigie.errors import VigieError
from vigie.evaluation import FIELDS, haversine_km, load_gold, match_cost, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS_GOLD = SHARED / "gold" / "seeds-incidents.jsonl"

RAQQA = (35.95, 39.01)
KM_PER_DEGREE_LAT = 111.19  # on the haversine sphere: a degree of latitude is ~111.195 km
DOC_A, DOC_B, DOC_C = "000_a", "001_b", "002_c"


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    return point[0] + km / KM_PER_DEGREE_LAT, point[1]


def gold_line(id: str = "G1", at: tuple[float, float] = RAQQA, **over) -> dict:
    line = {
        "id": id, "docs": [DOC_A], "event_date": "2014-11-25", "event_date_end": None,
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "actor1": "Syrian government forces", "actor2": "Islamic State", "location": "Raqqa",
        "lat": at[0], "lon": at[1], "geo_precision": 1, "fatalities_low": 95,
        "civilian_fatalities_low": 52, "scored": True, "notes": "Regime air raids on Raqqa.",
    }
    return {**line, **over}


def incident(
    id: str = "I1", at: tuple[float, float] = RAQQA, docs: tuple[str, ...] = (DOC_A,), **over
) -> dict:
    record = {
        "id": id, "event_date": "2014-11-25", "event_date_end": None, "date_precision": "day",
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "actor1": "Syrian government forces", "actor2": "Islamic State", "country": "Syria",
        "admin1": "Raqqa", "location": "Raqqa", "latitude": at[0], "longitude": at[1],
        "geo_precision": 1, "fatalities_low": 95, "fatalities_best": 95, "fatalities_high": 100,
        "civilian_fatalities_low": 52, "reported_by": ["OSDH"],
        "sources": [
            {"doc_id": d, "url": None, "outlet": None, "quote": "au moins 95 morts", "start": 0, "end": 17}
            for d in docs
        ],
        "confidence": 0.9,
    }
    return {**record, **over}


def matched_ids(report) -> list[tuple[str, str]]:
    return [(g["id"], s["id"]) for g, s, _ in report.matches]


# --- candidate conditions -------------------------------------------------------------------

def test_haversine_is_about_111_km_per_degree_of_latitude():
    assert haversine_km((35.0, 39.0), (36.0, 39.0)) == pytest.approx(111.195, abs=0.01)
    assert haversine_km(RAQQA, RAQQA) == 0.0


@pytest.mark.parametrize("precision, radius", [(1, 30), (2, 60), (3, 120)])
def test_distance_threshold_follows_gold_geo_precision(precision: int, radius: int):
    gold = [gold_line(geo_precision=precision)]
    inside = score([incident(at=north_of(RAQQA, radius - 1), geo_precision=1)], gold)
    outside = score([incident(at=north_of(RAQQA, radius + 1), geo_precision=3)], gold)
    assert inside.recall == 1.0 and inside.precision == 1.0
    assert outside.recall == 0.0 and outside.precision == 0.0  # the system's precision is ignored


def test_gold_without_geo_precision_is_a_town():
    gold = [{k: v for k, v in gold_line().items() if k != "geo_precision"}]
    assert score([incident(at=north_of(RAQQA, 29))], gold).recall == 1.0
    assert score([incident(at=north_of(RAQQA, 31))], gold).recall == 0.0


def test_missing_coordinates_never_match():
    no_place = [gold_line(lat=None, lon=None)]
    assert score([incident()], no_place).recall == 0.0
    partial = [{k: v for k, v in gold_line().items() if k not in ("lat", "lon")}]
    assert score([incident()], partial).recall == 0.0
    assert score([incident(latitude=None, longitude=None)], [gold_line()]).recall == 0.0


@pytest.mark.parametrize("system_date, ok", [
    ("2014-11-23", False), ("2014-11-24", True), ("2014-11-25", True), ("2014-11-26", True),
    ("2014-11-27", False), (None, True),
])
def test_date_window_single_day_widened_by_one(system_date: str | None, ok: bool):
    assert score([incident(event_date=system_date)], [gold_line()]).recall == (1.0 if ok else 0.0)


@pytest.mark.parametrize("system_date, ok", [
    ("2016-07-10", False), ("2016-07-11", True), ("2016-07-13", True), ("2016-07-15", True),
    ("2016-07-16", False),
])
def test_date_window_range_widened_by_one(system_date: str, ok: bool):
    gold = [gold_line(event_date="2016-07-12", event_date_end="2016-07-14")]
    assert score([incident(event_date=system_date)], gold).recall == (1.0 if ok else 0.0)


def test_undated_gold_accepts_any_system_date():
    assert score([incident(event_date="1999-01-01")], [gold_line(event_date=None)]).recall == 1.0


def test_system_must_cite_a_gold_document():
    gold = [gold_line(docs=[DOC_A, DOC_B])]
    assert score([incident(docs=(DOC_C,))], gold).recall == 0.0
    assert score([incident(docs=(DOC_B,))], gold).recall == 1.0
    assert score([incident(docs=())], gold).recall == 0.0
    assert score([incident(docs=(DOC_A,))], [gold_line(docs=[])]).recall == 0.0
    no_docs_key = {k: v for k, v in gold_line().items() if k != "docs"}
    assert score([incident()], [no_docs_key]).recall == 0.0


def test_match_cost_adds_distance_and_type_differences():
    gold = gold_line()
    assert match_cost(gold, incident()) == 0.0
    assert match_cost(gold, incident(at=north_of(RAQQA, 20))) == pytest.approx(0.2, abs=1e-3)
    shelling = incident(sub_event_type="Shelling/artillery/missile attack")
    assert match_cost(gold, shelling) == 1.0
    clash = incident(event_type="Battles", sub_event_type="Armed clash")
    assert match_cost(gold, clash) == 2.0
    assert match_cost(gold, incident(docs=(DOC_C,))) is None


# --- one-to-one, cheapest first -------------------------------------------------------------

def test_split_incident_costs_a_false_positive():
    report = score([incident("far", at=north_of(RAQQA, 10)), incident("near")], [gold_line()])
    assert matched_ids(report) == [("G1", "near")]
    assert [s["id"] for s in report.spurious] == ["far"]
    assert (report.precision, report.recall) == (0.5, 1.0)
    assert report.f1 == pytest.approx(2 / 3)


def test_merged_incidents_cost_a_miss():
    gold = [gold_line("G1"), gold_line("G2", at=north_of(RAQQA, 5))]
    report = score([incident("merged")], gold)
    assert matched_ids(report) == [("G1", "merged")]
    assert [g["id"] for g in report.misses] == ["G2"]
    assert (report.precision, report.recall) == (1.0, 0.5)


def test_right_type_beats_closer_wrong_type():
    report = score(
        [incident("shelling", sub_event_type="Shelling/artillery/missile attack"),
         incident("strike", at=north_of(RAQQA, 20))],
        [gold_line()],
    )
    assert matched_ids(report) == [("G1", "strike")]
    assert [s["id"] for s in report.spurious] == ["shelling"]


def test_cheapest_pair_first_not_first_gold_first():
    # G1's cheapest candidate is I1, but I1 is cheaper still for G2, whose only candidate it is.
    # Taking the cheapest pair overall lets G1 fall back on I2 and both lines match; walking the
    # gold lines in order would give I1 to G1 and miss G2.
    gold = [gold_line("G1"), gold_line("G2", at=north_of(RAQQA, 20))]
    system = [incident("I1", at=north_of(RAQQA, 12)), incident("I2", at=north_of(RAQQA, -14))]
    report = score(system, gold)
    assert sorted(matched_ids(report)) == [("G1", "I2"), ("G2", "I1")]
    assert report.recall == 1.0


def test_ties_are_deterministic_and_independent_of_order():
    gold = [gold_line("G1", actor2=None), gold_line("G2")]
    system = [incident("a"), incident("b", actor2=None)]
    forward = score(system, gold)
    backward = score(list(reversed(system)), gold)
    assert sorted(matched_ids(forward)) == sorted(matched_ids(backward)) == [("G1", "b"), ("G2", "a")]
    assert forward.fields["actor2"] == backward.fields["actor2"] == 1.0
    twins = [incident("x"), incident("y")]
    assert [s["id"] for s in score(twins, [gold_line()]).spurious] == ["y"]


# --- what counts ----------------------------------------------------------------------------

def test_non_violent_lines_are_ignored_on_both_sides():
    meeting = dict(event_type="Strategic developments", sub_event_type="Other")
    gold = [gold_line(), gold_line("G2", **meeting), gold_line("G3", scored=False, **meeting)]
    system = [incident(), incident("talks", **meeting)]
    report = score(system, gold)
    assert (report.n_system, report.n_gold, report.precision, report.recall) == (1, 1, 1.0, 1.0)
    # A non-violent scored:false line is not a neutral line: a violent incident there is spurious.
    report = score([incident("strike")], [gold_line("G3", scored=False, **meeting)])
    assert [s["id"] for s in report.spurious] == ["strike"] and report.neutral == []


def test_every_violent_type_counts():
    for event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        assert score([incident(event_type=event_type)], [gold_line(event_type=event_type)]).recall == 1.0
    no_type = {k: v for k, v in gold_line().items() if k != "event_type"}
    assert score([incident()], [no_type]).n_gold == 0


def test_neutral_line_takes_system_incident_out_of_both_counts():
    gold = [gold_line("G1"), gold_line("B1", scored=False, at=north_of(RAQQA, 200))]
    system = [incident("hit"), incident("border", at=north_of(RAQQA, 200)),
              incident("border2", at=north_of(RAQQA, 205)), incident("noise", docs=(DOC_C,))]
    report = score(system, gold)
    assert [s["id"] for s in report.neutral] == ["border", "border2"]
    assert [s["id"] for s in report.spurious] == ["noise"]
    assert (report.n_system, report.n_gold) == (2, 1)
    assert report.precision == 0.5 and report.recall == 1.0


def test_scored_lines_are_matched_before_neutral_ones():
    gold = [gold_line("B1", scored=False), gold_line("G1")]
    report = score([incident("one")], gold)
    assert matched_ids(report) == [("G1", "one")] and report.neutral == []
    report = score([incident("one"), incident("two")], gold)
    assert [s["id"] for s in report.neutral] == ["two"] and report.precision == 1.0


def test_missing_scored_key_means_scored():
    line = {k: v for k, v in gold_line().items() if k != "scored"}
    assert score([], [line]).n_gold == 1


# --- field accuracy -------------------------------------------------------------------------

def fields_of(system: dict, gold: dict) -> dict[str, float | None]:
    report = score([system], [gold])
    assert len(report.matches) == 1
    return report.fields


def test_perfect_pair_scores_every_field():
    assert fields_of(incident(), gold_line()) == dict.fromkeys(FIELDS, 1.0)


def test_date_field_has_no_slack_and_null_gold_wants_null():
    assert fields_of(incident(event_date="2014-11-24"), gold_line())["date"] == 0.0
    assert fields_of(incident(event_date=None), gold_line())["date"] == 0.0
    ranged = gold_line(event_date="2016-07-12", event_date_end="2016-07-14")
    assert fields_of(incident(event_date="2016-07-14"), ranged)["date"] == 1.0
    assert fields_of(incident(event_date="2016-07-15"), ranged)["date"] == 0.0
    assert fields_of(incident(event_date=None), gold_line(event_date=None))["date"] == 1.0
    assert fields_of(incident(event_date="2014-11-25"), gold_line(event_date=None))["date"] == 0.0


def test_fatalities_equal_alt_and_null_only_equals_null():
    gold = gold_line(fatalities_low_alt=[100], civilian_fatalities_low_alt=[50])
    assert fields_of(incident(fatalities_low=100, civilian_fatalities_low=50), gold)["fatalities_low"] == 1.0
    got = fields_of(incident(fatalities_low=90, civilian_fatalities_low=50), gold)
    assert got["fatalities_low"] == 0.0 and got["civilian_fatalities_low"] == 1.0
    nulls = gold_line(fatalities_low=None, civilian_fatalities_low=None)
    got = fields_of(incident(fatalities_low=None, civilian_fatalities_low=None), nulls)
    assert got["fatalities_low"] == 1.0 and got["civilian_fatalities_low"] == 1.0
    got = fields_of(incident(fatalities_low=0, civilian_fatalities_low=0), nulls)
    assert got["fatalities_low"] == 0.0 and got["civilian_fatalities_low"] == 0.0
    assert fields_of(incident(fatalities_low=None), gold_line(fatalities_low=0))["fatalities_low"] == 0.0


def test_actor_candidates_including_null():
    gold = gold_line(
        actor1="Unidentified", actor1_candidates=["Syrian government forces", "Russian armed forces"],
        actor2=None, actor2_candidates=[None, "Syrian rebels"],
    )
    for actor1, actor2 in [("Unidentified", None), ("Russian armed forces", "Syrian rebels")]:
        got = fields_of(incident(actor1=actor1, actor2=actor2), gold)
        assert (got["actor1"], got["actor2"]) == (1.0, 1.0)
    got = fields_of(incident(actor1="Islamic State", actor2="Islamic State"), gold)
    assert (got["actor1"], got["actor2"]) == (0.0, 0.0)
    plain = gold_line(actor2=None)
    assert fields_of(incident(actor2=None), plain)["actor2"] == 1.0
    assert fields_of(incident(actor2="Unidentified"), plain)["actor2"] == 0.0


def test_sub_event_type_field():
    shelling = incident(sub_event_type="Shelling/artillery/missile attack")
    assert fields_of(shelling, gold_line())["sub_event_type"] == 0.0


def test_all_docs_linked():
    gold = gold_line(docs=[DOC_A, DOC_B])
    assert fields_of(incident(docs=(DOC_A,)), gold)["all_docs_linked"] == 0.0
    assert fields_of(incident(docs=(DOC_B, DOC_A, DOC_C)), gold)["all_docs_linked"] == 1.0


def test_field_accuracy_is_a_fraction_of_matched_pairs():
    gold = [gold_line("G1"), gold_line("G2", docs=[DOC_B])]
    system = [incident("I1", fatalities_low=100), incident("I2", docs=(DOC_B,))]
    assert score(system, gold).fields["fatalities_low"] == 0.5


# --- zero divisions -------------------------------------------------------------------------

def test_empty_cases():
    both = score([], [])
    assert (both.precision, both.recall, both.f1) == (1.0, 1.0, 1.0)
    assert both.fields == dict.fromkeys(FIELDS, None)
    silent = score([], [gold_line()])
    assert (silent.precision, silent.recall, silent.f1) == (1.0, 0.0, 0.0)
    nothing_to_find = score([incident()], [])
    assert (nothing_to_find.precision, nothing_to_find.recall, nothing_to_find.f1) == (0.0, 1.0, 0.0)
    only_neutral = score([incident()], [gold_line(scored=False)])
    assert (only_neutral.n_system, only_neutral.precision, only_neutral.f1) == (0, 1.0, 1.0)


# --- the report -----------------------------------------------------------------------------

def test_report_lines_list_misses_spurious_and_field_errors():
    gold = [gold_line("S01", docs=[DOC_A, DOC_B]),
            gold_line("S07", event_date=None, location="Palmyra", docs=[DOC_C], notes="Strikes\non Palmyra.")]
    system = [incident("inc1", fatalities_low=100), incident("inc9", location="Tabqa", docs=(DOC_B,),
                                                           at=north_of(RAQQA, 50))]
    text = "\n".join(score(system, gold).lines())
    assert text.startswith("precision 0.500 (1/2 system incidents matched), recall 0.500 (1/2 gold")
    assert "  fatalities_low 0.000" in text and "  date 1.000" in text
    assert f'misses:\n  S07 undated Air/drone strike Palmyra (docs {DOC_C}) "Strikes on Palmyra."' in text
    assert (f'spurious:\n  inc9 2014-11-25 Air/drone strike Tabqa {north_of(RAQQA, 50)[0]},39.01 killed 95 '
            f'docs {DOC_B} "au moins 95 morts"') in text
    assert "  S01 fatalities_low: system 100, gold 95" in text
    assert f"  S01 all_docs_linked: system [{DOC_A}], gold [{DOC_A}, {DOC_B}]" in text


def test_report_shows_accepted_values_and_empty_sections():
    gold = gold_line(fatalities_low_alt=[100], event_date="2016-07-12", event_date_end="2016-07-14")
    lines = score([incident(fatalities_low=90, event_date="2016-07-15")], [gold]).lines()
    assert "  G1 fatalities_low: system 90, gold 95 or 100" in lines
    assert "  G1 date: system 2016-07-15, gold 2016-07-12..2016-07-14" in lines
    empty = score([], []).lines()
    assert empty[empty.index("misses:") + 1] == "  (none)"
    assert "  date n/a" in empty


def test_as_dict_is_json_serialisable():
    report = score([incident("I1", fatalities_low=100), incident("x", docs=(DOC_C,))], [gold_line()])
    summary = json.loads(json.dumps(report.as_dict()))
    assert summary["precision"] == 0.5 and summary["n_matched"] == 1
    assert summary["matches"] == [{"gold": "G1", "system": "I1", "cost": 0.0}]
    assert summary["spurious"] == ["x"] and summary["misses"] == []
    assert summary["field_errors"][0] == {
        "gold": "G1", "system": "I1", "field": "fatalities_low", "system_value": 100, "gold_value": 95,
    }
    assert set(summary["fields"]) == set(FIELDS)


# --- bad input ------------------------------------------------------------------------------

def write_lines(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_keeps_extra_keys_and_skips_blank_lines(tmp_path: Path):
    path = tmp_path / "gold.jsonl"
    minimal = {"id": "X", "docs": ["d"], "event_type": "Battles", "lat": 1.0, "lon": 2.0, "mine": [1]}
    text = "\ufeff" + json.dumps(minimal) + "\n\n" + json.dumps(gold_line()) + "\n"  # BOM, blank line
    path.write_text(text, encoding="utf-8")
    gold = load_gold(str(path))
    assert [g["id"] for g in gold] == ["X", "G1"] and gold[0]["mine"] == [1]
    assert score([incident(docs=("d",), at=(1.0, 2.0), event_type="Battles")], gold).recall == 0.5


@pytest.mark.parametrize("bad, words", [
    ('{"id": "G2", "docs": [', "not valid JSON"),
    ('["G2"]', "expected a JSON object"),
    ('{"id": "G2", "lat": "35.9", "lon": 39.0}', "lat must be a number"),
    ('{"id": "G2", "docs": "000_a"}', "docs must be a list"),
    ('{"id": "G2", "event_date": "25/11/2014"}', "event_date must be a YYYY-MM-DD date"),
    ('{"id": "G2", "event_date": "2014-11-25", "event_date_end": "2014-11-20"}', "before event_date"),
    ('{"id": "G2", "geo_precision": 4}', "geo_precision must be 1, 2, 3"),
    ('{"id": "G2", "scored": "no"}', "scored must be true or false"),
    ('{"id": "G2", "actor2_candidates": "Syrian rebels"}', "actor2_candidates must be a list"),
])
def test_load_gold_names_the_bad_line(tmp_path: Path, bad: str, words: str):
    path = write_lines(tmp_path, json.dumps(gold_line()), bad)
    with pytest.raises(VigieError) as caught:
        load_gold(path)
    message = str(caught.value)
    assert f"{path}:2: " in message and words in message and "\n" not in message


def test_load_gold_missing_file(tmp_path: Path):
    with pytest.raises(VigieError, match="no gold file at"):
        load_gold(tmp_path / "nope.jsonl")


def test_score_names_an_unreadable_system_incident():
    with pytest.raises(VigieError, match="system incident I1: event_date"):
        score([incident(event_date="2014-11")], [gold_line()])
    with pytest.raises(VigieError, match="gold incident G1: lat"):
        score([], [gold_line(lat="north")])


# --- the real seeds gold --------------------------------------------------------------------

def as_system(gold: dict) -> dict:
    """A gold line in the export format, as a perfect extractor would write it."""
    keep = ("id", "event_date", "event_date_end", "event_type", "sub_event_type", "actor1", "actor2",
            "country", "admin1", "location", "geo_precision", "fatalities_low", "civilian_fatalities_low")
    record = {key: gold.get(key) for key in keep}
    record["latitude"], record["longitude"] = gold.get("lat"), gold.get("lon")
    record["sources"] = [{"doc_id": d, "url": None, "outlet": None, "quote": "", "start": 0, "end": 0}
                         for d in gold.get("docs") or []]
    return record


def test_seeds_gold_scores_perfectly_against_itself():
    if not SEEDS_GOLD.is_file():
        pytest.skip(f"{SEEDS_GOLD} is not beside this checkout (the seed gold is not redistributed)")
    gold = load_gold(SEEDS_GOLD)
    for system in ([as_system(g) for g in gold], [as_system(g) for g in reversed(gold)]):
        report = score(system, gold)
        assert (report.precision, report.recall, report.f1) == (1.0, 1.0, 1.0)
        assert report.fields == dict.fromkeys(FIELDS, 1.0)
        violent_scored = [g for g in gold if g["scored"] and g["event_type"] != "Strategic developments"]
        assert report.n_gold == len(violent_scored)
        assert not (report.misses or report.spurious or report.neutral or report.field_errors)
