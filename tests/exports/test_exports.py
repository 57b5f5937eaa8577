"""Export formats: ACLED CSV, GeoJSON, Parquet, terminal table, filters."""

from __future__ import annotations

import copy
import csv
import io
import json
import math

import pandas as pd
import pytest

from vigie.exports import (
    ACLED_COLUMNS, CSV_COLUMNS, IncidentFilter, acled_row, filter_records, format_table,
    to_feature, write_acled_csv, write_geojson, write_parquet,
)
from vigie.exports.acled import notes, time_precision
from vigie.exports.table import display_width


def source(doc_id, outlet=None, quote="...", start=0, end=3):
    return {"doc_id": doc_id, "url": f"https://example.org/{doc_id}" if outlet else None, "outlet": outlet,
            "quote": quote, "start": start, "end": end}


def incident(**fields) -> dict:
    record = {
        "id": "VG000000000001", "event_date": "2014-11-25", "event_date_end": None, "date_precision": "day",
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "actor1": "Syrian government forces", "actor2": "Islamic State",
        "country": "Syria", "admin1": "Raqqa", "location": "Raqqa", "latitude": 35.95, "longitude": 39.01,
        "geo_precision": 1, "fatalities_low": 95, "fatalities_best": 95, "fatalities_high": 95,
        "civilian_fatalities_low": 52, "reported_by": ["OSDH"],
        "sources": [source("doc-b", "Le Monde", "au moins 95 morts, dont 52 civils", 10, 43),
                    source("doc-a", "AFP"), source("doc-c", "Le Monde")],
        "confidence": 0.9, "actor1_candidates": ["Syrian government forces"],
        "figures": [{"n": 95, "q": "at_least", "group": "all", "role": "toll", "quote": "au moins 95 morts",
                     "doc_id": "doc-b", "reported_by": "OSDH"}],
        "evidence": {"event": {"doc_id": "doc-b", "start": 0, "end": 43, "quote": "raids"}},
    }
    record.update(fields)
    return record


@pytest.fixture
def records() -> list[dict]:
    return [
        incident(),
        # A range of three days, Violence against civilians, a range of tolls, a later-added key.
        incident(id="VG000000000002", event_date="2015-03-01", event_date_end="2015-03-03", date_precision="range",
                 event_type="Violence against civilians", sub_event_type="Attack", actor1="Islamic State",
                 actor2="Civilians", country="Iraq", admin1="Nineveh", location="Mosul", latitude=36.34,
                 longitude=43.13, fatalities_low=15, fatalities_best=18, fatalities_high=20,
                 civilian_fatalities_low=None, reported_by=[], sources=[source("doc-d")],
                 review_state="accepted", event_id_cnty="IRQ123"),
        # No date, no coordinates, no toll, no perpetrator.
        incident(id="VG000000000003", event_date=None, date_precision="unknown", event_type="Battles",
                 sub_event_type="Armed clash", actor1="Unidentified", actor2=None, admin1="Homs",
                 location="Tadmur", latitude=None, longitude=None, geo_precision=None, fatalities_low=None,
                 fatalities_best=None, fatalities_high=None, civilian_fatalities_low=None, reported_by=[],
                 sources=[source("doc-e", "L'Orient-Le Jour, Beyrouth")], confidence=0.4, figures=[], evidence={}),
        # A strategic development: a meeting, no toll by nature.
        incident(id="VG000000000004", event_date="2015-10-30", date_precision="day",
                 event_type="Strategic developments", sub_event_type="Agreement",
                 actor1="Russian armed forces", actor2="US-led coalition", country="Austria", admin1="Vienna",
                 location="Vienna", latitude=48.21, longitude=16.37, fatalities_low=None, fatalities_best=None,
                 fatalities_high=None, civilian_fatalities_low=None, reported_by=[], figures=[]),
        # A range of ten days: coarser than a week.
        incident(id="VG000000000005", event_date="2016-02-01", event_date_end="2016-02-11", date_precision="range",
                 fatalities_low=0, fatalities_best=0, fatalities_high=0, civilian_fatalities_low=None),
    ]


# --- ACLED CSV ------------------------------------------------------------------------------

