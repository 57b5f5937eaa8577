"""Property tests of the parsers hostile input reaches first, with Hypothesis.

Each parser is a plain function of bytes or text, so Hypothesis can throw thousands of inputs
at it in-process in a few seconds and shrink a failure to its smallest form: the fast half of
issue 13's harness (the slow half runs the whole CLI on one corpus: ``test_fuzz_quick.py``).
The properties are the contracts the run relies on: a parser either gives its value or says,
in one line, why not (InputError or a Reject), and nothing it gives is outside ``vigie.limits``
or invalid Unicode.
"""

from __future__ import annotations

import datetime as dt
import io
import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vigie.clean import normalize_text
from vigie.datetext import find_dates
from vigie.errors import InputError
from vigie.events.numbers import find_quantities
from vigie.ingest.dates import declared_date
from vigie.ingest.decode import decode_text, replace_surrogates
from vigie.ingest.html_guard import check_html
from vigie.ingest.jsonl import read_jsonl
from vigie.ingest.streams import GZIP_ERRORS, inflated, iter_lines, read_page
from vigie.ingest.walk import shown
from vigie.ingest.warc import read_warc
from vigie.limits import MAX_COUNT, iso_day, plausible_count, plausible_year
from vigie.model import Reject, SourceRecord

#: Enough examples to find shape bugs, few enough that the file runs in seconds; no deadline
#: per example (the first example of each test pays for loading a lexicon), but every test is
#: bounded as a whole by pytest's own run time.
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MAX_BYTES = 10 * 1024 * 1024


def valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def one_line(reason: str) -> bool:
    """One line as Python reads lines (no \\n, \\r, \\x85, \\u2028...: str.splitlines)."""
    return bool(reason.strip()) and reason.splitlines() == [reason]


# -- bytes to text --------------------------------------------------------------------------

page_bytes = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    st.text(max_size=500).map(lambda t: b"\xff\xfe" + t.encode("utf-16-le", "surrogatepass")),
    st.text(max_size=500).map(lambda t: b"\xfe\xff" + t.encode("utf-16-be", "surrogatepass")),
    st.tuples(st.text(max_size=300), st.binary(max_size=3)).map(lambda p: p[0].encode() + p[1]),
    st.text(alphabet="àéèêçôœ’«» aeiou", max_size=300).map(lambda t: t.encode("cp1252", "replace")),
)


@FAST
@given(page_bytes)
@example(b"\xff\xfeA\x00\x00\xd8B\x00")  # UTF-16 with an unpaired surrogate
@example(b"\xff\xfeA\x00B")  # UTF-16 of odd length
def test_decode_text_gives_valid_unicode_or_an_input_error(data: bytes):
    try:
        text, note = decode_text(data)
    except InputError as exc:
        assert one_line(str(exc))
        return
    assert valid_unicode(text)
    assert note is None or one_line(note)


@FAST
@given(st.text(alphabet=st.characters(codec=None), max_size=200))
def test_replace_surrogates_leaves_nothing_unencodable(text: str):
    clean, count = replace_surrogates(text)
    assert valid_unicode(clean)
    assert len(clean) == len(text) and count >= 0


@FAST
@given(st.binary(max_size=300))
def test_shown_path_is_always_valid_unicode(name: bytes):
    assert valid_unicode(shown(name.replace(b"\x00", b"")))


# -- cleaning ---------------------------------------------------------------------------------

@FAST
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("e\u0301\u0327\u200b\u200d\u00ad\ufeff\u2060a")),
               max_size=200))
@example("e\u200b\u0301")  # an invisible between a letter and its accent
def test_normalize_text_is_idempotent(text: str):
    once = normalize_text(text)
    assert normalize_text(once) == once


# -- figures and dates ----------------------------------------------------------------------

figure = st.one_of(
    st.integers(min_value=-10**25, max_value=10**25).map(str),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}".replace(",", " ")),
    st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}".replace(",", ".")),
    st.sampled_from(["9223372036854775807", "999999999999999999999", "-5", "−12", "1,5 million", "mille milliards",
                     "vingt-six", "une vingtaine", "des dizaines", "quatre-vingt-dix-neuf mille milliards", "1e30"]),
)
prose = st.lists(st.one_of(figure, st.sampled_from(
    ["morts", "civils", "tués", "au moins", "près de", "dont", "blessés", ",", " ", "(", ")", "personnes", "-"])),
    max_size=40).map(" ".join)


@FAST
@given(st.one_of(prose, st.text(max_size=300)))
@example("999999999999999999999 civils et 9223372036854775807 morts, -5 morts")
def test_find_quantities_stays_within_plausible_counts(text: str):
    for q in find_quantities(text):
        assert plausible_count(q.value) and q.value <= MAX_COUNT, q
        assert 0 <= q.start <= q.end <= len(text) and text[q.start:q.end] == q.text


date_text = st.builds(
    lambda d, m, y, sep: f"le {d}{sep}{m}{sep}{y}",
    st.one_of(st.integers(0, 40).map(str), st.just("1er")),
    st.one_of(st.sampled_from(["janvier", "février", "mars", "août", "décembre", "fev", "sept"]), st.integers(0, 14).map(str)),
    st.integers(0, 99999).map(lambda y: f"{y:04d}"),
    st.sampled_from([" ", "/", "."]),
)


@FAST
@given(st.one_of(date_text, st.text(max_size=200)))
@example("le 1er janvier 0001")
@example("le 31 février 2016, le 29/02/2015")
def test_find_dates_yields_only_real_plausible_days(text: str):
    for d in find_dates(text):
        assert isinstance(d.date, dt.date) and plausible_year(d.date.year)
        assert text[d.start:d.end] == d.text


