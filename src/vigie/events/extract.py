"""From a parsed document to event mentions: one per violent event, clause and place.

For each sentence, split into clauses at ";" and "mais" (a denial and a claim often share a
sentence: "n'a pas évoqué de frappes à Alep mais a annoncé ... près de Palmyre"). A clause
reports an event when it has an event word (frappes, combats, exécutés...) or a death
predicate with a means word (l'aviation a tué), no blocker (a plan, a hypothesis, a denial),
and is not about a long period. Its tolls, places, actors, date and sources are read in the
clause, then completed from the sentence and the article (a pronoun subject takes the previous
perpetrator; "la province" the previous place; a sentence of figures with no event of its own,
"Au moins 52 civils figurent parmi les victimes", adds to the previous event).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

from vigie import grammar, lexicon
from vigie.events.actors import UNIDENTIFIED, UNIDENTIFIED_GROUP, actors_for, find_actors, starts_with_pronoun
from vigie.events.cues import (
    CATEGORIES, PRIORITY, Cue, compiled, event_patterns, family, find_cues, find_named, may_have_cue, means_patterns,
)
from vigie.events.places import PlaceMention, article_scope, display_name, find_places
from vigie.events.strategic import strategic_mentions
from vigie.events.timing import EventDate, article_days, event_date
from vigie.events.tolls import find_tolls
from vigie.model import Figure, Mention, Span
from vigie.nlp.pipeline import parts_of_speech

#: Bump when extraction rules or data change: stored documents extracted by an older version
#: are read again on the next run (the raw and cleaned text are kept, so nothing is refetched).
EXTRACTOR_VERSION = 10
#: Characters around an event word within which a long-period phrase makes the clause a
#: campaign summary ("procède depuis plus d'un an à des frappes"), while a period further off
#: describes something else ("des villages ... assiégés depuis deux ans").
PERIOD_WINDOW = 45
#: Sentences back a toll announced as such ("un premier bilan de 19 morts") may reach for the
#: event it counts: the wires put one or two sentences of detail between them.
TOLL_REPORT_REACH = 3
GOVERNMENT = "@government"
COALITION = "@coalition"
GOVERNMENT_SIDE = {"Syrian government forces", "Iraqi government forces", "Russian armed forces", "Pro-government militias", "Hezbollah"}


@dataclass
class Context:
    """What the article has said so far, for pronouns and follow-up sentences."""

    actor1: str | None = None
    actor2: str | None = None
    places: list[PlaceMention] = field(default_factory=list)
    date: dt.date | None = None
    mentions: list[Mention] = field(default_factory=list)
    scope: object = None  # vigie.events.places.ArticleScope
    places_of_last: object = None  # how to find the places of a sentence that told no violence

    def previous_places(self) -> list[PlaceMention]:
        """The places of the previous sentence that named any."""
        if self.places_of_last is not None:
            found = self.places_of_last()
            self.places_of_last = None
            if found:
                self.places = found
        return self.places
    sentence_index: int = -1
    last_mention_sentence: int = -10
    years: tuple[dt.date, dt.date] | None = None  # the days an undated article can be about
    #: The one insurgent group the article names (data/common/insurgent_groups.txt), which its
    #: generic "gunmen" and "militants" stand for; None when it names none or several.
    named_group: str | None = None


def _norm(text: str) -> str:
    """Typographic apostrophes to ASCII (same length, so offsets hold)."""
    return text.replace("’", "'").replace("ʼ", "'")


def _clauses(sentence: str, lang: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in grammar.regex(lang, "clauses.breaks").finditer(sentence):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(sentence)))
    return [(a, b) for a, b in bounds if sentence[a:b].strip()]


def _categories(clause: str, has_toll: bool, lang: str) -> list[Cue]:
    cues = find_cues(clause, event_patterns(lang))
    if not cues and (has_toll or compiled(lang, "death_cues.txt").search(clause)):
        cues = find_cues(clause, means_patterns(lang))
    cats = {c.category for c in cues}
    if "suicide" in cats:  # a suicide car bomb is a suicide bombing
        cues = [c for c in cues if c.category != "ied"]
    if any(not c.weak for c in cues):  # "des attentats à la bombe ont frappé": a bombing
        cues = [c for c in cues if not c.weak]
    elif cues:  # "des attaques ... ont frappé": one event whose kind the clause does not say
        cues = sorted(cues, key=lambda c: c.start)[:1]
    return sorted(cues, key=lambda c: (PRIORITY.index(c.category), c.start))


def _tolls_by_place(figures: list[Figure], places: list[PlaceMention], base: int) -> list[list[Figure]]:
    """Each place's figures. One place has them all. Several places share them only when each
    figure names its own ("48 tués à Tartous et 53 à Jableh": the place right after a figure,
    before the next one); a toll told for several places at once ("148 morts à Tartous et
    Jableh") is their total, not one place's, and goes to none."""
    if len(places) == 1:
        return [list(figures)]
    tolls = sorted((f for f in figures if f.role == "toll"), key=lambda f: f.evidence.start)
    owner: dict[int, int] = {}
    for k, f in enumerate(tolls):
        end = tolls[k + 1].evidence.start if k + 1 < len(tolls) else None
        after = [i for i, p in enumerate(places) if p.start >= 0 and base + p.start >= f.evidence.end
                 and (end is None or base + p.start < end)]
        if not after:
            return [[] for _ in places]
        owner[id(f)] = after[0]
    if len(set(owner.values())) != len(tolls) or len(tolls) < 2:
        return [[] for _ in places]
    out: list[list[Figure]] = [[] for _ in places]
    for f in figures:  # a part ("dont 12 civils") goes with the toll before it
        ahead = [t for t in tolls if t.evidence.start <= f.evidence.start]
        if ahead:
            out[owner[id(ahead[-1])]].append(f)
    return out


def _killing(clause: str, tolls, lang: str) -> list[Cue]:
    """"Les ADF ont d'abord tué trois civils à Mulolya": a named armed actor, a death verb and
    a toll tell violence with no event word. Civilian victims make it an attack on civilians,
    others a clash; weak either way, so that an event word told elsewhere decides."""
    death = compiled(lang, "death_cues.txt").search(clause)
    if not (tolls and death):
        return []
    if not any(a.category != "Civilians" and a.end <= death.start() for a in find_named(clause, lang, "actors.txt")):
        return []
    category = "execution" if any(t.group == "civilian" for t in tolls) else "clash"
    return [Cue(category, death.start(), death.end(), death.group(0), True)]


def _pick(cues: list[Cue], tolls) -> list[Cue]:
    """With a toll, the event is the one nearest to the toll; without, one per category.
    Dead counted on two sides ("18 combattants de l'EI et 9 soldats") make it a battle when
    the clause speaks of fighting, whatever else supported it."""
    if not cues:
        return []
    sides = {t.side or t.text for t in tolls if t.group in ("combatant", "unknown-side")}
    clash = [c for c in cues if c.category == "clash"]
    if tolls and clash and len(sides) >= 2:
        return clash[:1]
    if tolls:
        t = tolls[0]
        return [min(cues, key=lambda c: (min(abs(c.start - t.start), abs(c.end - t.end)), PRIORITY.index(c.category)))]
    # One event per family of types: the words of one clause ("des raids et des
    # bombardements", "un kamikaze ... à bord d'une voiture piégée") tell one incident far more
    # often than two, while "l'aviation a mené des raids ... les rebelles se sont emparés de
    # Khattab" tells a strike and a battle.
    seen, out = set(), []
    for c in cues:
        kind = family(CATEGORIES[c.category][1])
        if kind not in seen:
            seen.add(kind)
            out.append(c)
    return out


def _shift(toll, offset: int):
    """A toll's span relative to its clause rather than its sentence."""
    from dataclasses import replace

    return replace(toll, start=toll.start - offset, end=toll.end - offset)


def _figures(tolls, doc_id: str, offset: int, text: str, source: str | None, report: int) -> list[Figure]:
    out = []
    for t in tolls:
        if t.role == "period":
            continue
        q = t.quantity
        out.append(Figure(
            value=q.value, qualifier=q.qualifier, group=t.group, role=t.role,
            approximate=q.approximate, vague=q.vague, side=t.side, reported_by=source,
            evidence=Span(doc_id, offset + t.start, offset + t.end, text[t.start:t.end]),
            report=report,
        ))
    return out


class BudgetSpent(Exception):
    """The document outlived its time budget in the events stage; the message says where."""


def extract_mentions(doc_id: str, spacy_doc, published: dt.date | None, lang: str = "fr",
                     window: tuple[str | None, str | None] | None = None,
                     deadline: float | None = None) -> list[Mention]:
    """Every event mention in one parsed document. ``window``: (earliest, latest) day an
    undated article can have been published, where known (its latest year named, a crawl
    date or a `date YYYY-MM` header), so that "dimanche 8 avril" can still fix its year.
    ``deadline`` (a ``time.monotonic()`` value): past it, between sentences, BudgetSpent."""
    ctx = Context(scope=article_scope(spacy_doc, lang))
    named = find_named(_norm(spacy_doc.text), lang, "actors.txt")  # long texts are not memoised
    groups = {c.category for c in named} & set(lexicon.entries("common", "insurgent_groups.txt"))
    ctx.named_group = next(iter(groups)) if len(groups) == 1 else None
    if published is None:
        ctx.years = article_days(spacy_doc.text, window)
    osdh_named = bool(grammar.regex(lang, "clauses.observatory", ignore_case=False).search(spacy_doc.text))
    places_by_sentence = location_entities(spacy_doc)
    # Paragraph breaks come out of the sentencizer as blank "sentences": they are no sentence
    # between a telling and the toll that follows it.
    for index, sent in enumerate(s for s in spacy_doc.sents if s.text.strip()):
        if deadline is not None and time.monotonic() > deadline:
            raise BudgetSpent(
                f"the events stage outlived its time budget per document at sentence {index + 1} "
                f"(character {sent.start_char:,} of {len(spacy_doc.text):,}): skipped by the events stage")
        ctx.sentence_index = index
        _sentence(doc_id, sent, published, ctx, osdh_named, lang, places_by_sentence.get(sent.start_char, []))
    return ctx.mentions + strategic_mentions(doc_id, spacy_doc, published, lang)


def _sources(sentence: str, osdh_named: bool, lang: str) -> list[Cue]:
    found = find_named(sentence, lang, "sources.txt")
    full_name = grammar.regex(lang, "clauses.observatory", ignore_case=False)
    return [c for c in found if c.category != "OSDH" or osdh_named or full_name.search(c.text)]


#: Where the parts of speech read by `_speaking_places` are kept (Doc.user_data): token index
#: -> part of speech, filled in one batch per chunk of documents by `tag_subject_candidates`.
_POS_KEY = "vigie_pos"
#: Tokens the tagger's embedding layer sees either side of a token (4 maxout layers of window
#: 1): a token that far inside a window is tagged exactly as it is within its whole sentence.
_TAGGER_REACH = 4


#: Doc.user_data key of the place entities of each sentence, keyed by its first token.
_ENTS_KEY = "vigie_place_ents"


def _place_entities(sent) -> list:
    """The LOC and GPE entities of a sentence. spaCy's ``Span.ents`` walks every entity of
    the document at each call: on a long page (300,000 characters) asking it per sentence took
    two minutes; one pass over the document, kept on it, takes milliseconds."""
    doc = sent.doc
    by_sentence = doc.user_data.get(_ENTS_KEY)
    if by_sentence is None:
        import bisect

        by_sentence = {}
        starts = [s.start for s in doc.sents]
        for ent in doc.ents:
            if ent.label_ in ("LOC", "GPE"):
                by_sentence.setdefault(starts[bisect.bisect_right(starts, ent.start) - 1], []).append(ent)
        doc.user_data[_ENTS_KEY] = by_sentence
    return by_sentence.get(sent.start, [])


def _subject_candidates(sent, lang: str) -> list[tuple[object, int]]:
    """(place entity, index of the next word) for each place name of the sentence followed, clitics
    aside, by a lower-case word: the only places whose parts of speech can matter."""
    clitics = lexicon.words(lang, "clitics.txt")
    doc = sent.doc
    out = []
    for ent in _place_entities(sent):
        j = ent.end
        while j < sent.end and doc[j].lower_ in clitics:
            j += 1
        if j < sent.end and doc[j].text[:1].islower():
            out.append((ent, j))
    return out


def _windows(sent, candidates) -> list[tuple[int, int]]:
    """Token ranges to tag: the words read (before the place, after it) with the tagger's reach
    around them, within the sentence."""
    return [
        (max(sent.start, ent.start - 1 - _TAGGER_REACH), min(sent.end, j + 1 + _TAGGER_REACH))
        for ent, j in candidates
    ]


def _tag(windows: list[tuple[object, int, int]], lang: str) -> None:
    """Tag (doc, start, end) token ranges in one batch; keep each token's part of speech."""
    for (doc, start, _), tags in zip(windows, parts_of_speech([doc[a:b] for doc, a, b in windows], lang)):
        known = doc.user_data.setdefault(_POS_KEY, {})
        for offset, tag in enumerate(tags):
            known.setdefault(start + offset, tag)


def tag_subject_candidates(spacy_docs: list, lang: str = "fr") -> None:
    """Tag, in one batch, the words around every place name that may be a verb's subject in a
    sentence that may tell violence, for `_speaking_places` to read. One batch of short windows
    for many documents costs a fraction of tagging sentence by sentence; a sentence missed here
    is tagged on demand, so the prefilter changes speed, never results."""
    windows = []
    for doc in spacy_docs:
        for sent in doc.sents:
            text = sent.text
            if not (compiled(lang, "death_cues.txt").search(text) or grammar.regex(lang, "clauses.may_have_toll").search(text)
                    or may_have_cue(text, event_patterns(lang))):
                continue
            windows += [(doc, a, b) for a, b in _windows(sent, _subject_candidates(sent, lang))]
    _tag(windows, lang)


def _speaking_places(sent, base: int, lang: str) -> list[tuple[int, int]]:
    """Spans of place names used as the subject of a verb: governments, not places. A place
    name that opens a clause (not after a preposition or determiner) and is followed by a verb,
    clitics aside, is a subject; with a verb other than those a place can undergo
    (place_subject_verbs.txt: "Alep a vécu une nuit de bombardements") it is metonymy ("Moscou
    annonce une trêve", "Damas ne coordonnait pas ses opérations")."""
    candidates = _subject_candidates(sent, lang)
    if not candidates:
        return []
    doc = sent.doc
    pos = doc.user_data.get(_POS_KEY, {})
    if any(j not in pos or (ent.start > sent.start and ent.start - 1 not in pos) for ent, j in candidates):
        _tag([(doc, a, b) for a, b in _windows(sent, candidates)], lang)
        pos = doc.user_data[_POS_KEY]
    undergone = lexicon.words(lang, "place_subject_verbs.txt")
    out = []
    for ent, j in candidates:
        if ent.start > sent.start and pos[ent.start - 1] in ("ADP", "DET"):
            continue
        if pos[j] in ("VERB", "AUX") and doc[j].lower_ not in undergone:
            out.append((ent.start_char - base, ent.end_char - base))
    return out


def _mask_dateline(text: str, lang: str) -> str:
    """Blank out a dispatch dateline ("BEYROUTH, 18 février 2016 (AFP) -": the city and day
    the dispatch was filed from, not where or when anything happened; same length, so
    offsets hold)."""
    match = grammar.regex(lang, "clauses.dateline", ignore_case=False).match(text)
    if not match or not (grammar.setting(lang, "clauses.bare_dateline") or re.search(r"\d{4}|\(", match.group(0))):
        return text
    return " " * match.end() + text[match.end():]


def location_entities(spacy_doc) -> dict[int, list[tuple[int, int]]]:
    """Location entity spans of each sentence (keyed by its start), relative to it: one pass
    over the document's entities instead of one per sentence."""
    out: dict[int, list[tuple[int, int]]] = {}
    starts = [s.start_char for s in spacy_doc.sents]
    import bisect

    for ent in spacy_doc.ents:
        if ent.label_ in ("LOC", "GPE"):
            base = starts[bisect.bisect_right(starts, ent.start_char) - 1]
            out.setdefault(base, []).append((ent.start_char - base, ent.end_char - base))
    return out


def _sentence(doc_id, sent, published, ctx: Context, osdh_named: bool, lang: str, entity_spans: list[tuple[int, int]]) -> None:
    text = _mask_dateline(_norm(sent.text), lang)
    base = sent.start_char
    death = compiled(lang, "death_cues.txt").search(text)
    tolls_all = find_tolls(text, lang) if death or grammar.regex(lang, "clauses.may_have_toll").search(text) else []
    if not (tolls_all or death or find_cues(text, event_patterns(lang))):
        # No violence told here (most sentences of an article): only its places may matter,
        # to a next sentence that says "la province" or "ces combats"; find them only then.
        ctx.places_of_last = lambda: _plain_places(sent, text, base, entity_spans, ctx, osdh_named, lang)
        return
    sources = _sources(text, osdh_named, lang)
    source_name = sources[0].category if sources else None
    excluded = [(c.start, c.end) for c in sources] + [(c.start, c.end) for c in find_named(text, lang, "actors.txt")]
    excluded += _speaking_places(sent, base, lang)
    sentence_date = event_date(text, published, ctx.date, lang, ctx.years)
    sentence_places: list[PlaceMention] = []
    for cs, ce in _clauses(text, lang):
        clause = text[cs:ce]
        tolls = [t for t in tolls_all if cs <= t.start < ce]
        real_tolls = [t for t in tolls if t.role != "period"]
        if compiled(lang, "event_blockers.txt").search(clause):
            continue
        cues = _pick(_categories(clause, bool(real_tolls), lang) or _killing(clause, real_tolls, lang),
                     [_shift(t, cs) for t in real_tolls])
        places = find_places(clause, [(a - cs, b - cs) for a, b in entity_spans if a >= cs and b <= ce],
                             [(a - cs, b - cs) for a, b in excluded if a >= cs and b <= ce], lang, scope=ctx.scope)
        date = event_date(clause, published, ctx.date, lang, ctx.years)
        if not date.strong and (sentence_date.strong or (sentence_date.month_day and not date.month_day)):
            date = sentence_date
        elif not date.strong and date.start_char < 0 and ctx.date is not None:
            # No date of its own, nor a weekday of the report: the article goes on telling the
            # day its lead gave ("jeudi 30 janvier ... Les ADF ont d'abord tué trois civils à
            # Mulolya"), not the day it was published. Still weak: a date read elsewhere wins.
            date = EventDate(ctx.date, ctx.date, "day", False)
        figures = _figures(real_tolls, doc_id, base, sent.text, source_name, base)
        if places:
            sentence_places = places
        reach = TOLL_REPORT_REACH if compiled(lang, "toll_report_cues.txt").search(clause) else 1
        told_just_before = ctx.sentence_index - ctx.last_mention_sentence <= reach and ctx.mentions
        weak_only = all(c.weak for c in cues)
        if not cues or (not places and (grammar.regex(lang, "clauses.anaphoric_event").search(clause) or weak_only) and told_just_before):
            # Figures with no event of their own complete the event just told; so do those of
            # a clause that names it again only by a word that does not say its kind ("qui
            # confirme l'attaque, avance le bilan de 46 civils tués").
            if figures and told_just_before and not places:
                _complete_previous(ctx, figures, source_name, reach)
            continue
        clause_actors = find_actors(clause, lang)
        if clause_actors.actor1 != UNIDENTIFIED:
            ctx.actor1, ctx.actor2 = clause_actors.actor1, clause_actors.actor2
        if date.campaign or _near_period(clause, cues, lang):
            continue
        if not date.strong and compiled(lang, "background_cues.txt").search(clause):
            continue  # "Début mars, Ankara a négocié ... la suspension de l'assaut": background
        if compiled(lang, "aggregate_cues.txt").search(clause):
            # "21 civils tués jeudi 30 janvier dans plusieurs attaques": the sum of incidents the
            # article then tells one by one; its day is still theirs.
            if date.strong and date.start:
                ctx.date = date.start
            continue
        if not real_tolls and tolls:  # only a long-period total
            continue
        if not places and (grammar.regex(lang, "clauses.anaphoric_place").search(clause) or (figures and grammar.regex(lang, "clauses.anaphoric_event").search(clause))):
            # The place named before ("Les combats de mercredi ont fait 26 morts" after a
            # sentence about Manbij); its words are in another sentence, so no span here.
            places = [PlaceMention(-1, -1, p.text, p.place, p.precision) for p in ctx.previous_places()]
        if not places:
            continue
        for cue in cues:
            distinct = bool(ctx.mentions) and bool(compiled(lang, "distinct_cues.txt").search(clause, 0, cue.end))
            actors = actors_for(clause, cue, lang)
            if actors.actor1 == UNIDENTIFIED and not actors.actor1_candidates:
                if starts_with_pronoun(clause, lang) and ctx.actor1:
                    actors.actor1, actors.actor2 = ctx.actor1, actors.actor2 or ctx.actor2
                elif cs > 0:  # "l'armée russe n'a pas ... mais a annoncé ...": same subject
                    actors.actor1 = find_actors(text[:cs], lang).actor1
            if actors.actor1 == UNIDENTIFIED and not actors.actor1_candidates:
                actors.actor1 = _claimant(clause, sources, lang) or UNIDENTIFIED
            if actors.actor1 == UNIDENTIFIED_GROUP and ctx.named_group:
                actors.actor1 = ctx.named_group  # "the militants" of an article about one group
            shares = _tolls_by_place(figures, places, base + cs)
            for i, place in enumerate(places):
                told = shares[i]
                mention = _mention(doc_id, sent, base, cs, cue, place, actors, date, told, sources, sent.text,
                                   distinct=distinct)
                ctx.mentions.append(mention)
                ctx.last_mention_sentence = ctx.sentence_index
        if date.strong and date.start:
            ctx.date = date.start
    if sentence_places:
        ctx.places, ctx.places_of_last = sentence_places, None


def _plain_places(sent, text: str, base: int, entity_spans, ctx: Context, osdh_named: bool, lang: str) -> list[PlaceMention]:
    excluded = [(c.start, c.end) for c in _sources(text, osdh_named, lang)]
    excluded += [(c.start, c.end) for c in find_named(text, lang, "actors.txt")] + _speaking_places(sent, base, lang)
    return find_places(text, entity_spans, excluded, lang, scope=ctx.scope)


def _claimant(clause: str, sources: list[Cue], lang: str) -> str | None:
    """A belligerent's own claim of strikes makes it the perpetrator ("le ministère russe de
    la Défense a annoncé avoir mené 41 frappes")."""
    if not grammar.regex(lang, "clauses.claim").search(clause):
        return None
    mapping = dict(lexicon.pairs(lang, "source_actors.txt"))
    return next((mapping[s.category] for s in sources if s.category in mapping), None)


def _near_period(clause: str, cues: list[Cue], lang: str) -> bool:
    for match in compiled(lang, "period_cues.txt").finditer(clause):
        if any(match.start() - PERIOD_WINDOW <= c.end and c.start <= match.end() + PERIOD_WINDOW for c in cues):
            return True
    return False


def _complete_previous(ctx: Context, figures: list[Figure], source: str | None, reach: int = 1) -> None:
    """Figures told in the next sentence (or, announced as a toll, a few sentences on) belong
    to the event told last, not to an older one."""
    if ctx.sentence_index - ctx.last_mention_sentence > reach:
        return
    last = ctx.mentions[-1]
    last.figures.extend(figures)
    if source and source not in last.reported_by:
        last.reported_by.append(source)


def _mention(doc_id, sent, base, cs, cue: Cue, place: PlaceMention, actors, date, figures, sources, text,
             distinct: bool = False) -> Mention:
    event_type, sub_event_type = CATEGORIES[cue.category]
    government = lexicon.mapping("common", "government_forces.txt").get((place.place.country or "").lower(), UNIDENTIFIED)
    if actors.actor1 == GOVERNMENT:
        actors.actor1 = government
    if actors.actor2 == GOVERNMENT:
        actors.actor2 = None if government == UNIDENTIFIED else government
    coalitions = lexicon.mapping("common", "coalitions.txt")
    coalition = coalitions.get((place.place.country or "").lower(), coalitions.get("*", UNIDENTIFIED))
    actors.actor1 = coalition if actors.actor1 == COALITION else actors.actor1
    actors.actor2 = coalition if actors.actor2 == COALITION else actors.actor2
    actors.actor1_candidates = [coalition if a == COALITION else a for a in actors.actor1_candidates]
    if cue.category == "territory" and actors.actor1 not in GOVERNMENT_SIDE:
        sub_event_type = "Non-state actor overtakes territory"
    actor2 = actors.actor2
    if cue.category in ("execution", "abduction"):
        actor2 = "Civilians"  # ACLED: violence against civilians always has civilians as target
    elif actor2 is None and figures and all(f.group == "civilian" for f in figures if f.role == "toll") and any(
        f.role == "toll" for f in figures
    ):
        actor2 = "Civilians"
    if cue.category == "clash" and cue.weak and actor2 == "Civilians":
        # "une attaque ... a tué 11 civils" with no other side: an armed group attacking
        # civilians is violence against civilians in ACLED's terms, not a battle.
        event_type, sub_event_type = "Violence against civilians", "Attack"
    span = lambda a, b: Span(doc_id, base + a, base + b, text[a:b])  # noqa: E731
    p = place.place
    mention = Mention(
        doc_id=doc_id,
        sentence=Span(doc_id, sent.start_char, sent.end_char, sent.text),
        category=cue.category,
        event_type=event_type,
        sub_event_type=sub_event_type,
        type_weak=cue.weak,
        distinct=distinct,
        actor1=actors.actor1,
        actor1_span=span(cs + actors.actor1_cue.start, cs + actors.actor1_cue.end) if actors.actor1_cue else None,
        actor1_alternatives=list(actors.actor1_candidates),
        actor2=actor2,
        actor2_span=span(cs + actors.actor2_cue.start, cs + actors.actor2_cue.end) if actors.actor2_cue else None,
        location=display_name(p.name),
        country=p.country, country_code=p.country_code,
        admin1=p.admin1,
        latitude=p.lat,
        longitude=p.lon,
        geo_precision=place.precision,
        geonameid=p.geonameid,
        place_span=span(cs + place.start, cs + place.end) if place.start >= 0 else None,
        event_date=date.start.isoformat() if date.start else None,
        event_date_end=date.end.isoformat() if date.end else None,
        date_precision=date.precision if date.start else "unknown",
        date_strong=date.strong,
        date_span=span(cs + date.start_char, cs + date.end_char) if date.start_char >= 0 else None,
        month_day=date.month_day,
        figures=list(figures),
        reported_by=list(dict.fromkeys(s.category for s in sources)),
        reported_by_span=span(sources[0].start, sources[0].end) if sources else None,
    )
    return mention
