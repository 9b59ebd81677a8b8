"""Stories over loopback: the five seeds posted one by one form one story with a valid report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema

Auth = dict[str, str]


def test_seeds_posted_one_by_one_form_one_story_with_a_valid_report(
    seeded: Any, shared_dir: Path, tmp_path: Path
) -> None:
    with seeded.client() as client:
        listing = client.get("/api/stories").json()
        assert listing["page"] == 1 and listing["more"] is False
        assert len(listing["stories"]) == 1
        story = listing["stories"][0]
        assert story["size"] == 5 and len(story["article_ids"]) == 5
        for article_id in story["article_ids"]:
            assert client.get(f"/api/articles/{article_id}").json()["story_id"] == story["id"]
        response = client.get(f"/api/stories/{story['id']}")
        assert response.status_code == 200, response.text
        report = response.json()
        schema = json.loads((shared_dir / "contracts" / "report.schema.json").read_text())
        jsonschema.Draft202012Validator(schema).validate(report)
        path = tmp_path / "story.json"
        path.write_text(response.text, encoding="utf-8")
        hook = shared_dir / "hooks" / "check_report.py"
        check = subprocess.run([sys.executable, str(hook), str(path)], capture_output=True)
        assert check.returncode == 0, check.stdout
        assert report["story"]["id"] == story["id"] and len(report["documents"]) == 5
        again = client.get(f"/api/stories/{story['id']}")
        assert again.content == response.content  # served from the cache: same bytes
        html = client.get(f"/api/stories/{story['id']}/report.html")
        assert html.status_code == 200 and "What we know" in html.text
        assert html.headers["content-security-policy"] == "frame-ancestors 'self'"


def test_story_list_filters_and_pages(seeded: Any) -> None:
    with seeded.client() as client:
        story = client.get("/api/stories").json()["stories"][0]
        word = story["title"].split()[0]
        assert len(client.get("/api/stories", params={"q": word}).json()["stories"]) == 1
        assert client.get("/api/stories", params={"q": "zzqx-nothing"}).json()["stories"] == []
        assert client.get("/api/stories", params={"page": 2}).json()["stories"] == []
        future = client.get("/api/stories", params={"since": "2999-01-01"}).json()
        assert future["stories"] == []
        bad = client.get("/api/stories", params={"since": "yesterday"})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"


def test_unknown_story_is_a_json_404(live: Any) -> None:
    with live.client() as client:
        for path in ("/api/stories/nope", "/api/stories/nope/report.html"):
            response = client.get(path)
            assert response.status_code == 404
            assert response.json()["error"]["code"] == "not_found"
