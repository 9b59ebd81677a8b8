"""The story list in SQL: per-story summaries kept up to date, and one page of them.

``refresh_summary`` runs in the transaction that writes a story (``sql.write_story``), so the
list never fuses and never aggregates over articles: a page is one indexed read of ``stories``
(plus one of the page's members).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsfuse.store.schema import (
    article_prints,
    articles,
    stories,
    story_articles,
    story_outlets,
)
from newsfuse.store.summary import Member, Summary, fingerprint, summarize

# The first characters of a member's text: enough for a first line short enough to be a
# headline (summary.MAX_HEADLINE), never the whole text.
_HEAD_CHARS = 400


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """The list's filters: words in the headline or outlets, an outlet, a publication window
    (overlapping [since, until]) and a size range."""

    words: Sequence[str] = ()
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    min_size: int | None = None
    max_size: int | None = None


def refresh_summary(conn: Connection, story_id: str) -> Summary:
    """Recompute and store the list's view of one story from its members (signatures of
    members that have none yet are computed from their text and kept)."""
    members = _members(conn, story_id)
    summary = summarize(members, _signatures(conn, story_id))
    conn.execute(
        stories.update()
        .where(stories.c.id == story_id)
        .values(
            title=summary.headline, size=summary.size,
            outlets=json.dumps([o for o, _ in summary.outlets], ensure_ascii=False),
            languages=json.dumps(list(summary.languages)),
            first_published=summary.first_published, last_published=summary.last_published,
            first_seen=summary.first_seen, last_seen=summary.last_seen,
            independent=summary.independent, sort_key=summary.sort_key,
        )
    )  # fmt: skip
    conn.execute(story_outlets.delete().where(story_outlets.c.story_id == story_id))
    rows = [
        {"story_id": story_id, "outlet_key": o.casefold()[:200], "outlet": o, "reports": n}
        for o, n in summary.outlets
    ]
    if rows:
        conn.execute(story_outlets.insert(), rows)
    return summary


def refresh_all(conn: Connection) -> int:
    """Refresh every stored story's summary (the migration that adds them); returns how many."""
    found = list(conn.execute(sa.select(stories.c.id)).scalars())
    for story_id in found:
        refresh_summary(conn, story_id)
    return len(found)


def _members(conn: Connection, story_id: str) -> list[Member]:
    language = articles.c.get("language")
    columns = [
        articles.c.id, articles.c.title, articles.c.outlet, articles.c.url,
        articles.c.published, articles.c.added_at,
        sa.func.substr(articles.c.text, 1, _HEAD_CHARS).label("head"),
    ]  # fmt: skip
    if language is not None:
        columns.append(language.label("language"))
    query = (
        sa.select(*columns)
        .join(story_articles, story_articles.c.article_id == articles.c.id)
        .where(story_articles.c.story_id == story_id)
        .order_by(story_articles.c.position)
    )
    return [
        Member(
            r.id, r.title, r.outlet, r.url, r.published, r.added_at,
            first_line=(r.head or "").strip().split("\n", 1)[0],
            language=r._mapping.get("language"),
        )
        for r in conn.execute(query)
    ]  # fmt: skip


def _signatures(conn: Connection, story_id: str) -> dict[str, bytes]:
    in_story = sa.select(story_articles.c.article_id).where(story_articles.c.story_id == story_id)
    query = sa.select(article_prints).where(article_prints.c.article_id.in_(in_story))
    found = {r.article_id: bytes(r.signature) for r in conn.execute(query)}
    missing = sa.select(articles.c.id, articles.c.text).where(
        articles.c.id.in_(in_story), articles.c.id.not_in(list(found) or [""])
    )
    new = {r.id: fingerprint(r.text) for r in conn.execute(missing)}
    if new:
        conn.execute(
            article_prints.insert(),
            [{"article_id": k, "signature": v} for k, v in new.items()],
        )
    return found | new


def page_query(filters: StoryFilter, *, limit: int, offset: int) -> Any:
    """The SELECT of one page of stories, most recent activity first."""
    query = sa.select(stories)
    for word in filters.words:
        escaped = word.casefold().replace("\\", "\\\\").replace("%", "\\%")
        pattern = "%" + escaped.replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(
                sa.func.lower(stories.c.title).like(pattern, escape="\\"),
                sa.func.lower(stories.c.outlets).like(pattern, escape="\\"),
            )
        )
    if filters.outlet:
        key = filters.outlet.strip().casefold()[:200]
        query = query.where(
            sa.exists().where(
                story_outlets.c.story_id == stories.c.id, story_outlets.c.outlet_key == key
            )
        )
    if filters.since:
        query = query.where(stories.c.last_published >= filters.since)
    if filters.until:
        # "until 2024-12-06" includes that whole day: compare as many characters as given.
        first = sa.func.substr(stories.c.first_published, 1, len(filters.until))
        query = query.where(first <= filters.until)
    if filters.min_size is not None:
        query = query.where(stories.c.size >= filters.min_size)
    if filters.max_size is not None:
        query = query.where(stories.c.size <= filters.max_size)
    order = (stories.c.sort_key.desc(), stories.c.id.desc())
    return query.order_by(*order).offset(offset).limit(limit)


def members_of(conn: Connection, story_ids: Sequence[str]) -> dict[str, list[str]]:
    """The member ids of each story, in arrival order, in one query."""
    query = (
        sa.select(story_articles.c.story_id, story_articles.c.article_id)
        .where(story_articles.c.story_id.in_(list(story_ids)))
        .order_by(story_articles.c.story_id, story_articles.c.position)
    )
    found: dict[str, list[str]] = {s: [] for s in story_ids}
    for row in conn.execute(query):
        found[row.story_id].append(row.article_id)
    return found
