"""Reading a file's bytes with bounded memory, whatever they hold.

Two things make input cost more than its size: compression (3 MB of gzip can inflate to 3 GB)
and lines or records with no end (one line of 3 GB). Every reader here keeps at most one page
(the ``max_bytes`` limit) plus a chunk in memory, and every inflated stream is checked for a
compression ratio no real text reaches, while it is read.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from vigie.errors import InputError

#: Inflated bytes per compressed byte above which a gzip stream is refused as a bomb. Deflate
#: cannot exceed about 1,032 to 1, and bombs sit there (64 MB of zeros or of newlines: 1,028).
#: Real text is far below: the examples and seeds compress 2.9 to 1, a JSONL of 1,000 distinct
#: stories built from one template 27 to 1, and even 1,000 byte-identical JSONL lines (no real
#: feed) only 181 to 1. 400 leaves twice that margin and still stops a bomb early.
MAX_INFLATE_RATIO = 400
#: The ratio is judged only once this much has been inflated: below it, any ratio costs little
#: (the guard is about time and memory, and 8 MB of anything is read in well under a second).
INFLATE_CHECK_AFTER = 8 * 1024 * 1024
#: Bytes read at a time when a line or record is skipped or scanned rather than kept.
CHUNK = 1024 * 1024

GZIP_MAGIC = b"\x1f\x8b"

#: A run of white space, matched in one step so that a file of a billion newlines costs what
#: its bytes cost, not a Python iteration per line. (A single character class: a repeated
#: group such as ``(?:[ \t\r]*\n)+`` makes the regex engine keep a backtracking entry per
#: line, 100 MB for a megabyte of newlines.)
_BLANK_RUN = re.compile(rb"[ \t\r\n]+")


def too_big(size: int | None, max_bytes: int) -> str:
    what = f"{size / 2**20:.1f} MB" if size is not None else "more than that decompressed"
    return (
        f"too large: {what}, over the {max_bytes / 2**20:.0f} MB limit for one page "
        "(raise it with --max-bytes)"
    )


def check_inflate_ratio(inflated: int, compressed: int) -> None:
    """Raise InputError when ``inflated`` bytes came out of ``compressed`` ones like a bomb."""
    if inflated > INFLATE_CHECK_AFTER and inflated > MAX_INFLATE_RATIO * max(compressed, 1):
        raise InputError(
            f"looks like a gzip bomb: {inflated / 2**20:.0f} MB inflated from "
            f"{compressed / 1024:.0f} KB (over {MAX_INFLATE_RATIO} to 1); the rest of the file "
            "is not read (decompress it yourself if it is genuine)"
        )


class _GuardedGzip(io.RawIOBase):
    """A gzip stream (all its members) that counts what it inflates and refuses a bomb."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._start = raw.tell()
        self.inflated = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        # read1: what one step inflates, so the bytes before a cut are handed on before the
        # EOFError that the cut raises on the next step.
        data = self._gzip.read1(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.inflated += n
        check_inflate_ratio(self.inflated, self._raw.tell() - self._start)
        return n


def inflated(raw: BinaryIO, gzipped: bool) -> BinaryIO:
    """The file's content: ``raw`` itself, or its gzip content behind the bomb guard.

    Reading the result raises EOFError for a gzip cut short, gzip.BadGzipFile or zlib.error for
    a damaged one, and InputError for a bomb.
    """
    if not gzipped:
        return raw
    return io.BufferedReader(_GuardedGzip(raw), buffer_size=CHUNK)  # type: ignore[return-value]


def gzip_problem(exc: BaseException) -> str:
    """The one-line reason for a gzip reading error."""
    if isinstance(exc, EOFError):
        return "truncated gzip: the file ends before its end marker (cut short while saving?)"
    return f"corrupt gzip: {exc}"


GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def read_page(fh: BinaryIO, max_bytes: int) -> bytes:
    """All of ``fh`` when it holds at most ``max_bytes``; InputError past that, having read at
    most one byte more."""
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(too_big(None, max_bytes))
    return data


def iter_lines(fh: BinaryIO, max_line: int) -> Iterator[tuple[int, bytes | int]]:
    """Yield (line number, line) for every line that is not blank.

    A line over ``max_line`` bytes is yielded as (line number, its length) instead of its bytes:
    it is skipped in chunks, never held whole, so one endless line costs one chunk of memory.
    The last line needs no newline.
    """
    lineno = 0
    pending = bytearray()
    overlong = 0  # bytes of the current line when it is over max_line, else 0
    read = getattr(fh, "read1", fh.read)  # what is there, not a full chunk: see _GuardedGzip
    while chunk := read(CHUNK):
        pos = 0
        while pos < len(chunk):
            newline = chunk.find(b"\n", pos)
            stop = len(chunk) if newline < 0 else newline
            if overlong:
                overlong += stop - pos
            else:
                pending += chunk[pos:stop]
                if len(pending) > max_line:
                    overlong = len(pending)
                    pending.clear()
            if newline < 0:
                break
            lineno += 1
            if overlong:
                yield lineno, overlong
            elif pending.strip():
                yield lineno, bytes(pending)
            pending.clear()
            overlong = 0
            pos = newline + 1
            blank = _BLANK_RUN.match(chunk, pos)
            if blank:  # whole blank lines, up to the last newline of the run
                last = chunk.rfind(b"\n", pos, blank.end())
                if last >= 0:
                    lineno += chunk.count(b"\n", pos, last + 1)
                    pos = last + 1
    if overlong:
        yield lineno + 1, overlong
    elif pending.strip():
        yield lineno + 1, bytes(pending)
