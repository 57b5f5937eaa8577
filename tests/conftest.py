"""Shared fixtures: paths to the shared seeds (skipped where absent), the examples, a database."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

# Hypothesis runs the same examples on every machine: a property test that passes here passes in
# CI, and a failure it finds is reproduced by anyone. Exploring new examples is `make fuzz`'s
# job and a developer's (HYPOTHESIS_PROFILE=explore).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
_hypothesis_settings.register_profile("explore")
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout (the seeds are not redistributed)")
    return path


@pytest.fixture
def seeds_cleaning_gold() -> dict:
    path = SHARED / "gold" / "seeds-cleaning.json"
    if not path.is_file():
        pytest.skip("../shared/gold/seeds-cleaning.json is not beside this checkout")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES / "articles"


@pytest.fixture
def examples_cleaning_gold() -> dict:
    return json.loads((EXAMPLES / "gold" / "cleaning.json").read_text(encoding="utf-8"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "vigie.db"


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows except the run log, for comparing database states."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables if t not in ("runs", "schema_migrations")}
    conn.close()
    return out


def rows(db: Path, sql: str, *args) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()
