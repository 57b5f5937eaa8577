"""Bad input gets a one-line reason, is recorded, and costs nothing else in the run."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import rows
from tests.helpers import WIRE_STORY, html_page, story, write_warc
from vigie.ingest import iter_inputs
from vigie.model import Reject, Severity, SourceRecord
from vigie.runner import run


def only(items, kind):
    return [i for i in items if isinstance(i, kind)]


def make_bad_folder(folder: Path) -> dict[str, str]:
    """Write one file per kind of bad input; returns file name -> expected words of the reason."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (folder / "nul.html").write_bytes(b"<html>\x00\x01\x02\x00" * 100)
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(WIRE_STORY.encode())[:-30])
    (folder / "huge.html").write_bytes(b"<html><body>" + b"<p>" + b"x" * (50 * 2**20) + b"</p></body></html>")
    deep = "<html><body>" + "<div>" * 10_000 + "<p>" + story(9) + "</p>" + "</div>" * 10_000 + "</body></html>"
    (folder / "deep.html").write_text(deep, encoding="utf-8")
    return {
        "empty.txt": "empty file",
        "binary.txt": "not text: looks like a PNG image",
        "nul.html": "not text",
        "truncated.txt.gz": "truncated gzip",
        "huge.html": "too large: 50.0 MB",
        "deep.html": "HTML nested 10002 levels deep",
    }


def test_each_bad_file_has_its_reason(tmp_path: Path):
    expected = make_bad_folder(tmp_path)
    items = list(iter_inputs([tmp_path]))
    rejects = {Path(r.source).name: r for r in only(items, Reject)}
    assert set(rejects) == set(expected)
    for name, words in expected.items():
        assert words in rejects[name].reason, (name, rejects[name].reason)
        assert rejects[name].severity is Severity.ERROR
        assert "\n" not in rejects[name].reason
    assert not only(items, SourceRecord)


@pytest.mark.parametrize("encoding,label", [("cp1252", "Windows-1252"), ("latin-1", "Latin-1")])
def test_legacy_encodings_are_decoded_and_reported(tmp_path: Path, encoding: str, label: str):
    text = WIRE_STORY.replace("BEYROUTH", "BEYROUTH – l’été")
    if encoding == "latin-1":
        text = text.replace("–", "-").replace("’", "'")
        raw = text.encode("latin-1") + b"\x81"  # a byte Windows-1252 leaves undefined
    else:
        raw = text.encode("cp1252")
    (tmp_path / "old.txt").write_bytes(raw)
    items = list(iter_inputs([tmp_path]))
    [warning] = only(items, Reject)
    [record] = only(items, SourceRecord)
    assert warning.severity is Severity.WARNING and label in warning.reason
    assert "dix-sept personnes, dont six enfants, ont été tuées" in record.raw
    assert "l’été" in record.raw or "l'été" in record.raw


def test_malformed_jsonl_lines_cost_only_themselves(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"id": "ok1", "text": story(1)}),
            '{"id": "broken", "text": "unterminated',
            json.dumps(["not", "an", "object"]),
            json.dumps({"text": story(2)}),
            json.dumps({"id": "nobody"}),
            json.dumps({"id": "ok2", "text": story(3), "published": "hier"}),
        ]),
        encoding="utf-8",
    )
    items = list(iter_inputs([path]))
    assert [r.doc_id for r in only(items, SourceRecord)] == ["ok1", "ok2"]
    reasons = {(r.locator, r.severity.value): r.reason for r in only(items, Reject)}
    assert "malformed JSON" in reasons[("line 2", "error")]
    assert "not a JSON object" in reasons[("line 3", "error")]
    assert "no 'id' field" in reasons[("line 4", "error")]
    assert "no 'text' or 'html'" in reasons[("line 5", "error")]
    assert "not a date" in reasons[("line 6", "warning")]


def test_truncated_jsonl_gzip_keeps_complete_lines(tmp_path: Path):
    lines = "".join(json.dumps({"id": f"d{i}", "text": story(i)}) + "\n" for i in range(40))
    data = gzip.compress(lines.encode())
    (tmp_path / "feed.jsonl.gz").write_bytes(data[: len(data) * 3 // 4])
    items = list(iter_inputs([tmp_path]))
    kept = only(items, SourceRecord)
    [reject] = only(items, Reject)
    assert 0 < len(kept) < 40 and [r.doc_id for r in kept] == [f"d{i}" for i in range(len(kept))]
    assert "truncated gzip" in reject.reason and reject.locator.startswith("after line")


@pytest.mark.parametrize("gz", [False, True])
def test_warc_with_a_broken_record_keeps_the_others(tmp_path: Path, gz: bool):
    pages = [(f"https://ex.example/{i}", html_page(f"Titre {i}", [story(i)])) for i in range(3)]
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, pages, gzip=gz)
    data = bytearray(path.read_bytes())
    if gz:
        second = data.find(b"\x1f\x8b\x08", 10)
        data[second + 30: second + 60] = b"\x00" * 30  # damage the middle member's deflate data
    else:
        second = data.find(b"WARC/1.", 10)
        data[second: second + 7] = b"WARX/9."  # damage the middle record's header
    path.write_bytes(bytes(data))
    items = list(iter_inputs([path]))
    urls = [r.url for r in only(items, SourceRecord)]
    assert "https://ex.example/0" in urls and "https://ex.example/2" in urls
    assert "https://ex.example/1" not in urls
    rejects = only(items, Reject)
    assert rejects and all("broken WARC record" in r.reason and r.locator.startswith("byte ") for r in rejects)


def test_run_over_good_and_bad_input_processes_the_good_and_records_the_bad(tmp_path: Path, db: Path):
    expected = make_bad_folder(tmp_path / "in")
    for i in range(3):
        (tmp_path / "in" / f"good{i}.txt").write_text(story(i), encoding="utf-8")
    summary = run([tmp_path / "in"], db)
    assert summary.counts["new"] == 3
    assert summary.rejected == len(expected)
    stored = rows(db, "SELECT source, reason FROM rejects WHERE severity = 'error'")
    assert {Path(r["source"]).name for r in stored} == set(expected)
    # A later run with only bad input loses nothing already stored.
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "empty.txt").write_bytes(b"")
    run([tmp_path / "more"], db)
    assert len(rows(db, "SELECT id FROM documents WHERE is_current = 1")) == 3


def test_seeds_mixed_with_bad_input(tmp_path: Path, db: Path, seeds_dir: Path):
    expected = make_bad_folder(tmp_path / "bad")
    summary = run([seeds_dir, tmp_path / "bad"], db)
    assert summary.counts["new"] == 5
    assert {Path(r.source).name for r in summary.rejects if r.severity is Severity.ERROR} == set(expected)
