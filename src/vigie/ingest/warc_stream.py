"""A WARC file's bytes as one uncompressed stream that can go back to a position it passed.

A record whose Content-Length is wrong is only found out once its block has been read past
the next record's header; the reader must then go back to that header. For a plain file that
is a seek. For a ``.warc.gz`` (one gzip member per record, or one member for the whole file)
inflation restarts at the start of the member holding that header: a :class:`Mark` remembers
the member along with the position. Memory holds one chunk plus what the caller keeps; the
compression ratio is checked while inflating (a bomb is refused, not buffered).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from vigie.ingest.streams import CHUNK, check_inflate_ratio

#: Compressed bytes fed to the inflater at a time; each call yields at most CHUNK inflated.
_RAW_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Mark:
    """A position in the uncompressed stream and where inflation must restart to reach it."""

    pos: int
    member_raw: int  # file offset of the gzip member holding ``pos`` (0 for a plain file)
    member_pos: int  # uncompressed position where that member starts


class WarcStream:
    """Uncompressed bytes of a plain or gzip file: read, peek, readline, scan, mark, rewind."""

    def __init__(self, raw: BinaryIO, gzipped: bool):
        self._raw = raw
        self._gzipped = gzipped
        self._origin = raw.tell()
        self._restart(self._origin, 0)
        self._high_raw = self._high_pos = 0  # for the bomb check: re-reading counts once

    # -- positions ----------------------------------------------------------------------
    def tell(self) -> int:
        return self._pos

    def mark(self) -> Mark:
        member_pos, member_raw = self._members[0]
        return Mark(self._pos, member_raw, member_pos)

    def file_offset(self, mark: Mark) -> int:
        """Where a record starting at ``mark`` is in the file, as a user would look for it:
        the byte itself in a plain file, the start of its gzip member in a compressed one."""
        return mark.member_raw if self._gzipped else mark.pos + self._origin

    def inflating_offset(self) -> int:
        """File offset of the gzip member last started (of the file's start when plain): where
        damage found while reading must be."""
        return self._members[-1][1] if self._gzipped else self._origin

    def rewind(self, mark: Mark) -> None:
        if not self._gzipped:
            self._restart(self._origin + mark.pos, mark.pos)
            return
        self._restart(mark.member_raw, mark.member_pos)
        self.skip(mark.pos - mark.member_pos)

    def next_member(self) -> bool:
        """After damaged gzip data: go on at the next gzip member header after the start of the
        member being inflated; False when there is none."""
        if not self._gzipped:
            return False
        member_raw = self._members[-1][1]
        self._raw.seek(member_raw + 1)
        base, tail = member_raw + 1, b""
        while chunk := self._raw.read(CHUNK):
            buf = tail + chunk
            hit = buf.find(b"\x1f\x8b\x08")
            if hit >= 0:
                self._restart(base - len(tail) + hit, self._pos + 1)
                return True
            tail = buf[-2:]
            base += len(chunk)
        return False

    # -- reading ------------------------------------------------------------------------
    def read(self, n: int) -> bytes:
        out = bytearray()
        while len(out) < n:
            if self._index >= len(self._buf) and not self._fill():
                break
            take = self._buf[self._index: self._index + n - len(out)]
            out += take
            self._consume(len(take))
        return bytes(out)

    def skip(self, n: int) -> int:
        """Pass ``n`` bytes without keeping them; returns how many there were."""
        done = 0
        while done < n:
            if self._index >= len(self._buf) and not self._fill():
                break
            step = min(n - done, len(self._buf) - self._index)
            self._consume(step)
            done += step
        return done

    def skip_watching(self, n: int, needle: bytes) -> tuple[int, bool]:
        """Like :meth:`skip`, also saying whether ``needle`` occurs in the bytes passed."""
        done, seen, tail = 0, False, b""
        while done < n:
            if self._index >= len(self._buf) and not self._fill():
                break
            step = min(n - done, len(self._buf) - self._index)
            piece = tail + self._buf[self._index: self._index + step]
            seen = seen or needle in piece
            tail = piece[-(len(needle) - 1):] if len(needle) > 1 else b""
            self._consume(step)
            done += step
        return done, seen

    def peek(self, n: int) -> bytes:
        """Up to ``n`` bytes ahead, not consumed. Damaged gzip data past what is already there
        is not raised here but by the read that needs it: it belongs to what comes next."""
        while len(self._buf) - self._index < n:
            try:
                if not self._fill():
                    break
            except (EOFError, zlib.error):
                if len(self._buf) > self._index:
                    break
                raise
        return bytes(self._buf[self._index: self._index + n])

    def readline(self, limit: int) -> bytes:
        """Up to and including the next newline, or ``limit`` bytes, whichever comes first."""
        out = bytearray()
        while len(out) < limit:
            if self._index >= len(self._buf) and not self._fill():
                break
            newline = self._buf.find(b"\n", self._index, self._index + limit - len(out))
            end = newline + 1 if newline >= 0 else min(len(self._buf), self._index + limit - len(out))
            out += self._buf[self._index: end]
            self._consume(end - self._index)
            if newline >= 0:
                break
        return bytes(out)

    def scan(self, marker: re.Pattern[bytes], overlap: int) -> bool:
        """Move to the next match of ``marker`` (not consuming it); False, at the end, if none.
        ``overlap`` is the longest match, kept between one chunk and the next."""
        while True:
            found = marker.search(self._buf, self._index)
            if found:
                self._consume(found.start() - self._index)
                return True
            keep_from = max(self._index, len(self._buf) - overlap)
            self._consume(keep_from - self._index)
            if not self._fill():
                self._consume(len(self._buf) - self._index)
                return False

    # -- inside -------------------------------------------------------------------------
    def _restart(self, raw_offset: int, pos: int) -> None:
        self._raw.seek(raw_offset)
        self._buf = bytearray()
        self._index = 0
        self._pos = pos
        self._end = pos  # uncompressed position just past the buffer
        self._pending = b""  # compressed bytes read but not yet inflated
        self._pending_raw = raw_offset
        self._inflater = None
        self._error: Exception | None = None
        self._members: list[tuple[int, int]] = [(pos, raw_offset)]

    def _consume(self, n: int) -> None:
        self._index += n
        self._pos += n
        if self._index > CHUNK:  # drop what was read, keep the buffer one chunk at most
            del self._buf[: self._index]
            self._index = 0
        # The first member listed is the one holding the current position.
        while len(self._members) > 1 and self._members[1][0] <= self._pos:
            self._members.pop(0)

    def _append(self, data: bytes) -> None:
        self._buf += data
        self._end += len(data)
        if self._end > self._high_pos:
            self._high_pos = self._end
        if self._gzipped:
            self._high_raw = max(self._high_raw, self._pending_raw - self._origin)
            check_inflate_ratio(self._high_pos, self._high_raw)

    def _fill(self) -> bool:
        """Append some more uncompressed bytes; False at the end of the file.

        Raises EOFError for a gzip member cut short and zlib.error for damaged gzip data, and
        again on every later call until the stream is rewound or moved to the next member.
        """
        if self._error is not None:
            raise self._error
        try:
            return self._inflate()
        except (EOFError, zlib.error) as exc:
            self._error = exc
            raise

    def _inflate(self) -> bool:
        if not self._gzipped:
            data = self._raw.read(CHUNK)
            if data:
                self._append(data)
            return bool(data)
        while True:
            if not self._pending:
                self._pending = self._raw.read(_RAW_CHUNK)
                if not self._pending:
                    if self._inflater is not None:
                        raise EOFError("gzip member cut short")
                    return False
            if self._inflater is None:
                stripped = self._pending.lstrip(b"\x00")  # padding some writers add at the end
                self._pending_raw += len(self._pending) - len(stripped)
                self._pending = stripped
                if not stripped:
                    continue
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self._members.append((self._end, self._pending_raw))
            data = self._inflater.decompress(self._pending, CHUNK)
            rest = self._inflater.unused_data if self._inflater.eof else self._inflater.unconsumed_tail
            self._pending_raw += len(self._pending) - len(rest)
            self._pending = rest
            if self._inflater.eof:
                self._inflater = None
            if data:
                self._append(data)
                return True
