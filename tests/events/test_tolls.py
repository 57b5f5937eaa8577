"""The French casualty-figure grammar: every death toll of one sentence, with whom it counts and
its role. Sentences are quoted from the seeds (../shared/seeds) and examples/articles, or written
in the style of AFP/Reuters French wire copy."""

import re

import pytest

from vigie.events.tolls import Toll, find_tolls


def read(sentence: str) -> list[tuple]:
    """(value, qualifier, group, role, side) of each toll, after checking its span."""
    found = find_tolls(sentence)
    for t in found:
        assert sentence[t.start:t.end] == t.text
        assert t.start <= t.quantity.start < t.quantity.end <= t.end
    return [(t.quantity.value, t.quantity.qualifier, t.group, t.role, t.side) for t in found]


def only(sentence: str) -> Toll:
    found = find_tolls(sentence)
    assert len(found) == 1, found
    return found[0]


# --- The cases the extractor relies on ---------------------------------------------------------


def test_people_perished():
    s = "Au moins 95 personnes ont péri dans les frappes menées par l'aviation du régime Assad mardi"
    assert read(s) == [(95, "at least", "all", "toll", None)]
    assert only(s).text == "Au moins 95 personnes"


def test_verb_before_figure_nearly():
    t = only("L'aviation syrienne a tué près de 100 personnes dans les raids les plus meurtriers jamais menés contre Raqqa.")
    assert (t.quantity.value, t.quantity.qualifier, t.quantity.approximate, t.group, t.role) == (100, "nearly", True, "all", "toll")
    assert t.text == "près de 100 personnes"


def test_civilians_among_the_victims_is_a_civilian_toll():
    s = ("Au moins 52 civils figurent parmi les victimes, selon l'ONG qui s'appuie sur un large réseau "
         "d'informateurs et de militants dans le pays ravagé par la guerre depuis mars 2011.")
    assert read(s) == [(52, "at least", "civilian", "toll", None)]  # "depuis mars 2011" is too far


def test_civilians_killed():
    s = "notamment à Alep (nord), où au moins 12 civils ont été tués jeudi dans des attaques aériennes du régime"
    assert read(s) == [(12, "at least", "civilian", "toll", None)]


def test_made_n_dead_with_attribution_between():
    s = "Elle a réalisé vendredi 25 frappes aériennes sur le secteur de Palmyre, qui ont fait selon l'OSDH au moins 26 morts."
    assert read(s) == [(26, "at least", "all", "toll", None)]


def test_of_the_dead_some_are_fighters_and_no_civilian_figure():
    s = "Sur les 26 morts dénombrés, 12 sont des combattants de l'EI, détaille l'ONG."
    assert read(s) == [(26, "exact", "all", "toll", None), (12, "exact", "combatant", "part", "combattants de l'EI")]
    assert [t.text for t in find_tolls(s)] == ["26 morts", "12 sont des combattants de l'EI"]


def test_dead_among_civilians_and_jihadists_is_mixed():
    s = "l'aviation du régime avait frappé Raqa, faisant au moins 18 morts parmi les civils et les djihadistes."
    assert read(s) == [(18, "at least", "all", "toll", None)]


def test_spelled_toll_with_civilian_part():
    s = "largué mercredi une pluie de barils explosifs sur Alep, tuant vingt-six personnes, dont 14 civils, a indiqué jeudi l'OSDH."
    assert read(s) == [(26, "exact", "all", "toll", None), (14, "exact", "civilian", "part", None)]


def test_cost_the_lives_of_two_sides():
    s = ("Depuis mardi, ces combats ont coûté la vie à au moins 19 soldats et miliciens prorégime "
         "et à 23 combattants rebelles, selon l'OSDH.")
    assert read(s) == [
        (19, "at least", "combatant", "toll", "soldats et miliciens prorégime"),
        (23, "exact", "combatant", "toll", "combattants rebelles"),
    ]


def test_previous_toll():
    assert read("Un précédent bilan faisait état de 30 morts.") == [(30, "exact", "all", "previous", None)]


def test_updated_toll_and_previous_figure():
    s = "Le bilan des raids s'est alourdi à 38 morts, dont au moins 20 civils, contre 30 précédemment."
    assert read(s) == [
        (38, "exact", "all", "toll", None),
        (20, "at least", "civilian", "part", None),
        (30, "exact", "all", "previous", None),
    ]


