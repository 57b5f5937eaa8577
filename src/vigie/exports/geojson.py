"""Incidents as an RFC 7946 GeoJSON FeatureCollection, one Point feature per located incident.

Each feature carries the incident id as its ``id`` and the whole record as ``properties``
(unknown keys included, so fields added later reach the map without a change here), except
``evidence``: the per-field quotes are bulky and the map popup reads ``sources`` and
``figures`` instead. The output is streamed, one feature per line, so an export of any size
keeps memory flat; the same records give the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import TextIO

#: Record keys left out of a feature's properties (see the module docstring).
DROPPED_PROPERTIES = frozenset({"evidence"})


def _coordinate(value: object, bound: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    if not math.isfinite(value) or abs(value) > bound:
        return None
    return value


def _json_safe(value: object) -> object:
    """The value with non-finite floats as null: RFC 8259 JSON has no NaN or Infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def to_feature(record: dict) -> dict | None:
    """A GeoJSON Feature with a ``[longitude, latitude]`` Point, or None when the record has
    no usable coordinates (null, not a number, or outside ±90 / ±180): an incident that
    cannot be placed is left off the map rather than put at (0, 0)."""
    lat = _coordinate(record.get("latitude"), 90.0)
    lon = _coordinate(record.get("longitude"), 180.0)
    if lat is None or lon is None:
        return None
    properties = {k: _json_safe(v) for k, v in record.items() if k not in DROPPED_PROPERTIES}
    feature: dict = {"type": "Feature"}
    if record.get("id") is not None:
        feature["id"] = record["id"]
    feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    feature["properties"] = properties
    return feature


def write_geojson(records: Iterable[dict], out: TextIO) -> int:
    """Write a FeatureCollection of the located records to ``out``; returns the features
    written (records without coordinates are skipped, so it may be fewer than the records).

    UTF-8 text (``ensure_ascii=False``); open ``out`` with ``encoding="utf-8"``.

    Example::

        with open("incidents.geojson", "w", encoding="utf-8") as out:
            write_geojson(incident_records(conn), out)
    """
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for record in records:
        feature = to_feature(record)
        if feature is None:
            continue
        out.write("\n" if n == 0 else ",\n")
        out.write(json.dumps(feature, ensure_ascii=False, allow_nan=False))
        n += 1
    out.write("\n]}\n")
    return n
