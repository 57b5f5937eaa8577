"""Exact copies, near-duplicates and syndicated rewrites share a group; nothing else does."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import rows
from tests.helpers import WIRE_STORY, story
from vigie.dedup import band_keys, classify, shingles, signature
from vigie.runner import run


def groups(db: Path) -> dict[str, str]:
    return {r["id"]: r["dedup_group"] for r in rows(db, "SELECT id, dedup_group FROM documents WHERE is_current = 1")}


def test_seeds_000_and_001_are_one_group_and_no_other_pair(seeds_dir: Path, db: Path):
    run([seeds_dir], db)
    g = groups(db)
    assert g["000_a9d47bbb5a0df270"] == g["001_3d2d1b338fec40bb"]
    others = [g[k] for k in sorted(g) if not k.startswith(("000", "001"))]
    assert len(set(others)) == 3 and g["000_a9d47bbb5a0df270"] not in others
    [copy] = rows(db, "SELECT duplicate_of, duplicate_kind FROM documents WHERE id = '001_3d2d1b338fec40bb'")
    assert (copy["duplicate_of"], copy["duplicate_kind"]) == ("000_a9d47bbb5a0df270", "syndicated")


def test_examples_syndicated_pair(examples_dir: Path, db: Path):
    run([examples_dir], db)
    g = groups(db)
    assert g["ex03_raqa_frappes_russes"] == g["ex04_raqa_frappes_russes_reprise"]
    assert len(set(g.values())) == len(g) - 1


def test_exact_copy_near_copy_and_unrelated(tmp_path: Path, db: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    long_story = WIRE_STORY + "\n\n" + story(42) + "\n\n" + story(43)
    (folder / "a.txt").write_text(long_story, encoding="utf-8")
    (folder / "b.txt").write_text(long_story, encoding="utf-8")
    near = long_story.replace("en fin de journée", "dans la soirée")
    (folder / "c.txt").write_text("Partager\n\n" + near, encoding="utf-8")
    for i in range(5):
        (folder / f"other{i}.txt").write_text(story(i), encoding="utf-8")
    run([folder], db)
    kinds = {r["id"]: r["duplicate_kind"] for r in rows(db, "SELECT id, duplicate_kind FROM documents")}
    g = groups(db)
    assert g["a"] == g["b"] == g["c"] == "a"
    assert kinds["b"] == "exact" and kinds["c"] == "near" and kinds["a"] is None
    assert len({g[f"other{i}"] for i in range(5)}) == 5


def test_copy_without_a_date_inherits_the_earliest(tmp_path: Path, db: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "orig.txt").write_text("Par Le Quotidien | Publié le 3 mai 2016\n\n" + WIRE_STORY.replace("BEYROUTH, 3 mai 2016 (AFP) - ", ""), encoding="utf-8")
    late = WIRE_STORY.replace("BEYROUTH, 3 mai 2016 (AFP) - ", "")
    (folder / "late.txt").write_text("Par La Gazette | Publié le 5 mai 2016\n\n" + late, encoding="utf-8")
    (folder / "undated.txt").write_text(late, encoding="utf-8")
    run([folder], db)
    pub = {r["id"]: (r["published"], r["own_published"]) for r in rows(db, "SELECT * FROM documents")}
    assert pub["orig"] == ("2016-05-03", "2016-05-03")
    assert pub["late"] == ("2016-05-03", "2016-05-05")
    assert pub["undated"] == ("2016-05-03", None)


def test_short_texts_are_not_called_copies_by_containment():
    short = "Au moins dix-sept personnes, dont six enfants, ont été tuées mardi."
    assert classify(short, WIRE_STORY, "h1", "h2") is None


def test_band_keys_are_stable_and_signed_64_bit():
    sig = signature(shingles(WIRE_STORY))
    keys = band_keys(sig)
    assert keys == band_keys(signature(shingles(WIRE_STORY)))
    assert len(keys) == 42 and all(-(2**63) <= k < 2**63 for _, k in keys)


def test_a_copy_added_later_joins_its_group_as_if_read_together(tmp_path: Path, examples_dir: Path):
    import shutil

    together, later = tmp_path / "together.db", tmp_path / "later.db"
    run([examples_dir], together)
    first = tmp_path / "first"
    first.mkdir()
    for f in examples_dir.iterdir():
        if f.name != "ex04_raqa_frappes_russes_reprise.txt":
            shutil.copy(f, first / f.name)
    run([first], later)
    shutil.copy(examples_dir / "ex04_raqa_frappes_russes_reprise.txt", first)
    run([first], later)  # only the new copy is compared
    query = "SELECT id, dedup_group, duplicate_of, duplicate_kind, published FROM documents WHERE is_current = 1 ORDER BY id"
    assert [tuple(r) for r in rows(later, query)] == [tuple(r) for r in rows(together, query)]


def test_signatures_reusing_the_permutations_equal_a_fresh_minhash():
    """Signatures are stored and compared across runs: the cached permutations must give what
    a MinHash built from the seed gives."""
    from datasketch import MinHash

    from vigie.dedup.minhash import NUM_PERM, SEED, shingles, signature

    for text in ("Des raids aériens ont frappé Douma mardi, tuant douze civils.", "Alep " * 40, ""):
        fresh = MinHash(num_perm=NUM_PERM, seed=SEED)
        if shingles(text):
            fresh.update_batch(sorted(shingles(text)))
        assert (signature(shingles(text)) == fresh.hashvalues.astype("uint64")).all()


def test_a_signature_hashed_in_chunks_is_the_one_hashed_at_once():
    """Hashing in chunks bounds memory on huge texts and must not change a single value
    (signatures are stored and compared across runs)."""
    import numpy as np
    from datasketch import MinHash

    from vigie.dedup.minhash import HASH_CHUNK, NUM_PERM, SEED, signature

    many = {f"mot{i} suivant{i % 97} encore{i % 13} et fin".encode() for i in range(3 * HASH_CHUNK + 5)}
    at_once = MinHash(num_perm=NUM_PERM, seed=SEED)
    at_once.update_batch(sorted(many))
    assert np.array_equal(signature(many), at_once.hashvalues.astype(np.uint64))
    assert np.array_equal(signature(set()), MinHash(num_perm=NUM_PERM, seed=SEED).hashvalues.astype(np.uint64))
