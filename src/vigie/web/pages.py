"""The HTML pages: incidents (filters, table, map, timeline), one incident with its evidence
and corrections, one article with its mentions, login."""

from __future__ import annotations

import io
import sqlite3
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from vigie.link.ids import resolve
from vigie.review import EDITABLE, STATES, ReviewError, edit, merge, set_review_state, split
from vigie.web.app import TEMPLATES
from vigie.web.auth import check_login, csrf_ok, csrf_token
from vigie.web.deps import db, filters_from
from vigie.web.queries import SORTABLE, article_detail, incident_detail, list_incidents

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES))


def render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    session = request.session
    base = {"user": session.get("user"), "csrf": csrf_token(session), "flash": session.pop("flash", None)}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def back(url: str, message: str | None = None, request: Request | None = None) -> RedirectResponse:
    if message and request is not None:
        request.session["flash"] = message
    return RedirectResponse(url, status_code=303)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=307)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, sort: str = "event_date", order: str = "desc", page: int = 1,
                   conn: sqlite3.Connection = Depends(db)):
    filters = filters_from(request)
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
        return render(request, "error.html", {"message": f"No incident {incident_id}."}, 404)
    if live != incident_id:
        return RedirectResponse(f"/incidents/{live}", status_code=307)
    detail = incident_detail(conn, live)
    return render(request, "incident.html", {**detail, "editable": list(EDITABLE)})


def _guard(request: Request, csrf: str) -> str | None:
    """The reviewer's name, or None when the request may not write."""
    if not request.session.get("user") or not csrf_ok(request.session, csrf):
        return None
    return request.session["user"]


def _write(request: Request, incident_id: str, csrf: str, action) -> Response:
    user = _guard(request, csrf)
    if user is None:
        return PlainTextResponse("log in first (and reload the page): writes need a reviewer session", status_code=403)
    try:
        message = action(user)
    except ReviewError as exc:
        return back(f"/incidents/{incident_id}", f"Not saved: {exc}", request)
    return back(f"/incidents/{incident_id}", message, request)


@router.post("/incidents/{incident_id}/edit")
def edit_field(request: Request, incident_id: str, field: str = Form(...), value: str = Form(""),
               csrf: str = Form(""), conn: sqlite3.Connection = Depends(db)):
    return _write(request, incident_id, csrf, lambda user: (edit(conn, incident_id, field, value, user), f"{field} saved")[1])


@router.post("/incidents/{incident_id}/review")
def review(request: Request, incident_id: str, decision: str = Form(...), csrf: str = Form(""),
           conn: sqlite3.Connection = Depends(db)):
    state = {"accept": "accepted", "reject": "rejected"}.get(decision, decision)
    return _write(request, incident_id, csrf, lambda user: (set_review_state(conn, incident_id, state, user), f"marked {state}")[1])


def _relink(conn: sqlite3.Connection) -> None:
    from vigie.link import link_incidents

    link_incidents(conn)


@router.post("/incidents/{incident_id}/merge")
def merge_incidents(request: Request, incident_id: str, other: str = Form(...), csrf: str = Form(""),
                    conn: sqlite3.Connection = Depends(db)):
    def action(user: str) -> str:
        merge(conn, incident_id, other.strip(), user)
        _relink(conn)
        return f"merged with {other.strip()}"

    response = _write(request, incident_id, csrf, action)
    live = resolve(conn, incident_id)
    if response.status_code == 303 and live and live != incident_id:
        return back(f"/incidents/{live}")
    return response


@router.post("/incidents/{incident_id}/split")
def split_incident(request: Request, incident_id: str, doc_id: str = Form(...), csrf: str = Form(""),
                   conn: sqlite3.Connection = Depends(db)):
    def action(user: str) -> str:
        split(conn, incident_id, doc_id, user)
        _relink(conn)
        return f"the report of {doc_id} is now a separate incident"

    return _write(request, incident_id, csrf, action)


@router.get("/articles/{doc_id}", response_class=HTMLResponse)
def article_page(request: Request, doc_id: str, conn: sqlite3.Connection = Depends(db)):
    detail = article_detail(conn, doc_id)
    if detail is None:
        return render(request, "error.html", {"message": f"No article {doc_id}."}, 404)
    return render(request, "article.html", detail)


@router.get("/articles/{doc_id}/raw")
def article_raw(doc_id: str, conn: sqlite3.Connection = Depends(db)):
    row = conn.execute("SELECT raw FROM documents WHERE id = ? AND is_current = 1", (doc_id,)).fetchone()
    if row is None:
        return PlainTextResponse(f"no article {doc_id}", status_code=404)
    # The page as crawled, shown as text: never parsed, never run.
    return PlainTextResponse(row[0], headers={"Content-Security-Policy": "sandbox; default-src 'none'"})


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/incidents"):
    return render(request, "login.html", {"next": next if next.startswith("/") else "/incidents"})


@router.post("/login")
def login(request: Request, username: str = Form(...), password: str = Form(...), csrf: str = Form(""),
          next: str = Form("/incidents"), conn: sqlite3.Connection = Depends(db)):
    if not csrf_ok(request.session, csrf) or not check_login(conn, username, password):
        return render(request, "login.html", {"next": next, "error": "Wrong user name or password."}, 401)
    request.session.clear()
    request.session["user"] = username
    csrf_token(request.session)
    return back(next if next.startswith("/") and not next.startswith("//") else "/incidents")


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")):
    if csrf_ok(request.session, csrf):
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
