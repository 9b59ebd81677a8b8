"""The analysis as JSON-ready data (what `newsfuse analyze --format json` prints)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from newsfuse.models import Article, DocAnalysis, Entity


def analysis_to_dict(article: Article, analysis: DocAnalysis) -> dict[str, object]:
    """One article's analysis: its id, source and title, then every span with offsets."""
    data = asdict(analysis)
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        **{k: v for k, v in data.items() if k != "article_id"},
    }


def entity_to_dict(entity: Entity) -> dict[str, object]:
    return {**asdict(entity), "doc_ids": list(entity.doc_ids)}


def analyses_to_dict(
    articles: Sequence[Article], analyses: Sequence[DocAnalysis], entities: Sequence[Entity]
) -> dict[str, object]:
    """``{"documents": [...], "entities": [...]}`` for articles and their analyses (same order)."""
    return {
        "documents": [analysis_to_dict(a, n) for a, n in zip(articles, analyses, strict=True)],
        "entities": [entity_to_dict(e) for e in entities],
    }
