"""Updates: each new member set's report is kept; the page and the API say what changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsfuse.server.updates import Digest, updates
from newsfuse.store import ReportVersion

Auth = dict[str, str]


def _version(at: str, digest: Digest) -> ReportVersion:
    return ReportVersion("s1", at, at, digest.to_json(), "")


def test_an_update_lists_new_facts_conflicts_outlets_and_figures() -> None:
    one = Digest(
        2,
        {"rebels took 2 towns": ("Rebels took 2 towns", 1), "a": ("A", 2)},
        {"date:start of the war": "start of the war"},
        ("bbc.co.uk",),
    )
    two = Digest(
        3,
        {"rebels took 2 towns": ("Rebels took 2 towns", 2), "b": ("B", 1), "a": ("A", 3)},
        {"number:people fleeing": "people fleeing"},
        ("bbc.co.uk", "Reuters"),
    )
    found = updates([_version("2026-01-01T00:00", one), _version("2026-01-02T00:00", two)])
    assert [u.first for u in found] == [False, True]
    latest = found[0]
    assert latest.new_facts == ("B",) and latest.new_outlets == ("Reuters",)
    assert latest.new_conflicts == ("people fleeing",)
    assert latest.resolved_conflicts == ("start of the war",)
    # "A" changed support too, but only a fact stating a number is a figure.
    assert [(f.statement, f.before, f.after) for f in latest.figures] == [
        ("Rebels took 2 towns", 1, 2)
    ]
    assert updates([_version("2026-01-01T00:00", one)], since="2026-01-01T00:00") == []


def test_changes_after_new_reports_join(live: Any, auth: Auth, seed_paths: list[Path]) -> None:
    with live.client(headers=auth) as client:
        for path in seed_paths[:3]:
            posted = client.post("/api/articles", json={"text": path.read_text("utf-8")})
        story = posted.json()["articles"][0]["story_id"]
        assert client.get(f"/stories/{story}").status_code == 200  # the first version
        first = client.get(f"/api/stories/{story}/changes").json()["updates"]
        assert [u["first"] for u in first] == [True]
        for path in seed_paths[3:]:
            client.post("/api/articles", json={"text": path.read_text("utf-8")})
        assert client.get("/api/stories").json()["stories"][0]["size"] == 5
        page = client.get(f"/stories/{story}")  # fused again: a second version
        changes = client.get(f"/api/stories/{story}/changes").json()["updates"]
        assert [u["reports"] for u in changes] == [5, 3]
        assert changes[0]["new_facts"] and not changes[0]["first"]
        assert 'class="update"' in page.text and "new fact" in page.text
        later = client.get(f"/api/stories/{story}/changes", params={"since": first[0]["at"]})
        assert [u["reports"] for u in later.json()["updates"]] == [5]
        assert client.get("/api/stories/nope/changes").status_code == 404