def test_war_total_since_a_year():
    s = "La guerre en Syrie a fait plus de 270.000 morts depuis 2011, selon l'OSDH, et poussé plus de la moitié de la population à fuir."
    assert read(s) == [(270000, "more than", "all", "period", None)]


@pytest.mark.parametrize("figure", ["4 000", "4.000"])
def test_war_total_in_parentheses(figure):
    s = (f"Le régime, qui a tiré avantage de la guerre entre l'EI et les autres insurgés début 2014 "
         f"(au moins {figure} morts), a commencé il y a quelques mois à taper l'EI.")
    assert read(s) == [(4000, "at least", "all", "period", None)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Plus de 280.000 personnes ont été tuées en Syrie depuis le début du conflit en mars 2011.",
        "Selon l'ONU, les violences ont coûté la vie à plus de 12.000 civils en Irak au cours de l'année 2014.",
        "Déclenché en mars 2011, le conflit a fait plus de 270.000 morts et des millions de déplacés.",
        "L'EI a exécuté au moins 400 personnes en cinq ans dans la province.",
        "Depuis le 30 septembre, les frappes russes ont tué plus de 1.000 civils, selon l'OSDH.",
        "depuis août il a décapité cinq otages occidentaux enlevés en Syrie.",
        "Daech, qui s'est emparé de Palmyre en mai 2015, y a déjà tué des dizaines de personnes.",
    ],
)
def test_long_period_totals(sentence):
    assert [t.role for t in find_tolls(sentence)] == ["period"]


# --- Figures that are not death tolls ----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Elle a réalisé vendredi 25 frappes aériennes sur le secteur de Palmyre.",
        "ses bombardiers avaient détruit « 206 cibles terroristes » et 12 cibles près d'Alep",
        "plus de 250 roquettes se sont abattues sur les villages de Foua et Kafraya",
        "Raqa et ses alentours, qui comptaient avant la guerre plus de 200.000 habitants, ont été aussi pris pour cibles.",
        "une coalition a mené cinq attentats-suicide à la voiture piégée contre des positions d'une milice prorégime",
        "six avions-bombardiers ont frappé au moins quatre lieux dans la province de Hama",
        "Accusé de crimes contre l'Humanité, l'EI regroupe des dizaines de milliers de combattants, dont des étrangers.",
        "Si elle y parvient, quelque 300.000 habitants pourraient se retrouver assiégés, a averti l'ONU.",
        "Quelque 400.000 personnes vivent dans la Ghouta orientale, soumise depuis 2013 à un siège.",
        "Jaich al-Islam y retient selon Damas des dizaines de civils et de soldats capturés.",
        "L'explosion a frappé le marché, blessant 40 personnes.",
        "Au moins 40 personnes, dont 12 enfants, ont été blessées.",
        "La police a arrêté 12 personnes soupçonnées d'avoir préparé l'attentat.",
        "Les secouristes disent pourtant en avoir compté plus de quarante depuis le début de la semaine.",
        "Le Hezbollah a déployé 3 000 combattants dans la région.",
        "Le bilan de 2014 est le plus lourd depuis le début du conflit.",
        "BEYROUTH, 20 novembre 2015 (AFP) - Le régime a mené plus de 50 raids aériens en vingt-quatre heures.",
    ],
)
def test_not_a_toll(sentence):
    assert find_tolls(sentence) == []


def test_bodies_are_dead():
    assert read("« Nous avons sorti onze corps des décombres, et il en reste d'autres en dessous. »") == [
        (11, "exact", "all", "toll", None)
    ]


def test_approximate_jihadists_perished():
    t = only("Dans la province voisine de Deir Ezzor, une vingtaine de jihadistes ont péri jeudi dans des frappes.")
    assert (t.quantity.value, t.quantity.approximate, t.quantity.vague, t.group, t.side) == (20, True, False, "combatant", "jihadistes")


def test_vague_terrorists_killed():
    t = only("La télévision d'Etat a affirmé que « des dizaines de terroristes » avaient été tués dans la région.")
    assert (t.quantity.value, t.quantity.vague, t.group, t.role, t.side) == (12, True, "combatant", "toll", "terroristes")


