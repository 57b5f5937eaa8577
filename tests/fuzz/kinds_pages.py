"""Hostile pages: broken encodings, binary and random content, HTML that costs the parser more
than its size, texts past every length limit, figures and dates no count or calendar holds."""

from __future__ import annotations

import json
import random
import unicodedata

from tests.fuzz.articles import as_html_page, as_jsonl_line, as_text_page, make_article
from tests.fuzz.writer import Writer, page_bytes as _page_bytes, gz, kind

# -- encodings ------------------------------------------------------------------------------

@kind("utf16-odd-length")
def _utf16_odd(w: Writer, k: str):
    a = w.article()
    data = b"\xff\xfe" + as_text_page(a).encode("utf-16-le") + b"\x41"  # one byte too many
    w.page(k, a, data, ".txt")


@kind("utf16-unpaired-surrogate")
def _utf16_surrogate(w: Writer, k: str):
    a = w.article()
    big = w.rng.random() < 0.5
    text = as_text_page(a)
    cut = text.index("\n\n") + 1  # a lone high surrogate between the title and the body
    enc = "utf-16-be" if big else "utf-16-le"
    lone = b"\xd8\x00" if big else b"\x00\xd8"
    data = (b"\xfe\xff" if big else b"\xff\xfe") + text[:cut].encode(enc) + lone + text[cut:].encode(enc)
    w.page(k, a, data, ".txt")


@kind("utf8-stray-byte")
def _utf8_stray(w: Writer, k: str):
    a = w.article()
    ext = w.rng.choice([".txt", ".html"])
    data = _page_bytes(a) if ext == ".txt" else as_html_page(a).encode()
    at = data.index(" (AFP)".encode()) + 3  # inside the dateline's agency name
    stray = bytes([w.rng.choice([0x80, 0xC3, 0xE9, 0xFF, 0xFE])])
    w.page(k, a, data[:at] + stray + data[at:], ext)


@kind("windows-1252")
def _cp1252(w: Writer, k: str):
    a = w.article()
    text = as_text_page(a).replace("'", "’").replace(" - ", " – ")
    w.page(k, a, text.encode("cp1252"), ".txt")


@kind("latin-1-html-declared-utf8")
def _latin1_html(w: Writer, k: str):
    a = w.article()
    w.page(k, a, as_html_page(a).encode("latin-1", "replace"), ".html")


@kind("zero-width-characters")
def _zero_width(w: Writer, k: str):
    a = w.article()
    text = as_text_page(a)
    marks = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
    # inside the toll's word and the place name, where a matcher would be cut
    text = text.replace("tués", "tu" + w.rng.choice(marks) + "és").replace(a.place, a.place[:2] + w.rng.choice(marks) + a.place[2:], 1)
    w.page(k, a, text.encode("utf-8"), ".txt")


@kind("nfd-accents")
def _nfd(w: Writer, k: str):
    a = w.article()
    w.page(k, a, unicodedata.normalize("NFD", as_text_page(a)).encode("utf-8"), ".txt")


@kind("utf8-bom-and-crlf")
def _bom_crlf(w: Writer, k: str):
    a = w.article()
    w.page(k, a, b"\xef\xbb\xbf" + as_text_page(a).replace("\n", "\r\n").encode("utf-8"), ".txt")


@kind("mixed-line-endings")
def _mixed_endings(w: Writer, k: str):
    a = w.article()
    lines = as_text_page(a).split("\n")
    text = "".join(line + w.rng.choice(["\n", "\r\n", "\n\r\n"]) for line in lines)
    w.page(k, a, text.encode("utf-8"), ".txt")


@kind("nul-bytes")
def _nul(w: Writer, k: str):
    data = bytearray(_page_bytes(make_article(w.rng.randrange(10**6), "x")))
    for _ in range(w.rng.randint(1, 5)):
        data.insert(w.rng.randrange(len(data)), 0)
    w.write(k, bytes(data), w.rng.choice([".txt", ".html"]))


