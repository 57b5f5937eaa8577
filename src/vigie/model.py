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
    cleaning_note: str | None = None  # the cleaner kept this text unsure of it (a warning)
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
    published_not_before: str | None = None  # the start of the latest year the text names
    published_time: str | None = None  # HH:MM when the byline or the source gives it
    outlet: str | None = None
    outlet_evidence: str | None = None
    agency: str | None = None
    agency_evidence: str | None = None


@dataclass(frozen=True)
class Span:
    """Evidence: where in which document's cleaned text a value was read."""

    doc_id: str
    start: int
    end: int
    text: str

    def as_dict(self) -> dict:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "quote": self.text}


@dataclass(frozen=True)
class Figure:
    """One reported death figure, with its wording, what it counts and who reported it."""

    value: int
    qualifier: str  # exact / at least / more than / nearly / about / up to
    group: str  # all / civilian / combatant / unknown-side
    role: str  # toll / part / previous
    approximate: bool
    vague: bool
    side: str | None
    reported_by: str | None
    evidence: Span
    report: int = -1  # start of the sentence it was told in: figures of one telling add up

    def as_dict(self) -> dict:
        return {
            "n": self.value, "q": self.qualifier, "group": self.group, "role": self.role,
            "approximate": self.approximate, "vague": self.vague, "side": self.side,
            "reported_by": self.reported_by, **self.evidence.as_dict(),
        }


@dataclass
class Mention:
    """One violent (or strategic) event told in one clause of one document, for one place."""

    doc_id: str
    sentence: Span
    category: str
    event_type: str
    sub_event_type: str
    #: The type came from a word that does not say the kind of violence ("l'attaque", "ont
    #: frappé"): a telling of the same place and day with a type of its own decides it.
    type_weak: bool = False
    #: The text says this is another event than the ones told before it ("un autre groupe a
    #: attaqué", "une deuxième explosion"): it is never merged into them within the article.
    distinct: bool = False
    actor1: str = "Unidentified"
    actor1_span: Span | None = None
    actor1_alternatives: list[str] = field(default_factory=list)  # "A ou B": the text hesitates
    actor2: str | None = None
    actor2_span: Span | None = None
    location: str | None = None
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    place_span: Span | None = None
    event_date: str | None = None
    event_date_end: str | None = None
    date_precision: str = "unknown"
    date_strong: bool = False
    date_span: Span | None = None
    month_day: str | None = None  # "05-23" read without a year in an undated article
    figures: list[Figure] = field(default_factory=list)
    reported_by: list[str] = field(default_factory=list)
    reported_by_span: Span | None = None

    @property
    def key(self) -> str:
        return f"{self.doc_id}:{self.sentence.start}:{self.category}:{self.location}"

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Mention":
        spans = {k: Span(**v) if v else None for k, v in data.items() if k.endswith("_span") or k == "sentence"}
        figures = [Figure(**{**f, "evidence": Span(**f["evidence"])}) for f in data.get("figures", [])]
        return cls(**{**data, **spans, "figures": figures})
