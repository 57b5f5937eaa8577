"""The per-document NLP stage, the same function in-process or in a pool of worker processes.

Each worker loads the spaCy model once (``load_nlp`` is cached per process) and parses its
share of documents with ``nlp.pipe``; the parent process keeps the only database connection
and writes results in input order, so the database is the same whatever the worker count.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from itertools import islice

from vigie.model import Mention

#: Documents sent to a worker at a time: enough for nlp.pipe to batch (16 is its sweet spot),
#: few enough that the pool stays balanced and results flow back steadily.
CHUNK = 32

#: Characters of text parsed and held at once: every Doc of a batch lives until the batch is
#: extracted. A chunk of 32 texts of up to 50,000 characters (a fuzz corpus; a feed of live
#: blogs) took the process past 2 GB; on 112 pages of 47,000 characters the peak was 989 MB
#: with batches of 120,000 characters and 794 MB with 50,000. Wire copy (2,000-20,000
#: characters) still goes several documents a batch, where nlp.pipe gains from batching.
BATCH_CHARS = 50_000

Job = tuple  # key, id, cleaned text, publication date, earliest and latest possible publication days, language
Result = tuple[int, str | None, list[Mention], str | None]  # key, publication day, mentions, note
#: Seconds one document may take in the events stage (parsing a long text, then extracting).
#: On the development set a document takes 48 ms (median) and 1.05 s at most (the first one,
#: which warms the model up); a page that takes 20 s is an attack or a dump, not news.
EVENTS_BUDGET_SECONDS = 20.0


def default_workers() -> int:
    return os.cpu_count() or 1


def extract_batch(jobs: list[Job]) -> list[Result]:
    """Parse and extract a batch of documents (runs in whichever process calls it), each
    with its language's pack; a document in a language with no pack gets no mentions and a
    note saying so. Each document has EVENTS_BUDGET_SECONDS for its parsing (when long) and
    its extraction; one that outlives it, or meets a bug, gets no mentions and a note saying
    why, and the batch goes on."""
    from vigie.packs import no_pack_note, pack_for

    results: dict[int, Result] = {}
    by_language: dict[str, list[Job]] = {}
    for job in jobs:
        pack = pack_for(job[6])
        if pack is None:
            results[job[0]] = (job[0], job[3], [], no_pack_note(job[6]))
        else:
            by_language.setdefault(pack.code, []).append(job)
    from vigie.nlp.pipeline import NLP_PIECE_CHARS, return_freed_memory

    for lang, group in by_language.items():
        # Ordinary documents in batches of at most BATCH_CHARS characters; each long one
        # alone, so that no more than one long parse (hundreds of MB) is held at a time.
        batches: list[list[Job]] = [[]]
        size = 0
        for j in (j for j in group if len(j[2]) <= NLP_PIECE_CHARS):
            if batches[-1] and size + len(j[2]) > BATCH_CHARS:
                batches.append([])
                size = 0
            batches[-1].append(j)
            size += len(j[2])
        batches += [[j] for j in group if len(j[2]) > NLP_PIECE_CHARS]
        for batch in filter(None, batches):
            for result in _extract_language(batch, lang):
                results[result[0]] = result
            if sum(len(j[2]) for j in batch) > NLP_PIECE_CHARS:
                return_freed_memory()
    return [results[job[0]] for job in jobs]


def _extract_language(jobs: list[Job], lang: str) -> list[Result]:
    from vigie.events.extract import BudgetSpent, extract_mentions, tag_subject_candidates
    from vigie.limits import iso_day
    from vigie.nlp import load_nlp
    from vigie.nlp.pipeline import parse_bounded

    nlp = load_nlp(lang)
    out = []
    # A memory zone frees the strings spaCy interns for these documents once they are done:
    # without it the vocabulary grows with every new word, number and name of the corpus.
    with nlp.memory_zone():
        parsed = parse_bounded([j[2] for j in jobs], lambda: time.monotonic() + EVENTS_BUDGET_SECONDS, lang)
        tag_subject_candidates([doc for doc, _ in parsed if doc is not None], lang)
        for (key, doc_id, _, published, earliest, latest, _language), (doc, note) in zip(jobs, parsed):
            mentions: list[Mention] = []
            if doc is not None:
                day = iso_day(published) if published and len(published) == 10 else None
                try:
                    mentions = extract_mentions(doc_id, doc, day, lang, window=(earliest, latest),
                                                deadline=time.monotonic() + EVENTS_BUDGET_SECONDS)
                except BudgetSpent as spent:
                    note = "; ".join(filter(None, (note, str(spent))))
                except Exception as exc:  # noqa: BLE001 - a bug on one page must not stop the run
                    failed = f"events stage failed ({type(exc).__name__}: {exc}".splitlines()[0]
                    note = "; ".join(filter(None, (note, failed + "); please report this page")))
            out.append((key, published, mentions, note))
    return out


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(islice(it, size)):
        yield chunk


def _warm() -> None:
    from vigie.nlp import load_nlp

    load_nlp()


def start_pool(workers: int):
    """A pool of ``workers`` forked processes that start loading the model at once. The run
    starts it before reading its input, so the model loads in the workers while the parent
    ingests (on 2 cores that hides most of the loading); the caller terminates it."""
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(workers, initializer=_warm)


def extract_all(
    jobs: Iterable[Job], workers: int = 1, executor: str = "local", address: str | None = None, pool=None,
) -> Iterator[Result]:
    """Results for every job, in order. ``executor="local"``: in-process for one worker,
    else ``pool`` (or a pool of ``workers`` processes started here); ``executor="ray"``: an
    actor pool of ``workers`` actors on the Ray cluster at ``address`` (a local Ray instance
    when None)."""
    if executor == "ray":
        yield from _ray(jobs, workers, address)
        return
    if pool is None and workers <= 1:
        for chunk in _chunks(jobs, CHUNK):
            yield from extract_batch(chunk)
        return
    if pool is None:
        with start_pool(workers) as own:
            yield from _in_pool(own, jobs, workers)
    else:
        yield from _in_pool(pool, jobs, workers)


def _in_pool(pool, jobs: Iterable[Job], workers: int) -> Iterator[Result]:
    """Chunks are read here, in the caller's thread (they may come from a database
    connection), and at most two per worker are in flight, so memory stays flat."""
    from collections import deque

    pending: deque = deque()
    for chunk in _chunks(jobs, CHUNK):
        pending.append(pool.apply_async(extract_batch, (chunk,)))
        if len(pending) >= 2 * workers:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


def _ray(jobs: Iterable[Job], workers: int, address: str | None) -> Iterator[Result]:
    """The same batches on Ray: each actor loads the model once; results come back in
    submission order, with at most two batches per actor in flight."""
    try:
        import ray
        from ray.util import ActorPool
    except ImportError:
        from vigie.errors import MissingExtraError

        raise MissingExtraError("ray", "cluster") from None

    started_here = not ray.is_initialized()
    if started_here:
        options = {"include_dashboard": False, "log_to_driver": False, "ignore_reinit_error": True}
        if address:
            ray.init(address=address, **options)
        else:
            ray.init(num_cpus=max(1, workers), **options)

    @ray.remote
    class NlpActor:
        def extract(self, chunk: list[Job]) -> list[Result]:
            return extract_batch(chunk)

    try:
        pool = ActorPool([NlpActor.remote() for _ in range(max(1, workers))])
        in_flight = 0
        for chunk in _chunks(jobs, CHUNK):
            pool.submit(lambda actor, c: actor.extract.remote(c), chunk)
            in_flight += 1
            if in_flight >= 2 * max(1, workers):
                yield from pool.get_next()
                in_flight -= 1
        while pool.has_next():
            yield from pool.get_next()
    finally:
        if started_here:
            ray.shutdown()