@kind("control-characters")
def _controls(w: Writer, k: str):
    text = as_text_page(make_article(w.rng.randrange(10**6), "x"))
    chars = list(text)
    share = w.rng.choice([0.01, 0.2, 0.6])
    for i in range(len(chars)):
        if w.rng.random() < share:
            chars[i] = chr(w.rng.choice([1, 2, 7, 8, 11, 14, 27, 31, 127]))
    w.write(k, "".join(chars).encode("utf-8"), ".txt")


@kind("ansi-rtl-zalgo")
def _ansi(w: Writer, k: str):
    text = as_text_page(make_article(w.rng.randrange(10**6), "x"))
    text = "\x1b[31m" + text.replace(" ", " \u202e", 5) + "".join("e" + "\u0301" * 50 for _ in range(200)) + "\x1b[0m"
    w.write(k, text.encode("utf-8"), ".txt")


@kind("random-bytes")
def _random_bytes(w: Writer, k: str):
    ext = w.rng.choice([".txt", ".html", ".jsonl", ".warc", ".txt.gz", ".jsonl.gz", ".warc.gz", ".htm", ".arc"])
    w.write(k, w.random_bytes(w.rng.choice([1, 7, 100, 5000, 70000])), ext)


@kind("random-unicode")
def _random_unicode(w: Writer, k: str):
    ext = w.rng.choice([".txt", ".html", ".jsonl"])
    w.write(k, w.random_unicode(w.rng.choice([1, 50, 3000])).encode("utf-8"), ext)


@kind("binary-renamed")
def _binary(w: Writer, k: str):
    magic = w.rng.choice([b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n", b"\x7fELF\x02\x01\x01", b"PK\x03\x04", b"GIF89a",
                          b"\xff\xd8\xff\xe0", b"RIFF\x00\x00WAVE", b"\x00\x00\x01\x00"])
    w.write(k, magic + w.random_bytes(3000), w.rng.choice([".txt", ".html", ".jsonl", ".warc"]))


@kind("empty-file")
def _empty(w: Writer, k: str):
    data = w.rng.choice([b"", b" ", b"\n\n\n", b"\r\n\t ", b"\xef\xbb\xbf", b"\xff\xfe"])
    ext = w.rng.choice([".txt", ".html", ".jsonl", ".warc", ".txt.gz", ".jsonl.gz", ".warc.gz"])
    w.write(k, gz(data) if ext.endswith(".gz") and w.rng.random() < 0.5 else data, ext)


@kind("unsupported-extension")
def _unsupported(w: Writer, k: str):
    w.write(k, w.random_bytes(100), w.rng.choice([".pdf", ".png", ".docx", ".json", ".csv", ".tar.gz", ".TXT~", ".bak"]))


@kind("only-boilerplate")
def _boilerplate(w: Writer, k: str):
    text = "Accueil | Monde | Sport\n\nPartager sur Facebook\nPartager sur Twitter\n\n© Le Veilleur - Tous droits réservés\n"
    w.write(k, text.encode("utf-8"), ".txt")


# -- HTML -----------------------------------------------------------------------------------

