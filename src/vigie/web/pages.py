"""The HTML pages: incidents (filters, table, map, timeline), one incident with its evidence
and corrections, one article with its mentions, login."""

from __future__ import annotations

import io
import sqlite3
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from vigie.link.ids import resolve
from vigie.review import EDITABLE, STATES, ReviewError, edit, merge, set_review_state, split
from vigie.web.app import TEMPLATES
from vigie.web import throttle
from vigie.web.auth import check_login, csrf_ok, csrf_token, end_session, start_session
from vigie.web.deps import db, filters_from, reviewer
from vigie.web.inputs import (
    MAX_ID_CHARS, MAX_PASSWORD_CHARS, MAX_USERNAME_CHARS, InvalidInput, edited_value, page_number, sorting, text,
)
from vigie.web.queries import SORTABLE, article_detail, incident_detail, list_incidents

# Every page knows who is logged in, from the session table, before it renders.
router = APIRouter(include_in_schema=False, dependencies=[Depends(reviewer)])
templates = Jinja2Templates(directory=str(TEMPLATES))


def quote_id(value: object) -> str:
    """An id as one URL path segment: '/', '?', '#', '%' and spaces escaped (Jinja's
    ``urlencode`` keeps '/', which a browser would read as a dot segment in '../x')."""
    return quote(str(value), safe="")


templates.env.filters["quote_id"] = quote_id


def render(request: Request, name: str, context: dict, status: int = 200, headers: dict | None = None) -> HTMLResponse:
    session = request.session
    base = {"user": getattr(request.state, "reviewer", None), "csrf": csrf_token(session),
            "flash": session.pop("flash", None)}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status, headers=headers)


def error_page(request: Request, message: str, status: int) -> HTMLResponse:
    """A refused request's one-line reason, in the page."""
    return render(request, "error.html", {"message": message}, status)


def back(url: str, message: str | None = None, request: Request | None = None) -> RedirectResponse:
    if message and request is not None:
        request.session["flash"] = message
    return RedirectResponse(url, status_code=303)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=307)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, conn: sqlite3.Connection = Depends(db)):
    filters = filters_from(request)
    sort, order = sorting(request.query_params)
    page = page_number(request.query_params.get("page"))
    result = list_incidents(conn, filters, sort, order, page, 50)
    params = filters.as_params()
    query = urlencode(params)
    countries = [r[0] for r in conn.execute("SELECT DISTINCT country FROM incidents WHERE country IS NOT NULL ORDER BY 1")]
    types = [r[0] for r in conn.execute("SELECT DISTINCT sub_event_type FROM incidents ORDER BY 1")]

    def link(**changes) -> str:
        merged = {**params, "sort": sort, "order": order, "page": page, **changes}
        return "/incidents?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})

    return render(request, "incidents.html", {
        "result": result, "filters": filters, "query": query, "sort": sort, "order": order, "link": link,
        "sortable": SORTABLE, "countries": countries, "types": types, "states": STATES,
    })


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str, conn: sqlite3.Connection = Depends(db)):
    live = resolve(conn, incident_id)
    if live is None:
        return error_page(request, f"No incident {incident_id}.", 404)
    if live != incident_id:
        return RedirectResponse(f"/incidents/{quote_id(live)}", status_code=307)
    return _incident_view(request, conn, live)


def _incident_view(request: Request, conn: sqlite3.Connection, incident_id: str, status: int = 200,
                   message: str | None = None) -> HTMLResponse:
    detail = incident_detail(conn, incident_id)
    if message:
        request.session["flash"] = message
    return render(request, "incident.html", {**detail, "editable": list(EDITABLE)}, status)


def _guard(request: Request, csrf: str) -> str | None:
    """The reviewer's name, or None when the request may not write."""
    user = getattr(request.state, "reviewer", None)
    if not user or not csrf_ok(request.session, csrf):
        return None
    return user


def _write(request: Request, conn: sqlite3.Connection, incident_id: str, csrf: str, action) -> Response:
    user = _guard(request, csrf)
    if user is None:
        return PlainTextResponse("log in first (and reload the page): writes need a reviewer session", status_code=403)
    try:
        message = action(user)
    except (ReviewError, InvalidInput) as exc:
        # Shown on the incident's page (422), the form still there to correct the value.
        live = resolve(conn, incident_id)
        if live is None:
            return error_page(request, f"Not saved: {exc}", 422)
        return _incident_view(request, conn, live, 422, f"Not saved: {exc}")
    return back(f"/incidents/{quote_id(incident_id)}", message, request)


@router.post("/incidents/{incident_id}/edit")
def edit_field(request: Request, incident_id: str, field: str = Form(...), value: str = Form(""),
               csrf: str = Form(""), conn: sqlite3.Connection = Depends(db)):
    def action(user: str) -> str:
        edit(conn, incident_id, field, edited_value(field, value), user)
        return f"{field} saved"

    return _write(request, conn, incident_id, csrf, action)


@router.post("/incidents/{incident_id}/review")
def review(request: Request, incident_id: str, decision: str = Form(...), csrf: str = Form(""),
           conn: sqlite3.Connection = Depends(db)):
    state = {"accept": "accepted", "reject": "rejected"}.get(decision, decision)
    return _write(request, conn, incident_id, csrf,
                  lambda user: (set_review_state(conn, incident_id, state, user), f"marked {state}")[1])


