"""Storage: a SQLite file by default, schema kept by recorded migrations."""

from vigie.store.db import connect, default_db, migrate

__all__ = ["connect", "default_db", "migrate"]
