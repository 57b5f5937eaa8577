"""Every command against a real PostgreSQL server gives what it gives on SQLite."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, SHARED
from tests.store.postgres import fresh_database, postgres_server
from vigie.cli.main import cli


@pytest.fixture(scope="module")
def pg_url():
    with postgres_server() as url:
        yield url


def corpus() -> Path:
    return SHARED / "seeds" if (SHARED / "seeds").is_dir() else EXAMPLES / "articles"


def vigie(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_exports_are_byte_identical_on_sqlite_and_postgresql(pg_url: str, tmp_path: Path):
    sqlite_db = str(tmp_path / "v.db")
    pg_db = fresh_database(pg_url, "exports")
    for db in (sqlite_db, pg_db):
        vigie("run", str(corpus()), "--db", db, "--workers", "1", "--no-progress")
    for what, fmt in (("incidents", "jsonl"), ("incidents", "csv"), ("incidents", "geojson"), ("documents", "jsonl")):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        vigie("export", what, "--format", fmt, "-o", str(a), "--db", sqlite_db)
        vigie("export", what, "--format", fmt, "-o", str(b), "--db", pg_db)
        assert a.read_bytes() == b.read_bytes(), (what, fmt)


def test_every_command_runs_on_postgresql(pg_url: str, tmp_path: Path):
    db = fresh_database(pg_url, "commands")
    first = vigie("run", str(EXAMPLES / "articles"), "--db", db, "--workers", "1", "--no-progress")
    again = vigie("run", str(EXAMPLES / "articles"), "--db", db, "--workers", "1", "--no-progress")
    assert "12 new" in first and "12 unchanged" in again
    assert "documents: 12 current" in vigie("status", "--db", db)
    assert "ex01_alep_barils" in vigie("show", "ex01_alep_barils", "--db", db)
    assert "precision" in vigie("eval", str(EXAMPLES / "gold" / "incidents.jsonl"), "--db", db)
    assert "SYR" in vigie("incidents", "--db", db, "--width", "120")
    assert vigie("stories", "--db", db).strip()
    parquet = tmp_path / "x.parquet"
    vigie("export", "incidents", "--format", "parquet", "-o", str(parquet), "--db", db)
    assert parquet.stat().st_size > 0


def test_web_app_reads_and_writes_postgresql(pg_url: str):
    from fastapi.testclient import TestClient

    from vigie.store import connect
    from vigie.web import create_app
    from vigie.web.auth import add_user

    db = fresh_database(pg_url, "web")
    vigie("run", str(EXAMPLES / "articles"), "--db", db, "--workers", "1", "--no-progress")
    with connect(db) as conn:
        add_user(conn, "marie", "long enough password")
        incident_id = conn.execute("SELECT id FROM incidents ORDER BY id LIMIT 1").fetchone()[0]
    client = TestClient(create_app(db))
    assert client.get("/api/incidents?q=barils").json()["total"] >= 1
    assert client.get("/incidents?country=Syria").status_code == 200
    token = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    client.post("/login", data={"username": "marie", "password": "long enough password", "csrf": token})
    page = client.get(f"/incidents/{incident_id}").text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    client.post(f"/incidents/{incident_id}/edit", data={"field": "fatalities_low", "value": "7", "csrf": token})
    assert client.get(f"/api/incidents/{incident_id}").json()["fatalities_low"] == 7
