"""Dispatch each file found to the reader for its format, and account for every one.

The invariant this module keeps: every path given is either read (one record or several) or
reported by at least one Reject with a one-line reason. What leaves ingestion is valid Unicode
(a lone surrogate from a JSON escape or an undecodable file name would fail much later, when
stored), and a file that goes wrong in a thousand ways is reported a hundred times, not a
million (see MAX_REJECTS_PER_FILE).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import BinaryIO

from vigie.errors import InputError
from vigie.ingest.decode import decode_text, replace_surrogates
from vigie.ingest.html_guard import check_html
from vigie.ingest.jsonl import read_jsonl
from vigie.ingest.streams import GZIP_ERRORS, GZIP_MAGIC, gzip_problem, inflated, read_page, too_big
from vigie.ingest.walk import DISAPPEARED, kind_of, shown, walk
from vigie.ingest.warc import read_warc
from vigie.model import Reject, Severity, SourceRecord

#: Largest page (decompressed) Vigie will read. Real article pages are 50 KB-3 MB of HTML;
#: anything past 10 MiB is a dump or an attack, and would cost seconds of parsing and a lot of
#: memory. Raise it with ``vigie run --max-bytes``.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Rejects of one severity listed one by one for one file; past it they are counted and told
#: in one closing reject. A feed with a bad line in a hundred has a few; a file of a million
#: bad lines (a text file named .jsonl) would otherwise write a million rows saying the same.
MAX_REJECTS_PER_FILE = 100

TEXT_EXTENSIONS = {".txt", ".text", ""}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
WARC_EXTENSIONS = {".warc", ".arc"}

Item = SourceRecord | Reject

#: SourceRecord fields, as a reader of the reject reason knows them.
_FIELD_NAMES = {"doc_id": "id", "raw": "text"}


def document_id_for(path: Path) -> str:
    """A file's document id: its name without the format extension(s) (``a.html.gz`` -> ``a``).

    A name that is not valid UTF-8 gives its escaped form (``\\xff``), as shown in rejects.
    """
    name = shown(path.name)
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, ext = name.rpartition(".")
    known = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS | WARC_EXTENSIONS
    if dot and stem and f".{ext.lower()}" in known:
        return stem
    return name


def iter_inputs(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield a SourceRecord for every article found under ``paths`` and a Reject for the rest."""
    for found in walk(paths):
        if isinstance(found, Reject):
            yield _valid_reject(found)
            continue
        path, _info = found
        try:
            for item in _capped(read_file(path, max_bytes), shown(path)):
                if isinstance(item, Reject):
                    yield _valid_reject(item)
                else:
                    yield from _valid_record(item)
        except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the run
            reason = f"internal error while reading ({type(exc).__name__}: {exc}".splitlines()[0]
            yield _valid_reject(Reject(shown(path), "", f"{reason}); please report this file"))


def _format_of(path: Path) -> tuple[str | None, bool]:
    """(format, gzipped) from the file name; format None when Vigie does not read it."""
    name = shown(path.name).lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    ext = Path(name).suffix if "." in name else ""
    if ext in WARC_EXTENSIONS:
        return "warc", gzipped
    if ext in JSONL_EXTENSIONS:
        return "jsonl", gzipped
    if ext in HTML_EXTENSIONS:
        return "html", gzipped
    if ext in TEXT_EXTENSIONS:
        return "text", gzipped
    return None, gzipped


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """Open a file for reading only if it is a regular file, checked on the open file itself.

    ``O_NONBLOCK`` makes opening a FIFO return at once instead of waiting for a writer, so a
    file swapped for a FIFO after the walk looked at it is refused rather than hanging the run.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(DISAPPEARED) from None
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        what = "a folder" if stat.S_ISDIR(info.st_mode) else kind_of(info.st_mode)
        raise InputError(f"not a regular file ({what})")
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb"), info


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read one file of any supported format; never raises for bad content."""
    source = shown(path)
    fmt, named_gzip = _format_of(path)
    if fmt is None:
        yield Reject(
            source,
            "",
            f"unsupported file type '{shown(path.suffix)}': Vigie reads .txt, .html, .jsonl, "
            ".warc and their .gz",
            Severity.SKIPPED,
        )
        return
    try:
        fh, info = open_regular(path)
    except InputError as exc:
        yield Reject(source, "", str(exc))
        return
    with fh:
        try:
            gzipped = fh.read(2) == GZIP_MAGIC
            fh.seek(0)
        except OSError as exc:
            yield Reject(source, "", f"cannot read: {exc.strerror or exc}")
            return
        if named_gzip and not gzipped and info.st_size:
            yield Reject(source, "", "named .gz but not gzip-compressed: read as it is", Severity.WARNING)
        if fmt == "warc":
            yield from read_warc(fh, gzipped, source, max_bytes)
        elif fmt == "jsonl":
            yield from read_jsonl(fh, gzipped, source, max_bytes)
        else:
            yield from _read_page(fh, gzipped, info, path, fmt, max_bytes)


