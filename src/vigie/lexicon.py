"""Language knowledge kept as data files under ``vigie/data/<lang>/``.

Each file is plain text, one entry per line, ``#`` starts a comment. Adding a language means
adding a folder with the same file names; nothing in the code lists words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


def _lines(lang: str, name: str) -> tuple[str, ...]:
    path = resources.files("vigie") / "data" / lang / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def words(lang: str, name: str) -> frozenset[str]:
    """A word list, lower-cased (several words may share a line)."""
    return frozenset(w.lower() for line in _lines(lang, name) for w in line.split())


@lru_cache(maxsize=None)
def entries(lang: str, name: str) -> tuple[str, ...]:
    """The entries of a file in order, as written."""
    return _lines(lang, name)


@lru_cache(maxsize=None)
def pattern(lang: str, name: str) -> re.Pattern[str]:
    """One case-insensitive regex that matches any of the file's regex lines.

    ``MONTH`` in a line stands for any month name of the language's ``months.txt``.
    """
    body = "|".join(f"(?:{p})" for p in _lines(lang, name))
    if "MONTH" in body:
        names = sorted(map(re.escape, mapping(lang, "months.txt")), key=len, reverse=True)
        body = body.replace("MONTH", f"(?:{'|'.join(names)})")
    return re.compile(body, re.IGNORECASE)


@lru_cache(maxsize=None)
def pairs(lang: str, name: str) -> tuple[tuple[str, str], ...]:
    """``key = value`` lines in order, as written."""
    out = []
    for line in _lines(lang, name):
        key, _, value = line.partition("=")
        out.append((key.strip(), value.strip()))
    return tuple(out)


@lru_cache(maxsize=None)
def mapping(lang: str, name: str) -> dict[str, str]:
    """``key = value`` lines as a dict (keys lower-cased)."""
    return {key.lower(): value for key, value in pairs(lang, name)}


#: Characters before a position that a phrase "ending here" can span: the longest phrase in the
#: data files is under 40 characters; the rest is room for spaces and apostrophes. Searching
#: only this far back keeps the cost of one lookup flat, where a search from the sentence start
#: made a sentence of 10,000 figures quadratic (minutes in the events stage).
TAIL_REACH = 120


def ends_at(pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """``pattern`` (a phrase anchored by ``\\s*$``) matched so that it ends at ``end``."""
    return pattern.search(text, max(0, end - TAIL_REACH), end)

