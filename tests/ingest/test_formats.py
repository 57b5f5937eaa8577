"""Each input format yields records with the right ids, content and declared metadata."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.helpers import WIRE_STORY, html_page, story, write_warc
from vigie.ingest import document_id_for, iter_inputs
from vigie.model import Reject, SourceRecord


def records(path: Path) -> list[SourceRecord]:
    items = list(iter_inputs([path]))
    assert not [i for i in items if isinstance(i, Reject)], items
    return items  # type: ignore[return-value]


def test_document_id_is_file_name_without_format_extensions():
    assert document_id_for(Path("a/000_abc.txt")) == "000_abc"
    assert document_id_for(Path("page.html.gz")) == "page"
    assert document_id_for(Path("dump.jsonl")) == "dump"
    assert document_id_for(Path("noext")) == "noext"
    assert document_id_for(Path("v1.2.notes.txt")) == "v1.2.notes"


def test_txt_file(tmp_path: Path):
    (tmp_path / "depeche.txt").write_text(WIRE_STORY, encoding="utf-8")
    [rec] = records(tmp_path / "depeche.txt")
    assert (rec.doc_id, rec.fmt) == ("depeche", "text")
    assert "dix-sept personnes" in rec.raw


def test_html_file_and_txt_holding_html(tmp_path: Path):
    html = html_page("Frappes sur Douma", [WIRE_STORY])
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    (tmp_path / "b.htm").write_text(html, encoding="utf-8")
    (tmp_path / "c.txt").write_text(html, encoding="utf-8")
    recs = records(tmp_path)
    assert [(r.doc_id, r.fmt) for r in recs] == [("a", "html"), ("b", "html"), ("c", "html")]


def test_jsonl_file_with_text_html_and_declared_fields(tmp_path: Path):
    lines = [
        {"id": "d1", "url": "https://ex.example/1", "text": WIRE_STORY, "published": "2016-05-03", "outlet": "Le Fil"},
        {"id": 2, "html": html_page("Titre", [story(2)])},
        {"id": "d3", "text": story(3), "published": "2016-05-04T10:00:00Z"},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    recs = records(path)
    assert [r.doc_id for r in recs] == ["d1", "2", "d3"]
    assert recs[0].declared_published == "2016-05-03" and recs[0].declared_outlet == "Le Fil"
    assert recs[0].url == "https://ex.example/1" and recs[0].locator == "line 1"
    assert recs[1].fmt == "html"
    assert recs[2].declared_published == "2016-05-04T10:00"


def test_gzip_of_each_format(tmp_path: Path):
    (tmp_path / "t.txt.gz").write_bytes(gzip.compress(WIRE_STORY.encode()))
    (tmp_path / "h.html.gz").write_bytes(gzip.compress(html_page("T", [story(1)]).encode()))
    jl = json.dumps({"id": "j", "text": story(4)}) + "\n"
    (tmp_path / "f.jsonl.gz").write_bytes(gzip.compress(jl.encode()))
    recs = records(tmp_path)
    assert sorted((r.doc_id, r.fmt) for r in recs) == [("h", "html"), ("j", "text"), ("t", "text")]


def test_warc_and_warc_gz_response_records(tmp_path: Path):
    pages = [("https://ex.example/a", html_page("A", [story(1)])), ("https://ex.example/b", html_page("B", [story(2)]))]
    write_warc(tmp_path / "crawl.warc", pages)
    write_warc(tmp_path / "crawl2.warc.gz", pages, gzip=True)
    for name in ("crawl.warc", "crawl2.warc.gz"):
        recs = records(tmp_path / name)
        assert [r.url for r in recs] == ["https://ex.example/a", "https://ex.example/b"]
        assert all(r.fmt == "html" and len(r.doc_id) == 36 for r in recs)  # the record's UUID
        assert all(r.crawled_at and len(r.crawled_at) == 10 for r in recs)


def test_folder_walk_is_sorted_and_skips_hidden_and_reports_unsupported(tmp_path: Path):
    (tmp_path / "b.txt").write_text(story(1), encoding="utf-8")
    (tmp_path / "a.txt").write_text(story(2), encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(story(3), encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG....")
    items = list(iter_inputs([tmp_path]))
    assert [i.doc_id for i in items if isinstance(i, SourceRecord)] == ["a", "b"]
    [skip] = [i for i in items if isinstance(i, Reject)]
    assert skip.severity.value == "skipped" and "unsupported file type '.png'" in skip.reason
