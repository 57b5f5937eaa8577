"""Every filter and correction is checked: a bad value is a 422 with one line saying what is
wrong (in the page for HTML, as JSON for the API), never a 500 and never a stored value (issue
13's list, then Hypothesis's own hostile strings)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import csrf_of, log_in
from vigie.limits import MAX_COUNT
from vigie.store import connect
from vigie.web import create_app
from vigie.web.guards import SECURITY_HEADERS
from vigie.web.inputs import MAX_FILTER_CHARS

#: The issue's requests that answered 500, and what the answer must now name.
HOSTILE_FILTERS = [
    ("min_toll=²", "min_toll"),
    ("min_toll=99999999999999999999", "min_toll"),
    ("min_toll=-1", "min_toll"),
    ("page=9223372036854775807", "page"),
    ("q=%00", "q"),
    (f"q={'a' * 5000}", "q"),
    (f"actor={'a' * 5000}", "actor"),
    ("since=2020-13-45", "since"),
    ("until=0001-01-01", "until"),
    ("review_state=bogus", "review_state"),
    ("sort=1;DROP", "sort"),
]


@pytest.fixture
def client(examples_db: Path) -> TestClient:
    return TestClient(create_app(examples_db), raise_server_exceptions=False)


@pytest.mark.parametrize("query,name", HOSTILE_FILTERS, ids=[q[:24] for q, _ in HOSTILE_FILTERS])
def test_a_bad_filter_is_a_422_that_says_which(client: TestClient, query: str, name: str):
    page = client.get(f"/incidents?{query}")
    assert page.status_code == 422
    assert f'<p class="flash">{name}: ' in page.text  # in the page, above a link back
    # Paging and sorting belong to the lists; every view reads the filters.
    paths = ("/api/incidents",) if name in ("page", "sort") else ("/api/incidents", "/api/map", "/api/timeline", "/export.csv")
    for path in paths:
        answer = client.get(f"{path}?{query}")
        assert answer.status_code == 422, (path, answer.text[:200])
        if path.startswith("/api/"):
            detail = answer.json()["detail"]
            assert isinstance(detail, str) and detail.startswith(f"{name}: ") and "\n" not in detail


def test_values_at_the_bounds_are_accepted(client: TestClient):
    for query in (f"min_toll={MAX_COUNT}", "min_toll=0", "page=1000000", f"q={'a' * MAX_FILTER_CHARS}",
                  "since=2014-11-25&until=2014-11-30", "review_state=unreviewed", "sort=fatalities_low&order=asc",
                  "q=%22%22%22 NEAR( OR *", "actor=%25_%25"):
        assert client.get(f"/incidents?{query}").status_code == 200, query
        assert client.get(f"/api/incidents?{query}").status_code == 200, query


#: Corrections the issue saved or crashed on, and values that must not slip through in their place.
BAD_EDITS = [
    ("fatalities_low", "12345678901234567890123"), ("fatalities_low", "１２"), ("fatalities_low", "-3"),
    ("fatalities_best", "1e3"), ("event_type", ""), ("sub_event_type", "   "), ("latitude", "nan"),
    ("latitude", "91"), ("longitude", "-180.5"), ("longitude", "inf"), ("latitude", "1_0"),
    ("geo_precision", "7"), ("event_date", "2020-02-30"), ("event_date", "0999-01-01"),
    ("notes", "a\x00b"), ("actor1", "x" * 5000), ("no_such_field", "1"),
]


def test_a_bad_correction_is_a_422_on_the_incident_page_and_nothing_is_stored(client: TestClient, examples_db: Path):
    with connect(examples_db) as conn:
        incident_id = conn.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]
        before = dict(conn.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone())
    log_in(client)
    token = csrf_of(client.get(f"/incidents/{incident_id}").text)
    for field, value in BAD_EDITS:
        answer = client.post(f"/incidents/{incident_id}/edit", data={"field": field, "value": value, "csrf": token})
        assert answer.status_code == 422, (field, value, answer.status_code)
        named = "field" if field == "no_such_field" else field
        assert f'<p class="flash">Not saved: {named}: ' in answer.text, (field, answer.text[:300])
        assert 'form method="post"' in answer.text, "the form is still there to correct the value"
    with connect(examples_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM corrections").fetchone()[0] == 0
        assert dict(conn.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()) == before

    for field, value, stored in (("latitude", " 36.2 ", 36.2), ("fatalities_low", "0", 0), ("actor2", "", None),
                                 ("event_date", "2014-11-25", "2014-11-25"), ("geo_precision", "2", 2)):
        answer = client.post(f"/incidents/{incident_id}/edit", data={"field": field, "value": value, "csrf": token},
                             follow_redirects=False)
        assert answer.status_code == 303, (field, value)
        with connect(examples_db) as conn:
            assert conn.execute(f"SELECT {field} FROM incidents WHERE id = ?", (incident_id,)).fetchone()[0] == stored


def test_login_fields_are_bounded(client: TestClient):
    token = csrf_of(client.get("/login").text)
    for data in ({"username": "u" * 65, "password": "p"}, {"username": "marie", "password": "p" * 1025},
                 {"username": "ma\x00rie", "password": "p"}, {"username": "marie"}):
        answer = client.post("/login", data={**data, "csrf": token})
        assert answer.status_code == 422, data.keys()
        assert '<p class="flash">' in answer.text


#: Strings a query parameter can carry: any unicode (NUL, surrogates' neighbours, RTL marks),
#: FTS5 and LIKE syntax, numbers of any size and shape.
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(['"', '""', "*", "NEAR(", "a OR", "%", "_", "\\", "'; DROP TABLE incidents; --", "²", "١٢",
                     "-0", "1e309", "nan", "9" * 30, "0x10", " ", "\u202e", "\ufeff"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
PARAMS = ["since", "until", "country", "admin1", "actor", "type", "min_toll", "review_state", "q", "sort",
          "order", "page", "per_page", "bucket"]


@pytest.fixture(scope="module")
def shared_client(_examples_db_once: Path) -> TestClient:
    # Reads only: the pipeline's database as it is, shared by every generated example.
    return TestClient(create_app(_examples_db_once), raise_server_exceptions=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(PARAMS), hostile_text, max_size=5),
       path=st.sampled_from(["/incidents", "/api/incidents", "/api/map", "/api/timeline", "/export.geojson"]))
def test_no_query_string_makes_a_500(shared_client: TestClient, params: dict, path: str):
    answer = shared_client.get(path, params=params)
    assert answer.status_code in (200, 414, 422), (path, params, answer.status_code, answer.text[:300])
    for name in SECURITY_HEADERS:
        assert name in answer.headers
    if answer.status_code == 422 and path.startswith("/api/"):
        assert isinstance(json.loads(answer.text)["detail"], str)