declared = st.one_of(
    st.text(max_size=40), st.integers(), st.floats(), st.none(), st.lists(st.integers(), max_size=2),
    st.builds(lambda y, m, d, rest: f"{y:04d}-{m:02d}-{d:02d}{rest}", st.integers(0, 9999), st.integers(0, 99),
              st.integers(0, 99), st.sampled_from(["", "T10:00", "T99:99", " 23:59", "Z", "x" * 50])),
)


@FAST
@given(declared)
@example("2016-02-31")
@example("0000-00-00")
@example("0001-01-01")
def test_declared_dates_are_real_days_or_a_one_line_warning(value):
    kept, problem = declared_date(value, "'published'")
    assert kept is None or iso_day(kept) is not None
    assert problem is None or one_line(problem)
    assert kept is not None or problem is not None


# -- HTML, JSONL, WARC, gzip --------------------------------------------------------------------

html_text = st.lists(st.one_of(
    st.sampled_from(["<div>", "</div>", "<a ", "<p>", "</p>", ">", "<", "<br/>", '<b x="', '"', "<!--", "-->",
                     "<script>", "</script>", "&amp;", "<div a=1 b=2 c=3>"]),
    st.text(max_size=10)), max_size=300).map("".join)


@FAST
@given(st.one_of(html_text, st.text(max_size=500)))
def test_check_html_gives_a_page_or_an_input_error(html: str):
    try:
        page, note = check_html(html)
    except InputError as exc:
        assert one_line(str(exc))
        return
    assert isinstance(page, str) and (note is None or one_line(note))


def json_values():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["id", "text", "html", "published", "url", "outlet", "x"]),
                                                     inner, max_size=5)), max_leaves=20)


jsonl_line = st.one_of(
    st.binary(max_size=500).map(lambda b: b.replace(b"\n", b" ")),
    json_values().map(lambda v: json.dumps(v).encode()),
    st.builds(lambda i, t, p: json.dumps({"id": i, "text": t, "published": p}).encode(),
              st.one_of(st.text(max_size=20), st.integers()), st.text(max_size=100), declared),
    st.sampled_from([b"[" * 100_000, b'{"a":' * 50_000, b'{"id": 1, "text": "x", "n": ' + b"9" * 5000 + b"}",
                     b'{"id": "\\ud800", "text": "a\\udc80b"}']),
)


@FAST
@given(jsonl_line)
@example(b'{"id": "a\\nb", "text": ""}')  # an id with a line break, quoted in the reason
def test_a_jsonl_line_gives_a_record_or_a_reject(line: bytes):
    items = list(read_jsonl(io.BytesIO(line + b"\n"), False, "feed.jsonl", MAX_BYTES))
    if not line.strip():
        assert len(items) == 1 and isinstance(items[0], Reject)  # an empty file says so
        return
    assert items and all(isinstance(i, (SourceRecord, Reject)) for i in items)
    assert sum(isinstance(i, SourceRecord) for i in items) <= 1
    assert all(one_line(i.reason) for i in items if isinstance(i, Reject))


@FAST
@given(st.lists(st.binary(max_size=50).map(lambda b: b.replace(b"\n", b"")), max_size=30),
       st.sampled_from([b"\n", b"\r\n"]))
def test_iter_lines_yields_every_non_blank_line_with_its_number(lines: list[bytes], end: bytes):
    data = end.join(lines)
    got = list(iter_lines(io.BytesIO(data), MAX_BYTES))
    want = [(i + 1, line + (b"\r" if end == b"\r\n" and i < len(lines) - 1 else b""))
            for i, line in enumerate(lines)]
    assert got == [(n, line) for n, line in want if line.strip()]


def warc_bytes():
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:r%d>\r\n"
              b"WARC-Target-URI: https://x.example/%d\r\nWARC-Date: 2016-03-04T10:00:00Z\r\n"
              b"Content-Length: %d\r\n\r\n%s\r\n\r\n")
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Texte de l'article.</p></body></html>"
    valid = b"".join(record % (i, i, len(body), body) for i in range(3))
    # damage: bytes replaced, inserted or cut somewhere in three valid records
    return st.tuples(st.integers(0, len(valid)), st.integers(0, 40), st.binary(max_size=40)).map(
        lambda d: valid[:d[0]] + d[2] + valid[d[0] + d[1]:])


@FAST
@given(st.one_of(warc_bytes(), st.binary(max_size=2000)), st.booleans())
def test_read_warc_never_raises_and_gives_records_or_rejects(data: bytes, gzip_it: bool):
    import gzip

    raw = gzip.compress(data, mtime=0)[: len(data) + 20] if gzip_it else data  # a gzip possibly cut
    items = list(read_warc(io.BytesIO(raw), gzip_it, "crawl.warc", MAX_BYTES))
    assert all(isinstance(i, (SourceRecord, Reject)) for i in items)
    assert all(one_line(i.reason) for i in items if isinstance(i, Reject))


@FAST
@given(st.one_of(st.binary(max_size=500), st.binary(max_size=500).map(lambda b: b"\x1f\x8b\x08\x00" + b),
                 st.binary(max_size=2000).map(lambda b: __import__("gzip").compress(b, mtime=0)[: len(b) // 2 + 10])))
def test_inflating_anything_reads_or_raises_a_gzip_error(data: bytes):
    try:
        read_page(inflated(io.BytesIO(data), True), MAX_BYTES)
    except (*GZIP_ERRORS, InputError):
        pass
