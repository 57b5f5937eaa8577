"""A session ends when its reviewer logs out, when the password changes and when it runs out: a
copy of the cookie taken before is refused for writes from then on (issue 13: a cookie stayed
valid for 14 days after logout and could still write)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import REVIEWER_PASSWORD, Clock, csrf_of, log_in
from vigie.store import connect
from vigie.web import create_app
from vigie.web.auth import SESSION_LIFETIME_SECONDS, add_user


def _incident(db: Path) -> str:
    with connect(db) as conn:
        return conn.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]


def _edit(client: TestClient, incident_id: str, value: str, token: str):
    return client.post(f"/incidents/{incident_id}/edit", data={"field": "notes", "value": value, "csrf": token},
                       follow_redirects=False)


def _stolen_copy(app, client: TestClient) -> tuple[TestClient, str]:
    """Another client holding the same cookie (as an attacker who copied it would), and the
    CSRF token of the page it was taken from."""
    incident_page = client.get("/incidents").text
    thief = TestClient(app)
    thief.cookies.set("vigie_session", client.cookies["vigie_session"])
    return thief, csrf_of(incident_page)


def test_logout_ends_the_session_for_every_copy_of_the_cookie(examples_db: Path):
    app = create_app(examples_db)
    client = TestClient(app)
    incident_id = _incident(examples_db)
    assert log_in(client).status_code == 303
    thief, token = _stolen_copy(app, client)
    assert _edit(thief, incident_id, "written with the copy while logged in", token).status_code == 303

    client.post("/logout", data={"csrf": token})
    refused = _edit(thief, incident_id, "written with the copy after logout", token)
    assert refused.status_code == 403
    assert "Log in to review" in thief.get("/incidents").text
    with connect(examples_db) as conn:
        notes = [r[0] for r in conn.execute("SELECT new_value FROM corrections WHERE field = 'notes'")]
        assert notes == ['"written with the copy while logged in"']
        assert conn.execute("SELECT COUNT(*) FROM web_sessions").fetchone()[0] == 0


def test_a_new_password_ends_every_session_of_that_reviewer_only(examples_db: Path):
    app = create_app(examples_db)
    marie, paul = TestClient(app), TestClient(app)
    incident_id = _incident(examples_db)
    log_in(marie)
    log_in(paul, "paul")
    marie_token, paul_token = csrf_of(marie.get("/incidents").text), csrf_of(paul.get("/incidents").text)

    with connect(examples_db) as conn:
        add_user(conn, "marie", "a brand new password")  # what `vigie user add marie` does
    assert _edit(marie, incident_id, "after the reset", marie_token).status_code == 403
    assert _edit(paul, incident_id, "paul is still logged in", paul_token).status_code == 303
    assert log_in(marie, password=REVIEWER_PASSWORD).status_code == 401
    assert log_in(marie, password="a brand new password").status_code == 303


def test_a_session_runs_out_after_its_lifetime_and_a_restart_keeps_it_until_then(examples_db: Path):
    clock = Clock()
    client = TestClient(create_app(examples_db, clock=clock))
    incident_id = _incident(examples_db)
    log_in(client)
    token = csrf_of(client.get("/incidents").text)

    clock.advance(SESSION_LIFETIME_SECONDS - 60)
    restarted = TestClient(create_app(examples_db, clock=clock))  # the server restarted: same database
    restarted.cookies.set("vigie_session", client.cookies["vigie_session"])
    assert _edit(restarted, incident_id, "still within the day", token).status_code == 303

    clock.advance(120)
    assert _edit(restarted, incident_id, "a day later", token).status_code == 403


def test_a_cookie_signed_before_this_release_names_nobody(examples_db: Path):
    """Cookies of the old scheme said {"user": "marie"}: being signed, they would have stayed
    valid; now only a token found in web_sessions logs anyone in."""
    import base64
    import json

    import itsdangerous

    with connect(examples_db) as conn:
        secret = conn.execute("SELECT value FROM settings WHERE key = 'session_secret'").fetchone()[0]
    old = itsdangerous.TimestampSigner(secret).sign(base64.b64encode(json.dumps({"user": "marie", "csrf": "t"}).encode()))
    client = TestClient(create_app(examples_db))
    client.cookies.set("vigie_session", old.decode())
    assert _edit(client, _incident(examples_db), "forged", "t").status_code == 403
