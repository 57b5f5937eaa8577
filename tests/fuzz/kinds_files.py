"""Hostile file systems: names that are not UTF-8 or hold newlines, symbolic link loops and
dangling links, FIFOs and devices, folders and files the user may not read, dot files."""

from __future__ import annotations

import os
import unicodedata

from tests.fuzz.writer import Entry, Writer, kind, page_bytes as _page_bytes

# -- file system ------------------------------------------------------------------------------

@kind("name-not-utf8")
def _bad_name(w: Writer, k: str):
    raw = w.variant(k, [b"\xff\xfe", b"caf\xe9", b"\xc3", b"ok\x80\x80", b"\xed\xa0\x80"])  # the last: a UTF-8 surrogate
    stem = raw + b"-%d" % w.rng.randrange(10**9)
    a = w.article(stem.decode("utf-8", "backslashreplace"))
    w.write(k, _page_bytes(a), name=stem + b".txt", articles=[a.doc_id])


@kind("name-odd-characters")
def _odd_name(w: Writer, k: str):
    stem = w.variant(k, ["new\nline", "with space", "tab\there", "-dash", "--db", "quote'\"", "back\\slash", "é-nfc",
                         unicodedata.normalize("NFD", "é-nfd"), "x" * 200, "emoji-\U0001f4a3", "semi;colon", "*star?"])
    stem += f"-{w.rng.randrange(10**9)}"
    a = w.article(stem)
    w.write(k, _page_bytes(a), name=stem + ".txt", articles=[a.doc_id])


@kind("symlink-loop")
def _loop(w: Writer, k: str):
    folder = w.folder(k) / f"loop{w.rng.randrange(10**9)}"
    folder.mkdir()
    a = w.article()
    (folder / f"{a.doc_id}.txt").write_bytes(_page_bytes(a))
    w.add(Entry(str(folder / f"{a.doc_id}.txt"), "valid-in-loop-folder", (a.doc_id,)))
    os.symlink("..", folder / "up")  # leads back to a folder being walked
    w.add(Entry(str(folder / "up"), k))
    os.symlink("self.txt", folder / "self.txt")  # a link to itself: ELOOP
    w.add(Entry(str(folder / "self.txt"), k))
    os.symlink("pong.txt", folder / "ping.txt")
    os.symlink("ping.txt", folder / "pong.txt")
    w.add(Entry(str(folder / "ping.txt"), k))
    w.add(Entry(str(folder / "pong.txt"), k))


@kind("dangling-link")
def _dangling(w: Writer, k: str):
    path = w.folder(k) / w.name(w.rng.choice([".txt", ".jsonl", ""]))
    os.symlink(w.rng.choice(["nowhere.txt", "/nonexistent/x.warc", "../../../../../../etc/none"]), path)
    w.add(Entry(str(path), k))


@kind("fifo")
def _fifo(w: Writer, k: str):
    path = w.folder(k) / w.name(w.rng.choice([".txt", ".jsonl", ".warc.gz"]))
    os.mkfifo(path)
    w.add(Entry(str(path), k))


@kind("link-to-dev-zero")
def _dev_zero(w: Writer, k: str):
    path = w.folder(k) / w.name(w.rng.choice([".txt", ".jsonl", ".warc", ".txt.gz"]))
    os.symlink(w.variant(k, ["/dev/zero", "/dev/urandom", "/dev/null", "/dev/stdin", "/proc/self/mem"]), path)
    w.add(Entry(str(path), k))


@kind("link-to-valid-file")
def _link_file(w: Writer, k: str):
    a = w.article()
    target = w.write(k, _page_bytes(a), name=f"{a.doc_id}.txt", articles=[a.doc_id])
    link = w.folder(k) / w.name(".txt")
    os.symlink(os.path.basename(target.path), link)
    w.add(Entry(str(link), k))


@kind("unsearchable-folder")
def _unsearchable(w: Writer, k: str):
    folder = w.folder(k) / f"locked{w.rng.randrange(10**9)}"
    folder.mkdir()
    a = w.article()
    (folder / f"{a.doc_id}.txt").write_bytes(_page_bytes(a))
    w.manifest.articles.pop(a.doc_id)  # out of reach when the lock holds
    os.chmod(folder, 0)
    entry = w.add(Entry(str(folder), k, folder=True))
    if os.access(folder, os.X_OK | os.R_OK):
        entry.walked = True
        # As root, chmod 000 stops nothing: the folder is searched like any other, and its
        # file must then be read as the valid article it is.
        entry.note = "searchable despite chmod 000 (running as root)"
        w.manifest.articles[a.doc_id] = a
        w.add(Entry(str(folder / f"{a.doc_id}.txt"), "valid-in-chmod-000-folder", (a.doc_id,)))
        note = "chmod 000 folders are searchable here (running as root): the unreadable-folder path was not exercised"
        if note not in w.manifest.notes:
            w.manifest.notes.append(note)
    else:
        w.add(Entry(str(folder / f"{a.doc_id}.txt"), "inside-unsearchable-folder"))


@kind("unreadable-file")
def _unreadable(w: Writer, k: str):
    a = w.article()
    entry = w.write(k, _page_bytes(a), name=f"{a.doc_id}.txt")
    os.chmod(entry.path, 0)
    if os.access(entry.path, os.R_OK):
        entry.articles = (a.doc_id,)
        entry.note = "readable despite chmod 000 (running as root)"
    else:
        w.manifest.articles.pop(a.doc_id)


@kind("hidden-file")
def _hidden(w: Writer, k: str):
    path = w.folder(k) / f".h{w.rng.randrange(10**9)}.txt"
    path.write_bytes(b"cache")
    w.add(Entry(str(path), k, hidden=True))

