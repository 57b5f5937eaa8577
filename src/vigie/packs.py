"""Language packs: which languages Vigie can read, and with which spaCy model.

A pack is a folder ``vigie/data/<code>/`` holding the language's lexicons and a ``pack.toml``
that names it and its parser model. Adding a language is adding such a folder (and the grammar
it needs); the core asks the document's pack and reads no document with another language's
rules: a document in a language without a pack is stored, dated and deduplicated, and the
events stage marks it "no language pack for 'de'" instead of reading it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: The pack used when a text is too short for its language to be told (a headline, a brief of
#: a few words): the language Vigie was built on.
DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Pack:
    code: str  # ISO 639-1
    name: str
    model: str  # the spaCy pipeline loaded by name (installed from the package index)
    exclude: tuple[str, ...] = ()  # components of the model never read: not loaded
    on_demand: tuple[str, ...] = ()  # loaded, run only on the sentences whose tags are read


@lru_cache(maxsize=None)
def packs() -> dict[str, Pack]:
    """Every pack shipped with this release, by language code."""
    out = {}
    for folder in (resources.files("vigie") / "data").iterdir():
        config = folder / "pack.toml"
        if not config.is_file():
            continue
        data = tomllib.loads(config.read_text(encoding="utf-8"))
        code = folder.name
        model = os.environ.get(f"VIGIE_MODEL_{code.upper()}") or data["model"]
        out[code] = Pack(code=code, name=data["name"], model=model, exclude=tuple(data.get("exclude", ())),
                         on_demand=tuple(data.get("on_demand", ())))
    return out


def pack_for(language: str | None) -> Pack | None:
    """The pack that reads a document of ``language`` (None: too little text to tell, read
    with the default pack); None when no pack reads that language."""
    return packs().get(language or DEFAULT_LANGUAGE)


def no_pack_note(language: str) -> str:
    return f"no language pack for '{language}': stored, dated and deduplicated, not read for events"
