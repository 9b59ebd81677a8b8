"""What the routes call: the store and the reports, shared by every request.

Writes are serialised by one lock (SQLite allows one writer; PostgreSQL gains nothing from
parallel batch inserts here); fusion by the Session's own lock (the spaCy pipeline is not shared
between threads). The session keeps analyses, parses and sentence vectors across fusions, so a
story fused again after it gained an article analyses, parses and embeds only the new texts;
a story's rendered report is cached in the store, keyed by the exact set of its article ids.
A request is acknowledged only after its transaction committed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsfuse.cluster.live import Recovery, StoryAssigner
from newsfuse.models import Article
from newsfuse.render import Format
from newsfuse.server.config import ServerSettings
from newsfuse.server.feeds import FeedPoller, Poll, fetch_feed
from newsfuse.server.outlets import NO_PROFILES, Profiles, load_profiles
from newsfuse.server.updates import Update, keep_version, updates
from newsfuse.session import Session
from newsfuse.store import ArticleMatch, FeedRecord, Store, StoryFilter, StoryRecord


@dataclass(frozen=True, slots=True)
class Stored:
    """One posted article after the write: whether it was new, and its story."""

    id: str
    added: bool
    story_id: str | None = None


@dataclass
class Service:
    settings: ServerSettings
    store: Store
    token_digest: str
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    session: Session = field(init=False)

    assigner: StoryAssigner = field(init=False)
    profiles: Profiles = field(init=False)

    def __post_init__(self) -> None:
        """Raises InputError when the outlet profile file cannot be read."""
        self.session = Session(self.settings)  # models load on the first fusion
        outlets = self.settings.outlets
        self.profiles = load_profiles(outlets) if outlets else NO_PROFILES
        # The clusterer continues the stream saved in the store (by `newsfuse ingest` too).
        self.assigner = StoryAssigner(self.store, analyze=self.session.cluster_analyzer())

    # --- articles ----------------------------------------------------------------------------

    def add_articles(self, articles: Sequence[Article]) -> list[Stored]:
        """Store the articles in one transaction; the same content twice is stored once.

        Guarantees: the articles are committed before their stories are updated, so an
        acknowledged article survives a crash even if its story assignment did not.

        Raises:
            StoreError: the database refused the write.
        """
        analyze = self.assigner.analyze
        if analyze is not None and len(articles) <= self.settings.analysis_cache_articles:
            analyze(articles)  # outside the write lock: the assigner's call then hits the cache
        with self.write_lock:
            result = self.store.add_articles(list(articles))
            self.assigner(articles, result)
        added = set(result.added)
        return [Stored(a.id, a.id in added, self.store.story_of(a.id)) for a in articles]

    def story_report(self, story_id: str, fmt: Format) -> str:
        """A stored story's rendered report, cached in the store until the story changes.

        Raises:
            NotFoundError: no story has this id.
            InputError: the story's articles are no longer in the store.
        """
        made = self.session.story_report(self.store, story_id, fmt, write_lock=self.write_lock)
        if not made.cached:  # fused for a new member set: keep it as a version (updates)
            with self.write_lock:
                keep_version(self.store, story_id)
        return made.body

    def recover(self) -> Recovery:
        """On start: place every article stored but left unplaced (a crash between storing and
        assigning), rebuilding the clusterer state first when it lacks stored stories.

        Raises:
            StoreError: the state cannot be read or the stories cannot be written.
        """
        with self.write_lock:
            return self.assigner.recover()

    def count_articles(self) -> int:
        return self.store.count_articles()

    @property
    def store_kind(self) -> str:
        return str(self.store.engine.dialect.name)

    def get_article(self, article_id: str) -> Article:
        """Raises NotFoundError when no stored article has this id."""
        return self.store.get_article(article_id)

    # --- stories -----------------------------------------------------------------------------

    def find_stories(self, query: StoryQuery) -> tuple[list[StoryRecord], bool]:
        """One page of stories, most recent activity first (by last publication date; undated
        ones after, by last arrival), and whether there are more."""
        filters = StoryFilter(
            words=(query.text or "").split(),
            outlet=query.outlet,
            since=query.since,
            until=query.until,
            min_size=query.min_size,
            max_size=query.max_size,
        )
        offset = (query.page - 1) * query.per_page
        return self.store.page_stories(limit=query.per_page, offset=offset, filters=filters)

    def search(self, text: str, *, limit: int = 20) -> tuple[list[StoryRecord], list[ArticleMatch]]:
        """Stories (title, outlets) and articles (full text) holding every word of ``text``."""
        if not text.strip():
            return [], []
        stories, _ = self.find_stories(StoryQuery(per_page=limit, text=text))
        return stories, self.store.search_articles(text, limit=limit)

    def story_of(self, article_id: str) -> str | None:
        return self.store.story_of(article_id)

    def get_story(self, story_id: str) -> StoryRecord:
        """Raises NotFoundError when no story has this id."""
        return self.store.get_story(story_id)

    def story_articles(self, story: StoryRecord) -> list[Article]:
        return self.store.get_articles(story.article_ids)

    def story_updates(self, story_id: str, since: str | None = None) -> list[Update]:
        """The updates of the story's report after ``since``, newest first.

        Raises:
            NotFoundError: no story has this id.
        """
        self.store.get_story(story_id)
        return updates(self.store.report_versions(story_id), since=since)

    # --- feeds -------------------------------------------------------------------------------

    def add_feed(self, url: str, interval_s: float | None) -> tuple[FeedRecord, bool]:
        """Register a feed, due at once, polled every ``interval_s`` (default: the settings');
        its address is checked like any fetched URL.

        Raises:
            FetchError: the host does not resolve, or is loopback/private/link-local and the
                server does not allow private addresses.
        """
        from newsfuse.ingest.url import check_target

        check_target(url, allow_private=self.settings.allow_private)
        with self.write_lock:
            every = interval_s or self.settings.feed_interval_s
            return self.store.add_feed(url, interval_s=every, now=time.time())

    def feed_poller(self, *, tick_s: float = 1.0) -> FeedPoller:
        """A poller (not started) over this service's feeds, store and settings."""
        conf = self.settings

        def store_articles(articles: list[Article]) -> int:
            return sum(s.added for s in self.add_articles(articles))

        def save(feed: FeedRecord) -> None:
            with self.write_lock:
                self.store.save_feed(feed)

        def fetch(feed: FeedRecord) -> Poll:
            return fetch_feed(
                feed,
                timeout_s=conf.fetch_timeout_s,
                max_bytes=conf.fetch_max_bytes,
                allow_private=conf.allow_private,
            )

        return FeedPoller(
            due=lambda now: self.store.list_feeds(due_at=now),
            store_articles=store_articles,
            save=save,
            fetch=fetch,
            max_backoff_s=conf.feed_max_backoff_s,
            tick_s=tick_s,
        )


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Filters of the story list: words in the title or outlets, one outlet, a publication
    window and a size range."""

    page: int = 1
    per_page: int = 20
    text: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    min_size: int | None = None
    max_size: int | None = None
