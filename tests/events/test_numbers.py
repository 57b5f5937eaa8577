"""Quantities in French news prose, with their qualifier and their span in the original text."""

import pytest

from vigie.events.numbers import Quantity, find_quantities


def one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("95 personnes", 95),
        ("au moins 4 000 morts", 4000),
        ("au moins 4.000 morts", 4000),
        ("plus de 200.000 habitants", 200000),
        ("plus de 270.000 morts", 270000),
        ("4\u00a0000 morts", 4000),  # no-break space
        ("12\u202f000 civils", 12000),  # narrow no-break space
        ("1,5 million de réfugiés", 1500000),
        ("12 millions de déplacés", 12000000),
        ("douze civils", 12),
        ("tuant vingt-six personnes", 26),
        ("quatre-vingt-quinze morts", 95),
        ("vingt et un morts", 21),
        ("cent morts", 100),
        ("deux mille trois cents morts", 2300),
        ("Onze corps", 11),
    ],
)
def test_values(text, value):
    assert one(text).value == value


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "approximate", "vague"),
    [
        ("Au moins 95 personnes", 95, "at least", False, False),
        ("a tué près de 100 personnes", 100, "nearly", True, False),
        ("environ 30 morts", 30, "about", True, False),
        ("Quelque 400.000 personnes", 400000, "about", True, False),
        ("plus de 250 roquettes", 250, "more than", False, False),
        ("pas moins de 12 morts", 12, "at least", False, False),
        ("jusqu'à 30 morts", 30, "up to", False, False),
        ("jusqu’à 30 morts", 30, "up to", False, False),
        ("au minimum 7 soldats", 7, "at least", False, False),
        ("une vingtaine de jihadistes", 20, "about", True, False),
        ("une dizaine de détenus", 10, "about", True, False),
        ("une centaine de morts", 100, "about", True, False),
        ("un millier de morts", 1000, "about", True, False),
        ("plus d'une centaine de morts", 100, "more than", True, False),
        ("près d’un millier de morts", 1000, "nearly", True, False),
        ("au moins une vingtaine de civils", 20, "at least", True, False),
        ("des dizaines de terroristes", 12, "about", True, True),
        ("plusieurs dizaines de morts", 12, "about", True, True),
        ("des centaines de civils", 100, "about", True, True),
        ("plusieurs gardes", 3, "about", True, True),
        ("quelques civils", 3, "about", True, True),
        ("des dizaines de milliers de combattants", 10000, "about", True, True),
    ],
)
def test_qualifiers_and_word_quantities(text, value, qualifier, approximate, vague):
    q = one(text)
    assert (q.value, q.qualifier, q.approximate, q.vague) == (value, qualifier, approximate, vague)


def test_spans_are_in_the_original_text_and_cover_the_qualifier():
    text = "tuant au moins vingt-six personnes, dont 14 civils"
    first, second = find_quantities(text)
    assert (first.start, first.end, first.text) == (6, 24, "au moins vingt-six")
    assert text[first.start:first.end] == first.text
    assert (second.text, text[second.start:second.end]) == ("14", "14")


def test_word_quantity_wins_over_its_article():
    # text2num reads "une" as 1; the data file's "une vingtaine" is the quantity.
    assert [(q.value, q.text) for q in find_quantities("une vingtaine de jihadistes")] == [(20, "une vingtaine")]


def test_longer_qualifier_wins():
    assert one("pas moins de 12 morts").text == "pas moins de 12"
    assert one("au moins douze reprises").qualifier == "at least"


def test_quelque_is_a_qualifier_but_quelques_a_vague_quantity():
    assert one("quelque 300.000 habitants").value == 300000
    assert one("quelques mois").value == 3


def test_one_is_only_a_number_on_request():
    assert find_quantities("un soldat a été tué") == []
    found = find_quantities("Un soldat a été tué", include_one=True)
    assert [(q.value, q.text) for q in found] == [(1, "Un")]


@pytest.mark.parametrize(
    "text",
    [
        "le 14.05.2015 à 10h32",  # dates and times glued by dots and letters
        "la deuxième fois",  # ordinals
        "le premier raid",
        "Mis à jour à 17h05",
    ],
)
def test_no_quantity(text):
    assert find_quantities(text) == []


def test_several_quantities_in_order():
    text = "Au moins 14 soldats et 17 rebelles ont été tués, 40 blessés"
    assert [q.value for q in find_quantities(text)] == [14, 17, 40]


def test_years_are_plain_quantities():
    # The toll grammar, not the number finder, decides that "2011" counts nothing.
    assert [q.value for q in find_quantities("depuis 2011")] == [2011]
