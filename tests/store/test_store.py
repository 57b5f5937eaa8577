"""Migrations, idempotent re-runs and versions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import dump, rows
from tests.helpers import story
from vigie.runner import run
from vigie.store import connect
from vigie.store.db import migrations


def test_migrations_are_recorded_once(db: Path):
    with connect(db):
        pass
    with connect(db):
        pass
    conn = sqlite3.connect(db)
    recorded = conn.execute("SELECT version FROM schema_migrations").fetchall()
    assert [r[0] for r in recorded] == [v for v, _, _ in migrations()]


def test_running_the_same_folder_twice_changes_nothing(examples_dir: Path, db: Path):
    run([examples_dir], db)
    before = dump(db)
    summary = run([examples_dir], db)
    assert summary.counts["new"] == 0 and summary.counts["unchanged"] == summary.counts["read"] > 0
    assert dump(db) == before
    assert len(rows(db, "SELECT id FROM runs")) == 2


def test_seeds_twice_unchanged(seeds_dir: Path, db: Path):
    run([seeds_dir], db)
    before = dump(db)
    run([seeds_dir], db)
    assert dump(db) == before


def test_changed_file_is_a_new_version_and_old_one_is_kept(tmp_path: Path, db: Path):
    path = tmp_path / "a.txt"
    path.write_text(story(1), encoding="utf-8")
    run([path], db)
    path.write_text(story(1).replace("Au moins 11", "Au moins 14"), encoding="utf-8")
    summary = run([path], db)
    assert summary.counts["versions"] == 1
    versions = rows(db, "SELECT version, is_current, text FROM documents WHERE id = 'a' ORDER BY version")
    assert [(v["version"], v["is_current"]) for v in versions] == [(1, 0), (2, 1)]
    assert "Au moins 14" in versions[1]["text"] and "Au moins 11" in versions[0]["text"]
    # Going back to the first content re-activates version 1 instead of adding a third.
    path.write_text(story(1), encoding="utf-8")
    run([path], db)
    versions = rows(db, "SELECT version, is_current FROM documents WHERE id = 'a' ORDER BY version")
    assert [(v["version"], v["is_current"]) for v in versions] == [(1, 1), (2, 0)]
    assert len(rows(db, "SELECT * FROM doc_bands")) == 42


def test_every_document_keeps_raw_clean_metadata_and_run(examples_dir: Path, db: Path):
    summary = run([examples_dir], db)
    for r in rows(db, "SELECT * FROM documents"):
        assert r["raw"] and r["text"] and r["run_id"] == summary.run_id and r["language"] == "fr"
