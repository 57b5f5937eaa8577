"""The line rules on small pages written for the purpose."""

from __future__ import annotations

from vigie.clean.comments import find_comment_section
from vigie.clean.text import clean_flat_text

BODY1 = (
    "Au moins douze civils ont été tués jeudi dans des raids aériens du régime sur la ville "
    "d'Alep, dans le nord de la Syrie, a indiqué l'Observatoire syrien des droits de l'Homme."
)
BODY2 = (
    "Les frappes ont visé un marché du quartier de Boustane al-Qasr en fin de matinée, au moment "
    "où les habitants faisaient leurs courses, selon des militants sur place."
)
BODY3 = (
    "La ville est divisée depuis l'été 2012 entre les quartiers tenus par les rebelles à l'est et "
    "ceux contrôlés par le régime à l'ouest, et les civils y paient le prix fort."
)


def page(*lines: str) -> str:
    return "\n\n".join(lines)


def test_intertitle_between_paragraphs_is_kept_menu_lines_are_not():
    raw = page("• Accueil", "• Monde", "Raids sur Alep : douze civils tués", BODY1, "Un marché visé", BODY2, "Partager Facebook Twitter", "© 2016 Le Quotidien")
    cleaned = clean_flat_text(raw)
    assert cleaned.title == "Raids sur Alep : douze civils tués"
    assert "Un marché visé" in cleaned.text
    for junk in ("Accueil", "Partager", "© 2016"):
        assert junk not in cleaned.text


def test_author_first_comment_layout_is_removed_and_dated():
    raw = page(
        "Raids sur Alep : douze civils tués", BODY1, BODY2,
        "Réactions (2)",
        "Karim B.", "le 3 mars 2016 à 09:12", "Encore des civils, toujours des civils, quelle honte pour le monde entier.",
        "Jean-Luc", "le 2 mars 2016 à 22:40", "Les frappes ont tué 300 civils hier à Alep, personne n'en parle.",
    )
    cleaned = clean_flat_text(raw)
    assert "300 civils" not in cleaned.text and "Karim" not in cleaned.text
    assert min(cleaned.comment_dates).isoformat() == "2016-03-02"


def test_comment_rhythm_without_a_header():
    lines = [BODY1, BODY2, "Super article, merci pour ces informations précieuses sur la situation.", "Nadia", "14 h 35, le 28 novembre 2014",
             "Je ne suis pas d'accord avec cette présentation des faits.", "Paul R.", "09 h 02, le 29 novembre 2014"]
    section = find_comment_section(lines)
    assert section is not None and (section.start, section.end) == (2, 7)


def test_related_block_repeated_and_truncated_teasers_go():
    raw = page(
        "Raids sur Alep : douze civils tués", BODY1, BODY2, BODY3,
        "Lire aussi", "À Alep, les boulangers pétrissent la nuit", "Le long siège de Madaya",
        BODY1, "Les frappes ont visé un marché du quartier de Boustane al-Qasr en fin de...",
    )
    cleaned = clean_flat_text(raw)
    assert cleaned.text.count("Au moins douze civils") == 1
    assert "boulangers" not in cleaned.text and "en fin de..." not in cleaned.text
    assert BODY3 in cleaned.text


def test_inline_teasers_and_newsletter_pleas_go_but_prose_with_par_stays():
    par = "Par ailleurs, cinq civils ont été tués à Douma dans des tirs de mortier, selon l'OSDH, qui dispose de sources sur place."
    raw = page(
        "Raids sur Alep : douze civils tués", BODY1,
        "(Lire aussi : Le long siège de Madaya)", par,
        "Pour tout savoir sur l'actualité, inscrivez-vous à notre newsletter et recevez chaque soir toutes les news.",
        BODY2,
    )
    cleaned = clean_flat_text(raw)
    assert par in cleaned.text
    assert "Madaya" not in cleaned.text and "newsletter" not in cleaned.text


def test_title_confirmed_by_breadcrumb_wins_over_standfirst():
    raw = page(
        "Le Quotidien", "Accueil » Monde » Alep sous les bombes, les civils en première ligne",
        "Le régime a intensifié ses raids sur les quartiers rebelles de la ville",
        "Alep sous les bombes, les civils en première ligne", BODY1, BODY2,
    )
    cleaned = clean_flat_text(raw)
    assert cleaned.title == "Alep sous les bombes, les civils en première ligne"
    assert cleaned.standfirst == "Le régime a intensifié ses raids sur les quartiers rebelles de la ville"


def test_page_with_only_navigation_has_no_text():
    assert clean_flat_text(page("• Accueil", "• Monde", "Rechercher", "Partager")).text == ""


def test_a_text_cut_off_mid_word_is_kept_with_a_note():
    # A feed excerpt or a truncated crawl: one paragraph of prose that never ends a sentence.
    raw = ("Syrie : explosion meurtrière à Azaz\n\nUne voiture piégée a explosé samedi devant le tribunal "
           "de la ville d'Azaz, dans le nord de la Syrie, tuant au moins quarante personnes selon un "
           "premier bilan de la défense civile qui évoque aussi des dizaines de bless")
    page = clean_flat_text(raw)
    assert "voiture piégée a explosé" in page.text
    assert page.note and "cut off" in page.note


def test_a_menu_is_still_not_an_article():
    page = clean_flat_text("Accueil | Monde | Sport | Culture\n\nConnexion\n\nS'abonner")
    assert page.text == "" and page.note is None
