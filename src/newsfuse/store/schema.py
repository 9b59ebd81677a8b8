"""The database schema: every table, and the ordered migrations that create them.

To extend the schema, add tables to `METADATA` and append a `Migration` with the next version
number to `MIGRATIONS`. Dialect-specific statements (SQLite FTS5, PostgreSQL GIN) live in the
migration that needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

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
    sa.Column("language", sa.String(16)),  # added by migration 7
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


# --- stories (issue 6) ---

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


def _v2_stories(conn: Connection) -> None:
    for table in (stories, story_articles, story_reports, cluster_state):
        table.create(conn, checkfirst=True)


MIGRATIONS.append(Migration(2, "stories", _v2_stories))


# --- feeds and full-text search (issue 7) ---

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


# SQLite: an FTS5 index over title and text that triggers keep in step with `articles`.
# PostgreSQL: a GIN index over the same words as an English tsvector.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, text, content='articles', content_rowid='rowid', tokenize='unicode61')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
PG_VECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || text)"
PG_FTS = [f"CREATE INDEX IF NOT EXISTS ix_articles_fts ON articles USING GIN ({PG_VECTOR})"]


def _v3_feeds_search(conn: Connection) -> None:
    feeds.create(conn, checkfirst=True)
    statements = {"sqlite": SQLITE_FTS, "postgresql": PG_FTS}.get(conn.dialect.name, [])
    for statement in statements:
        conn.exec_driver_sql(statement)


MIGRATIONS.append(Migration(3, "feeds and full-text search", _v3_feeds_search))


# --- the stream clusterer's state, saved incrementally (issue 6, replaces the cluster_state
# pickle): one row of counters with a version that serialises writers, one row per live story,
# one per recent member of a live story, one per document frequency.

cluster_meta = sa.Table(
    "cluster_meta",
    METADATA,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("state", sa.LargeBinary),
    sa.Column("saved_at", sa.String(40), nullable=False),
)

cluster_stories = sa.Table(
    "cluster_stories",
    METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("rank", sa.BigInteger, nullable=False),
    sa.Column("state", sa.LargeBinary, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # the write that last changed it
    sa.Index("ix_cluster_stories_version", "version"),
)

cluster_members = sa.Table(
    "cluster_members",
    METADATA,
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("state", sa.LargeBinary, nullable=False),
)

cluster_terms = sa.Table(
    "cluster_terms",
    METADATA,
    sa.Column("term", sa.Text, primary_key=True),
    sa.Column("df", sa.Float, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("ix_cluster_terms_version", "version"),
)

STREAM_KEY = "stream"


def _v4_cluster_rows(conn: Connection) -> None:
    for table in (cluster_meta, cluster_stories, cluster_members, cluster_terms):
        table.create(conn, checkfirst=True)
    conn.execute(cluster_meta.insert().values(key=STREAM_KEY, version=0, state=None, saved_at=""))
    # The old single pickle cannot be continued by the row layout: the stream starts afresh
    # (stories already stored stay listed; they are no longer joined).
    conn.execute(cluster_state.delete())


MIGRATIONS.append(Migration(4, "incremental clusterer state", _v4_cluster_rows))


# --- document frequencies a batch changed, as one row per batch (issue 6): a POST writes one
# small row instead of one row per term; the rows are folded into cluster_terms every
# DF_LOG_FOLD versions and dropped when the table is rewritten after a decay.

cluster_df_log = sa.Table(
    "cluster_df_log",
    METADATA,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("terms", sa.LargeBinary, nullable=False),  # pickled {term: df}
)
DF_LOG_FOLD = 256


def _v5_df_log(conn: Connection) -> None:
    cluster_df_log.create(conn, checkfirst=True)


MIGRATIONS.append(Migration(5, "document frequency log", _v5_df_log))


# --- articles stored but not yet placed in a story (issue 6): a row is written in the
# transaction that stores the article and deleted in the one that places it, so an article
# acknowledged just before a crash is still here for the next assigner. ``seq`` is the arrival
# order (SQLite: the rowid, always above every row present; PostgreSQL: a sequence).

unplaced_articles = sa.Table(
    "unplaced_articles",
    METADATA,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", sa.String(64), nullable=False, unique=True),
)


def _v6_unplaced(conn: Connection) -> None:
    unplaced_articles.create(conn, checkfirst=True)
    # Articles stored before, in no story (a crash, or a database older than stories), in
    # the order they were stored.
    placed = sa.exists().where(story_articles.c.article_id == articles.c.id)
    orphans = sa.select(articles.c.id).where(~placed).order_by(articles.c.added_at, articles.c.id)
    conn.execute(unplaced_articles.insert().from_select(["article_id"], orphans))


MIGRATIONS.append(Migration(6, "unplaced articles", _v6_unplaced))


# --- the language of each article (issue 18): an ISO 639-1 code, NULL when unknown. A store
# made at version 1 already has the column (the table above holds it); older ones get it here.


def _v7_language(conn: Connection) -> None:
    present = {column["name"] for column in sa.inspect(conn).get_columns("articles")}
    if "language" not in present:
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN language VARCHAR(16)"))


MIGRATIONS.append(Migration(7, "article language", _v7_language))


# --- what the story list shows, kept up to date whenever a story is written (issue 19): the
# representative headline (in ``stories.title``), languages, arrival times, independent
# reports and the list's sort key beside each story; its outlets as rows to filter by; a MinHash
# signature per placed article to tell copies apart; and the versions of each story's report.

SUMMARY_COLUMNS = (
    sa.Column("languages", sa.Text),  # JSON list
    sa.Column("independent", sa.Integer),
    sa.Column("first_seen", sa.String(40)),
    sa.Column("last_seen", sa.String(40)),
    sa.Column("sort_key", sa.String(40)),
)
for _column in SUMMARY_COLUMNS:
    stories.append_column(_column)
sa.Index("ix_stories_sort_key", stories.c.sort_key)
sa.Index("ix_stories_size", stories.c.size)

story_outlets = sa.Table(
    "story_outlets",
    METADATA,
    sa.Column("story_id", sa.String(64), primary_key=True),
    sa.Column("outlet_key", sa.String(200), primary_key=True),  # casefolded
    sa.Column("outlet", sa.Text, nullable=False),
    sa.Column("reports", sa.Integer, nullable=False),
    sa.Index("ix_story_outlets_key", "outlet_key"),
)

article_prints = sa.Table(
    "article_prints",
    METADATA,
    sa.Column("article_id", sa.String(64), primary_key=True),
    sa.Column("signature", sa.LargeBinary, nullable=False),
)

story_versions = sa.Table(
    "story_versions",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("story_id", sa.String(64), nullable=False),
    sa.Column("members_key", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("digest", sa.Text, nullable=False),  # JSON: facts, conflicts, outlets, figures
    sa.Column("report", sa.Text, nullable=False),  # the contract JSON of that version
    sa.Index("ix_story_versions_story", "story_id", "created_at"),
)


def _v8_story_summaries(conn: Connection) -> None:
    from newsfuse.store.listing import refresh_all

    present = {c["name"] for c in sa.inspect(conn).get_columns("stories")}
    for column in SUMMARY_COLUMNS:
        if column.name not in present:
            kind = column.type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE stories ADD COLUMN {column.name} {kind}")
    for index in stories.indexes:
        index.create(conn, checkfirst=True)
    for table in (story_outlets, article_prints, story_versions):
        table.create(conn, checkfirst=True)
    refresh_all(conn)


MIGRATIONS.append(Migration(8, "story summaries and report versions", _v8_story_summaries))
