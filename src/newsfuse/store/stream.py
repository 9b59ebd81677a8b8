"""The stream clusterer's rows: one transaction per batch that locks, reads and writes them.

Writers are serialised by the counters row: the transaction's first statement updates it, which
takes the write lock (SQLite: the database's RESERVED lock, waiting up to busy_timeout, as BEGIN
IMMEDIATE would; PostgreSQL: the row lock, as SELECT ... FOR UPDATE would). Everything read
after that is the latest committed state, and nothing another writer does can interleave before
commit. Each write bumps the version, so a process whose in-memory clusterer is at an older
version knows it must reload before placing articles.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from newsfuse.models import Article
from newsfuse.store.records import (
    MemberRow,
    Placement,
    StateDelta,
    StateRows,
    StoryRecord,
    StoryRow,
    now_iso,
    row_article,
)
from newsfuse.store.schema import (
    DF_LOG_FOLD,
    STREAM_KEY,
    articles,
    cluster_df_log,
    cluster_members,
    cluster_meta,
    cluster_stories,
    cluster_terms,
    stories,
    story_articles,
    unplaced_articles,
)
from newsfuse.store.sql import delete_story, write_story

_META = cluster_meta.c.key == STREAM_KEY
# A second counters row: the version a rebuild wrote (the state was replaced, not changed).
REBUILT_KEY = "rebuilt"


class StreamTransaction:
    """The open transaction of one batch, holding the write lock; ``version`` is the stored
    state's version when the lock was taken."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        lock = cluster_meta.update().where(_META).values(saved_at=now_iso())
        self.version = int(conn.execute(lock.returning(cluster_meta.c.version)).scalar_one())

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
        _apply_log(conn, rows.terms, since)
        return rows

    def terms(self) -> dict[str, float]:
        """Every saved document frequency."""
        found = {r.term: float(r.df) for r in self.conn.execute(sa.select(cluster_terms))}
        _apply_log(self.conn, found, None)
        return found

    def take_unplaced(self, *, limit: int) -> list[str]:
        """Take the first ``limit`` stored articles no story holds yet off the unplaced list
        and return their ids, oldest first: the caller places them in this transaction (if it
        rolls back, they are unplaced again). One statement: a batch pays one round trip."""
        seq = unplaced_articles.c.seq
        first = sa.select(seq).order_by(seq).limit(limit).scalar_subquery()
        take = unplaced_articles.delete().where(seq.in_(first))
        taken = self.conn.execute(take.returning(seq, unplaced_articles.c.article_id)).all()
        return [row.article_id for row in sorted(taken)]

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles among ``ids``, in the order of ``ids``."""
        query = sa.select(articles).where(articles.c.id.in_(list(ids)))
        found = {r.id: row_article(r._mapping) for r in self.conn.execute(query)}
        return [found[i] for i in ids if i in found]

    def lost_stories(self) -> int:
        """How many stored live (not frozen) stories the saved state does not hold: stories
        from before migration 4, which dropped the old state (0 in a store kept by this
        version, which writes a live story and its state in one transaction)."""
        saved = sa.exists().where(cluster_stories.c.id == stories.c.id)
        query = sa.select(sa.func.count()).where(stories.c.frozen.is_(False), ~saved)
        return int(self.conn.execute(query).scalar_one())

    def placements(self, *, after: tuple[str, str] | None, limit: int) -> list[Placement]:
        """Up to ``limit`` stored articles in arrival order, after ``(added_at, id)``."""
        query = (
            sa.select(articles, story_articles.c.story_id, stories.c.frozen)
            .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
            .outerjoin(stories, stories.c.id == story_articles.c.story_id)
            .order_by(articles.c.added_at, articles.c.id)
            .limit(limit)
        )
        if after is not None:
            query = query.where(sa.tuple_(articles.c.added_at, articles.c.id) > after)
        return [
            Placement(row_article(r._mapping), r.added_at, r.story_id, bool(r.frozen))
            for r in self.conn.execute(query)
        ]

    def count_articles(self) -> int:
        query = sa.select(sa.func.count()).select_from(articles)
        return int(self.conn.execute(query).scalar_one())

    def clear(self) -> None:
        """Delete every saved story and member row before a rebuilt state is written whole,
        and mark the version that write will have: other writers then reload it all."""
        self.conn.execute(cluster_members.delete())
        self.conn.execute(cluster_stories.delete())
        mark = {"key": REBUILT_KEY, "version": self.version + 1, "saved_at": now_iso()}
        self.conn.execute(cluster_meta.delete().where(cluster_meta.c.key == REBUILT_KEY))
        self.conn.execute(cluster_meta.insert().values(**mark))

    def rebuilt_at(self) -> int:
        """The version written by the last rebuild (0: never rebuilt)."""
        query = sa.select(cluster_meta.c.version).where(cluster_meta.c.key == REBUILT_KEY)
        return int(self.conn.execute(query).scalar() or 0)

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
    _upsert(conn, cluster_stories, ranked, key="id", update=("rank", "state", "version"))
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
    pairs = sa.tuple_(cluster_members.c.story_id, cluster_members.c.article_id)
    for start in range(0, len(delta.members_removed), 10_000):
        chunk = delta.members_removed[start : start + 10_000]
        conn.execute(cluster_members.delete().where(pairs.in_(chunk)))
    rows = [{"story_id": m.story_id, "article_id": m.article_id, "state": m.state}
            for m in delta.members_added]  # fmt: skip
    _upsert(conn, cluster_members, rows, key=None, update=())


def _write_terms(conn: Connection, delta: StateDelta, version: int) -> None:
    """A batch's document frequencies: one log row, folded into the table every DF_LOG_FOLD
    versions; after a decay the whole table is rewritten and the log emptied."""
    if delta.terms_whole:
        conn.execute(cluster_terms.delete())
        conn.execute(cluster_df_log.delete())
        rows = [{"term": t, "df": df, "version": version} for t, df in delta.terms.items()]
        _upsert(conn, cluster_terms, rows, key=None, update=())
        return
    if delta.terms:
        conn.execute(cluster_df_log.insert().values(version=version,
                                                    terms=pickle.dumps(delta.terms)))  # fmt: skip
    if version % DF_LOG_FOLD == 0:
        folded: dict[str, float] = {}
        _apply_log(conn, folded, None)
        rows = [{"term": t, "df": df, "version": version} for t, df in folded.items()]
        _upsert(conn, cluster_terms, rows, key="term", update=("df", "version"))
        conn.execute(cluster_df_log.delete())


def _apply_log(conn: Connection, terms: dict[str, float], since: int | None) -> None:
    query = sa.select(cluster_df_log).order_by(cluster_df_log.c.version)
    if since is not None:
        query = query.where(cluster_df_log.c.version > since)
    for row in conn.execute(query):
        terms.update(pickle.loads(row.terms))


def _upsert(
    conn: Connection,
    table: sa.Table,
    rows: list[dict[str, Any]],
    *,
    key: str | None,
    update: tuple[str, ...],
) -> None:
    """Insert ``rows`` (replacing ``update`` columns of rows whose ``key`` exists, unless key
    is None) as multi-row statements: a few round trips per batch, not one per row, which is
    what a server pays per statement (PostgreSQL over the loopback)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    width = max(len(table.columns), 1)
    chunk = max(1, 30_000 // width)  # under SQLite's 32,766 bound parameters per statement
    for start in range(0, len(rows), chunk):
        statement = dialect.insert(table).values(rows[start : start + chunk])
        if key is not None:
            excluded = statement.excluded
            statement = statement.on_conflict_do_update(
                index_elements=[key], set_={c: excluded[c] for c in update}
            )
        conn.execute(statement)
