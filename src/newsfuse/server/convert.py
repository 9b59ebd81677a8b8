"""Posted bodies to Articles, through the same readers the CLI uses."""

from __future__ import annotations

import dataclasses

from newsfuse.errors import InputError
from newsfuse.models import Article
from newsfuse.server.schemas import ArticleIn


@dataclasses.dataclass(frozen=True, slots=True)
class Meta:
    """Metadata given beside a body (JSON fields, or query parameters / headers for raw text)."""

    source: str | None = None
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    url: str | None = None
    external_id: str | None = None


def article_from_body(body: str, *, html: bool, meta: Meta, default_source: str) -> Article:
    """An Article from posted text or HTML; explicit metadata wins over what the reader finds.

    Raises:
        InputError: no article text could be found in the body.
    """
    source = meta.source or meta.url or default_source
    if html:
        from newsfuse.ingest.html import article_from_html

        article = article_from_html(body, source=source, url=meta.url)
    else:
        from newsfuse.ingest import article_from_text

        article = article_from_text(body, source=source, url=meta.url)
    return _with_meta(article, meta)


def _with_meta(article: Article, meta: Meta) -> Article:
    return dataclasses.replace(
        article,
        title=meta.title or article.title,
        outlet=meta.outlet or article.outlet,
        byline=meta.byline or article.byline,
        published=meta.published or article.published,
        url=meta.url or article.url,
        external_id=meta.external_id or article.external_id,
    )


def article_from_in(item: ArticleIn, *, default_source: str) -> Article:
    """An Article from one JSON item (``text`` or ``html``).

    Raises:
        InputError: no article text could be found.
    """
    meta = Meta(
        source=item.source,
        title=item.title,
        outlet=item.outlet,
        byline=item.byline,
        published=item.published,
        url=str(item.url) if item.url is not None else None,
        external_id=item.id,
    )
    body = item.html if item.html is not None else item.text
    if body is None:  # the schema guarantees one of them; this keeps the types honest
        raise InputError(f"{default_source}: give `text` or `html`")
    return article_from_body(
        body, html=item.html is not None, meta=meta, default_source=default_source
    )
