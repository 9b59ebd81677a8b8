"""Articles as JSON-ready dicts and back: the shape `newsfuse extract` prints and JSONL re-reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsfuse.models import Article

_OPTIONAL = ("title", "outlet", "byline", "published", "external_id", "url", "language")


def article_to_dict(article: Article) -> dict[str, Any]:
    """Every field of `article`, tuples as lists, in the model's field order."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published,
        "credited_sources": list(article.credited_sources),
        "url": article.url,
        "external_id": article.external_id,
        "language": article.language,
        "text": article.text,
        "boilerplate": list(article.boilerplate),
    }


def article_from_dict(data: Mapping[str, Any]) -> Article:
    """The inverse of `article_to_dict`: the stored id and fields are kept as they are."""
    optional = {key: data.get(key) for key in _OPTIONAL}
    return Article(
        id=str(data["id"]),
        source=str(data["source"]),
        text=str(data["text"]),
        credited_sources=tuple(data.get("credited_sources") or ()),
        boilerplate=tuple(data.get("boilerplate") or ()),
        **optional,
    )
