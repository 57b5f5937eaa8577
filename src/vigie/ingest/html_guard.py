"""Refuse or defuse HTML that the parser would mangle or choke on, before any parsing.

Two shapes of page cost the parser more than their size:

* nesting: libxml2 (under lxml and trafilatura) stops building the tree past 256 nested
  elements and the extractor then returns nothing, so a page nested 10,000 levels deep would
  vanish without a word. Such a page is refused with its depth.
* huge tags: libxml2 checks each attribute of a tag against the ones before it, so one ``<div>``
  with 100,000 attributes took 148 s. Such a tag is an attack or a broken dump, never the
  article, so its attributes are dropped (the tag itself and the text around it are kept) and
  the page goes on with a warning: a real article is never refused for the shape of one tag.

Both are found by one scan that looks at each character a bounded number of times: a tag name
is matched with a pattern that cannot backtrack and the end of the tag is found with
``str.find``. (The scan this replaces, ``<...[^>]*?>``, rescanned to the end of the page from
every ``<`` that had no ``>``: 150 KB of ``<a `` took 175 s.)
"""

from __future__ import annotations

import re

from vigie.errors import InputError

#: libxml2's own nesting limit without XML_PARSE_HUGE; real article pages measured here stay
#: under 60 levels.
MAX_HTML_DEPTH = 256
#: Longest tag (from ``<`` to ``>``) kept as it is. The longest tags of real pages are
#: ``<img srcset=...>`` and ``<meta content=...>`` of a few KB, occasionally a data attribute
#: holding some JSON; 64 KB is ten times that, and a tag that long is a dump or an attack.
MAX_TAG_CHARS = 64 * 1024
#: Most attributes one tag may have before they are dropped. Real tags carry a handful (the
#: example page: at most 3; framework-built pages some tens). Measured here, cleaning a page
#: with one tag of 3,000 attributes costs 0.08 s, 10,000 cost 0.9 s and 100,000 cost 148 s
#: (libxml2 is quadratic in them): 1,000 costs nothing and no real tag comes near it.
MAX_TAG_ATTRIBUTES = 1000
#: Tags shorter than this cannot hold MAX_TAG_ATTRIBUTES attributes (each needs at least a
#: space and a letter), so their attributes are not counted at all: the scan stays cheap.
_COUNT_ATTRIBUTES_FROM = 2 * MAX_TAG_ATTRIBUTES

_TAG_START = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE_START = re.compile(r"[\s\"'][^\s\"'=>/]")
# Elements that never hold children, or whose end tag is optional and routinely omitted: they
# do not deepen the tree in a way the scan can follow.
_FLAT = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen "
    "p li dt dd tr td th option thead tbody tfoot colgroup rt rp".split()
)


def _scan(html: str):
    """Yield (start, name_end, end, closing, name) for each tag; ``end`` is the index just past
    its ``>``, or ``len(html)`` for a tag the page never closes (the last one scanned)."""
    pos = 0
    while match := _TAG_START.search(html, pos):
        gt = html.find(">", match.end())
        end = len(html) if gt < 0 else gt + 1
        yield match.start(), match.end(), end, bool(match.group(1)), match.group(2).lower()
        if gt < 0:
            return
        pos = end


def _attribute_count(html: str, start: int, end: int) -> int:
    """Attributes in one tag, counted without regard to what is inside quoted values."""
    inside = _QUOTED.sub('""', html[start:end])
    return len(_ATTRIBUTE_START.findall(inside))


def _oversized(html: str, name_end: int, end: int) -> bool:
    length = end - name_end
    if length > MAX_TAG_CHARS:
        return True
    return length > _COUNT_ATTRIBUTES_FROM and _attribute_count(html, name_end, end) > MAX_TAG_ATTRIBUTES


def html_depth(html: str) -> int:
    """Maximum element nesting, counting only elements with a required end tag."""
    depth = deepest = 0
    for _start, _name_end, end, closing, name in _scan(html):
        if name in _FLAT or html[end - 2: end] == "/>":
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def defuse_huge_tags(html: str) -> tuple[str, int]:
    """The page with the attributes of every oversized tag dropped, and how many tags that was.

    A tag the page never closes runs to the end of the page: the parser would read all the rest
    as its attributes, so dropping them loses no text the parser would have kept.
    """
    pieces: list[str] = []
    kept_to = 0
    defused = 0
    for start, name_end, end, _closing, _name in _scan(html):
        if not _oversized(html, name_end, end):
            continue
        pieces.append(html[kept_to:name_end])
        pieces.append(">")
        kept_to = end
        defused += 1
    if not defused:
        return html, 0
    pieces.append(html[kept_to:])
    return "".join(pieces), defused


def check_html(html: str) -> tuple[str, str | None]:
    """The page ready for the parser and a warning (None when the page was left as it is).

    Raises InputError when the page is nested too deep to be parsed faithfully.
    """
    html, defused = defuse_huge_tags(html)
    depth = html_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise InputError(
            f"HTML nested {depth} levels deep, over the parser's limit of {MAX_HTML_DEPTH}: "
            "the page would come out empty"
        )
    if defused:
        return html, (
            f"{defused} oversized HTML tag(s) (over {MAX_TAG_CHARS // 1024} KB or "
            f"{MAX_TAG_ATTRIBUTES} attributes) had their attributes dropped before parsing"
        )
    return html, None
