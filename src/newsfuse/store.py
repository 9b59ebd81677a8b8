"""The article store: the only module that writes SQL (SQLAlchemy Core; SQLite by default).

The schema is versioned by `MIGRATIONS`, an ordered list applied in order, each once, each in
its own transaction, and recorded in the `schema_version` table. To extend the schema, append a
`Migration` with the next version number and add the tables it creates to `METADATA`; to add
store methods, add them to `Store`. SQLite runs in WAL mode with foreign keys on; every batch
is one transaction, so a process killed mid-batch leaves every earlier batch intact.
SQLite-only statements live in dialect branches (`_insert_ignore`, `_on_connect`), so another
backend (PostgreSQL) can be added behind the same interface.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from newsfuse.errors import NotFoundError, StoreError
from newsfuse.models import Article

METADATA = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    METADATA,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

articles = sa.Table(
    "articles",
    METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("byline", sa.Text),
    sa.Column("published", sa.String(40)),
    sa.Column("url", sa.Text),
    sa.Column("external_id", sa.Text),
    sa.Column("credited_sources", sa.Text, nullable=False),  # JSON list
    sa.Column("boilerplate", sa.Text, nullable=False),  # JSON list
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("added_at", sa.String(40), nullable=False),
    sa.Index("ix_articles_added_at", "added_at"),
)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: `upgrade` runs inside a transaction and must be safe on an empty schema
    at the previous version."""

    version: int
    name: str
    upgrade: Callable[[Connection], None]


def _v1_articles(conn: Connection) -> None:
    articles.create(conn, checkfirst=True)


MIGRATIONS: list[Migration] = [
    Migration(1, "articles", _v1_articles),
]


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one `add_articles` call did: ids newly stored, and ids that were already there."""

    added: tuple[str, ...]
    present: tuple[str, ...]


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
        raise StoreError(f"{db}: cannot open the store ({_short(exc)}); check the path") from exc
    return store


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: WAL for crash safety and concurrent readers, foreign keys on, wait when busy."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


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
                        version=migration.version, name=migration.name, applied_at=_now()
                    )
                )

    def add_articles(self, items: Iterable[Article]) -> AddResult:
        """Store a batch of articles in one transaction; content already stored is left as is.

        Guarantees: all of the batch is stored or none of it; an article whose id is already
        stored (or appears earlier in the same batch) is reported in `present`, not rewritten.

        Raises:
            StoreError: the database cannot be written (the batch is rolled back).
        """
        added: list[str] = []
        present: list[str] = []
        try:
            with self.engine.begin() as conn:
                # RETURNING, not rowcount: psycopg reports -1 for ON CONFLICT DO NOTHING.
                statement = _insert_ignore(conn, articles, ["id"]).returning(articles.c.id)
                for article in items:
                    new = conn.execute(statement, _article_row(article)).first() is not None
                    (added if new else present).append(article.id)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot store articles ({_short(exc)}); nothing was written") from exc
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
        return _row_article(row._mapping)

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles among `ids`, in the order of `ids` (unknown ids are left out)."""
        if not ids:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(articles).where(articles.c.id.in_(list(ids)))).all()
        found = {row.id: _row_article(row._mapping) for row in rows}
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
            return [_row_article(row._mapping) for row in conn.execute(query)]

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
                    _delete_story(conn, story_id)
                for record in records:
                    _write_story(conn, record)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot store stories ({_short(exc)}); nothing was written") from exc

    def list_stories(self, *, limit: int | None = None) -> list[StoryRecord]:
        """Stories, most recently updated first."""
        query = sa.select(stories).order_by(stories.c.updated_at.desc(), stories.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            return [_row_story(conn, row._mapping) for row in conn.execute(query)]

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
            return _row_story(conn, row._mapping)

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
                    story_id=story_id, format=fmt, members_key=key, body=body, generated_at=_now()
                )
            )

    def load_cluster_state(self) -> bytes | None:
        """The saved state of the incremental clusterer (live stories), if any."""
        with self.engine.connect() as conn:
            query = sa.select(cluster_state.c.state).where(cluster_state.c.key == "stream")
            found = conn.execute(query).scalar()
        return None if found is None else bytes(found)

    def save_cluster_state(self, state: bytes) -> None:
        """Replace the saved state of the incremental clusterer."""
        with self.engine.begin() as conn:
            conn.execute(cluster_state.delete().where(cluster_state.c.key == "stream"))
            conn.execute(cluster_state.insert().values(key="stream", state=state, saved_at=_now()))

    # --- the service: feeds and full-text search (engineer G, issue 7) ---

    def search_articles(self, text: str, *, limit: int = 20) -> list[ArticleMatch]:
        """Articles holding every word of `text` (FTS5 on SQLite, tsvector on PostgreSQL),
        best match first."""
        words = _fts_words(text)
        if not words:
            return []
        search = _search_postgres if self.engine.dialect.name == "postgresql" else _search_sqlite
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
                insert = _insert_ignore(conn, feeds, ["url"]).values(
                    url=url, interval_s=interval_s, next_poll=now, failures=0, added=0
                )
                new = conn.execute(insert.returning(feeds.c.id)).first() is not None
                row = conn.execute(sa.select(feeds).where(feeds.c.url == url)).one()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot add feed {url} ({_short(exc)})") from exc
        return _row_feed(row._mapping), new

    def list_feeds(self, *, due_at: float | None = None) -> list[FeedRecord]:
        """Every feed by id; with `due_at`, only those whose next poll has come."""
        query = sa.select(feeds).order_by(feeds.c.id)
        if due_at is not None:
            query = query.where(feeds.c.next_poll <= due_at)
        with self.engine.connect() as conn:
            return [_row_feed(row._mapping) for row in conn.execute(query)]

    def save_feed(self, feed: FeedRecord) -> None:
        """Write a feed's polling state (validators, schedule, failures, counts)."""
        values = {
            c.name: getattr(feed, c.name) for c in feeds.columns if c.name not in ("id", "url")
        }
        with self.engine.begin() as conn:
            conn.execute(feeds.update().where(feeds.c.id == feed.id).values(**values))

    def page_stories(
        self,
        *,
        limit: int,
        offset: int = 0,
        words: Sequence[str] = (),
        since: str | None = None,
        until: str | None = None,
    ) -> tuple[list[StoryRecord], bool]:
        """One page of stories, newest first (by last publication date; undated ones last),
        holding every word in their title or outlets and overlapping [since, until]; and
        whether more follow."""
        query = sa.select(stories)
        for word in words:
            escaped = word.casefold().replace("\\", "\\\\").replace("%", "\\%")
            pattern = "%" + escaped.replace("_", "\\_") + "%"
            query = query.where(
                sa.or_(
                    sa.func.lower(stories.c.title).like(pattern, escape="\\"),
                    sa.func.lower(stories.c.outlets).like(pattern, escape="\\"),
                )
            )
        if since:
            query = query.where(stories.c.last_published >= since)
        if until:
            query = query.where(stories.c.first_published <= until)
        newest = stories.c.last_published.desc().nulls_last()
        query = query.order_by(newest, stories.c.id.desc()).offset(offset).limit(limit + 1)
        with self.engine.connect() as conn:
            found = [_row_story(conn, row._mapping) for row in conn.execute(query)]
        return found[:limit], len(found) > limit


