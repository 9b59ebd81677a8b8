"""POST /api/fuse over loopback: the seeds in, the contract report out, nothing stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema

Auth = dict[str, str]


def check_report(report: dict[str, Any], shared_dir: Path, tmp_path: Path) -> None:
    """The lead's contract check (schema, exact spans, cited brief), as for `newsfuse fuse`."""
    schema = json.loads((shared_dir / "contracts" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    hook = shared_dir / "hooks" / "check_report.py"
    done = subprocess.run([sys.executable, str(hook), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_fuse_the_seeds_without_storing_them(
    live: Any, auth: Auth, seed_paths: list[Path], shared_dir: Path, tmp_path: Path
) -> None:
    texts = [p.read_text(encoding="utf-8") for p in seed_paths]
    body = {"documents": texts[:4] + [{"text": texts[4], "outlet": "Given Outlet"}]}
    body["story_id"] = "homs-2024"
    with live.client(headers=auth) as client:
        response = client.post("/api/fuse", json=body)
        assert response.status_code == 200, response.text
        report = response.json()
        check_report(report, shared_dir, tmp_path)
        assert report["story"]["id"] == "homs-2024" and len(report["documents"]) == 5
        assert "Given Outlet" in {d["outlet"] for d in report["documents"]}
        assert report["brief"] and report["facts"]
        health = client.get("/api/health").json()
        assert health["articles"] == 0 and health["models_loaded"] is True
        html = client.post("/api/fuse", params={"format": "html"}, json={"documents": texts[:2]})
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert "What we know" in html.text


def test_fuse_refuses_bad_documents(live: Any, auth: Auth) -> None:
    with live.client(headers=auth) as client:
        empty = client.post("/api/fuse", json={"documents": []})
        assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_request"
        blank = client.post("/api/fuse", json={"documents": ["  \n "]})
        assert blank.status_code == 400 and "documents[0]" in blank.json()["error"]["message"]
        extra = client.post("/api/fuse", json={"documents": ["Words."], "mode": "fast"})
        assert extra.status_code == 422
        anonymous = client.post(
            "/api/fuse", json={"documents": ["Words."]}, headers={"Authorization": ""}
        )
        assert anonymous.status_code == 401
