"""The review workbench: a FastAPI app over the same database as the pipeline.

Read-only for anyone; every write needs a reviewer session and the form's CSRF token. Article
text is untrusted: templates escape everything, the Content-Security-Policy allows scripts only
from the app's own static files, and the raw page is served as sandboxed plain text.
"""

from __future__ import annotations

from pathlib import Path

from vigie.store import connect

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
#: No inline script, no foreign origin: a <script> in an article can never run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(db: str | Path):
    """The app for one database (migrated on start)."""
    try:
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles
        from starlette.middleware.sessions import SessionMiddleware
    except ImportError as exc:  # pragma: no cover - web is part of the install
        from vigie.errors import MissingExtraError

        raise MissingExtraError("fastapi", "web") from exc

    from vigie.web import api, pages
    from vigie.web.auth import session_secret

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

    @app.middleware("http")
    async def security_headers(request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    app.add_middleware(SessionMiddleware, secret_key=secret, same_site="strict", session_cookie="vigie_session")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="info")
