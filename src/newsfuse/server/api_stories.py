"""GET /api/stories (paged, newest first, filtered), one story's report as JSON or HTML."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from newsfuse.server.api_fuse import REPORT_RESPONSES
from newsfuse.server.deps import Reader, ServiceDep
from newsfuse.server.schemas import ChangesOut, StoryList, StoryOut, UpdateOut
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
        independent=story.independent,
        outlets=list(story.outlets),
        languages=list(story.languages),
        first_published=story.first_published,
        last_published=story.last_published,
        first_seen=story.first_seen,
        last_seen=story.last_seen,
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
    outlet: Annotated[str | None, Query(max_length=200, description="an outlet or domain")] = None,
    min_size: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
    max_size: Annotated[int | None, Query(ge=1, le=1_000_000)] = None,
) -> StoryList:
    """Stories, most recent activity first (last publication date; undated stories after,
    by last arrival), filtered by words, outlet, publication dates and size."""
    query = StoryQuery(
        page=page, per_page=per_page, text=q, since=since, until=until,
        outlet=outlet, min_size=min_size, max_size=max_size,
    )  # fmt: skip
    found, more = await run_in_threadpool(service.find_stories, query)
    return StoryList(page=page, per_page=per_page, more=more, stories=[story_out(s) for s in found])


@router.get("/{story_id}/changes", response_model=ChangesOut)
async def story_changes(service: ServiceDep, story_id: str, since: Date = None) -> ChangesOut:
    """What changed in the story's report at each kept version after ``since``, newest first:
    new facts, new and resolved conflicts, new outlets, figures whose support changed. A
    version is kept each time the report is made for a new set of members."""
    found = await run_in_threadpool(service.story_updates, story_id, since)
    return ChangesOut(
        story_id=story_id,
        since=since,
        updates=[UpdateOut.model_validate(dataclasses.asdict(u)) for u in found],
    )


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
