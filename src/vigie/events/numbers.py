"""Quantities in news prose: "95", "4 000", "270.000", "1,5 million", "vingt-six", "une vingtaine",
"des dizaines", each with the qualifier written just before it ("au moins", "près de"...).

Spelled numbers go through text2num's ``find_numbers`` on our own tokens, so every quantity keeps
its character span in the ORIGINAL text (``alpha2digit`` would rewrite the string and lose it).
Approximate and vague words and the qualifiers live in ``data/<lang>/numbers.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import find_numbers

from vigie import lexicon
from vigie.grammar import setting, words
from vigie.lexicon import ends_at
from vigie.limits import MAX_COUNT, plausible_count

QUALIFIERS = ("exact", "at least", "more than", "nearly", "about", "up to")
# Qualifiers that make a figure a rough one rather than a bound.
APPROXIMATE_QUALIFIERS = frozenset({"nearly", "about"})
# The qualifier given to "une vingtaine" or "des dizaines" when nothing is written before them.
WORD_QUANTITY_QUALIFIER = "about"

#: Digits beyond which a figure is not read at all (MAX_COUNT has nine).
MAX_DIGITS = 12
# Tokens handed to text2num: words (hyphenated compounds whole, as "vingt-six"), or one symbol.
_WORD_TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")


@dataclass(frozen=True)
class _DigitGrammar:
    """How a pack writes figures (``[numbers]`` of its grammar.toml)."""

    pattern: re.Pattern[str]
    separators: re.Pattern[str]
    decimal: str
    scales: dict[str, int]
    one: frozenset[str]


@lru_cache(maxsize=None)
def _digit_grammar(lang: str) -> _DigitGrammar:
    """A figure: digit groups of three after a thousands separator ("4 000", "200.000",
    "4,000"), or plain digits with an optional decimal part ("1,5", "1.5"), then an optional
    scale word. Digits glued to letters or to other digits by a separator ("10h32",
    "14.05.2015") are times and dates; glued to a word by a hyphen ("a 12-year-old girl",
    "AK-47"... "12-year") they qualify something, they count nothing."""
    sep, dec = setting(lang, "numbers.thousands"), setting(lang, "numbers.decimal")
    scales = {k.lower(): int(v) for k, v in setting(lang, "numbers.scales").items()}
    scale_words = "|".join(sorted(map(re.escape, scales), key=len, reverse=True))
    glue = re.escape(sep.replace("\\u00a0", "").replace("\\u202f", "").replace(" ", "") + dec)
    pattern = re.compile(
        rf"(?<![\w{glue}])(\d{{1,3}}(?:[{sep}]\d{{3}})+(?![\d])|\d+(?:{re.escape(dec)}\d+)?)"
        rf"(?:[ \u00a0\u202f]+({scale_words})\b)?(?![\w]|[{glue}]\d|-[^\W\d_])", re.IGNORECASE)
    return _DigitGrammar(pattern, re.compile(f"[{sep}]"), dec, scales, words(lang, "numbers.one"))



@dataclass(frozen=True)
class Quantity:
    """A quantity and its qualifier; ``start``/``end``/``text`` cover the qualifier too."""

    value: int
    qualifier: str  # one of QUALIFIERS
    approximate: bool  # "près de 100", "une vingtaine", "environ 30", "des dizaines"
    vague: bool  # a word with an ACLED fixed value: "plusieurs" 3, "des dizaines" 12
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _NumberWords:
    qualifier: re.Pattern[str]  # matches a qualifier that ends where a quantity starts
    qualifier_names: dict[str, str]  # normalised phrase -> qualifier name
    words: re.Pattern[str]  # word quantities
    word_values: dict[str, tuple[int, str]]  # normalised phrase -> (value, kind)


def _norm(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.lower().replace("’", "'")).strip()


def _phrase_regex(phrase: str) -> str:
    """A regex for a data-file phrase: any run of spaces, both apostrophes, "de" elided as "d'"."""
    stem, elidable = (phrase[:-3], True) if phrase.endswith(" de") else (phrase, False)
    parts = [re.escape(w).replace("'", "['’]") for w in stem.split()]
    body = r"\s+".join(parts)
    return body + r"\s+d(?:e\b|['’])" if elidable else body + r"\b"


@lru_cache(maxsize=None)
def _number_words(lang: str) -> _NumberWords:
    qualifiers: dict[str, str] = {}
    words: dict[str, tuple[int, str]] = {}
    for key, value in lexicon.pairs(lang, "numbers.txt"):
        if value[:1].isdigit():
            number, _, kind = value.partition(" ")
            if kind not in ("approximate", "vague"):
                raise ValueError(f"numbers.txt ({lang}): kind of {key!r} must be approximate or vague")
            words[_norm(key)] = (int(number), kind)
        elif value in QUALIFIERS:
            qualifiers[_norm(key)] = value
        else:
            raise ValueError(f"numbers.txt ({lang}): {value!r} is neither a number nor one of {QUALIFIERS}")

    def alternation(phrases) -> str:
        return "|".join(_phrase_regex(p) for p in sorted(phrases, key=len, reverse=True))

    return _NumberWords(
        qualifier=re.compile(rf"(?<![\w-])(?:{alternation(qualifiers)})\s*$", re.IGNORECASE),
        qualifier_names=qualifiers,
        words=re.compile(rf"(?<![\w-])(?:{alternation(words)})(?![\w-])", re.IGNORECASE),
        word_values=words,
    )


def _qualifier_name(found: str, names: dict[str, str]) -> str:
    key = _norm(found)
    if key in names:
        return names[key]
    # The elided form: "plus d'" is the "plus de" of the data file.
    return names[re.sub(r"d'$", "de", key)]


def _digit_value(number: str, scale: str | None, dg: _DigitGrammar) -> int:
    """Exact, in integers: a float would read 9223372036854775807 as ...808."""
    whole, _, fraction = dg.separators.sub("", number).partition(dg.decimal)
    factor = dg.scales.get((scale or "").lower(), 1)
    if len(whole) > MAX_DIGITS:
        return MAX_COUNT + 1  # never built: a hundred digits is not a count
    return int(whole) * factor + round(int(fraction or "0") * factor / 10 ** len(fraction or "0"))


def _negative(text: str, start: int) -> bool:
    """"-5 morts": a minus sign glued to the figure, after a space or an opening bracket (a
    range "20-25" or a compound "Alep-5" is not a sign)."""
    if start == 0 or text[start - 1] not in "-\u2212":
        return False
    return start == 1 or text[start - 2].isspace() or text[start - 2] in "([«\"'"


class _Token:
    """The token protocol text2num's ``find_numbers`` expects."""

    __slots__ = ("_text",)

    def __init__(self, text: str):
        self._text = text

    def text(self) -> str:
        return self._text

    def nt_separated(self, previous: _Token) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


