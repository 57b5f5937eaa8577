"""Incidents as a plain-text table for the terminal: one line per incident, cut to a width.

Columns: id, date, type (the sub-event type), location (with its admin1 when it differs),
"actor1 -> actor2", killed (the low toll, "?" when none was reported, with "(civ N)" for
civilians) and the number of sources. When the natural table is wider than ``width``, the
widest text columns give up characters first and cut cells end in "…"; widths are counted in
terminal cells (a CJK character takes two, a combining accent none).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

HEADERS = ("id", "date", "type", "location", "actors", "killed", "src")
#: Narrowest each column gets before whole lines are cut: enough to tell rows apart.
MIN_WIDTHS = (6, 7, 6, 6, 8, 3, 3)
RIGHT_ALIGNED = frozenset({"killed", "src"})
SEPARATOR = "  "
ELLIPSIS = "…"


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return sum(_char_width(ch) for ch in text)


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in "…" when cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    kept, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width - 1:
            break
        kept.append(ch)
        used += w
    return "".join(kept) + ELLIPSIS


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _date_cell(record: dict) -> str:
    start, end = record.get("event_date"), record.get("event_date_end")
    if not start:
        return "?"
    start = str(start)
    if record.get("date_precision") == "month":
        return start[:7]
    if record.get("date_precision") == "range" and end and str(end) != start:
        end = str(end)
        if end[:7] == start[:7]:
            return f"{start}/{end[8:]}"
        return f"{start}/{end[5:]}" if end[:4] == start[:4] else f"{start}/{end}"
    return start


def _location_cell(record: dict) -> str:
    location, admin1 = record.get("location"), record.get("admin1")
    if location and admin1 and location != admin1:
        return f"{location} ({admin1})"
    return str(location or admin1 or record.get("country") or "?")


def _killed_cell(record: dict) -> str:
    low, civilians = record.get("fatalities_low"), record.get("civilian_fatalities_low")
    text = "?" if low is None else str(low)
    return f"{text} (civ {civilians})" if civilians is not None else text


def _row(record: dict) -> tuple[str, ...]:
    actor1 = record.get("actor1") or "?"
    actor2 = record.get("actor2")
    return (
        str(record.get("id") or ""),
        _date_cell(record),
        str(record.get("sub_event_type") or record.get("event_type") or "?"),
        _location_cell(record),
        f"{actor1} -> {actor2}" if actor2 else str(actor1),
        _killed_cell(record),
        str(len(record.get("sources") or ())),
    )


def _fit(widths: list[int], width: int) -> list[int]:
    """Narrow the widest columns one cell at a time until the table fits (or cannot shrink)."""
    budget = width - len(SEPARATOR) * (len(widths) - 1)
    while sum(widths) > budget:
        shrinkable = [i for i, w in enumerate(widths) if w > MIN_WIDTHS[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i] - MIN_WIDTHS[i], -i))
        widths[widest] -= 1
    return widths


def format_table(records: Iterable[dict], width: int = 120) -> list[str]:
    """The lines of a table of ``records`` (a header, a rule, one line per record), none wider
    than ``width`` terminal cells. Unlike the file formats it reads every record before
    writing a line (column widths depend on all rows): it is for a screenful, not a dump.

    Example::

        print("\\n".join(format_table(incident_records(conn), shutil.get_terminal_size().columns)))
    """
    rows = [_row(record) for record in records]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(HEADERS)]
    widths = _fit(widths, width)
    lines = []
    for cells in [HEADERS, tuple("-" * w for w in widths), *rows]:
        line = SEPARATOR.join(
            _pad(truncate(cell, w), w, HEADERS[i] in RIGHT_ALIGNED) for i, (cell, w) in enumerate(zip(cells, widths))
        )
        # Still too wide only when width is below the columns' minimums: cut the line itself.
        lines.append(truncate(line.rstrip(), width))
    return lines
