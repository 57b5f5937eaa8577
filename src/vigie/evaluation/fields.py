"""Field accuracy over matched pairs: what a gold line accepts for each field."""

from __future__ import annotations

from dataclasses import dataclass

from vigie.evaluation.records import day, gold_docs, gold_range, system_docs

FIELDS = (
    "date", "fatalities_low", "civilian_fatalities_low", "actor1", "actor2", "sub_event_type",
    "all_docs_linked",
)


@dataclass(frozen=True)
class FieldError:
    """One wrong field of a matched pair, with both sides as shown in the report."""

    gold_id: str
    system_id: str
    field: str
    system_value: object
    gold_value: object  # what gold accepts: a value, a list of accepted values, a date range

    def line(self) -> str:
        system, gold = _show(self.system_value, self.field), _show(self.gold_value, self.field)
        return f"{self.gold_id} {self.field}: system {system}, gold {gold}"


def field_checks(gold: dict, system: dict) -> dict[str, tuple[bool, object, object]]:
    """For each field: (correct?, system value, what gold accepts)."""
    return {
        "date": _date_check(gold, system),
        "fatalities_low": _value_check(gold, system, "fatalities_low", "fatalities_low_alt"),
        "civilian_fatalities_low": _value_check(
            gold, system, "civilian_fatalities_low", "civilian_fatalities_low_alt"
        ),
        "actor1": _value_check(gold, system, "actor1", "actor1_candidates"),
        "actor2": _value_check(gold, system, "actor2", "actor2_candidates"),
        "sub_event_type": _value_check(gold, system, "sub_event_type", None),
        "all_docs_linked": _docs_check(gold, system),
    }


def _date_check(gold: dict, system: dict) -> tuple[bool, object, object]:
    """No slack here (unlike matching): a day off is a wrong date. Null gold wants null."""
    value = system.get("event_date")
    span = gold_range(gold)
    if span is None:
        return value is None, value, None
    when = day(value)
    shown = span[0].isoformat() if span[0] == span[1] else f"{span[0]}..{span[1]}"
    return when is not None and span[0] <= when <= span[1], value, shown


def _value_check(gold: dict, system: dict, key: str, alt_key: str | None) -> tuple[bool, object, object]:
    """Equal to the gold value (null equals null only) or to one of the listed alternatives.

    An alternatives list may hold null ("no actor2" is also right); a missing list adds nothing.
    """
    accepted = [gold.get(key)]
    for alt in (gold.get(alt_key) or []) if alt_key else []:
        if alt not in accepted:
            accepted.append(alt)
    value = system.get(key)
    return value in accepted, value, accepted[0] if len(accepted) == 1 else accepted


def _docs_check(gold: dict, system: dict) -> tuple[bool, object, object]:
    docs = gold_docs(gold)
    cited = system_docs(system)
    return set(docs) <= set(cited), cited, docs


def _show(value: object, field: str) -> str:
    """A value as the report prints it: a doc list in brackets, accepted values joined by "or"."""
    if field == "all_docs_linked" and isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, list):
        return " or ".join(_show(v, field) for v in value)
    return "null" if value is None else str(value)
