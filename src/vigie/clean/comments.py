"""Reader-comment sections, recognised by their rhythm rather than by markup.

Flattened pages lose the markup that marks comments, but keep their rhythm: a comment text, a
short author line and a timestamp ("14 h 35, le 28 novembre 2014"), again and again (some sites
put the author and time first). Comments are never evidence, so the whole section goes; the
timestamps are kept because the earliest one bounds the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from vigie.clean import lines as L
from vigie.datetext import first_date

#: An author line is a name or pseudonym: a few words, no sentence punctuation.
AUTHOR_MAX_WORDS = 6
#: How far before the first timestamp a comment-section header ("commentaires (6)") is looked
#: for: a preview comment and a "Tous les commentaires" line can sit between them.
HEADER_LOOKBACK = 12


@dataclass
class CommentSection:
    start: int  # first line index of the section
    end: int  # last line index (inclusive)
    dates: list[dt.date] = field(default_factory=list)


_INITIAL_END = re.compile(r"\b[A-Z]\.$")


def _author_like(line: str) -> bool:
    """A name or pseudonym: few words, no sentence ending (an initial such as "Paul R." is
    allowed its period)."""
    stripped = line.rstrip()
    sentence_end = stripped.endswith((".", "!", "?", "…")) and not _INITIAL_END.search(stripped)
    return 0 < L.word_count(line) <= AUTHOR_MAX_WORDS and not sentence_end and not L.is_timestamp(line)


#: "Hodan_M · 2 hrs ago": an author and the stamp on one line, split by a middle dot or a bar.
_AUTHOR_AND_STAMP = re.compile(r"^\s*([^·•|]{1,40}?)\s*[·•|]\s*(.+)$")


def _author_and_stamp(line: str, lang: str) -> bool:
    m = _AUTHOR_AND_STAMP.match(line)
    return bool(m) and _author_like(m.group(1)) and L.is_timestamp(m.group(2), lang)


def find_comment_section(lines: list[str], lang: str = "fr") -> CommentSection | None:
    """The span of lines holding reader comments, or None."""
    # A byline has the same shape ("Par Marie Dupont | Publié le 2 mars 2016"): one such line,
    # or one that reads as a byline, is not a comment.
    joined = [i for i, line in enumerate(lines) if _author_and_stamp(line, lang) and not L.is_byline(line, lang)]
    if len(joined) < 2:
        joined = []
    stamps = sorted(set(joined) | {
        i
        for i, line in enumerate(lines)
        if L.is_timestamp(line, lang)
        and ((i > 0 and _author_like(lines[i - 1])) or (i + 1 < len(lines) and _author_like(lines[i + 1])))
    })
    headers = [i for i, line in enumerate(lines) if L.is_comment_header(line, lang)]
    if not stamps:
        return None
    first, last = stamps[0], stamps[-1]
    header = next((h for h in headers if first - HEADER_LOOKBACK <= h < first), None)
    # In the middle both layouts look alike (..., text, author, time, text, author, time, ...);
    # the end tells them apart: a comment text after the last timestamp means author, time,
    # text; furniture or nothing there means text, author, time.
    after = lines[last + 1] if last + 1 < len(lines) else ""
    text_last = bool(after) and not (
        L.is_furniture(after, lang) or _author_like(after) or L.is_comment_header(after, lang)
    )
    if header is not None:
        start = header
    elif first in joined:  # author and stamp on one line: the comment starts with it
        start = first
    elif text_last:
        start = first - 1
    else:
        start = max(0, first - 2)
    end = min(last + 1 if text_last else last, len(lines) - 1)
    dates = [
        d
        for d in (
            first_date(lines[i], lang)
            for i in range(start, end + 1)
            if L.is_timestamp(lines[i], lang)
        )
        if d is not None
    ]
    return CommentSection(start=start, end=end, dates=dates)
