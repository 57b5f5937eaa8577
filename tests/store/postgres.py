"""A real PostgreSQL server for the tests: Debian's package, started in a temporary directory
on a free port (as the postgres user when run as root, since PostgreSQL refuses root), stopped
after."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager

import pytest


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else None


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def postgres_server():
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL is not installed (make test installs Debian's package when run as root)")
    pytest.importorskip("psycopg", reason="the postgres extra (psycopg) is not installed")
    folder = tempfile.mkdtemp(prefix="vigie-pg-", dir="/tmp")
    os.chmod(folder, 0o777)
    data = os.path.join(folder, "data")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        subprocess.run(_as_postgres([initdb, "-D", data, "-A", "trust", "-U", "postgres", "--locale=C", "-E", "UTF8"]),
                       check=True, capture_output=True)
        subprocess.run(_as_postgres([pg_ctl, "-D", data, "-w", "-l", os.path.join(folder, "log"), "-o",
                                     f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"]),
                       check=True, capture_output=True)
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE vigie")
        yield f"postgresql://postgres@127.0.0.1:{port}/vigie"
    finally:
        subprocess.run(_as_postgres([pg_ctl, "-D", data, "-m", "fast", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(url: str, name: str) -> str:
    """Another empty database on the same server."""
    import psycopg

    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"
