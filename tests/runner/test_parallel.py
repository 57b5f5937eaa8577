"""Worker processes change nothing but speed."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES, dump
from vigie.runner import run


def test_two_workers_give_the_same_database_as_one(tmp_path: Path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    run([EXAMPLES / "articles"], one, workers=1)
    summary = run([EXAMPLES / "articles"], two, workers=2)
    assert summary.counts["extracted"] == 8
    assert dump(one) == dump(two)
