"""Feed polling: conditional GETs (ETag / Last-Modified), exponential backoff on errors, and a
background thread that polls the feeds that are due and stores their new articles.

The schedule is a pure function of a feed's state, the poll's outcome and `now`; only
`fetch_feed` and `FeedPoller` do I/O.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from newsfuse.errors import NewsfuseError
from newsfuse.ingest.fetch import Resolver, Response, guarded_get
from newsfuse.models import Article, Skipped
from newsfuse.store import FeedRecord

log = logging.getLogger("newsfuse.server.feeds")
_USER_AGENT = "newsfuse/0.1 feed poller"


# The feed state lives in the store; the poller works on the same record.
Feed = FeedRecord


@dataclass(frozen=True, slots=True)
class Poll:
    """One poll's outcome: ``status`` 200 with entries, 304 unchanged, or ``error``."""

    status: int | None
    articles: tuple[Article, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    retry_after_s: float | None = None
    error: str | None = None


def schedule(feed: Feed, poll: Poll, *, added: int, now: float, max_backoff_s: float) -> Feed:
    """The feed after a poll: validators kept, next poll set.

    Guarantees: a success (200 or 304) resets failures and waits one interval; the n-th error
    in a row waits interval * 2**n (at least Retry-After when the server sent one), capped at
    ``max_backoff_s``; validators are those of the last 200 (a 304 or an error keeps them).
    """
    if poll.error is None:
        fresh = poll.status == 200
        status = "not modified" if poll.status == 304 else f"{added} new"
        return dataclasses.replace(
            feed,
            etag=poll.etag if fresh else feed.etag,
            last_modified=poll.last_modified if fresh else feed.last_modified,
            failures=0,
            next_poll=now + feed.interval_s,
            last_polled=now,
            last_status=status,
            added=feed.added + added,
        )
    failures = feed.failures + 1
    wait = min(feed.interval_s * 2**failures, max_backoff_s)
    wait = max(wait, min(poll.retry_after_s or 0.0, max_backoff_s))
    return dataclasses.replace(
        feed,
        failures=failures,
        next_poll=now + wait,
        last_polled=now,
        last_status=f"error: {poll.error}",
    )


def fetch_feed(
    feed: Feed,
    *,
    timeout_s: float,
    max_bytes: int,
    allow_private: bool = False,
    resolver: Resolver | None = None,
) -> Poll:
    """GET the feed with its validators through the guarded fetcher (`guarded_get`): each hop
    resolved once, checked and connected to by address, redirects checked the same way.

    Never raises for a fetch or parse failure: those become ``Poll.error`` (the poller backs
    off and reports it on GET /api/feeds).
    """
    headers = {"User-Agent": _USER_AGENT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        got = guarded_get(
            feed.url,
            timeout_s=timeout_s,
            max_bytes=max_bytes,
            allow_private=allow_private,
            headers=headers,
            resolver=resolver,
        )
    except NewsfuseError as exc:
        return Poll(status=None, error=str(exc))
    return _read(got)


def _read(got: Response) -> Poll:
    if got.status == 304:
        return Poll(status=304)
    if got.status >= 300:
        retry = _retry_after(got.headers.get("retry-after"))
        message = f"{got.url}: the server answered {got.status}"
        return Poll(status=got.status, error=message, retry_after_s=retry)
    from newsfuse.ingest.feeds import articles_from_feed

    try:
        items = list(articles_from_feed(got.data, source=got.url))
    except NewsfuseError as exc:
        return Poll(status=got.status, error=str(exc))
    return Poll(
        status=200,
        articles=tuple(i for i in items if isinstance(i, Article)),
        skipped=tuple(i for i in items if isinstance(i, Skipped)),
        etag=got.headers.get("etag"),
        last_modified=got.headers.get("last-modified"),
    )


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class FeedPoller:
    """A daemon thread that polls due feeds every ``tick_s`` until ``stop()``.

    ``due`` lists the feeds whose next poll has come; ``store_articles`` stores a poll's
    articles and returns how many were new (duplicates are stored once by the store);
    ``save`` persists a feed's new state.
    """

    def __init__(
        self,
        *,
        due: Callable[[float], list[Feed]],
        store_articles: Callable[[list[Article]], int],
        save: Callable[[Feed], None],
        fetch: Callable[[Feed], Poll],
        max_backoff_s: float,
        tick_s: float = 1.0,
    ) -> None:
        self._due, self._store, self._save, self._fetch = due, store_articles, save, fetch
        self.max_backoff_s = max_backoff_s
        self.tick_s = tick_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="newsfuse-feeds", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, *, timeout_s: float = 30.0) -> None:
        self._stop.set()
        self._thread.join(timeout=timeout_s)

    def poll_due(self, *, now: float) -> list[Feed]:
        """Poll every feed that is due at ``now`` once; returns their new states."""
        done = []
        for feed in self._due(now):
            if self._stop.is_set():
                break
            poll = self._fetch(feed)
            added = 0
            if poll.error is None and poll.articles:
                try:
                    added = self._store(list(poll.articles))
                except NewsfuseError as exc:
                    poll = dataclasses.replace(poll, error=f"storing failed: {exc}")
            feed = schedule(
                feed, poll, added=added, now=time.time(), max_backoff_s=self.max_backoff_s
            )
            self._save(feed)
            done.append(feed)
        return done

    def _run(self) -> None:
        while not self._stop.wait(self.tick_s):
            try:
                self.poll_due(now=time.time())
            except Exception:  # a poller that dies silently would stop every feed
                log.exception("feed poll failed; retrying on the next tick")
