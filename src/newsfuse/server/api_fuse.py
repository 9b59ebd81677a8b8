"""POST /api/fuse: one report from posted documents, nothing stored."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from newsfuse.errors import InputError, NewsfuseError
from newsfuse.models import Article, Report
from newsfuse.server.convert import Meta, article_from_body, article_from_in
from newsfuse.server.deps import ServiceDep, Writer
from newsfuse.server.schemas import FuseIn

router = APIRouter(prefix="/api", tags=["fuse"])

REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the report: contract JSON (report.schema.json), or HTML / Markdown",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/html": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
        },
    }
}


def report_response(report: Report, fmt: str) -> Response:
    """The report in the asked format (JSON is the contract of report.schema.json)."""
    if fmt == "json":
        from newsfuse.render.json import report_to_dict

        return JSONResponse(report_to_dict(report))
    from newsfuse.render import render_report

    if fmt == "html":
        return HTMLResponse(render_report(report, "html"))
    return PlainTextResponse(render_report(report, "md"), media_type="text/markdown")


def _articles(body: FuseIn) -> list[Article]:
    articles: list[Article] = []
    for index, doc in enumerate(body.documents):
        source = f"document {index}"
        try:
            if isinstance(doc, str):
                articles.append(
                    article_from_body(doc, html=False, meta=Meta(), default_source=source)
                )
            else:
                articles.append(article_from_in(doc, default_source=source))
        except NewsfuseError as exc:
            raise InputError(f"documents[{index}]: {exc}") from exc
    return articles


@router.post(
    "/fuse",
    dependencies=[Writer],
    responses=REPORT_RESPONSES,
    response_class=JSONResponse,
    summary="Fuse posted documents into one report without storing them",
)
async def fuse(
    body: FuseIn,
    service: ServiceDep,
    format: Annotated[Literal["json", "html", "md"], Query()] = "json",
) -> Response:
    """Documents are article texts, or objects like those of POST /api/articles."""
    if len(body.documents) > service.settings.max_batch:
        raise InputError(
            f"{len(body.documents)} documents; fuse at most {service.settings.max_batch} at once"
        )
    articles = await run_in_threadpool(_articles, body)
    report = await run_in_threadpool(
        service.session.fuse, articles, brief_words=body.brief_words, story_id=body.story_id
    )
    return report_response(report, format)
