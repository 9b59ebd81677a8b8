"""The stream clusterer's rows: one transaction per batch that locks, reads and writes them.

Writers are serialised by the counters row: the transaction's first statement updates it, which
takes the write lock (SQLite: the database's RESERVED lock, waiting up to busy_timeout, as BEGIN
IMMEDIATE would; PostgreSQL: the row lock, as SELECT ... FOR UPDATE would). Everything read
after that is the latest committed state, and nothing another writer does can interleave before
commit. Each write bumps the version, so a process whose in-memory clusterer is at an older
version knows it must reload before placing articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from newsfuse.store.records import (
    MemberRow,
    StateDelta,
    StateRows,
    StoryRecord,
    StoryRow,
    now_iso,
)
from newsfuse.store.schema import (
    STREAM_KEY,
    cluster_members,
    cluster_meta,
    cluster_stories,
    cluster_terms,
)
from newsfuse.store.sql import delete_story, write_story

_META = cluster_meta.c.key == STREAM_KEY


class StreamTransaction:
    """The open transaction of one batch, holding the write lock; ``version`` is the stored
    state's version when the lock was taken."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        conn.execute(cluster_meta.update().where(_META).values(saved_at=now_iso()))
        self.version = int(
            conn.execute(sa.select(cluster_meta.c.version).where(_META)).scalar_one()
        )

    def load(self) -> StateRows:
        """Every saved row of the stream's state."""
        conn = self.conn
        meta = conn.execute(sa.select(cluster_meta.c.state).where(_META)).scalar()
        stories = [StoryRow(r.id, r.rank, bytes(r.state)) for r in conn.execute(
            sa.select(cluster_stories))]  # fmt: skip
        members = [MemberRow(r.story_id, r.article_id, bytes(r.state)) for r in conn.execute(
            sa.select(cluster_members))]  # fmt: skip
        terms = {r.term: float(r.df) for r in conn.execute(sa.select(cluster_terms))}
        return StateRows(self.version, None if meta is None else bytes(meta), stories, members,
                         terms)  # fmt: skip

    def write(
        self, delta: StateDelta, records: Sequence[StoryRecord], *, removed: Sequence[str] = ()
    ) -> int:
        """Write one batch's changes and its stories; returns the new version."""
        conn = self.conn
        _write_stories(conn, delta)
        _write_members(conn, delta)
        _write_terms(conn, delta)
        for story_id in removed:
            delete_story(conn, story_id)
        for record in records:
            write_story(conn, record)
        self.version += 1
        conn.execute(
            cluster_meta.update().where(_META).values(version=self.version, state=delta.meta)
        )
        return self.version


def _write_stories(conn: Connection, delta: StateDelta) -> None:
    if delta.gone:
        conn.execute(cluster_stories.delete().where(cluster_stories.c.id.in_(delta.gone)))
        conn.execute(cluster_members.delete().where(cluster_members.c.story_id.in_(delta.gone)))
    ranked = [
        {"id": r.id, "rank": r.rank, "state": r.state} for r in delta.stories if r.rank is not None
    ]
    if ranked:
        statement = _upsert(conn, cluster_stories)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["id"],
            set_={"rank": statement.excluded.rank, "state": statement.excluded.state},
        ), ranked)  # fmt: skip
    kept = [{"b_id": r.id, "b_state": r.state} for r in delta.stories if r.rank is None]
    if kept:
        conn.execute(
            cluster_stories.update()
            .where(cluster_stories.c.id == sa.bindparam("b_id"))
            .values(state=sa.bindparam("b_state")),
            kept,
        )


def _write_members(conn: Connection, delta: StateDelta) -> None:
    if delta.members_removed:
        conn.execute(
            cluster_members.delete().where(
                cluster_members.c.story_id == sa.bindparam("b_story"),
                cluster_members.c.article_id == sa.bindparam("b_article"),
            ),
            [{"b_story": s, "b_article": a} for s, a in delta.members_removed],
        )
    if delta.members_added:
        rows = [{"story_id": m.story_id, "article_id": m.article_id, "state": m.state}
                for m in delta.members_added]  # fmt: skip
        conn.execute(cluster_members.insert(), rows)


def _write_terms(conn: Connection, delta: StateDelta) -> None:
    if delta.terms_whole:
        conn.execute(cluster_terms.delete())
    rows = [{"term": t, "df": df} for t, df in delta.terms.items()]
    if not rows:
        return
    if delta.terms_whole:
        conn.execute(cluster_terms.insert(), rows)
        return
    statement = _upsert(conn, cluster_terms)
    conn.execute(statement.on_conflict_do_update(
        index_elements=["term"], set_={"df": statement.excluded.df}), rows)  # fmt: skip


def _upsert(conn: Connection, table: sa.Table) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
