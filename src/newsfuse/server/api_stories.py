"""GET /api/stories (paged, newest first, filtered), one story's report as JSON or HTML."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from newsfuse.server.api_fuse import REPORT_RESPONSES
from newsfuse.server.deps import Reader, ServiceDep
from newsfuse.server.schemas import StoryList, StoryOut
from newsfuse.server.service import StoryQuery
from newsfuse.store import StoryRecord

router = APIRouter(prefix="/api/stories", tags=["stories"], dependencies=[Reader])

Date = Annotated[
    str | None,
    Query(
        max_length=40,
        pattern=r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?$",
        description="ISO 8601 date or date-time (prefix allowed: 2024, 2024-12)",
    ),
]


def story_out(story: StoryRecord) -> StoryOut:
    return StoryOut(
        id=story.id,
        title=story.title,
        size=len(story.article_ids),
        outlets=list(story.outlets),
        first_published=story.first_published,
        last_published=story.last_published,
        article_ids=list(story.article_ids),
    )


@router.get("", response_model=StoryList)
async def list_stories(
    service: ServiceDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 20,
    q: Annotated[str | None, Query(max_length=200, description="words in title or outlets")] = None,
    since: Date = None,
    until: Date = None,
) -> StoryList:
    """Stories, newest first (by last publication date), filtered by words and dates."""
    query = StoryQuery(page=page, per_page=per_page, text=q, since=since, until=until)
    found, more = await run_in_threadpool(service.find_stories, query)
    return StoryList(page=page, per_page=per_page, more=more, stories=[story_out(s) for s in found])


@router.get("/{story_id}", responses=REPORT_RESPONSES, response_class=Response)
async def story_report(service: ServiceDep, story_id: str) -> Response:
    """The story's fused report: the contract JSON of report.schema.json (cached until the
    story changes)."""
    body = await run_in_threadpool(service.story_report, story_id, "json")
    return Response(body, media_type="application/json")


@router.get("/{story_id}/report.html", response_class=HTMLResponse)
async def story_report_html(service: ServiceDep, story_id: str) -> HTMLResponse:
    """The story's report as one self-contained HTML page."""
    body = await run_in_threadpool(service.story_report, story_id, "html")
    # The page carries its own script policy; this header only keeps it out of other sites'
    # frames.
    return HTMLResponse(body, headers={"Content-Security-Policy": "frame-ancestors 'self'"})
