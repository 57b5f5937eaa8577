"""Death tolls in one sentence, by a small grammar whose words live in casualty_words.txt.

1. Each quantity is read with the victim phrase after it: a noun and its modifiers ("19 soldats
   et miliciens prorégime"), "sont des <noun>", "parmi les <...>", or nothing ("et 4 parmi les FDS").
2. It is a toll when its noun means dead people ("26 morts", "onze corps"), when a death predicate
   follows ("ont été tués") or a death verb precedes ("a tué", "coûté la vie à"), or when it divides
   or continues a toll already found ("dont 14 civils", "et à 23 combattants rebelles").
3. The nouns say whom it counts; the words around it say its role (part, previous, period).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from vigie import grammar, lexicon
from vigie.lexicon import ends_at
from vigie.events.numbers import Quantity, find_quantities

GROUPS = ("all", "civilian", "combatant", "unknown-side")
ROLES = ("toll", "part", "previous", "period")

# Token distances, calibrated on the seeds, examples/articles and the invented wire copy of
# tests/events/test_tolls.py: each is what the longest real case needs plus a margin of one or two.
MAX_VERB_GAP = 4  # "a exécuté dimanche matin 15 ..." needs 2 (the qualifier belongs to the figure)
MAX_SUBJECT_GAP = 8  # "33 personnes, dont douze civils, ont été tuées" needs 5 tokens before "ont"
MAX_CHAIN_GAP = 3  # connectives between coordinated figures: ", et à" is 3
MAX_PARENT_GAP = 6  # toll to the "dont" of its part: "47 civils figurent parmi les victimes, dont" is 5
MAX_PHRASE_TOKENS = 12  # "parmi les forces de sécurité et les combattants des tribus sunnites" is 10
PREVIOUS_WINDOW = (8, 4)  # (before, after): "Un précédent bilan faisait état de" 5; ", contre 30 précédemment" 3
PERIOD_WINDOW = 10  # either side: "ont été tuées en Syrie depuis le début" puts "début" 6 past the noun
PAREN_WINDOW = 15  # "la guerre entre l'EI et les autres insurgés début 2014 (" puts "guerre" 11 back

_TOKEN = re.compile(r"[^\W\d_]+['’]|\w+(?:-\w+)*|[^\w\s]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SPACE = re.compile(r"\s*")
_YEAR = r"(?:19|20)\d\d"
_NOUNS = ("dead", "civilian", "combatant", "combatant-generic", "person")
_LISTS = ("auxiliary", "connective", "clause-break", "verb-gap-stop", "phrase-stop")
_LITERAL = ("pre-adjective", "partitive", "war")  # the other sections are regexes
DEATH, INJURY, VERB, NONE = "death", "injury", "verb", "none"


@dataclass(frozen=True)
class Toll:
    quantity: Quantity
    group: str  # one of GROUPS: whom the figure counts
    side: str | None  # for combatants, the words naming the side as written
    role: str  # one of ROLES
    start: int  # span of the toll phrase: qualifier, figure and victim phrase
    end: int
    text: str


@dataclass(frozen=True)
class _Words:
    nouns: re.Pattern[str]
    noun_cat: dict[str, str]  # normalised noun -> its [section]
    rx: dict[str, re.Pattern[str]]  # regex sections, matched at word edges
    tail: dict[str, re.Pattern[str]]  # the same, anchored at the end of the text searched
    lists: dict[str, frozenset[str]]
    closed: frozenset[str]  # words that never modify a victim noun
    # The pack's structure words (``[tolls]`` of its grammar.toml).
    of: re.Pattern[str]  # "de l'" in "combattants de l'EI", "of the"
    coord: re.Pattern[str]  # "et des", "and the"
    rest: re.Pattern[str]  # "les" of "les 21 autres victimes", anchored at the end
    participle: re.Pattern[str]  # a past participle ending: it closes a victim phrase
    others: frozenset[str]
    one: frozenset[str]
    relative: frozenset[str]
    conjunctions: frozenset[str]
    adjectives_after: bool  # free words after a noun extend it ("soldats syriens")
    modifiers_before: int  # words allowed between a figure and its noun ("12 Syrian soldiers")
    elided_after_verb: bool  # a bare figure after a death verb is a toll ("kills six in Ukraine")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def _literal(phrase: str) -> str:
    """A regex for a listed word or phrase; it ends at a word edge unless elided ("d'")."""
    body = r"\s+".join(re.escape(w).replace("'", "['’]") for w in phrase.split())
    return body if phrase.endswith("'") else body + r"(?![\w-])"


def _alternation(lines, literal: bool) -> str:
    return "|".join(_literal(p) for p in sorted(lines, key=len, reverse=True)) if literal else "|".join(lines)


@lru_cache(maxsize=None)
def _words(lang: str) -> _Words:
    sections: dict[str, list[str]] = {}
    for line in lexicon.entries(lang, "casualty_words.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)
    months = _alternation(lexicon.mapping(lang, "months.txt"), literal=True)
    noun_cat = {_norm(p): name for name in _NOUNS for p in sections[name]}
    bodies = {
        name: _alternation(lines, name in _LITERAL).replace("MONTH", f"(?:{months})").replace("YEAR", _YEAR)
        for name, lines in sections.items() if name not in _NOUNS + _LISTS
    }
    bodies["dead-before-part"] = rf"(?:{_alternation(sections['dead'], True)})(?:\s+[\w-]+)?\s*,?"
    lists = {name: frozenset(_norm(w) for line in sections[name] for w in line.split()) for name in _LISTS}
    closed = lexicon.words(lang, "stopwords.txt") | lists["phrase-stop"]
    return _Words(
        nouns=re.compile(rf"(?<![\w-])(?:{_alternation(noun_cat, True)})", re.I),
        noun_cat=noun_cat,
        rx={n: re.compile(rf"(?<![\w-])(?:{b})" + ("" if n in _LITERAL else r"(?![\w-])"), re.I) for n, b in bodies.items()},
        tail={n: re.compile(rf"(?<![\w-])(?:{b})\s*$", re.I) for n, b in bodies.items()},
        lists=lists,
        closed=closed | set(lexicon.mapping(lang, "weekdays.txt")) | set(lexicon.mapping(lang, "months.txt")),
        of=grammar.regex(lang, "tolls.of"),
        coord=grammar.regex(lang, "tolls.coordination"),
        rest=re.compile(rf"(?<![\w-])(?:{grammar.setting(lang, 'tolls.rest_determiner')})\s*$", re.IGNORECASE),
        participle=grammar.regex(lang, "tolls.participle"),
        others=grammar.words(lang, "tolls.others"),
        one=grammar.words(lang, "numbers.one"),
        relative=grammar.words(lang, "tolls.relative"),
        conjunctions=grammar.words(lang, "tolls.conjunctions"),
        adjectives_after=bool(grammar.setting(lang, "tolls.adjectives_after_noun")),
        modifiers_before=int(grammar.setting(lang, "tolls.modifiers_before_noun")),
        elided_after_verb=bool(grammar.setting(lang, "tolls.elided_after_verb")),
    )


class _Sentence:
    """The sentence, its tokens and its figures, shared by the steps of ``find_tolls``."""

    def __init__(self, text: str, lang: str):
        self.s, self.w = text, _words(lang)
        self.tokens = list(_TOKEN.finditer(text))
        self.starts = [m.start() for m in self.tokens]
        self.quantities = find_quantities(text, lang, include_one=True)
        self.figures = {self.at(q.start): q for q in self.quantities if not _is_year(q)}

    def at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect_left(self.starts, pos)

    def word(self, i: int) -> str:
        return _norm(self.tokens[i].group())

    def skip(self, pos: int) -> int:
        return _SPACE.match(self.s, pos).end()


def _is_year(q: Quantity) -> bool:
    return q.qualifier == "exact" and bool(re.fullmatch(_YEAR, q.text))


@dataclass
class _Phrase:
    end: int
    cats: set[str] = field(default_factory=set)  # noun sections met: civilian, combatant...
    side_start: int | None = None  # where the words naming a combatant side begin
    side_words: bool = False  # a generic noun got words naming its side ("combattants rebelles")
    dead: bool = False  # the noun itself means dead people
    others: bool = False  # "les 21 autres victimes": the rest of a known total
    copular: bool = False  # "12 sont des combattants"
    elided: bool = False  # no noun: "et 4 parmi les FDS"
    own_ranks: bool = False  # "dans ses rangs": combatants of an unnamed side

    def add(self, cat: str, start: int) -> None:
        self.cats.add(cat)
        if cat in ("combatant", "combatant-generic") and self.side_start is None:
            self.side_start = start


@dataclass
class _Cand:
    q: Quantity
    ph: _Phrase
    how: str  # dead | after | before | part | chain | bilan
    parent: _Cand | None
    reach: int  # end of the phrase or of its death predicate
    frame: bool  # "Sur les 26 morts": later figures divide this one
    role: str = "toll"


def _extend(st: _Sentence, pos: int, ph: _Phrase, names: bool, free: bool = True) -> int:
    """Extend a victim phrase past its noun: "et miliciens prorégime", "de l'EI", adjectives
    (only listed nouns such as "civiles" when not ``free``), proper names when ``names``."""
    s, w = st.s, st.w
    end, taken = pos, 0
    while taken < MAX_PHRASE_TOKENS:
        p = st.skip(end)
        if any(w.rx[k].match(s, p) for k in ("death-after", "injury", "copula", "ranks", "own-ranks")):
            break
        if age := w.rx["age"].match(s, p):  # "un enfant de 12 ans"
            end, taken = age.end(), taken + 3
            continue
        for lead in (w.coord, w.of if free else None, None):
            m = lead.match(s, p) if lead else None
            if lead and not m:
                continue
            at = m.end() if m else p
            noun, word = w.nouns.match(s, at), _WORD.match(s, at)
            if noun:
                ph.add(w.noun_cat[_norm(noun.group())], noun.start())
                end = noun.end()
            elif word and word.group()[0].isupper() and (names or lead is w.of):
                end = word.end()
            elif word and lead is not w.coord and free and w.adjectives_after and not word.group()[0].isupper() and (
                _norm(word.group()) not in w.closed and not w.participle.search(word.group().lower())
            ):
                end = word.end()
            else:
                continue
            ph.side_words = ph.side_words or lead is not w.coord
            taken += 1 + (lead is not None)
            break
        else:
            break
    return end


def _ranks(st: _Sentence, ph: _Phrase) -> None:
    """Whose dead: "dans les rangs jihadistes", "parmi les civils et les djihadistes", "dans ses rangs"."""
    p = st.skip(ph.end)
    if m := st.w.rx["own-ranks"].match(st.s, p):
        ph.own_ranks, ph.end = True, m.end()
    elif m := st.w.rx["ranks"].match(st.s, p):
        start, before = st.skip(m.end()), set(ph.cats)
        if (end := _extend(st, start, ph, names=True)) > start:
            ph.end, ph.side_start, ph.side_words = end, start, True
            if ph.cats == before:  # only names: "parmi les FDS" names a force
                ph.cats.add("combatant")


def _phrase(st: _Sentence, q: Quantity) -> _Phrase | None:
    """The victim phrase after a figure, or None when the figure counts something else."""
    s, w = st.s, st.w
    ph = _Phrase(end=q.end)
    pos = st.skip(q.end)
    if m := w.rx["partitive"].match(s, pos):
        pos = st.skip(m.end())
    while m := w.rx["pre-adjective"].match(s, pos):
        ph.others = ph.others or _norm(m.group()) in w.others
        pos = st.skip(m.end())
    noun, modified_from = w.nouns.match(s, pos), None
    one = q.text.lower() in w.one
    if one and noun and w.noun_cat[_norm(noun.group())] == "dead":
        return None  # "a killed" is no phrase: "un"/"a" counts a victim noun only
    if not noun and not one and (found := _modified_noun(st, pos)):
        noun, modified_from = found
    if not noun and (cop := w.rx["copula"].match(s, st.skip(q.end))):
        noun, ph.copular = w.nouns.match(s, st.skip(cop.end())), True
    if noun:
        ph.dead = w.noun_cat[_norm(noun.group())] == "dead"
        ph.add(w.noun_cat[_norm(noun.group())], noun.start())
        if modified_from is not None:  # "12 Syrian soldiers": the modifiers name the side
            ph.side_start, ph.side_words = modified_from, True
        ph.end = _extend(st, noun.end(), ph, names=False, free=not ph.dead)
        cop = w.rx["copula"].match(s, st.skip(ph.end))
        if cop and not ph.copular and (more := w.nouns.match(s, st.skip(cop.end()))):
            ph.side_start = None  # "21 autres victimes sont des membres de l'EI"
            ph.add(w.noun_cat[_norm(more.group())], more.start())
            ph.end = _extend(st, more.end(), ph, names=False)
    elif ph.copular or one:
        return None
    else:
        nxt = _WORD.match(s, st.skip(q.end))
        if nxt and _norm(nxt.group()) not in w.closed and not any(w.rx[k].match(s, nxt.start()) for k in ("ranks", "previous")):
            return None  # "25 frappes", "12 cibles"
        ph.elided = True
    if ph.dead or ph.elided:
        _ranks(st, ph)
    return ph


def _after(st: _Sentence, pos: int) -> tuple[str, int]:
    """What follows a victim phrase: its death predicate, an injury, another verb, or nothing."""
    w, i, prev = st.w, st.at(pos), None
    for n in range(min(MAX_SUBJECT_GAP + 1, len(st.tokens) - i)):
        at, word = st.starts[i], st.word(i)
        if m := w.rx["death-after"].match(st.s, at):
            return DEATH, m.end()
        # After "et" an injury or a verb belongs to the sentence's subject: "a tué 5 civils et blessé 12".
        if w.rx["injury"].match(st.s, at):
            return (NONE if prev in w.conjunctions else INJURY), at
        if word in w.lists["auxiliary"]:
            return (NONE if prev in w.conjunctions else VERB), at
        if word in w.lists["clause-break"] and not (word in w.relative and n == 0):
            break
        if i in st.figures and not (prev in w.conjunctions or ends_at(w.tail["part-before"], st.s, at)):
            break  # another figure, neither coordinated with this one nor dividing it
        if i in st.figures and w.rx["injury"].match(st.s, st.skip(st.figures[i].end)):
            break  # "17 morts et 40 blessés"
        prev, i = word, i + 1
    return NONE, pos


def _before(st: _Sentence, q: Quantity) -> int | None:
    """The end of the death verb governing the figure from before it ("a tué 100 ..."), if the
    nearest verb before the figure is one."""
    found = [(m.end(), k) for k in ("death-before", "injury-before") for m in st.w.rx[k].finditer(st.s, 0, q.start)]
    if not found:
        return None
    end, kind = max(found)
    gap = range(st.at(end), st.at(q.start))
    stops = st.w.lists["verb-gap-stop"]
    if kind == "death-before" and len(gap) <= MAX_VERB_GAP and not any(st.word(i) in stops or i in st.figures for i in gap):
        return end
    return None


def _link(st: _Sentence, q: Quantity, ph: _Phrase, cands: list[_Cand]) -> _Cand | None:
    """How a figure is tied to a death, or None when it is not a toll."""
    s, w, last = st.s, st.w, (cands[-1] if cands else None)

    def cand(how: str, parent: _Cand | None = None, reach: int = ph.end) -> _Cand:
        return _Cand(q, ph, how, parent, max(reach, ph.end), bool(ends_at(w.tail["frame"], s, q.start)))

    state, pred = (NONE, ph.end) if ph.elided or ph.copular else _after(st, ph.end)
    if state == INJURY:
        return None
    if pm := ends_at(w.tail["part-before"], s, q.start):  # "dont": the toll just before, or "victimes"
        at = pm.start()
        parent = next((c for c in reversed(cands) if c.q.start < at), None)
        if not (parent and any(x <= at and st.at(at) - st.at(x) <= MAX_PARENT_GAP for x in (parent.ph.end, parent.reach))):
            parent = None
        if parent or ends_at(w.tail["dead-before-part"], s, at):
            return cand("part", parent)
    if ph.copular:  # "12 sont des combattants" divides a toll told before
        return cand("part", next((c for c in cands if c.frame), last)) if cands else None
    rest = ph.others and ends_at(w.rest, s, q.start)  # "les 21 autres victimes": the rest of a toll
    gap = range(st.at(last.ph.end), st.at(q.start)) if last else range(0)
    if 0 < len(gap) <= MAX_CHAIN_GAP and all(st.word(i) in w.lists["connective"] for i in gap):
        if ph.elided:  # "contre 30 précédemment" continues the toll, not its part "dont 20 civils"
            return cand("chain", next((c for c in reversed(cands) if c.how != "part"), last))
        if last.how in ("before", "part", "chain", "after"):
            return cand("chain", last)  # "et à 23 combattants rebelles"
    if ph.elided and cands and _after_conjunction(s, q.start, w) and w.rx["parallel"].match(s, st.skip(q.end)):
        return cand("chain", next((c for c in reversed(cands) if c.how != "part"), last))  # "... et 53 à Jableh"
    if ph.elided and w.elided_after_verb and not _is_year(q) and q.text.lower() not in w.one and _before(st, q):
        return cand("before")  # the headline form "Russian strike kills six in Ukraine"
    if ph.elided:
        return cand("bilan") if not _is_year(q) and ends_at(w.tail["bilan"], s, q.start) else None
    if _is_year(q) and (i := st.at(q.start)) > 0 and st.word(i - 1) in w.lists["verb-gap-stop"]:
        return None  # "the deadliest attack since 2017 killed 30", "en 2014 morts": a year
    if ph.dead or state == DEATH:
        return cand("part" if rest else "dead" if ph.dead else "after", last if rest else None, reach=pred)
    if state == NONE and (verb := _before(st, q)):
        # "30 personnes ont été tuées, 12 soldats et 18 civils": the verb is another toll's predicate
        owner = next((c for c in cands if c.q.start < verb <= c.reach and c.how in ("after", "dead")
                      and not c.ph.cats & {"civilian", "combatant", "combatant-generic"}), None)
        return cand("part", owner or last) if owner or rest else cand("before")
    return None


_LAST_WORD = re.compile(r"([^\W\d_]+|,)\s*$")


def _after_conjunction(s: str, pos: int, w: _Words) -> bool:
    """Does a coordinator ("et", ",") end the text before ``pos``?"""
    m = _LAST_WORD.search(s, max(0, pos - 20), pos)
    return bool(m) and m.group(1).lower() in w.conjunctions


def _modified_noun(st: _Sentence, pos: int) -> tuple[re.Match[str], int] | None:
    """A victim noun a few modifiers after ``pos`` ("12 Syrian soldiers", "five pro-government
    fighters", in a pack whose adjectives precede their noun), with where the modifiers start."""
    s, w, p = st.s, st.w, pos
    for _ in range(w.modifiers_before):
        word = _WORD.match(s, p)
        if not word or _norm(word.group()) in w.closed or any(
            w.rx[k].match(s, p) for k in ("death-after", "injury", "copula", "ranks", "death-before", "injury-before")
        ):
            return None
        p = st.skip(word.end())
        if noun := w.nouns.match(s, p):
            return noun, pos
    return None


def _window(st: _Sentence, pos: int, size: int, back: bool, figures: bool = True) -> str:
    """Up to ``size`` tokens from ``pos`` (backwards when ``back``), not past the clause's end nor,
    when ``figures``, past another figure."""
    i, taken = st.at(pos) - back, []
    while len(taken) < size and 0 <= i < len(st.tokens):
        if st.word(i) in st.w.lists["clause-break"] or (figures and i in st.figures):
            break
        taken.append(i)
        i += -1 if back else 1
    return st.s[st.starts[min(taken)]:st.tokens[max(taken)].end()] if taken else ""


def _role(st: _Sentence, c: _Cand) -> str:
    """Whether a toll is an earlier one, a long-period total, or the event's toll."""
    w = st.w
    before, after = _window(st, c.q.start, PREVIOUS_WINDOW[0], True), _window(st, c.reach, PREVIOUS_WINDOW[1], False)
    if w.rx["previous"].search(before) or w.rx["previous"].search(after):
        return "previous"
    for text in (_window(st, c.q.start, PERIOD_WINDOW, True, False), _window(st, c.reach, PERIOD_WINDOW, False, False)):
        if any(not ends_at(w.tail["record"], text, m.start()) for m in w.rx["period"].finditer(text)):
            return "period"  # unless a record: "le plus meurtrier depuis 2011"
    opening = st.s.rfind("(", 0, c.q.start)
    if opening >= 0 and ")" not in st.s[opening:c.q.start]:  # "début 2014 (au moins 4 000 morts)"
        context = _window(st, opening, PAREN_WINDOW, True, False)
        if w.rx["war"].search(context) or re.search(rf"\b{_YEAR}\b", context):
            return "period"
    return "toll"


def _group(s: str, ph: _Phrase) -> tuple[str, str | None]:
    civilian, named = "civilian" in ph.cats, "combatant" in ph.cats
    generic = "combatant-generic" in ph.cats or ph.own_ranks
    if civilian:
        return ("all" if named or generic else "civilian"), None  # mixed: civilians and fighters
    if named or (generic and ph.side_words and not ph.own_ranks):
        side = s[ph.side_start:ph.end].strip(" ,") if ph.side_start is not None else ""
        return "combatant", side or None
    return ("unknown-side" if generic else "all"), None


def find_tolls(sentence: str, lang: str = "fr") -> list[Toll]:
    """Every death toll in one sentence, in order.

    Example: ``find_tolls("tuant vingt-six personnes, dont 14 civils")`` is 26 ("all", "toll")
    then 14 ("civilian", "part").
    """
    st = _Sentence(sentence, lang)
    cands: list[_Cand] = []
    for q in st.quantities:
        if (ph := _phrase(st, q)) and (c := _link(st, q, ph, cands)):
            cands.append(c)
    frame = None
    for c in cands:
        inherited = c.parent.role if c.parent else "toll"
        if c.how == "part" or (frame and c.how != "chain") or (c.how == "chain" and inherited == "part"):
            c.role = inherited if inherited in ("previous", "period") else "part"
            c.parent = c.parent or frame
        else:
            c.role = _role(st, c)
        frame = frame or (c if c.frame else None)
    for c in reversed(cands):  # "12.000 civils et 3.000 soldats depuis 2011": a chain shares its period
        if c.how == "chain" and not c.ph.elided and "period" in (c.role, c.parent.role):
            c.role = c.parent.role = "period"
    out = []
    for c in cands:
        group, side = _group(sentence, c.ph if c.ph.cats or not c.parent else c.parent.ph)
        out.append(Toll(c.q, group, side, c.role, c.q.start, c.ph.end, sentence[c.q.start:c.ph.end]))
    return out
