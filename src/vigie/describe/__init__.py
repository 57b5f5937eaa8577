"""Describing a cleaned page: language, publication date (with evidence), outlet, agency."""

from __future__ import annotations

import hashlib

from vigie.clean import CleanedPage, HtmlMetadata
from vigie.describe.agency import detect_agency
from vigie.describe.dates import lower_bound, publication_date, publication_time
from vigie.describe.language import detect_language
from vigie.describe.outlet import detect_outlet
from vigie.model import Document, SourceRecord


def content_hash(raw: str) -> str:
    """Identity of a record's content: same bytes in, same hash, whatever the file is called."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def describe(record: SourceRecord, page: CleanedPage, meta: HtmlMetadata, lang: str = "fr") -> Document:
    doc = Document(
        id=record.doc_id,
        raw=record.raw,
        fmt=record.fmt,
        source=record.source,
        locator=record.locator,
        url=record.url or meta.url,
        content_hash=content_hash(record.raw),
        text=page.text,
        title=page.title,
        standfirst=page.standfirst,
        cleaning_note=page.note,
        captions=list(page.captions),
        bylines=list(page.bylines),
        comment_dates=sorted(d.isoformat() for d in page.comment_dates),
        header_date=page.header_date,
        meta_published=record.declared_published or meta.date,
        meta_outlet=record.declared_outlet,
        crawled_at=record.crawled_at,
    )
    doc.language = detect_language(page.text)
    published, bound = publication_date(doc, page, lang)
    doc.published = published
    doc.published_not_after = bound.isoformat() if bound else None
    earliest = lower_bound(page, bound)
    doc.published_not_before = earliest.isoformat() if earliest else None
    doc.published_time = publication_time(doc) if published else None
    doc.outlet, doc.outlet_evidence = detect_outlet(
        record.declared_outlet, meta.sitename, doc.url, page.aside + page.bylines
    )
    doc.agency, doc.agency_evidence = detect_agency(page.text, page.aside + page.bylines, lang)
    return doc
