"""Refuse HTML that the parser would silently mangle, with a reason instead of an empty page.

libxml2 (under lxml and trafilatura) stops building the tree past 256 nested elements and the
extractor then returns nothing, so a page nested 10,000 levels deep would vanish without a word.
A linear scan of the tags measures the depth before any parsing is attempted.
"""

from __future__ import annotations

import re

from vigie.errors import InputError

#: libxml2's own nesting limit without XML_PARSE_HUGE; real article pages measured here stay
#: under 60 levels.
MAX_HTML_DEPTH = 256

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# Elements that never hold children, or whose end tag is optional and routinely omitted: they
# do not deepen the tree in a way the scan can follow.
_FLAT = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen "
    "p li dt dd tr td th option thead tbody tfoot colgroup rt rp".split()
)


def html_depth(html: str) -> int:
    """Maximum element nesting, counting only elements with a required end tag."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        name = name.lower()
        if name in _FLAT or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def check_html(html: str) -> None:
    """Raise InputError when the page is nested too deep to be parsed faithfully."""
    depth = html_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise InputError(
            f"HTML nested {depth} levels deep, over the parser's limit of {MAX_HTML_DEPTH}: "
            "the page would come out empty"
        )
