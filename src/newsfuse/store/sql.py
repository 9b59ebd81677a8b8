"""Statements shared by the store's methods: dialect branches, story writes, full-text search."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from newsfuse.errors import StoreError
from newsfuse.store.records import StoryRecord, now_iso
from newsfuse.store.schema import (
    PG_VECTOR,
    stories,
    story_articles,
    story_outlets,
    story_reports,
    story_versions,
)


def short_error(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200]


def insert_ignore(conn: Connection, table: sa.Table, keys: list[str]) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for this connection's dialect."""
    name = conn.dialect.name
    if name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=keys)
    if name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=keys)
    raise StoreError(f"the {name} backend is not supported; use SQLite or PostgreSQL")


def delete_story(conn: Connection, story_id: str) -> None:
    conn.execute(story_articles.delete().where(story_articles.c.story_id == story_id))
    conn.execute(story_reports.delete().where(story_reports.c.story_id == story_id))
    conn.execute(story_outlets.delete().where(story_outlets.c.story_id == story_id))
    conn.execute(story_versions.delete().where(story_versions.c.story_id == story_id))
    conn.execute(stories.delete().where(stories.c.id == story_id))


def write_story(conn: Connection, record: StoryRecord) -> None:
    """Write a story and its members, and refresh what the story list shows of it (its
    report versions are kept: a story that grew keeps its history)."""
    from newsfuse.store.listing import refresh_summary

    _delete_members(conn, record.id)
    members = list(dict.fromkeys(record.article_ids))
    if members:
        conn.execute(story_articles.delete().where(story_articles.c.article_id.in_(members)))
    conn.execute(
        stories.insert().values(
            id=record.id, title=record.title, size=len(members),
            outlets=json.dumps(list(record.outlets), ensure_ascii=False),
            first_published=record.first_published, last_published=record.last_published,
            frozen=record.frozen, members_key=record.members_key, updated_at=now_iso(),
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
    refresh_summary(conn, record.id)


def _delete_members(conn: Connection, story_id: str) -> None:
    conn.execute(story_articles.delete().where(story_articles.c.story_id == story_id))
    conn.execute(story_reports.delete().where(story_reports.c.story_id == story_id))
    conn.execute(stories.delete().where(stories.c.id == story_id))


def row_story(conn: Connection, row: Any, members: Sequence[str] | None = None) -> StoryRecord:
    """A story row as a record; its members are read unless given."""
    if members is None:
        query = (
            sa.select(story_articles.c.article_id)
            .where(story_articles.c.story_id == row["id"])
            .order_by(story_articles.c.position)
        )
        members = list(conn.execute(query).scalars())
    return StoryRecord(
        id=row["id"],
        title=row["title"],
        article_ids=tuple(members),
        outlets=tuple(json.loads(row["outlets"])),
        first_published=row["first_published"],
        last_published=row["last_published"],
        frozen=bool(row["frozen"]),
        languages=tuple(json.loads(row["languages"] or "[]")),
        independent=row["independent"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
    )


def fts_words(text: str) -> list[str]:
    """The query's words, stripped of every search-syntax character."""
    return [w for w in (re.sub(r"[^\w]+", " ", text).split()) if w][:20]


def search_sqlite(conn: Connection, words: list[str], limit: int) -> list[Any]:
    match = " ".join(f'"{w}"' for w in words)
    query = sa.text(
        "SELECT a.id, a.title, a.outlet, "
        "snippet(articles_fts, 1, '', '', ' … ', 24) AS snippet "
        "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts) LIMIT :limit"
    )
    return list(conn.execute(query, {"match": match, "limit": limit}))


def search_postgres(conn: Connection, words: list[str], limit: int) -> list[Any]:
    query = sa.text(
        "SELECT id, title, outlet, ts_headline('english', text, q, "
        '\'StartSel="", StopSel="", MaxWords=30, MinWords=10\') AS snippet '
        f"FROM articles, plainto_tsquery('english', :words) AS q WHERE {PG_VECTOR} @@ q "
        f"ORDER BY ts_rank({PG_VECTOR}, q) DESC, id LIMIT :limit"
    )
    return list(conn.execute(query, {"words": " ".join(words), "limit": limit}))