def test_injured_are_left_out():
    assert read("Le gouverneur de Homs a fait état de 17 morts et 40 blessés.") == [(17, "exact", "all", "toll", None)]
    assert read("Au moins 17 personnes ont été tuées et une quarantaine blessées jeudi matin.") == [
        (17, "at least", "all", "toll", None)
    ]
    assert read("Les raids ont tué 5 civils et blessé 12 personnes.") == [(5, "exact", "civilian", "toll", None)]
    assert read("Le kamikaze a tué 5 civils et a blessé 12 autres.") == [(5, "exact", "civilian", "toll", None)]


# --- Parts of a toll ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("au moins dix-sept personnes, dont six enfants, ont été tuées",
         [(17, "at least", "all", "toll", None), (6, "exact", "civilian", "part", None)]),
        ("Au moins 33 personnes, dont douze civils, ont été tuées jeudi dans des frappes aériennes russes sur Raqa.",
         [(33, "at least", "all", "toll", None), (12, "exact", "civilian", "part", None)]),
        ("Des raids aériens sur Idleb ont tué mercredi au moins 23 personnes, dont 9 enfants, a indiqué l'OSDH.",
         [(23, "at least", "all", "toll", None), (9, "exact", "civilian", "part", None)]),
        ("Les 21 autres victimes sont des membres de l'EI, selon la même source.",
         [(21, "exact", "combatant", "part", "membres de l'EI")]),
        ("Raqa pilonnée par l'aviation russe : 33 morts dont 12 civils",
         [(33, "exact", "all", "toll", None), (12, "exact", "civilian", "part", None)]),
        ("Au moins 47 civils figurent parmi les victimes, dont onze enfants, a précisé l'ONG.",
         [(47, "at least", "civilian", "toll", None), (11, "exact", "civilian", "part", None)]),
        ("Les victimes, parmi lesquelles figurent deux adolescents, ont été abattues par balles.",
         [(2, "exact", "civilian", "part", None)]),
        ("Les frappes russes ont tué 33 personnes, dont 12 civils et 21 jihadistes.",
         [(33, "exact", "all", "toll", None), (12, "exact", "civilian", "part", None),
          (21, "exact", "combatant", "part", "jihadistes")]),
        ("L'attentat a fait 12 morts, dont 5 policiers.",
         [(12, "exact", "all", "toll", None), (5, "exact", "combatant", "part", "policiers")]),
        ("Parmi les 33 morts figurent 12 civils.",
         [(33, "exact", "all", "toll", None), (12, "exact", "civilian", "part", None)]),
        ("Au moins 12 personnes, parmi lesquelles 5 enfants, ont été tuées.",
         [(12, "at least", "all", "toll", None), (5, "exact", "civilian", "part", None)]),
        ("Un précédent bilan faisait état de 30 morts, dont 10 civils.",
         [(30, "exact", "all", "previous", None), (10, "exact", "civilian", "previous", None)]),
    ],
)
def test_parts(sentence, expected):
    assert read(sentence) == expected


