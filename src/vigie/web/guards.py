"""What stands between the network and the routes: size limits checked before anything is read,
security headers on every response, and refusals that say why instead of answering 500.

Both middlewares are plain ASGI (they wrap ``receive`` and ``send``), so they see every response,
the ones written by error handlers included, and can refuse a body while it is still streaming.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse

#: The largest request body accepted. The biggest form here is a correction's note (a few KB);
#: 1 MiB is hundreds of times that, and bounds what one anonymous request can make the server
#: hold: a 100 MB multipart upload to /login grew the process by ~900 MB before it was refused.
MAX_BODY_BYTES = 2**20
#: The longest request target (path and query string). Filters fill a few hundred bytes; 8 KiB
#: is the request-line limit of the usual servers and proxies (Apache's LimitRequestLine, 8190),
#: so a longer one was never a link this app made.
MAX_TARGET_BYTES = 8 * 1024
#: No inline script, no foreign origin: a <script> in an article can never run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Sent with every response; a route may send a stricter CSP of its own (the raw page does).
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response this app sends (a 500 is written outside
    all middleware, so ``server_error`` carries them itself)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name == "Content-Security-Policy":
                        headers.setdefault(name, value)
                    else:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLimits:
    """Refuses a request target over ``MAX_TARGET_BYTES`` (414) and a body over
    ``MAX_BODY_BYTES`` (413): a declared Content-Length before a byte is read, a chunked body as
    soon as its chunks add up to more. The app then reads a disconnect, and whatever it tries to
    answer is dropped: the 413 has gone out."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if target > MAX_TARGET_BYTES:
            return await _refuse(scope, receive, send, 414, f"the address is over {MAX_TARGET_BYTES} bytes")
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.isdigit():
                return await _refuse(scope, receive, send, 400, "the Content-Length is not a number")
            if int(declared) > MAX_BODY_BYTES:
                return await _refuse(scope, receive, send, 413, f"the request body is over {MAX_BODY_BYTES} bytes")
        received = 0
        refused = False
        started = False

        async def limited_receive():
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    refused = True
                    if not started:
                        await _refuse(scope, receive, send, 413, f"the request body is over {MAX_BODY_BYTES} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)


async def _refuse(scope, receive, send, status: int, reason: str) -> None:
    # Connection: close, because the body the client is still sending will not be read.
    response = PlainTextResponse(f"{reason}: refused", status_code=status, headers={"Connection": "close"})
    await response(scope, receive, send)


def server_error(request, exc) -> PlainTextResponse:
    """An unhandled error: a plain 500 with the security headers (Starlette writes it outside
    every middleware); the traceback goes to the server's log, not to the client."""
    return PlainTextResponse("internal error: the server's log has the details", status_code=500,
                             headers=SECURITY_HEADERS)


def invalid_input(request, exc):
    """A value refused by ``vigie.web.inputs`` (or by FastAPI's own checks): 422 with one line,
    as JSON for the API, in the page for the HTML routes."""
    from fastapi.exceptions import RequestValidationError

    if isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = str(first.get("loc", ["value"])[-1])
        message = f"{where}: {first.get('msg', 'invalid value')}"
    else:
        message = str(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=422)
    from vigie.web.pages import error_page

    return error_page(request, message, 422)
