"""HTML pages: trafilatura finds the article, then the flattened-text rules finish the job.

trafilatura is the reference extractor (it drops navigation, asides and comment sections using
the markup); its text output still carries the odd "Lire aussi" line or share-bar label that
sits inside the article element, so the line rules of ``clean.text`` run on top of it with the
page's own title.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigie.clean.text import CleanedPage, clean_flat_text
from vigie.errors import InputError


@dataclass
class HtmlMetadata:
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def clean_html(html: str, url: str | None = None, lang: str = "fr") -> tuple[CleanedPage, HtmlMetadata]:
    import trafilatura

    def extract(with_metadata: bool):
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=with_metadata,
            include_comments=False,
            include_tables=False,
            # Only dates the markup states (meta tags, <time>, URL): never htmldate's guesses
            # from arbitrary text, which would be a guess rather than evidence.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )

    extracted = extract(True)
    if extracted is None or not (extracted.text or "").strip():
        # trafilatura gives up on the whole page when its metadata cannot be read (a
        # published_time of "2016-03-04T10:00:00+25:00"): the article is still there.
        extracted = extract(False)
    if extracted is None or not (extracted.text or "").strip():
        raise InputError("no article text found in the HTML page")
    meta = HtmlMetadata(
        title=extracted.title or None,
        date=extracted.date or None,
        sitename=extracted.sitename or None,
        url=extracted.url or url,
    )
    page = clean_flat_text(extracted.text, lang=lang, known_title=meta.title)
    return page, meta
