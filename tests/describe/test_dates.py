"""Publication dates: each kind of evidence, the upper bounds, and null rather than a guess."""

from __future__ import annotations

from vigie.clean.text import clean_flat_text
from vigie.describe import describe
from vigie.clean.html import HtmlMetadata
from vigie.model import Document, SourceRecord

BODY = (
    "Au moins douze civils ont été tués mercredi dans des raids aériens du régime sur la ville "
    "d'Alep, dans le nord de la Syrie, a indiqué l'Observatoire syrien des droits de l'Homme.\n\n"
    "Les frappes ont visé un marché du quartier de Boustane al-Qasr en fin de matinée, au moment "
    "où les habitants faisaient leurs courses, selon des militants sur place."
)


def published(raw: str, **record) -> tuple[str | None, str | None, str | None]:
    rec = SourceRecord(doc_id="d", raw=raw, fmt="text", source="t", **record)
    doc = describe(rec, clean_flat_text(raw), HtmlMetadata(url=rec.url))
    pub = doc.published
    return (pub.value if pub else None, pub.evidence if pub else None, doc.published_not_after)


def test_no_evidence_means_null():
    assert published("Raids sur Alep : douze civils tués\n\n" + BODY)[0] is None


def test_byline():
    value, why, _ = published("Raids sur Alep\n\nPar Marie Dupont | Publié le 2 mars 2016 à 10h32\n\n" + BODY)
    assert value == "2016-03-02" and why.startswith("byline")


def test_agency_dateline():
    value, why, _ = published("Raids sur Alep\n\nBEYROUTH, 2 mars 2016 (AFP) - " + BODY)
    assert value == "2016-03-02" and why.startswith("agency dateline")


def test_photo_caption():
    raw = "Raids sur Alep\n\nDes secouristes à Alep, le 2 mars 2016. REUTERS/Abdalrhman Ismail\n\n" + BODY
    value, why, _ = published(raw)
    assert value == "2016-03-02" and why.startswith("photo caption")


def test_url_path():
    value, why, _ = published("Raids sur Alep\n\n" + BODY, url="https://ex.example/monde/2016/03/02/raids-alep")
    assert value == "2016-03-02" and why.startswith("URL path")


def test_declared_date_wins():
    value, why, _ = published("Raids sur Alep\n\n" + BODY, declared_published="2016-03-01")
    assert value == "2016-03-01" and "declared" in why


def test_header_month_line_is_the_date_when_the_text_is_contemporary():
    value, _, _ = published("date 2016-03 " + BODY.replace("mercredi", "mercredi, en mars 2016,"))
    assert value == "2016-03"


def test_header_month_years_after_the_text_is_only_an_upper_bound():
    value, _, bound = published("date 2021-11 " + BODY.replace("mercredi", "mercredi, dans le pays en guerre depuis 2011,"))
    assert value is None and bound == "2021-11-30"


def test_text_date_on_a_stamp_line_confirmed_by_a_named_weekday():
    raw = "Raids sur Alep\n\nLe mercredi 2 mars 2016 à 18:40\n\n" + BODY
    value, why, _ = published(raw)  # 2 March 2016 was a Wednesday, and the text says "mercredi"
    assert value == "2016-03-02" and why.startswith("text date")


def test_a_full_date_inside_prose_dates_an_event_not_the_article():
    # Reports are written the day after the events they date ("les raids du 2 mars"): on the
    # development set half of such prose dates were not the publication day.
    raw = "Raids sur Alep\n\n" + BODY + "\n\nLes raids du 2 mars 2016 ont été condamnés par l'ONU, qui a réclamé une enquête indépendante sur ces frappes meurtrières."
    value, _, _ = published(raw)
    assert value is None


