"""The run: ingest -> clean -> describe -> sign, per document, then the global dedup step.

Per-document stages are plain functions of one record; the runner streams records through
them and commits every ``BATCH_SIZE`` documents, so memory stays flat and a crash loses at most
one uncommitted batch. Dedup is a global step that reads the stored bands after the batches.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vigie.budget import BudgetExceeded, time_budget
from vigie.clean import clean_record, normalize_text
from vigie.describe.language import RAW_CHARS, raw_language
from vigie.packs import DEFAULT_LANGUAGE, pack_for
from vigie.dedup import assign_groups, band_keys, body_of, shingles, signature
from vigie.describe import content_hash, describe
from vigie.errors import InputError, VigieError
from vigie.ingest import DEFAULT_MAX_BYTES, iter_inputs
from vigie.ingest.files import MAX_REJECTS_PER_FILE
from vigie.model import Reject, Severity, SourceRecord
from vigie.nlp.pipeline import return_freed_memory
from vigie.store import connect
from vigie.store import documents as store

#: Documents per transaction: large enough that commits cost nothing next to parsing, small
#: enough that an interrupted run loses little.
BATCH_SIZE = 50
#: Seconds one page may take to be cleaned, described and signed. On the development set a
#: page takes 5 ms (median) and 0.93 s at most (the first, which loads the cleaning libraries);
#: past 30 s a page is built to be slow (the HTML guard defuses the known ways) and is
#: rejected with this reason.
CLEAN_BUDGET_SECONDS = 30.0


@dataclass
class RunSummary:
    run_id: int
    counts: Counter = field(default_factory=Counter)
    rejects: list[Reject] = field(default_factory=list)
    dedup: dict[str, int] = field(default_factory=dict)
    #: Documents of this run in a language no pack reads, by language (stored, not extracted).
    languages_without_pack: Counter = field(default_factory=Counter)
    listed: Counter = field(default_factory=Counter)  # rejects per (file, severity) this run
    unlisted: Counter = field(default_factory=Counter)  # of which past the listing cap

    @property
    def rejected(self) -> int:
        return self.counts["rejected"]


def process_record(record: SourceRecord, lang: str | None = None):
    """Clean, describe and sign one record: the per-document stages, with no storage.

    The language is told first, cheaply, from the raw page (cleaning and dating read the
    language's lexicons: an English page cleaned with French stopwords loses its prose); the
    cleaned text then tells it again, better, and where that differs and has a pack the page
    is cleaned once more with it. A language with no pack is cleaned with the default pack's
    lexicons (its prose test is language-blind enough to keep the article) and never read for
    events."""
    guess = lang or raw_language(normalize_text(record.raw[:RAW_CHARS]), record.fmt)
    reading = guess if pack_for(guess) is not None else DEFAULT_LANGUAGE
    try:
        page, meta = clean_record(record, reading)
    except InputError:
        if reading == DEFAULT_LANGUAGE or lang is not None:
            raise
        reading = DEFAULT_LANGUAGE  # a wrong guess must not cost the page: the default's lexicons
        page, meta = clean_record(record, reading)
    doc = describe(record, page, meta, reading)
    if lang is None and doc.language and doc.language != reading and pack_for(doc.language) is not None:
        told = doc.language
        try:  # the told pack's cleaning may find less; then the first cleaning stands
            page, meta = clean_record(record, told)
        except InputError:
            pass
        else:
            doc = describe(record, page, meta, told)
            doc.language = doc.language or told
    shingle_set = shingles(body_of(doc.text, doc.title))
    sig = signature(shingle_set)
    text_hash = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
    return doc, text_hash, sig, len(shingle_set), band_keys(sig)


def _progress(items: Iterable, enabled: bool) -> Iterator:
    if not enabled or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc="vigie run", unit=" items", file=sys.stderr)


def run(
    paths: list[str | Path],
    db: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    command: str = "vigie run",
    workers: int = 1,
    executor: str = "local",
    ray_address: str | None = None,
    release_model: bool = False,
) -> RunSummary:
    """Run every stage on ``paths`` into the database ``db``. ``release_model``: free the NLP
    model and the worker processes once the NLP stage is over, so the global steps after it
    run in the memory they need (a one-shot command does; a process that runs again keeps the
    model loaded)."""
    from vigie.parallel import start_pool

    # Local workers are forked first, before any connection is open, and load the model while
    # this process ingests; the pool is terminated when the run ends.
    with start_pool(workers) if executor == "local" and workers > 1 else contextlib.nullcontext() as pool:
        return _run(paths, db, max_bytes, progress, command, workers, executor, ray_address, pool, release_model)


class RunFailed(VigieError):
    """The run could not finish (a database that cannot be written, a bug in a global step).
    It is recorded as 'failed' with this one-line reason; what was committed before stays."""


def _run(paths, db, max_bytes, progress, command, workers, executor, ray_address, pool, release_model) -> RunSummary:
    with connect(db) as conn:
        summary = RunSummary(run_id=store.start_run(conn, command))
        try:
            return _stages(conn, summary, paths, max_bytes, progress, workers, executor, ray_address, pool,
                           release_model)
        except KeyboardInterrupt:
            _abandon(conn, summary, "interrupted", "stopped by the user (Ctrl-C)")
            raise
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
            _abandon(conn, summary, "failed", reason)
            raise RunFailed(f"the run could not finish ({reason}); what it stored before stays, "
                            "see `vigie status`") from exc


def _abandon(conn, summary: RunSummary, status: str, note: str) -> None:
    """Record why the run stopped; a database too broken to record it leaves the run
    'running' with a process that is gone, which `vigie status` shows as interrupted."""
    try:
        conn.rollback()
        store.finish_run(conn, summary.run_id, summary.counts, status, note)
    except Exception:  # noqa: BLE001 - the original error is the one to report
        pass


def _stages(conn, summary, paths, max_bytes, progress, workers, executor, ray_address, pool, release_model):
    """Every stage of the run, in order, on its open connection."""
    # The ids read in this run, with their content hash and where they were read, so a
    # second record with the same id and other content is noticed: a temporary table, so
    # that a feed of millions of records does not grow this process's memory.
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS run_seen (id TEXT PRIMARY KEY, digest TEXT NOT NULL, place TEXT NOT NULL)"
    )
    conn.execute("DELETE FROM run_seen")
    pending = 0
    for item in _progress(iter_inputs(paths, max_bytes), progress):
        if isinstance(item, Reject):
            _reject(conn, summary, item)
        else:
            _ingest(conn, summary, item)
        pending += 1
        if pending >= BATCH_SIZE:
            conn.commit()
            pending = 0
    _flush_unlisted(conn, summary)
    conn.commit()
    return_freed_memory()  # a huge page cleaned leaves freed heap the model's load can use
    summary.dedup = assign_groups(conn)
    summary.counts["extracted"] = extract_events(conn, progress, workers, executor, ray_address, pool, summary)
    if release_model:
        from vigie.nlp.pipeline import release_nlp

        if pool is not None:
            pool.terminate()
        release_nlp()
    from vigie.link import link_incidents

    _flush_unlisted(conn, summary)
    linked = link_incidents(conn)
    summary.counts["incidents"] = linked.incidents
    summary.counts["linked"] = linked.linked_across_outlets
    summary.counts["stories"] = linked.stories
    status = "rejects" if summary.rejected else "ok"
    store.finish_run(conn, summary.run_id, summary.counts, status)
    return summary


def extract_events(
    conn: sqlite3.Connection, progress: bool = False, workers: int = 1, executor: str = "local",
    address: str | None = None, pool=None, summary: RunSummary | None = None,
) -> int:
    """Parse and extract every document that needs it; returns how many. Documents stream
    from the store in chunks (only their keys are listed up front) and results are written in
    batches, so memory does not grow with the corpus."""
    from vigie.events.extract import EXTRACTOR_VERSION
    from vigie.parallel import extract_all
    from vigie.store import incidents as incident_store

    keys = incident_store.documents_to_extract(conn, EXTRACTOR_VERSION)
    if not keys:
        return 0

    def jobs():
        for start in range(0, len(keys), 256):
            chunk = keys[start:start + 256]
            rows = conn.execute(
                "SELECT key, id, text, published, published_not_before, published_not_after, language "
                f"FROM documents WHERE key IN ({','.join('?' * len(chunk))}) ORDER BY id",
                chunk,
            ).fetchall()
            yield from ((r["key"], r["id"], r["text"], r["published"], r["published_not_before"],
                         r["published_not_after"], r["language"]) for r in rows)

    done = 0
    for key, published, mentions, note in _progress(extract_all(jobs(), workers, executor, address, pool), progress):
        incident_store.save_mentions(conn, key, published, mentions, EXTRACTOR_VERSION, note)
        if note and note.startswith("no language pack") and summary is not None:
            summary.languages_without_pack[note.split("'")[1]] += 1
        elif note and summary is not None:  # stored, marked, and said in the run summary
            row = conn.execute("SELECT source, locator FROM documents WHERE key = ?", (key,)).fetchone()
            _reject(conn, summary, Reject(row["source"], row["locator"], note, Severity.WARNING))
        done += 1
        if done % BATCH_SIZE == 0:
            conn.commit()
    conn.commit()
    return done


def _reject(conn: sqlite3.Connection, summary: RunSummary, reject: Reject) -> None:
    """Count a reject; store and list it unless its file already has MAX_REJECTS_PER_FILE of
    that severity in this run (a feed of a million bad records would flood the table, the
    summary and this process's memory); those are told in one line by `_flush_unlisted`."""
    summary.counts[{Severity.ERROR: "rejected", Severity.WARNING: "warnings", Severity.SKIPPED: "skipped"}[reject.severity]] += 1
    reject = _one_line(reject)
    key = (reject.source, reject.severity)
    summary.listed[key] += 1
    if summary.listed[key] > MAX_REJECTS_PER_FILE:
        summary.unlisted[key] += 1
        return
    summary.rejects.append(reject)
    store.record_reject(conn, summary.run_id, reject)


#: Every character str.splitlines breaks at, shown escaped: a reason quotes ids and names,
#: which may hold line breaks, and a reject is one line.
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def _one_line(reject: Reject) -> Reject:
    """The reject with its locator and reason on one line (the source stays the path as
    ingest shows it, which is what a user looks for)."""
    locator, reason = reject.locator.translate(_LINE_BREAKS), reject.reason.translate(_LINE_BREAKS)
    if (locator, reason) == (reject.locator, reject.reason):
        return reject
    return Reject(reject.source, locator, reason, reject.severity)


def _flush_unlisted(conn: sqlite3.Connection, summary: RunSummary) -> None:
    """One line per file for the rejects not listed one by one (counted already)."""
    for (source, severity), count in sorted(summary.unlisted.items()):
        word = {Severity.ERROR: "rejects", Severity.WARNING: "warnings", Severity.SKIPPED: "skips"}[severity]
        line = Reject(source, "", f"{count} more {word} for this file in this run, not listed one by one "
                                  f"(the first {MAX_REJECTS_PER_FILE} are)", severity)
        summary.rejects.append(line)
        store.record_reject(conn, summary.run_id, line)
    summary.unlisted.clear()


def _ingest(conn: sqlite3.Connection, summary: RunSummary, record: SourceRecord) -> None:
    summary.counts["read"] += 1
    digest = content_hash(record.raw)
    where = f"{record.source}:{record.locator}" if record.locator else record.source
    earlier = conn.execute("SELECT digest, place FROM run_seen WHERE id = ?", (record.doc_id,)).fetchone()
    if earlier is None:
        conn.execute("INSERT INTO run_seen (id, digest, place) VALUES (?, ?, ?)", (record.doc_id, digest, where))
    elif earlier[0] == digest:  # the same document twice in one run (a copied file, a repeated line)
        if earlier[1] != where:
            _reject(conn, summary, Reject(
                record.source, record.locator,
                f"the same document as {earlier[1]} (id '{record.doc_id}', same content): read once",
                Severity.SKIPPED,
            ))
        summary.counts["unchanged"] += 1
        return
    # Within one run the first content read for an id is its current one; another content
    # read later in the run is kept as an older version, so that running the same input again
    # changes nothing (letting the last one win made every re-run flip the two).
    conflict = earlier is not None
    if conflict:
        _reject(conn, summary, Reject(
            record.source, record.locator,
            f"document id '{record.doc_id}' was also read from {earlier[1]} with other content "
            "in this run; kept as an older version (the first read is the current one)", Severity.WARNING,
        ))
    known = store.find_version(conn, record.doc_id, digest)
    if known and (known.is_current or conflict):
        summary.counts["unchanged"] += 1
        return
    if known:
        store.make_current(conn, record.doc_id, known.key)
        summary.counts["versions"] += 1
        return
    try:
        with time_budget(CLEAN_BUDGET_SECONDS):
            doc, text_hash, sig, n_shingles, bands = process_record(record)
    except BudgetExceeded as exc:
        _reject(conn, summary, Reject(record.source, record.locator, f"cleaning {exc}: no article is that slow to read"))
        return
    except InputError as exc:
        _reject(conn, summary, Reject(record.source, record.locator, str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - a bug on one page must not stop the run
        reason = f"internal error ({type(exc).__name__}: {exc}); please report this page"
        _reject(conn, summary, Reject(record.source, record.locator, reason.splitlines()[0]))
        return
    if doc.cleaning_note:
        _reject(conn, summary, Reject(record.source, record.locator, doc.cleaning_note, Severity.WARNING))
    outcome = store.insert_document(conn, doc, summary.run_id, text_hash, sig, n_shingles, bands, current=not conflict)
    summary.counts["new" if outcome == "new" else "versions"] += 1
