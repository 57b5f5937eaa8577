"""Hostile input (issue 13): each shape that once crashed a run, hung it, took its memory or
lost data silently now gets a one-line reason and costs nothing else.

The invariant under every test: each path given is read as documents or reported by a Reject;
a bad record never hides the records after it; what leaves ingestion is valid Unicode.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import rows
from tests.helpers import WIRE_STORY, html_page, story
from vigie.errors import InputError
from vigie.ingest import iter_inputs
from vigie.ingest.decode import decode_text
from vigie.ingest.files import MAX_REJECTS_PER_FILE, read_file
from vigie.ingest.html_guard import MAX_TAG_ATTRIBUTES, check_html, html_depth
from vigie.ingest.jsonl import read_jsonl
from vigie.ingest.warc import read_warc
from vigie.model import Reject, Severity, SourceRecord
from vigie.runner import run

ROOT = Path(__file__).resolve().parents[2]


def only(items, kind):
    return [i for i in items if isinstance(i, kind)]


def reasons(items, severity: Severity | None = None) -> list[str]:
    return [r.reason for r in only(items, Reject) if severity is None or r.severity is severity]


def assert_one_line(items) -> None:
    for reject in only(items, Reject):
        assert reject.reason and "\n" not in reject.reason and "\r" not in reject.reason, reject


def assert_valid_unicode(items) -> None:
    """Everything that leaves ingestion can be encoded as UTF-8 (and so stored)."""
    for item in items:
        for value in vars(item).values():
            if isinstance(value, str):
                value.encode("utf-8")


@pytest.fixture
def no_hang():
    """Fail, rather than hang the suite, if a FIFO or a device is ever opened and read."""

    def expired(signum, frame):
        raise TimeoutError("ingest blocked: it opened something it must not open")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


# -- WARC builders ---------------------------------------------------------------------------

def warc_record(n: int, *, length: str | None = None, date: str = "2016-05-03T12:00:00Z",
                extra: str = "") -> bytes:
    """One WARC response record for page ``n``; ``length`` replaces the true Content-Length."""
    html = html_page(f"Titre {n}", [story(n)])
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    true_length = str(len(http))
    header = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=n + 1)}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: https://ex.example/{n}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        + ("" if length == "omit" else f"Content-Length: {true_length if length is None else length}\r\n")
        + extra + "\r\n"
    )
    return header.encode() + http + b"\r\n\r\n"


def write_records(path: Path, records: list[bytes], gz: bool) -> None:
    """A WARC from raw records: one gzip member per record when ``gz``, as crawlers write."""
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if gz else b"".join(records))


def urls(items) -> list[str]:
    return [r.url for r in only(items, SourceRecord)]


# -- 1. UTF-16 with damage ----------------------------------------------------------------------

@pytest.mark.parametrize("bom,codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
@pytest.mark.parametrize("damage", ["odd length", "unpaired surrogate"])
def test_utf16_with_odd_length_or_unpaired_surrogate_is_read_with_a_warning(tmp_path: Path, bom, codec, damage):
    body = WIRE_STORY.encode(codec)
    if damage == "odd length":
        body += b"\x00"
    else:
        lone = "\ud800".encode(codec, "surrogatepass")
        at = body.index("Les raids".encode(codec))
        body = body[:at] + lone + body[at:]
    (tmp_path / "page.txt").write_bytes(bom + body)
    items = list(iter_inputs([tmp_path]))
    [record] = only(items, SourceRecord)
    assert "dix-sept personnes" in record.raw and "\ufffd" in record.raw
    [warning] = only(items, Reject)
    assert warning.severity is Severity.WARNING
    assert "UTF-16" in warning.reason and "1 invalid sequence(s) replaced" in warning.reason
    assert_valid_unicode(items)


# -- 2. lone surrogates and undecodable file names ------------------------------------------

def test_jsonl_lone_surrogates_are_replaced_with_a_warning(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "a\\ud800", "text": ' + json.dumps(story(1))[:-1] + ' \\udfff", '
        '"url": "https://ex.example/\\ud83d", "outlet": "Le \\udc00 Fil"}\n'
        + json.dumps({"id": "ok", "text": story(2)}) + "\n"
        + '{"id": "pair", "text": ' + json.dumps(story(3))[:-1] + ' \\ud83d\\ude00"}\n',
        encoding="ascii",
    )
    items = list(iter_inputs([path]))
    assert_valid_unicode(items)
    first, ok, pair = only(items, SourceRecord)
    assert first.doc_id == "a\ufffd" and first.raw.endswith("\ufffd")
    assert first.url == "https://ex.example/\ufffd" and first.declared_outlet == "Le \ufffd Fil"
    assert pair.raw.endswith("\U0001F600")  # a real pair is one character, left alone
    [warning] = only(items, Reject)
    assert warning.severity is Severity.WARNING and warning.locator == "line 1"
    assert warning.reason == "4 lone surrogate(s) replaced with U+FFFD in 'id', 'text', 'url', 'declared_outlet'"


def test_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"d\xe9p\xeache.txt"), "wb") as fh:  # Latin-1 'dépêche'
        fh.write(WIRE_STORY.encode())
    with open(os.path.join(folder, b"\xff.bin"), "wb") as fh:
        fh.write(b"\x00\x01")
    items = list(iter_inputs([tmp_path]))
    assert_valid_unicode(items)
    [record] = only(items, SourceRecord)
    assert record.doc_id == "d\\xe9p\\xeache"
    assert record.source == f"{tmp_path}/d\\xe9p\\xeache.txt"
    [skip] = only(items, Reject)
    assert skip.severity is Severity.SKIPPED and skip.source.endswith("/\\xff.bin")


# -- 3. JSON nested too deep, numbers too long --------------------------------------------

def test_jsonl_nested_too_deep_or_number_too_long_costs_only_its_line(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "before", "text": story(1)}),
        '{"id": "deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "[" * 100_000,
        '{"id": "digits", "n": ' + "7" * 5000 + ', "text": "x"}',
        '{"id": "text with brackets", "text": ' + json.dumps("[" * 5000 + story(4)) + "}",
        '{"id": "nested comments", "c": ' + "[" * 150 + "]" * 150 + ', "text": ' + json.dumps(story(5)) + "}",
        '{"id": {"a": 1}, "text": "x"}',
        json.dumps({"id": "after", "text": story(2)}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(iter_inputs([path]))
    assert [r.doc_id for r in only(items, SourceRecord)] == ["before", "text with brackets", "nested comments", "after"]
    by_line = {r.locator: r.reason for r in only(items, Reject)}
    assert by_line["line 2"].startswith("malformed JSON: nested too deep")
    assert by_line["line 3"].startswith("malformed JSON: nested too deep")
    assert by_line["line 4"] == "malformed JSON: number too long"
    assert by_line["line 7"] == "'id' is an object, not a string or a number"
    assert_one_line(items)


# -- 4. a folder that cannot be searched ----------------------------------------------------

NOBODY = 65534


def _in_child_as_nobody(func):
    """Run ``func`` in a forked child that gave up root for uid/gid 'nobody'; its result."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            payload = pickle.dumps(("ok", func()))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            payload = pickle.dumps(("failed", repr(exc)))
        with os.fdopen(write_end, "wb") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        status, value = pickle.loads(fh.read())
    os.waitpid(pid, 0)
    if status != "ok":
        pytest.skip(f"could not run the walk without root privileges ({value})")
    return value


