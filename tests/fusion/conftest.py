"""Fusion fixtures: the seeds fused once per session (analysis and embeddings are the cost)."""

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
def seed_articles(seed_paths: list[Path]) -> list[Article]:
    from newsfuse.pipeline import articles_from_sources

    return articles_from_sources(seed_paths)


@pytest.fixture(scope="session")
def seed_ids(seed_articles: list[Article]) -> dict[str, str]:
    """ "000" .. "004" (the seed file's prefix) -> document id."""
    return {Path(a.source).name[:3]: a.id for a in seed_articles}


@pytest.fixture(scope="session")
def seed_report(
    seed_articles: list[Article], nlp: Any, encoder: Any, embedding_cache: EmbeddingCache
) -> Report:
    from newsfuse.pipeline import fuse_articles

    return fuse_articles(seed_articles, nlp=nlp, encoder=encoder, cache=embedding_cache)
