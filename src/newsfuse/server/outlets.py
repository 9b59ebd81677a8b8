"""Outlet profiles a user supplies (`newsfuse serve --outlets FILE`), and a story's coverage.

newsfuse ships no ratings. A profile file (CSV with a header, or a JSON list of objects) has
the fields domain, name, country, owner, lean, factuality and state_affiliated; only domain or
name is required. A report matches a profile by its address's domain (a subdomain matches its
parent) or by its outlet name. Without a file, a report's profile is what the article says:
its outlet and the agencies it credits.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.models import Article
from newsfuse.store.summary import Member, outlet_of

FIELDS = ("domain", "name", "country", "owner", "lean", "factuality", "state_affiliated")
# Leans read as one side or the other; anything else (centre, mixed, unrated) is neither.
_LEFT = {"left", "lean left", "center-left", "centre-left", "left-center", "left-centre"}
_RIGHT = {"right", "lean right", "center-right", "centre-right", "right-center", "right-centre"}


@dataclass(frozen=True, slots=True)
class OutletProfile:
    domain: str | None
    name: str | None
    country: str | None = None
    owner: str | None = None
    lean: str | None = None
    factuality: str | None = None
    state_affiliated: bool | None = None

    @property
    def side(self) -> str | None:
        lean = (self.lean or "").strip().casefold()
        return "left" if lean in _LEFT else "right" if lean in _RIGHT else None


@dataclass(frozen=True, slots=True)
class Profiles:
    """The loaded profiles, by domain and by casefolded name."""

    by_domain: dict[str, OutletProfile]
    by_name: dict[str, OutletProfile]

    def find(self, article: Article) -> OutletProfile | None:
        """The profile of this article's outlet (by domain, then by name), if any."""
        member = Member(article.id, article.title, None, article.url, None, "")
        host = outlet_of(member)
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            host = host.partition(".")[2] if host.count(".") > 1 else ""
        name = (article.outlet or "").strip().casefold()
        return self.by_name.get(name) or self.by_domain.get(name)


NO_PROFILES = Profiles({}, {})


def load_profiles(path: Path) -> Profiles:
    """Read a CSV or JSON profile file.

    Raises:
        InputError: the file is missing, not UTF-8, not CSV/JSON of the expected fields, or a
            row has neither domain nor name.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the outlet file ({exc}); pass a UTF-8 file") from exc
    rows = _json_rows(path, text) if text.lstrip().startswith(("[", "{")) else _csv_rows(text)
    profiles = [_profile(path, number, row) for number, row in enumerate(rows, start=1)]
    return Profiles(
        {p.domain: p for p in profiles if p.domain},
        {p.name.casefold(): p for p in profiles if p.name},
    )


def _json_rows(path: Path, text: str) -> list[dict[str, object]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON ({exc.msg}); give a list of outlets") from exc
    rows = data.get("outlets") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(f"{path}: expected a JSON list of objects with {', '.join(FIELDS)}")
    return rows


def _csv_rows(text: str) -> list[dict[str, object]]:
    return [dict(row) for row in csv.DictReader(text.splitlines())]


def _profile(path: Path, number: int, row: dict[str, object]) -> OutletProfile:
    def text(key: str) -> str | None:
        value = row.get(key)
        return str(value).strip() or None if value not in (None, "") else None

    domain = text("domain")
    if domain:
        domain = domain.casefold().removeprefix("https://").removeprefix("http://")
        domain = domain.split("/", 1)[0].removeprefix("www.")
    if not (domain or text("name")):
        raise InputError(f"{path}: outlet {number} has neither domain nor name")
    state = row.get("state_affiliated")
    flag = (
        state
        if isinstance(state, bool)
        else _truth(str(state))
        if state not in (None, "")
        else None
    )
    return OutletProfile(
        domain, text("name"), text("country"), text("owner"), text("lean"), text("factuality"), flag
    )


def _truth(value: str) -> bool | None:
    low = value.strip().casefold()
    return (
        True
        if low in ("1", "true", "yes", "y")
        else False
        if low in ("0", "false", "no", "n")
        else None
    )


@dataclass(frozen=True, slots=True)
class Coverage:
    """A story's coverage by the profiled outlets: reports per lean, and the side that does
    not cover it when only one side does (a blindspot)."""

    by_lean: tuple[tuple[str, int], ...]
    profiled: int
    blindspot: str | None  # "left" or "right": the side that is missing
    state_affiliated: int


def coverage(profiles: Sequence[OutletProfile | None]) -> Coverage:
    """Counts over the story's reports (None: a report with no profile). A blindspot needs at
    least two profiled reports with a side, all on one side."""
    known = [p for p in profiles if p is not None]
    leans = Counter((p.lean or "unrated") for p in known)
    sides = Counter(p.side for p in known if p.side)
    blind = None
    if sum(sides.values()) >= 2 and len(sides) == 1:
        blind = "right" if "left" in sides else "left"
    return Coverage(
        by_lean=tuple(sorted(leans.items(), key=lambda kv: -kv[1])),
        profiled=len(known),
        blindspot=blind,
        state_affiliated=sum(1 for p in known if p.state_affiliated),
    )


def credits(articles: Iterable[Article]) -> list[tuple[str, int]]:
    """Agencies the reports credit, with how many reports credit each (profiles from what the
    articles say, when no file is given)."""
    found = Counter(c for a in articles for c in dict.fromkeys(a.credited_sources))
    return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
