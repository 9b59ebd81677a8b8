"""`newsfuse fuse --verifier URL`: a chat endpoint on 127.0.0.1 judges the rules' conflicts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

A = (
    "Rebels seized the towns of Rastan and Talbiseh on Friday, residents said. The Syrian civil "
    "war began in 2011 after a crackdown on peaceful protests, and it has killed hundreds of "
    "thousands of people.\n"
)
B = A.replace("began in 2011", "erupted in 2012").replace("residents said", "said residents")


@pytest.fixture
def story(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    return tmp_path


def _conflicts(args: list[str]) -> list[Any]:
    result = CliRunner().invoke(app, ["fuse", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    conflicts: list[Any] = json.loads(result.stdout)["conflicts"]
    return conflicts


def test_a_rejecting_judge_removes_the_rules_conflict(judge_server: Any, story: Path) -> None:
    assert [c["kind"] for c in _conflicts([str(story)])] == ["date"]
    before = len(judge_server.calls("reject"))  # the server is shared by the session's tests
    assert _conflicts([str(story), "--verifier", judge_server.url("reject")]) == []
    asked = judge_server.calls("reject")[before:]
    assert len(asked) == 1 and "2011" in asked[0].body["messages"][1]["content"]


def test_the_endpoint_comes_from_the_environment_too(
    judge_server: Any, story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFUSE_VERIFIER_URL", judge_server.url("confirm"))
    assert [c["kind"] for c in _conflicts([str(story), "--verifier-model", "m7"])] == ["date"]
    assert judge_server.calls("confirm")[-1].body["model"] == "m7"


def test_a_refused_key_is_one_line_and_exit_1(judge_server: Any, story: Path) -> None:
    result = CliRunner().invoke(app, ["fuse", str(story), "--verifier", judge_server.url("denied")])
    assert result.exit_code == 1
    assert "NEWSFUSE_VERIFIER_API_KEY" in result.output
    assert len(result.output.strip().splitlines()) == 1