@kind("html-150kb-unclosed-a")
def _html_a_flood(w: Writer, k: str):
    a = w.article()
    page = as_html_page(a).replace("</article>", "</article>" + "<a " * (150_000 // 3))
    w.page(k, a, page.encode(), ".html")


@kind("html-100000-attributes")
def _html_attrs(w: Writer, k: str):
    a = w.article()
    tag = "<div " + " ".join(f"a{i}=x" for i in range(100_000)) + ">"
    page = as_html_page(a).replace("<article>", tag + "<article>", 1).replace("</article>", "</article></div>", 1)
    w.page(k, a, page.encode(), ".html")


@kind("html-nested-10000")
def _html_deep(w: Writer, k: str):
    depth = w.variant(k, [10_000, 100_000, 300])
    tag = w.rng.choice(["div", "span", "b", "table"])
    page = "<html><body>" + f"<{tag}>" * depth + "<p>texte</p>" + f"</{tag}>" * depth * w.rng.choice([0, 1]) + "</body></html>"
    w.write(k, page.encode(), ".html")


@kind("html-script-style-only")
def _html_script(w: Writer, k: str):
    page = ("<html><head><style>body{color:red}" + "p{}" * 100 + "</style></head><body><script>"
            + "var x = '<p>Au moins 8 civils tués à Alep</p>';" * 50 + "</script><noscript></noscript></body></html>")
    w.write(k, page.encode(), w.rng.choice([".html", ".txt"]))


@kind("html-amp-bomb", weight=0.15)
def _html_amp(w: Writer, k: str):
    # over 1,000,000 characters once the entities are decoded, under the 10 MB page limit
    a = w.article()
    # (entity, repeats): each over 1,100,000 characters decoded and under 9 MB raw
    ent, n = w.variant(k, [("&amp; ", 600_000), ("&#233;", 1_150_000), ("&eacute;", 1_100_000), ("&amp;amp;", 250_000)])
    filler = "<p>" + ent * n + "</p>"
    page = as_html_page(a).replace("</article>", filler + "</article>")
    w.page(k, a, page.encode(), ".html", note=f"{n} x {ent}")


@kind("html-broken-markup")
def _html_broken(w: Writer, k: str):
    a = w.article()
    junk = w.variant(k, ["<!--", "<![CDATA[", "<?xml version='1.0'?>", "</html></body>", "<p <p <p", "<script>",
                         "<title>", "<!DOCTYPE", "<a href='", "<textarea>", "<plaintext>"])
    page = as_html_page(a).replace("</article>", "</article>" + junk, 1)
    # An unclosed comment, script, textarea or plaintext after the article leaves the article
    # whole; one that swallows it would be in front of it, which this kind never does.
    w.page(k, a, page.encode(), ".html", note=junk)


@kind("html-huge-attribute")
def _html_huge_attr(w: Writer, k: str):
    a = w.article()
    tag = '<img src="data:image/png;base64,' + "A" * w.rng.choice([70_000, 2_000_000]) + '">'
    page = as_html_page(a).replace("<article>", "<article>" + tag, 1)
    w.page(k, a, page.encode(), ".html")


@kind("txt-that-is-html")
def _txt_html(w: Writer, k: str):
    a = w.article()
    w.page(k, a, as_html_page(a).encode(), ".txt")


# -- long texts and figures ----------------------------------------------------------------

_FILLER_WORDS = ("le la les un une des de du et à dans sur pour par avec sans entre ville quartier marché "
                 "habitants route nord sud est ouest jour semaine mois année conseil réunion projet").split()


def _filler(rng: random.Random, chars: int) -> str:
    out, n = [], 0
    while n < chars:
        sentence = " ".join(rng.choice(_FILLER_WORDS) for _ in range(rng.randint(8, 20))).capitalize() + ". "
        if rng.random() < 0.2:
            sentence += "\n\n"
        out.append(sentence)
        n += len(sentence)
    return "".join(out)


@kind("text-over-1m-chars", weight=0.15)
def _long_text(w: Writer, k: str):
    a = w.article()
    text = as_text_page(a).replace("Partager sur Facebook", _filler(w.rng, 1_100_000) + "\n\nPartager sur Facebook", 1)
    w.page(k, a, text.encode(), ".txt")


@kind("enormous-single-line", weight=0.15)
def _long_line(w: Writer, k: str):
    text = _filler(w.rng, 3_000_000).replace("\n", " ")
    w.write(k, text.encode(), w.rng.choice([".txt", ".html"]))


@kind("file-over-10mb", weight=0.1)
def _huge_file(w: Writer, k: str):
    if w.rng.random() < 0.5:
        w.write(k, b"x" * (11 * 2**20), ".txt")
    else:  # a genuine-looking text, gzip-compressed at a normal ratio, over the limit inflated
        w.write(k, gz(_filler(w.rng, 11 * 2**20).encode()), ".txt.gz")


@kind("toll-over-2^63")
def _toll_huge(w: Writer, k: str):
    a = make_article(w.rng.randrange(10**6), "x")
    toll = w.variant(k, ["999999999999999999999", "9223372036854775807", "9223372036854775808", "18446744073709551616",
                         "-5", "−12", "1e30", "10 000 000 000 000", "0", "999 999 999 999 999 milliards", "1,5 milliard de milliards"])
    text = a.text.replace(f"{a.toll} ", f"{toll} ")
    text += f"\nUn bilan fait état de {toll} morts et {toll} civils tués à {a.place}.\n"
    w.write(k, text.encode(), ".txt")


@kind("sentence-10000-numbers", weight=0.3)
def _many_numbers(w: Writer, k: str):
    nums = ", ".join(str(w.rng.randrange(10**w.rng.randint(1, 15))) for _ in range(10_000))
    text = f"Syrie : bilan\n\nAu moins {nums} civils ont été tués à Alep, selon l'OSDH.\n"
    w.write(k, text.encode(), ".txt")


@kind("impossible-dates-in-text")
def _dates_text(w: Writer, k: str):
    a = make_article(w.rng.randrange(10**6), "x")
    date = w.variant(k, ["1er janvier 0001", "31 février 2016", "0 mars 2016", "32/13/2016", "00/00/0000", "29 février 2015",
                         "1er janvier 9999", "99 décembre 99999", "15 mars 1899"])
    text = a.text.replace(a.paragraphs[0].split(" (AFP)")[0].split(", ", 1)[1], date, 1)
    text += f"\nLe {date}, au moins 4 civils ont été tués à {a.place}, selon l'OSDH.\n"
    w.write(k, text.encode(), ".txt")



@kind("feed-of-long-articles", weight=0.1, first=False)
def _long_articles(w: Writer, k: str):
    # Sixteen long articles side by side: the parser reads documents in batches, and a batch
    # of long ones costs memory in proportion to all of them at once.
    arts = [w.article(f"{w.manifest.seed}-long-{w.rng.randrange(10**9)}-{i:02d}") for i in range(16)]
    lines = []
    for a in arts:
        text = a.text + "\n" + _filler(w.rng, 46_000)
        lines.append(json.dumps({"id": a.doc_id, "text": text, "published": a.published.isoformat()}, ensure_ascii=False))
    w.write(k, ("\n".join(lines) + "\n").encode(), ".jsonl", articles=[a.doc_id for a in arts])


@kind("dense-tokens-under-piece-limit", weight=0.1, first=False)
def _dense_tokens(w: Writer, k: str):
    # Sixteen texts of 48 KB that are nothing but short tokens ("12, 7, 3, ..."): 25,000 tokens
    # each, just under the length the parser takes in one piece.
    base = f"dense-{w.rng.randrange(10**9)}"
    lines = []
    for i in range(16):
        text = "Au moins " + ", ".join(str(w.rng.randrange(100)) for _ in range(12_000)) + " civils tués à Alep."
        lines.append(json.dumps({"id": f"{base}-{i:02d}", "text": text}))
    w.write(k, ("\n".join(lines) + "\n").encode(), ".jsonl")


# -- metadata and strings the later stages read --------------------------------------------

@kind("bogus-dates-in-metadata")
def _bogus_metadata_dates(w: Writer, k: str):
    # Dates the describe stage reads (HTML metadata, a byline, the URL, a dateline, a comment
    # timestamp), each impossible; the article itself is fine and must come out.
    a = w.article()
    bogus = w.variant(k, ["0000-00-00", "2016-02-31", "99999-01-01", "2016-13-45T99:99:99+99:00", "-0001-01-01",
                          "1e308", "2016-03-04T10:00:00+25:00", "\u0000"])
    spot = w.variant(k + ":spot", ["meta", "byline", "url", "dateline", "comment"])
    if spot == "meta":
        page = as_html_page(a).replace(a.published.isoformat() + "T09:30:00+00:00", bogus)
        w.page(k, a, page.encode(), ".html", note=f"meta {bogus}")
        return
    text = as_text_page(a)
    if spot == "byline":
        text = text.replace("\n\n", f"\n\nPublié le {w.rng.choice(['31 février 2016', '0 mars 0000', '32/13/2016'])} à 25h99\n\n", 1)
    elif spot == "dateline":
        text = text.replace(" (AFP)", f" {w.rng.choice(['31 février 2016', '1er janvier 0001', '00/00/0000'])} (AFP)", 1)
    elif spot == "comment":
        text += "\nRéagissez\n\nMarc_75\nle 31/02/2016 à 99:99\nQuelle horreur.\n\nJeanne\nle 00/00/0000 à 12:00\nMerci.\n"
    if spot == "url":
        line = json.loads(as_jsonl_line(a))
        line["url"] = f"https://veilleur.example/{w.rng.choice(['0000/13/45', '2016/02/31', '99999/01/01'])}/{a.doc_id}-20160231.html"
        del line["published"]
        w.write(k, (json.dumps(line, ensure_ascii=False) + "\n").encode(), ".jsonl", articles=[a.doc_id], note="url")
        return
    w.page(k, a, text.encode(), ".txt", note=spot)


@kind("many-place-names", weight=0.3)
def _many_places(w: Writer, k: str):
    # One sentence naming thousands of places and actors: every later stage looks each up.
    names = ["Alep", "Idleb", "Homs", "Hama", "Deraa", "Raqa", "Mossoul", "Gao", "l'EI", "le régime", "les rebelles",
             "Boko Haram", "Bamako", "Syrie", "Irak", "Zzyzx", "Alep-Est", "Saint-Pierre-et-Miquelon"]
    listing = ", ".join(w.rng.choice(names) for _ in range(w.rng.choice([500, 3000])))
    text = f"Bilan\n\nDes frappes ont tué 12 civils à {listing}, selon l'OSDH.\n"
    w.write(k, text.encode(), ".txt")


@kind("strings-hostile-to-exports")
def _export_strings(w: Writer, k: str):
    # What the exports and the web app write out verbatim (quotes, the title): spreadsheet
    # formulas, quotes, separators, markup, bidirectional overrides. The article is valid.
    a = w.article()
    junk = w.variant(k, ['=HYPERLINK("http://x.example","clic")', "+SUM(A1:A9)", '"";"";', "a\tb\tc", "<script>alert(1)</script>",
                        "\u202egnp.exe", "'; DROP TABLE incidents; --", "\\N", "NaN", "\u2028\u2029", '{"json": true}'])
    text = as_text_page(a).replace("Au moins", f"{junk} Au moins", 1).replace(a.title, a.title + " " + junk, 1)
    w.page(k, a, text.encode(), ".txt", note=junk)


@kind("near-duplicate-flood", weight=0.05, first=False)
def _near_duplicates(w: Writer, k: str):
    # A hundred copies of one story, each with one word changed: dedup's groups and the
    # linking of their incidents grow with the copies.
    a = w.article()
    words = ["lundi", "ville", "quartier", "marché", "nord", "sud", "route", "jour"]
    lines = []
    for i in range(100):
        text = a.text.replace("ville", w.rng.choice(words), 1) + f"\nMise à jour {i}.\n"
        lines.append(json.dumps({"id": f"{a.doc_id}-copy{i:03d}", "text": text, "published": a.published.isoformat()},
                                ensure_ascii=False))
    w.manifest.articles.pop(a.doc_id)
    w.write(k, ("\n".join(lines) + "\n").encode(), ".jsonl")
