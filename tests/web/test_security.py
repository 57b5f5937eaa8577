"""Article text is untrusted: a page with <script> and javascript: links shows as text and
runs nothing."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import LiveServer
from vigie.runner import run

HOSTILE = (
    "Alerte sur Alep <script>alert('titre')</script>\n\n"
    "BEYROUTH, 2 mars 2016 (AFP) - Au moins douze civils ont été tués mardi dans des raids aériens du "
    "régime sur Alep <script>document.title='pwned';alert(1)</script>, a indiqué l'OSDH, qui dispose "
    "d'un large réseau de sources médicales et de militants dans toute la Syrie.\n\n"
    "Les secouristes de la Défense civile ont publié une vidéo des décombres, à voir sur javascript:alert(2) "
    "et <a href=\"javascript:alert(3)\">cliquez ici</a> ou <img src=x onerror=alert(4)>, montrant des "
    "immeubles effondrés dans les quartiers rebelles de l'est de la ville, où les habitants fouillaient "
    "encore les ruines à la recherche de survivants dans la soirée.\n"
)


def test_hostile_article_shows_as_text_and_runs_nothing(tmp_path: Path, offline_page):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "v.db"
    run([tmp_path / "in"], db)
    page = offline_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with LiveServer(db) as server:
        for path in ("/articles/hostile", "/articles/hostile/raw", "/incidents"):
            page.goto(server.url + path)
            page.wait_for_timeout(300)
            assert page.title() != "pwned"
        page.goto(server.url + "/articles/hostile")
        text = page.inner_text("article")
        assert "<script>document.title='pwned';alert(1)</script>" in text
        assert "javascript:alert(2)" in text
        assert page.locator("article script").count() == 0
        assert page.locator("article a[href^='javascript']").count() == 0
        assert page.locator("article img").count() == 0
        incident = page.locator("a.mention").first.get_attribute("href")
        page.goto(server.url + incident)
        assert "<script>" in page.inner_text(".evidence")
    assert dialogs == []
