"""Scoring extracted incidents against hand-coded gold (``vigie eval GOLD.jsonl``).

The rules are those of ``shared/gold/README.md``, implemented exactly:

- ``records``: how a gold line and a system incident are read, and what makes one unusable;
- ``gold``: :func:`load_gold`, one JSONL line per gold incident;
- ``matching``: candidate conditions (shared document, distance, date) and cheapest-first pairing;
- ``fields``: what each gold line accepts per field;
- ``scoring``: :func:`score`, the whole evaluation; ``report``: :class:`EvalReport`.

Example::

    report = score(incidents, load_gold("gold.jsonl"))
    print("\\n".join(report.lines()))
"""

from vigie.evaluation.fields import FIELDS, FieldError
from vigie.evaluation.gold import load_gold
from vigie.evaluation.matching import MATCH_RADIUS_KM, haversine_km, match_cost
from vigie.evaluation.records import VIOLENT_EVENT_TYPES
from vigie.evaluation.report import EvalReport
from vigie.evaluation.scoring import score

__all__ = [
    "FIELDS", "MATCH_RADIUS_KM", "VIOLENT_EVENT_TYPES", "EvalReport", "FieldError",
    "haversine_km", "load_gold", "match_cost", "score",
]
