"""A document id is whatever the crawl gave, and any id opens: its page, its raw page, its API
record and the links to it (issue 13: an id with '/' could not be opened)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import LiveServer
from vigie.runner import run
from vigie.web import create_app
from vigie.web.pages import quote_id

#: Ids a feed or a WARC record can carry, each with the character that broke or could break it.
ODD_IDS = [
    "afp/2016/03/02/alep",  # '/': the case
    "story?id=42&page=2",  # '?' would start a query string
    "dépêche#3",  # '#' would start a fragment
    "taux 100%41 sûr",  # a space, and '%41' that must not be read as 'A'
    "حلب-Ḥalab",  # non-Latin letters
    "a//b/raw",  # an empty segment, and the suffix the raw page's old address had
    "../../etc/passwd",  # dot segments a browser would fold away if '/' were left as is
]
TOWNS = ["Alep", "Idleb", "Homs", "Deraa", "Raqqa", "Hama", "Palmyre"]


@pytest.fixture(scope="module")
def odd_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("odd")
    lines = []
    for i, (doc_id, town) in enumerate(zip(ODD_IDS, TOWNS)):
        text = (f"Raids sur {town}\n\nBEYROUTH, {i + 2} mars 2016 (AFP) - Au moins {i + 11} civils ont été tués "
                f"mardi dans des raids aériens du régime sur {town}, a indiqué l'Observatoire syrien des droits "
                f"de l'homme (OSDH), qui dispose d'un large réseau de sources dans toute la Syrie.\n")
        lines.append(json.dumps({"id": doc_id, "text": text, "published": f"2016-03-0{i + 2}"}, ensure_ascii=False))
    (folder / "in").mkdir()
    (folder / "in" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "odd.db"
    run([folder / "in"], db)
    return db


def _hrefs(html: str, prefix: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(' + re.escape(prefix) + r'[^"]*)"', html)]


class _Http:
    """GETs over real HTTP. Starlette's TestClient decodes a path twice ('%2541' arrives as 'A'),
    which is the very thing under test, so these requests go through a live server."""

    def __init__(self, base: str):
        self.base = base

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with urllib.request.urlopen(self.base + path) as r:
                return r.status, r.headers["Content-Type"], r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["Content-Type"], exc.read().decode()


def test_every_id_opens_as_page_raw_page_and_api_record(odd_db: Path):
    with LiveServer(odd_db) as server:
        http = _Http(server.url)
        for doc_id in ODD_IDS:
            status, _, page = http.get(f"/articles/{quote_id(doc_id)}")
            assert status == 200, doc_id
            [raw_link] = _hrefs(page, "/raw/")
            status, kind, raw = http.get(raw_link)
            assert status == 200 and kind.startswith("text/plain"), doc_id
            assert "civils ont été tués" in raw
            status, _, body = http.get(f"/api/articles/{quote_id(doc_id)}")
            record = json.loads(body)
            assert record["id"] == doc_id
            assert record["incidents"], f"{doc_id} was expected to tell an incident"
            # The incident page links back to the article by a link that opens it.
            incident = http.get(f"/incidents/{record['incidents'][0]}")[2]
            links = _hrefs(incident, "/articles/")
            assert f"/articles/{quote_id(doc_id)}" in links, (doc_id, links)
            for link in links:
                assert http.get(link)[0] == 200, link


def test_the_raw_page_old_address_still_opens(odd_db: Path):
    client = TestClient(create_app(odd_db))
    old = client.get(f"/articles/{quote_id('story?id=42&page=2')}/raw", follow_redirects=False)
    assert old.status_code == 308 and old.headers["location"] == f"/raw/{quote_id('story?id=42&page=2')}"
    # An id that itself ends in '/raw' is its article, not the raw page of 'a//b'.
    assert client.get("/articles/a//b/raw").status_code == 200
    assert "<h1>" in client.get("/articles/a//b/raw").text


def test_a_browser_follows_the_links_to_every_odd_id(odd_db: Path, offline_page):
    page = offline_page
    with LiveServer(odd_db) as server:
        for doc_id in ODD_IDS:
            record = json.loads(_Http(server.url).get(f"/api/articles/{quote_id(doc_id)}")[2])
            incident_id = record["incidents"][0]
            page.goto(f"{server.url}/incidents/{incident_id}")
            page.click(f'.evidence a[href="/articles/{quote_id(doc_id)}"]')
            page.wait_for_load_state()
            assert page.inner_text("h1").startswith("Raids sur"), (doc_id, page.url)
            page.click("text=raw page as crawled")
            page.wait_for_load_state()
            assert "civils ont été tués" in page.inner_text("body"), (doc_id, page.url)
    assert page.js_errors == []  # type: ignore[attr-defined]