def test_folder_that_cannot_be_searched_is_a_reject_and_the_rest_is_read():
    """Root reads a chmod-000 folder anyway, so as root the walk runs in a forked child that
    dropped to 'nobody': the permission error is real, not simulated."""
    top = Path(tempfile.mkdtemp(prefix="vigie-locked-"))
    try:
        os.chmod(top, 0o755)
        (top / "a.txt").write_text(story(1), encoding="utf-8")
        (top / "locked").mkdir()
        (top / "locked" / "inside.txt").write_text(story(2), encoding="utf-8")
        (top / "z.txt").write_text(story(3), encoding="utf-8")
        os.chmod(top / "locked", 0)

        def walk():
            return list(iter_inputs([top]))

        items = _in_child_as_nobody(walk) if os.geteuid() == 0 else walk()
    finally:
        os.chmod(top / "locked", 0o755)
        import shutil

        shutil.rmtree(top)
    assert [r.doc_id for r in only(items, SourceRecord)] == ["a", "z"]
    [reject] = only(items, Reject)
    assert reject.source == str(top / "locked") and reject.severity is Severity.ERROR
    assert reject.reason == "cannot search folder: Permission denied; its files are not read"


# -- 5. links, FIFOs, devices, empty files ------------------------------------------------

def test_links_fifos_devices_and_empty_files_each_get_their_reason(tmp_path: Path, no_hang):
    top = tmp_path / "in"
    top.mkdir()
    (top / "good.txt").write_text(story(1), encoding="utf-8")
    os.symlink("loop.txt", top / "loop.txt")
    os.symlink("pong.txt", top / "ping.txt")
    os.symlink("ping.txt", top / "pong.txt")
    os.symlink("nowhere.txt", top / "dangling.txt")
    os.mkfifo(top / "pipe.txt")
    os.symlink("/dev/zero", top / "zero.txt")
    (top / "empty.jsonl").write_bytes(b"")
    (top / "blank.jsonl").write_bytes(b"\n  \n\n")
    os.symlink("good.txt", top / "alias.txt")  # a link to a regular file is read as today
    (top / "sub").mkdir()
    os.symlink(top, top / "sub" / "up")  # a folder link back to an ancestor
    other = tmp_path / "other"
    other.mkdir()
    (other / "far.txt").write_text(story(2), encoding="utf-8")
    os.symlink(other, top / "linked")  # a folder link: followed once

    items = list(iter_inputs([top, other, tmp_path / "in" / "pipe.txt", "/dev/zero"]))
    assert sorted(r.doc_id for r in only(items, SourceRecord)) == ["alias", "far", "good"]
    got = {(Path(r.source).name, r.reason, r.severity.value) for r in only(items, Reject)}
    assert got == {
        ("loop.txt", "symbolic link loop", "error"),
        ("ping.txt", "symbolic link loop", "error"),
        ("pong.txt", "symbolic link loop", "error"),
        ("dangling.txt", "dangling symbolic link to nowhere.txt", "error"),
        ("pipe.txt", "not a regular file (a FIFO)", "error"),  # in the folder and given itself
        ("zero.txt", "not a regular file (a character device)", "error"),
        ("zero", "not a regular file (a character device)", "error"),
        ("empty.jsonl", "empty file: nothing to read", "error"),
        ("blank.jsonl", "empty file: nothing to read", "error"),
        ("up", f"symbolic link loop: leads back to {top}", "error"),
        ("other", f"already read as {top}/linked", "skipped"),
    }
    assert len([r for r in only(items, Reject) if Path(r.source).name == "pipe.txt"]) == 2


