"""A live `vigie serve` on a free local port, and a real headless Chromium to drive it."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Flags for a quiet headless Chromium on a machine without network: no background requests to
#: Google's services, no sandbox (tests run as root in CI).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


class LiveServer:
    def __init__(self, db: Path):
        import uvicorn

        from vigie.web import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(db), host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser):
    """A page that can reach only this machine: anything else is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    outside: list[str] = []

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if host.startswith(("127.0.0.1", "localhost")) or r.request.url.startswith(("data:", "about:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.outside_requests = outside  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


class ServerProcess:
    """`vigie serve`'s app in a process of its own, so that its memory can be read from /proc
    without the test's own allocations in it."""

    def __init__(self, db: Path):
        import sys

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-c", (
            "import uvicorn; from vigie.web import create_app; "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={self.port}, log_level='warning')"
        )]

    def __enter__(self) -> "ServerProcess":
        import subprocess
        import urllib.request

        self.process = subprocess.Popen(self.command)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url + "/login", timeout=2).read()
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.process.kill()
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.1)

    def memory_mb(self, field: str = "VmHWM") -> float:
        """VmRSS (resident now) or VmHWM (the peak of resident memory) in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no {field} in /proc (Linux only)")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def reviewer_db(tmp_path: Path) -> Path:
    """A migrated database with one reviewer and no articles: enough for logins and limits."""
    from vigie.store import connect
    from vigie.web.auth import add_user

    db = tmp_path / "v.db"
    with connect(db) as conn:
        add_user(conn, "marie", REVIEWER_PASSWORD)
        add_user(conn, "paul", REVIEWER_PASSWORD)
    return db


REVIEWER_PASSWORD = "correct horse battery"


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="')[1].split('"')[0]


def log_in(client, username: str = "marie", password: str = REVIEWER_PASSWORD):
    """POST the login form as a browser would (its CSRF token first); returns the response."""
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf": token},
                       follow_redirects=False)


class Clock:
    """Time the app reads for sessions and login locks, moved forward by the test instead of
    waiting for it."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def _examples_db_once(tmp_path_factory) -> Path:
    from tests.conftest import EXAMPLES
    from vigie.runner import run

    db = tmp_path_factory.mktemp("examples") / "examples.db"
    run([EXAMPLES / "articles"], db)
    return db


@pytest.fixture
def examples_db(_examples_db_once: Path, tmp_path: Path) -> Path:
    """The examples run through the pipeline (once per test session), copied for each test
    with two reviewers added, so that a test's writes stay its own."""
    from vigie.store import connect
    from vigie.web.auth import add_user

    db = tmp_path / "examples.db"
    shutil.copyfile(_examples_db_once, db)
    with connect(db) as conn:
        add_user(conn, "marie", REVIEWER_PASSWORD)
        add_user(conn, "paul", REVIEWER_PASSWORD)
    return db
