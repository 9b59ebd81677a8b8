"""POST /api/articles (JSON, or raw text/HTML with metadata) and GET /api/articles/{id}."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from newsfuse.errors import InputError, NewsfuseError
from newsfuse.models import Article
from newsfuse.server.convert import Meta, article_from_body, article_from_in
from newsfuse.server.deps import Reader, ServiceDep, Writer
from newsfuse.server.errors import ApiError
from newsfuse.server.schemas import (
    AddArticlesOut,
    AddedItem,
    ArticleBatch,
    ArticleIn,
    ArticleOut,
    SkippedItem,
)
from newsfuse.server.service import Service

router = APIRouter(prefix="/api/articles", tags=["articles"])

REF = "#/components/schemas/{model}"
JSON_BODY = TypeAdapter(ArticleIn | ArticleBatch | list[ArticleIn])
RAW_TYPES = ("text/plain", "text/markdown", "text/html", "application/xhtml+xml")
OPENAPI_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": JSON_BODY.json_schema(ref_template=REF)},
            "text/plain": {"schema": {"type": "string", "minLength": 1}},
            "text/html": {"schema": {"type": "string", "minLength": 1}},
        },
    }
}


def article_out(article: Article, story_id: str | None = None) -> ArticleOut:
    data = dataclasses.asdict(article)
    data["credited_sources"] = list(article.credited_sources)
    data["boilerplate"] = list(article.boilerplate)
    return ArticleOut(**data, story_id=story_id)


def _parse_json(raw: bytes) -> list[ArticleIn]:
    try:
        payload = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(
            400, "bad_json", f"the body is not valid JSON ({exc}); fix and resend"
        ) from exc
    try:
        parsed = JSON_BODY.validate_python(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise ApiError(422, "invalid_request", f"{where}: {first['msg']}") from exc
    if isinstance(parsed, ArticleIn):
        return [parsed]
    return list(parsed.articles if isinstance(parsed, ArticleBatch) else parsed)


def _media_type(request: Request) -> tuple[str, str | None]:
    header = request.headers.get("content-type", "")
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip('"')
    return kind.strip().lower(), charset


def _convert(items: list[ArticleIn], base: str) -> tuple[list[Article], list[SkippedItem]]:
    articles: list[Article] = []
    skipped: list[SkippedItem] = []
    for index, item in enumerate(items):
        try:
            articles.append(article_from_in(item, default_source=base))
        except NewsfuseError as exc:
            source = item.source or f"{base}#{index}"
            skipped.append(SkippedItem(index=index, source=source, reason=str(exc)))
    return articles, skipped


def _raw_article(raw: bytes, *, kind: str, charset: str | None, meta: Meta) -> Article:
    from newsfuse.ingest.decode import decode_bytes

    decoded = decode_bytes(raw, source="request body", encoding=charset)
    html = kind in ("text/html", "application/xhtml+xml")
    return article_from_body(decoded.text, html=html, meta=meta, default_source="api")


def _store(service: Service, articles: list[Article], skipped: list[SkippedItem]) -> AddArticlesOut:
    if not articles:
        reasons = "; ".join(s.reason for s in skipped[:3]) or "no article in the body"
        raise InputError(f"nothing stored: {reasons}")
    stored = service.add_articles(articles)
    items = [
        AddedItem(id=s.id, status="added" if s.added else "present", story_id=s.story_id)
        for s in stored
    ]
    added = sum(s.added for s in stored)
    return AddArticlesOut(added=added, present=len(stored) - added, articles=items, skipped=skipped)


Text = Annotated[str | None, Query(max_length=2000)]


@router.post(
    "",
    response_model=AddArticlesOut,
    dependencies=[Writer],
    openapi_extra=OPENAPI_BODY,
    responses={201: {"description": "at least one article was new"}},
    summary="Store one article or a batch (JSON), or one raw text/HTML article",
)
async def post_articles(
    request: Request,
    response: Response,
    service: ServiceDep,
    title: Text = None,
    outlet: Text = None,
    byline: Text = None,
    published: Annotated[str | None, Query(max_length=64)] = None,
    source: Text = None,
    url: Text = None,
    id: Text = None,
    x_article_title: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> AddArticlesOut:
    """JSON: one article, `{"articles": [...]}` or a list. Raw text/plain or text/html: one
    article, metadata in the query (or X-Article-Title). Answers 201 when something was new."""
    kind, charset = _media_type(request)
    raw = await request.body()
    if kind == "application/json" or kind.endswith("+json"):
        items = _parse_json(raw)
        if len(items) > service.settings.max_batch:
            raise ApiError(
                413,
                "too_large",
                f"{len(items)} articles; send at most {service.settings.max_batch} per request",
            )
        articles, skipped = await run_in_threadpool(_convert, items, "api")
    elif kind in RAW_TYPES:
        meta = Meta(source, title or x_article_title, outlet, byline, published, url, id)
        article = await run_in_threadpool(_raw_article, raw, kind=kind, charset=charset, meta=meta)
        articles, skipped = [article], []
    else:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {kind or 'missing'}; send application/json, text/plain or text/html",
        )
    result = await run_in_threadpool(_store, service, articles, skipped)
    response.status_code = 201 if result.added else 200
    return result


@router.get("/{article_id}", response_model=ArticleOut, dependencies=[Reader])
async def get_article(article_id: str, service: ServiceDep) -> ArticleOut:
    """One stored article: its cleaned text, metadata, and the story it belongs to."""
    article = await run_in_threadpool(service.get_article, article_id)
    story_id = await run_in_threadpool(service.story_of, article_id)
    return article_out(article, story_id)
