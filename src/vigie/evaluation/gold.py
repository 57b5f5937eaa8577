"""Reading a gold file: JSONL, one hand-coded incident per line."""

from __future__ import annotations

import json
from pathlib import Path

from vigie.errors import VigieError
from vigie.evaluation.records import gold_problem


def load_gold(path: str | Path) -> list[dict]:
    """Every gold line of ``path``, as written (extra keys kept, blank lines skipped).

    The first unusable line stops the load with a one-line :class:`VigieError` naming
    ``path:line``: a gold file is short and hand-written, and scoring against a silently
    shortened gold would report a recall that means nothing.
    """
    path = Path(path)
    gold = []
    # split("\n"), not splitlines(): JSON strings may legally hold U+2028 and other separators.
    for lineno, line in enumerate(_read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise VigieError(
                f"{path}:{lineno}: not valid JSON ({exc.msg}, column {exc.colno}); "
                "a gold file holds one JSON object per line"
            ) from None
        problem = gold_problem(record)
        if problem:
            raise VigieError(f"{path}:{lineno}: {problem}")
        gold.append(record)
    return gold


def _read_text(path: Path) -> str:
    try:
        # utf-8-sig: editors on Windows often save a byte-order mark in front of the first line.
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise VigieError(f"no gold file at {path}") from None
    except UnicodeDecodeError as exc:
        raise VigieError(f"{path}: not UTF-8 text (byte {exc.start}); save the gold file as UTF-8") from None
    except OSError as exc:
        raise VigieError(f"cannot read gold file {path}: {exc.strerror}") from None
