"""Walk paths and dispatch each file to the reader for its format."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from vigie.errors import InputError
from vigie.ingest.decode import decode_text
from vigie.ingest.html_guard import check_html
from vigie.ingest.jsonl import read_jsonl
from vigie.ingest.warc import read_warc
from vigie.model import Reject, Severity, SourceRecord

#: Largest page (decompressed) Vigie will read. Real article pages are 50 KB-3 MB of HTML;
#: anything past 10 MiB is a dump or an attack, and would cost seconds of parsing and a lot of
#: memory. Raise it with ``vigie run --max-bytes``.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

TEXT_EXTENSIONS = {".txt", ".text", ""}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
WARC_EXTENSIONS = {".warc", ".arc"}
GZIP_MAGIC = b"\x1f\x8b"

Item = SourceRecord | Reject


def document_id_for(path: Path) -> str:
    """A file's document id: its name without the format extension(s) (``a.html.gz`` -> ``a``)."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem, dot, ext = name.rpartition(".")
    known = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS | WARC_EXTENSIONS
    if dot and stem and f".{ext.lower()}" in known:
        return stem
    return name


def iter_inputs(paths: list[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield a SourceRecord for every article found under ``paths`` and a Reject for the rest."""
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                yield from read_file(file, max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes)
        else:
            yield Reject(str(path), "", "no such file or directory")


def _format_of(path: Path) -> tuple[str | None, bool]:
    """(format, gzipped) from the file name; format None when Vigie does not read it."""
    name = path.name.lower()
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


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read one file of any supported format; never raises for bad content."""
    source = str(path)
    fmt, gzipped = _format_of(path)
    if fmt is None:
        yield Reject(
            source,
            "",
            f"unsupported file type '{path.suffix}': Vigie reads .txt, .html, .jsonl, .warc "
            "and their .gz",
            Severity.SKIPPED,
        )
        return
    try:
        with path.open("rb") as fh:
            gzipped = gzipped or fh.read(2) == GZIP_MAGIC
    except OSError as exc:
        yield Reject(source, "", f"cannot open: {exc.strerror or exc}")
        return
    if fmt == "warc":
        yield from read_warc(path, max_bytes)
        return
    if fmt == "jsonl":
        yield from read_jsonl(path, gzipped, max_bytes)
        return
    try:
        data = read_bounded(path, gzipped, max_bytes)
        text, note = decode_text(data)
        fmt = sniff_format(text, fmt)
        if fmt == "html":
            check_html(text)
    except InputError as exc:
        yield Reject(source, "", str(exc))
        return
    if note:
        yield Reject(source, "", note, Severity.WARNING)
    yield SourceRecord(doc_id=document_id_for(path), raw=text, fmt=fmt, source=source)


def sniff_format(text: str, declared: str) -> str:
    """A ``.txt`` that is really markup is read as HTML (crawlers save both under any name)."""
    head = text.lstrip()[:200].lower()
    if declared == "text" and head.startswith(("<!doctype html", "<html")):
        return "html"
    return declared


def read_bounded(path: Path, gzipped: bool, max_bytes: int) -> bytes:
    """Read a whole (possibly gzipped) file, refusing it past ``max_bytes`` decompressed."""
    if not gzipped:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(too_big(size, max_bytes))
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except EOFError:
        raise InputError(
            "truncated gzip: the file ends before its end marker (cut short while saving?)"
        ) from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"corrupt gzip: {exc}") from None
    if len(data) > max_bytes:
        raise InputError(too_big(None, max_bytes))
    return data


def too_big(size: int | None, max_bytes: int) -> str:
    what = f"{size / 2**20:.1f} MB" if size is not None else "more than that decompressed"
    return (
        f"too large: {what}, over the {max_bytes / 2**20:.0f} MB limit for one page "
        "(raise it with --max-bytes)"
    )


def open_maybe_gzip(path: Path, gzipped: bool) -> io.BufferedIOBase:
    """Open a file for binary reading, transparently decompressing gzip."""
    return gzip.open(path, "rb") if gzipped else path.open("rb")  # type: ignore[return-value]
