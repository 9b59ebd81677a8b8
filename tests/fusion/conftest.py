"""Fusion fixtures: the seeds' report is fused once per run (tests/conftest.py `fused_seeds`)."""

from __future__ import annotations

from pathlib import Path
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
