"""Line rules for pages that arrive already flattened to text.

The cascade, in order: a ``date YYYY-MM`` header line is set aside; the reader-comment section
goes (``clean.comments``); furniture lines (menus, share bars, pleas, footers), photo captions,
inline teasers and related-article blocks go; repeated and truncated teasers go; then the page
is split at its first and last prose paragraph: before is the header (title, standfirst,
byline), after is the footer (dropped), between is the article.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from vigie.clean import lines as L
from vigie.clean.comments import find_comment_section

#: A standfirst is one or two sentences; a longer first paragraph is already the body.
STANDFIRST_MAX_WORDS = 60
#: Lines shorter than this are not checked for being a repeat (intertitles can repeat).
DUPLICATE_MIN_WORDS = 4
#: Fallback when a page has no paragraph as long as BODY_MIN_WORDS (a news brief).
BRIEF_MIN_WORDS = 8

_HEADER_DATE = re.compile(r"^\s*date\s*:?\s*(\d{4}-\d{2}(?:-\d{2})?)\b\s*", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s*(?:»|›|>|/)\s*")


@dataclass
class CleanedPage:
    """The article kept from one page, with what was set aside for the describe stage."""

    text: str
    title: str | None = None
    standfirst: str | None = None
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    aside: list[str] = field(default_factory=list)  # short header/footer lines, for credits
    comment_dates: list[dt.date] = field(default_factory=list)
    header_date: str | None = None
    note: str | None = None  # why the cleaning is unsure of what it kept, for a reviewer


def split_header_date(text: str) -> tuple[str | None, str]:
    """A crawler's ``date YYYY-MM`` header at the very start of the page, and the rest."""
    match = _HEADER_DATE.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end():]


def clean_flat_text(raw: str, lang: str = "fr", known_title: str | None = None) -> CleanedPage:
    header_date, raw = split_header_date(raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line for line in (L.normalize(x) for x in raw.split("\n")) if line]
    page = CleanedPage(text="", header_date=header_date)

    section = find_comment_section(lines, lang)
    if section:
        page.comment_dates = section.dates
        lines = lines[: section.start] + lines[section.end + 1 :]

    keep = _drop_furniture(lines, page, lang)
    body = [i for i in range(len(lines)) if keep[i] and L.is_body_paragraph(lines[i], lang)]
    if not body:
        body = [
            i for i in range(len(lines))
            if keep[i] and L.word_count(lines[i]) >= BRIEF_MIN_WORDS and L.ends_like_sentence(lines[i])
        ]
    if not body:
        # A text cut off mid-word (a truncated crawl, a feed excerpt) ends no line like a
        # sentence; reject only what is clearly not prose, keep the rest and say so.
        body = [
            i for i in range(len(lines))
            if keep[i] and L.word_count(lines[i]) >= BRIEF_MIN_WORDS
            and L.stopword_share(lines[i], lang) >= L.PROSE_MIN_STOPWORD_SHARE
        ]
        if body:
            page.note = ("kept although no paragraph ends like finished prose (a text cut off or "
                         "an excerpt): check that it is an article")
    if not body:
        return page
    first, last = body[0], body[-1]

    header = [lines[i] for i in range(first) if keep[i]]
    title, standfirst = _title_and_standfirst(header, lines, known_title, lang, page)
    page.title, page.standfirst = title, standfirst
    footer = [lines[i] for i in range(last + 1, len(lines)) if keep[i]]
    page.aside.extend(footer)

    out: list[str] = [x for x in (title, standfirst) if x]
    if standfirst is None and title is not None and L.word_count(lines[first]) <= STANDFIRST_MAX_WORDS:
        page.standfirst = lines[first]  # the lead paragraph doubles as standfirst
    for i in range(first, last + 1):
        if not keep[i]:
            continue
        if L.is_byline(lines[i], lang) and not L.is_body_paragraph(lines[i], lang):
            page.bylines.append(lines[i])
            continue
        out.append(lines[i])
    page.text = "\n\n".join(out)
    return page


def _drop_furniture(lines: list[str], page: CleanedPage, lang: str) -> list[bool]:
    """Mark every line that is furniture, a caption, a teaser or part of a related block."""
    keep = [True] * len(lines)
    seen: list[str] = []  # comparable form of kept lines, in order
    seen_set: set[str] = set()
    in_related = False
    for i, line in enumerate(lines):
        comp = L.comparable(line)
        repeat = L.word_count(line) >= DUPLICATE_MIN_WORDS and comp in seen_set
        truncated_repeat = L.is_truncated(line) and _is_prefix_of_any(comp, seen)
        if L.is_related_header(line, lang) or L.is_comment_header(line, lang):
            in_related, keep[i] = True, False
            continue
        if in_related:
            if L.is_body_paragraph(line, lang) and not repeat and not truncated_repeat:
                in_related = False
            else:
                keep[i] = False
                continue
        if L.is_photo_credit(line):
            page.captions.append(line)
            keep[i] = False
        elif L.is_furniture(line, lang) or L.is_bullet(line) or L.is_inline_teaser(line):
            keep[i] = False
            page.aside.append(line)
        elif repeat or truncated_repeat:
            keep[i] = False
        else:
            seen.append(comp)
            seen_set.add(comp)
    return keep


def _is_prefix_of_any(comp: str, seen: list[str]) -> bool:
    """A truncated teaser ("... les pourparlers de...") repeats the start of a kept line."""
    stem = comp.strip()
    return len(stem) > 20 and any(stem in earlier for earlier in seen)


def _title_and_standfirst(
    header: list[str], all_lines: list[str], known_title: str | None, lang: str, page: CleanedPage
) -> tuple[str | None, str | None]:
    """Pick the headline among the header lines; the line next to it is the standfirst."""
    crumbs: list[str] = []
    candidates: list[str] = []
    for line in header:
        parts = [p for p in _BREADCRUMB.split(line) if p]
        if len(parts) >= 3 and ("»" in line or "›" in line or " > " in line):
            crumbs.append(L.comparable(parts[-1]))
            continue
        if L.is_byline(line, lang):
            page.bylines.append(line)
            continue
        if L.is_headline_like(line):
            candidates.append(line)
        else:
            page.aside.append(line)
    if not candidates:
        return (known_title, None) if known_title else (None, None)
    counts: dict[str, int] = {}
    for line in all_lines:
        c = L.comparable(line)
        counts[c] = counts.get(c, 0) + 1
    known = L.comparable(known_title) if known_title else None

    def strength(idx_line: tuple[int, str]) -> tuple[int, int, int, int]:
        # Confirmed by a repeat, the breadcrumb or the page metadata; then long enough not to
        # be a site name; then not ending like a sentence (standfirsts do); then first.
        idx, line = idx_line
        comp = L.comparable(line)
        confirmed = comp == known or comp in crumbs or counts.get(comp, 0) > 1
        long_enough = L.word_count(line) >= L.TITLE_PREFERRED_MIN_WORDS
        return (int(confirmed), int(long_enough), int(not line.endswith(".")), -idx)

    idx, title = max(enumerate(candidates), key=strength)
    if known_title and L.comparable(title) != known:
        title = known_title
    # The standfirst sits right after the headline (or right before it, on some sites); a
    # short neighbour is the site name or a tagline.
    neighbours = [candidates[j] for j in (idx + 1, idx - 1) if 0 <= j < len(candidates)]
    standfirst = next(
        (
            c for c in neighbours
            if L.comparable(c) != L.comparable(title)
            and L.word_count(c) >= L.TITLE_PREFERRED_MIN_WORDS
        ),
        None,
    )
    return title, standfirst
