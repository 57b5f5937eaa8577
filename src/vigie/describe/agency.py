"""Wire-agency credit: which agency wrote the story (AFP, Reuters, ATS, AP...).

Credits are weighed (``data/<lang>/agency_credits.txt``): a credit line or dateline names the
author outright, a quote given "à l'AFP" means that agency's reporter gathered it, "repris par
Reuters" only that the agency carried it. Photo credits never count: an AFP photo on a Reuters
story says nothing about the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from vigie import lexicon

#: Total weight an agency needs to be credited: one quote given to the agency's reporter (2-3)
#: is enough, a lone "repris par" (1) is not.
MIN_CREDIT_WEIGHT = 2


@lru_cache(maxsize=None)
def _rules(lang: str) -> tuple[list[tuple[re.Pattern[str], int]], dict[str, re.Pattern[str]]]:
    canon = dict(lexicon.pairs("common", "agencies.txt"))
    names = {k: re.compile(rf"(?:{v})") for k, v in canon.items()}
    any_agency = "(?-i:" + "|".join(f"(?:{v})" for v in canon.values()) + ")"
    rules = []
    for line in lexicon.entries(lang, "agency_credits.txt"):
        regex, _, weight = line.rpartition("=>")
        body = regex.strip().replace("AGENCY", rf"\b{any_agency}\b")
        rules.append((re.compile(body, re.IGNORECASE | re.MULTILINE), int(weight)))
    return rules, names


def _canonical(alias: str, names: dict[str, re.Pattern[str]]) -> str | None:
    for name, pat in names.items():
        if pat.fullmatch(alias):
            return name
    return None


def detect_agency(text: str, aside: list[str], lang: str = "fr") -> tuple[str | None, str | None]:
    """(agency, evidence quote) from the article text and the lines set aside around it."""
    rules, names = _rules(lang)
    score: dict[str, int] = {}
    best: dict[str, tuple[int, str]] = {}
    alias_finder = re.compile("|".join(f"(?:{p.pattern})" for p in names.values()))
    for chunk in [text, *aside]:
        for pattern, weight in rules:
            for match in pattern.finditer(chunk):
                found = alias_finder.search(match.group(0))
                agency = _canonical(found.group(0), names) if found else None
                if agency is None:
                    continue
                score[agency] = score.get(agency, 0) + weight
                if weight > best.get(agency, (0, ""))[0]:
                    best[agency] = (weight, " ".join(match.group(0).split()))
    if not score:
        return None, None
    agency = max(score, key=lambda a: (score[a], a))
    if score[agency] < MIN_CREDIT_WEIGHT:
        return None, None
    return agency, f'"{best[agency][1]}"'