def test_acled_columns_in_order(records):
    out = io.StringIO()
    assert write_acled_csv(records, out) == len(records)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header[:19]) == ACLED_COLUMNS
    assert tuple(header) == CSV_COLUMNS
    assert header[19:] == ["vigie_id", "event_date_end", "fatalities_best", "fatalities_high",
                           "civilian_fatalities", "review_state", "confidence"]
    assert list(acled_row(records[0])) == list(CSV_COLUMNS)


def test_acled_conventions(records):
    rows = [acled_row(r) for r in records]
    full, civilians, undated, strategic, long_range = rows

    assert full["event_id_cnty"] == "VG000000000001" and civilians["event_id_cnty"] == "IRQ123"
    assert civilians["vigie_id"] == "VG000000000002"
    assert full["event_date"] == "2014-11-25" and full["year"] == 2014
    assert undated["event_date"] == "" and undated["year"] == ""
    assert [r["time_precision"] for r in rows] == [1, 2, 3, 1, 3]
    assert [r["disorder_type"] for r in rows] == [
        "Political violence", "Political violence", "Political violence", "Strategic developments",
        "Political violence",
    ]
    assert disorder_of("Protests") == disorder_of("Riots") == "Demonstrations"
    assert [r["civilian_targeting"] for r in rows] == ["", "Civilian targeting", "", "", ""]
    assert acled_row(incident(actor2="Civilians"))["civilian_targeting"] == "Civilian targeting"
    # Unknown toll is an empty cell, a reported zero stays 0.
    assert full["fatalities"] == 95 and undated["fatalities"] == "" and long_range["fatalities"] == 0
    assert full["civilian_fatalities"] == 52 and civilians["civilian_fatalities"] == ""
    assert civilians["fatalities_best"] == 18 and civilians["fatalities_high"] == 20
    assert civilians["event_date_end"] == "2015-03-03" and civilians["review_state"] == "accepted"
    # Distinct outlets, sorted; a source without an outlet is named by its document id.
    assert full["source"] == "AFP; Le Monde"
    assert civilians["source"] == "doc-d"
    assert undated["latitude"] == "" and undated["geo_precision"] == ""


def disorder_of(event_type):
    return acled_row(incident(event_type=event_type, sub_event_type=None))["disorder_type"]


def test_time_precision_edges():
    assert time_precision(incident(date_precision="range", event_date_end="2014-12-01")) == 2  # 6 days
    assert time_precision(incident(date_precision="range", event_date_end="2014-12-02")) == 3  # 7 days
    assert time_precision(incident(date_precision="month", event_date="2014-11-01")) == 3
    assert time_precision(incident(event_date=None, date_precision="unknown")) == 3


def test_notes(records):
    full, civilians, undated, strategic, long_range = (notes(r) for r in records)
    assert full == (
        "On 25 November 2014, Syrian government forces carried out an air/drone strike on Islamic State in "
        "Raqqa (Raqqa), killing at least 95 people, including 52 civilians, according to OSDH."
    )
    assert civilians == (
        "Between 1 and 3 March 2015, Islamic State attacked civilians in Mosul (Nineveh), "
        "killing at least 15 people (tolls reported up to 20)."
    )
    assert undated == (
        "Date unknown: An unidentified perpetrator fought an armed clash in Tadmur (Homs); no toll reported."
    )
    assert strategic == (
        "On 30 October 2015, Russian armed forces reached an agreement with US-led coalition in Vienna (Vienna)."
    )
    assert long_range.startswith("Between 1 and 11 February 2016, ")
    assert long_range.endswith("with no fatalities reported, according to OSDH.")
    assert notes(incident(event_date="2014-11-30", event_date_end="2015-01-02", date_precision="range")).startswith(
        "Between 30 November 2014 and 2 January 2015, "
    )
    assert notes(incident(event_date="2014-11-01", date_precision="month")).startswith("In November 2014, ")
    all_civilians = incident(fatalities_low=3, fatalities_high=3, civilian_fatalities_low=3)
    assert "killing at least 3 civilians," in notes(all_civilians)
    one = incident(fatalities_low=1, fatalities_high=1, civilian_fatalities_low=None)
    assert "killing at least 1 person," in notes(one)
    assert "according to OSDH and Russian Ministry of Defence." in notes(
        incident(reported_by=["OSDH", "Russian Ministry of Defence"])
    )
    assert "clashed with an unidentified party" in notes(incident(sub_event_type="Armed clash", actor2="Unidentified"))
    assert "at an unknown location" in notes(incident(location=None, admin1=None, country=None))


