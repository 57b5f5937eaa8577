"""JSONL: one article per line (id, url, text or html, optional published and outlet).

A bad line costs only itself: it becomes a reject with its line number and the other lines go
on. A gzip cut short keeps every complete line before the cut. Lines are read in bounded
chunks (see :func:`vigie.ingest.streams.iter_lines`), so a line of gigabytes is refused
without being held, and a gzip that inflates like a bomb is stopped while it is read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterator
from typing import BinaryIO

from vigie.errors import InputError
from vigie.ingest.dates import declared_date
from vigie.ingest.decode import decode_text
from vigie.ingest.html_guard import check_html
from vigie.ingest.streams import GZIP_ERRORS, inflated, iter_lines
from vigie.model import Reject, Severity, SourceRecord

#: Deepest nesting of arrays and objects a line may have. An article record is 1-3 levels deep
#: (a list of tags, an author object), a thread of nested comments some tens; Python's parser
#: recurses once per level and dies of RecursionError near 1,000, so a line nested 100,000 deep
#: is refused before it is parsed, with room to spare on both sides.
MAX_JSON_DEPTH = 200

#: Records in a row that repeat one of the last REPEAT_WINDOW lines read, past which a file is
#: a loop or a bomb, not a feed (bad lines repeated are each still a reject, and do not count): a gzip of 100 records repeated ten million times inflates at
#: 164:1, under the inflation guard, and would hold the run for an hour. Feeds measured here
#: repeat a record a few times at most (a syndicated story, a re-crawl), never thousands in a
#: row. Memory: REPEAT_WINDOW digests of 16 bytes.
MAX_REPEATED_LINES = 10_000
REPEAT_WINDOW = 4096

# A JSON string literal; one left open runs to the end of the line, so that no start is ever
# scanned twice (a pattern requiring the closing quote would retry from every later quote).
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def read_jsonl(fh: BinaryIO, gzipped: bool, source: str, max_bytes: int) -> Iterator[SourceRecord | Reject]:
    """Every record of an opened JSONL file, and a reject for each line that is not one."""
    lineno = 0
    any_line = False
    recent: OrderedDict[bytes, bool] = OrderedDict()  # digest of a recent line -> it was a record
    repeats = 0
    try:
        for lineno, line in iter_lines(inflated(fh, gzipped), max_bytes):
            any_line = True
            if isinstance(line, int):
                yield Reject(source, f"line {lineno}", f"line is {line / 2**20:.1f} MB, over the page limit")
                continue
            digest = hashlib.blake2b(line, digest_size=16).digest()
            if recent.get(digest):  # a record read just before, again
                repeats += 1
                if repeats > MAX_REPEATED_LINES:
                    yield Reject(source, f"after line {lineno}", (
                        f"the file repeats records it has just read, {MAX_REPEATED_LINES:,} in a row (a loop "
                        "or a bomb, not a feed): the rest of it is not read"))
                    return
            elif digest not in recent:
                repeats = 0
            items = list(_parse_line(line, source, lineno))
            recent[digest] = any(isinstance(item, SourceRecord) for item in items)
            recent.move_to_end(digest)
            if len(recent) > REPEAT_WINDOW:
                recent.popitem(last=False)
            yield from items
    except InputError as exc:
        yield Reject(source, f"after line {lineno}", str(exc))
        return
    except EOFError:
        yield Reject(source, f"after line {lineno}", "truncated gzip: the rest of the file is lost")
        return
    except (*GZIP_ERRORS, OSError) as exc:
        yield Reject(source, f"after line {lineno}", f"unreadable: {exc}")
        return
    if not any_line:
        yield Reject(source, "", "empty file: nothing to read")


def json_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text, brackets inside strings excepted.

    Cheap: a line with fewer brackets than the limit is not scanned at all; otherwise string
    literals and everything but brackets are cut out by two regular expressions, and only the
    brackets left are counted, stopping as soon as the count passes the limit.
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0  # cannot be deeper than the limit: skip the scan for ordinary lines
    depth = deepest = 0
    for char in _brackets(text):
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        else:
            depth -= 1
    return deepest


def _brackets(text: str) -> str:
    return _NOT_BRACKET.sub("", _STRING.sub("", text))


def _parse_line(line: bytes, source: str, lineno: int) -> Iterator[SourceRecord | Reject]:
    where = f"line {lineno}"
    try:
        text, note = decode_text(line)
        if json_depth(text) > MAX_JSON_DEPTH:
            raise InputError(f"malformed JSON: nested too deep (over {MAX_JSON_DEPTH} levels)")
        obj = json.loads(text)
    except InputError as exc:
        yield Reject(source, where, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield Reject(source, where, f"malformed JSON: {exc.msg} at column {exc.colno}")
        return
    except RecursionError:
        yield Reject(source, where, "malformed JSON: nested too deep")
        return
    except ValueError as exc:  # int() refuses a number of thousands of digits
        reason = "number too long" if "digits" in str(exc) else str(exc).splitlines()[0]
        yield Reject(source, where, f"malformed JSON: {reason}")
        return
    if not isinstance(obj, dict):
        yield Reject(source, where, "not a JSON object")
        return
    doc_id = obj.get("id")
    if doc_id is None or str(doc_id).strip() == "":
        yield Reject(source, where, "no 'id' field")
        return
    if isinstance(doc_id, (dict, list, bool)):
        what = {dict: "an object", list: "an array", bool: "a boolean"}[type(doc_id)]
        yield Reject(source, where, f"'id' is {what}, not a string or a number")
        return
    body_text, body_html = obj.get("text"), obj.get("html")
    body, fmt = (body_html, "html") if body_html else (body_text, "text")
    if not isinstance(body, str) or not body.strip():
        shown = str(doc_id).encode("unicode_escape", "backslashreplace").decode("ascii") if not str(doc_id).isprintable() else doc_id
        yield Reject(source, where, f"record {shown}: no 'text' or 'html' content")  # one line, whatever the id holds
        return
    if fmt == "html":
        try:
            body, html_note = check_html(body)
        except InputError as exc:
            yield Reject(source, where, str(exc))
            return
        if html_note:
            yield Reject(source, where, html_note, Severity.WARNING)
    if note:
        yield Reject(source, where, note, Severity.WARNING)
    declared = None
    published = obj.get("published")
    if published:
        declared, problem = declared_date(published, "'published'")
        if problem:
            yield Reject(source, where, problem, Severity.WARNING)
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
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None