def _read_page(fh: BinaryIO, gzipped: bool, info: os.stat_result, path: Path, fmt: str, max_bytes: int):
    source = shown(path)
    notes = []
    try:
        if not gzipped and info.st_size > max_bytes:
            raise InputError(too_big(info.st_size, max_bytes))
        try:
            data = read_page(inflated(fh, gzipped), max_bytes)
        except GZIP_ERRORS as exc:
            raise InputError(gzip_problem(exc)) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from None
        text, note = decode_text(data)
        notes.append(note)
        fmt = sniff_format(text, fmt)
        if fmt == "html":
            text, html_note = check_html(text)
            notes.append(html_note)
    except InputError as exc:
        yield Reject(source, "", str(exc))
        return
    for note in notes:
        if note:
            yield Reject(source, "", note, Severity.WARNING)
    yield SourceRecord(doc_id=document_id_for(path), raw=text, fmt=fmt, source=source)


def sniff_format(text: str, declared: str) -> str:
    """A ``.txt`` that is really markup is read as HTML (crawlers save both under any name)."""
    head = text.lstrip()[:200].lower()
    if declared == "text" and head.startswith(("<!doctype html", "<html")):
        return "html"
    return declared


def _capped(items: Iterator[Item], source: str) -> Iterator[Item]:
    """Pass a file's items on, listing at most MAX_REJECTS_PER_FILE rejects of each severity;
    the rest are counted in one reject at the end, so none goes unaccounted for."""
    listed: dict[Severity, int] = {}
    unlisted: dict[Severity, int] = {}
    for item in items:
        if isinstance(item, Reject):
            listed[item.severity] = listed.get(item.severity, 0) + 1
            if listed[item.severity] > MAX_REJECTS_PER_FILE:
                unlisted[item.severity] = unlisted.get(item.severity, 0) + 1
                continue
        yield item
    for severity, count in unlisted.items():
        word = {Severity.ERROR: "rejects", Severity.WARNING: "warnings", Severity.SKIPPED: "skips"}[severity]
        yield Reject(source, "", f"{count} more {word} in this file, not listed one by one "
                                 f"(the first {MAX_REJECTS_PER_FILE} are)", severity)


def _valid_reject(reject: Reject) -> Reject:
    changed = {}
    for name in ("source", "locator", "reason"):
        value, count = replace_surrogates(getattr(reject, name))
        if count:
            changed[name] = value
    return replace(reject, **changed) if changed else reject


def _valid_record(record: SourceRecord) -> Iterator[Item]:
    """The record with every lone surrogate replaced (and a warning saying where), so that
    what is stored can always be encoded as UTF-8."""
    changed, total = {}, 0
    for spec in fields(record):
        value = getattr(record, spec.name)
        if isinstance(value, str):
            clean, count = replace_surrogates(value)
            if count:
                changed[spec.name] = clean
                total += count
    if not changed:
        yield record
        return
    record = replace(record, **changed)
    where = ", ".join(f"'{_FIELD_NAMES.get(name, name)}'" for name in changed)
    yield Reject(record.source, record.locator,
                 f"{total} lone surrogate(s) replaced with U+FFFD in {where}", Severity.WARNING)
    yield record
