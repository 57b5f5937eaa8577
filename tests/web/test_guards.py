"""Limits checked before a request is read, and security headers on every response (issue 13: an
anonymous 100 MB upload to /login grew the server by ~900 MB; a 64 KB query string and any
unhandled error answered 500 without the CSP, frame and nosniff headers)."""

from __future__ import annotations

import select
import socket
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import LiveServer, ServerProcess
from vigie.web import create_app
from vigie.web.guards import MAX_BODY_BYTES, MAX_TARGET_BYTES, SECURITY_HEADERS

#: What a 100 MB upload may add to the server's peak memory. Refused after its headers (or its
#: first MiB when chunked), it should cost a few MB of buffers; before the fix it cost ~900 MB.
MAX_GROWTH_MB = 50
UPLOAD_BYTES = 100 * 2**20


def _upload(port: int, chunked: bool) -> tuple[bytes, int]:
    """POST a 100 MB multipart file to /login over a raw socket, stopping as soon as the server
    answers; returns the answer's first bytes and how much was sent."""
    boundary = "vigie-test-boundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"username\"; filename=\"big.bin\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    framing = ("Transfer-Encoding: chunked" if chunked
               else f"Content-Length: {len(head) + UPLOAD_BYTES + len(tail)}")
    block = b"A" * 65536

    def frame(data: bytes) -> bytes:
        return f"{len(data):x}\r\n".encode() + data + b"\r\n" if chunked else data

    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall((f"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
                   f"boundary={boundary}\r\n{framing}\r\n\r\n").encode())
        try:
            s.sendall(frame(head))
            while sent < UPLOAD_BYTES:
                if select.select([s], [], [], 0)[0]:
                    break  # the server has answered: no point sending the rest
                s.sendall(frame(block))
                sent += len(block)
            else:
                s.sendall(frame(tail) + (b"0\r\n\r\n" if chunked else b""))
        except (BrokenPipeError, ConnectionResetError):
            pass
        return s.recv(65536), sent


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_100_mb_upload_to_login_is_refused_before_it_is_read(reviewer_db: Path, chunked: bool):
    with ServerProcess(reviewer_db) as server:
        before = server.memory_mb()
        answer, sent = _upload(server.port, chunked)
        time.sleep(0.3)
        growth = server.memory_mb() - before
        status_line = answer.split(b"\r\n", 1)[0]
        print(f"{'chunked' if chunked else 'declared'} 100 MB upload: {sent / 2**20:.1f} MB sent, "
              f"peak memory +{growth:.1f} MB, answer {status_line!r}")
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert b"x-frame-options: DENY" in answer
        # Kernel socket buffers hold a few MB in flight before the answer is seen here.
        assert sent < UPLOAD_BYTES // 4, "the server answered only once it had most of the upload"
        assert growth < MAX_GROWTH_MB
        import urllib.request

        assert urllib.request.urlopen(server.url + "/login").status == 200, "the server is still up"


def test_bodies_over_the_cap_are_refused_declared_or_streamed(reviewer_db: Path):
    client = TestClient(create_app(reviewer_db))
    too_big = b"x" * (MAX_BODY_BYTES + 1)
    declared = client.post("/login", content=too_big, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert declared.status_code == 413

    def stream():  # no Content-Length: only counting the chunks can catch it
        for _ in range(4):
            yield b"x" * (MAX_BODY_BYTES // 2)

    streamed = client.post("/login", content=stream(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413
    assert "request body is over" in streamed.text
    for name, value in SECURITY_HEADERS.items():
        assert streamed.headers[name] == value
    # A form of ordinary size goes through to the login (a wrong CSRF token, then).
    assert client.post("/login", data={"username": "marie", "password": "x" * 1000, "csrf": "no"}).status_code == 401


def test_a_64_kb_query_string_is_414_over_real_http(reviewer_db: Path):
    with LiveServer(reviewer_db) as server:
        for target in ("/incidents?q=" + "a" * 65536, "/api/incidents?" + "&".join(["actor=x"] * 9000),
                       "/articles/" + "a" * (MAX_TARGET_BYTES + 1)):
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
                s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                answer = b""
                while chunk := s.recv(65536):
                    answer += chunk
            assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
            assert b"content-security-policy: default-src 'self'" in answer


def _boom():
    raise RuntimeError("a bug in a route")


@pytest.mark.parametrize("path", ["/boom", "/nowhere", "/login?next=/x", "/incidents?page=0", "/api/incidents?page=x"])
def test_every_response_has_the_security_headers_500s_included(reviewer_db: Path, path: str):
    app = create_app(reviewer_db)
    app.add_api_route("/boom", _boom)  # the real app plus one route with a bug, as any new route could have
    response = TestClient(app, raise_server_exceptions=False).get(path)
    if path == "/boom":
        assert response.status_code == 500
        assert "a bug in a route" not in response.text, "the traceback stays in the server's log"
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (path, response.status_code, name)


def test_the_raw_page_keeps_its_own_stricter_policy(reviewer_db: Path):
    response = TestClient(create_app(reviewer_db)).get("/raw/absent")
    assert response.status_code == 404
    assert response.headers["X-Frame-Options"] == "DENY"
