"""Values no real article holds (a toll of 10^21, the year 0001, a sentence of 10,000 figures, a
page of a million characters) are read as what they are, never crash a stage, and once stored
by anything cannot stop a later run (issue 13)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.helpers import WIRE_STORY, story
from vigie.datetext import find_dates
from vigie.events.extract import EXTRACTOR_VERSION
from vigie.events.numbers import find_quantities
from vigie.events.timing import event_date
from vigie.events.tolls import find_tolls
from vigie.limits import MAX_COUNT
from vigie.runner import RunFailed, run

VIGIE = [sys.executable, "-m", "vigie.cli.main"]
NEW_STORY = (
    "HOMS, 9 juin 2016 (AFP) - Huit civils ont été tués jeudi par des tirs d'obus sur un quartier "
    "de Homs tenu par le régime, a indiqué l'Observatoire syrien des droits de l'homme (OSDH).\n\n"
    "Les obus sont tombés près d'une école en fin de matinée, selon l'ONG basée en Grande-Bretagne.\n"
)


def test_a_negative_figure_is_no_count():
    assert find_quantities("au moins -5 morts") == []
    assert [q.value for q in find_quantities("entre 20-25 morts")] == [20, 25]  # a range, not a sign


def test_figures_past_the_plausible_bound_are_no_counts():
    assert find_quantities("9223372036854775807 civils") == []
    assert find_quantities("999999999999999999999 civils") == []
    assert find_tolls("Au moins 999999999999999999999 civils ont été tués à Alep.") == []
    assert [q.value for q in find_quantities("1,5 million de déplacés")] == [1_500_000]
    assert [q.value for q in find_quantities(f"{MAX_COUNT} personnes")] == [MAX_COUNT]


def test_large_figures_are_exact():
    """Integers, not floats: 123 456 789 stays 123456789 (a float reads big figures wrong)."""
    assert [q.value for q in find_quantities("99 999 999 morts")] == [99_999_999]


def test_implausible_years_are_no_dates():
    assert list(find_dates("Le 1er janvier 0001, des raids ont tué 12 civils.")) == []
    assert list(find_dates("le 31 décembre 9999")) == []
    assert list(find_dates("le 31 février 2016")) == []
    assert [d.date for d in find_dates("le 3 mai 2016")] == [dt.date(2016, 5, 3)]


def test_29_february_a_year_back_is_no_crash():
    """Published 28 February 2016, "le 29 février" is later than publication, so it meant the
    year before, which has no 29 February: no date, rather than a ValueError."""
    when = event_date("les raids du 29 février ont tué trois civils", dt.date(2016, 2, 28), None)
    assert when.start is None or when.start <= dt.date(2016, 2, 28)


def _seconds(fn) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def test_a_sentence_of_many_figures_costs_linear_time():
    """A sentence of 10,000 figures took minutes: every figure searched back to the sentence
    start for its qualifier. Four times the figures must cost about four times the time (a
    quadratic cost would be sixteen)."""
    def sentence(n):
        return "Des raids ont tué " + ", ".join(str(i) for i in range(n)) + " civils à Alep."

    small, large = sentence(1000), sentence(4000)
    ratio = _seconds(lambda: find_tolls(large)) / _seconds(lambda: find_tolls(small))
    assert ratio < 9, f"4x the figures cost {ratio:.1f}x the time"


def _db_rows(db: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def test_text_longer_than_the_parser_takes_is_read_up_to_the_limit(tmp_path: Path, monkeypatch):
    """spaCy refuses texts over its max_length (E088). A long text is parsed in pieces cut at
    paragraph breaks, read up to the limit, and its document says so."""
    import vigie.nlp.pipeline as pipeline

    monkeypatch.setattr(pipeline, "MAX_NLP_CHARS", 3000)
    monkeypatch.setattr(pipeline, "NLP_PIECE_CHARS", 1000)
    (tmp_path / "in").mkdir()
    text = WIRE_STORY + "\n".join(story(n).split("\n\n", 1)[1] for n in range(1, 15))
    assert len(text) > 3000
    (tmp_path / "in" / "long.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "v.db"
    summary = run([tmp_path / "in"], db)
    assert summary.counts["warnings"] == 1
    (note,) = _db_rows(db, "SELECT extraction_note FROM documents")[0:1]
    assert "read the first" in note[0] and "limit" in note[0]
    # The first pieces were read: the lead's incident (Douma, 17 dead) is there.
    assert _db_rows(db, "SELECT COUNT(*) FROM mentions WHERE location = 'Duma'")[0][0] >= 1
    offsets = [json.loads(p)["sentence"]["end"] for (p,) in _db_rows(db, "SELECT payload FROM mentions")]
    assert max(offsets) <= 3000


def test_pieces_join_back_into_the_text():
    from vigie.nlp.pipeline import pieces

    text = ("un paragraphe de prose. " * 30 + "\n\n") * 20 + "x" * 2500
    parts = pieces(text, 1000)
    assert "".join(parts) == text and all(len(p) <= 1000 for p in parts)


def test_a_document_over_its_time_budget_is_stored_marked_and_skipped(tmp_path: Path, monkeypatch):
    import vigie.parallel as parallel

    monkeypatch.setattr(parallel, "EVENTS_BUDGET_SECONDS", 0.0)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(WIRE_STORY, encoding="utf-8")
    db = tmp_path / "v.db"
    summary = run([tmp_path / "in"], db)
    assert summary.counts["new"] == 1 and summary.rejected == 0
    assert "time budget" in _db_rows(db, "SELECT extraction_note FROM documents")[0][0]
    assert _db_rows(db, "SELECT COUNT(*) FROM mentions")[0][0] == 0
    (reason,) = _db_rows(db, "SELECT reason FROM rejects WHERE severity = 'warning'")[0]
    assert "time budget" in reason and "\n" not in reason
    shown = subprocess.run([*VIGIE, "show", "a", "--db", str(db)], capture_output=True, text=True).stdout
    assert "events stage: the events stage outlived its time budget" in shown
    again = run([tmp_path / "in"], db)  # marked as read: a second run changes nothing
    assert again.counts["unchanged"] == 1 and again.counts["extracted"] == 0


def test_a_poisoned_database_still_processes_new_input(tmp_path: Path):
    """Values an older release (or a hand edit) stored: a year 0001, a toll of 10^21, a
    mention that is not JSON. The next run with a new article builds its incident."""
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "a.txt").write_text(WIRE_STORY, encoding="utf-8")
    db = tmp_path / "v.db"
    run([tmp_path / "old"], db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE documents SET published = '0001-01-01', published_not_before = '0000-00-00'")
        (mid, payload) = conn.execute("SELECT id, payload FROM mentions LIMIT 1").fetchone()
        bad = json.loads(payload)
        bad["event_date"] = "2016-02-31"
        for figure in bad["figures"]:
            figure["value"] = 10**21
        conn.execute("UPDATE mentions SET payload = ? WHERE id = ?", (json.dumps(bad), mid))
        conn.execute("INSERT INTO mentions (id, doc_key, doc_id, seq, event_type, sub_event_type, payload) "
                     "SELECT 'broken', key, id, 99, 'x', 'y', 'not json' FROM documents")
        # Marked as read by this release: not read again, so linking meets the bad rows.
        conn.execute("UPDATE documents SET extracted = ?, extracted_published = published", (EXTRACTOR_VERSION,))
    conn.close()
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "b.txt").write_text(NEW_STORY, encoding="utf-8")
    summary = run([tmp_path / "new"], db)
    assert summary.counts["new"] == 1
    rows = _db_rows(db, "SELECT COUNT(*) FROM incident_sources WHERE doc_id = 'b'")
    assert rows[0][0] >= 1
    # The unreadable mention's document is queued to be read again.
    assert _db_rows(db, "SELECT extracted FROM documents WHERE id = 'a'")[0][0] == 0
    run([tmp_path / "new"], db)  # and that re-read goes through
    assert _db_rows(db, "SELECT COUNT(*) FROM mentions WHERE id = 'broken'")[0][0] == 0


def test_normalised_text_reads_the_same(tmp_path: Path):
    """Decomposed accents (NFD) and zero-width characters between letters: the stored text is
    composed and visible-only, and each page gives its incident as the clean one does."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "nfd.txt").write_text(unicodedata.normalize("NFD", WIRE_STORY), encoding="utf-8")
    (tmp_path / "in" / "zw.txt").write_text("\u200b".join(WIRE_STORY.replace("Douma", "Alep")), encoding="utf-8")
    db = tmp_path / "v.db"
    run([tmp_path / "in"], db)
    for doc_id, place in (("nfd", "Duma"), ("zw", "Aleppo")):
        (text,) = _db_rows(db, "SELECT text FROM documents WHERE id = ?", doc_id)[0]
        assert unicodedata.is_normalized("NFC", text) and "\u200b" not in text
        assert _db_rows(db, "SELECT COUNT(*) FROM mentions WHERE doc_id = ? AND location = ?", doc_id, place)[0][0] >= 1


