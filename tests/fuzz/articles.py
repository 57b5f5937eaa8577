"""Valid articles: short French wire stories, each naming its own place, date and toll.

The team wrote these templates for the harness (they are not taken from any outlet). Each is
calibrated against the current extractor: every article they give produces at least one
incident mention on a clean run (``test_fuzz_quick.test_valid_articles_alone`` keeps that
true), so a valid article with no mention after a hostile run is a loss, not a template that
never worked.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

# (place, dateline city, the country's words): places the gazetteer knows.
PLACES = [
    ("Alep", "BEYROUTH", "syrie"), ("Idleb", "BEYROUTH", "syrie"), ("Homs", "BEYROUTH", "syrie"),
    ("Hama", "BEYROUTH", "syrie"), ("Deraa", "BEYROUTH", "syrie"), ("Raqa", "BEYROUTH", "syrie"),
    ("Deir ez-Zor", "BEYROUTH", "syrie"), ("Palmyre", "BEYROUTH", "syrie"),
    ("Mossoul", "BAGDAD", "irak"), ("Kirkouk", "BAGDAD", "irak"),
    ("Gao", "BAMAKO", "mali"), ("Tombouctou", "BAMAKO", "mali"), ("Mopti", "BAMAKO", "mali"),
    ("Maiduguri", "KANO", "nigeria"),
]

# Each template: a title and paragraphs; {place} {city} {date} {n} {m} {weekday} are filled in.
# The first paragraph carries the event; the others are the context wire copy adds.
TEMPLATES = {
    "syrie": [
        ("{place} : {n} civils tués dans des frappes aériennes",
         ["{city}, {date} (AFP) - Au moins {n} civils ont été tués {weekday} dans des frappes "
          "aériennes sur la ville de {place}, a indiqué l'Observatoire syrien des droits de "
          "l'homme (OSDH).",
          "Selon l'ONG, qui dispose d'un vaste réseau de sources dans le pays, {m} autres "
          "personnes ont été blessées et plusieurs immeubles se sont effondrés.",
          "Les secouristes cherchaient encore des survivants sous les décombres en fin de journée."]),
        ("Syrie : des tirs d'obus font {n} morts à {place}",
         ["{city}, {date} (AFP) - Des tirs d'obus ont tué {n} personnes {weekday} dans un quartier "
          "résidentiel de {place}, selon l'OSDH.",
          "Le bilan pourrait s'alourdir car une dizaine de blessés sont dans un état grave, a "
          "précisé le directeur de l'Observatoire, joint par téléphone.",
          "Aucun groupe n'a revendiqué ces tirs dans l'immédiat."]),
    ],
    "irak": [
        ("Irak : un attentat à la voiture piégée fait {n} morts à {place}",
         ["{city}, {date} (AFP) - Une voiture piégée a explosé {weekday} matin près d'un marché de "
          "{place}, tuant {n} personnes, ont indiqué des sources policières.",
          "L'explosion a également fait {m} blessés, selon un responsable des services de santé "
          "de la province.",
          "L'attaque n'avait pas été revendiquée en fin de journée."]),
    ],
    "mali": [
        ("Mali : {n} soldats tués dans une attaque près de {place}",
         ["{city}, {date} (AFP) - {n} soldats maliens ont été tués {weekday} dans une attaque "
          "jihadiste contre un camp militaire près de {place}, a annoncé l'armée malienne.",
          "Les assaillants, arrivés à moto, ont été repoussés après plusieurs heures de combats, "
          "selon un communiqué de l'état-major.",
          "Le centre et le nord du pays sont le théâtre de violences depuis 2012."]),
    ],
    "nigeria": [
        ("Nigeria : Boko Haram tue {n} villageois près de {place}",
         ["{city}, {date} (AFP) - Des combattants de Boko Haram ont tué {n} villageois {weekday} "
          "soir lors d'un raid contre un village proche de {place}, ont rapporté des habitants.",
          "Les assaillants ont incendié des maisons et emporté du bétail, selon un chef de milice "
          "locale joint par téléphone.",
          "Le groupe jihadiste mène depuis 2009 une insurrection dans le nord-est du pays."]),
    ],
}

#: The formats a valid article is emitted in (WARC and JSONL hold several articles per file).
FORMATS = ("txt", "txt.gz", "html", "html.gz", "jsonl", "jsonl.gz", "warc", "warc.gz")


@dataclass(frozen=True)
class Article:
    """One valid article: its document id, as Vigie will derive it, and its parts."""

    doc_id: str
    title: str
    paragraphs: tuple[str, ...]
    published: dt.date
    place: str
    toll: int

    @property
    def text(self) -> str:
        return self.title + "\n\n" + "\n\n".join(self.paragraphs) + "\n"


# Words for each article's own paragraph of context: without it, articles of one template
# share most of their 5-word shingles and dedup groups them as syndicated copies of one story
# (thousands of copies in the long run), which no real crawl looks like. No word here is an
# event, a place, a time or a direction, so the paragraph adds no mention and moves no date.
_CONTEXT_WORDS = (
    "habitants quartier marché route école hôpital boulangerie mosquée pont rivière colline village "
    "champ puits camion moto convoi famille enfants femmes vieillards commerçants agriculteurs éleveurs "
    "réfugiés déplacés tentes camp eau électricité carburant farine médicaments couvre-feu barrage "
    "poste contrôle frontière vallée plaine désert oasis faubourg périphérie lisière bordure "
    "récolte pluie chaleur poussière fumée ruines troupeaux chèvres moutons ânes charrettes vélos "
    "maisons immeubles toits murs rues ruelles places jardins vergers oliviers palmiers dunes sables"
).split()


def _context(k: int) -> str:
    import random

    rng = random.Random(k)
    sentences = []
    for _ in range(3):
        words = [rng.choice(_CONTEXT_WORDS) for _ in range(rng.randint(14, 20))]
        sentences.append("Dans la région, " + " et ".join(" ".join(words[i:i + 3]) for i in range(0, len(words), 3)) + ".")
    return " ".join(sentences)


def make_article(k: int, doc_id: str) -> Article:
    """The k-th article: place, template, date and toll all move with k, so no two are alike."""
    place, city, country = PLACES[k % len(PLACES)]
    templates = TEMPLATES[country]
    title, paras = templates[(k // len(PLACES)) % len(templates)]
    day = dt.date(2014, 1, 6) + dt.timedelta(days=(k * 37) % 2400)
    event_day = day - dt.timedelta(days=1)
    n = 3 + (k * 7) % 90
    values = {
        "place": place, "city": city, "n": n, "m": n + 5 + k % 11,
        "date": f"{day.day if day.day > 1 else '1er'} {MONTHS[day.month - 1]} {day.year}",
        "weekday": WEEKDAYS[event_day.weekday()],
    }
    body = tuple(p.format(**values) for p in paras)
    return Article(doc_id, title.format(**values), body[:-1] + (_context(k),) + body[-1:], day, place, n)


def as_text_page(a: Article) -> str:
    """A flattened page as a crawler saves it: menu, the article, share bar, footer."""
    return (
        "Accueil | International | Politique | Economie | Sport\n\n"
        + a.text
        + "\nPartager sur Facebook\nPartager sur Twitter\n\n"
        "© Le Veilleur 2016 - Tous droits réservés\n"
    )


def as_html_page(a: Article) -> str:
    body = "".join(f"<p>{p}</p>" for p in a.paragraphs)
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{a.title} - Le Veilleur</title>"
        f'<meta property="article:published_time" content="{a.published.isoformat()}T09:30:00+00:00">'
        "</head><body><nav><ul><li><a href='/'>Accueil</a></li><li><a href='/monde'>Monde</a></li>"
        "</ul></nav><article>"
        f"<h1>{a.title}</h1>{body}</article>"
        "<aside><h2>Lire aussi</h2><ul><li><a href='/x'>Les dernières nouvelles du front</a></li></ul></aside>"
        "<footer>© 2016 Le Veilleur. Tous droits réservés.</footer></body></html>"
    )


def as_jsonl_line(a: Article, html: bool = False) -> str:
    record = {"id": a.doc_id, "url": f"https://veilleur.example/{a.doc_id}",
              "published": a.published.isoformat(), "outlet": "Le Veilleur"}
    record["html" if html else "text"] = as_html_page(a) if html else a.text
    return json.dumps(record, ensure_ascii=False)


def warc_record(record_id: str, url: str, body: bytes, *, content_type: str = "text/html; charset=utf-8",
                date: str = "2016-03-04T10:00:00Z", length: int | None = None, status: str = "200 OK",
                warc_type: str = "response") -> bytes:
    """One WARC response record; ``length`` overrides the true Content-Length (to damage it)."""
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) if length is None else length}\r\n\r\n"
    ).encode("utf-8", "surrogateescape")
    return head + http + b"\r\n\r\n"


def article_warc_record(a: Article) -> bytes:
    return warc_record(a.doc_id, f"https://veilleur.example/{a.doc_id}", as_html_page(a).encode("utf-8"),
                       date=f"{a.published.isoformat()}T10:00:00Z")


def gz(data: bytes) -> bytes:
    # mtime=0: the corpus is byte-for-byte the same for one seed
    return gzip.compress(data, mtime=0)


def warc_gz(records: list[bytes]) -> bytes:
    """A .warc.gz as crawlers write it: one gzip member per record."""
    return b"".join(gz(r) for r in records)
