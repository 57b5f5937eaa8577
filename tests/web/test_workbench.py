"""The review workbench in a real headless browser, on the seeds' database."""

from __future__ import annotations

import csv
import io
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.web.conftest import LiveServer
from vigie.runner import run
from vigie.store import connect
from vigie.web.auth import add_user

PASSWORD = "correct horse battery"


@pytest.fixture
def seeds_db(tmp_path: Path) -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not beside this checkout (the seeds are not redistributed)")
    db = tmp_path / "seeds.db"
    run([SHARED / "seeds"], db)
    with connect(db) as conn:
        add_user(conn, "marie", PASSWORD)
    return db


def test_filter_read_evidence_correct_and_survive_a_rerun(seeds_db: Path, offline_page):
    page = offline_page
    with LiveServer(seeds_db) as server:
        page.goto(f"{server.url}/incidents")
        page.fill("input[name=admin1]", "Raqqa")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/incidents?*admin1=Raqqa*")
        rows = page.locator("table.incidents-table tbody tr")
        assert rows.count() >= 1
        page.click("table.incidents-table tbody tr:has-text('2014-11-25') a")
        incident_url = page.url
        sources = page.locator(".evidence .source")
        assert sources.count() == 2
        assert "000_a9d47bbb5a0df270" in page.content() and "001_3d2d1b338fec40bb" in page.content()
        for i in range(2):
            marks = sources.nth(i).locator("mark")
            assert marks.count() >= 1
            assert "95" in " ".join(marks.all_inner_texts()) or "Raq" in " ".join(marks.all_inner_texts())
        assert page.inner_text("#field-civilian_fatalities_low").strip() == "52"

        page.click("text=Log in to review")
        page.fill("input[name=username]", "marie")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button[type=submit]")
        page.goto(incident_url)
        form = page.locator("form.edit:has(input[name=field][value=civilian_fatalities_low])")
        form.locator("input[name=value]").fill("50")
        form.locator("button").click()
        page.wait_for_load_state()
        assert page.inner_text("#field-civilian_fatalities_low").strip() == "50"
        audit = page.inner_text(".audit")
        assert "marie" in audit and "civilian_fatalities_low" in audit and "52" in audit and "50" in audit
        assert "edited" in page.inner_text("h1")

        incident_id = incident_url.rsplit("/", 1)[1]
        exported = urllib.request.urlopen(f"{server.url}/export.csv?admin1=Raqqa").read().decode()
        row = next(r for r in csv.DictReader(io.StringIO(exported)) if r["event_id_cnty"] == incident_id)
        assert row["civilian_fatalities"] == "50" and row["review_state"] == "edited"

    run([SHARED / "seeds"], seeds_db)  # the pipeline again, over the reviewed database
    with LiveServer(seeds_db) as server:
        page.goto(f"{server.url}/incidents/{incident_id}")
        assert page.inner_text("#field-civilian_fatalities_low").strip() == "50"
        assert "marie" in page.inner_text(".audit")
    assert page.outside_requests == []  # type: ignore[attr-defined]


def test_writes_need_a_session_and_the_csrf_token(seeds_db: Path):
    from fastapi.testclient import TestClient

    from vigie.web import create_app

    client = TestClient(create_app(seeds_db))
    with connect(seeds_db) as conn:
        incident_id = conn.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]
    anonymous = client.post(f"/incidents/{incident_id}/edit", data={"field": "fatalities_low", "value": "1", "csrf": "x"})
    assert anonymous.status_code == 403
    login_page = client.get("/login").text
    token = login_page.split('name="csrf" value="')[1].split('"')[0]
    assert client.post("/login", data={"username": "marie", "password": "wrong password", "csrf": token}).status_code == 401
    client.post("/login", data={"username": "marie", "password": PASSWORD, "csrf": token}, follow_redirects=False)
    forged = client.post(f"/incidents/{incident_id}/edit", data={"field": "fatalities_low", "value": "1", "csrf": "forged"})
    assert forged.status_code == 403
    with connect(seeds_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] == 0


def test_an_incident_told_in_french_and_english_shows_both_quotes(tmp_path: Path, offline_page):
    """The barrel bombs on Aleppo of 17 February 2016, told by a French example and by an
    English one: one record, and its page marks the evidence in each telling's own words."""
    from tests.conftest import EXAMPLES

    folder = tmp_path / "in"
    folder.mkdir()
    for path in (EXAMPLES / "articles" / "ex01_alep_barils.txt", EXAMPLES / "en" / "articles" / "en01_aleppo_barrel_bombs.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "both.db"
    run([folder], db)
    page = offline_page
    with LiveServer(db) as server:
        page.goto(f"{server.url}/incidents?country=Syria")
        page.click("table.incidents-table tbody tr:has-text('2016-02-17') a")
        sources = page.locator(".evidence .source")
        texts = [sources.nth(i).inner_text() for i in range(sources.count())]
        assert len(texts) == 2, texts
        english = next(i for i, t in enumerate(texts) if "Barrel bombs kill" in t)  # en01's headline
        french = 1 - english
        assert "tuant" in texts[french] or "tués" in texts[french], texts[french]
        for i in (english, french):
            marked = sources.nth(i).locator("mark").all_inner_texts()
            assert marked and all(m in texts[i] for m in marked), (i, marked)
        assert any(w in " ".join(sources.nth(english).locator("mark").all_inner_texts()) for w in ("26", "Aleppo", "killed")), texts[english]
    assert page.outside_requests == []  # type: ignore[attr-defined]
