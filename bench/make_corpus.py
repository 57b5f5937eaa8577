"""Synthetic corpus generator for benchmarks: any number of wire-style articles as JSONL.

Articles are built from the paragraphs of the team's own example articles (and of the seed
articles when ../shared/seeds is beside the checkout; they are read, never copied into the
repository): each article draws a headline and a handful of paragraphs from different source
articles and swaps places, numbers and weekdays, so that two articles share little wording, as
distinct stories do; exact duplicates and syndicated rewrites (paragraphs reordered, one
dropped, a new headline) are mixed in, as a real crawl has them.

Usage: .venv/bin/python bench/make_corpus.py N OUT.jsonl [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PLACES = ["Alep", "Idleb", "Hama", "Homs", "Raqa", "Deir Ezzor", "Douma", "Palmyre", "Deraa", "Manbij",
          "Lattaquié", "Mossoul", "Bagdad", "Kirkouk", "Ramadi", "Falloujah", "Tikrit", "Saraqeb", "Azaz", "Qousseir"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
OUTLETS = ["Le Fil", "La Gazette", "Le Quotidien", "Dépêches Orient", "Radio Levant", "L'Observateur"]
DUPLICATE_SHARE = 0.05
SYNDICATED_SHARE = 0.10


#: Paragraphs per generated article: a wire story of 300-600 words.
PARAGRAPHS = (4, 8)


def templates() -> list[str]:
    from vigie.clean import clean_record
    from vigie.ingest import iter_inputs
    from vigie.model import Reject

    paths = [ROOT / "examples" / "articles"]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        paths.append(seeds)
    out = []
    for record in iter_inputs(paths):
        if not isinstance(record, Reject):
            out.append(clean_record(record)[0].text)
    return out


def vary(text: str, rng: random.Random) -> str:
    place_map = {p: rng.choice(PLACES) for p in PLACES}
    text = re.sub("|".join(map(re.escape, PLACES)), lambda m: place_map[m.group(0)], text)
    text = re.sub(r"\b(\d{1,3})\b", lambda m: str(max(1, int(m.group(1)) + rng.randint(-5, 9))), text)
    day_map = {d: rng.choice(DAYS) for d in DAYS}
    return re.sub(r"\b(" + "|".join(DAYS) + r")\b", lambda m: day_map[m.group(1)], text)


def syndicate(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:1], paragraphs[1:]
    if len(body) > 3:
        body.pop(rng.randrange(len(body)))
        i = rng.randrange(len(body) - 1)
        body[i], body[i + 1] = body[i + 1], body[i]
    return "\n\n".join(["Repris : " + head[0]] + body)


def generate(n: int, seed: int = 1):
    rng = random.Random(seed)
    paragraphs = [p for text in templates() for p in text.split("\n\n")[1:] if len(p.split()) > 12]
    headlines = [text.split("\n\n")[0] for text in templates()]
    made: list[dict] = []
    day0 = dt.date(2015, 1, 1)
    for i in range(n):
        roll = rng.random()
        if made and roll < DUPLICATE_SHARE:
            record = dict(rng.choice(made), id=f"bench{i:07d}")
        elif made and roll < DUPLICATE_SHARE + SYNDICATED_SHARE:
            original = rng.choice(made)
            record = {"id": f"bench{i:07d}", "text": syndicate(original["text"], rng), "outlet": rng.choice(OUTLETS)}
        else:
            published = day0 + dt.timedelta(days=rng.randrange(730))
            body = rng.sample(paragraphs, rng.randint(*PARAGRAPHS))
            text = "\n\n".join([rng.choice(headlines)] + body)
            record = {"id": f"bench{i:07d}", "text": vary(text, rng),
                      "published": published.isoformat(), "outlet": rng.choice(OUTLETS)}
        made.append(record) if len(made) < 5000 else made.__setitem__(rng.randrange(5000), record)
        yield record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        for record in generate(args.n, args.seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{args.n} articles written to {args.out}")


if __name__ == "__main__":
    main()
