"""A run killed at any point (kill -9) and started again ends with the same database as a run
that was never interrupted: no document, mention or incident lost or duplicated."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

VIGIE = [sys.executable, "-m", "vigie.cli.main"]


def content(db: Path) -> dict[str, list[tuple]]:
    """Every table but the run log, without the run ids (which run stored a row is provenance,
    not content: after a kill, the second run stores what the first did not)."""
    conn = sqlite3.connect(db)
    out = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%'"):
        if table in ("runs", "schema_migrations"):
            continue
        cols = [c[1] for c in conn.execute(f"PRAGMA table_info({table})") if c[1] != "run_id"]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


def vigie_run(db: Path) -> subprocess.Popen:
    return subprocess.Popen([*VIGIE, "run", str(EXAMPLES / "articles"), "--db", str(db), "--workers", "1", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    assert vigie_run(db).wait() == 0
    return content(db)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_run_resumes_to_the_same_database(tmp_path: Path, reference: dict, seed: int):
    db = tmp_path / "v.db"
    delay = random.Random(seed).uniform(0.5, 7.0)
    proc = vigie_run(db)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert vigie_run(db).wait() == 0
    assert content(db) == reference, f"killed after {delay:.1f} s"
