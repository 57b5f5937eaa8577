"""The evaluation result: scores, the pairs behind them, and a report a coder can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vigie.evaluation.fields import FIELDS, FieldError
from vigie.evaluation.records import gold_docs, label, system_docs

# Long enough to recognise the sentence, short enough to keep one incident on one line.
EXCERPT_CHARS = 80


@dataclass
class EvalReport:
    """Precision, recall, F1 and per-field accuracy of system incidents against gold.

    Only violent incidents appear anywhere in here. ``neutral`` holds system incidents that
    could only match a ``scored: false`` gold line: they count neither for nor against.
    """

    precision: float
    recall: float
    f1: float
    n_system: int  # system violent incidents counted (after neutral exclusions)
    n_gold: int  # gold scored violent incidents
    matches: list[tuple[dict, dict, float]]  # (gold, system, cost), cheapest first
    misses: list[dict]  # gold scored violent lines left unmatched
    spurious: list[dict]  # system violent incidents left unmatched (not neutral)
    neutral: list[dict]  # system incidents excluded: they could only match a scored:false line
    fields: dict[str, float | None]  # accuracy over matched pairs; None when nothing matched
    field_errors: list[FieldError] = field(default_factory=list)

    @property
    def n_matched(self) -> int:
        return len(self.matches)

    def lines(self) -> list[str]:
        """The readable report: scores, field accuracy, then every miss, spurious and wrong field."""
        lines = [
            f"precision {self.precision:.3f} ({self.n_matched}/{self.n_system} system incidents matched), "
            f"recall {self.recall:.3f} ({self.n_matched}/{self.n_gold} gold incidents found), "
            f"F1 {self.f1:.3f}",
        ]
        if self.neutral:
            lines.append(
                f"neutral: {len(self.neutral)} system incidents left out of both counts "
                "(they only match scored:false gold lines)"
            )
        lines.append(f"field accuracy over {self.n_matched} matched pairs:")
        for name in FIELDS:
            value = self.fields.get(name)
            lines.append(f"  {name} {'n/a' if value is None else f'{value:.3f}'}")
        lines += _section("misses:", [_gold_line(g) for g in self.misses])
        lines += _section("spurious:", [_system_line(s) for s in self.spurious])
        lines += _section("field errors:", [e.line() for e in self.field_errors])
        return lines

    def as_dict(self) -> dict:
        """A JSON-serialisable summary: scores and counts, then ids (not whole records)."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "n_system": self.n_system,
            "n_gold": self.n_gold,
            "n_matched": self.n_matched,
            "n_neutral": len(self.neutral),
            "fields": dict(self.fields),
            "matches": [
                {"gold": g.get("id"), "system": s.get("id"), "cost": round(cost, 4)}
                for g, s, cost in self.matches
            ],
            "misses": [g.get("id") for g in self.misses],
            "spurious": [s.get("id") for s in self.spurious],
            "neutral": [s.get("id") for s in self.neutral],
            "field_errors": [
                {
                    "gold": e.gold_id, "system": e.system_id, "field": e.field,
                    "system_value": e.system_value, "gold_value": e.gold_value,
                }
                for e in self.field_errors
            ],
        }


def _section(title: str, items: list[str]) -> list[str]:
    """A titled list; an empty one says so, so the reader knows it was checked."""
    return [title] + ([f"  {item}" for item in items] or ["  (none)"])


def _gold_line(gold: dict) -> str:
    """`S07 undated Air/drone strike Palmyra (docs 003_...) "notes..."`"""
    start, end = gold.get("event_date"), gold.get("event_date_end")
    when = "undated" if start is None else f"{start}..{end}" if end else start
    docs = ", ".join(gold_docs(gold)) or "none"
    text = f"{label(gold)} {when} {gold.get('sub_event_type')} {gold.get('location')} (docs {docs})"
    notes = _excerpt(gold.get("notes"))
    return f'{text} "{notes}"' if notes else text


def _system_line(system: dict) -> str:
    """`id date sub_event_type location lat,lon fatalities_low docs "quote excerpt"`"""
    lat, lon = system.get("latitude"), system.get("longitude")
    where = "no-coordinates" if lat is None or lon is None else f"{lat},{lon}"
    parts = [
        label(system), str(system.get("event_date") or "undated"), str(system.get("sub_event_type")),
        str(system.get("location")), where, f"killed {_null(system.get('fatalities_low'))}",
        "docs " + (",".join(system_docs(system)) or "none"),
    ]
    quote = _excerpt(_first_quote(system))
    return " ".join(parts) + (f' "{quote}"' if quote else "")


def _first_quote(system: dict) -> str | None:
    for source in system.get("sources") or []:
        if isinstance(source, dict) and source.get("quote"):
            return str(source["quote"])
    return None


def _excerpt(text: object) -> str:
    flat = re.sub(r"\s+", " ", str(text or "")).strip()
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1].rstrip() + "…"


def _null(value: object) -> str:
    return "null" if value is None else str(value)