# --- Who the figure counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Des femmes et au moins trois enfants figurent parmi les morts, selon une source hospitalière.",
         [(3, "at least", "civilian", "toll", None)]),
        # Children among the civilians killed divide the civilian toll: parts, so the civilian
        # figure stays the toll's 14, not the 3 women.
        ("Parmi les civils tués figurent cinq enfants et trois femmes, selon l'ONG.",
         [(5, "exact", "civilian", "part", None), (3, "exact", "civilian", "part", None)]),
        ("Parmi les morts figurent trois enfants, selon une source médicale.",
         [(3, "exact", "civilian", "part", None)]),
        ("Les combats ont fait plus de 50 morts parmi les forces de sécurité et les combattants des tribus sunnites alliées au gouvernement.",
         [(50, "more than", "combatant", "toll", "forces de sécurité et les combattants des tribus sunnites")]),
        ("Le ministère a assuré que des dizaines de combattants de l'EI avaient été tués par l'armée.",
         [(12, "about", "combatant", "toll", "combattants de l'EI")]),
        ("Au moins 14 soldats et 17 rebelles ont été tués depuis lundi, selon l'OSDH.",
         [(14, "at least", "combatant", "toll", "soldats"), (17, "exact", "combatant", "toll", "rebelles")]),
        ("Les combats de mercredi ont fait 26 morts dans les rangs jihadistes et 4 parmi les FDS, selon l'OSDH.",
         [(26, "exact", "combatant", "toll", "jihadistes"), (4, "exact", "combatant", "toll", "FDS")]),
        ("l'armée a repris la colline de Tall al-Hamra, après des combats qui ont fait six morts dans ses rangs.",
         [(6, "exact", "unknown-side", "toll", None)]),
        ("Les peshmergas affirment avoir repoussé un assaut de l'EI et abattu onze assaillants.",
         [(11, "exact", "unknown-side", "toll", None)]),
        ("Les frappes ont tué une dizaine de détenus et plusieurs gardes, selon des militants locaux.",
         [(10, "about", "all", "toll", None), (3, "about", "unknown-side", "toll", None)]),
        ("Les combats et les frappes aériennes ont tué mardi au moins 18 combattants de l'EI et 9 soldats et miliciens prorégime aux abords de la localité.",
         [(18, "at least", "combatant", "toll", "combattants de l'EI"),
          (9, "exact", "combatant", "toll", "soldats et miliciens prorégime")]),
        ("En Irak voisin, l'EI a exécuté dimanche 15 anciens membres des forces de sécurité dans un camp militaire.",
         [(15, "exact", "combatant", "toll", "membres des forces de sécurité")]),
        ("Le groupe jihadiste a par ailleurs exécuté mercredi trois hommes accusés d'avoir renseigné la coalition.",
         [(3, "exact", "all", "toll", None)]),
        ("un kamikaze s'est fait exploser contre une position des peshmergas, tuant sept d'entre eux, a annoncé un responsable.",
         [(7, "exact", "all", "toll", None)]),
        ("La frappe a tué 12 membres d'une même famille dans le village.",
         [(12, "exact", "civilian", "toll", None)]),
        ("Les combats ont fait 30 morts de part et d'autre.",
         [(30, "exact", "unknown-side", "toll", None)]),
        ("12 soldats syriens ont été tués jeudi dans une embuscade.",
         [(12, "exact", "combatant", "toll", "soldats syriens")]),
        ("Un civil et deux soldats ont été tués par un obus.",
         [(1, "exact", "civilian", "toll", None), (2, "exact", "combatant", "toll", "soldats")]),
        ("Un enfant de 12 ans a été tué par un tireur embusqué.",
         [(1, "exact", "civilian", "toll", None)]),
    ],
)
def test_groups(sentence, expected):
    assert read(sentence) == expected


# --- More wire-copy wording --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Parmi les blessés figurent 3 enfants.", []),
        ("Selon un bilan de l'OSDH publié mardi, au moins 95 personnes ont perdu la vie lorsque des avions du régime ont frappé un marché.",
         [(95, "at least", "all", "toll", None)]),
        ("En représailles, les rebelles ont tiré des dizaines d'obus de mortier sur Damas, tuant quatre personnes, selon Sana.",
         [(4, "exact", "all", "toll", None)]),
        ("Deux voitures piégées ont explosé lundi soir à Homs, tuant au moins 22 personnes, a indiqué mardi l'OSDH.",
         [(22, "at least", "all", "toll", None)]),
        ("Le bilan s'élève désormais à 45 morts et 80 blessés, selon la police.",
         [(45, "exact", "all", "toll", None)]),
        ("Le bilan s'élève à 40, selon une source médicale.",
         [(40, "exact", "all", "toll", None)]),
        ("Vingt personnes ont trouvé la mort dans l'effondrement de l'immeuble bombardé.",
         [(20, "exact", "all", "toll", None)]),
        ("Trois soldats sont morts dans l'attaque, a indiqué l'armée.",
         [(3, "exact", "combatant", "toll", "soldats")]),
        ("L'armée a perdu 12 soldats dans les combats.",
         [(12, "exact", "combatant", "toll", "soldats")]),
        ("Homs a été frappée par des attentats, dont l'un avait fait plusieurs dizaines de morts en février.",
         [(12, "about", "all", "toll", None)]),
        ("L'explosion a fait 1 500 morts, selon les autorités.",
         [(1500, "exact", "all", "toll", None)]),
        ("12 civils ont été tués par 3 kamikazes.",
         [(12, "exact", "civilian", "toll", None)]),
        ("Un raid a fait 12 morts, le plus meurtrier depuis le début de l'année.",
         [(12, "exact", "all", "toll", None)]),
        ("Depuis mardi, 40 personnes ont été tuées dans la ville.",
         [(40, "exact", "all", "toll", None)]),
        ("Le bilan est passé de 30 à 38 morts.",
         [(30, "exact", "all", "previous", None), (38, "exact", "all", "toll", None)]),
        ("Au moins 30 personnes ont été tuées, 12 soldats et 18 civils, selon l'OSDH.",
         [(30, "at least", "all", "toll", None), (12, "exact", "combatant", "part", "soldats"),
          (18, "exact", "civilian", "part", None)]),
        ("12 civils ont été tués jeudi, 3 soldats vendredi.",
         [(12, "exact", "civilian", "toll", None), (3, "exact", "combatant", "toll", "soldats")]),
        ("Les frappes ont fait 38 morts, dont 20 civils et 5 enfants.",
         [(38, "exact", "all", "toll", None), (20, "exact", "civilian", "part", None), (5, "exact", "civilian", "part", None)]),
        ("Cinq soldats ont tué 12 civils lors d'un raid, selon des militants.",
         [(12, "exact", "civilian", "toll", None)]),
        ("Deux kamikazes se sont fait exploser, tuant 15 personnes.",
         [(15, "exact", "all", "toll", None)]),
        ("Deux fillettes âgées de 5 et 7 ans ont été tuées.",
         [(2, "exact", "civilian", "toll", None)]),
        ("Sur les 33 morts, 12 étaient des civils.",
         [(33, "exact", "all", "toll", None), (12, "exact", "civilian", "part", None)]),
        ("16 civils syriens, dont 4 enfants, sont morts noyés.",
         [(16, "exact", "civilian", "toll", None), (4, "exact", "civilian", "part", None)]),
    ],
)
def test_wire_copy(sentence, expected):
    assert read(sentence) == expected


