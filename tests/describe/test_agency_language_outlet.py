"""Agency credits, outlet and language."""

from __future__ import annotations

from vigie.describe.agency import detect_agency
from vigie.describe.language import detect_language
from vigie.describe.outlet import detect_outlet


def test_credit_line_beats_a_quote_given_to_another_agency():
    agency, why = detect_agency("Les forces syriennes ont commencé, a-t-on déclaré à Reuters.", ["/ATS", "Partager"])
    assert agency == "ATS" and why == '"/ATS"'


def test_quote_given_to_the_afp_credits_afp_and_photo_credits_do_not_count():
    text = "Un responsable a confirmé à l'AFP que l'aviation avait frappé.\n\nDes secouristes. REUTERS/Ali"
    assert detect_agency(text, [])[0] == "AFP"
    assert detect_agency("Des secouristes à Alep. Photo AFP", [])[0] is None


def test_dateline_and_lowercase_words_are_not_agencies():
    assert detect_agency("BEYROUTH, 3 mai 2016 (AFP) - Au moins dix morts.", [])[0] == "AFP"
    assert detect_agency("Il a dit à ap et à ats que non.", [])[0] is None


def test_a_report_merely_carried_by_an_agency_is_not_a_credit():
    assert detect_agency("Selon le Washington Post, informations reprises par Reuters.", [])[0] is None


def test_language():
    assert detect_language("Au moins douze civils ont été tués jeudi dans des raids aériens sur Alep.") == "fr"
    assert detect_language("At least twelve civilians were killed on Thursday in air strikes on Aleppo.") == "en"
    assert detect_language("Alep") is None


def test_outlet_sources_in_order():
    assert detect_outlet("Le Fil", "Site", "https://www.ex.example/a", [])[0] == "Le Fil"
    assert detect_outlet(None, "Le Site", "https://www.ex.example/a", [])[0] == "Le Site"
    assert detect_outlet(None, None, "https://www.ex.example/a", [])[0] == "ex.example"
    assert detect_outlet(None, None, None, ["Pieuvre.ca", "Accueil", "Pieuvre.ca"])[0] == "Pieuvre.ca"
    assert detect_outlet(None, None, None, ["Lemonde.fr"])[0] is None
