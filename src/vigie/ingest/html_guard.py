"""Refuse or defuse HTML that the parser would mangle or choke on, before any parsing.

Two shapes of page cost the parser more than their size:

* nesting: libxml2 (under lxml and trafilatura) stops building the tree past 256 nested
  elements and the extractor then returns nothing, so a page nested 10,000 levels deep would
  vanish without a word. Such a page is refused with its depth.
* huge tags: libxml2 checks each attribute of a tag against the ones before it, so one ``<div>``
  with 100,000 attributes took 148 s. Such a tag is an attack or a broken dump, never the
  article, so its attributes are dropped (the tag itself and the text around it are kept) and
  the page goes on with a warning: a real article is never refused for the shape of one tag.

Both are found by one pass of a pattern that matches each tag from its ``<`` to its ``>`` (or
to the end of the page, for a tag never closed) and cannot backtrack, so each character is
looked at once. (The pattern this replaces, ``<...[^>]*?>``, required the ``>`` and rescanned
to the end of the page from every ``<`` that had none: 150 KB of ``<a `` took 175 s.)
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

# A tag: its name, everything up to its ``>``, and the ``>`` (empty for a tag never closed,
# which then runs to the end of the page). Greedy runs of one class followed by an optional
# character: nothing to backtrack into, and each match ends where the next search starts.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)(>?)")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_ATTRIBUTE_START = re.compile(r"[\s\"'][^\s\"'=>/]")
# Elements that never hold children, or whose end tag is optional and routinely omitted: they
# do not deepen the tree in a way the scan can follow.
_FLAT = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen "
    "p li dt dd tr td th option thead tbody tfoot colgroup rt rp".split()
)


def _oversized(inside: str) -> bool:
    """Whether a tag's inside (what follows its name) is too long or has too many attributes;
    attributes are counted without regard to what is inside quoted values."""
    if len(inside) <= _COUNT_ATTRIBUTES_FROM:
        return False
    if len(inside) > MAX_TAG_CHARS:
        return True
    return len(_ATTRIBUTE_START.findall(_QUOTED.sub('""', inside))) > MAX_TAG_ATTRIBUTES


def _measure(html: str) -> tuple[int, int]:
    """(maximum element nesting, number of oversized tags), counting for the nesting only
    elements with a required end tag."""
    depth = deepest = oversized = 0
    for closing, name, inside, _end in _TAG.findall(html):
        if len(inside) > _COUNT_ATTRIBUTES_FROM and _oversized(inside):
            oversized += 1
        name = name.lower()
        if name in _FLAT or inside.endswith("/"):
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest, oversized


def html_depth(html: str) -> int:
    """Maximum element nesting, counting only elements with a required end tag."""
    return _measure(html)[0]


def _defused(tag: re.Match[str]) -> str:
    closing, name, inside, end = tag.groups()
    if not _oversized(inside):
        return tag.group(0)
    # A tag the page never closes runs to the end of the page: the parser would read all the
    # rest as its attributes, so dropping them loses no text the parser would have kept.
    return f"<{closing}{name}{'/' if inside.endswith('/') else ''}{end or '>'}"


def check_html(html: str) -> tuple[str, str | None]:
    """The page ready for the parser and a warning (None when the page was left as it is).

    Raises InputError when the page is nested too deep to be parsed faithfully. A tag too long
    or with too many attributes keeps its name and loses its attributes (the warning says so).
    """
    depth, oversized = _measure(html)
    if depth > MAX_HTML_DEPTH:
        raise InputError(
            f"HTML nested {depth} levels deep, over the parser's limit of {MAX_HTML_DEPTH}: "
            "the page would come out empty"
        )
    if not oversized:
        return html, None
    return _TAG.sub(_defused, html), (
        f"{oversized} oversized HTML tag(s) (over {MAX_TAG_CHARS // 1024} KB or "
        f"{MAX_TAG_ATTRIBUTES} attributes) had their attributes dropped before parsing"
    )
