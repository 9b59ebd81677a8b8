"""Seed articles and their analysis, computed once for the analyze tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsfuse.analyze import analyze_articles, resolve_entities
from newsfuse.ingest import article_from_text
from newsfuse.models import Article, DocAnalysis, Entity, content_id


def _article(path: Path) -> Article:
    """A seed as ingest reads it: tag lines, credit lines and see-also links removed."""
    return article_from_text(path.read_text(encoding="utf-8"), source=str(path))


@pytest.fixture(scope="session")
def seed_articles(seed_paths: list[Path]) -> list[Article]:
    return [_article(p) for p in seed_paths]


@pytest.fixture(scope="session")
def seed_analyses(seed_articles: list[Article], nlp: Any) -> list[DocAnalysis]:
    return analyze_articles(seed_articles, nlp=nlp)


@pytest.fixture(scope="session")
def seed_entities(seed_articles: list[Article], seed_analyses: list[DocAnalysis]) -> list[Entity]:
    return resolve_entities(seed_articles, seed_analyses)


@pytest.fixture(scope="session")
def analyze_one(nlp: Any) -> Any:
    """Analyze one text (an article with that body) and return its DocAnalysis."""

    def run(text: str, published: str | None = None) -> DocAnalysis:
        article = Article(id=content_id(text), source="<test>", text=text, published=published)
        return analyze_articles([article], nlp=nlp)[0]

    return run