def test_url_dates_in_the_forms_news_sites_use():
    from vigie.describe.dates import candidates

    forms = {
        "https://x.example/2016/06/08/titre": "2016-06-08",
        "https://x.example/monde/titre-20160608-article": "2016-06-08",
        "https://x.example/syrie-raids_AN-201606130045.html": "2016-06-13",
        "https://x.example/stories/202212020496.html": "2022-12-02",
        "https://x.example/actu/201602/22/01-4953.php": "2016-02-22",
        "https://x.example/20191111/titre-1042409300.html": "2019-11-11",
    }
    for url, day in forms.items():
        found = [c for c in candidates(Document(id="d", raw="", fmt="text", source="s", url=url), clean_flat_text(BODY)) if "URL" in c.evidence]
        assert found and found[0].value == day, url
    for url in ("https://x.example/article/81262-Syrie.html", "https://x.example/p/1042409300123.html"):
        found = [c for c in candidates(Document(id="d", raw="", fmt="text", source="s", url=url), clean_flat_text(BODY)) if "URL" in c.evidence]
        assert not found, url


def test_earliest_comment_bounds_the_date_and_a_named_weekday_fixes_it():
    comments = "\n\nCommentaires (2)\n\nQuelle horreur.\n\nNadia\n\n09 h 12, le 3 mars 2016\n\nEncore.\n\nPaul\n\n08 h 02, le 4 mars 2016"
    value, why, bound = published("Raids sur Alep\n\n" + BODY + comments)
    assert bound == "2016-03-03"
    assert value == "2016-03-02" and "earliest reader comment" in why  # Wednesday before Thursday's comment


def test_a_date_after_the_upper_bound_is_not_taken():
    comments = "\n\nCommentaires (1)\n\nQuelle horreur.\n\nNadia\n\n09 h 12, le 3 mars 2016"
    raw = "Raids sur Alep\n\nDes secouristes à Alep, le 9 mars 2016. REUTERS/X Y\n\n" + BODY.replace("mercredi", "hier") + comments
    value, _, bound = published(raw)
    assert bound == "2016-03-03" and value is None


def test_a_stamp_line_gives_the_day_of_a_month_header():
    raw = "date 2016-03 Raids sur Alep\n\n" + BODY.replace("mercredi", "mercredi, en mars 2016,") + "\n\nPremière publication : 02/03/2016"
    value, why, _ = published(raw)
    assert value == "2016-03-02" and why.startswith("text date")


def test_a_stamp_line_outside_the_header_month_does_not_win():
    raw = "date 2016-04 Raids sur Alep\n\n" + BODY.replace("mercredi", "mercredi, en 2016,") + "\n\nPremière publication : 02/03/2016"
    value, _, _ = published(raw)
    assert value in ("2016-04", None)


def test_a_dateline_without_an_agency():
    value, why, _ = published("GAO, 20 mars 2020 - " + BODY)
    assert value == "2020-03-20" and why.startswith("dateline")
    # A date in the lead's prose is no dateline.
    value, _, _ = published("Le 20 mars 2020 - " + BODY)
    assert value is None


def test_a_publication_phrase_makes_a_stamp_of_a_date_on_a_long_line():
    """A page that runs its title and its stamp together on one line: after "Publié le" the
    date is the page's own, however long the line; without the phrase it stays prose."""
    title = "Raids meurtriers sur les quartiers est de la ville d'Alep, selon une ONG syrienne"
    value, why, _ = published(f"{title} Publié le mercredi 2 mars 2016 | AFP\n\n" + BODY)
    assert value == "2016-03-02" and why.startswith("text date")
    value, _, _ = published(f"{title} depuis le mercredi 2 mars 2016 | AFP\n\n" + BODY)
    assert value is None


def test_a_url_date_in_single_digits_between_slashes():
    value, why, _ = published("Raids sur Alep\n\n" + BODY, url="https://news.example/2016/3/2/headlines")
    assert value == "2016-03-02" and why.startswith("URL")
    assert published("Raids sur Alep\n\n" + BODY, url="https://news.example/page-2016-3-2")[0] is None


def test_an_iso_stamp_on_a_line_of_its_own():
    body = ("Gunmen attacked a village in Gezira State on Wednesday, killing at least 100 people, "
            "according to local activists who said the toll could still rise as bodies were found.")
    raw = "RSF kills at least 100 in attack on village\nWorld News\n2024-06-06 | 05:00\n" + body + "\n"
    rec = SourceRecord(doc_id="d", raw=raw, fmt="text", source="t")
    doc = describe(rec, clean_flat_text(raw, "en"), HtmlMetadata(), "en")
    assert doc.published.value == "2024-06-06" and doc.published.evidence.startswith("date stamp")
