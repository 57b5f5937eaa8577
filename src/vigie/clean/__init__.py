"""Cleaning: keep the article (title, standfirst, body), drop everything else on the page."""

from __future__ import annotations

from vigie.clean.html import HtmlMetadata, clean_html
from vigie.clean.text import CleanedPage, clean_flat_text
from vigie.errors import InputError
from vigie.model import SourceRecord


def clean_record(record: SourceRecord, lang: str = "fr") -> tuple[CleanedPage, HtmlMetadata]:
    """Clean one record; raises InputError when no article text is left."""
    if record.fmt == "html":
        page, meta = clean_html(record.raw, url=record.url, lang=lang)
    else:
        page, meta = clean_flat_text(record.raw, lang=lang), HtmlMetadata(url=record.url)
    if not page.text.strip():
        raise InputError("no article text found: the page is all navigation or too short")
    return page, meta


__all__ = ["CleanedPage", "HtmlMetadata", "clean_flat_text", "clean_html", "clean_record"]
