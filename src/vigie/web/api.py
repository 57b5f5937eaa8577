"""The JSON API (described at /openapi.json)."""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from vigie.limits import MAX_COUNT
from vigie.link.ids import resolve
from vigie.web.deps import db, filters_from
from vigie.web.inputs import MAX_PAGE, sorting
from vigie.web.queries import MAX_PER_PAGE, SORTABLE, article_detail, incident_detail, list_incidents, map_points, timeline

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/incidents", summary="Filtered, sorted, paged incidents")
def api_incidents(
    request: Request,
    sort: str = Query("event_date", description=f"one of {', '.join(SORTABLE)}"),
    order: str = Query("desc", pattern="^(asc|desc)$"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
    conn: sqlite3.Connection = Depends(db),
    since: str | None = Query(None, description="YYYY-MM-DD"), until: str | None = Query(None, description="YYYY-MM-DD"),
    country: str | None = None, admin1: str | None = None,
    actor: str | None = None, type: str | None = None, min_toll: int | None = Query(None, ge=0, le=MAX_COUNT),
    review_state: str | None = None, q: str | None = None,
) -> dict:
    # The declared parameters describe the API (openapi.json); the values are read and checked
    # by the same code as the pages', so both refuse the same things with the same words.
    sort, order = sorting(request.query_params)
    result = list_incidents(conn, filters_from(request), sort, order, page, per_page)
    return {"total": result.total, "page": result.page, "per_page": result.per_page, "items": result.items}


@router.get("/incidents/{incident_id}", summary="One incident with sources, figures and audit trail")
def api_incident(incident_id: str, conn: sqlite3.Connection = Depends(db)) -> dict:
    live = resolve(conn, incident_id)
    detail = incident_detail(conn, live) if live else None
    if detail is None:
        raise HTTPException(404, f"no incident {incident_id}")
    return {
        **detail["incident"], "payload": None, "reported_by": detail["reported_by"], "figures": detail["figures"],
        "sources": [{"doc_id": s.doc_id, "url": s.url, "outlet": s.outlet, "published": s.published,
                     "quote": "".join(seg.text for seg in s.segments)} for s in detail["sources"]],
        "history": [c.__dict__ for c in detail["history"]],
    }


@router.get("/map", summary="Points of the filtered incidents")
def api_map(request: Request, conn: sqlite3.Connection = Depends(db)) -> dict:
    return {"points": map_points(conn, filters_from(request))}


@router.get("/timeline", summary="Filtered incidents per day or week, by event type")
def api_timeline(request: Request, bucket: str = Query("day", pattern="^(day|week)$"), conn: sqlite3.Connection = Depends(db)) -> dict:
    return timeline(conn, filters_from(request), bucket)


@router.get("/articles/{doc_id:path}", summary="One article's cleaned text and metadata")
def api_article(doc_id: str, conn: sqlite3.Connection = Depends(db)) -> dict:
    detail = article_detail(conn, doc_id)
    if detail is None:
        raise HTTPException(404, f"no article {doc_id}")
    doc = detail["doc"]
    keep = ("id", "url", "title", "text", "published", "published_precision", "language", "outlet", "agency", "dedup_group")
    return {**{k: doc[k] for k in keep}, "incidents": detail["incidents"]}
