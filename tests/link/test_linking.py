"""Cross-outlet linking on dispatches written for the purpose, stable ids, stories."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import dump, rows
from vigie.export import incident_records
from vigie.link.ids import resolve
from vigie.runner import run
from vigie.store import connect


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")


def violent(db: Path) -> list[dict]:
    with connect(db) as conn:
        return [r for r in incident_records(conn) if r["event_type"] != "Strategic developments"]


THREE_OUTLETS = {
    "lefil_douma": (
        "Syrie : au moins 40 morts dans des raids sur Douma\n\n"
        "Par Le Fil | Publié le 12 janvier 2016 à 09h10\n\n"
        "Au moins 40 personnes ont été tuées lundi dans des raids aériens du régime sur Douma, "
        "principal bastion rebelle de la Ghouta orientale, a indiqué l'Observatoire syrien des droits de "
        "l'Homme (OSDH). Les frappes ont visé un marché très fréquenté en fin de matinée.\n"
    ),
    "gazette_douma": (
        "Carnage sur un marché de Douma\n\n"
        "Par La Gazette | Publié le 12 janvier 2016 à 15h40\n\n"
        "Cinquante-deux personnes ont péri lundi lorsque des avions du régime ont bombardé un marché de "
        "Douma, selon des secouristes de la Défense civile, qui continuaient de fouiller les décombres dans "
        "la soirée pour retrouver d'éventuels survivants.\n"
    ),
    "quotidien_douma": (
        "Douma sous les bombes\n\n"
        "Par Le Quotidien | Publié le 13 janvier 2016 à 07h00\n\n"
        "Une soixantaine de personnes ont été tuées lundi dans les bombardements aériens du régime sur "
        "Douma, près de Damas, selon des militants locaux qui ont diffusé des images des destructions "
        "sur les réseaux sociaux.\n"
    ),
}


def test_one_strike_reported_by_three_outlets_is_one_record(tmp_path: Path, db: Path):
    for name, text in THREE_OUTLETS.items():
        write(tmp_path / "in", name, text)
    run([tmp_path / "in"], db)
    [inc] = violent(db)
    assert {s["doc_id"] for s in inc["sources"]} == set(THREE_OUTLETS)
    assert (inc["fatalities_low"], inc["fatalities_best"], inc["fatalities_high"]) == (40, 52, 60)
    assert inc["event_date"] == "2016-01-11"
    assert sorted({f["n"] for f in inc["figures"]}) == [40, 52, 60]
    assert "low" in next(f for f in inc["figures"] if f["n"] == 40)["used_for"]


def test_same_city_struck_on_two_consecutive_days_stays_two_records(tmp_path: Path, db: Path):
    write(tmp_path / "in", "lundi", (
        "Raids sur Douma\n\nPar Le Fil | Publié le 12 janvier 2016 à 09h10\n\n"
        "Au moins 40 personnes ont été tuées lundi dans des raids aériens du régime sur Douma, a indiqué l'OSDH, "
        "qui dispose d'un large réseau de sources sur le terrain.\n"
    ))
    write(tmp_path / "in", "mardi", (
        "Nouveaux raids sur Douma\n\nPar La Gazette | Publié le 13 janvier 2016 à 18h00\n\n"
        "Au moins 35 personnes ont été tuées mardi dans de nouveaux raids aériens du régime sur Douma, "
        "au lendemain d'un bombardement meurtrier, a indiqué l'OSDH.\n"
    ))
    run([tmp_path / "in"], db)
    dates = sorted(i["event_date"] for i in violent(db))
    assert dates == ["2016-01-11", "2016-01-12"]


def test_two_places_on_the_same_day_stay_apart(tmp_path: Path, db: Path):
    write(tmp_path / "in", "a", "Raids\n\nPar Le Fil | Publié le 12 janvier 2016\n\nAu moins 40 personnes ont été tuées lundi dans des raids aériens du régime sur Douma, a indiqué l'OSDH.\n")
    write(tmp_path / "in", "b", "Raids\n\nPar La Gazette | Publié le 12 janvier 2016\n\nAu moins 30 personnes ont été tuées lundi dans des raids aériens du régime sur Alep, a indiqué l'OSDH.\n")
    run([tmp_path / "in"], db)
    assert sorted(i["location"] for i in violent(db)) == ["Aleppo", "Duma"]


def test_an_updated_toll_later_the_same_day_supersedes_as_best(tmp_path: Path, db: Path):
    write(tmp_path / "in", "matin", (
        "Raids sur Maaret al-Noomane\n\nPar Le Fil | Publié le 18 février 2016 à 09h00\n\n"
        "Au moins 30 personnes ont été tuées jeudi matin dans des raids aériens sur un marché de Maaret al-Noomane, "
        "a indiqué l'Observatoire syrien des droits de l'Homme (OSDH).\n"
    ))
    write(tmp_path / "in", "soir", (
        "Le bilan s'alourdit à Maaret al-Noomane\n\nPar La Gazette | Publié le 18 février 2016 à 17h30\n\n"
        "Le bilan des raids aériens qui ont visé jeudi matin un marché de Maaret al-Noomane s'est alourdi à 38 morts, "
        "a annoncé l'OSDH dans l'après-midi.\n"
    ))
    run([tmp_path / "in"], db)
    [inc] = violent(db)
    assert (inc["fatalities_low"], inc["fatalities_best"]) == (30, 38)
    assert "best" in next(f for f in inc["figures"] if f["n"] == 38)["used_for"]


def test_an_undated_copy_gets_its_date_through_the_link(tmp_path: Path, db: Path):
    write(tmp_path / "in", "dated", (
        "Raids sur Douma\n\nPar Le Fil | Publié le 12 janvier 2016\n\n"
        "Au moins 40 personnes ont été tuées lundi dans des raids aériens du régime sur Douma, a indiqué l'OSDH.\n"
    ))
    write(tmp_path / "in", "undated", (
        "Douma pleure ses morts\n\n"
        "Des habitants de Douma enterraient leurs proches après des raids aériens du régime qui ont fait au moins "
        "40 morts dans la ville, selon l'OSDH.\n"
    ))
    run([tmp_path / "in"], db)
    [inc] = violent(db)
    assert {s["doc_id"] for s in inc["sources"]} == {"dated", "undated"}
    assert inc["event_date"] == "2016-01-11"


def test_ids_survive_reruns_and_new_articles(tmp_path: Path, db: Path):
    for name in ("lefil_douma", "gazette_douma"):
        write(tmp_path / "in", name, THREE_OUTLETS[name])
    write(tmp_path / "in", "alep", "Raids\n\nPar Le Fil | Publié le 12 janvier 2016\n\nAu moins 30 personnes ont été tuées lundi dans des raids aériens du régime sur Alep, a indiqué l'OSDH.\n")
    run([tmp_path / "in"], db)
    first = {i["location"]: i["id"] for i in violent(db)}
    before = dump(db)
    run([tmp_path / "in"], db)
    assert dump(db) == before
    write(tmp_path / "in", "quotidien_douma", THREE_OUTLETS["quotidien_douma"])
    run([tmp_path / "in"], db)
    assert {i["location"]: i["id"] for i in violent(db)} == first
    assert all(i["id"].startswith("SYR") for i in violent(db))


def test_an_absorbed_incident_forwards_to_the_one_that_absorbed_it(tmp_path: Path, db: Path):
    # An undated, tollless report first stands alone; a later article ties it to the dated one.
    write(tmp_path / "in", "a", "Raids\n\nPar Le Fil | Publié le 12 janvier 2016\n\nAu moins 40 personnes ont été tuées lundi dans des raids aériens du régime sur Douma, a indiqué l'OSDH.\n")
    write(tmp_path / "in2", "b", "Douma\n\nDes raids aériens du régime sur Douma ont fait au moins 41 morts, selon l'OSDH, qui craint un bilan plus lourd.\n")
    run([tmp_path / "in"], db)
    run([tmp_path / "in2"], db)
    ids = [i["id"] for i in violent(db)]
    assert len(ids) == 1
    with connect(db) as conn:
        forwards = conn.execute("SELECT old_id, new_id FROM incident_forwards").fetchall()
        for old, new in forwards:
            assert resolve(conn, old) == new == ids[0]


def test_stories_group_the_coverage(tmp_path: Path, db: Path):
    for name, text in THREE_OUTLETS.items():
        write(tmp_path / "in", name, text)
    write(tmp_path / "in", "autre", "Kerry à Moscou\n\nPar Le Fil | Publié le 14 juillet 2016\n\nLe secrétaire d'Etat américain John Kerry est arrivé jeudi soir à Moscou pour rencontrer Vladimir Poutine et discuter de la Syrie.\n")
    run([tmp_path / "in"], db)
    stories = rows(db, "SELECT * FROM stories ORDER BY n_documents DESC")
    assert [s["n_documents"] for s in stories] == [3, 1]
    assert stories[0]["label"] == "Syrie : au moins 40 morts dans des raids sur Douma"


def test_seed_s01_is_one_record_from_both_outlets(seeds_dir: Path, db: Path):
    run([seeds_dir], db)
    raqqa = [i for i in violent(db) if i["admin1"] == "Raqqa" and i["event_date"] == "2014-11-25"]
    assert len(raqqa) == 1
    inc = raqqa[0]
    assert {s["doc_id"] for s in inc["sources"]} == {"000_a9d47bbb5a0df270", "001_3d2d1b338fec40bb"}
    assert (inc["fatalities_low"], inc["civilian_fatalities_low"]) == (95, 52)


def test_an_incremental_run_links_like_a_full_one(tmp_path: Path, db: Path):
    for name in ("lefil_douma", "gazette_douma"):
        write(tmp_path / "in", name, THREE_OUTLETS[name])
    run([tmp_path / "in"], db)
    write(tmp_path / "in", "quotidien_douma", THREE_OUTLETS["quotidien_douma"])
    run([tmp_path / "in"], db)  # only the new report and the incident it touches are re-linked
    incremental = [(i["event_date"], i["fatalities_low"], i["fatalities_best"], sorted(s["doc_id"] for s in i["sources"])) for i in violent(db)]
    with connect(db) as conn:
        from vigie.link import link_incidents

        link_incidents(conn, incremental=False)
    full = [(i["event_date"], i["fatalities_low"], i["fatalities_best"], sorted(s["doc_id"] for s in i["sources"])) for i in violent(db)]
    assert incremental == full and len(full[0][3]) == 3


def test_reports_are_rebuilt_only_for_groups_whose_mentions_changed(tmp_path: Path, db: Path):
    from vigie.link.reports import changed_groups, rebuild_reports

    for name in ("lefil_douma", "gazette_douma"):
        write(tmp_path / "in", name, THREE_OUTLETS[name])
    run([tmp_path / "in"], db)
    with connect(db) as conn:
        assert changed_groups(conn) == []  # the run left every group's reports up to date
        before = {r[0] for r in conn.execute("SELECT key FROM reports")}
    # A new article, and a copy of an old one (it joins that article's group).
    write(tmp_path / "in", "quotidien_douma", THREE_OUTLETS["quotidien_douma"])
    write(tmp_path / "in", "reprise_lefil", THREE_OUTLETS["lefil_douma"].replace("Par Le Fil", "Par Le Relais"))

    run([tmp_path / "in"], db)
    with connect(db) as conn:
        incremental = conn.execute("SELECT * FROM reports ORDER BY key").fetchall()
        assert changed_groups(conn) == []
        rebuild_reports(conn, full=True)
        full = conn.execute("SELECT * FROM reports ORDER BY key").fetchall()
        groups = dict(conn.execute("SELECT id, dedup_group FROM documents").fetchall())
    assert [tuple(r) for r in incremental] == [tuple(r) for r in full]
    assert groups["reprise_lefil"] == groups["lefil_douma"]
    assert len({r[0] for r in full} - before) >= 1


def test_a_changed_mention_marks_its_group_for_rebuilding(tmp_path: Path, db: Path):
    from vigie.link.reports import changed_groups

    write(tmp_path / "in", "lefil_douma", THREE_OUTLETS["lefil_douma"])
    run([tmp_path / "in"], db)
    with connect(db) as conn:
        group = conn.execute("SELECT dedup_group FROM documents").fetchone()[0]
        conn.execute("UPDATE mentions SET digest = 'changed' WHERE seq = 0")
        assert changed_groups(conn) == [group]
        conn.execute("DELETE FROM mentions")
        assert changed_groups(conn) == [group]  # reports of a group with no mentions left go too


def test_similar_headlines_found_by_prefix_filtering_equal_every_pair_compared():
    """The prefix filter may only skip pairs that cannot reach the threshold."""
    import datetime as dt
    import random

    from vigie.link.stories import TITLE_JACCARD, TITLE_WINDOW_DAYS, _content_words, similar_titles

    rng = random.Random(7)
    vocab = ["raqa", "alep", "frappes", "russes", "régime", "offensive", "civils", "morts", "douma", "trêve",
             "kurdes", "jihadistes", "pilonnée", "aviation", "bastion", "rebelles", "attentat", "damas"]
    docs = []
    for i in range(300):
        day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(40))
        title = " ".join(rng.sample(vocab, rng.randint(2, 6))) if rng.random() > 0.05 else None
        docs.append((f"d{i:03d}", title, day.isoformat()))
    expected = set()
    for a in docs:
        for b in docs:
            wa, wb = _content_words(a[1]), _content_words(b[1])
            days = abs((dt.date.fromisoformat(a[2]) - dt.date.fromisoformat(b[2])).days)
            if a[0] < b[0] and wa and wb and days <= TITLE_WINDOW_DAYS and len(wa & wb) / len(wa | wb) >= TITLE_JACCARD:
                expected.add((a[0], b[0]))
    found = {tuple(sorted(p)) for p in similar_titles(docs)}
    assert found == expected and len(expected) > 50


def test_scoped_candidate_searches_find_what_the_full_join_finds(tmp_path: Path, db: Path):
    """The incremental searches start from the new items through the indexes; they must find
    exactly the pairs of the full self-join that involve those items."""
    from vigie.dedup.groups import _PENDING
    from vigie.dedup.groups import candidate_pairs as band_pairs
    from vigie.link.linker import candidate_pairs as report_pairs

    for name, text in THREE_OUTLETS.items():
        write(tmp_path / "in", name, text)
        write(tmp_path / "in", name + "_copie", text.replace("Par ", "Repris par "))
    run([tmp_path / "in"], db)
    with connect(db) as conn:
        keys = sorted(r[0] for r in conn.execute("SELECT key FROM reports"))
        full = report_pairs(conn)
        for scope in ({keys[0]}, set(keys[1:3]), set(keys)):
            assert report_pairs(conn, scope) == [p for p in full if p[0] in scope or p[1] in scope]
        assert full
        conn.execute("UPDATE documents SET deduped = 0 WHERE id LIKE '%gazette%'")
        pending = {r[0] for r in conn.execute(_PENDING)}
        everything = [tuple(p) for p in band_pairs(conn)]
        scoped = [tuple(p) for p in band_pairs(conn, pending_only=True)]
        assert scoped == [p for p in everything if p[0] in pending or p[1] in pending] and scoped
        conn.rollback()


def test_an_undated_report_joins_one_dated_incident_never_two(tmp_path: Path, db: Path):
    # Douma struck on Monday and again on Tuesday (two dated reports), and an undated article
    # about raids on Douma: it may join one of them, it must not chain them into one record.
    write(tmp_path / "in", "lundi", (
        "Raids sur Douma\n\nPar Le Fil | Publié le 12 janvier 2016\n\n"
        "Au moins 40 personnes ont été tuées lundi dans des raids aériens du régime sur Douma, a indiqué l'OSDH.\n"
    ))
    write(tmp_path / "in", "mardi", (
        "Nouveaux raids sur Douma\n\nPar La Gazette | Publié le 13 janvier 2016\n\n"
        "Trente-cinq personnes ont péri mardi dans des raids aériens du régime sur Douma, selon la Défense civile.\n"
    ))
    write(tmp_path / "in", "sans_date", (
        "Douma pleure ses morts\n\n"
        "Des habitants de Douma enterraient leurs proches après des raids aériens du régime qui ont fait "
        "au moins 38 morts dans la ville, selon des militants locaux.\n"
    ))
    run([tmp_path / "in"], db)
    incidents = violent(db)
    assert sorted(i["event_date"] for i in incidents) == ["2016-01-11", "2016-01-12"]
    cited = [{s["doc_id"] for s in i["sources"]} for i in incidents]
    assert sum("sans_date" in c for c in cited) == 1


def test_a_car_bomb_and_a_suicide_bombing_told_by_two_outlets_are_one_record(tmp_path: Path, db: Path):
    write(tmp_path / "in", "voiture", (
        "Explosion à Azaz\n\nPar Le Fil | Publié le 7 janvier 2017\n\n"
        "Une voiture piégée a explosé samedi devant le tribunal d'Azaz, tuant au moins 43 personnes, selon l'OSDH.\n"
    ))
    write(tmp_path / "in", "kamikaze", (
        "Attentat-suicide à Azaz\n\nPar La Gazette | Publié le 8 janvier 2017\n\n"
        "Un kamikaze s'est fait exploser samedi au volant d'une voiture près du tribunal d'Azaz, faisant 48 morts.\n"
    ))
    run([tmp_path / "in"], db)
    [inc] = violent(db)
    assert inc["sub_event_type"] == "Suicide bomb" and inc["event_date"] == "2017-01-07"
    assert (inc["fatalities_low"], inc["fatalities_best"]) == (43, 48)


def test_a_toll_for_two_places_at_once_belongs_to_neither(tmp_path: Path, db: Path):
    write(tmp_path / "in", "deux_villes", (
        "Raids dans le nord\n\nPar Le Fil | Publié le 8 janvier 2017\n\n"
        "Samedi, des raids aériens ont frappé Al-Bab et Manbij, faisant 12 morts au total selon l'OSDH.\n"
    ))
    run([tmp_path / "in"], db)
    incidents = violent(db)
    assert sorted(i["location"] for i in incidents) == ["Al Bab", "Manbij"]
    assert all(i["fatalities_low"] is None for i in incidents)
