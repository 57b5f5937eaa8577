"""Opening the database and applying its recorded schema migrations.

Migrations are the numbered ``.sql`` files beside this module; each one applied is recorded in
``schema_migrations`` so an old database is brought up to date, in order, on first use.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from vigie.errors import VigieError

DEFAULT_DB = "vigie.db"


def default_db() -> str:
    """``$VIGIE_DB`` when set, else ``./vigie.db``."""
    return os.environ.get("VIGIE_DB") or DEFAULT_DB


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with this release, in order."""
    folder = resources.files("vigie.store") / "migrations"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name[:-4].partition("_")
            out.append((int(number), name, entry.read_text(encoding="utf-8")))
    return sorted(out)


def migrate(conn) -> list[int]:
    """Apply the migrations this database lacks; returns the versions applied."""
    postgres = getattr(conn, "dialect", "sqlite") == "postgresql"
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    conn.commit()
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        with conn:
            statements = list(_statements(sql))
            if postgres:
                from vigie.store.pg import ddl

                statements = ddl(statements)
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now())
            )
        applied.append(version)
    if postgres:
        from vigie.store.pg import PG_FUNCTIONS

        with conn:
            for statement in PG_FUNCTIONS:
                conn.execute(statement)
    return applied


def _statements(sql: str) -> Iterator[str]:
    buffer = ""
    for line in sql.splitlines():
        if line.strip().startswith("--"):
            continue
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


def open_connection(db: str | Path) -> sqlite3.Connection:
    """A plain connection to an existing, migrated database (one per request in the web app:
    SQLite reads run in parallel, writes take turns)."""
    from vigie.store.pg import PgConnection, is_url

    if is_url(db):
        return PgConnection(str(db))  # type: ignore[return-value]
    conn = sqlite3.connect(db, timeout=30, check_same_thread=False)  # opened and closed on different pool threads
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


@contextmanager
def connect(db: str | Path, create: bool = True) -> Iterator[sqlite3.Connection]:
    """Open (and migrate) the database at ``db``: a SQLite file, or a PostgreSQL URL."""
    from vigie.store.pg import PgConnection, is_url

    if is_url(db):
        pg = PgConnection(str(db))
        try:
            migrate(pg)
            yield pg  # type: ignore[misc]
        finally:
            pg.close()
        return
    path = Path(db)
    if not create and not path.exists():
        raise VigieError(f"no database at {path}: run `vigie run PATH --db {path}` first")
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    try:
        migrate(conn)
        yield conn
    finally:
        conn.close()
