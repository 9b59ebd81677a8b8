"""POST /api/feeds (a feed to poll) and GET /api/feeds (each feed's polling state)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from newsfuse.server.deps import Reader, ServiceDep, Writer
from newsfuse.server.schemas import FeedIn, FeedOut
from newsfuse.store import FeedRecord

router = APIRouter(prefix="/api/feeds", tags=["feeds"])


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="seconds")


def feed_out(feed: FeedRecord) -> FeedOut:
    return FeedOut(
        id=feed.id,
        url=feed.url,
        interval_s=feed.interval_s,
        next_poll=_iso(feed.next_poll) or "",
        last_polled=_iso(feed.last_polled),
        last_status=feed.last_status,
        failures=feed.failures,
        added=feed.added,
    )


@router.post("", response_model=FeedOut, dependencies=[Writer], status_code=201)
async def add_feed(body: FeedIn, response: Response, service: ServiceDep) -> FeedOut:
    """Poll this RSS/Atom feed from now on (201), or the feed as it is if already added (200).

    The address is checked now: loopback, private and link-local hosts are refused unless the
    server runs with --allow-private."""
    feed, new = await run_in_threadpool(service.add_feed, str(body.url), body.interval_s)
    if not new:
        response.status_code = 200
    return feed_out(feed)


@router.get("", response_model=list[FeedOut], dependencies=[Reader])
async def list_feeds(service: ServiceDep) -> list[FeedOut]:
    """Every feed with its polling state: last poll, its outcome, failures in a row, articles
    added, and when the next poll is due."""
    feeds = await run_in_threadpool(service.store.list_feeds)
    return [feed_out(f) for f in feeds]