def test_a_run_that_cannot_finish_exits_3_with_one_line(tmp_path: Path):
    """The database refuses a write mid-run (here a trigger, as a full disk or a constraint
    would): exit status 3, one line and no traceback, the run recorded as failed, and what was
    committed before it kept."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(WIRE_STORY, encoding="utf-8")
    db = tmp_path / "v.db"
    subprocess.run([*VIGIE, "status", "--db", str(db)], capture_output=True)  # nothing yet
    from vigie.store import connect

    with connect(db) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON incidents BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        conn.commit()
    done = subprocess.run([*VIGIE, "run", str(tmp_path / "in"), "--db", str(db), "--workers", "1", "--no-progress"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    message = done.stderr.strip()
    assert message.count("\n") == 0 and "could not finish" in message and "disk full" in message
    status, note = _db_rows(db, "SELECT status, note FROM runs ORDER BY id DESC LIMIT 1")[0]
    assert status == "failed" and "disk full" in note
    assert _db_rows(db, "SELECT COUNT(*) FROM documents")[0][0] == 1


def test_run_failed_is_raised_by_the_library(tmp_path: Path):
    from vigie.store import connect

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(WIRE_STORY, encoding="utf-8")
    db = tmp_path / "v.db"
    with connect(db) as conn:
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON incidents BEGIN SELECT RAISE(ABORT, 'no'); END")
        conn.commit()
    with pytest.raises(RunFailed, match="could not finish"):
        run([tmp_path / "in"], db)


def test_a_killed_run_shows_as_interrupted(tmp_path: Path):
    db = tmp_path / "v.db"
    proc = subprocess.Popen([*VIGIE, "run", str(EXAMPLES / "articles"), "--db", str(db), "--workers", "1",
                             "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if db.exists():
            try:
                if _db_rows(db, "SELECT COUNT(*) FROM runs WHERE status = 'running'")[0][0]:
                    break
            except sqlite3.OperationalError:  # not created yet
                pass
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    shown = subprocess.run([*VIGIE, "status", "--db", str(db)], capture_output=True, text=True).stdout
    assert "interrupted" in shown and " running:" not in shown
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(WIRE_STORY, encoding="utf-8")
    run([tmp_path / "in"], db)
    statuses = [s for (s,) in _db_rows(db, "SELECT status FROM runs ORDER BY id")]
    assert statuses[0] == "interrupted" and statuses[-1] in ("ok", "rejects")


def test_a_page_over_the_cleaning_budget_is_rejected_with_its_reason(tmp_path: Path, monkeypatch):
    """The backstop for slow pages nobody has thought of: past its budget, cleaning stops, the
    page is rejected with one line, and the other pages are read."""
    import vigie.runner as runner
    from vigie.clean import html as clean_html_module

    slow_marker = "page-that-is-slow-to-clean"
    real = clean_html_module.clean_html

    def slow_clean(html, url=None, lang="fr"):
        if slow_marker in html:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # Python work the budget can interrupt
                sum(range(1000))
        return real(html, url=url, lang=lang)

    (tmp_path / "warm").mkdir()  # the first page of a process loads the cleaning libraries
    (tmp_path / "warm" / "w.txt").write_text(WIRE_STORY, encoding="utf-8")
    run([tmp_path / "warm"], tmp_path / "warm.db")
    monkeypatch.setattr(runner, "CLEAN_BUDGET_SECONDS", 3.0)
    monkeypatch.setattr("vigie.clean.clean_html", slow_clean)
    (tmp_path / "in").mkdir()
    from tests.helpers import html_page

    (tmp_path / "in" / "slow.html").write_text(
        html_page("Lent", [WIRE_STORY.split("\n\n")[1]]).replace("<body>", f"<body class='{slow_marker}'>"),
        encoding="utf-8")
    (tmp_path / "in" / "fine.txt").write_text(WIRE_STORY, encoding="utf-8")
    started = time.monotonic()
    summary = run([tmp_path / "in"], tmp_path / "v.db")
    assert time.monotonic() - started < 25
    assert summary.counts["new"] == 1 and summary.rejected == 1, (summary.counts, summary.rejects)
    (reason,) = [r.reason for r in summary.rejects if r.source.endswith("slow.html")]
    assert "time budget" in reason and "\n" not in reason


def test_one_id_with_two_contents_in_one_run_changes_nothing_when_run_again(tmp_path: Path):
    """A feed that repeats an id with other content: the first read is current, the other is
    kept as an older version with a warning, and the same input run again changes nothing (the
    last one winning made every re-run flip the two)."""
    lines = [{"id": "dup", "text": WIRE_STORY}, {"id": "dup", "text": NEW_STORY}]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    db = tmp_path / "v.db"
    first = run([tmp_path / "in"], db)
    assert first.counts["new"] == 1 and first.counts["versions"] == 1 and first.counts["warnings"] == 1
    current = _db_rows(db, "SELECT text FROM documents WHERE id = 'dup' AND is_current = 1")
    assert len(current) == 1 and "Douma" in current[0][0]
    again = run([tmp_path / "in"], db)
    assert again.counts["new"] == 0 and again.counts["versions"] == 0 and again.counts["unchanged"] == 2
    assert _db_rows(db, "SELECT COUNT(*) FROM documents WHERE id = 'dup'")[0][0] == 2


def test_the_same_document_read_twice_in_a_run_is_accounted_for(tmp_path: Path):
    """A copied file (same name, same content, another folder) is one document, and the copy
    is listed as skipped with where it was first read, so no input goes unaccounted."""
    for folder in ("a", "b"):
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / "story.txt").write_text(WIRE_STORY, encoding="utf-8")
    summary = run([tmp_path / "in"], tmp_path / "v.db")
    assert summary.counts["new"] == 1 and summary.counts["skipped"] == 1
    (skip,) = [r for r in summary.rejects if r.severity.value == "skipped"]
    assert skip.source.endswith("b/story.txt") and "a/story.txt" in skip.reason and "same content" in skip.reason


def test_a_feed_of_many_bad_records_lists_a_hundred_and_counts_the_rest(tmp_path: Path):
    """300 records with no article: each is counted, the first 100 are listed and stored one by
    one, the rest told in one line, so the table, the summary and memory stay small."""
    from vigie.ingest.files import MAX_REJECTS_PER_FILE

    lines = [json.dumps({"id": f"r{i}", "text": "menu accueil"}) for i in range(300)]
    lines.append(json.dumps({"id": "story", "text": WIRE_STORY}))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    db = tmp_path / "v.db"
    summary = run([tmp_path / "in"], db)
    assert summary.rejected == 300 and summary.counts["new"] == 1
    assert len(summary.rejects) == MAX_REJECTS_PER_FILE + 1
    assert "200 more rejects" in summary.rejects[-1].reason
    assert _db_rows(db, "SELECT COUNT(*) FROM rejects")[0][0] == MAX_REJECTS_PER_FILE + 1


def test_a_reason_quoting_an_id_with_line_breaks_is_one_line(tmp_path: Path):
    (tmp_path / "in").mkdir()
    feed = [{"id": "a\nb\u2028c", "text": ""}, {"id": "ok", "text": WIRE_STORY}]
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in feed), encoding="utf-8")
    db = tmp_path / "v.db"
    summary = run([tmp_path / "in"], db)
    assert summary.rejected == 1 and summary.counts["new"] == 1
    (reason,) = _db_rows(db, "SELECT reason FROM rejects WHERE severity = 'error'")[0]
    assert reason.splitlines() == [reason]