def _spelled(text: str, lang: str, include_one: bool) -> list[tuple[int, int, int]]:
    tokens = list(_WORD_TOKEN.finditer(text))
    found = []
    for occ in find_numbers([_Token(m.group()) for m in tokens], lang, 0.0):
        first, last = tokens[occ.start], tokens[occ.end - 1]
        if occ.is_ordinal or any(ch.isdigit() for ch in first.group()):
            continue
        if not include_one and occ.end - occ.start == 1 and first.group().lower() in _digit_grammar(lang).one:
            continue  # "un"/"une" is an article far more often than a count
        found.append((first.start(), last.end(), round(occ.value)))
    if include_one:  # the pack's words for one that text2num does not read ("a", "an")
        taken = {start for start, _, _ in found}
        one = _digit_grammar(lang).one
        found += [(m.start(), m.end(), 1) for m in tokens if m.group().lower() in one and m.start() not in taken]
        found.sort()
    return found


def find_quantities(text: str, lang: str = "fr", *, include_one: bool = False) -> list[Quantity]:
    """Every quantity in ``text``, in order, with its qualifier and its span in ``text``.

    Example: ``find_quantities("au moins 95 personnes")[0]`` is 95, "at least", span 0-11.
    ``include_one`` also returns a lone "un"/"une" as 1 (for callers that check what follows).
    """
    nw = _number_words(lang)
    # (start, end, value, kind, priority): on overlap the earlier, then the longer span wins;
    # on an exact tie the data-file word quantity wins over text2num's reading.
    spans: list[tuple[int, int, int, str, int]] = []
    for m in nw.words.finditer(text):
        value, kind = nw.word_values[_norm(m.group())]
        spans.append((m.start(), m.end(), value, kind, 0))
    dg = _digit_grammar(lang)
    for m in dg.pattern.finditer(text):
        # A negative or implausible figure still covers its span (so text2num does not read
        # its words as another number) but is dropped below.
        value = -1 if _negative(text, m.start()) else _digit_value(m.group(1), m.group(2), dg)
        spans.append((m.start(), m.end(), value, "exact", 1))
    for start, end, value in _spelled(text, lang, include_one):
        spans.append((start, end, value, "exact", 2))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0]), s[4]))

    out: list[Quantity] = []
    last_end = -1
    for start, end, value, kind, _ in spans:
        if start < last_end:
            continue
        last_end = end
        if not plausible_count(value):
            continue
        qualifier = WORD_QUANTITY_QUALIFIER if kind != "exact" else "exact"
        q = ends_at(nw.qualifier, text, start)
        if q:  # the pattern only matches a qualifier that ends where the quantity starts
            qualifier = _qualifier_name(re.sub(r"\s+$", "", q.group()), nw.qualifier_names)
            start = q.start()
        out.append(
            Quantity(
                value=value,
                qualifier=qualifier,
                approximate=kind != "exact" or qualifier in APPROXIMATE_QUALIFIERS,
                vague=kind == "vague",
                start=start,
                end=end,
                text=text[start:end],
            )
        )
    return out
