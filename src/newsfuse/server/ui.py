"""The web UI: server-rendered pages (Jinja2, autoescaped), usable without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from newsfuse.server.deps import Reader, ServiceDep
from newsfuse.server.service import StoryQuery

router = APIRouter(include_in_schema=False, dependencies=[Reader])
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
# No script runs on these pages; the story page frames the report, which brings its own policy.
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/", response_class=HTMLResponse)
async def stories_page(
    request: Request, service: ServiceDep, page_no: Annotated[int, Query(alias="page", ge=1)] = 1
) -> HTMLResponse:
    query = StoryQuery(page=page_no, per_page=service.settings.page_size)
    stories, more = await run_in_threadpool(service.find_stories, query)
    rows = [_row(s) for s in stories]
    return page(request, "stories.html", {"stories": rows, "page": page_no, "more": more})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, service: ServiceDep, story_id: str) -> HTMLResponse:
    story = await run_in_threadpool(service.get_story, story_id)
    articles = await run_in_threadpool(service.story_articles, story)
    return page(request, "story.html", {"story": _row(story), "articles": articles})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, service: ServiceDep, article_id: str) -> HTMLResponse:
    article = await run_in_threadpool(service.get_article, article_id)
    story_id = await run_in_threadpool(service.story_of, article_id)
    paragraphs = [p.strip() for p in article.text.split("\n") if p.strip()]
    context = {
        "article": article,
        "paragraphs": paragraphs,
        "safe_url": _safe_url(article.url),
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


def _row(story: Any) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "size": len(story.article_ids),
        "outlets": list(story.outlets),
        "first_published": story.first_published,
        "last_published": story.last_published,
    }


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown as links: a `javascript:` URL stays plain text."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None
