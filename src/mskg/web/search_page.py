"""The /search page: the search index's results for people, grouped by kind, linking to the entity pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from mskg.web.engine import EndpointError
from mskg.web.search import KINDS, SearchIndex
from mskg.web.templates import templates

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 200
"""results shown at most (the total is shown too)"""
MAX_QUERY = 200
HEADINGS = {"region": "地区 · Regions", "indicator": "指标 · Indicators", "program": "民生实事 · Programs",
            "article": "文章 · Articles"}


@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request, q: str = "", kind: str = "") -> HTMLResponse:
    """Results for q (of one kind, if kind names one), best first within each kind."""
    status, message, total, groups = 200, None, 0, []
    kinds = {kind} if kind in KINDS else None
    if len(q) > MAX_QUERY:
        status, message = 422, f"The search text is too long ({len(q)} characters; at most {MAX_QUERY})."
    elif q.strip():
        index: SearchIndex = request.app.state.search
        try:
            total, hits = await run_in_threadpool(index.search, q, kinds=kinds, limit=PAGE_SIZE)
        except EndpointError as error:
            status, message, hits = error.status, error.message, []
        groups = [(name, HEADINGS[name], [hit for hit in hits if hit.kind == name]) for name in KINDS]
        groups = [group for group in groups if group[2]]
    context = {"q": q if status != 422 else "", "kind": kind if kinds else "", "kinds": HEADINGS, "total": total,
               "groups": groups, "message": message, "shown": sum(len(group[2]) for group in groups)}
    return templates.TemplateResponse(request, "search.html", context, status_code=status)