def test_file_that_disappears_between_listing_and_opening_is_a_reject(tmp_path: Path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(story(len(name)), encoding="utf-8")
    items = iter_inputs([tmp_path])
    first = next(items)  # the folder is listed; b.txt goes before the walk reaches it
    (tmp_path / "b.txt").unlink()
    rest = list(items)
    assert first.doc_id == "a" and [r.doc_id for r in only(rest, SourceRecord)] == ["c"]
    [reject] = only(rest, Reject)
    assert reject.source.endswith("b.txt") and reject.reason.startswith("disappeared before it could be read")
    # and when the file goes between the look and the open
    [reject] = list(read_file(tmp_path / "b.txt"))
    assert reject.reason.startswith("disappeared before it could be read")


def test_path_with_a_nul_byte_is_a_reject():
    [reject] = list(iter_inputs(["bad\x00name.txt"]))
    assert reject.reason == "cannot look at it: embedded null byte"


def test_a_bug_in_a_reader_costs_only_its_file(tmp_path: Path, monkeypatch):
    """No known input reaches this guard: a reader is made to fail, standing for a bug."""
    import vigie.ingest.files as files

    def broken(*args):
        yield SourceRecord(doc_id="partial", raw=story(9), fmt="text", source="feed.jsonl")
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(files, "read_jsonl", broken)
    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(story(1), encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert [r.doc_id for r in only(items, SourceRecord)] == ["partial", "b"]
    assert reasons(items) == ["internal error while reading (RuntimeError: boom); please report this file"]


def test_zero_length_file_of_every_format_is_an_empty_file(tmp_path: Path):
    names = ["a.txt", "a.html", "a.jsonl", "a.warc", "a.arc", "b.txt.gz", "b.html.gz", "b.jsonl.gz", "b.warc.gz"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    for name in ("c.txt.gz", "c.jsonl.gz", "c.warc.gz"):  # gzip of nothing
        (tmp_path / name).write_bytes(gzip.compress(b""))
    items = list(iter_inputs([tmp_path]))
    assert not only(items, SourceRecord)
    got = {Path(r.source).name: r.reason for r in only(items, Reject)}
    assert set(got) == set(names) | {"c.txt.gz", "c.jsonl.gz", "c.warc.gz"}
    assert set(got.values()) == {"empty file: nothing to read"}


# -- 6. gzip bombs and endless lines, with flat memory ---------------------------------------

#: Peak resident memory allowed to a process reading 3 GB bombs. The interpreter with Vigie's
#: ingest imported is about 35 MB, one page is at most 10 MB and a chunk 1 MB.
MAX_RSS_MB = 300

_MEASURE = textwrap.dedent("""
    import json, resource, sys, time
    from vigie.ingest import iter_inputs
    out = []
    for path in sys.argv[1:]:
        start = time.perf_counter()
        items = [(type(i).__name__, getattr(i, "reason", None)) for i in iter_inputs([path])]
        out.append({"path": path, "items": items, "seconds": time.perf_counter() - start})
    try:  # this process's own peak: ru_maxrss also counts the parent it was forked from
        with open("/proc/self/status") as status:
            peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rss_mb": peak_kb / 1024, "files": out}))
""")


def _bomb(path: Path, head: bytes, unit: bytes, members: int = 48) -> None:
    """``head`` then ``members`` x 64 MiB of ``unit`` repeated: 3 GB inflated from ~3 MB."""
    block = gzip.compress(unit * (64 * 2**20 // len(unit)), compresslevel=9)
    with path.open("wb") as fh:
        fh.write(gzip.compress(head))
        for _ in range(members):
            fh.write(block)


def test_gzip_bombs_and_endless_lines_are_refused_in_flat_memory(tmp_path: Path):
    warc_head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://ex.example/\r\n"
                 b"Content-Length: 3221225472\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    cases = {
        "endless_line.jsonl.gz": (b'{"id": "x", "text": "', b"0"),
        "newlines.jsonl.gz": (b"", b"\n"),
        "zeros.warc.gz": (b"", b"\x00"),
        "endless_record.warc.gz": (warc_head, b"a"),
        "endless_page.txt.gz": (b"", b"0"),
    }
    for name, (head, unit) in cases.items():
        _bomb(tmp_path / name, head, unit)
    assert max((tmp_path / n).stat().st_size for n in cases) < 4 * 2**20
    # Not compressed, so no ratio to judge: only bounded reading keeps the memory flat. Sparse
    # files: 512 MB of one line (or one record, or one header line) written in no time.
    plain = {
        "endless_line.jsonl": b'{"id": "x", "text": "',
        "endless_record.warc": warc_head,
        "endless_header.warc": b"WARC/1.0\r\nWARC-Target-URI: https://ex.example/",
    }
    for name, head in plain.items():
        with (tmp_path / name).open("wb") as fh:
            fh.write(head)
            fh.truncate(512 * 2**20)
        cases[name] = (head, b"")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *(str(tmp_path / n) for n in cases)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    print(f"peak RSS {report['rss_mb']:.0f} MB, {elapsed:.1f} s in all:",
          {Path(f["path"]).name: round(f["seconds"], 2) for f in report["files"]})
    assert report["rss_mb"] < MAX_RSS_MB, report
    assert elapsed < 30, report
    got = {Path(f["path"]).name: f["items"] for f in report["files"]}
    for name, items in got.items():
        assert items and all(kind == "Reject" for kind, _ in items), (name, items)
    assert "looks like a gzip bomb" in got["endless_line.jsonl.gz"][-1][1]
    assert got["endless_line.jsonl"] == [["Reject", "line is 512.0 MB, over the page limit"]]
    [[_, reason]] = got["endless_record.warc"]
    assert reason.startswith("broken WARC record: Content-Length 3221225472 runs past the end of the file")
    assert got["endless_header.warc"] == [
        ["Reject", "broken WARC record: header over 64 KB a line or 256 KB in all"]
    ]
    assert "looks like a gzip bomb" in got["newlines.jsonl.gz"][-1][1]
    assert "looks like a gzip bomb" in got["zeros.warc.gz"][-1][1]
    assert "looks like a gzip bomb" in got["endless_record.warc.gz"][-1][1]
    assert "looks like a gzip bomb" in got["endless_page.txt.gz"][0][1]


def test_jsonl_line_over_the_page_limit_is_skipped_and_the_next_line_read(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    long_line = json.dumps({"id": "long", "text": "x" * 50_000})
    path.write_text("\n".join([json.dumps({"id": "a", "text": story(1)}), long_line,
                               json.dumps({"id": "b", "text": story(2)})]), encoding="utf-8")
    items = list(iter_inputs([path], max_bytes=20_000))
    assert [r.doc_id for r in only(items, SourceRecord)] == ["a", "b"]
    [reject] = only(items, Reject)
    assert reject.locator == "line 2" and "over the page limit" in reject.reason


def test_a_file_of_a_million_bad_lines_is_reported_in_bounded_rows(tmp_path: Path):
    path = tmp_path / "notjson.jsonl"
    path.write_bytes(b"x\n" * 200_000 + json.dumps({"id": "last", "text": story(1)}).encode())
    items = list(iter_inputs([path]))
    assert [r.doc_id for r in only(items, SourceRecord)] == ["last"]  # the good line is not lost
    rejects = only(items, Reject)
    assert len(rejects) == MAX_REJECTS_PER_FILE + 1
    assert rejects[-1].reason == (f"{200_000 - MAX_REJECTS_PER_FILE} more rejects in this file, "
                                  f"not listed one by one (the first {MAX_REJECTS_PER_FILE} are)")


# -- 7. WARC records with a wrong Content-Length ------------------------------------------

def _true_length(record: bytes) -> int:
    head, _, rest = record.partition(b"\r\n\r\n")
    return len(rest) - 4


LENGTH_CASES = {
    "too long": lambda recs: str(_true_length(recs[1]) + len(recs[2]) // 2),
    "swallows the next record exactly": lambda recs: str(_true_length(recs[1]) + 4 + len(recs[2])),
    "too short": lambda recs: str(_true_length(recs[1]) - 100),
    "not a number": lambda recs: "12ab",
    "negative": lambda recs: "-5",
    "huge": lambda recs: "9" * 40,
    "missing": lambda recs: "omit",
}


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("case", list(LENGTH_CASES))
def test_warc_record_with_a_wrong_content_length_never_hides_the_records_after_it(tmp_path: Path, gz: bool, case: str):
    records = [warc_record(n) for n in range(4)]
    records[1] = warc_record(1, length=LENGTH_CASES[case](records))
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_records(path, records, gz)
    items = list(iter_inputs([path]))
    assert urls(items) == ["https://ex.example/0", "https://ex.example/2", "https://ex.example/3"]
    [reject] = only(items, Reject)
    assert reject.severity is Severity.ERROR and reject.reason.startswith("broken WARC record: ")
    assert "Content-Length" in reject.reason
    expected_offset = len(gzip.compress(records[0])) if gz else len(records[0])
    assert reject.locator == f"byte {expected_offset}"


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_warc_last_record_running_past_the_end_of_the_file(tmp_path: Path, gz: bool):
    records = [warc_record(0), warc_record(1), warc_record(2, length=str(10**6))]
    path = tmp_path / "crawl.warc"
    write_records(path, records, gz)
    items = list(iter_inputs([path]))
    assert urls(items) == ["https://ex.example/0", "https://ex.example/1"]
    [reject] = only(items, Reject)
    assert "Content-Length 1000000 runs past the end of the file" in reject.reason


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path, gz: bool, cut: float):
    records = [warc_record(n) for n in range(3)]
    path = tmp_path / "crawl.warc"
    write_records(path, records, gz)
    data = path.read_bytes()
    second_end = len(gzip.compress(records[0])) + len(gzip.compress(records[1])) if gz else len(records[0] + records[1])
    path.write_bytes(data[: second_end + int((len(data) - second_end) * cut)])
    items = list(iter_inputs([path]))
    assert urls(items) == ["https://ex.example/0", "https://ex.example/1"]
    [reject] = only(items, Reject)
    assert reject.reason.startswith("broken WARC record: ") and reject.locator == f"byte {second_end}"


def arc_file(lengths: dict[int, int] | None = None) -> bytes:
    """An ARC (version 1) file of three pages; ``lengths`` replaces a record's length field."""
    version = b"1 0 Vigie\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://crawl.arc 0.0.0.0 20160503120000 text/plain %d\n" % len(version) + version + b"\n"
    for n in range(3):
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html_page(f"T{n}", [story(n)]).encode()
        length = (lengths or {}).get(n, len(http))
        out += b"https://ex.example/%d 192.0.2.1 20160503120000 text/html %d\n" % (n, length) + http + b"\n"
    return out


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip"])
def test_arc_files_are_read_and_a_wrong_length_costs_only_its_record(tmp_path: Path, gz: bool):
    pack = gzip.compress if gz else bytes
    (tmp_path / "good.arc").write_bytes(pack(arc_file()))
    items = list(iter_inputs([tmp_path / "good.arc"]))
    assert urls(items) == [f"https://ex.example/{n}" for n in range(3)] and not only(items, Reject)
    assert {r.crawled_at for r in only(items, SourceRecord)} == {"2016-05-03"}
    (tmp_path / "bad.arc").write_bytes(pack(arc_file({1: 999_999})))
    items = list(iter_inputs([tmp_path / "bad.arc"]))
    assert urls(items) == ["https://ex.example/0", "https://ex.example/2"]
    [reject] = only(items, Reject)
    assert reject.reason.startswith("broken ARC record: ARC length 999999 runs past the end of the file")


def _response_record(n: int, head: bytes, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + head + b"\r\n" + body
    return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://ex.example/%d\r\n"
            b"Content-Length: %d\r\n\r\n" % (n, len(http)) + http + b"\r\n\r\n")


def test_warc_http_codings_are_undone_and_a_compressed_bomb_refused(tmp_path: Path):
    page = html_page("Titre", [story(1)]).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(page[i:i + 500]), page[i:i + 500]) for i in range(0, len(page), 500))
    records = [
        _response_record(0, b"Content-Encoding: gzip\r\n", gzip.compress(page)),
        _response_record(1, b"Transfer-Encoding: chunked\r\n", chunked + b"0\r\n\r\n"),
        _response_record(2, b"Content-Encoding: gzip\r\n", gzip.compress(bytes(20 * 2**20))),
        _response_record(3, b"", page),
    ]
    write_records(tmp_path / "crawl.warc", records, gz=False)
    items = list(iter_inputs([tmp_path / "crawl.warc"]))
    assert urls(items) == ["https://ex.example/0", "https://ex.example/1", "https://ex.example/3"]
    assert all(r.raw == page.decode() for r in only(items, SourceRecord))
    assert reasons(items) == ["page over the 10 MB limit decompressed"]


# -- 8. a malformed WARC-Date ---------------------------------------------------------------

@pytest.mark.parametrize("date", ["2016-13-45T00:00:00Z", "hier", "0000-00-00T00:00:00Z", "2016-05-03T25:00:00Z"])
def test_malformed_warc_date_is_ignored_with_a_warning_and_the_page_read(tmp_path: Path, date: str):
    path = tmp_path / "crawl.warc"
    write_records(path, [warc_record(0, date=date)], gz=False)
    items = list(iter_inputs([path]))
    [record] = only(items, SourceRecord)
    [warning] = only(items, Reject)
    assert warning.severity is Severity.WARNING and warning.reason.startswith(f"WARC-Date value {date!r}")
    # A bad time of day loses only the time: the crawl day is still known.
    assert record.crawled_at == ("2016-05-03" if date.startswith("2016-05-03") else None)


# -- 9. a UTF-8 page with a stray byte -------------------------------------------------------

def test_utf8_page_with_a_stray_byte_stays_utf8(tmp_path: Path):
    raw = WIRE_STORY.encode("utf-8")
    cut = raw.index(b"Les raids")
    (tmp_path / "page.txt").write_bytes(raw[:cut] + b"\xe9" + raw[cut:])  # a Latin-1 'é' pasted in
    items = list(iter_inputs([tmp_path]))
    [record] = only(items, SourceRecord)
    assert "ont été tuées" in record.raw and "\ufffdLes raids" in record.raw and "Ã©" not in record.raw
    assert reasons(items) == ["not valid UTF-8: 1 stray byte(s) replaced with U+FFFD"]


def test_legacy_page_with_no_utf8_sequence_is_still_windows_1252():
    text, note = decode_text("L’été à Douma : « 17 morts »".encode("cp1252"))
    assert text == "L’été à Douma : « 17 morts »" and note == "not UTF-8: decoded as Windows-1252"


# -- 10. impossible declared dates ----------------------------------------------------------

@pytest.mark.parametrize("value,kept,words", [
    ("2016-02-31", None, "is not a real calendar date"),
    ("0000-00-00", None, "year 0000 is outside 1900-"),
    ("0001-01-01", None, "year 0001 is outside 1900-"),
    ("9999-12-31", None, "year 9999 is outside 1900-"),
    ("2016-05-03T24:61:00Z", "2016-05-03", "24:61 is not a time of day; date kept"),
    ("2016-05-03T10:00:00Z", "2016-05-03T10:00", None),
])
def test_impossible_published_dates_are_ignored_with_a_warning(tmp_path: Path, value, kept, words):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "d", "text": story(1), "published": value}) + "\n", encoding="utf-8")
    items = list(iter_inputs([path]))
    [record] = only(items, SourceRecord)
    assert record.declared_published == kept
    if words is None:
        assert not only(items, Reject)
    else:
        [warning] = only(items, Reject)
        assert warning.severity is Severity.WARNING and words in warning.reason


