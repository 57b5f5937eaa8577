"""The HTTP response inside a WARC or ARC record: status, headers, and the body as sent.

Only what a page needs: the status code, the Content-Type, and the body with its transfer
coding (chunked) and content coding (gzip, deflate) undone. Every step is bounded by the page
limit, so a body that inflates without end is refused rather than held.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from vigie.errors import InputError

#: Longest HTTP status line and header block kept apart from the body. Real response headers
#: are under 8 KB (servers refuse more); 64 KB leaves room for long cookies and CSPs.
MAX_HTTP_HEAD = 64 * 1024

_CHUNK_SIZE = re.compile(rb"([0-9a-fA-F]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")


@dataclass(frozen=True)
class HttpResponse:
    status: str
    headers: dict[str, str]  # lower-case names; the last value wins
    body: bytes  # as sent on the wire, still coded

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def parse_response(block: bytes) -> HttpResponse | None:
    """The response in a record's block, or None when the block is not an HTTP response."""
    end = block.find(b"\r\n\r\n", 0, MAX_HTTP_HEAD)
    sep = 4
    if end < 0:
        end, sep = block.find(b"\n\n", 0, MAX_HTTP_HEAD), 2
    if end < 0 or not block.startswith(b"HTTP/"):
        return None
    # Header bytes are ISO-8859-1 by the HTTP standard: every byte decodes, none is lost.
    lines = block[:end].decode("latin-1").splitlines()
    parts = lines[0].split(None, 2)
    status = parts[1] if len(parts) > 1 else ""
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip()
    return HttpResponse(status, headers, block[end + sep:])


def page_body(response: HttpResponse, max_bytes: int) -> bytes:
    """The body with its codings undone; InputError past ``max_bytes`` decoded."""
    body = response.body
    if "chunked" in response.header("Transfer-Encoding").lower():
        body = _dechunk(body)
    coding = response.header("Content-Encoding").lower().strip()
    if coding in ("gzip", "x-gzip", "deflate"):
        body = _inflate(body, coding, max_bytes)
    if len(body) > max_bytes:
        raise InputError(f"page over the {max_bytes / 2**20:.0f} MB limit")
    return body


def _dechunk(body: bytes) -> bytes:
    """Undo chunked transfer coding; a body that is not really chunked (crawlers often store
    the body already decoded but keep the header) is returned as it is."""
    out, pos = [], 0
    while True:
        match = _CHUNK_SIZE.match(body, pos)
        if not match:
            return body
        size = int(match.group(1), 16)
        if size == 0:
            return b"".join(out)
        start = match.end()
        if start + size > len(body):
            return body if not out else b"".join(out) + body[start:]
        out.append(body[start:start + size])
        pos = start + size
        if body.startswith(b"\r\n", pos):
            pos += 2
        elif body.startswith(b"\n", pos):
            pos += 1


def _inflate(body: bytes, coding: str, max_bytes: int) -> bytes:
    """Undo gzip or deflate content coding, at most ``max_bytes + 1`` bytes of it. A body the
    header calls compressed but that is not (the crawler decoded it) is returned as it is."""
    modes = [16 + zlib.MAX_WBITS] if coding != "deflate" else [zlib.MAX_WBITS, -zlib.MAX_WBITS]
    for mode in modes:
        inflater = zlib.decompressobj(mode)
        try:
            data = inflater.decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(data) > max_bytes:
            raise InputError(f"page over the {max_bytes / 2**20:.0f} MB limit decompressed")
        return data
    return body
