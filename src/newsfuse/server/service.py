"""What the routes call: the store and the reports, shared by every request.

Writes are serialised by one lock (SQLite allows one writer; PostgreSQL gains nothing from
parallel batch inserts here); fusion by the Reports' own lock (the spaCy pipeline is not shared
between threads). A request is acknowledged only after its transaction committed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsfuse.models import Article
from newsfuse.server.config import ServerSettings
from newsfuse.server.reports import Reports
from newsfuse.store import Store


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

    def __post_init__(self) -> None:
        self.reports = Reports(self.settings)

    # --- articles ----------------------------------------------------------------------------

    def add_articles(self, articles: Sequence[Article]) -> list[Stored]:
        """Store the articles in one transaction; the same content twice is stored once.

        Raises:
            StoreError: the database refused the write.
        """
        with self.write_lock:
            result = self.store.add_articles(list(articles))
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