def test_csv_parses_back(records):
    out = io.StringIO(newline="")
    write_acled_csv(records, out)
    text = out.getvalue()
    assert "\r" not in text and text.endswith("\n")

    parsed = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["vigie_id"] for row in parsed] == [r["id"] for r in records]
    assert parsed[0]["notes"] == notes(records[0])  # commas in the notes survive quoting
    assert parsed[2]["source"] == "L'Orient-Le Jour, Beyrouth"

    frame = pd.read_csv(io.StringIO(text), dtype={"event_id_cnty": str, "vigie_id": str})
    assert tuple(frame.columns) == CSV_COLUMNS
    assert len(frame) == len(records)
    for column in ("year", "fatalities", "latitude", "longitude", "confidence", "geo_precision"):
        assert pd.api.types.is_numeric_dtype(frame[column]), column
    assert pd.api.types.is_integer_dtype(frame["time_precision"])
    assert frame["fatalities"].tolist()[:2] == [95, 15] and math.isnan(frame["fatalities"][2])
    assert frame["fatalities"][4] == 0
    assert frame["latitude"][0] == pytest.approx(35.95)
    assert pd.isna(frame["year"][2]) and frame["year"][0] == 2014


def test_csv_ignores_unknown_keys():
    row = acled_row(incident(notes_internal="x", figures_extra=[1]))
    assert set(row) == set(CSV_COLUMNS)


# --- GeoJSON --------------------------------------------------------------------------------

def test_geojson_valid(records):
    out = io.StringIO()
    n = write_geojson(records, out)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    assert n == len(collection["features"]) == 4  # the incident without coordinates is skipped
    ids = [f["id"] for f in collection["features"]]
    assert "VG000000000003" not in ids
    for feature, record in zip(collection["features"], [r for r in records if r["latitude"] is not None]):
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert (lon, lat) == (record["longitude"], record["latitude"])
        properties = feature["properties"]
        json.dumps(properties, allow_nan=False)
        assert "evidence" not in properties
        assert properties["sources"] == record["sources"] and properties["figures"] == record["figures"]
    # Keys added later pass through.
    assert collection["features"][1]["properties"]["review_state"] == "accepted"


def test_geojson_skips_unusable_coordinates():
    assert to_feature(incident(latitude=None)) is None
    assert to_feature(incident(longitude=float("nan"))) is None
    assert to_feature(incident(latitude=95.0)) is None
    assert to_feature(incident(longitude="39.0")) is None
    feature = to_feature(incident(confidence=float("nan")))
    assert feature["properties"]["confidence"] is None


def test_geojson_empty():
    out = io.StringIO()
    assert write_geojson([], out) == 0
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


# --- Parquet --------------------------------------------------------------------------------

def test_parquet_round_trip(records, tmp_path):
    path = tmp_path / "incidents.parquet"
    assert write_parquet(iter(records), path) == len(records)
    assert not list(tmp_path.glob("*.partial"))
    frame = pd.read_parquet(path, dtype_backend="numpy_nullable")
    assert len(frame) == len(records)
    assert frame["id"].tolist() == [r["id"] for r in records]
    for name in ("event_date", "event_date_end", "actor2", "location", "review_state", "event_id_cnty"):
        assert [None if pd.isna(v) else v for v in frame[name]] == [r.get(name) for r in records], name
    for name in ("fatalities_low", "fatalities_high", "civilian_fatalities_low", "geo_precision"):
        assert str(frame[name].dtype) == "Int64"
        assert [None if pd.isna(v) else int(v) for v in frame[name]] == [r[name] for r in records], name
    for name in ("latitude", "longitude", "confidence"):
        assert [None if pd.isna(v) else float(v) for v in frame[name]] == [r[name] for r in records], name
    assert [list(v) for v in frame["reported_by"]] == [r["reported_by"] for r in records]
    assert [[dict(s) for s in v] for v in frame["sources"]] == [r["sources"] for r in records]
    assert [json.loads(v) for v in frame["figures"]] == [r["figures"] for r in records]
    assert [json.loads(v) for v in frame["evidence"]] == [r["evidence"] for r in records]
    assert frame["extra"].isna().all()


