"""Request helpers shared by the pages and the API."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from fastapi import Depends, Request

from vigie.store.db import open_connection
from vigie.web.auth import session_user
from vigie.web.inputs import parse_filters
from vigie.web.queries import Filters


def db(request: Request) -> Iterator[sqlite3.Connection]:
    conn = open_connection(request.app.state.db)
    try:
        yield conn
    finally:
        conn.close()


def filters_from(request: Request) -> Filters:
    """The request's incident filters, checked (``InvalidInput`` names the bad one)."""
    return parse_filters(request.query_params)


def reviewer(request: Request, conn: sqlite3.Connection = Depends(db)) -> str | None:
    """The logged-in reviewer, read from ``web_sessions`` on every request (the cookie alone
    proves nothing once its session was ended); kept on ``request.state`` for the templates.
    A cookie whose session is gone is emptied, so the browser stops sending it."""
    token = request.session.get("sid")
    user = session_user(conn, token, request.app.state.clock())
    if token and user is None:
        request.session.clear()
    request.state.reviewer = user
    return user
