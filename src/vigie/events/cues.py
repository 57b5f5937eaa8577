"""The event vocabulary of a language, compiled from its data files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vigie import lexicon

#: Category -> (ACLED event type, sub-event type). "territory" is resolved by the actor.
CATEGORIES: dict[str, tuple[str, str]] = {
    "suicide": ("Explosions/Remote violence", "Suicide bomb"),
    "chemical": ("Explosions/Remote violence", "Chemical weapon"),
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "air": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "territory": ("Battles", "Government regains territory"),
    "clash": ("Battles", "Armed clash"),
    "execution": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
}
#: Order in which categories claim a clause: the most specific wording wins ("cinq
#: attentats-suicide à la voiture piégée" is a suicide bombing, not an IED).
PRIORITY = list(CATEGORIES)
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
#: Sub-event types that different outlets (or sentences of one article) use for one incident:
#: a car bomb driven by a suicide bomber is an "attentat à la voiture piégée" in one report and
#: an "attentat-suicide" in the next; "raids" and "bombardements" of one town on one day are one
#: strike more often than two; a clash and the retaking of a village are one battle. Tellings
#: of one family may be merged; the record keeps the most specific type told (PRIORITY).
FAMILIES: dict[str, str] = {
    "Suicide bomb": "bombing", "Remote explosive/landmine/IED": "bombing", "Grenade": "bombing",
    "Air/drone strike": "remote", "Shelling/artillery/missile attack": "remote",
    "Chemical weapon": "chemical",
    "Armed clash": "battle", "Government regains territory": "battle", "Non-state actor overtakes territory": "battle",
    "Attack": "attack", "Abduction/forced disappearance": "abduction", "Sexual violence": "sexual",
}


def family(sub_event_type: str | None) -> str | None:
    """The family of a sub-event type (itself when it has none)."""
    return FAMILIES.get(sub_event_type or "", sub_event_type)


def same_kind(a, b) -> bool:
    """Whether two tellings (mentions, or linking's reports: anything with ``event_type``,
    ``sub_event_type`` and ``type_weak``) may be one incident by their type: the same family
    of sub-event types, or one of them typed only by a word that does not say the kind of
    violence ("l'attaque visait un restaurant" beside "un kamikaze s'est fait exploser")."""
    if family(a.sub_event_type) == family(b.sub_event_type):
        return True
    return (a.type_weak or b.type_weak) and a.event_type in VIOLENT_TYPES and b.event_type in VIOLENT_TYPES


@dataclass(frozen=True)
class Cue:
    category: str
    start: int
    end: int
    text: str
    #: A word that tells violence but not its kind ("ont frappé", "l'attaque"): it names the
    #: event only when no other event word of the clause does (event_cues.txt: "air? => ...").
    weak: bool = False


@lru_cache(maxsize=None)
def category_patterns(lang: str, name: str) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for line in lexicon.entries(lang, name):
        category, _, regex = line.partition("=>")
        out.append((category.strip(), re.compile(rf"(?<!\w)(?:{regex.strip()})(?!\w)", re.IGNORECASE)))
    return out


@lru_cache(maxsize=None)
def event_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    return category_patterns(lang, "event_cues.txt")


@lru_cache(maxsize=None)
def means_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    return category_patterns(lang, "means_cues.txt")


@lru_cache(maxsize=None)
def place_cue_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    """Place-context cues; each regex is anchored at the end of the text before a name."""
    out = []
    for line in lexicon.entries(lang, "place_cues.txt"):
        kind, _, regex = line.partition("=>")
        out.append((kind.strip(), re.compile(rf"(?<!\w)(?:{regex.strip()})", re.IGNORECASE)))
    return out


def _any_of(patterns: list[tuple[str, re.Pattern[str]]]) -> re.Pattern[str]:
    """One pattern matching wherever any of the list does: a cheap first pass, since most
    sentences carry no cue of a given list."""
    key = id(patterns)
    cached = _COMBINED.get(key)
    if cached is None or cached[0] is not patterns:
        cached = _COMBINED[key] = (patterns, re.compile("|".join(f"(?:{p.pattern})" for _, p in patterns), re.IGNORECASE))
    return cached[1]


#: Keyed by the pattern list's id, and holding the list itself: a list that is not one of the
#: cached lexicon lists can be freed, and a new list given its id must not get its patterns
#: (the stale entry made find_cues index past the end of a shorter list).
_COMBINED: dict[int, tuple[list, re.Pattern[str]]] = {}
#: Where a cue can start: every list's words begin at a word start (a letter or digit after a
#: non-word character), so patterns are tried there only.
_WORD_START = re.compile(r"(?<!\w)\w")


def may_have_cue(text: str, patterns: list[tuple[str, re.Pattern[str]]]) -> bool:
    """Whether any pattern of the list matches somewhere in the text (one combined search)."""
    return _any_of(patterns).search(text) is not None


def _first_chars(items) -> tuple[set[str] | None, bool]:
    """The characters a parsed regex can start with (None: any), and whether it can match
    empty before them. Look-arounds and anchors take no character and are skipped."""
    from re import _constants as c

    out: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            return out | {chr(av)}, False
        if op is c.IN:
            for kind, arg in av:
                if kind is c.LITERAL:
                    out.add(chr(arg))
                elif kind is c.RANGE:
                    out |= {chr(x) for x in range(arg[0], arg[1] + 1)}
                else:
                    return None, False
            return out, False
        if op in (c.SUBPATTERN, c.BRANCH, c.MAX_REPEAT, c.MIN_REPEAT):
            branches = [av[3]] if op is c.SUBPATTERN else av[1] if op is c.BRANCH else [av[2]]
            empty = False
            for branch in branches:
                chars, may_be_empty = _first_chars(list(branch))
                if chars is None:
                    return None, False
                out |= chars
                empty = empty or may_be_empty
            if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0:
                empty = True
            if not empty:
                return out, False
            continue
        return None, False
    return out, True


def _dispatch(patterns: list[tuple[str, re.Pattern[str]]]) -> tuple[dict[str, list[int]], list[int]]:
    """Patterns by the (lower-case) character they can start with, and those that can start with
    anything: at a word start only the patterns of its first character are tried."""
    key = id(patterns)
    if key not in _DISPATCH or _DISPATCH[key][0] is not patterns:
        from re import _parser

        by_char: dict[str, list[int]] = {}
        anywhere: list[int] = []
        for i, (_, pat) in enumerate(patterns):
            chars, empty = _first_chars(list(_parser.parse(pat.pattern, pat.flags)))
            if chars is None or empty:
                anywhere.append(i)
                continue
            for ch in {x.lower() for x in chars} | {x.upper() for x in chars}:
                by_char.setdefault(ch, []).append(i)
        _DISPATCH[key] = (patterns, by_char, anywhere)
    return _DISPATCH[key][1:]


_DISPATCH: dict[int, tuple[list, dict[str, list[int]], list[int]]] = {}  # keyed like _COMBINED


def find_cues(text: str, patterns: list[tuple[str, re.Pattern[str]]]) -> list[Cue]:
    """Non-overlapping cue matches; where two overlap, the longer wins ("attentat suicide"
    over "double attentat", "rebelles Houthis" over "aux rebelles").

    Cues start at word starts, and each pattern is tried (anchored) only at the word starts
    whose first character it can begin with: searching every pattern over every character
    cost time in proportion to the lexicon (50 actor patterns: 3 s per 4,000 sentences)."""
    by_char, anywhere = _dispatch(patterns)
    found: list[Cue] = []
    for word in _WORD_START.finditer(text):
        start = word.start()
        tried = by_char.get(text[start], ())
        for i in (*tried, *anywhere) if anywhere else tried:
            hit = patterns[i][1].match(text, start)
            if hit and hit.end() > start:
                cat = patterns[i][0]
                found.append(Cue(cat.rstrip("?"), start, hit.end(), hit.group(0), cat.endswith("?")))
    found.sort(key=lambda c: (-(c.end - c.start), c.start))
    kept: list[Cue] = []
    for cue in found:
        if all(cue.end <= k.start or cue.start >= k.end for k in kept):
            kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


@lru_cache(maxsize=None)
def compiled(lang: str, name: str) -> re.Pattern[str]:
    """A whole data file of regex lines as one pattern bounded by word edges."""
    return re.compile(rf"(?<!\w)(?:{lexicon.pattern(lang, name).pattern})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=None)
def named_patterns(lang: str, name: str) -> list[tuple[str, re.Pattern[str]]]:
    """``Canonical = regex`` lines compiled in order (actors, sources)."""
    return [
        (canonical, re.compile(rf"(?<!\w)(?:{regex})(?!\w)", re.IGNORECASE))
        for canonical, regex in lexicon.pairs(lang, name)
    ]


@lru_cache(maxsize=8192)
def _named(text: str, lang: str, name: str) -> tuple[Cue, ...]:
    return tuple(find_cues(text, named_patterns(lang, name)))


#: Texts longer than this are not memoised: the memo holds its keys, and 8,192 clauses of a
#: page with no sentence breaks (tens of thousands of characters each) kept hundreds of MB
#: alive for the rest of the run (a fuzz run's events stage went past 1.3 GB).
MEMO_MAX_CHARS = 1000


def find_named(text: str, lang: str, name: str) -> list[Cue]:
    """Actor or source mentions (category = canonical name), longest first on overlaps.
    Memoised for ordinary clauses: a clause is asked about its actors once per event word."""
    if len(text) > MEMO_MAX_CHARS:
        return list(find_cues(text, named_patterns(lang, name)))
    return list(_named(text, lang, name))
