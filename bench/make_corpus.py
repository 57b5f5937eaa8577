"""Synthetic corpus generator for benchmarks: any number of wire-style articles as JSONL.

Articles are built from the sentences of the team's own example articles (and of the seed
articles when ../shared/seeds is beside the checkout; they are read, never copied into the
repository): each article draws a headline and paragraphs of sentences from different source
articles, swaps places, numbers and weekdays, and replaces a share of the other words with
words of the same corpus, so that two articles share little wording, as distinct stories do
(about 1 in 10,000 pairs of distinct articles become dedup candidates, as in real news). Words
the extractor's lexicons use (event, death, actor, source words) are kept, so articles tell as
many incidents as their templates. Exact duplicates and syndicated rewrites (paragraphs
reordered, one dropped, a new headline) are mixed in, as a real crawl has them.

--lang en builds English articles the same way from the team's English examples
(examples/en/articles; the seeds are French and are not read), keeping the words of the English
pack's lexicons and swapping English place names, weekdays and adverbs; their ids start
"bench-en", so a French and an English corpus can be concatenated (bench_pipeline.py --mixed).
French output is unchanged for a given seed.

Usage: .venv/bin/python bench/make_corpus.py N OUT.jsonl [--seed 1] [--lang fr|en]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


@dataclass(frozen=True)
class Language:
    """What differs between the languages of the generated corpus; the rest is shared."""

    articles: Path  # the team's example articles: the templates
    read_seeds: bool  # also read ../shared/seeds (French articles) when beside the checkout
    places: tuple[str, ...]  # swapped among themselves, spelled as the examples spell them
    days: tuple[str, ...]  # weekdays as written in running text
    fillers: tuple[str, ...]  # adverbs inserted after a share of the words
    outlets: tuple[str, ...]
    reprint: str  # the headline prefix of a syndicated rewrite
    id_prefix: str


LANGUAGES = {
    "fr": Language(
        articles=ROOT / "examples" / "articles", read_seeds=True,
        places=("Alep", "Idleb", "Hama", "Homs", "Raqa", "Deir Ezzor", "Douma", "Palmyre", "Deraa", "Manbij",
                "Lattaquié", "Mossoul", "Bagdad", "Kirkouk", "Ramadi", "Falloujah", "Tikrit", "Saraqeb", "Azaz", "Qousseir"),
        days=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        fillers=("également", "notamment", "encore", "toujours", "déjà", "aussi", "surtout", "ainsi", "pourtant",
                 "désormais", "alors", "ensuite", "parfois", "souvent", "plutôt", "d'ailleurs", "en outre", "en effet"),
        outlets=("Le Fil", "La Gazette", "Le Quotidien", "Dépêches Orient", "Radio Levant", "L'Observateur"),
        reprint="Repris : ", id_prefix="bench"),
    "en": Language(
        articles=ROOT / "examples" / "en" / "articles", read_seeds=False,
        places=("Aleppo", "Idlib", "Hama", "Homs", "Raqqa", "Deir ez-Zor", "Douma", "Palmyra", "Daraa", "Manbij",
                "Latakia", "Mosul", "Baghdad", "Kirkuk", "Ramadi", "Fallujah", "Tikrit", "Saraqeb", "Azaz", "Qusayr"),
        days=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        fillers=("also", "notably", "still", "already", "again", "especially", "thus", "however", "largely",
                 "reportedly", "mostly", "further", "sometimes", "often", "rather", "moreover", "in turn", "indeed"),
        outlets=("The Wire", "The Gazette", "The Daily Courier", "Levant Dispatch", "Radio Levant", "The Observer"),
        reprint="Republished: ", id_prefix="bench-en"),
}
DUPLICATE_SHARE = 0.05
SYNDICATED_SHARE = 0.10


#: Paragraphs per generated article: a wire story of 300-600 words.
PARAGRAPHS = (4, 8)


def templates(lang: str = "fr") -> list[str]:
    from vigie.clean import clean_record
    from vigie.ingest import iter_inputs
    from vigie.model import Reject

    paths = [LANGUAGES[lang].articles]
    seeds = ROOT.parent / "shared" / "seeds"
    if LANGUAGES[lang].read_seeds and seeds.is_dir():
        paths.append(seeds)
    out = []
    for record in iter_inputs(paths):
        if not isinstance(record, Reject):
            out.append(clean_record(record, lang)[0].text)
    return out


#: Share of the replaceable words swapped for another word of the corpus in each article, and
#: share followed by an adverb: together they break most 5-word shingles two articles drawing
#: on the same template sentence would share.
SWAP_SHARE = 0.5
FILLER_SHARE = 0.3
_SENTENCE_END = re.compile(r"(?<=[.!?»])\s+(?=[A-ZÀ-ÖØ-Þ«])")
_WORD = re.compile(r"\b[a-zà-öø-ÿ]{4,}\b")


#: The extractor's word lists whose words an article must keep to tell its incidents: the
#: language's own (data/<lang>/, the same file names in every pack) and the shared ones.
EXTRACTOR_LISTS = (
    "event_cues.txt", "means_cues.txt", "death_cues.txt", "casualty_words.txt", "numbers.txt",
    "actors.txt", "sources.txt", "source_actors.txt", "target_cues.txt", "period_cues.txt",
    "time_cues.txt", "place_cues.txt", "strategic_cues.txt", "reporting_words.txt",
    "event_blockers.txt", "months.txt", "weekdays.txt",
)
COMMON_LISTS = ("common/government_forces.txt",)


def lexicon_stems(lang: str = "fr") -> frozenset[str]:
    """First five letters of every word the extractor's word lists name: words starting so are
    never swapped ("tués", "bombardements", "jihadistes"; "killed", "shelling")."""
    folder = ROOT / "src" / "vigie" / "data"
    stems = set()
    for name in [f"{lang}/{name}" for name in EXTRACTOR_LISTS] + list(COMMON_LISTS):
        stems |= {w[:5] for w in re.findall(r"[a-zà-öø-ÿ]{3,}", (folder / name).read_text(encoding="utf-8").lower())}
    return frozenset(stems)


def vary(text: str, rng: random.Random, swappable: list[str] | None = None, protected: frozenset[str] = frozenset(),
         lang: str = "fr") -> str:
    places, days, fillers = LANGUAGES[lang].places, LANGUAGES[lang].days, LANGUAGES[lang].fillers
    place_map = {p: rng.choice(places) for p in places}
    text = re.sub("|".join(map(re.escape, places)), lambda m: place_map[m.group(0)], text)
    text = re.sub(r"\b(\d{1,3})\b", lambda m: str(max(1, int(m.group(1)) + rng.randint(-5, 9))), text)
    day_map = {d: rng.choice(days) for d in days}
    text = re.sub(r"\b(" + "|".join(days) + r")\b", lambda m: day_map[m.group(1)], text)
    if swappable:
        def swap(m: re.Match) -> str:
            word = m.group(0)
            if word[:5] in protected:
                return word
            if rng.random() < SWAP_SHARE:
                word = rng.choice(swappable)
            if rng.random() < FILLER_SHARE:
                word += " " + rng.choice(fillers)
            return word

        text = _WORD.sub(swap, text)
    return text


def syndicate(text: str, rng: random.Random, lang: str = "fr") -> str:
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:1], paragraphs[1:]
    if len(body) > 3:
        body.pop(rng.randrange(len(body)))
        i = rng.randrange(len(body) - 1)
        body[i], body[i + 1] = body[i + 1], body[i]
    return "\n\n".join([LANGUAGES[lang].reprint + head[0]] + body)


def generate(n: int, seed: int = 1, lang: str = "fr"):
    language = LANGUAGES[lang]
    rng = random.Random(seed)
    texts = templates(lang)
    sentences = [s for text in texts for p in text.split("\n\n")[1:] for s in _SENTENCE_END.split(p) if len(s.split()) > 6]
    headlines = [text.split("\n\n")[0] for text in texts]
    protected = lexicon_stems(lang)
    swappable = sorted({w for text in texts for w in _WORD.findall(text) if w[:5] not in protected})
    made: list[dict] = []
    day0 = dt.date(2015, 1, 1)
    for i in range(n):
        roll = rng.random()
        if made and roll < DUPLICATE_SHARE:
            record = dict(rng.choice(made), id=f"{language.id_prefix}{i:07d}")
        elif made and roll < DUPLICATE_SHARE + SYNDICATED_SHARE:
            original = rng.choice(made)
            record = {"id": f"{language.id_prefix}{i:07d}", "text": syndicate(original["text"], rng, lang),
                      "outlet": rng.choice(language.outlets)}
        else:
            published = day0 + dt.timedelta(days=rng.randrange(730))
            body = [" ".join(rng.sample(sentences, rng.randint(1, 3))) for _ in range(rng.randint(*PARAGRAPHS))]
            text = "\n\n".join([rng.choice(headlines)] + body)
            record = {"id": f"{language.id_prefix}{i:07d}", "text": vary(text, rng, swappable, protected, lang),
                      "published": published.isoformat(), "outlet": rng.choice(language.outlets)}
        made.append(record) if len(made) < 5000 else made.__setitem__(rng.randrange(5000), record)
        yield record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lang", choices=sorted(LANGUAGES), default="fr", help="language of the articles (default fr)")
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        for record in generate(args.n, args.seed, args.lang):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{args.n} articles written to {args.out}")


if __name__ == "__main__":
    main()
