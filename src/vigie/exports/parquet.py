"""Incidents as a Parquet file with an explicit, stable schema (for pandas, DuckDB, Spark).

Schema (``incident_schema()``), one row per incident, every column nullable:

- strings: id, event_date, event_date_end (ISO ``YYYY-MM-DD``, kept as text like the JSONL
  export so that a value reads back exactly as it was written), date_precision, event_type,
  sub_event_type, actor1, actor2, country, admin1, location, and the keys other stages are
  adding: event_id_cnty, review_state, notes;
- int64: geo_precision, fatalities_low, fatalities_best, fatalities_high,
  civilian_fatalities_low (null is "no toll reported", never 0);
- float64: latitude, longitude, confidence;
- list<string>: reported_by, actor1_candidates;
- list<struct<doc_id, url, outlet, quote: string, start, end: int64>>: sources, typed because
  it is the part analysts query (``UNNEST(sources)``);
- JSON text: figures and evidence, whose inner keys still change between versions and would
  otherwise change the schema with them;
- JSON text ``extra``: an object of every other key of the record (null when there is none),
  so that nothing is dropped and the schema stays the same from the first batch to the last.

Rows are written in batches of ``BATCH_ROWS``, so memory stays flat however many incidents
there are. The file holds no timestamp: the same records and the same pyarrow version give
the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from vigie.errors import MissingExtraError

#: Rows per batch and per row group: an incident with its quotes is a few kilobytes, so a
#: batch is a few megabytes in memory, and row groups stay large enough to compress well.
BATCH_ROWS = 1000
#: zstd: in every pyarrow wheel, smaller than snappy on quote-heavy text, and byte-stable.
COMPRESSION = "zstd"
SCHEMA_VERSION = "vigie-incidents-1"

STRING_FIELDS = (
    "id", "event_date", "event_date_end", "date_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "event_id_cnty", "review_state", "notes",
)
INT_FIELDS = (
    "geo_precision", "fatalities_low", "fatalities_best", "fatalities_high", "civilian_fatalities_low",
)
FLOAT_FIELDS = ("latitude", "longitude", "confidence")
STRING_LIST_FIELDS = ("reported_by", "actor1_candidates")
SOURCE_FIELDS = ("doc_id", "url", "outlet", "quote", "start", "end")
JSON_FIELDS = ("figures", "evidence")
COLUMN_ORDER = (
    "id", "event_id_cnty", "event_date", "event_date_end", "date_precision", "event_type",
    "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "fatalities_low", "fatalities_best", "fatalities_high",
    "civilian_fatalities_low", "reported_by", "sources", "confidence", "review_state", "notes",
    "actor1_candidates", "figures", "evidence", "extra",
)
KNOWN_FIELDS = frozenset(COLUMN_ORDER) - {"extra"}


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as error:
        raise MissingExtraError("pyarrow", "parquet") from error
    return pa, pq


def incident_schema():
    """The pyarrow schema of the Parquet export (see the module docstring)."""
    pa, _ = _pyarrow()
    types = {name: pa.string() for name in STRING_FIELDS}
    types.update({name: pa.int64() for name in INT_FIELDS})
    types.update({name: pa.float64() for name in FLOAT_FIELDS})
    types.update({name: pa.list_(pa.string()) for name in STRING_LIST_FIELDS})
    types.update({name: pa.string() for name in JSON_FIELDS + ("extra",)})
    types["sources"] = pa.list_(pa.struct([
        pa.field(name, pa.int64() if name in ("start", "end") else pa.string()) for name in SOURCE_FIELDS
    ]))
    return pa.schema(
        [pa.field(name, types[name]) for name in COLUMN_ORDER],
        metadata={"vigie.schema": SCHEMA_VERSION},
    )


def _json(value: object) -> str | None:
    # sort_keys: the same content gives the same text whatever order a stage built it in.
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _columns(batch: list[dict]) -> dict[str, list]:
    columns: dict[str, list] = {name: [] for name in COLUMN_ORDER}
    for record in batch:
        for name in COLUMN_ORDER:
            if name == "extra":
                extra = {k: v for k, v in record.items() if k not in KNOWN_FIELDS}
                columns[name].append(_json(extra) if extra else None)
            elif name in JSON_FIELDS:
                columns[name].append(_json(record.get(name)))
            elif name == "sources":
                sources = record.get(name)
                columns[name].append(
                    None if sources is None else [{k: s.get(k) for k in SOURCE_FIELDS} for s in sources]
                )
            elif name in STRING_LIST_FIELDS:
                value = record.get(name)
                columns[name].append(None if value is None else [None if v is None else str(v) for v in value])
            else:
                columns[name].append(record.get(name))
    return columns


def _batches(records: Iterable[dict]) -> Iterator[list[dict]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


def write_parquet(records: Iterable[dict], path: str | Path) -> int:
    """Write the records to a Parquet file at ``path`` (replaced if present); returns the rows
    written. Raises ValueError naming the column and the first record id of the batch when a
    value does not fit its column's type (e.g. a toll given as text).

    Example::

        write_parquet(incident_records(conn), "incidents.parquet")
    """
    pa, pq = _pyarrow()
    schema = incident_schema()
    path = Path(path)
    # Written beside the target and renamed at the end: a failed export leaves no half file.
    partial = path.with_name(path.name + ".partial")
    try:
        n = _write(pa, pq, schema, records, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return n


def _write(pa, pq, schema, records: Iterable[dict], path: Path) -> int:
    n = 0
    with pq.ParquetWriter(str(path), schema, compression=COMPRESSION) as writer:
        for batch in _batches(records):
            arrays = []
            for field, values in zip(schema, _columns(batch).values()):
                try:
                    arrays.append(pa.array(values, type=field.type))
                except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as error:
                    raise ValueError(
                        f"column {field.name!r} ({field.type}) cannot hold a value in the batch starting "
                        f"at incident {batch[0].get('id')!r}: {error}; fix the record or the stage that made it"
                    ) from error
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema), row_group_size=BATCH_ROWS)
            n += len(batch)
    return n
