"""The command line: every verb works, and every verb's help carries an example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vigie.cli.main import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_run_export_show_status(runner: CliRunner, examples_dir: Path, tmp_path: Path):
    db = str(tmp_path / "v.db")
    result = runner.invoke(cli, ["run", str(examples_dir), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "12 documents read: 12 new" in result.output

    out = tmp_path / "docs.jsonl"
    result = runner.invoke(cli, ["export", "documents", "--format", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 12
    expected = {"id", "url", "title", "text", "published", "published_precision", "language", "outlet", "agency", "group"}
    assert expected <= set(docs[0])

    result = runner.invoke(cli, ["show", "ex01_alep_barils", "--db", db])
    assert result.exit_code == 0 and "published: 2016-02-18 (day)" in result.output

    result = runner.invoke(cli, ["show", "nope", "--db", db])
    assert result.exit_code != 0 and "no document 'nope'" in result.output

    result = runner.invoke(cli, ["status", "--db", db])
    assert result.exit_code == 0 and "documents: 12 current" in result.output


def test_db_from_environment(runner: CliRunner, examples_dir: Path, tmp_path: Path):
    db = tmp_path / "env.db"
    result = runner.invoke(cli, ["run", str(examples_dir / "ex01_alep_barils.txt")], env={"VIGIE_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_exit_status_says_whether_anything_was_rejected(runner: CliRunner, tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["run", str(tmp_path), "--db", str(tmp_path / "v.db")])
    assert result.exit_code == 1
    assert "error:" in result.output and "empty file" in result.output


def test_status_on_a_missing_database_says_what_to_do(runner: CliRunner, tmp_path: Path):
    result = runner.invoke(cli, ["status", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "vigie run" in result.output


@pytest.mark.parametrize(
    "verb", [["run"], ["export", "documents"], ["export", "incidents"], ["show"], ["status"], ["eval"], ["incidents"], ["stories"], ["serve"], ["user", "add"]]
)
def test_every_verb_has_an_example_in_its_help(runner: CliRunner, verb: list[str]):
    result = runner.invoke(cli, [*verb, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "vigie " in result.output


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory) -> str:
    from tests.conftest import EXAMPLES

    db = str(tmp_path_factory.mktemp("cli") / "v.db")
    result = CliRunner().invoke(cli, ["run", str(EXAMPLES / "articles"), "--db", db, "--no-progress"])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "parquet"])
def test_incident_exports_are_deterministic_and_readable(runner: CliRunner, examples_db: str, tmp_path: Path, fmt: str):
    paths = [tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"]
    for path in paths:
        result = runner.invoke(cli, ["export", "incidents", "--format", fmt, "-o", str(path), "--db", examples_db])
        assert result.exit_code == 0, result.output
    assert paths[0].read_bytes() == paths[1].read_bytes()
    if fmt == "csv":
        import pandas as pd

        frame = pd.read_csv(paths[0])
        assert list(frame.columns[:19]) == [
            "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
            "sub_event_type", "actor1", "actor2", "civilian_targeting", "country", "admin1", "location",
            "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
        ]
        assert len(frame) > 20
    elif fmt == "geojson":
        collection = json.loads(paths[0].read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection" and collection["features"]
        assert all(f["geometry"]["type"] == "Point" and -180 <= f["geometry"]["coordinates"][0] <= 180 for f in collection["features"])
    elif fmt == "parquet":
        import pandas as pd

        frame = pd.read_parquet(paths[0])
        assert {"id", "event_date", "fatalities_low", "sources"} <= set(frame.columns) and len(frame) > 20


def test_incident_filters_and_table(runner: CliRunner, examples_db: str):
    result = runner.invoke(cli, ["incidents", "--db", examples_db, "--country", "Iraq", "--width", "120"])
    assert result.exit_code == 0 and "IRQ" in result.output and "SYR" not in result.output
    result = runner.invoke(cli, ["export", "incidents", "--db", examples_db, "--type", "Suicide bomb", "--since", "2015-01-01", "--until", "2015-12-31"])
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert lines and all(x["sub_event_type"] == "Suicide bomb" for x in lines)
    result = runner.invoke(cli, ["export", "incidents", "--db", examples_db, "--since", "2016-13-01"])
    assert result.exit_code != 0


def test_stories_listing_and_one_story(runner: CliRunner, examples_db: str):
    result = runner.invoke(cli, ["stories", "--db", examples_db])
    assert result.exit_code == 0
    first = result.output.splitlines()[0].split()[0]
    result = runner.invoke(cli, ["stories", first, "--db", examples_db])
    assert result.exit_code == 0 and "ex03_raqa_frappes_russes" in result.output
