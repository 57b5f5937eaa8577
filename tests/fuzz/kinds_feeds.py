"""Hostile containers: JSONL lines and WARC records of every broken shape, gzip cut short,
corrupt or inflating to gigabytes; valid records around them, which must survive."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.fuzz.articles import (
    Article, article_warc_record, as_html_page, as_jsonl_line, make_article, warc_gz, warc_record,
)
from tests.fuzz.writer import Entry, Writer, gz, kind, page_bytes as _page_bytes, synced_gzip

# -- JSONL ----------------------------------------------------------------------------------

def _jsonl(w: Writer, k: str, hostile_lines: list[bytes], *, valid_before=0, valid_after=1, ext=".jsonl",
           gzip_it=False):
    arts = [w.article() for _ in range(valid_before + valid_after)]
    lines = [as_jsonl_line(a).encode("utf-8") for a in arts[:valid_before]] + hostile_lines + [
        as_jsonl_line(a).encode("utf-8") for a in arts[valid_before:]]
    data = b"\n".join(lines) + b"\n"
    w.write(k, gz(data) if gzip_it else data, ext + (".gz" if gzip_it else ""), articles=[a.doc_id for a in arts])


@kind("jsonl-lone-surrogate-id")
def _jsonl_surrogate_id(w: Writer, k: str):
    a = w.article()
    raw_id = a.doc_id + "-\\ud800"
    stored_id = a.doc_id + "-\ufffd"  # what ingest makes of it (a warning, not a reject)
    w.manifest.articles.pop(a.doc_id)
    w.manifest.articles[stored_id] = a
    line = json.dumps({"id": "@@", "text": a.text, "published": a.published.isoformat()}, ensure_ascii=False)
    line = line.replace('"@@"', '"' + raw_id + '"')
    _jsonl(w, k, [line.encode("utf-8")])
    w.manifest.entries[-1].articles += (stored_id,)


@kind("jsonl-lone-surrogate-text")
def _jsonl_surrogate_text(w: Writer, k: str):
    a = w.article()
    line = as_jsonl_line(a).replace("Au moins", "Au\\udc80 moins", 1).replace("(AFP)", "(AFP\\udfff)", 1)
    _jsonl(w, k, [line.encode("utf-8")])
    w.manifest.entries[-1].articles += (a.doc_id,)


@kind("jsonl-nested-100000")
def _jsonl_deep(w: Writer, k: str):
    depth = 100_000
    shape = w.variant(k, ["array", "object", "mixed", "unclosed"])
    if shape == "array":
        line = "[" * depth + "]" * depth
    elif shape == "object":
        line = '{"a":' * depth + "1" + "}" * depth
    elif shape == "mixed":
        line = '{"id": "deep", "text": ' + '[{"x":' * (depth // 2) + "0" + "}]" * (depth // 2) + "}"
    else:
        line = "[" * depth
    _jsonl(w, k, [line.encode()])


@kind("jsonl-number-5000-digits")
def _jsonl_bignum(w: Writer, k: str):
    digits = "9" * 5000
    a = w.article()
    where = w.rng.choice(["id", "published", "extra", "text"])
    record = {"id": a.doc_id + "-big", "text": a.text}
    line = json.dumps({**record, where: "@@"}, ensure_ascii=False).replace('"@@"', w.rng.choice(
        [digits, "-" + digits, "1e" + digits, "0." + digits, digits + ".5"]))
    w.manifest.articles.pop(a.doc_id)
    _jsonl(w, k, [line.encode()])


@kind("jsonl-impossible-published")
def _jsonl_dates(w: Writer, k: str):
    a = w.article()
    value = w.variant(k, ["2016-02-31", "0000-00-00", "0001-01-01", "9999-12-31", "2016-13-45T99:99",
                          "2016-03-04T25:61:00", "", "   ", "hier", 20160304, -1, 1e308, None, [], {"y": 2016},
                          "2016-03-04" + "x" * 5000, "\u0000", "２０１６-０３-０４"])
    record = json.loads(as_jsonl_line(a))
    record["published"] = value
    _jsonl(w, k, [json.dumps(record, ensure_ascii=False).encode()], valid_before=0)
    w.manifest.entries[-1].articles += (a.doc_id,)


@kind("jsonl-not-an-object")
def _jsonl_not_object(w: Writer, k: str):
    lines = [json.dumps(v).encode() for v in (42, "texte", [1, 2], None, True, 1.5, [{"id": "x", "text": "y"}])]
    _jsonl(w, k, w.rng.sample(lines, 3))


@kind("jsonl-bad-fields")
def _jsonl_bad_fields(w: Writer, k: str):
    text = make_article(w.rng.randrange(10**6), "x").text
    pool = [
        {"text": text}, {"id": None, "text": text}, {"id": "", "text": text}, {"id": "   ", "text": text},
        {"id": ["a"], "text": text}, {"id": {"a": 1}, "text": text}, {"id": True, "text": text},
        {"id": "bf-" + str(w.rng.random()), "text": 12}, {"id": "bf-" + str(w.rng.random()), "text": ["a"]},
        {"id": "bf-" + str(w.rng.random()), "text": ""}, {"id": "bf-" + str(w.rng.random())},
        {"id": "bf-" + str(w.rng.random()), "html": "<p>"}, {"id": "bf-" + str(w.rng.random()), "html": 7, "text": text},
        {"id": "a\nb\tc\u0000" + str(w.rng.random()), "text": text}, {"id": "L" * 10_000 + str(w.rng.random()), "text": text},
        {"id": float("nan"), "text": text}, {"id": 1e308, "text": text}, {"id": -0.0, "text": text},
        {"id": "bf-" + str(w.rng.random()), "text": text, "url": {"a": [1]}, "outlet": ["x"]},
        {"id": "line\nbreak-" + str(w.rng.random()), "text": ""}, {"id": "carriage\rreturn", "html": "   "},
    ]
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in w.rng.sample(pool, 4)]
    _jsonl(w, k, lines)


@kind("jsonl-id-with-line-breaks")
def _jsonl_id_breaks(w: Writer, k: str):
    # Ids are the user's to choose, and reasons quote them: a line break in one must not
    # make a reject reason (or a summary line) two lines.
    brk = w.variant(k, ["\n", "\r", "\r\n", "\u2028", "\x85"])
    base = f"brk-{w.rng.randrange(10**9)}"
    a = w.article(f"{w.manifest.seed}-{base}-valid{brk}x")  # stored under that id, break and all
    one, two = (make_article(w.rng.randrange(10**6), f"{base}-dup{brk}x") for _ in range(2))
    lines = [json.dumps({"id": f"{base}-empty{brk}x", "text": ""}), as_jsonl_line(one), as_jsonl_line(two), as_jsonl_line(a)]
    w.write(k, ("\n".join(lines) + "\n").encode(), ".jsonl", articles=[a.doc_id], note=repr(brk))


@kind("jsonl-random-json")
def _jsonl_random(w: Writer, k: str):
    lines = [json.dumps(w.random_json(), ensure_ascii=False).encode("utf-8", "replace") for _ in range(5)]
    _jsonl(w, k, lines)


@kind("jsonl-garbage-lines")
def _jsonl_garbage(w: Writer, k: str):
    pool = [w.random_bytes(200), b'{"id": "x", "text": "unterminated', b"{" * 50, b"}", b"\xef\xbb\xbf{}",
            b'{"id": "t", "text": "a"} trailing', b"\x00" * 30, "é".encode("latin-1") * 20, b"\r", b"\t \t",
            b'{"id": "x", "text": "\\u"}', b'{"id": "x", "text": "\\x41"}', b"NaN", b"[", b'"\\ud800"']
    _jsonl(w, k, w.rng.sample(pool, 5), valid_before=2, valid_after=2)


@kind("jsonl-many-bad-lines", weight=0.3)
def _jsonl_many_bad(w: Writer, k: str):
    # more bad lines than one file may list one by one (MAX_REJECTS_PER_FILE)
    _jsonl(w, k, [b"not json %d" % i for i in range(w.rng.choice([150, 5000]))])


@kind("jsonl-records-without-article", weight=0.3)
def _jsonl_no_article(w: Writer, k: str):
    # Well-formed records whose text is no article: each is refused after ingestion (by the
    # cleaner), where the per-file cap on listed rejects must hold too.
    base = f"empty-{w.rng.randrange(10**9)}"
    text = w.rng.choice(["x", "Partager sur Facebook", "Accueil | Monde", "..."])
    lines = [json.dumps({"id": f"{base}-{i}", "text": text}).encode() for i in range(w.rng.choice([300, 3000]))]
    _jsonl(w, k, lines)


@kind("jsonl-line-over-page-limit", weight=0.15)
def _jsonl_huge_line(w: Writer, k: str):
    body = '{"id": "huge", "text": "' + "mot " * (11 * 2**20 // 4) + '"}'
    _jsonl(w, k, [body.encode()])


@kind("jsonl-duplicate-ids-other-content")
def _jsonl_dup(w: Writer, k: str):
    # Two hostile records under one id (not a valid article's id: that one would rightly
    # become an older version of itself, the id being the document's name).
    doc_id = f"dup-{w.rng.randrange(10**9)}" + w.rng.choice(["", "", "\nsecond line"])
    one, two = make_article(w.rng.randrange(10**6), doc_id), make_article(w.rng.randrange(10**6), doc_id)
    _jsonl(w, k, [as_jsonl_line(one).encode(), as_jsonl_line(two).encode()])


@kind("duplicate-file-same-content")
def _dup_file(w: Writer, k: str):
    # The same valid page saved twice under one name in two folders (a crawl re-run).
    a = w.article()
    data = _page_bytes(a)
    w.write(k, data, name=f"{a.doc_id}.txt", articles=[a.doc_id])
    folder = w.folder(k) / "again"
    folder.mkdir(exist_ok=True)
    path = folder / f"{a.doc_id}.txt"
    path.write_bytes(data)
    w.add(Entry(str(path), k, note="identical copy of an earlier file"))


@kind("jsonl-crlf-and-bom")
def _jsonl_crlf(w: Writer, k: str):
    arts = [w.article() for _ in range(3)]
    data = b"\xef\xbb\xbf" + b"".join(as_jsonl_line(a).encode() + b"\r\n" for a in arts)
    w.write(k, data, ".jsonl", articles=[a.doc_id for a in arts])


@kind("jsonl-html-field")
def _jsonl_html(w: Writer, k: str):
    a = w.article()
    w.write(k, (as_jsonl_line(a, html=True) + "\n").encode(), ".jsonl", articles=[a.doc_id])


@kind("jsonl-utf16-file")
def _jsonl_utf16(w: Writer, k: str):
    a = w.article()
    w.manifest.articles.pop(a.doc_id)
    w.write(k, (as_jsonl_line(a) + "\n").encode("utf-16"), ".jsonl")


@kind("jsonl-truncated-gzip")
def _jsonl_truncated(w: Writer, k: str):
    arts = [w.article() for _ in range(4)]
    data, ends = synced_gzip([as_jsonl_line(a).encode() + b"\n" for a in arts])
    keep = w.rng.randint(1, 3)  # lines kept whole before the cut
    cut = ends[keep - 1] + w.rng.randint(1, max(1, ends[keep] - ends[keep - 1] - 1))
    for a in arts[keep:]:
        w.manifest.articles.pop(a.doc_id)
    w.write(k, data[:cut], ".jsonl.gz", articles=[a.doc_id for a in arts[:keep]])


@kind("jsonl-gzip-bomb", weight=0.2)
def _jsonl_bomb(w: Writer, k: str):
    a = w.article()
    first = as_jsonl_line(a).encode() + b"\n"
    fill = w.variant(k, [b'{"id": "b", "text": "bombe"}\n', b"\n", b"a", b"\x00", b" "])
    mib = w.rng.choice([1024, 2048, 4096]) if w.rng.random() < 0.2 else 1024
    # the valid line in a member of its own, so the bomb member is built once per shape
    w.write(k, gz(first) + w.bombs.gzip(b"", fill, mib), ".jsonl.gz", articles=[a.doc_id],
            note=f"{mib} MiB of {fill[:8]!r}")


@kind("jsonl-gzip-bomb-of-records", weight=0.1)
def _jsonl_records_bomb(w: Writer, k: str):
    # 6 MB that inflate to 1 GiB of small well-formed records (ids b0..b99 over and over): 164
    # to 1, under the bomb guard's ratio, and 35 million records, none of them an article.
    a = w.article()
    fill = b"".join(b'{"id": "b%d", "text": "bombe"}\n' % i for i in range(100))
    w.write(k, gz(as_jsonl_line(a).encode() + b"\n") + w.bombs.gzip(b"", fill, 1024), ".jsonl.gz",
            articles=[a.doc_id], note="1024 MiB of 100 records repeated")


# -- WARC -----------------------------------------------------------------------------------

def _warc(w: Writer, k: str, records: list[bytes], arts: list[Article], gzip_it: bool | None = None):
    if gzip_it is None:
        gzip_it = w.rng.random() < 0.5
    data = warc_gz(records) if gzip_it else b"".join(records)
    w.write(k, data, ".warc.gz" if gzip_it else ".warc", articles=[a.doc_id for a in arts])


@kind("warc-content-length-too-long")
def _warc_long(w: Writer, k: str):
    arts = [w.article() for _ in range(3)]
    bad = warc_record(f"long-{w.rng.randrange(10**9)}", "https://x.example/a", b"<html><body><p>court</p></body></html>",
                      length=w.variant(k, [500, 5000, 10**6]))
    _warc(w, k, [article_warc_record(arts[0]), bad] + [article_warc_record(a) for a in arts[1:]], arts, gzip_it=False)


@kind("warc-content-length-too-short")
def _warc_short(w: Writer, k: str):
    arts = [w.article() for _ in range(2)]
    bad = warc_record(f"short-{w.rng.randrange(10**9)}", "https://x.example/a", b"<html><body><p>un peu de texte</p></body></html>" * 20,
                      length=w.rng.choice([0, 10, 300]))
    _warc(w, k, [article_warc_record(arts[0]), bad, article_warc_record(arts[1])], arts, gzip_it=False)


@kind("warc-content-length-not-a-number")
def _warc_nan_length(w: Writer, k: str):
    arts = [w.article() for _ in range(2)]
    bad = warc_record("nan", "https://x.example/a", b"<p>x</p>")
    value = w.variant(k, [b"abc", b"-5", b"9" * 5000, b"", b"1e9", b"\xff\xfe", b"0x10"])
    bad = bad.replace(b"Content-Length: " + bad.split(b"Content-Length: ")[1].split(b"\r\n")[0], b"Content-Length: " + value, 1)
    _warc(w, k, [article_warc_record(arts[0]), bad, article_warc_record(arts[1])], arts, gzip_it=False)


@kind("warc-malformed-date")
def _warc_date(w: Writer, k: str):
    a = w.article()
    date = w.variant(k, ["2016-02-31T10:00:00Z", "0000-00-00T00:00:00Z", "0001-01-01T00:00:00Z", "hier",
                         "2016-03-04T99:99:99Z", "", "9" * 300, "20160304"])
    rec = warc_record(a.doc_id, f"https://veilleur.example/{a.doc_id}", as_html_page(a).encode(), date=date)
    _warc(w, k, [rec], [a])


@kind("warc-garbage-between-records")
def _warc_garbage(w: Writer, k: str):
    arts = [w.article() for _ in range(2)]
    junk = w.rng.choice([w.random_bytes(500), b"WARC/1.0\r\n", b"\r\n" * 100, b"WARC/1.0\r\nWARC-Type: response\r\n" * 3])
    _warc(w, k, [article_warc_record(arts[0]), junk, article_warc_record(arts[1])], arts, gzip_it=False)


@kind("warc-truncated")
def _warc_truncated(w: Writer, k: str):
    arts = [w.article() for _ in range(2)]
    second = article_warc_record(arts[1])
    w.manifest.articles.pop(arts[1].doc_id)
    if w.rng.random() < 0.5:
        data = article_warc_record(arts[0]) + second[: w.rng.randrange(1, len(second) - 4)]
        w.write(k, data, ".warc", articles=[arts[0].doc_id])
    else:
        data = gz(article_warc_record(arts[0])) + gz(second)[:-w.rng.randint(1, 60)]
        w.write(k, data, ".warc.gz", articles=[arts[0].doc_id])


@kind("warc-header-without-end", weight=0.5)
def _warc_header_no_end(w: Writer, k: str):
    a = w.article()
    junk = b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"y" * w.rng.choice([100, 70_000, 2_000_000])
    w.write(k, article_warc_record(a) + junk, ".warc", articles=[a.doc_id])


@kind("warc-non-page-records")
def _warc_non_pages(w: Writer, k: str):
    a = w.article()
    recs = [
        warc_record("info", "https://x.example/", b"software: x", warc_type="warcinfo"),
        warc_record("req", "https://x.example/", b"GET / HTTP/1.1", warc_type="request"),
        warc_record("404", "https://x.example/404", b"<p>introuvable</p>", status="404 Not Found"),
        warc_record("png", "https://x.example/i.png", b"\x89PNG\r\n", content_type="image/png"),
        warc_record("dns", "dns:x.example", b"1.2.3.4"),
        article_warc_record(a),
    ]
    w.rng.shuffle(recs)
    _warc(w, k, recs, [a])


@kind("warc-only-non-pages")
def _warc_only_non_pages(w: Writer, k: str):
    _warc(w, k, [warc_record("info", "https://x.example/", b"software: x", warc_type="warcinfo")], [])


@kind("warc-odd-charset")
def _warc_charset(w: Writer, k: str):
    a = w.article()
    charset = w.variant(k, ["unicode_escape", "utf-7", "idna", "x-unknown", "utf-16", "latin-1", "rot13", "utf-8\"; x=\"1"])
    body = as_html_page(a).encode("utf-8")
    rec = warc_record(a.doc_id, f"https://veilleur.example/{a.doc_id}", body, content_type=f"text/html; charset={charset}")
    ok = charset in ("utf-7", "idna", "unicode_escape", "x-unknown", "rot13", "utf-8\"; x=\"1")
    if not ok:
        w.manifest.articles.pop(a.doc_id)
    _warc(w, k, [rec], [a] if ok else [])


@kind("warc-gzip-bomb", weight=0.2)
def _warc_bomb(w: Writer, k: str):
    a = w.article()
    mib = w.rng.choice([2048, 4096]) if w.rng.random() < 0.2 else 1024
    header = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
              b"WARC-Target-URI: https://x.example/bomb\r\nContent-Length: %d\r\n\r\n"
              b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" % (mib * 2**20 + 100))
    data = gz(article_warc_record(a)) + w.bombs.gzip(header, w.rng.choice([b"\x00", b"a", b"<p>x</p>"]), mib)
    w.write(k, data, ".warc.gz", articles=[a.doc_id], note=f"{mib} MiB")


@kind("warc-corrupt-member")
def _warc_corrupt_member(w: Writer, k: str):
    arts = [w.article() for _ in range(3)]
    members = [gz(article_warc_record(a)) for a in arts]
    bad = bytearray(members[1])
    for i in range(12, min(len(bad) - 8, 60)):
        bad[i] ^= 0x5A
    w.manifest.articles.pop(arts[1].doc_id)
    w.write(k, members[0] + bytes(bad) + members[2], ".warc.gz", articles=[arts[0].doc_id, arts[2].doc_id])


@kind("warc-chunked-and-gzip-body")
def _warc_codings(w: Writer, k: str):
    a = w.article()
    html = as_html_page(a).encode()
    choice = w.variant(k, ["gzip", "chunked", "bad-chunked", "bad-gzip"])
    if choice == "gzip":
        head, body = "Content-Encoding: gzip", gz(html)
    elif choice == "chunked":
        head, body = "Transfer-Encoding: chunked", b"%x\r\n%s\r\n0\r\n\r\n" % (len(html), html)
    elif choice == "bad-chunked":
        head, body = "Transfer-Encoding: chunked", b"ffffffffffffffff\r\n" + html
    else:
        head, body = "Content-Encoding: gzip", b"\x1f\x8b\x08\x00garbage" + html
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{head}\r\n\r\n".encode() + body
    rec = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{a.doc_id}>\r\n"
           f"WARC-Target-URI: https://veilleur.example/{a.doc_id}\r\nContent-Length: {len(http)}\r\n\r\n").encode() + http + b"\r\n\r\n"
    keep = choice in ("gzip", "chunked")
    if not keep:
        w.manifest.articles.pop(a.doc_id)
    _warc(w, k, [rec], [a] if keep else [], gzip_it=False)


@kind("arc-file")
def _arc(w: Writer, k: str):
    a = w.article()
    html = as_html_page(a).encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    filedesc = b"filedesc://x.arc 0.0.0.0 20160304100000 text/plain 9\n1 0 test\n\n"
    data = (filedesc + b"https://veilleur.example/%s 1.2.3.4 20160304100000 text/html %d\n" % (a.doc_id.encode(), len(http))
            + http + b"\n")
    entry = w.write(k, data, ".arc")
    # An ARC record has no id of its own: the document is named by the file and the offset.
    doc_id = f"{entry.shown}@{len(filedesc)}"
    w.manifest.articles.pop(a.doc_id)
    w.manifest.articles[doc_id] = replace(a, doc_id=doc_id)
    entry.articles = (doc_id,)


@kind("gzip-misnamed")
def _gzip_misnamed(w: Writer, k: str):
    a = w.article()
    if w.rng.random() < 0.5:  # named .gz, not compressed
        w.write(k, _page_bytes(a), name=f"{a.doc_id}.txt.gz", articles=[a.doc_id])
    else:  # compressed, not named .gz
        w.write(k, gz(_page_bytes(a)), name=f"{a.doc_id}.txt", articles=[a.doc_id])


@kind("gzip-truncated")
def _gzip_truncated(w: Writer, k: str):
    data = gz(_page_bytes(make_article(w.rng.randrange(10**6), "x")))
    w.write(k, data[: w.rng.randrange(2, len(data) - 1)], w.rng.choice([".txt.gz", ".html.gz"]))


@kind("gzip-trailing-garbage")
def _gzip_trailing(w: Writer, k: str):
    a = w.article()
    data = gz(_page_bytes(a)) + w.rng.choice([b"\x00" * 10, w.random_bytes(50), b"\x1f\x8b"])
    w.write(k, data, name=f"{a.doc_id}.txt.gz", note="a complete member then garbage")
    # Whether the page survives is a policy choice (gzip(1) warns and keeps it): only accounted.
    w.manifest.articles.pop(a.doc_id)


@kind("gzip-multi-member")
def _gzip_members(w: Writer, k: str):
    a = w.article()
    data = _page_bytes(a)
    half = len(data) // 2
    w.write(k, gz(data[:half]) + gz(data[half:]), name=f"{a.doc_id}.txt.gz", articles=[a.doc_id])

