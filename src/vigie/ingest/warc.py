"""WARC (and .warc.gz): HTTP response records holding HTML or text become records.

A broken record is reported with its byte offset and the reader resynchronises on the next
record header, so one damaged record does not cost the rest of a multi-gigabyte crawl file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from vigie.errors import InputError
from vigie.ingest.decode import decode_text
from vigie.ingest.html_guard import check_html
from vigie.model import Reject, Severity, SourceRecord

_RECORD_MARKERS = (b"WARC/1.", b"\x1f\x8b\x08")
_SCAN_CHUNK = 1 << 20
_CHARSET = re.compile(r"charset=([\w.-]+)", re.I)


def read_warc(path: Path, max_bytes: int) -> Iterator[SourceRecord | Reject]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is a core dependency
        yield Reject(str(path), "", "warcio is not installed: pip install warcio")
        return
    source = str(path)
    with path.open("rb") as fh:
        start = 0
        while start is not None:
            fh.seek(start)
            iterator = ArchiveIterator(fh)
            good_end = start
            try:
                for record in iterator:
                    offset = iterator.get_record_offset() if iterator.member_info else good_end
                    yield from _read_record(record, source, offset, max_bytes)
                    iterator.read_to_end(record)
                    good_end = iterator.offset
                start = None
            except Exception as exc:  # noqa: BLE001 - warcio raises many types; reason kept
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                yield Reject(source, f"byte {good_end}", f"broken WARC record: {reason}")
                start = _next_marker(fh, good_end + 1)


def _read_record(record, source: str, offset: int, max_bytes: int):
    if record.rec_type != "response" or record.http_headers is None:
        return
    status = record.http_headers.get_statuscode()
    ctype = record.http_headers.get_header("Content-Type") or ""
    if status != "200" or not any(t in ctype.lower() for t in ("html", "text/plain")):
        return
    rec_id = record.rec_headers.get_header("WARC-Record-ID") or f"{source}@{offset}"
    doc_id = rec_id.strip("<>").removeprefix("urn:uuid:")
    where = f"record {doc_id}"
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Reject(source, where, f"page over the {max_bytes / 2**20:.0f} MB limit")
        return
    try:
        text, note = _decode(data, ctype)
        fmt = "text" if "text/plain" in ctype.lower() else "html"
        if fmt == "html":
            check_html(text)
    except InputError as exc:
        yield Reject(source, where, str(exc))
        return
    if note:
        yield Reject(source, where, note, Severity.WARNING)
    warc_date = record.rec_headers.get_header("WARC-Date")
    yield SourceRecord(
        doc_id=doc_id,
        raw=text,
        fmt=fmt,
        source=source,
        locator=where,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        crawled_at=warc_date[:10] if warc_date else None,
    )


def _decode(data: bytes, content_type: str) -> tuple[str, str | None]:
    match = _CHARSET.search(content_type)
    if match:
        try:
            text = data.decode(match.group(1))
            if text.strip():
                return text, None
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


def _next_marker(fh: BinaryIO, pos: int) -> int | None:
    """Offset of the next thing that looks like a record start at or after ``pos``."""
    fh.seek(pos)
    base = pos
    tail = b""
    while chunk := fh.read(_SCAN_CHUNK):
        buf = tail + chunk
        hits = [i for i in (buf.find(m) for m in _RECORD_MARKERS) if i >= 0]
        if hits:
            return base - len(tail) + min(hits)
        tail = buf[-8:]
        base += len(chunk)
    return None
