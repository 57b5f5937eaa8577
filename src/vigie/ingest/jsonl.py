"""JSONL: one article per line (id, url, text or html, optional published and outlet).

A bad line costs only itself: it becomes a reject with its line number and the other lines go
on. A gzip cut short keeps every complete line before the cut.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from vigie.errors import InputError
from vigie.ingest.decode import decode_text
from vigie.ingest.html_guard import check_html
from vigie.model import Reject, Severity, SourceRecord

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def read_jsonl(path: Path, gzipped: bool, max_bytes: int) -> Iterator[SourceRecord | Reject]:
    source = str(path)
    opener = gzip.open if gzipped else open
    lineno = 0
    try:
        with opener(path, "rb") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                yield from _parse_line(line, source, lineno, max_bytes)
    except EOFError:
        yield Reject(source, f"after line {lineno}", "truncated gzip: the rest of the file is lost")
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        yield Reject(source, f"after line {lineno}", f"unreadable: {exc}")


def _parse_line(
    line: bytes, source: str, lineno: int, max_bytes: int
) -> Iterator[SourceRecord | Reject]:
    where = f"line {lineno}"
    if len(line) > max_bytes:
        yield Reject(source, where, f"line is {len(line) / 2**20:.1f} MB, over the page limit")
        return
    try:
        text, note = decode_text(line)
        obj = json.loads(text)
    except InputError as exc:
        yield Reject(source, where, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield Reject(source, where, f"malformed JSON: {exc.msg} at column {exc.colno}")
        return
    if not isinstance(obj, dict):
        yield Reject(source, where, "not a JSON object")
        return
    doc_id = obj.get("id")
    if doc_id is None or str(doc_id).strip() == "":
        yield Reject(source, where, "no 'id' field")
        return
    body_text, body_html = obj.get("text"), obj.get("html")
    body, fmt = (body_html, "html") if body_html else (body_text, "text")
    if not isinstance(body, str) or not body.strip():
        yield Reject(source, where, f"record {doc_id}: no 'text' or 'html' content")
        return
    if fmt == "html":
        try:
            check_html(body)
        except InputError as exc:
            yield Reject(source, where, str(exc))
            return
    if note:
        yield Reject(source, where, note, Severity.WARNING)
    published = obj.get("published")
    declared = None
    if published:
        match = _DATE.match(str(published))
        if match:
            declared = match.group(0)
        else:
            yield Reject(
                source, where, f"'published' value {published!r} is not a date; ignored",
                Severity.WARNING,
            )
    yield SourceRecord(
        doc_id=str(doc_id).strip(),
        raw=body,
        fmt=fmt,
        source=source,
        locator=where,
        url=_str_or_none(obj.get("url")),
        declared_published=declared,
        declared_outlet=_str_or_none(obj.get("outlet")),
    )


def _str_or_none(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
