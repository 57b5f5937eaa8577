"""Bytes to text: UTF-8 first, legacy Western encodings as a repair, binary refused.

Crawls of French sites still hold Windows-1252 and Latin-1 pages; those are decoded and reported
as a warning rather than rejected, because the article is perfectly usable.
"""

from __future__ import annotations

import re

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


#: NUL bytes a text page may carry and still be read (each removed, with a note): one in a
#: meta attribute ("content=\"\x00\"", a CMS bug) must not cost the article; binary files and
#: UTF-16 without a byte-order mark have them by the hundred.
MAX_STRAY_NULS = 8


def describe_binary(data: bytes) -> str | None:
    """Say what binary content looks like, or None when it looks like text."""
    head = data[:SNIFF_BYTES]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte-order mark is text
    if head.count(b"\x00") > max(MAX_STRAY_NULS, len(head) * MAX_CONTROL_SHARE):
        return "binary data (NUL bytes)"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        return "binary data (control characters)"
    return None


#: A page that is not valid UTF-8 is still read as UTF-8 (each invalid sequence replaced with
#: U+FFFD) when its valid multi-byte sequences outnumber its invalid ones at least this many to
#: one. Windows-1252 and Latin-1 French text forms a valid UTF-8 sequence only by accident (an
#: accented capital followed by one of ‚ « ° … in 0x80-0xBF), a few per hundred accented letters
#: at most, so its ratio is far below 1; a UTF-8 page with a stray byte (a truncated copy, a
#: Latin-1 signature pasted in) has dozens to hundreds of good sequences per bad one. Any
#: threshold between the two separates them; 2 leans to UTF-8, which loses only the stray bytes
#: when wrong, where the legacy decoding would turn every accent of the page into mojibake.
UTF8_GOOD_PER_BAD = 2

_BOM_UTF8 = b"\xef\xbb\xbf"
_REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode page bytes; returns the text and a repair note (None when it was clean UTF-8).

    Never raises for bad bytes; raises InputError for empty or binary content.
    """
    if not data.strip():
        raise InputError("empty file: nothing to read")
    binary = describe_binary(data)
    if binary:
        raise InputError(f"not text: looks like {binary}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data)
    nuls = data.count(b"\x00")
    if nuls:  # a few stray NUL bytes (binary content was refused above)
        text, note = _decode_8bit(data.replace(b"\x00", b""))
        return text, "; ".join(filter(None, (note, f"{nuls} NUL byte(s) removed")))
    return _decode_8bit(data)


def _decode_utf16(data: bytes) -> tuple[str, str | None]:
    # An odd length or an unpaired surrogate is damage to one character, not to the page.
    text = data.decode("utf-16", errors="replace")
    bad = text.count(_REPLACEMENT) - _genuine_replacements_utf16(data)
    note = "decoded as UTF-16 (byte-order mark)"
    return text, note + (f"; {bad} invalid sequence(s) replaced with U+FFFD" if bad > 0 else "")


def _decode_8bit(data: bytes) -> tuple[str, str | None]:
    if data.startswith(_BOM_UTF8):
        text, bad, _good = _lenient_utf8(data[3:])
        return text, _stray_note(bad)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text, bad, good = _lenient_utf8(data)
    if good >= UTF8_GOOD_PER_BAD * bad:
        return text, _stray_note(bad)
    # Windows-1252 is Latin-1 plus typographic quotes, the euro sign and œ in 0x80-0x9F: try it
    # first; the five bytes it leaves undefined mean the page is really Latin-1.
    try:
        return data.decode("cp1252"), "not UTF-8: decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8: decoded as Latin-1"


def _lenient_utf8(data: bytes) -> tuple[str, int, int]:
    """The text decoded as UTF-8 with replacements, its invalid sequences and its valid
    multi-byte ones (a U+FFFD the bytes really encode counts as valid, not as damage)."""
    text = data.decode("utf-8", errors="replace")
    genuine = data.count(b"\xef\xbf\xbd")
    bad = text.count(_REPLACEMENT) - genuine
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return text, bad, non_ascii - bad


def _genuine_replacements_utf16(data: bytes) -> int:
    return data.count(b"\xfd\xff") if data.startswith(b"\xff\xfe") else data.count(b"\xff\xfd")


def _stray_note(bad: int) -> str | None:
    return f"not valid UTF-8: {bad} stray byte(s) replaced with U+FFFD" if bad > 0 else None


def replace_surrogates(text: str) -> tuple[str, int]:
    """The text with every lone surrogate replaced with U+FFFD, and how many there were.

    A JSON escape like ``\\ud800`` or a file name decoded with ``surrogateescape`` gives a str
    that is not valid Unicode: it cannot be encoded to UTF-8, so SQLite and every export would
    fail on it later, far from the input that caused it.
    """
    if text.isascii():
        return text, 0
    try:
        text.encode("utf-8")  # the quick test: four times faster than searching for them
        return text, 0
    except UnicodeEncodeError:
        return _SURROGATE.subn(_REPLACEMENT, text)
