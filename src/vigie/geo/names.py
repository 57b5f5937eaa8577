"""How a place name as written becomes the keys the gazetteer is indexed by.

Three forms of a name:

- ``fold``: lower-case ASCII words. Case and accents never tell two places apart in news
  text ("Lattaquié", "LATTAQUIE"), but they vary between outlets.
- the exact key: the folded words run together, so hyphens, spaces and apostrophes do not
  matter ("Deir ez-Zor" = "Deir Ezzor" = "deir-ez-zor").
- the loose key: a skeleton (consonants and vowel slots) after the romanization rules of
  ``data/geo/romanization.txt`` ("Jisr al-Choughour" = "Jisr ash Shughur"). Used only as a
  last resort, for compound names of places romanized from Arabic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters NFKD does not decompose into a base letter plus accents.
_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "ss", "æ": "ae",
     "œ": "oe", "þ": "th", "ð": "d", "ŀ": "l", "ə": "e"}
)
# Every apostrophe-like mark (straight, curly, Arabic ayn/hamza transcriptions) becomes "'":
# French elisions ("l'", "d'") are read from it, then keys drop it.
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘ʼʻʿʾ`´′"})
_SEPARATORS = re.compile(r"[^a-z0-9']+")
# A name stripped of its Arabic article must keep this many letters to count: "Es Sur"
# (Tyre) must not become the French word "sur", nor "Al Mal" the word "mal".
MIN_BARE_LETTERS = 4


@dataclass(frozen=True)
class Romanization:
    """The rules of ``data/geo/romanization.txt`` (read by ``sources.read_romanization``)."""

    articles: frozenset[str]
    rewrites: tuple[tuple[str, str], ...]
    vowels: frozenset[str]


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; apostrophes kept as "'".

    Letters of other scripts disappear: French and English text names places in Latin letters.
    """
    text = text.casefold().translate(_LETTERS).translate(_APOSTROPHES)
    if not text.isascii():
        # NFKD splits "é" into "e" plus an accent; the ASCII encoding then drops the accent.
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_SEPARATORS.sub(" ", text).split())


def compact(folded: str) -> str:
    """The exact key: a folded name's letters and digits, run together."""
    return folded.replace(" ", "").replace("'", "")


def strip_elision_or_article(folded: str, articles: frozenset[str]) -> str:
    """Drop one leading article: a word ("la Ghouta") or an elision ("l'Euphrate")."""
    head, sep, rest = folded.partition(" ")
    if sep and head in articles:
        return rest
    if "'" in head:
        elided, _, tail = folded.partition("'")
        if elided + "'" in articles and tail.strip():
            return tail.strip()
    return folded


def exact_keys(folded: str, rules: Romanization) -> tuple[str, ...]:
    """Exact keys of a name: as written, and without a leading Arabic article."""
    keys = [compact(folded)]
    words = folded.replace("'", " ").split()
    if len(words) > 1 and words[0] in rules.articles:
        bare = compact(" ".join(words[1:]))
        if len(bare) >= MIN_BARE_LETTERS:
            keys.append(bare)
    return tuple(dict.fromkeys(keys))


def loose_key(folded: str, rules: Romanization) -> str:
    """Skeleton of a name romanized from Arabic; see ``romanization.txt``.

    Consonants are kept, each run of vowels becomes one "v" and a word's final vowels go:
    "Qousseir" and "Al Qusayr" both give "kvsvr", "Afrine" and "Afrin" "vfrvn". Keeping
    where the vowels are, not which, is what separates "Basrah" ("bvsr") from "obusier"
    ("vbvsvr"); a consonants-only key matched one French word in eleven.
    """
    out = []
    for word in folded.replace("'", "").split():  # Ma'arrat = Maarrat
        if word in rules.articles:
            continue
        for old, new in rules.rewrites:
            word = word.replace(old, new)
        if len(word) > 2 and word.endswith("h") and word[-2] in rules.vowels:
            word = word[:-1]
        word = "".join("v" if c in rules.vowels else c for c in word)
        out.append(re.sub(r"(.)\1+", r"\1", word).rstrip("v"))
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def consonant_count(skeleton: str) -> int:
    """How many consonants a loose key has: how much it says about the name."""
    return len(skeleton) - skeleton.count("v")
