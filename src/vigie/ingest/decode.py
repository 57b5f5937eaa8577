"""Bytes to text: UTF-8 first, legacy Western encodings as a repair, binary refused.

Crawls of French sites still hold Windows-1252 and Latin-1 pages; those are decoded and reported
as a warning rather than rejected, because the article is perfectly usable.
"""

from __future__ import annotations

from vigie.errors import InputError

#: How much of the start of a file is inspected to tell text from binary. 8 KiB is what `file`
#: and git use for the same decision.
SNIFF_BYTES = 8192
#: Share of control characters (other than tab, CR, LF, FF) above which content is binary.
#: Text pages measured here have none; 5% leaves room for stray form feeds and escapes.
MAX_CONTROL_SHARE = 0.05

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an office document)",
    b"\x7fELF": "an executable",
    b"RIFF": "a media file",
    b"\x00\x00\x01\x00": "an icon",
}


def describe_binary(data: bytes) -> str | None:
    """Say what binary content looks like, or None when it looks like text."""
    head = data[:SNIFF_BYTES]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte-order mark is text
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        return "binary data (control characters)"
    return None


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode page bytes; returns the text and a repair note (None when it was clean UTF-8).

    Raises InputError for empty or binary content.
    """
    if not data.strip():
        raise InputError("empty file: nothing to read")
    binary = describe_binary(data)
    if binary:
        raise InputError(f"not text: looks like {binary}")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark)"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    # Windows-1252 is Latin-1 plus typographic quotes, the euro sign and œ in 0x80-0x9F: try it
    # first; the five bytes it leaves undefined mean the page is really Latin-1.
    try:
        return data.decode("cp1252"), "not UTF-8: decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8: decoded as Latin-1"
