"""What changed in a story's report between its kept versions.

Each fusion of a new member set keeps a digest of the report: its facts with their support,
its conflicts, its outlets. An update compares one version with the one before: the facts
that are new, conflicts that appeared or were resolved, outlets that joined, and figures (facts
stating a number) whose support changed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from newsfuse.store import ReportVersion, Store
from newsfuse.store.summary import Member, outlet_of

_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class FigureChange:
    statement: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Update:
    """One version of the report against the one before (the first has nothing before)."""

    at: str
    reports: int
    first: bool
    new_facts: tuple[str, ...]
    new_conflicts: tuple[str, ...]
    resolved_conflicts: tuple[str, ...]
    new_outlets: tuple[str, ...]
    figures: tuple[FigureChange, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """What updates compare of one version: facts (key -> statement, support), conflicts
    (key -> topic), outlets."""

    reports: int
    facts: dict[str, tuple[str, int]]
    conflicts: dict[str, str]
    outlets: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps(
            {"reports": self.reports, "facts": self.facts, "conflicts": self.conflicts,
             "outlets": list(self.outlets)},
            ensure_ascii=False,
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> Digest:
        data = json.loads(text)
        facts = {str(k): (str(v[0]), int(v[1])) for k, v in data["facts"].items()}
        conflicts = {str(k): str(v) for k, v in data["conflicts"].items()}
        return cls(int(data["reports"]), facts, conflicts, tuple(map(str, data["outlets"])))


def digest(report: dict[str, Any]) -> Digest:
    """The parts of a report (its contract JSON, as data) that updates compare."""
    docs = report.get("documents", [])
    members = (
        Member(d["id"], d.get("title"), d.get("outlet"), d.get("url"), None, "") for d in docs
    )
    outlets = {o: None for o in map(outlet_of, members) if o}
    return Digest(
        reports=len(docs),
        facts={_key(f["statement"]): (f["statement"], int(f["support"]))
               for f in report.get("facts", [])},
        conflicts={f"{c['kind']}:{_key(c['topic'])}": c["topic"]
                   for c in report.get("conflicts", [])},
        outlets=tuple(outlets),
    )  # fmt: skip


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def updates(versions: list[ReportVersion], *, since: str | None = None) -> list[Update]:
    """One update per kept version made after ``since`` (all of them without), newest first."""
    out: list[Update] = []
    before: Digest | None = None
    for version in versions:
        now = Digest.from_json(version.digest)
        if since is None or version.created_at > since:
            out.append(_compare(version.created_at, before, now))
        before = now
    return out[::-1]


def _compare(at: str, old: Digest | None, new: Digest) -> Update:
    if old is None:
        return Update(at, new.reports, True, (), (), (), (), ())
    figures = tuple(
        FigureChange(statement, old.facts[k][1], support)
        for k, (statement, support) in new.facts.items()
        if k in old.facts and _NUMBER.search(k) and old.facts[k][1] != support
    )
    seen = {o.casefold() for o in old.outlets}
    return Update(
        at=at,
        reports=new.reports,
        first=False,
        new_facts=tuple(v[0] for k, v in new.facts.items() if k not in old.facts),
        new_conflicts=tuple(v for k, v in new.conflicts.items() if k not in old.conflicts),
        resolved_conflicts=tuple(v for k, v in old.conflicts.items() if k not in new.conflicts),
        new_outlets=tuple(o for o in new.outlets if o.casefold() not in seen),
        figures=figures,
    )


def keep_version(store: Store, story_id: str) -> bool:
    """Keep the story's report as cached now (its contract JSON and digest) as a version,
    unless the last kept version is of the same members; whether it was kept."""
    record = store.get_story(story_id)
    body = store.cached_report(story_id, "json", record.members_key)
    if body is None:
        return False
    summary = digest(json.loads(body)).to_json()
    return store.add_report_version(story_id, record.members_key, digest=summary, report=body)
