"""Request helpers shared by the pages and the API."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from fastapi import Request

from vigie.store.db import open_connection
from vigie.web.queries import Filters


def db(request: Request) -> Iterator[sqlite3.Connection]:
    conn = open_connection(request.app.state.db)
    try:
        yield conn
    finally:
        conn.close()


def filters_from(request: Request) -> Filters:
    q = request.query_params

    def text(name: str) -> str | None:
        value = q.get(name, "").strip()
        return value or None

    toll = text("min_toll")
    return Filters(
        since=text("since"), until=text("until"), country=text("country"), admin1=text("admin1"),
        actor=text("actor"), type=text("type"), min_toll=int(toll) if toll and toll.isdigit() else None,
        review_state=text("review_state"), q=text("q"),
    )
