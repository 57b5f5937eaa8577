"""The fuzz corpus: hostile inputs of every kind issue 13 lists (and more), mixed with valid
articles in every format, written to a folder with a manifest saying what each path is.

Why a seeded ``random.Random`` and hand-written kinds rather than Hypothesis here: the corpus
is one folder handed whole to one ``vigie run`` (loading the model costs ten seconds, so a
process per example is out of the question), every input must be known in advance to check
that it is accounted for, and the long run must be the same 10,000 inputs every time it is
run so that its numbers can be compared. Hypothesis is built for the opposite (many small
examples, each run in-process, shrunk on failure); it drives the in-process property tests of
the parsers in ``test_properties.py``, where it fits. Here ``random.Random(seed)`` draws the
random parts (bytes, code points, JSON values, where a cut or a stray byte falls) and each kind
function writes the shape an attacker or a broken crawler would.

What a manifest entry promises: ``articles`` are valid articles the input holds that must come
out stored (current) and extracted (at least one mention) whatever else is wrong with it; the
input itself must be accounted for (a stored document's source, a reject's source, or under a
rejected folder). Kinds whose damage is meant to be repaired (a stray byte, NFD accents, a
surrogate escape in a JSONL id, a bad WARC-Date) carry an article; kinds whose damage is meant
to cost the record (a line nested 100,000 deep) carry none, but a valid line or record after
them does.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.fuzz import kinds_feeds, kinds_files, kinds_pages  # noqa: F401 - they register the kinds
from tests.fuzz.articles import FORMATS, article_warc_record, as_html_page, as_jsonl_line, as_text_page, gz, warc_gz
from tests.fuzz.writer import KINDS, Bombs, Entry, Manifest, Writer, unlock

__all__ = ["KINDS", "Entry", "Manifest", "build_corpus", "unlock"]

#: Valid inputs (files of valid articles only) per hostile input: one in eight keeps the valid
#: side large enough that losing articles shows, and small enough that the hostile side is most
#: of the run's time. The hostile containers carry more valid articles of their own.
VALID_PER_HOSTILE = 1 / 8
#: Articles in one valid JSONL or WARC file.
ARTICLES_PER_CONTAINER = 3

# ----------------------------------------------------------------------------------------

def _valid_input(w: Writer, i: int) -> None:
    fmt = FORMATS[i % len(FORMATS)]
    k = "valid-" + fmt
    if fmt.startswith("jsonl"):
        arts = [w.article() for _ in range(ARTICLES_PER_CONTAINER)]
        data = "".join(as_jsonl_line(a, html=j == 1) + "\n" for j, a in enumerate(arts)).encode()
        w.write(k, gz(data) if fmt.endswith(".gz") else data, "." + fmt, articles=[a.doc_id for a in arts])
    elif fmt.startswith("warc"):
        arts = [w.article() for _ in range(ARTICLES_PER_CONTAINER)]
        recs = [article_warc_record(a) for a in arts]
        w.write(k, warc_gz(recs) if fmt.endswith(".gz") else b"".join(recs), "." + fmt, articles=[a.doc_id for a in arts])
    else:
        a = w.article()
        page = (as_text_page(a) if fmt.startswith("txt") else as_html_page(a)).encode()
        ext = "." + fmt
        w.write(k, gz(page) if fmt.endswith(".gz") else page, name=a.doc_id + ext, articles=[a.doc_id])


def build_corpus(folder: str | Path, n_hostile: int, seed: int = 13, kinds: list[str] | None = None,
                 exclude: list[str] | None = None) -> Manifest:
    """Write ``n_hostile`` hostile inputs (every kind once, then drawn by weight) and valid
    inputs among them into ``folder`` (which must not exist or be empty); returns the manifest.

    The same seed writes the same corpus. ``kinds`` restricts the hostile kinds and ``exclude``
    leaves some out (to reproduce one failure alone, or to see past one that stops the run).
    """
    root = Path(os.path.abspath(folder))  # sources are stored as given: keep them absolute
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    manifest = Manifest(root=root, seed=seed)
    w = Writer(root, rng, manifest, Bombs())
    names = [n for n in (kinds or list(KINDS)) if n not in set(exclude or ())]
    weights = [KINDS[n][1] for n in names]
    first = [n for n in names if KINDS[n][2]][:n_hostile]
    schedule = first + rng.choices(names, weights, k=max(0, n_hostile - len(first)))
    n_valid = max(len(FORMATS), round(n_hostile * VALID_PER_HOSTILE))
    every = max(1, len(schedule) // n_valid)
    v = 0
    for i, name in enumerate(schedule):
        if i % every == 0 and v < n_valid:
            _valid_input(w, v)
            v += 1
        KINDS[name][0](w, name)
    while v < n_valid:
        _valid_input(w, v)
        v += 1
    return manifest

