"""The grammar of a language pack: the regular expressions and word lists the extractor's
code needs beside its lexicons, read from ``data/<lang>/grammar.toml``.

The lexicons (``lexicon.py``) hold vocabulary; this file holds the few pieces of sentence
structure that differ between languages: the preposition of a partitive ("de"/"of"), the
coordinators, how digits are grouped ("4 000"/"4,000"), how a day and month are written
("le 6 septembre"/"Sept. 6"), where a clause breaks. Keeping them per pack is what lets the
core stay language-neutral: adding a language is adding its folder, with no edit to the code.
Patterns may name ``MONTH`` (any month name of the pack's months.txt) and ``WEEKDAY``.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from vigie import lexicon


@lru_cache(maxsize=None)
def _load(lang: str) -> dict:
    path = resources.files("vigie") / "data" / lang / "grammar.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def setting(lang: str, key: str):
    """The pack's setting ``section.name`` (a missing key is a bug in the pack: it fails
    loudly, naming the pack and the key)."""
    section, _, name = key.partition(".")
    try:
        return _load(lang)[section][name]
    except KeyError:
        raise KeyError(f"data/{lang}/grammar.toml has no {key}") from None


def _expand(body: str, lang: str) -> str:
    if "MONTH" in body:
        names = sorted(map(re.escape, lexicon.mapping(lang, "months.txt")), key=len, reverse=True)
        body = body.replace("MONTH", f"(?:{'|'.join(names)})")
    if "WEEKDAY" in body:
        names = sorted(map(re.escape, lexicon.mapping(lang, "weekdays.txt")), key=len, reverse=True)
        body = body.replace("WEEKDAY", f"(?:{'|'.join(names)})")
    return body


@lru_cache(maxsize=None)
def regex(lang: str, key: str, ignore_case: bool = True) -> re.Pattern[str]:
    """The pack's pattern ``key``, compiled (a list of patterns is one alternation)."""
    value = setting(lang, key)
    body = "|".join(f"(?:{v})" for v in value) if isinstance(value, list) else value
    return re.compile(_expand(body, lang), re.IGNORECASE if ignore_case else 0)


@lru_cache(maxsize=None)
def regexes(lang: str, key: str) -> tuple[re.Pattern[str], ...]:
    """Each of the pack's patterns ``key`` compiled alone (for patterns with named groups)."""
    return tuple(re.compile(_expand(v, lang), re.IGNORECASE) for v in setting(lang, key))


@lru_cache(maxsize=None)
def words(lang: str, key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in setting(lang, key))
