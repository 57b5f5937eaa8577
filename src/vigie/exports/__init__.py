"""Export formats for incident records (as produced by :func:`vigie.export.incident_records`).

Each format is a plain function over an iterable of record dicts, streamed where the format
allows, and deterministic: the same records give the same bytes.

- :mod:`~vigie.exports.acled`: CSV in ACLED's columns, plus Vigie's own after them.
- :mod:`~vigie.exports.geojson`: an RFC 7946 FeatureCollection of Points.
- :mod:`~vigie.exports.parquet`: Parquet with an explicit schema (needs pyarrow).
- :mod:`~vigie.exports.table`: a fixed-width table for the terminal.
- :mod:`~vigie.exports.filters`: which records to export.
"""

from vigie.exports.acled import ACLED_COLUMNS, CSV_COLUMNS, VIGIE_COLUMNS, acled_row, write_acled_csv
from vigie.exports.filters import IncidentFilter, filter_records
from vigie.exports.geojson import to_feature, write_geojson
from vigie.exports.parquet import write_parquet
from vigie.exports.table import format_table

__all__ = [
    "ACLED_COLUMNS", "CSV_COLUMNS", "VIGIE_COLUMNS", "IncidentFilter", "acled_row", "filter_records",
    "format_table", "to_feature", "write_acled_csv", "write_geojson", "write_parquet",
]
