"""The article store: the only module that writes SQL (SQLAlchemy Core; SQLite by default).

The schema is versioned by `MIGRATIONS`, an ordered list applied in order, each once, each in
its own transaction, and recorded in the `schema_version` table. To extend the schema, append a
`Migration` with the next version number and add the tables it creates to `METADATA`; to add
store methods, add them to `Store`. SQLite runs in WAL mode with foreign keys on; every batch
is one transaction, so a process killed mid-batch leaves every earlier batch intact.
SQLite-only statements live in dialect branches (`insert_ignore`, `_on_connect`), so another
backend (PostgreSQL) can be added behind the same interface.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from newsfuse.errors import NotFoundError, StoreError
from newsfuse.models import Article
from newsfuse.store.listing import StoryFilter, members_of, page_query
from newsfuse.store.records import (
    AddResult,
    ArticleMatch,
    FeedRecord,
    StoryRecord,
    article_row,
    now_iso,
    row_article,
    row_feed,
)
from newsfuse.store.schema import (
    METADATA,
    MIGRATIONS,
    Migration,
    articles,
    feeds,
    schema_version,
    stories,
    story_articles,
    story_reports,
    unplaced_articles,
)
from newsfuse.store.sql import (
    delete_story,
    fts_words,
    insert_ignore,
    row_story,
    search_postgres,
    search_sqlite,
    short_error,
    write_story,
)
from newsfuse.store.stream import StreamTransaction
from newsfuse.store.versions import ReportVersion, add_version, list_versions

__all__ = [
    "METADATA",
    "MIGRATIONS",
    "AddResult",
    "ArticleMatch",
    "FeedRecord",
    "Migration",
    "ReportVersion",
    "Store",
    "StoryFilter",
    "StoryRecord",
    "StreamTransaction",
    "articles",
    "open_store",
]


def open_store(db: str | Path) -> Store:
    """Open (creating and migrating if needed) the store at a file path or a database URL.

    Raises:
        StoreError: the database cannot be opened or migrated, or its schema is newer than
            this version of newsfuse knows.
    """
    url = str(db) if "://" in str(db) else f"sqlite:///{Path(db).expanduser()}"
    try:
        engine = sa.create_engine(url)
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _on_connect)
        store = Store(engine)
        store.migrate()
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(
            f"{db}: cannot open the store ({short_error(exc)}); check the path"
        ) from exc
    return store


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: WAL for crash safety and concurrent readers, foreign keys on, wait when busy."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    """Articles (and, through later migrations, more) in one database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @property
    def version(self) -> int:
        """The schema version the database is at (0 when it has no schema yet)."""
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table(schema_version.name):
                return 0
            found = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
        return int(found or 0)

    def migrate(self) -> None:
        """Apply every migration the database has not had yet, in order, each in a transaction.

        Raises:
            StoreError: the database is at a newer version than `MIGRATIONS` knows.
        """
        with self.engine.begin() as conn:
            schema_version.create(conn, checkfirst=True)
        current = self.version
        latest = max((m.version for m in MIGRATIONS), default=0)
        if current > latest:
            raise StoreError(
                f"database schema version {current} is newer than this newsfuse knows "
                f"({latest}); upgrade newsfuse"
            )
        for migration in sorted(MIGRATIONS, key=lambda m: m.version):
            if migration.version <= current:
                continue
            with self.engine.begin() as conn:
                migration.upgrade(conn)
                conn.execute(
                    schema_version.insert().values(
                        version=migration.version, name=migration.name, applied_at=now_iso()
                    )
                )

    def add_articles(self, items: Iterable[Article]) -> AddResult:
        """Store a batch of articles in one transaction; content already stored is left as is.

        Guarantees: all of the batch is stored or none of it; an article whose id is already
        stored (or appears earlier in the same batch) is reported in `present`, not rewritten.
        Each new article is also listed as unplaced, in the same transaction, until the
        transaction that puts it in a story (``StreamTransaction.take_unplaced``) takes it off.

        Raises:
            StoreError: the database cannot be written (the batch is rolled back).
        """
        added: list[str] = []
        present: list[str] = []
        try:
            with self.engine.begin() as conn:
                # RETURNING, not rowcount: psycopg reports -1 for ON CONFLICT DO NOTHING.
                statement = insert_ignore(conn, articles, ["id"]).returning(articles.c.id)
                for article in items:
                    new = conn.execute(statement, article_row(article)).first() is not None
                    (added if new else present).append(article.id)
                if added:  # until a story holds them (see StoryAssigner), in arrival order
                    conn.execute(unplaced_articles.insert(), [{"article_id": a} for a in added])
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"cannot store articles ({short_error(exc)}); nothing was written"
            ) from exc
        return AddResult(tuple(added), tuple(present))

    def get_article(self, article_id: str) -> Article:
        """The stored article with this id.

        Raises:
            NotFoundError: no article has this id.
        """
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
        if row is None:
            raise NotFoundError(
                f"no article {article_id!r} in the store; list them with `newsfuse articles`"
            )
        return row_article(row._mapping)

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles among `ids`, in the order of `ids` (unknown ids are left out)."""
        if not ids:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(articles).where(articles.c.id.in_(list(ids)))).all()
        found = {row.id: row_article(row._mapping) for row in rows}
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def has_articles(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` are stored."""
        if not ids:
            return set()
        with self.engine.connect() as conn:
            query = sa.select(articles.c.id).where(articles.c.id.in_(list(ids)))
            return set(conn.execute(query).scalars())

    def list_articles(
        self, *, limit: int | None = None, offset: int = 0, newest_first: bool = True
    ) -> list[Article]:
        """Stored articles ordered by when they were added (newest first by default)."""
        order = articles.c.added_at.desc() if newest_first else articles.c.added_at.asc()
        query = sa.select(articles).order_by(order, articles.c.id).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [row_article(row._mapping) for row in conn.execute(query)]

    def count_articles(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())

    # --- stories (engineer F, issue 6): tables and migration at the end of this module ---

    def put_stories(self, records: Sequence[StoryRecord], *, removed: Sequence[str] = ()) -> None:
        """Write stories and their members in one transaction; ``removed`` stories are deleted.

        Guarantees: each article is in at most one story (a record takes its articles over
        from any story that held them); a story's cached reports go when its members change.

        Raises:
            StoreError: the database cannot be written (nothing is written).
        """
        try:
            with self.engine.begin() as conn:
                for story_id in removed:
                    delete_story(conn, story_id)
                for record in records:
                    write_story(conn, record)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"cannot store stories ({short_error(exc)}); nothing was written"
            ) from exc

    def list_stories(self, *, limit: int | None = None) -> list[StoryRecord]:
        """Stories, most recently updated first."""
        query = sa.select(stories).order_by(stories.c.updated_at.desc(), stories.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [row_story(conn, row._mapping) for row in conn.execute(query)]

    def get_story(self, story_id: str) -> StoryRecord:
        """One story with its member article ids.

        Raises:
            NotFoundError: no story has this id.
        """
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(stories).where(stories.c.id == story_id)).first()
            if row is None:
                raise NotFoundError(
                    f"no story {story_id!r} in the store; list them with `newsfuse stories`"
                )
            return row_story(conn, row._mapping)

    def cached_report(self, story_id: str, fmt: str, key: str) -> str | None:
        """The rendered report cached for this story, format and member-set key, if any."""
        query = sa.select(story_reports.c.body).where(
            story_reports.c.story_id == story_id,
            story_reports.c.format == fmt,
            story_reports.c.members_key == key,
        )
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else str(found)

    def add_report_version(self, story_id: str, key: str, *, digest: str, report: str) -> bool:
        """Keep a version of the story's report (not when the last kept one has the same
        member-set ``key``); whether it was kept."""
        with self.engine.begin() as conn:
            return add_version(conn, story_id, key, digest=digest, report=report)

    def report_versions(self, story_id: str, *, with_report: bool = False) -> list[ReportVersion]:
        """The kept versions of the story's report, oldest first."""
        with self.engine.connect() as conn:
            return list_versions(conn, story_id, with_report=with_report)

    def cache_report(self, story_id: str, fmt: str, key: str, body: str) -> None:
        """Keep a rendered report for this story and format (replacing an older one)."""
        with self.engine.begin() as conn:
            conn.execute(
                story_reports.delete().where(
                    story_reports.c.story_id == story_id, story_reports.c.format == fmt
                )
            )
            conn.execute(
                story_reports.insert().values(
                    story_id=story_id,
                    format=fmt,
                    members_key=key,
                    body=body,
                    generated_at=now_iso(),
                )
            )

    def unplaced(self, *, limit: int | None = None) -> list[str]:
        """Ids of stored articles no story holds yet, in arrival order (read without the lock:
        the assigner reads them again inside its transaction)."""
        query = sa.select(unplaced_articles.c.article_id).order_by(unplaced_articles.c.seq)
        with self.engine.connect() as conn:
            return list(conn.execute(query.limit(limit)).scalars())

    @contextmanager
    def stream_transaction(self) -> Iterator[StreamTransaction]:
        """One locked transaction over the stream clusterer's rows (and the stories it writes).

        Guarantees: one writer at a time (the lock is taken first, waiting for another writer),
        everything read inside is the latest committed state, all writes commit or none do.

        Raises:
            StoreError: the lock or the writes failed (nothing is written; retry).
        """
        try:
            with self.engine.begin() as conn:
                yield StreamTransaction(conn)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(
                f"cannot save the story stream ({short_error(exc)}); nothing was written"
            ) from exc

    # --- the service: feeds and full-text search (engineer G, issue 7) ---

    def search_articles(self, text: str, *, limit: int = 20) -> list[ArticleMatch]:
        """Articles holding every word of `text` (FTS5 on SQLite, tsvector on PostgreSQL),
        best match first."""
        words = fts_words(text)
        if not words:
            return []
        search = search_postgres if self.engine.dialect.name == "postgresql" else search_sqlite
        with self.engine.connect() as conn:
            rows = search(conn, words, limit)
        return [ArticleMatch(r.id, r.title, r.outlet, " ".join(r.snippet.split())) for r in rows]

    def story_of(self, article_id: str) -> str | None:
        """The id of the story that holds this article, if any."""
        query = sa.select(story_articles.c.story_id).where(
            story_articles.c.article_id == article_id
        )
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else str(found)

    def add_feed(self, url: str, *, interval_s: float, now: float) -> tuple[FeedRecord, bool]:
        """The feed with this URL, added (due at `now`) unless present; and whether it was new.

        Raises:
            StoreError: the database cannot be written.
        """
        try:
            with self.engine.begin() as conn:
                insert = insert_ignore(conn, feeds, ["url"]).values(
                    url=url, interval_s=interval_s, next_poll=now, failures=0, added=0
                )
                new = conn.execute(insert.returning(feeds.c.id)).first() is not None
                row = conn.execute(sa.select(feeds).where(feeds.c.url == url)).one()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot add feed {url} ({short_error(exc)})") from exc
        return row_feed(row._mapping), new

    def list_feeds(self, *, due_at: float | None = None) -> list[FeedRecord]:
        """Every feed by id; with `due_at`, only those whose next poll has come."""
        query = sa.select(feeds).order_by(feeds.c.id)
        if due_at is not None:
            query = query.where(feeds.c.next_poll <= due_at)
        with self.engine.connect() as conn:
            return [row_feed(row._mapping) for row in conn.execute(query)]

    def save_feed(self, feed: FeedRecord) -> None:
        """Write a feed's polling state (validators, schedule, failures, counts)."""
        values = {
            c.name: getattr(feed, c.name) for c in feeds.columns if c.name not in ("id", "url")
        }
        with self.engine.begin() as conn:
            conn.execute(feeds.update().where(feeds.c.id == feed.id).values(**values))

    def page_stories(
        self, *, limit: int, offset: int = 0, filters: StoryFilter | None = None
    ) -> tuple[list[StoryRecord], bool]:
        """One page of stories matching ``filters``, most recent activity first (the last
        publication date; stories without one after those with one, by last arrival), and
        whether more follow. Two indexed reads, whatever the number of stored articles."""
        query = page_query(filters or StoryFilter(), limit=limit + 1, offset=offset)
        with self.engine.connect() as conn:
            rows = [row._mapping for row in conn.execute(query)]
            members = members_of(conn, [r["id"] for r in rows[:limit]])
            found = [row_story(conn, r, members[r["id"]]) for r in rows[:limit]]
        return found, len(rows) > limit