def test_sides_are_quoted_as_written():
    tolls = find_tolls("ces combats ont coûté la vie à au moins 19 soldats et miliciens prorégime et à 23 combattants rebelles")
    assert [t.text for t in tolls] == ["au moins 19 soldats et miliciens prorégime", "23 combattants rebelles"]


def test_spans_are_sentence_offsets():
    s = "BEYROUTH (AFP) - Au moins 33 personnes, dont douze civils, ont été tuées jeudi."
    first, second = find_tolls(s)
    assert s[first.start:first.end] == "Au moins 33 personnes"
    assert s[second.start:second.end] == "douze civils"
    assert first.quantity.text == "Au moins 33"


def test_empty_and_figureless_sentences():
    assert find_tolls("") == []
    assert find_tolls("Le régime de Bachar al-Assad nie utiliser ces armes.") == []


# --- Whole articles ----------------------------------------------------------------------------


def article_tolls(text: str) -> list[tuple]:
    """Tolls of an article's sentences (split naively: the grammar only needs sentence-sized text)."""
    body = text.split("Commentaires")[0]  # reader comments are never evidence
    return [(t.quantity.value, t.group, t.role) for s in re.split(r"(?<=[.!?])\s+|\n+", body) for t in find_tolls(s)]


def test_seed_palmyra_raids(seeds_dir):
    text = (seeds_dir / "003_037b71889fdd9b2d.txt").read_text(encoding="utf-8")
    # Title twice, lead, "Sur les 26 morts dénombrés, 12 sont des combattants de l'EI", Raqa the day before;
    # "25 frappes", "douze reprises", "cinq attentats-suicide", "250 roquettes" count nothing.
    assert article_tolls(text) == [
        (26, "all", "toll"), (26, "all", "toll"), (26, "all", "toll"), (26, "all", "toll"),
        (12, "combatant", "part"), (18, "all", "toll"),
    ]


def test_example_aleppo_barrels(examples_dir):
    text = (examples_dir / "ex01_alep_barils.txt").read_text(encoding="utf-8")
    assert article_tolls(text) == [
        (26, "all", "toll"), (14, "civilian", "part"),  # tuant vingt-six personnes, dont 14 civils
        (5, "civilian", "part"), (3, "civilian", "part"),  # Parmi les civils tués figurent cinq enfants et trois femmes
        (11, "all", "toll"),  # onze corps
        (19, "combatant", "toll"), (23, "combatant", "toll"),
        (12, "combatant", "toll"),  # « des dizaines de terroristes » avaient été tués
        (38, "all", "toll"), (20, "civilian", "part"), (30, "all", "previous"),
        (270000, "all", "period"),
        (26, "all", "toll"), (14, "civilian", "part"),  # the teaser repeats the lead
    ]
