"""Scoring system incidents against gold: the rules of ``shared/gold/README.md``."""

from __future__ import annotations

from collections.abc import Callable

from vigie.errors import VigieError
from vigie.evaluation.fields import FIELDS, FieldError, field_checks
from vigie.evaluation.matching import could_match_any, pair_cheapest_first
from vigie.evaluation.records import (
    gold_problem, is_scored, is_violent, label, system_problem,
)
from vigie.evaluation.report import EvalReport


def score(system: list[dict], gold: list[dict]) -> EvalReport:
    """Match violent system incidents to violent gold lines and measure the result.

    1. Only violent incidents (Battles, Explosions/Remote violence, Violence against civilians)
       are looked at, on both sides.
    2. System incidents are paired one-to-one, cheapest first, with the ``scored`` gold lines.
    3. An unpaired system incident that could match a ``scored: false`` violent gold line is
       neutral: out of both counts.
    4. Precision = matched / counted system incidents; recall = matched / scored gold lines.
       An empty denominator gives 1.0 (nothing was wrong, nothing was missed), so an empty
       system on an empty gold scores 1/1/1, an empty system on real gold P=1 R=0 F1=0, and any
       system on empty gold P=0 R=1 F1=0. F1 is 0.0 when P + R is 0.

    Raises :class:`VigieError` naming the record when a gold line or a system incident holds a
    value that cannot be read (a date that is not YYYY-MM-DD, a latitude that is not a number).
    """
    _check(gold, gold_problem, "gold incident")
    # Non-dicts are kept so that _check reports them instead of dropping them silently.
    violent_system = [s for s in system if not isinstance(s, dict) or is_violent(s)]
    _check(violent_system, system_problem, "system incident")
    violent_gold = [g for g in gold if is_violent(g)]
    scored = [g for g in violent_gold if is_scored(g)]
    borderline = [g for g in violent_gold if not is_scored(g)]

    pairs = pair_cheapest_first(scored, violent_system)
    matches = [(scored[gi], violent_system[si], cost) for gi, si, cost in pairs]
    matched_gold = {gi for gi, _, _ in pairs}
    matched_system = {si for _, si, _ in pairs}
    unmatched = [s for si, s in enumerate(violent_system) if si not in matched_system]
    is_neutral = [could_match_any(s, borderline) for s in unmatched]
    neutral = [s for s, flag in zip(unmatched, is_neutral) if flag]
    spurious = [s for s, flag in zip(unmatched, is_neutral) if not flag]

    n_system = len(violent_system) - len(neutral)
    precision = _ratio(len(matches), n_system)
    recall = _ratio(len(matches), len(scored))
    fields, errors = _field_accuracy(matches)
    return EvalReport(
        precision=precision,
        recall=recall,
        f1=0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall),
        n_system=n_system,
        n_gold=len(scored),
        matches=matches,
        misses=[g for gi, g in enumerate(scored) if gi not in matched_gold],
        spurious=spurious,
        neutral=neutral,
        fields=fields,
        field_errors=errors,
    )


def _ratio(part: int, whole: int) -> float:
    """part / whole, with 1.0 for an empty whole (see :func:`score`)."""
    return part / whole if whole else 1.0


def _field_accuracy(
    matches: list[tuple[dict, dict, float]],
) -> tuple[dict[str, float | None], list[FieldError]]:
    """Share of matched pairs right on each field (None without pairs), and every wrong field."""
    correct = dict.fromkeys(FIELDS, 0)
    errors = []
    for gold, system, _ in matches:
        for name, (ok, system_value, gold_value) in field_checks(gold, system).items():
            if ok:
                correct[name] += 1
            else:
                errors.append(FieldError(label(gold), label(system), name, system_value, gold_value))
    n = len(matches)
    return {name: (correct[name] / n if n else None) for name in FIELDS}, errors


def _check(records: list, problem_of: Callable[[object], str | None], kind: str) -> None:
    """Stop at the first unreadable record, naming it: a score over silently skipped records
    would look valid and mean nothing."""
    for index, record in enumerate(records, start=1):
        problem = problem_of(record)
        if problem:
            name = label(record) if isinstance(record, dict) else f"#{index}"
            raise VigieError(f"{kind} {name}: {problem}")
