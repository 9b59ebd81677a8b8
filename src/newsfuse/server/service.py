"""What the routes call: the store and the reports, shared by every request.

Writes are serialised by one lock (SQLite allows one writer; PostgreSQL gains nothing from
parallel batch inserts here); fusion by the Reports' own lock (the spaCy pipeline is not shared
between threads). A request is acknowledged only after its transaction committed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsfuse.cluster.live import StoryAssigner
from newsfuse.models import Article
from newsfuse.server.config import ServerSettings
from newsfuse.server.reports import Reports
from newsfuse.store import Store, StoryRecord


@dataclass(frozen=True, slots=True)
class Stored:
    """One posted article after the write: whether it was new."""

    id: str
    added: bool


@dataclass
class Service:
    settings: ServerSettings
    store: Store
    token_digest: str
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    reports: Reports = field(init=False)

    assigner: StoryAssigner = field(init=False)

    def __post_init__(self) -> None:
        self.reports = Reports(self.settings, write_lock=self.write_lock)
        # The clusterer continues the stream saved in the store (by `newsfuse ingest` too).
        self.assigner = StoryAssigner(self.store)

    # --- articles ----------------------------------------------------------------------------

    def add_articles(self, articles: Sequence[Article]) -> list[Stored]:
        """Store the articles in one transaction; the same content twice is stored once.

        Guarantees: the articles are committed before their stories are updated, so an
        acknowledged article survives a crash even if its story assignment did not.

        Raises:
            StoreError: the database refused the write.
        """
        with self.write_lock:
            result = self.store.add_articles(list(articles))
            self.assigner(articles, result)
        added = set(result.added)
        return [Stored(a.id, a.id in added) for a in articles]

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
        """One page of stories, newest first, and whether there are more.

        Newest is by last publication date; stories without dates come last.
        """
        matches = [s for s in self.store.list_stories() if query.matches(s)]
        matches.sort(key=lambda s: (s.last_published or "", s.id), reverse=True)
        start = (query.page - 1) * query.per_page
        return matches[start : start + query.per_page], len(matches) > start + query.per_page

    def get_story(self, story_id: str) -> StoryRecord:
        """Raises NotFoundError when no story has this id."""
        return self.store.get_story(story_id)

    def story_articles(self, story: StoryRecord) -> list[Article]:
        return self.store.get_articles(story.article_ids)


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """Filters of the story list: words in the title or outlets, and a publication window."""

    page: int = 1
    per_page: int = 20
    text: str | None = None
    since: str | None = None
    until: str | None = None

    def matches(self, story: StoryRecord) -> bool:
        if self.since and (story.last_published or "") < self.since:
            return False
        if self.until and (story.first_published or "\uffff") > self.until:
            return False
        if self.text:
            hay = " ".join((story.title, *story.outlets)).casefold()
            return all(word in hay for word in self.text.casefold().split())
        return True
