"""PostgreSQL behind the same small interface the code uses of sqlite3.

The store speaks SQLite's dialect (``?`` parameters, ``INSERT OR IGNORE``, ``julianday``);
this adapter translates the few differences, so every command runs unchanged against a
PostgreSQL server (`--db postgresql://user@host/db`) and gives the same results. Rows answer to
both an index and a column name, like ``sqlite3.Row``; ``with conn:`` is a transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from vigie.errors import MissingExtraError, VigieError

_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO", re.I)
_NOCASE = re.compile(r"(\w+) = \? COLLATE NOCASE", re.I)


def is_url(db: object) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


class Row(tuple):
    """A result row readable as ``row[0]`` or ``row["name"]`` (and ``dict(row)``)."""

    _names: tuple[str, ...] = ()

    def __new__(cls, values: Sequence, names: tuple[str, ...]):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor):
    names = tuple(c.name for c in cursor.description or ())
    return lambda values: Row(values, names)


def translate(sql: str) -> str:
    """SQLite's SQL as PostgreSQL reads it."""
    sql = _NOCASE.sub(r"lower(\1) = lower(?)", sql)
    ignore = bool(_OR_IGNORE.match(sql))
    if ignore:
        sql = _OR_IGNORE.sub("INSERT INTO", sql) + " ON CONFLICT DO NOTHING"
    return sql.replace("%", "%%").replace("?", "%s")


class PgConnection:
    """The subset of sqlite3.Connection the store uses."""

    dialect = "postgresql"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:
            raise MissingExtraError("psycopg", "postgres") from None
        try:
            self._conn = psycopg.connect(url, row_factory=_row_factory)
        except psycopg.OperationalError as exc:
            raise VigieError(f"cannot connect to {url}: {str(exc).splitlines()[0]}") from None
        self.row_factory = None  # accepted and ignored: rows are always Row

    def execute(self, sql: str, params: Sequence = ()):
        cursor = self._conn.cursor()
        cursor.execute(translate(sql), tuple(params))
        return cursor

    def executemany(self, sql: str, seq: Iterable[Sequence]):
        cursor = self._conn.cursor()
        rows = [tuple(p) for p in seq]
        if rows:
            cursor.executemany(translate(sql), rows)
        return cursor

    def commit(self) -> None:
        self._conn.commit()

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "PgConnection":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self._conn.commit()
        else:
            self._conn.rollback()


def ddl(sql: str) -> list[str]:
    """A migration's statements for PostgreSQL: wider integer and float types, BYTEA, and
    SQLite's full-text table replaced by a GIN index (the web app queries it as tsvector)."""
    out = []
    for statement in sql:
        if "documents_fts" in statement or statement.upper().startswith("CREATE TRIGGER"):
            continue
        s = re.sub(r"\bINTEGER PRIMARY KEY\b", "BIGSERIAL PRIMARY KEY", statement)
        s = re.sub(r"\bINTEGER\b", "BIGINT", s)
        s = re.sub(r"\bREAL\b", "DOUBLE PRECISION", s)
        s = re.sub(r"\bBLOB\b", "BYTEA", s)
        out.append(s)
    return out


#: What SQLite has built in and the queries use.
PG_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION julianday(text) RETURNS double precision AS "
    "$$ SELECT extract(epoch from $1::timestamp) / 86400.0 + 2440587.5 $$ LANGUAGE SQL IMMUTABLE",
    "CREATE INDEX IF NOT EXISTS documents_text_search ON documents USING gin "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text))",
]