# -- 11, 12. the HTML guard ----------------------------------------------------------------------

def _best_time(func, arg, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func(arg)
        best = min(best, time.perf_counter() - start)
    return best


def test_html_guard_is_linear_on_tags_that_never_close():
    page = "<a " * (150 * 1024 // 3)
    assert _best_time(check_html, page, repeat=1) < 1.0  # was 175 s
    assert _best_time(check_html, "<p>" + "<a " * 50_000 + "</p>" * 3, repeat=1) < 1.0
    # A page of ordinary closed tags: four times the input costs about four times the time.
    unit = "<div><a href='x'>lien</a> texte <br/> "
    small, large = _best_time(html_depth, unit * 5_000), _best_time(html_depth, unit * 20_000)
    assert large < 6 * small + 0.02, (small, large)
    assert html_depth(unit * 20_000) == 20_001


def test_tag_with_100000_attributes_is_defused_and_the_article_kept(tmp_path: Path):
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(100_000))
    page = html_page("Frappes sur Douma", [WIRE_STORY]).replace("<article>", f"<article><div {attributes}>", 1)
    (tmp_path / "attack.html").write_text(page, encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    [record] = only(items, SourceRecord)
    assert reasons(items, Severity.WARNING) == [
        f"1 oversized HTML tag(s) (over 64 KB or {MAX_TAG_ATTRIBUTES} attributes) had their attributes "
        "dropped before parsing"
    ]
    assert "data-a5" not in record.raw and "<article><div>" in record.raw
    from vigie.clean.html import clean_html

    start = time.perf_counter()
    cleaned, _meta = clean_html(record.raw)
    assert time.perf_counter() - start < 3.0  # was 148 s
    assert "dix-sept personnes" in cleaned.text


def test_ordinary_tags_are_left_alone():
    page = html_page("Titre", [story(1)]).replace("<article>", '<article class="a b" data-x=\'{"k": 1}\'>')
    assert check_html(page) == (page, None)
    fifty = " ".join(f'a{i}="{"v " * 30}"' for i in range(50))  # long values full of spaces
    assert check_html(f"<div {fifty}>x</div>")[1] is None


# -- the invariant, end to end ---------------------------------------------------------------

def test_run_over_hostile_input_stores_every_good_document_and_every_reason(tmp_path: Path, db: Path, no_hang):
    top = tmp_path / "in"
    top.mkdir()
    (top / "good.txt").write_text(story(1), encoding="utf-8")
    with open(os.path.join(os.fsencode(top), b"\xff.txt"), "wb") as fh:
        fh.write(story(2).encode())
    (top / "feed.jsonl").write_text(
        '{"id": "s\\ud800", "text": ' + json.dumps(story(3)) + ', "published": "0001-01-01"}\n'
        + '{"id": "deep", "x": ' + "[" * 100_000 + "}\n", encoding="utf-8")
    write_records(top / "crawl.warc", [warc_record(4, date="2016-13-45T00:00:00Z")], gz=False)
    os.mkfifo(top / "pipe.txt")
    os.symlink("loop", top / "loop")
    summary = run([top], db)
    ids = {r["id"] for r in rows(db, "SELECT id FROM documents WHERE is_current = 1")}
    assert ids == {"good", "\\xff", "s\ufffd", str(uuid.UUID(int=5))}
    stored = rows(db, "SELECT source, reason, severity FROM rejects")
    assert not [r for r in stored if "internal error" in r["reason"]]
    errors = {(Path(r["source"]).name, r["reason"]) for r in stored if r["severity"] == "error"}
    assert errors == {
        ("feed.jsonl", "malformed JSON: nested too deep (over 200 levels)"),
        ("pipe.txt", "not a regular file (a FIFO)"),
        ("loop", "symbolic link loop"),
    }
    assert summary.rejected == 3


# -- properties -----------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_decode_text_never_fails_on_bytes(data: bytes):
    try:
        text, note = decode_text(data)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    text.encode("utf-8")  # valid Unicode, whatever came in
    assert note is None or "\n" not in note


_line = st.one_of(
    st.binary(max_size=200),
    st.builds(lambda n, t: json.dumps({"id": n, "text": t}).encode(), st.integers(), st.text(max_size=50)),
    st.text(alphabet="[]{}\",:0123456789\\ud", max_size=200).map(str.encode),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_line, max_size=20))
def test_read_jsonl_accounts_for_every_line(lines: list[bytes]):
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    items = list(read_jsonl(io.BytesIO(data), False, "f.jsonl", 10_000))
    assert_one_line(items)
    told = {item.locator for item in items}
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.strip():
            assert f"line {number}" in told
    if not data.strip():
        assert reasons(items) == ["empty file: nothing to read"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans(), st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=1, max_size=8)), max_size=6))