def _relink(conn: sqlite3.Connection) -> None:
    from vigie.link import link_incidents

    link_incidents(conn)


@router.post("/incidents/{incident_id}/merge")
def merge_incidents(request: Request, incident_id: str, other: str = Form(...), csrf: str = Form(""),
                    conn: sqlite3.Connection = Depends(db)):
    def action(user: str) -> str:
        target = text("other", other, MAX_ID_CHARS) or ""
        merge(conn, incident_id, target, user)
        _relink(conn)
        return f"merged with {target}"

    response = _write(request, conn, incident_id, csrf, action)
    live = resolve(conn, incident_id)
    if response.status_code == 303 and live and live != incident_id:
        return back(f"/incidents/{quote_id(live)}")
    return response


@router.post("/incidents/{incident_id}/split")
def split_incident(request: Request, incident_id: str, doc_id: str = Form(...), csrf: str = Form(""),
                   conn: sqlite3.Connection = Depends(db)):
    def action(user: str) -> str:
        doc = text("doc_id", doc_id, MAX_ID_CHARS) or ""
        split(conn, incident_id, doc, user)
        _relink(conn)
        return f"the report of {doc} is now a separate incident"

    return _write(request, conn, incident_id, csrf, action)


# Document ids are whatever the crawl gave (a WARC record's URL, a feed's id): ':path' lets one
# hold '/', and templates quote them (quote_id) so '?', '#', '%' and spaces arrive intact.
@router.get("/articles/{doc_id:path}", response_class=HTMLResponse)
def article_page(request: Request, doc_id: str, conn: sqlite3.Connection = Depends(db)):
    detail = article_detail(conn, doc_id)
    if detail is None and doc_id.endswith("/raw") and article_detail(conn, doc_id[:-4]) is not None:
        # The raw page's address before ids could hold '/' (/articles/ID/raw), kept for old links.
        return RedirectResponse(f"/raw/{quote_id(doc_id[:-4])}", status_code=308)
    if detail is None:
        return error_page(request, f"No article {doc_id}.", 404)
    return render(request, "article.html", detail)


@router.get("/raw/{doc_id:path}")
def article_raw(doc_id: str, conn: sqlite3.Connection = Depends(db)):
    row = conn.execute("SELECT raw FROM documents WHERE id = ? AND is_current = 1", (doc_id,)).fetchone()
    if row is None:
        return PlainTextResponse(f"no article {doc_id}", status_code=404)
    # The page as crawled, shown as text: never parsed, never run.
    return PlainTextResponse(row[0], headers={"Content-Security-Policy": "sandbox; default-src 'none'"})


def _local(next: str) -> str:
    """Where to go after logging in: a path on this site, never another origin."""
    return next if next.startswith("/") and not next.startswith(("//", "/\\")) else "/incidents"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/incidents"):
    return render(request, "login.html", {"next": _local(text("next", next, MAX_ID_CHARS) or "/")})


@router.post("/login")
def login(request: Request, username: str = Form(...), password: str = Form(...), csrf: str = Form(""),
          next: str = Form("/incidents"), conn: sqlite3.Connection = Depends(db)):
    next = _local(text("next", next, MAX_ID_CHARS) or "/")
    username = text("username", username, MAX_USERNAME_CHARS) or ""
    if "\x00" in password or len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput(f"password: at most {MAX_PASSWORD_CHARS} characters, no NUL byte")
    if not csrf_ok(request.session, csrf):
        return render(request, "login.html", {"next": next, "error": "The form had expired: log in again."}, 401)
    address = request.client.host if request.client else "unknown"
    refusal = throttle.begin_attempt(conn, username, address, request.app.state.clock())
    if refusal is not None:
        return render(request, "login.html", {"next": next, "error": refusal.message}, 429,
                      headers={"Retry-After": str(refusal.retry_after)})
    if not check_login(conn, username, password):
        return render(request, "login.html", {"next": next, "error": "Wrong user name or password."}, 401)
    throttle.attempt_succeeded(conn, username, address)
    token = start_session(conn, username, request.app.state.clock())
    request.session.clear()  # a fresh CSRF token too: nothing from before the login carries over
    request.session["sid"] = token
    csrf_token(request.session)
    return back(next)


@router.post("/logout")
def logout(request: Request, csrf: str = Form(""), conn: sqlite3.Connection = Depends(db)):
    if csrf_ok(request.session, csrf):
        end_session(conn, request.session.get("sid"))
        request.session.clear()
    return back("/incidents")


@router.get("/export.{fmt}")
def export(request: Request, fmt: str, conn: sqlite3.Connection = Depends(db)):
    """Download the filtered incidents (CSV with ACLED's columns, or GeoJSON)."""
    from vigie.export import incident_records
    from vigie.exports import IncidentFilter, filter_records, write_acled_csv, write_geojson

    if fmt not in ("csv", "geojson"):
        return PlainTextResponse("formats: csv, geojson", status_code=404)
    filters = filters_from(request)
    from vigie.web.queries import dialect_of

    where, args = filters.where(dialect_of(conn))
    wanted = {r[0] for r in conn.execute(f"SELECT id FROM incidents{where}", args)}
    records = (r for r in filter_records(incident_records(conn), IncidentFilter()) if r["id"] in wanted)
    out = io.StringIO()
    (write_acled_csv if fmt == "csv" else write_geojson)(records, out)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/geo+json"
    return Response(out.getvalue(), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="vigie-incidents.{fmt}"'})
