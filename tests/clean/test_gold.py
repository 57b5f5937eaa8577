"""Cleaning gold: every `with` snippet kept, every `without` gone, title and date as given.

Runs on the seeds (from ../shared, skipped where absent) and on the project's own examples.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vigie.export import document_records
from vigie.runner import run
from vigie.store import connect


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def exported(paths: list[Path], db: Path) -> dict[str, dict]:
    run(paths, db)
    with connect(db) as conn:
        return {d["id"]: d for d in document_records(conn)}


def check_against_gold(docs: dict[str, dict], gold: dict) -> list[str]:
    problems = []
    for doc_id, expected in gold.items():
        if doc_id.startswith("_"):
            continue
        doc = docs[doc_id]
        text = norm(doc["text"])
        problems += [f"{doc_id}: lost {w!r}" for w in expected["with"] if norm(w) not in text]
        problems += [f"{doc_id}: kept {w!r}" for w in expected["without"] if norm(w) in text]
        if norm(doc["title"]) != norm(expected["title"]):
            problems.append(f"{doc_id}: title {doc['title']!r} != {expected['title']!r}")
        allowed = expected["published"] if isinstance(expected["published"], list) else [expected["published"]]
        if doc["published"] not in allowed:
            problems.append(f"{doc_id}: published {doc['published']} not in {allowed}")
    return problems


def test_seeds_meet_the_cleaning_gold(seeds_dir: Path, seeds_cleaning_gold: dict, db: Path):
    docs = exported([seeds_dir], db)
    assert check_against_gold(docs, seeds_cleaning_gold) == []


def test_seed_001_inherits_its_date_from_000(seeds_dir: Path, db: Path):
    docs = exported([seeds_dir], db)
    assert docs["001_3d2d1b338fec40bb"]["published"] == "2014-11-26"
    assert "inherited from 000_a9d47bbb5a0df270" in docs["001_3d2d1b338fec40bb"]["published_evidence"]


def test_examples_meet_their_cleaning_gold(examples_dir: Path, examples_cleaning_gold: dict, db: Path):
    docs = exported([examples_dir], db)
    assert check_against_gold(docs, examples_cleaning_gold) == []


@pytest.mark.parametrize("phrase", ["300 civils hier à Alep", "40 personnes ce matin à Kirkouk"])
def test_incident_like_phrases_in_comments_never_reach_the_text(examples_dir: Path, db: Path, phrase: str):
    docs = exported([examples_dir], db)
    assert all(phrase not in d["text"] for d in docs.values())
