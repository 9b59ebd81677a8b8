"""The web UI: server-rendered pages (Jinja2, autoescaped), usable without JavaScript."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from newsfuse.errors import InputError
from newsfuse.server.deps import Reader, ServiceDep
from newsfuse.server.outlets import coverage, credits
from newsfuse.server.pictures import Dot, Pictures, copy_graph, reports_over_time
from newsfuse.server.service import Service, StoryQuery
from newsfuse.server.story_view import (
    MemberRow,
    member_rows,
    report_body,
    report_styles,
    safe_url,
)
from newsfuse.store import StoryRecord

router = APIRouter(include_in_schema=False, dependencies=[Reader])
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# No script runs on these pages (the story page shows the report inline, without its script).
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


Field = Annotated[str, Query(max_length=200)]
DAY = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


@router.get("/", response_class=HTMLResponse)
async def stories_page(
    request: Request,
    service: ServiceDep,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
    outlet: Field = "",
    since: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
    until: Annotated[str, Query(max_length=10, pattern=DAY)] = "",
    min_size: Annotated[str, Query(max_length=7, pattern=r"^\d*$")] = "",
) -> HTMLResponse:
    filters = {"outlet": outlet, "since": since, "until": until, "min_size": min_size}
    query = StoryQuery(
        page=page_no, per_page=service.settings.page_size, outlet=outlet or None,
        since=since or None, until=until or None, min_size=int(min_size) if min_size else None,
    )  # fmt: skip
    stories, more = await run_in_threadpool(service.find_stories, query)
    keep = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "stories": [_row(s) for s in stories], "page": page_no, "more": more,
        "filters": filters, "keep": keep + "&" if keep else "",
    }  # fmt: skip
    return page(request, "stories.html", context)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, service: ServiceDep, story_id: str) -> HTMLResponse:
    """The story: its facts, its members, and the fused report inline (fused on the first
    view after the story changed, then from the cache)."""
    story = await run_in_threadpool(service.get_story, story_id)
    articles = await run_in_threadpool(service.story_articles, story)
    members = member_rows(articles, service.profiles)
    context: dict[str, Any] = {
        "story": _row(story), "members": members, "profiled": bool(service.profiles.by_domain
                                                                   or service.profiles.by_name),
        "coverage": coverage([m.profile for m in members]), "credits": credits(articles),
        "report_styles": report_styles(), "report": None, "report_error": None,
    }  # fmt: skip
    try:
        html = await run_in_threadpool(service.story_report, story_id, "html")
        context["report"] = report_body(html)
    except InputError as exc:
        context["report_error"] = str(exc)
    context["updates"] = await run_in_threadpool(service.story_updates, story_id)
    context["pictures"] = await run_in_threadpool(_pictures, service, story, members)
    return page(request, "story.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, service: ServiceDep, article_id: str) -> HTMLResponse:
    article = await run_in_threadpool(service.get_article, article_id)
    story_id = await run_in_threadpool(service.story_of, article_id)
    paragraphs = [p.strip() for p in article.text.split("\n") if p.strip()]
    context = {
        "article": article,
        "paragraphs": paragraphs,
        "safe_url": safe_url(article.url),
        "story_id": story_id,
    }
    return page(request, "article.html", context)


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    service: ServiceDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    stories, articles = await run_in_threadpool(service.search, q)
    context = {"query": q, "stories": [_row(s) for s in stories], "articles": articles}
    return page(request, "search.html", context)


def _pictures(service: Service, story: StoryRecord, members: list[MemberRow]) -> Pictures:
    """Reports over time by outlet, and who copied whom from the cached report's derivation."""
    names = {m.id: f"{k}. {m.outlet or m.title}" for k, m in enumerate(members, start=1)}
    dots = [Dot(m.outlet or "(no outlet)", m.published, k) for k, m in enumerate(members, 1)]
    cached = service.store.cached_report(story.id, "json", story.members_key)
    derivation = json.loads(cached).get("derivation", []) if cached else []
    return Pictures(reports_over_time(dots), copy_graph(names, derivation))


def _row(story: Any) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "size": len(story.article_ids),
        "independent": story.independent,
        "outlets": list(story.outlets),
        "languages": list(story.languages),
        "first_published": _day(story.first_published),
        "last_published": _day(story.last_published),
        "first_seen": _minute(story.first_seen),
        "last_seen": _minute(story.last_seen),
    }


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def _minute(value: str | None) -> str | None:
    """An arrival time (UTC ISO) as "2026-12-08 01:46 UTC"."""
    return f"{value[:10]} {value[11:16]} UTC" if value and len(value) >= 16 else value
