"""Earlier versions of each story's report: one row per fusion of a new member set."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsfuse.store.records import now_iso
from newsfuse.store.schema import story_versions


@dataclass(frozen=True, slots=True)
class ReportVersion:
    """One version of a story's report: when it was made, for which members, what it held
    (``digest``: the JSON the updates are computed from) and the contract JSON itself."""

    story_id: str
    members_key: str
    created_at: str
    digest: str
    report: str


def add_version(
    conn: Connection, story_id: str, members_key: str, *, digest: str, report: str
) -> bool:
    """Keep this version unless the latest one is of the same member set; whether it was."""
    latest = conn.execute(
        sa.select(story_versions.c.members_key)
        .where(story_versions.c.story_id == story_id)
        .order_by(story_versions.c.id.desc())
        .limit(1)
    ).scalar()
    if latest == members_key:
        return False
    conn.execute(
        story_versions.insert().values(
            story_id=story_id, members_key=members_key, created_at=now_iso(),
            digest=digest, report=report,
        )
    )  # fmt: skip
    return True


def list_versions(
    conn: Connection, story_id: str, *, with_report: bool = False, limit: int = 200
) -> list[ReportVersion]:
    """The story's versions, oldest first (the last ``limit``)."""
    t = story_versions
    body = t.c.report if with_report else sa.literal("").label("report")
    query = (
        sa.select(t.c.story_id, t.c.members_key, t.c.created_at, t.c.digest, body)
        .where(t.c.story_id == story_id)
        .order_by(t.c.id.desc())
        .limit(limit)
    )
    rows = list(conn.execute(query))
    return [ReportVersion(r.story_id, r.members_key, r.created_at, r.digest, r.report)
            for r in reversed(rows)]  # fmt: skip
