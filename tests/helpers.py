"""Small builders for test inputs in the style of French wire copy."""

from __future__ import annotations

import io
from pathlib import Path

WIRE_STORY = (
    "Syrie : au moins 17 morts dans des frappes sur Douma\n\n"
    "BEYROUTH, 3 mai 2016 (AFP) - Au moins dix-sept personnes, dont six enfants, ont été tuées "
    "mardi dans des frappes aériennes du régime sur la ville rebelle de Douma, près de Damas, a "
    "indiqué l'Observatoire syrien des droits de l'Homme (OSDH).\n\n"
    "Les raids ont visé un marché très fréquenté du centre de la ville en fin de matinée, selon "
    "l'ONG, qui s'appuie sur un large réseau de sources médicales et de militants dans le pays.\n\n"
    "Les secouristes continuaient de fouiller les décombres en fin de journée et le bilan pourrait "
    "encore s'alourdir, a précisé le directeur de l'OSDH, joint par téléphone à Beyrouth.\n"
)


def story(n: int) -> str:
    """A distinct wire story (different places, tolls and wording per n)."""
    places = ["Douma", "Alep", "Idleb", "Hama", "Homs", "Raqa", "Palmyre", "Deraa", "Manbij", "Azaz"]
    verbs = ["ont été tuées", "ont péri", "ont trouvé la mort", "sont mortes", "ont été tuées"]
    place = places[n % len(places)]
    return (
        f"Bilan en hausse à {place} après la journée numéro {n}\n\n"
        f"Au moins {10 + n} personnes {verbs[n % len(verbs)]} lors de l'épisode {n} des violences à "
        f"{place}, selon un décompte établi pour le dossier {n * 7} par des militants locaux "
        f"interrogés sur place au cours de la semaine {n % 52} de l'année.\n\n"
        f"Le quartier {n * 3} de {place} a été particulièrement touché, selon le témoignage numéro "
        f"{n * 11} recueilli auprès des habitants, qui décrivent la série {n * 13} de destructions.\n"
    )


def write_warc(path: Path, pages: list[tuple[str, str]], gzip: bool = False) -> None:
    """A WARC of HTTP response records, one per (url, html)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)


def html_page(title: str, paragraphs: list[str], date: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang=\"fr\"><head><title>{title}</title>{meta}</head><body>"
        f"<nav><ul><li><a href='/'>Accueil</a></li><li><a href='/monde'>Monde</a></li></ul></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>© 2016 Le Quotidien. Tous droits réservés.</footer></body></html>"
    )