def test_parquet_keeps_unknown_keys_and_batches(tmp_path, monkeypatch):
    from vigie.exports import parquet

    monkeypatch.setattr(parquet, "BATCH_ROWS", 2)
    many = [incident(id=f"VG{i:012d}", flag=i) for i in range(5)]
    path = tmp_path / "many.parquet"
    assert write_parquet(many, path) == 5
    import pyarrow.parquet as pq

    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    frame = pd.read_parquet(path)
    assert [json.loads(v) for v in frame["extra"]] == [{"flag": i} for i in range(5)]


def test_parquet_empty_and_bad_values(tmp_path):
    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    assert len(pd.read_parquet(path)) == 0
    with pytest.raises(ValueError, match="fatalities_low"):
        write_parquet([incident(fatalities_low="many")], tmp_path / "bad.parquet")
    assert not (tmp_path / "bad.parquet").exists() and not list(tmp_path.glob("*.partial"))


# --- Determinism ----------------------------------------------------------------------------

def test_exports_are_deterministic(records, tmp_path):
    def csv_bytes(rs):
        out = io.StringIO(newline="")
        write_acled_csv(rs, out)
        return out.getvalue().encode("utf-8")

    def geojson_bytes(rs):
        out = io.StringIO()
        write_geojson(rs, out)
        return out.getvalue().encode("utf-8")

    def parquet_bytes(rs, name):
        write_parquet(rs, tmp_path / name)
        return (tmp_path / name).read_bytes()

    again = copy.deepcopy(records)
    assert csv_bytes(records) == csv_bytes(again)
    assert geojson_bytes(records) == geojson_bytes(again)
    assert parquet_bytes(records, "a.parquet") == parquet_bytes(again, "b.parquet")


# --- Filters --------------------------------------------------------------------------------

def ids(records, **criteria):
    return [r["id"][-1] for r in filter_records(records, IncidentFilter(**criteria))]


def test_filters(records):
    assert ids(records) == ["1", "2", "3", "4", "5"]
    assert ids(records, since="2015-03-01") == ["2", "4", "5"]  # inclusive; undated excluded
    assert ids(records, until="2015-03-01") == ["1", "2"]
    assert ids(records, since="2015-01-01", until="2015-12-31") == ["2", "4"]
    assert ids(records, country="SYRIA") == ["1", "3", "5"]
    assert ids(records, country="syr") == []  # equality, not substring
    assert ids(records, actor="islamic") == ["1", "2", "5"]  # actor1 or actor2
    assert ids(records, actor="civilians") == ["2"]
    assert ids(records, type="battles") == ["3"]
    assert ids(records, type="air/drone strike") == ["1", "5"]
    assert ids(records, country="iraq", type="Attack") == ["2"]


def test_filter_rejects_bad_dates():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        IncidentFilter(since="01/03/2015")
    with pytest.raises(ValueError, match="swap"):
        IncidentFilter(since="2016-01-01", until="2015-01-01")


# --- Terminal table -------------------------------------------------------------------------

@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_table_fits_width(records, width):
    lines = format_table(records, width=width)
    assert len(lines) == len(records) + 2
    assert all(display_width(line) <= width for line in lines)


def test_table_content(records):
    lines = format_table(records, width=200)
    assert lines[0].split() == ["id", "date", "type", "location", "actors", "killed", "src"]
    first = lines[2]
    for text in ("VG000000000001", "2014-11-25", "Air/drone strike", "Raqqa",
                 "Syrian government forces -> Islamic State", "95 (civ 52)"):
        assert text in first
    assert first.endswith(" 3")
    assert "2015-03-01/03" in lines[3]
    undated = lines[4]
    assert "Tadmur (Homs)" in undated and " ? " in undated
    narrow = format_table(records, width=60)
    assert any("…" in line for line in narrow)


def test_table_wide_characters():
    lines = format_table([incident(location="大马士革大马士革大马士革", admin1="Damascus")], width=50)
    assert all(display_width(line) <= 50 for line in lines)
