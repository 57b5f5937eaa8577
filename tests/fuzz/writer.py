"""What the fuzz corpus is made of: entries and the manifest, the writer that kind functions
write with, gzip bombs built cheaply, and the registry of kinds."""

from __future__ import annotations

import os
import random
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.articles import Article, as_text_page, gz, make_article

__all__ = ["Bombs", "Entry", "KINDS", "Manifest", "Writer", "gz", "kind", "page_bytes", "synced_gzip", "unlock"]

#: Inputs per sub-folder: a folder is listed whole by the walk, so keep listings modest.
PER_FOLDER = 200


@dataclass
class Entry:
    """One path the corpus wrote."""

    path: str  # absolute; a name that is not UTF-8 is held with surrogate escapes (os.fsdecode)
    kind: str
    articles: tuple[str, ...] = ()  # doc ids of valid articles that must be stored and extracted
    folder: bool = False  # a folder given as an input of its own (the unsearchable one)
    walked: bool = False  # a folder the walk searched after all (chmod 000 as root): its files answer for it
    hidden: bool = False  # a dot name: the walk passes these over by design (vigie.ingest.walk)
    note: str = ""

    @property
    def shown(self) -> str:
        """The path as Vigie shows it (vigie.ingest.walk.shown): bytes that are not UTF-8 as
        backslash escapes."""
        return os.fsencode(self.path).decode("utf-8", "backslashreplace")


@dataclass
class Manifest:
    root: Path  # the folder given to `vigie run`
    seed: int
    entries: list[Entry] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)  # every valid article by doc id
    notes: list[str] = field(default_factory=list)  # what could not be exercised, and why

    @property
    def hostile(self) -> list[Entry]:
        return [e for e in self.entries if not e.kind.startswith("valid")]

    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.kind] = out.get(e.kind, 0) + 1
        return out


class Writer:
    """What a kind function writes with: a folder of its own, fresh article ids, random parts."""

    def __init__(self, root: Path, rng: random.Random, manifest: Manifest, bombs: "Bombs"):
        self.root = root
        self.rng = rng
        self.manifest = manifest
        self.bombs = bombs
        self._next_article = 0
        self._n = 0
        self._variants: dict[str, int] = {}

    # -- paths -----------------------------------------------------------------------------
    def folder(self, kind: str) -> Path:
        """The sub-folder for the next input of ``kind`` (a few hundred inputs each)."""
        slot = self._n // PER_FOLDER
        path = self.root / f"{slot:03d}-{kind}"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def name(self, ext: str) -> str:
        self._n += 1
        return f"h{self._n:05d}{ext}"

    def write(self, kind: str, data: bytes, ext: str = ".txt", *, articles=(), name: str | bytes | None = None,
              note: str = "") -> Entry:
        folder = self.folder(kind)
        if name is None:
            name = self.name(ext)
        else:
            self._n += 1
        path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
        with open(path, "wb") as fh:
            fh.write(data)
        return self.add(Entry(os.fsdecode(path), kind, tuple(articles), note=note))

    def page(self, kind: str, a: Article, data: bytes, ext: str, note: str = "") -> Entry:
        """A page file holding article ``a``: named after it, since a page's document id is
        its file name."""
        return self.write(kind, data, ext, articles=[a.doc_id], name=a.doc_id + ext, note=note)

    def add(self, entry: Entry) -> Entry:
        self.manifest.entries.append(entry)
        return entry

    # -- valid articles --------------------------------------------------------------------
    def article(self, doc_id: str | None = None) -> Article:
        k = self._next_article
        self._next_article += 1
        art = make_article(k + self.manifest.seed * 7919, doc_id or f"va{self.manifest.seed}-{k:05d}")
        self.manifest.articles[art.doc_id] = art
        return art

    def variant(self, key: str, options: list):
        """The next of ``options`` for ``key``, in turn: the shapes a kind can take are all
        written once it has been drawn that many times, and its first instance (the one the
        quick run is sure to hold) is the first shape, the one the issue names."""
        i = self._variants.get(key, 0)
        self._variants[key] = i + 1
        return options[i % len(options)]

    # -- random parts ----------------------------------------------------------------------
    def random_bytes(self, n: int) -> bytes:
        return self.rng.randbytes(n)

    def random_unicode(self, n: int) -> str:
        """Code points from every plane and class: controls, combining marks, RTL overrides,
        private use, noncharacters, astral emoji, surrogates excluded (a str holding one cannot
        be written as UTF-8; the kinds that want one write its bytes)."""
        pools = [(0, 0x7F), (0x80, 0x2FF), (0x300, 0x36F), (0x590, 0x6FF), (0x2000, 0x206F),
                 (0xE000, 0xF8FF), (0xFDD0, 0xFDEF), (0xFFF0, 0xFFFF), (0x1F300, 0x1FAFF), (0x10000, 0x10FFFF)]
        out = []
        for _ in range(n):
            lo, hi = self.rng.choice(pools)
            cp = self.rng.randint(lo, hi)
            out.append(chr(cp if not 0xD800 <= cp <= 0xDFFF else 0xFFFD))
        return "".join(out)

    def random_json(self, depth: int = 0):
        r = self.rng.random()
        if depth > 3 or r < 0.3:
            return self.rng.choice([None, True, False, 0, -1, 2**70, 1e308, -0.0, "", "\u0000",
                                    self.random_unicode(self.rng.randint(0, 20)), self.rng.randint(-10**6, 10**6)])
        if r < 0.6:
            return [self.random_json(depth + 1) for _ in range(self.rng.randint(0, 4))]
        keys = ["id", "text", "html", "published", "url", "outlet", self.random_unicode(3)]
        return {self.rng.choice(keys): self.random_json(depth + 1) for _ in range(self.rng.randint(0, 5))}


