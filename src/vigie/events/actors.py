"""Who struck whom: actor mentions in a clause and their roles.

The perpetrator (actor1) is the subject of the clause's attack or killing ("l'aviation
syrienne a tué"), the agent of a passive ("menées par l'aviation du régime") or the complement
of an attack noun ("les frappes du régime"). The target (actor2) follows "contre", "visant",
"les positions de"... Two perpetrators offered as alternatives ("du régime syrien ou de
l'aviation russe") make actor1 "Unidentified": the text does not say, so Vigie does not guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from vigie import grammar, lexicon
from vigie.events.cues import Cue, find_named

UNIDENTIFIED = "Unidentified"
UNIDENTIFIED_GROUP = "Unidentified armed group"
CIVILIANS = "Civilians"
#: Characters before an actor mention searched for a target cue ("contre les positions de").
TARGET_WINDOW = 40
# The pack's structure (``[actors]`` of its grammar.toml): "alternative" (", ou par l'armée"),
# "counted" (a figure before a name counts its members: victims), "apposition" (", les ..."),
# "pronoun_subject" (a clause whose subject is the previous sentence's actor), "leading" (a
# preposition an alias may start with) and "direct" (those of them that make it a target).


@dataclass
class Actors:
    actor1: str = UNIDENTIFIED
    actor1_cue: Cue | None = None
    actor1_candidates: list[str] = field(default_factory=list)
    actor2: str | None = None
    actor2_cue: Cue | None = None


@lru_cache(maxsize=None)
def _target_cue(lang: str) -> re.Pattern[str]:
    words = "|".join(lexicon.entries(lang, "target_cues.txt"))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)[\s\"«»]*(?:[\w'\"«»]+[\s\"«»]+){{0,3}}(?:[lLdD]')?$", re.I)


#: Characters after an event word within which "par X" / "du X" names its perpetrator
#: ("les frappes menées par l'aviation du régime").
AGENT_WINDOW = 45


def find_actors(clause: str, lang: str = "fr") -> Actors:
    """Assign roles to the actor mentions of one clause (apostrophes already normalised)."""
    result, _ = _roles(clause, lang)
    return result


def actors_for(clause: str, trigger: Cue, lang: str = "fr") -> Actors:
    """The clause's actors, with the perpetrator of this event word: the nearest perpetrator
    before the word ("les forces du régime ont lancé une attaque ... au moment où les Russes
    frappaient"), else one named just after it ("les frappes menées par l'aviation"). A
    perpetrator far after the word belongs to something else ("... près de Palmyre, une ville
    d'où avaient été chassés les jihadistes de l'EI"): then the clause does not say."""
    result, perpetrators = _roles(clause, lang)
    if result.actor1_candidates:
        return result
    before = [p for p in perpetrators if p.end <= trigger.start]
    after = [p for p in perpetrators if p.start >= trigger.end and p.start - trigger.end <= AGENT_WINDOW]
    chosen = before[-1] if before else (after[0] if after else None)
    if chosen is None:
        result.actor1, result.actor1_cue = UNIDENTIFIED, None
    else:
        result.actor1, result.actor1_cue = chosen.category, chosen
    if result.actor2 == result.actor1:
        result.actor2, result.actor2_cue = None, None
    return result


def _roles(clause: str, lang: str) -> tuple[Actors, list[Cue]]:
    mentions = find_named(clause, lang, "actors.txt")
    result = Actors()
    perpetrators: list[Cue] = []
    previous_target: Cue | None = None
    for cue in mentions:
        before = clause[max(0, cue.start - TARGET_WINDOW):cue.start]
        if previous_target is not None and grammar.regex(lang, "actors.apposition").match(clause[previous_target.end:cue.start]):
            previous_target = cue  # "des peshmergas, les combattants kurdes": one target
            continue
        victims = bool(grammar.regex(lang, "actors.counted").search(before))  # "au moins 18 combattants de l'EI" were killed
        if victims and cue.category == UNIDENTIFIED_GROUP:
            continue  # "abattu onze assaillants": the attackers killed, not a side of the event
        # An alias may start with its own preposition ("aux rebelles", "de l'armée"): it belongs
        # to the words before it when looking for a target cue ("une patrouille de l'armée").
        leading = grammar.regex(lang, "actors.leading").match(cue.text)
        extended = before + (leading.group(0) if leading else "")
        direct = bool(leading) and leading.group(0).strip().lower() in grammar.words(lang, "actors.direct")
        if cue.category == CIVILIANS or victims or direct or _target_cue(lang).search(extended):
            if result.actor2 is None and cue.category != CIVILIANS:
                result.actor2, result.actor2_cue = cue.category, cue
            previous_target = cue
            continue
        previous_target = None
        perpetrators.append(cue)
    if perpetrators:
        first = perpetrators[0]
        alternatives = [first.category]
        for prev, nxt in zip(perpetrators, perpetrators[1:]):
            if grammar.regex(lang, "actors.alternative").match(clause[prev.end:nxt.start]) and nxt.category != prev.category:
                alternatives.append(nxt.category)
        if len(alternatives) > 1:
            result.actor1, result.actor1_candidates = UNIDENTIFIED, alternatives
        else:
            result.actor1, result.actor1_cue = first.category, first
    if result.actor2 == result.actor1:
        result.actor2, result.actor2_cue = None, None
    return result, perpetrators


def starts_with_pronoun(clause: str, lang: str = "fr") -> bool:
    """"Elle a réalisé vendredi 25 frappes": the perpetrator is the previous sentence's."""
    return bool(grammar.regex(lang, "actors.pronoun_subject").match(clause))
