"""WARC and ARC (plain or gzip): HTTP response records holding HTML or text become records.

A record is read by its declared length and then checked: its block must end with the record
separator, and what follows must be another record or the end of the file. When it is not (a
Content-Length too long swallows the records after it; too short leaves a tail), the record is
rejected with its byte offset and the reader resynchronises on the next record header, so one
damaged record never hides the records after it. Damaged gzip data costs its member and the
reader goes on at the next one. Headers, blocks and pages are all read with bounds (see
:mod:`vigie.ingest.warc_stream`), so neither a gzip bomb nor a header without an end can take
the memory.

A block that holds a record separator followed by a WARC header (a WARC file archived inside a
WARC, or a length that swallowed whole records) is read as the records it holds: the second is
far more common than the first.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from vigie.errors import InputError
from vigie.ingest.dates import declared_date
from vigie.ingest.decode import decode_text
from vigie.ingest.html_guard import check_html
from vigie.ingest.http import MAX_HTTP_HEAD, page_body, parse_response
from vigie.ingest.warc_stream import Mark, WarcStream
from vigie.model import Reject, Severity, SourceRecord

#: Longest header line, and longest header block, of a WARC or ARC record. Real WARC headers
#: are under 2 KB, a long target URI included; past these the "header" is not one.
MAX_HEADER_LINE = 64 * 1024
MAX_HEADER_BYTES = 256 * 1024
#: gzip members that run to the end of the file after which the reader still looks for a next
#: member header: one is a real cut-short file or a damaged header; more are damage piled up.
MAX_CUT_SHORT = 8
#: Digits a length may have: 18 cover any file (10^18 bytes); more is not a length.
_MAX_LENGTH_DIGITS = 18

_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
#: Text codecs Python knows that no web page is in; some are slow or yield lone surrogates.
_NOT_WEB_CHARSETS = frozenset({"idna", "punycode", "raw_unicode_escape", "unicode_escape", "utf-7"})


@dataclass(frozen=True)
class _Format:
    name: str
    # The start of a record header: matched where a record must start, searched for to
    # resynchronise. Not anchored to a line start: the separator before it may be the damage.
    header: re.Pattern[bytes]
    separators: tuple[bytes, ...]  # what must follow a block
    length_name: str  # what the record's length is called, for reasons


WARC = _Format(
    "WARC",
    re.compile(rb"WARC/\d\.\d+\r?\n"),
    (b"\r\n\r\n", b"\n\n"),
    "Content-Length",
)
ARC = _Format(
    "ARC",
    re.compile(rb"(?:https?|ftp|dns|filedesc)://[^ \r\n]{1,8192} [^ \r\n]{1,64} \d{14} "),
    (b"\n",),
    "ARC length",
)
#: Longest marker match, kept between scanned chunks.
_MARKER_OVERLAP = 8192 + 128
#: What says for sure that another record starts inside a block.
_SWALLOWED = b"\r\n\r\nWARC/1."


class BadRecord(Exception):
    """A record that cannot be read; ``resume`` is where the next record is, when known."""

    def __init__(self, reason: str, resume: Mark | None = None):
        super().__init__(reason)
        self.resume = resume


@dataclass
class _Record:
    headers: dict[str, str]
    length: int
    block: bytes = b""  # the start of the block, when the record may be a page
    cut: bool = False  # the block was longer than what was kept


@dataclass
class _Tally:
    records: int = 0  # records read, pages or not
    yielded: int = 0  # pages and rejects passed on
    cut_short: int = 0  # gzip members that ran to the end of the file


def read_warc(fh: BinaryIO, gzipped: bool, source: str, max_bytes: int) -> Iterator[SourceRecord | Reject]:
    """Every page of an opened WARC or ARC file, and a reject for each record that fails."""
    stream = WarcStream(fh, gzipped)
    tally = _Tally()
    try:
        for item in _records(stream, source, max_bytes, tally):
            tally.yielded += 1
            yield item
    except InputError as exc:  # a gzip bomb: the rest of the file is not read
        yield Reject(source, f"byte {stream.inflating_offset()}", str(exc))
        return
    except OSError as exc:  # the disk, not the content: the rest of the file is not read
        yield Reject(source, f"after {tally.records} records", f"cannot read: {exc.strerror or exc}")
        return
    if tally.yielded == 0:
        if tally.records == 0:
            yield Reject(source, "", "empty file: nothing to read")
        else:
            yield Reject(source, "", f"no HTML or text page among its {tally.records} records", Severity.SKIPPED)


def _records(stream: WarcStream, source: str, max_bytes: int, tally: _Tally):
    fmt = WARC
    first = True
    # Where to go on after a failure. The moves are made inside the ``try`` below, because
    # reading there can meet damaged gzip data too.
    resume: Mark | None = None  # the next record is known to start here
    scan_after: Mark | None = None  # the next record is somewhere after this failed one
    after_member = False  # damaged gzip was passed: the next member may not start a record
    while True:
        start = stream.mark()
        try:
            if resume is not None:
                stream.rewind(resume)
                resume = None
            if scan_after is not None:
                stream.rewind(scan_after)
                stream.skip(1)
                scan_after = None
                if not stream.scan(fmt.header, _MARKER_OVERLAP):
                    return
            if after_member:
                after_member = False
                if not fmt.header.match(stream.peek(_MARKER_OVERLAP)):
                    if not stream.scan(fmt.header, _MARKER_OVERLAP):
                        return
            if not _skip_blank(stream):
                return
            start = stream.mark()
            if first:
                fmt, first = (ARC if stream.peek(11) == b"filedesc://" else WARC), False
            record = _read_record(stream, fmt, max_bytes)
        except BadRecord as bad:
            yield Reject(source, f"byte {stream.file_offset(start)}", f"broken {fmt.name} record: {bad}")
            resume, scan_after = (bad.resume, None) if bad.resume is not None else (None, start)
            continue
        except EOFError:
            yield Reject(source, f"byte {stream.inflating_offset()}",
                         f"broken {fmt.name} record: truncated gzip (the file ends inside it)")
            # Damage can write what looks like a gzip header into a member (or hide a real
            # one's end), and inflating from it runs to the end of the file: the members after
            # it are intact, so look for them, a bounded number of times per file (each look
            # may read to the end again).
            tally.cut_short += 1
            if tally.cut_short > MAX_CUT_SHORT or not stream.next_member():
                return
            after_member = True
            continue
        except zlib.error as exc:
            yield Reject(source, f"byte {stream.inflating_offset()}",
                         f"broken {fmt.name} record: corrupt gzip data ({exc})")
            if not stream.next_member():
                return
            after_member = True
            continue
        tally.records += 1
        yield from _page(record, source, stream.file_offset(start), max_bytes)


def _skip_blank(stream: WarcStream) -> bool:
    """Pass blank lines between records; False at the end of the file."""
    while True:
        ahead = stream.peek(4096)
        if not ahead:
            return False
        blank = len(ahead) - len(ahead.lstrip(b"\r\n \t"))
        if blank < len(ahead):
            stream.skip(blank)
            return True
        stream.skip(blank)


def _read_record(stream: WarcStream, fmt: _Format, max_bytes: int) -> _Record:
    record = _read_warc_header(stream) if fmt is WARC else _read_arc_header(stream)
    headers = record.headers
    may_be_page = headers.get("warc-type") == "response" and headers.get("warc-target-uri", "").startswith(
        ("http:", "https:")
    )
    block_start = stream.mark()
    keep = min(record.length, max_bytes + MAX_HTTP_HEAD) if may_be_page else 0
    record.block = stream.read(keep)
    swallowed = _SWALLOWED in record.block
    done, seen = stream.skip_watching(record.length - len(record.block), _SWALLOWED)
    record.cut = may_be_page and done > 0
    got = len(record.block) + done
    if got < record.length:
        raise BadRecord(f"{fmt.length_name} {record.length} runs past the end of the file (it holds {got})")
    ahead = stream.peek(4)
    separator = next((s for s in fmt.separators if ahead.startswith(s)), None)
    if separator is None and ahead.strip(b"\r\n"):
        raise BadRecord(f"{fmt.length_name} {record.length} does not end the record (no separator after it)")
    stream.skip(len(separator) if separator else len(ahead))
    if swallowed or seen or not _next_is_record(stream, fmt):
        # Either the next record is damaged, or this one's length ran over it: if a record
        # header starts inside this block, the length was wrong and the reader goes back there.
        after = stream.mark()
        stream.rewind(block_start)
        if stream.scan(fmt.header, _MARKER_OVERLAP) and stream.tell() < block_start.pos + record.length:
            raise BadRecord(
                f"{fmt.length_name} {record.length} runs over the next record (its header is at "
                f"byte {stream.file_offset(stream.mark())})",
                resume=stream.mark(),
            )
        stream.rewind(after)
    return record


def _next_is_record(stream: WarcStream, fmt: _Format) -> bool:
    """Whether the end of the file or another record header follows. Damaged gzip data there
    belongs to the next record, not to this one: it is left for the next read to report."""
    after = stream.mark()
    try:
        return not _skip_blank(stream) or bool(fmt.header.match(stream.peek(_MARKER_OVERLAP)))
    except (EOFError, zlib.error):
        stream.rewind(after)
        return True


def _read_warc_header(stream: WarcStream) -> _Record:
    line = stream.readline(MAX_HEADER_LINE)
    if not WARC.header.fullmatch(line):
        raise BadRecord(f"expected a 'WARC/1.x' header line, found {_show(line)}")
    headers: dict[str, str] = {}
    total, last = len(line), None
    while True:
        line = stream.readline(MAX_HEADER_LINE)
        total += len(line)
        if not line:
            raise BadRecord("the file ends inside the record's header")
        if not line.endswith(b"\n") or total > MAX_HEADER_BYTES:
            raise BadRecord(f"header over {MAX_HEADER_LINE // 1024} KB a line or {MAX_HEADER_BYTES // 1024} KB in all")
        if not line.strip():
            break
        text = _header_text(line).rstrip("\r\n")
        if text[:1] in (" ", "\t") and last:
            headers[last] += " " + text.strip()
            continue
        name, colon, value = text.partition(":")
        if colon:
            last = name.strip().lower()
            headers[last] = value.strip()
    return _Record(headers, _length(headers.get("content-length"), WARC))


def _read_arc_header(stream: WarcStream) -> _Record:
    line = stream.readline(MAX_HEADER_LINE)
    fields = _header_text(line).split()
    if len(fields) < 5 or not ARC.header.match(line):
        raise BadRecord(f"expected an ARC header line (URL IP date type length), found {_show(line)}")
    url, date = fields[0], fields[2]
    headers = {
        "warc-type": "warcinfo" if url.startswith("filedesc:") else "response",
        "warc-target-uri": url,
        "warc-date": f"{date[:4]}-{date[4:6]}-{date[6:8]}T{date[8:10]}:{date[10:12]}",
    }
    return _Record(headers, _length(fields[-1], ARC))


def _length(value: str | None, fmt: _Format) -> int:
    if value is None:
        raise BadRecord(f"no {fmt.length_name} header")
    if not value.isascii() or not value.isdigit() or len(value) > _MAX_LENGTH_DIGITS:
        raise BadRecord(f"{fmt.length_name} {_show(value.encode('utf-8', 'replace'))} is not a byte count")
    return int(value)


def _header_text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _show(raw: bytes) -> str:
    """A few bytes of damaged input, printable on one line."""
    text = raw[:40].decode("utf-8", "backslashreplace").rstrip("\r\n")
    return repr(text + ("..." if len(raw) > 40 else ""))


def _page(record: _Record, source: str, offset: int, max_bytes: int) -> Iterator[SourceRecord | Reject]:
    if not record.block:
        return
    response = parse_response(record.block)
    if response is None or response.status != "200":
        return
    ctype = response.header("Content-Type")
    if not any(t in ctype.lower() for t in ("html", "text/plain")):
        return
    rec_id = record.headers.get("warc-record-id") or f"{source}@{offset}"
    doc_id = rec_id.strip("<>").removeprefix("urn:uuid:")
    where = f"record {doc_id}"
    if record.cut:
        yield Reject(source, where, f"page over the {max_bytes / 2**20:.0f} MB limit")
        return
    try:
        data = page_body(response, max_bytes)
        text, note = _decode(data, ctype)
        fmt = "text" if "text/plain" in ctype.lower() else "html"
        html_note = None
        if fmt == "html":
            text, html_note = check_html(text)
    except InputError as exc:
        yield Reject(source, where, str(exc))
        return
    for warning in (note, html_note):
        if warning:
            yield Reject(source, where, warning, Severity.WARNING)
    crawled_at = None
    warc_date = record.headers.get("warc-date")
    if warc_date:
        crawled, problem = declared_date(warc_date, "WARC-Date")
        crawled_at = crawled[:10] if crawled else None
        if problem:
            yield Reject(source, where, problem, Severity.WARNING)
    yield SourceRecord(
        doc_id=doc_id,
        raw=text,
        fmt=fmt,
        source=source,
        locator=where,
        url=record.headers.get("warc-target-uri"),
        crawled_at=crawled_at,
    )


def _decode(data: bytes, content_type: str) -> tuple[str, str | None]:
    match = _CHARSET.search(content_type)
    if match:
        try:
            codec = codecs.lookup(match.group(1))
            if codec.name.replace("-", "_") not in _NOT_WEB_CHARSETS:  # lookup names 'unicode-escape'
                text = data.decode(codec.name)
                if text.strip():
                    return text, None
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)
