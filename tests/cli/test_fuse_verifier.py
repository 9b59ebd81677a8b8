"""`newsfuse fuse --verifier URL`: a chat endpoint on 127.0.0.1 judges the rules' conflicts."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
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


def _server_module() -> ModuleType:
    name = "fusion_judge_server"
    if name not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "fusion" / "judge_server.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    state, httpd = _server_module().start()
    yield state
    httpd.shutdown()
    httpd.server_close()


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


def test_a_rejecting_judge_removes_the_rules_conflict(server: Any, story: Path) -> None:
    assert [c["kind"] for c in _conflicts([str(story)])] == ["date"]
    assert _conflicts([str(story), "--verifier", server.url("reject")]) == []
    asked = server.calls("reject")
    assert len(asked) == 1 and "2011" in asked[0].body["messages"][1]["content"]


def test_the_endpoint_comes_from_the_environment_too(
    server: Any, story: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFUSE_VERIFIER_URL", server.url("confirm"))
    assert [c["kind"] for c in _conflicts([str(story), "--verifier-model", "m7"])] == ["date"]
    assert server.calls("confirm")[-1].body["model"] == "m7"


def test_a_refused_key_is_one_line_and_exit_1(server: Any, story: Path) -> None:
    result = CliRunner().invoke(app, ["fuse", str(story), "--verifier", server.url("denied")])
    assert result.exit_code == 1
    assert "NEWSFUSE_VERIFIER_API_KEY" in result.output
    assert len(result.output.strip().splitlines()) == 1
