"""What the store hands back: small frozen records, and their conversion to and from rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from newsfuse.models import Article
from newsfuse.store.schema import feeds


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one `add_articles` call did: ids newly stored, and ids that were already there."""

    added: tuple[str, ...]
    present: tuple[str, ...]


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published,
        "url": article.url,
        "external_id": article.external_id,
        "language": article.language,
        "credited_sources": json.dumps(list(article.credited_sources), ensure_ascii=False),
        "boilerplate": json.dumps(list(article.boilerplate), ensure_ascii=False),
        "text": article.text,
        "added_at": now_iso(),
    }


def row_article(row: Any) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        byline=row["byline"],
        published=row["published"],
        credited_sources=tuple(json.loads(row["credited_sources"])),
        boilerplate=tuple(json.loads(row["boilerplate"])),
        external_id=row["external_id"],
        url=row["url"],
        language=row["language"],
    )


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A stored story: members in arrival order; ``members_key`` changes when they change."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    first_published: str | None = None
    last_published: str | None = None
    frozen: bool = False
    # What the store computed from the members when it last wrote the story (not written back).
    languages: tuple[str, ...] = ()
    independent: int | None = None
    first_seen: str | None = None  # arrival times of the first and last member
    last_seen: str | None = None

    @property
    def members_key(self) -> str:
        joined = "\n".join(sorted(self.article_ids)).encode("utf-8")
        return hashlib.sha256(joined).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """A polled feed and what the poller remembers of it (times are Unix seconds)."""

    id: int
    url: str
    interval_s: float
    next_poll: float
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    last_polled: float | None = None
    last_status: str | None = None
    added: int = 0


@dataclass(frozen=True, slots=True)
class ArticleMatch:
    """An article found by full-text search, with a short excerpt of its text."""

    id: str
    title: str | None
    outlet: str | None
    snippet: str


def row_feed(row: Any) -> FeedRecord:
    return FeedRecord(**{column.name: row[column.name] for column in feeds.columns})


# --- the stream clusterer's state as rows (built and read by newsfuse.cluster.state) ---


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One live story's saved state; ``rank`` orders stories by last activity (None: keep)."""

    id: str
    rank: int | None
    state: bytes


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One recent member of a live story (its vector, kept for the split test)."""

    story_id: str
    article_id: str
    state: bytes


@dataclass(slots=True)
class StateRows:
    """What the store holds of the stream clusterer (all of it, or what changed after
    ``since``), and the version it is at."""

    version: int
    meta: bytes | None
    stories: list[StoryRow] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    since: int | None = None  # rows changed after this version only (None: every row)
    story_ids: list[str] = field(default_factory=list)  # every saved story, when ``since``


@dataclass(slots=True)
class StateDelta:
    """What one batch changed: rows to write, keys to delete; ``terms_whole`` means ``terms``
    is the whole table (after a decay), not an update."""

    meta: bytes
    stories: list[StoryRow]
    gone: list[str]
    members_added: list[MemberRow]
    members_removed: list[tuple[str, str]]
    terms: dict[str, float]
    terms_whole: bool


@dataclass(frozen=True, slots=True)
class Placement:
    """A stored article, when it was stored, and the story holding it (None: no story yet)
    and whether that story is frozen: what a rebuild of the clusterer's state replays."""

    article: Article
    added_at: str
    story_id: str | None
    frozen: bool
