"""Perpetrator and target from the words of a clause."""

from __future__ import annotations

from vigie.events.actors import find_actors


def roles(clause: str) -> tuple[str, str | None]:
    a = find_actors(clause.replace("’", "'"))
    return a.actor1, a.actor2


def test_subject_and_target():
    assert roles("L'aviation syrienne a tué près de 100 personnes dans les raids contre Raqqa, la capitale du groupe Etat islamique") == ("Syrian government forces", "Islamic State")
    assert roles("Au moins 95 personnes ont péri dans les frappes menées par l'aviation du régime Assad mardi") == ("Syrian government forces", None)
    assert roles("Mardi, Moscou a bombardé 12 cibles liées à l'EI") == ("Russian armed forces", "Islamic State")
    assert roles("les forces du régime ont lancé une attaque contre les rebelles") == ("Syrian government forces", "Syrian rebels")


def test_alternatives_are_unidentified_with_candidates():
    a = find_actors("au moins 12 civils ont été tués jeudi dans des attaques aériennes du régime syrien ou de l'aviation russe")
    assert a.actor1 == "Unidentified"
    assert a.actor1_candidates == ["Syrian government forces", "Russian armed forces"]


def test_a_coalition_of_rebels_is_not_the_us_led_coalition():
    actor1, actor2 = roles("une coalition regroupant des rebelles islamistes et la branche syrienne d'Al-Qaïda a mené cinq attentats-suicide contre des positions d'une milice prorégime")
    assert actor1 == "Syrian rebels" and actor2 == "Pro-government militias"
    assert roles("des avions de la coalition internationale conduite par les Etats-Unis ont frappé")[0] == "US-led coalition"


def test_iraqi_forces_and_islamic_state_aliases():
    assert roles("les forces irakiennes ont repris le contrôle de Ramadi aux jihadistes de l'EI") == ("Iraqi government forces", "Islamic State")
    assert roles("Daech a exécuté onze hommes") == ("Islamic State", None)


def test_an_alias_with_its_own_preposition_can_be_the_target():
    a = find_actors("une bombe artisanale a explosé au passage d'une patrouille de l'armée à Abou Ghraib")
    assert (a.actor1, a.actor2) == ("Unidentified", "@government")
    a = find_actors("un kamikaze avait visé des combattants kurdes près de Kirkouk")
    assert (a.actor1, a.actor2) == ("Unidentified", "Kurdish forces (YPG/SDF)")
