"""Cleaning: keep the article (title, standfirst, body), drop everything else on the page."""

from __future__ import annotations

import re
import unicodedata

from vigie.clean.html import HtmlMetadata, clean_html
from vigie.clean.text import CleanedPage, clean_flat_text
from vigie.errors import InputError
from vigie.model import SourceRecord


#: Characters that are invisible in print and split a word for every matcher: zero-width space,
#: joiners, word joiner, byte-order mark and soft hyphen. Crawled pages carry them from CMS
#: editors and copy-paste; "tu\u200bés" must read as "tués".
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def normalize_text(raw: str) -> str:
    """One spelling for one text: composed accents (NFC: a decomposed "é" is one character
    again) and no invisible characters. Cleaning starts from this, so the stored text, and
    every evidence offset into it, is the normalised one; the raw page is kept as read.

    Invisibles go first: one between a letter and its accent ("e\u200b\u0301") keeps NFC from
    composing them, and removed after NFC it would leave a text that a second pass changes."""
    if raw.isascii():
        return raw
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", raw))


def clean_record(record: SourceRecord, lang: str = "fr") -> tuple[CleanedPage, HtmlMetadata]:
    """Clean one record; raises InputError when no article text is left."""
    raw = normalize_text(record.raw)
    if record.fmt == "html":
        page, meta = clean_html(raw, url=record.url, lang=lang)
    else:
        page, meta = clean_flat_text(raw, lang=lang), HtmlMetadata(url=record.url)
    if not page.text.strip():
        raise InputError("no article text found: the page is all navigation or too short")
    return page, meta


__all__ = ["CleanedPage", "HtmlMetadata", "clean_flat_text", "clean_html", "clean_record", "normalize_text"]