@example(True, [(18, b"\x1f\x8b\x08")])  # a gzip header written inside the first member
def test_damaged_warc_never_fails_and_every_intact_record_is_read(gz: bool, edits):
    """Random bytes written over a WARC: whatever they break, reading ends with one-line
    reasons, and every record (every gzip member) they did not touch is read."""
    records = [warc_record(n) for n in range(4)]
    pieces = [gzip.compress(r) for r in records] if gz else records
    bounds, at = [], 0
    for piece in pieces:
        bounds.append((at, at + len(piece)))
        at += len(piece)
    data = bytearray(b"".join(pieces))
    touched = set()
    for at, replacement in edits:
        at %= len(data)
        data[at: at + len(replacement)] = replacement
        touched |= {n for n, (lo, hi) in enumerate(bounds) if at < hi and at + len(replacement) > lo}
    items = list(read_warc(io.BytesIO(bytes(data)), gz, "f.warc", 10 * 2**20))
    assert_one_line(items)
    assert_valid_unicode(items)
    read = set(urls(items))
    for n in set(range(4)) - touched:
        assert f"https://ex.example/{n}" in read, (n, touched, reasons(items))


def test_a_gzip_of_records_repeated_over_and_over_stops_at_the_repeats(tmp_path: Path):
    """100 small records repeated thousands of times inflate at ~160:1, under the bomb ratio,
    yet hold no article: past MAX_REPEATED_LINES repeats in a row the file is refused with its
    reason, after the records before the loop were read; a feed that repeats a few records
    now and then is read whole."""
    from vigie.ingest import iter_inputs
    from vigie.ingest.jsonl import MAX_REPEATED_LINES

    fill = b"".join(b'{"id": "b%d", "text": "bombe"}\n' % i for i in range(100))
    with gzip.open(tmp_path / "loop.jsonl.gz", "wb") as fh:
        fh.write(json.dumps({"id": "first", "text": WIRE_STORY}).encode() + b"\n")
        for _ in range(MAX_REPEATED_LINES // 100 * 3):
            fh.write(fill)
    started = time.monotonic()
    items = list(iter_inputs([tmp_path / "loop.jsonl.gz"]))
    assert time.monotonic() - started < 10
    assert items[0].doc_id == "first"
    assert "repeats records it has just read" in items[-1].reason and len(items) < MAX_REPEATED_LINES + 200
    lines = [json.dumps({"id": f"s{i % 700}", "text": f"texte {i % 700}"}) for i in range(5000)]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert len(list(iter_inputs([tmp_path / "feed.jsonl"]))) == 5000


@pytest.mark.parametrize("charset", ["unicode_escape", "raw-unicode-escape", "utf-7", "idna"])
def test_a_declared_charset_no_web_page_uses_is_not_honoured(charset):
    """A UTF-8 page whose header names a Python codec no web page is in ("unicode_escape" is
    looked up as 'unicode-escape') is read as UTF-8, not garbled by that codec."""
    from vigie.ingest.warc import _decode

    text, _ = _decode("<p>Des civils ont été tués à Alep.</p>".encode(), f"text/html; charset={charset}")
    assert "été tués à Alep" in text


# -- found by the long fuzz run (2026-12-06): impossible metadata must not cost the article ----

@pytest.mark.parametrize("published", ["\x00", "2016-03-04T10:00:00+25:00"])
def test_an_html_page_with_impossible_metadata_is_still_read(tmp_path: Path, published):
    """A NUL byte in a meta attribute made the page "binary"; a published_time at UTC+25 made
    trafilatura give up on the whole page ("no article text found"). Both are read now."""
    from vigie.runner import run

    paragraphs = [p for p in WIRE_STORY.split("\n\n")[1:] if p.strip()]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(html_page("Syrie : au moins 17 morts à Douma", paragraphs, published), encoding="utf-8")
    summary = run([tmp_path / "in"], tmp_path / "v.db")
    assert summary.rejected == 0 and summary.counts["new"] == 1
    [(text,)] = rows(tmp_path / "v.db", "SELECT text FROM documents")
    assert "Douma" in text and "\x00" not in text
