"""What a single line of flattened page text looks like: prose, headline, furniture.

A crawler that flattens a page writes one block per line; the article is the run of prose lines
and the furniture is everything around it. These predicates are the vocabulary of the rules in
``clean.text``.
"""

from __future__ import annotations

import re

from vigie import lexicon

#: A line with at least this many words that ends like a sentence is article prose. Calibrated
#: on the seeds and the examples: body paragraphs have 20-150 words, the longest teaser
#: headlines and menu lines 16.
BODY_MIN_WORDS = 18
#: Share of function words in French prose (0.35-0.55 measured on the seeds' bodies) against
#: menus and lists of names (under 0.15).
PROSE_MIN_STOPWORD_SHARE = 0.2
#: Headlines measured on French news sites run 4 to 30 words.
HEADLINE_MIN_WORDS, HEADLINE_MAX_WORDS = 3, 30
#: Site names and taglines at the top of a page ("Le Journal du Levant", "LE FIL MONDE") have
#: at most 4 words; a headline that short is preferred only when nothing longer is there.
TITLE_PREFERRED_MIN_WORDS = 5
#: A line longer than this is prose even if it mentions a newsletter.
PLEA_MAX_WORDS = 40

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
_SENTENCE_END = re.compile(r"""[.!?…»"”')]\s*$""")
_BULLET = re.compile(r"^\s*[•·▪►▸●◦*|>]\s*")


def normalize(line: str) -> str:
    """Collapse whitespace (including non-breaking spaces) and strip."""
    return " ".join(line.split())


def word_count(line: str) -> int:
    return len(_WORD.findall(line))


def stopword_share(line: str, lang: str = "fr") -> float:
    tokens = [t.lower().strip("'’") for t in _WORD.findall(line.replace("’", "' ").replace("'", "' "))]
    if not tokens:
        return 0.0
    stops = lexicon.words(lang, "stopwords.txt")
    return sum(1 for t in tokens if t in stops) / len(tokens)


def ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def is_body_paragraph(line: str, lang: str = "fr") -> bool:
    """Prose: long, ends like a sentence, dense in function words."""
    return (
        word_count(line) >= BODY_MIN_WORDS
        and ends_like_sentence(line)
        and stopword_share(line, lang) >= PROSE_MIN_STOPWORD_SHARE
    )


def is_headline_like(line: str) -> bool:
    """A candidate title or standfirst: a few words, not a sentence run, not a list item."""
    n = word_count(line)
    return HEADLINE_MIN_WORDS <= n <= HEADLINE_MAX_WORDS and not is_bullet(line)


#: A menu written on one line: at least this many short items between separators.
MENU_MIN_ITEMS = 3
MENU_ITEM_MAX_WORDS = 3
_MENU_SEPARATOR = re.compile(r"\s+[|•·»›>/]\s+|\s*[|•·]\s*")


def is_menu_line(line: str) -> bool:
    """"International | France | Éco | Tech": short items between separators."""
    items = [x for x in _MENU_SEPARATOR.split(line) if x.strip()]
    return len(items) >= MENU_MIN_ITEMS and all(word_count(x) <= MENU_ITEM_MAX_WORDS for x in items)


def is_furniture(line: str, lang: str = "fr") -> bool:
    """Navigation, share bars, pleas, footers: matched from the language's data files."""
    bare = _BULLET.sub("", line).strip()
    if is_menu_line(bare):
        return True
    if lexicon.pattern("common", "boilerplate_lines.txt").fullmatch(bare):
        return True
    if lexicon.pattern(lang, "boilerplate_lines.txt").fullmatch(bare):
        return True
    if word_count(bare) <= PLEA_MAX_WORDS and lexicon.pattern(lang, "boilerplate_phrases.txt").search(bare):
        return True
    return False


def is_photo_credit(line: str) -> bool:
    return bool(lexicon.pattern("common", "photo_credits.txt").search(line))


def is_related_header(line: str, lang: str = "fr") -> bool:
    # A menu item ("• Podcasts") names a section; only a line of its own opens a block of links.
    return not is_bullet(line) and bool(lexicon.pattern(lang, "related_headers.txt").fullmatch(line))


def is_comment_header(line: str, lang: str = "fr") -> bool:
    return bool(lexicon.pattern(lang, "comment_headers.txt").fullmatch(line))


def is_timestamp(line: str, lang: str = "fr") -> bool:
    return bool(lexicon.pattern(lang, "timestamps.txt").fullmatch(line))


#: Bylines with a publication and an update time run to about 25 words.
BYLINE_MAX_WORDS = 30


def is_byline(line: str, lang: str = "fr") -> bool:
    """"Par X | Publié le 18 février 2016 à 10h32" (each |-separated part is tried)."""
    parts = [p.strip() for p in line.split("|") if p.strip()]
    return (
        word_count(line) <= BYLINE_MAX_WORDS
        and not line.rstrip().endswith(".")
        and any(lexicon.pattern(lang, "bylines.txt").fullmatch(p) for p in parts)
    )


_INLINE_TEASER = re.compile(r"^\(\s*[\w’' -]{2,40}\s*:.*\)\s*$")


def is_inline_teaser(line: str) -> bool:
    """A whole line in parentheses that starts with a short label and a colon:
    "(Lire aussi : ...)", "(Pour mémoire : ...)", "(Dossier : ...)"."""
    return bool(_INLINE_TEASER.match(line))


def is_truncated(line: str) -> bool:
    return line.rstrip().endswith(("...", "…", "[...]", "(...)"))


def comparable(line: str) -> str:
    """A line reduced for duplicate checks: lower case, letters and digits only."""
    return " ".join(_WORD.findall(line.lower()))
