"""The development set: real articles re-created outside the repository (../shared/dev/README.md).

The gate runs where the texts are (`.devset/fr.jsonl`) and skips with the reason elsewhere (CI
has none); the report's own arithmetic is checked everywhere on small made-up records.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from vigie.evaluation.devset import measure, multi_outlet, subsets, table

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


def _gold(gid, docs, lat=36.2, lon=37.1, date="2016-05-23"):
    return {"id": gid, "docs": docs, "event_date": date, "event_date_end": None, "event_type": "Explosions/Remote violence",
            "sub_event_type": "Suicide bomb", "actor1": "Islamic State", "actor2": "Civilians", "lat": lat, "lon": lon,
            "geo_precision": 1, "fatalities_low": 10, "civilian_fatalities_low": None, "scored": True}


def _system(sid, docs, lat=36.2, lon=37.1, date="2016-05-23"):
    return {"id": sid, "event_date": date, "event_type": "Explosions/Remote violence", "sub_event_type": "Suicide bomb",
            "actor1": "Islamic State", "actor2": "Civilians", "latitude": lat, "longitude": lon, "fatalities_low": 10,
            "civilian_fatalities_low": None, "sources": [{"doc_id": d} for d in docs]}


MANIFEST = [
    {"id": "a1", "url": "https://one.example/2016/05/23/x", "published": "2016-05-23", "part": "pa"},
    {"id": "a2", "url": "https://www.two.example/y", "published": None, "part": "pa"},
    {"id": "b1", "url": "https://one.example/z", "published": "2016-06-01", "part": "pb"},
]


def test_multi_outlet_means_two_hosts():
    urls = {m["id"]: m["url"] for m in MANIFEST}
    assert multi_outlet({"docs": ["a1", "a2"]}, urls)
    assert not multi_outlet({"docs": ["a1", "b1"]}, urls)  # one outlet, two articles


def test_measures_of_a_part():
    gold = [_gold("G1", ["a1", "a2"]), _gold("G2", ["b1"], lat=34.0, lon=36.0)]
    system = [_system("S1", ["a1"]), _system("S2", ["a2"], lat=34.0, lon=36.0)]
    stored = {"a1": {"published": "2016-05-23"}, "a2": {"published": "2016-05-22"}}  # b1 was rejected
    m = measure("pa", {"a1", "a2"}, MANIFEST, gold, system, stored)
    assert (m.matched, m.system, m.gold) == (1, 2, 1)  # S2 lies far from G1: spurious
    assert (m.merged, m.multi_outlet) == (0, 1)  # S1 cites a1 only
    assert m.dated_right == 1 and m.dated_wrong == ["a2: 2016-05-22 vs not datable"]
    whole = measure("all", {"a1", "a2", "b1"}, MANIFEST, gold, system, stored)
    assert whole.rejected == ["b1"] and whole.datable == 1 and whole.dated_missing == []


def test_a_month_is_neither_right_nor_wrong_unless_it_contradicts():
    stored = {"a1": {"published": "2016-05"}, "b1": {"published": "2016-07"}, "a2": {"published": None}}
    m = measure("all", {"a1", "a2", "b1"}, MANIFEST, [], [], stored)
    assert m.dated_right == 0 and m.dated_wrong == ["b1: 2016-07 vs 2016-06-01"]
    assert m.dated_missing == ["a1 (month 2016-05 only)"]


def test_the_report_has_halves_and_targets():
    names = [n for n, _ in subsets(MANIFEST, "fr")]
    assert names[:2] == ["pa", "pb"] and names[-1] == "all"
    results = [measure(n, ids, MANIFEST, [_gold("G1", ["a1"])], [_system("S1", ["a1"])], {"a1": {"published": "2016-05-23"}})
               for n, ids in subsets(MANIFEST, "fr")]
    text = "\n".join(table(results, "fr"))
    assert "incident F1" in text and ">= 0.80" in text and "multi-outlet incidents merged" in text


@pytest.fixture(scope="module", params=["fr", "en"])
def devset_db(request, tmp_path_factory) -> tuple[str, Path]:
    lang = request.param
    texts = ROOT / ".devset" / f"{lang}.jsonl"
    if not texts.exists():
        pytest.skip(f".devset/{lang}.jsonl is absent: re-create the development set's texts as ../shared/dev/README.md says")
    if not (SHARED / "dev" / lang / "gold.jsonl").exists():
        pytest.skip("../shared/dev is not beside this checkout")
    from vigie.runner import run

    db = tmp_path_factory.mktemp("devset") / f"dev-{lang}.db"
    run([texts], db)
    return lang, db


def test_devset_above_floors(devset_db: tuple[str, Path]):
    from vigie.evaluation import load_gold
    from vigie.evaluation.devset import load_manifest, measure_database
    from vigie.store import connect

    lang, db = devset_db
    manifest = load_manifest(SHARED / "dev" / lang / "manifest.jsonl")
    gold = load_gold(SHARED / "dev" / lang / "gold.jsonl")
    with connect(db) as conn:
        results = measure_database(conn, manifest, gold, lang)
    whole, floors = results[-1], FLOORS[f"devset_{lang}"]
    low = [f"{k} {whole.value(k)} < {v}" for k, v in floors.items()
           if k not in ("_about", "rejected", "dates_wrong") and (whole.value(k) or 0) < v]
    if len(whole.rejected) > floors["rejected"]:
        low.append(f"rejected {whole.rejected}")
    if len(whole.dated_wrong) > floors["dates_wrong"]:
        low.append(f"wrong publication dates {whole.dated_wrong}")
    assert low == [], "\n".join(low + table(results, lang))
