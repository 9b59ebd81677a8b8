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

    def load(self, *, since: int | None = None) -> StateRows:
        """Every saved row of the stream's state or, with ``since``, the rows written after
        that version (the members of those stories, and the ids of every saved story)."""
        conn = self.conn
        meta = conn.execute(sa.select(cluster_meta.c.state).where(_META)).scalar()
        rows = StateRows(self.version, None if meta is None else bytes(meta), since=since)
        stories = sa.select(cluster_stories)
        members = sa.select(cluster_members)
        terms = sa.select(cluster_terms)
        if since is not None:
            stories = stories.where(cluster_stories.c.version > since)
            changed = sa.select(cluster_stories.c.id).where(cluster_stories.c.version > since)
            members = members.where(cluster_members.c.story_id.in_(changed))
            terms = terms.where(cluster_terms.c.version > since)
            rows.story_ids = list(conn.execute(sa.select(cluster_stories.c.id)).scalars())
        rows.stories = [StoryRow(r.id, r.rank, bytes(r.state)) for r in conn.execute(stories)]
        rows.members = [MemberRow(r.story_id, r.article_id, bytes(r.state))
                        for r in conn.execute(members)]  # fmt: skip
        rows.terms = {r.term: float(r.df) for r in conn.execute(terms)}
        return rows

    def terms(self) -> dict[str, float]:
        """Every saved document frequency."""
        return {r.term: float(r.df) for r in self.conn.execute(sa.select(cluster_terms))}

    def write(
        self, delta: StateDelta, records: Sequence[StoryRecord], *, removed: Sequence[str] = ()
    ) -> int:
        """Write one batch's changes and its stories; returns the new version."""
        conn = self.conn
        self.version += 1
        _write_stories(conn, delta, self.version)
        _write_members(conn, delta)
        _write_terms(conn, delta, self.version)
        for story_id in removed:
            delete_story(conn, story_id)
        for record in records:
            write_story(conn, record)
        conn.execute(
            cluster_meta.update().where(_META).values(version=self.version, state=delta.meta)
        )
        return self.version


def _write_stories(conn: Connection, delta: StateDelta, version: int) -> None:
    if delta.gone:
        conn.execute(cluster_stories.delete().where(cluster_stories.c.id.in_(delta.gone)))
        conn.execute(cluster_members.delete().where(cluster_members.c.story_id.in_(delta.gone)))
    ranked = [{"id": r.id, "rank": r.rank, "state": r.state, "version": version}
              for r in delta.stories if r.rank is not None]  # fmt: skip
    if ranked:
        statement = _upsert(conn, cluster_stories)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["id"],
            set_={"rank": statement.excluded.rank, "state": statement.excluded.state,
                  "version": version},
        ), ranked)  # fmt: skip
    kept = [{"b_id": r.id, "b_state": r.state} for r in delta.stories if r.rank is None]
    # A story touched only by an index eviction keeps its rank (its place in the order).
    if kept:
        conn.execute(
            cluster_stories.update()
            .where(cluster_stories.c.id == sa.bindparam("b_id"))
            .values(state=sa.bindparam("b_state"), version=version),
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


def _write_terms(conn: Connection, delta: StateDelta, version: int) -> None:
    if delta.terms_whole:
        conn.execute(cluster_terms.delete())
    rows = [{"term": t, "df": df, "version": version} for t, df in delta.terms.items()]
    if not rows:
        return
    if delta.terms_whole:
        conn.execute(cluster_terms.insert(), rows)
        return
    statement = _upsert(conn, cluster_terms)
    update = {"df": statement.excluded.df, "version": version}
    conn.execute(statement.on_conflict_do_update(index_elements=["term"], set_=update), rows)


def _upsert(conn: Connection, table: sa.Table) -> Any:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)