class Bombs:
    """Gzip data that inflates to gigabytes from a few MB, built without compressing gigabytes.

    A fully flushed deflate segment depends on nothing before it, so the segment of 1 MiB of
    one byte is compressed once and repeated: 1 GiB costs 1,024 copies of about 1 KB.
    """

    SEGMENT = 1 << 20

    def __init__(self):
        self._segments: dict[bytes, tuple[bytes, int]] = {}
        self._built: dict[tuple[bytes, bytes, int], bytes] = {}

    def _segment(self, fill: bytes) -> tuple[bytes, int]:
        if fill not in self._segments:
            data = (fill * (self.SEGMENT // len(fill) + 1))[: self.SEGMENT]
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            self._segments[fill] = (c.compress(data) + c.flush(zlib.Z_FULL_FLUSH), zlib.crc32(data))
        return self._segments[fill]

    def gzip(self, prefix: bytes, fill: bytes, mib: int) -> bytes:
        """One gzip member: ``prefix`` then ``mib`` MiB of ``fill``, with a true CRC and size."""
        key = (prefix, fill, mib)
        if key not in self._built:
            self._built[key] = self._gzip(prefix, fill, mib)
        return self._built[key]

    def _gzip(self, prefix: bytes, fill: bytes, mib: int) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
        segment, _ = self._segment(fill)
        data = (fill * (self.SEGMENT // len(fill) + 1))[: self.SEGMENT]
        crc = zlib.crc32(prefix)
        # CRC of the repeated segment: cheap enough over the sizes used (crc32 runs at GB/s),
        # computed in steps so no gigabyte is ever held.
        for _ in range(mib):
            crc = zlib.crc32(data, crc)
        size = (len(prefix) + mib * self.SEGMENT) & 0xFFFFFFFF
        end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
        header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
        return header + head + segment * mib + end + crc.to_bytes(4, "little") + size.to_bytes(4, "little")


def synced_gzip(parts: list[bytes]) -> tuple[bytes, list[int]]:
    """A gzip stream flushed after each part, and the compressed offset where each part ends:
    cutting the stream after offset k keeps parts 0..k readable (what a crawler killed while
    writing leaves)."""
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    out, ends = b"", []
    for part in parts:
        out += c.compress(part) + c.flush(zlib.Z_SYNC_FLUSH)
        ends.append(len(out))
    return out + c.flush(), ends


# ----------------------------------------------------------------------------------------
# Kinds. Each writes one or a few inputs and returns nothing; ``weight`` is how often it is
# drawn after every kind has been written once (heavy kinds, megabytes each, are drawn less).
# ----------------------------------------------------------------------------------------

KINDS: dict[str, tuple[Callable[[Writer, str], None], float, bool]] = {}


def kind(name: str, weight: float = 1.0, first: bool = True):
    """Register a kind: ``weight`` is how often it is drawn once every kind with ``first`` has
    been written once (kinds of tens of seconds each are drawn, not written first, so that the
    quick corpus stays quick; the long one draws them dozens of times)."""
    def register(fn):
        KINDS[name] = (fn, weight, first)
        return fn
    return register


def page_bytes(a: Article) -> bytes:
    return as_text_page(a).encode("utf-8")




def unlock(folder: str | Path) -> None:
    """Give back the permissions the corpus took away, so that the folder can be deleted.
    Top-down: a folder is opened up before the walk lists it."""
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            try:
                mode = os.lstat(path).st_mode
                if stat.S_ISDIR(mode):
                    os.chmod(path, 0o755)
                elif stat.S_ISREG(mode):
                    os.chmod(path, 0o644)
            except OSError:
                pass
