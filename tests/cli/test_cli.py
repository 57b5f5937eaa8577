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
    assert "8 documents read: 8 new" in result.output

    out = tmp_path / "docs.jsonl"
    result = runner.invoke(cli, ["export", "documents", "--format", "jsonl", "-o", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 8
    expected = {"id", "url", "title", "text", "published", "published_precision", "language", "outlet", "agency", "group"}
    assert expected <= set(docs[0])

    result = runner.invoke(cli, ["show", "ex01_alep_barils", "--db", db])
    assert result.exit_code == 0 and "published: 2016-02-18 (day)" in result.output

    result = runner.invoke(cli, ["show", "nope", "--db", db])
    assert result.exit_code != 0 and "no document 'nope'" in result.output

    result = runner.invoke(cli, ["status", "--db", db])
    assert result.exit_code == 0 and "documents: 8 current" in result.output


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


@pytest.mark.parametrize("verb", [["run"], ["export", "documents"], ["show"], ["status"]])
def test_every_verb_has_an_example_in_its_help(runner: CliRunner, verb: list[str]):
    result = runner.invoke(cli, [*verb, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "vigie " in result.output
