"""Worker processes change nothing but speed."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES, dump
from vigie.runner import run


def test_two_workers_give_the_same_database_as_one(tmp_path: Path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    run([EXAMPLES / "articles"], one, workers=1)
    summary = run([EXAMPLES / "articles"], two, workers=2)
    assert summary.counts["extracted"] == 12
    assert dump(one) == dump(two)


def test_a_one_shot_run_frees_the_model_after_parsing_and_links_the_same(tmp_path: Path):
    """`vigie run` releases the model (and its workers) before the global steps; nothing else
    changes."""
    from vigie.nlp import load_nlp

    kept, freed = tmp_path / "kept.db", tmp_path / "freed.db"
    run([EXAMPLES / "articles"], kept, workers=1)
    run([EXAMPLES / "articles"], freed, workers=2, release_model=True)
    assert dump(kept) == dump(freed)
    run([EXAMPLES / "articles"], tmp_path / "again.db", workers=1, release_model=True)
    assert load_nlp.cache_info().currsize == 0