def _insert_ignore(conn: Connection, table: sa.Table, keys: list[str]) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for this connection's dialect."""
    name = conn.dialect.name
    if name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=keys)
    if name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=keys)
    raise StoreError(f"the {name} backend is not supported; use SQLite or PostgreSQL")


def _article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published,
        "url": article.url,
        "external_id": article.external_id,
        "credited_sources": json.dumps(list(article.credited_sources), ensure_ascii=False),
        "boilerplate": json.dumps(list(article.boilerplate), ensure_ascii=False),
        "text": article.text,
        "added_at": _now(),
    }


def _row_article(row: Any) -> Article:
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
    )


# --- stories (engineer F, issue 6) ---------------------------------------------------------

stories = sa.Table(
    "stories",
    METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("outlets", sa.Text, nullable=False),  # JSON list
    sa.Column("first_published", sa.String(40)),
    sa.Column("last_published", sa.String(40)),
    sa.Column("frozen", sa.Boolean, nullable=False),
    sa.Column("members_key", sa.String(64), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Index("ix_stories_updated_at", "updated_at"),
)

story_articles = sa.Table(
    "story_articles",
    METADATA,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("story_id", sa.String(64), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Index("ix_story_articles_story", "story_id"),
)

story_reports = sa.Table(
    "story_reports",
    METADATA,
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("format", sa.String(16), primary_key=True),
    sa.Column("members_key", sa.String(64), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("generated_at", sa.String(40), nullable=False),
)

cluster_state = sa.Table(
    "cluster_state",
    METADATA,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("state", sa.LargeBinary, nullable=False),
    sa.Column("saved_at", sa.String(40), nullable=False),
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

    @property
    def members_key(self) -> str:
        import hashlib

        joined = "\n".join(sorted(self.article_ids)).encode("utf-8")
        return hashlib.sha256(joined).hexdigest()[:32]


def _v2_stories(conn: Connection) -> None:
    for table in (stories, story_articles, story_reports, cluster_state):
        table.create(conn, checkfirst=True)


MIGRATIONS.append(Migration(2, "stories", _v2_stories))


def _delete_story(conn: Connection, story_id: str) -> None:
    conn.execute(story_articles.delete().where(story_articles.c.story_id == story_id))
    conn.execute(story_reports.delete().where(story_reports.c.story_id == story_id))
    conn.execute(stories.delete().where(stories.c.id == story_id))


def _write_story(conn: Connection, record: StoryRecord) -> None:
    _delete_story(conn, record.id)
    members = list(dict.fromkeys(record.article_ids))
    if members:
        conn.execute(story_articles.delete().where(story_articles.c.article_id.in_(members)))
    conn.execute(
        stories.insert().values(
            id=record.id, title=record.title, size=len(members),
            outlets=json.dumps(list(record.outlets), ensure_ascii=False),
            first_published=record.first_published, last_published=record.last_published,
            frozen=record.frozen, members_key=record.members_key, updated_at=_now(),
        )
    )  # fmt: skip
    if members:
        conn.execute(
            story_articles.insert(),
            [
                {"article_id": a, "story_id": record.id, "position": i}
                for i, a in enumerate(members)
            ],
        )


def _row_story(conn: Connection, row: Any) -> StoryRecord:
    query = (
        sa.select(story_articles.c.article_id)
        .where(story_articles.c.story_id == row["id"])
        .order_by(story_articles.c.position)
    )
    return StoryRecord(
        id=row["id"],
        title=row["title"],
        article_ids=tuple(conn.execute(query).scalars()),
        outlets=tuple(json.loads(row["outlets"])),
        first_published=row["first_published"],
        last_published=row["last_published"],
        frozen=bool(row["frozen"]),
    )


# --- the service: feeds and full-text search (engineer G, issue 7) ----------------------------

feeds = sa.Table(
    "feeds",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("interval_s", sa.Float, nullable=False),
    sa.Column("next_poll", sa.Float, nullable=False),
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("last_polled", sa.Float),
    sa.Column("last_status", sa.Text),
    sa.Column("added", sa.Integer, nullable=False, default=0),
    sa.Index("ix_feeds_next_poll", "next_poll"),
)


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


# SQLite: an FTS5 index over title and text that triggers keep in step with `articles`.
# PostgreSQL: a GIN index over the same words as an English tsvector.
_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, text, content='articles', content_rowid='rowid', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
_PG_VECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
_PG_FTS = [f"CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING GIN ({_PG_VECTOR})"]


def _v3_feeds_search(conn: Connection) -> None:
    feeds.create(conn, checkfirst=True)
    statements = {"sqlite": _SQLITE_FTS, "postgresql": _PG_FTS}.get(conn.dialect.name, [])
    for statement in statements:
        conn.exec_driver_sql(statement)


MIGRATIONS.append(Migration(3, "feeds and full-text search", _v3_feeds_search))


def _fts_words(text: str) -> list[str]:
    """The query's words, stripped of every search-syntax character."""
    return [w for w in (re.sub(r"[^\w]+", " ", text).split()) if w][:20]


def _search_sqlite(conn: Connection, words: list[str], limit: int) -> list[Any]:
    match = " ".join(f'"{w}"' for w in words)
    query = sa.text(
        "SELECT a.id, a.title, a.outlet, "
        "snippet(articles_fts, 1, '', '', ' … ', 24) AS snippet "
        "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts) LIMIT :limit"
    )
    return list(conn.execute(query, {"match": match, "limit": limit}))


def _search_postgres(conn: Connection, words: list[str], limit: int) -> list[Any]:
    query = sa.text(
        "SELECT id, title, outlet, ts_headline('english', text, q, "
        '\'StartSel="", StopSel="", MaxWords=30, MinWords=10\') AS snippet '
        f"FROM articles, plainto_tsquery('english', :words) AS q WHERE {_PG_VECTOR} @@ q "
        f"ORDER BY ts_rank({_PG_VECTOR}, q) DESC, id LIMIT :limit"
    )
    return list(conn.execute(query, {"words": " ".join(words), "limit": limit}))


def _row_feed(row: Any) -> FeedRecord:
    return FeedRecord(**{column.name: row[column.name] for column in feeds.columns})
