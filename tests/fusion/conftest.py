"""Fusion fixtures: the seeds' report is fused once per run (tests/conftest.py `fused_seeds`)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsfuse.fusion.embed import EmbeddingCache
from newsfuse.models import Article, Report


@pytest.fixture(scope="session")
def embedding_cache() -> EmbeddingCache:
    return EmbeddingCache()


@pytest.fixture(scope="session")
def seed_articles(seed_story: tuple[list[Article], list[Any]]) -> list[Article]:
    return seed_story[0]


@pytest.fixture(scope="session")
def seed_ids(seed_articles: list[Article]) -> dict[str, str]:
    """ "000" .. "004" (the seed file's prefix) -> document id."""
    return {Path(a.source).name[:3]: a.id for a in seed_articles}


@pytest.fixture(scope="session")
def seed_report(fused_seeds: Report) -> Report:
    return fused_seeds


def load_judge_server() -> ModuleType:
    """tests/fusion/judge_server.py imported by path (tests are not a package)."""
    name = "fusion_judge_server"
    if name not in sys.modules:
        path = Path(__file__).with_name("judge_server.py")
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def judge_server() -> Iterator[Any]:
    """A chat-completions endpoint on 127.0.0.1 that answers as its path says (see the file)."""
    state, httpd = load_judge_server().start()
    yield state
    httpd.shutdown()
    httpd.server_close()
