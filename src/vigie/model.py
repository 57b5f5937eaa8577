"""The small typed model every stage passes along.

A :class:`SourceRecord` is what ingestion read (one article, still raw); a :class:`Document` is
that record after cleaning and describing; a :class:`Reject` is input Vigie could not use, kept
with its reason so that nothing vanishes silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a problem with the input is.

    ``error``: the record was not stored (counts as a reject; the run exits non-zero).
    ``warning``: the record was stored after a repair (e.g. decoded from Windows-1252).
    ``skipped``: the file is not something Vigie reads (an image in the input folder).
    """

    ERROR = "error"
    WARNING = "warning"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Reject:
    """One piece of input that was not used as is, and why (one line)."""

    source: str
    locator: str
    reason: str
    severity: Severity = Severity.ERROR

    def line(self) -> str:
        where = f"{self.source}:{self.locator}" if self.locator else self.source
        return f"{self.severity.value}: {where}: {self.reason}"


@dataclass(frozen=True)
class SourceRecord:
    """One raw article as ingested, before any cleaning.

    ``fmt`` is ``"text"`` for already-flattened pages and ``"html"`` for markup. ``declared_*``
    fields come from the container (a JSONL field, a WARC header) and are trusted more than
    anything read from the text itself.
    """

    doc_id: str
    raw: str
    fmt: str
    source: str
    locator: str = ""
    url: str | None = None
    declared_published: str | None = None
    declared_outlet: str | None = None
    crawled_at: str | None = None


@dataclass(frozen=True)
class DatedEvidence:
    """A publication date with how precise it is and the words it was read from."""

    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day / month / year
    evidence: str


@dataclass
class Document:
    """An article after cleaning and describing: what the store keeps and exports."""

    id: str
    raw: str
    fmt: str
    source: str
    locator: str = ""
    url: str | None = None
    content_hash: str = ""
    text: str = ""
    title: str | None = None
    standfirst: str | None = None
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    comment_dates: list[str] = field(default_factory=list)
    header_date: str | None = None
    meta_published: str | None = None
    meta_outlet: str | None = None
    crawled_at: str | None = None
    language: str | None = None
    published: DatedEvidence | None = None
    published_not_after: str | None = None
    outlet: str | None = None
    outlet_evidence: str | None = None
    agency: str | None = None
    agency_evidence: str | None = None
