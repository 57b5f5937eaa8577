"""The review workbench: a FastAPI app over the same database as the pipeline.

Read-only for anyone; every write needs a reviewer session (held in the database, ended by
logout or a new password) and the form's CSRF token; failed logins are throttled. Article text
is untrusted: templates escape everything, the Content-Security-Policy allows scripts only from
the app's own static files, and the raw page is served as sandboxed plain text. Requests are
size-limited before they are read and every value is checked (``vigie.web.guards``,
``vigie.web.inputs``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from vigie.store import connect

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def create_app(db: str | Path, clock: Callable[[], float] = time.time):
    """The app for one database (migrated on start). ``clock`` (seconds since the epoch) times
    sessions and login locks; tests pass one they can move forward."""
    try:
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles
        from starlette.middleware.sessions import SessionMiddleware
    except ImportError as exc:  # pragma: no cover - web is part of the install
        from vigie.errors import MissingExtraError

        raise MissingExtraError("fastapi", "web") from exc

    from fastapi.exceptions import RequestValidationError

    from vigie.web import api, pages
    from vigie.web.auth import SESSION_LIFETIME_SECONDS, session_secret
    from vigie.web.guards import RequestLimits, SecurityHeaders, invalid_input, server_error
    from vigie.web.inputs import InvalidInput

    with connect(db) as conn:
        secret = session_secret(conn)
    app = FastAPI(
        title="Vigie",
        description="Conflict incidents extracted from news, with their evidence, for review.",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads from a CDN; the OpenAPI description is at /openapi.json
        redoc_url=None,
    )
    app.state.db = str(db)
    app.state.clock = clock
    app.add_exception_handler(InvalidInput, invalid_input)
    app.add_exception_handler(RequestValidationError, invalid_input)
    app.add_exception_handler(Exception, server_error)
    # The last added runs first: headers on everything, then limits before any byte is read.
    app.add_middleware(SessionMiddleware, secret_key=secret, same_site="strict", session_cookie="vigie_session",
                       max_age=SESSION_LIFETIME_SECONDS)
    app.add_middleware(RequestLimits)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="info")
