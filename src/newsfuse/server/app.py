"""The FastAPI application factory: routes, error shape, limits, and the shared Service."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool

import newsfuse
from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.server import api_articles, api_feeds, api_fuse, api_stories, ui
from newsfuse.server.auth import setup_token
from newsfuse.server.config import server_settings
from newsfuse.server.deps import ServiceDep
from newsfuse.server.errors import install_error_handlers
from newsfuse.server.limits import BodyLimitMiddleware, RateLimitMiddleware
from newsfuse.server.schemas import Health
from newsfuse.server.service import Service

log = logging.getLogger("newsfuse.server")


def create_app(settings: Settings | None = None, *, store: Any = None) -> FastAPI:
    """The service as a FastAPI app, behind the body-size and per-client rate limits.

    ``store`` defaults to ``open_store(settings.db)``; the app closes only a store it opened.
    A generated API token is printed once on stderr and only its hash is kept.

    Raises:
        StoreError: the database cannot be opened or migrated.
    """
    conf = server_settings(settings)
    owned = store is None
    if store is None:
        from newsfuse.store import open_store

        store = open_store(conf.db)
    token = setup_token(conf)
    if token.new_token:
        print(
            f"newsfuse: API token (shown once, only its hash is kept): {token.new_token}",
            flush=True,
        )
    service = Service(conf, store, token.digest)
    app = _fastapi(service, owned=owned)
    app.state.service = service
    # Added last is outermost: the size check runs before the rate limit and the routes.
    app.add_middleware(RateLimitMiddleware, rate=conf.rate_per_s, burst=conf.rate_burst)
    app.add_middleware(BodyLimitMiddleware, max_bytes=conf.max_body_bytes)
    return app


def _fastapi(service: Service, *, owned: bool) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(_recover, service)
        poller = service.feed_poller() if service.settings.feed_workers else None
        if poller is not None:
            poller.start()
        yield
        if poller is not None:
            await run_in_threadpool(poller.stop)
        if owned:
            await run_in_threadpool(service.store.close)

    app = FastAPI(
        title="newsfuse",
        version=newsfuse.__version__,
        summary="Many news reports of one event in, one verified, cited account out.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(api_articles.router)
    app.include_router(api_fuse.router)
    app.include_router(api_stories.router)
    app.include_router(api_feeds.router)
    app.include_router(ui.router)
    app.add_api_route("/api/health", health, methods=["GET"], response_model=Health, tags=["meta"])
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _recover(service: Service) -> None:
    """Place the articles a previous process stored but did not place (and rebuild a lost
    clusterer state); a failure is logged, not fatal: the next POST tries again."""
    try:
        done = service.recover()
    except NewsfuseError as exc:
        log.warning("could not place unplaced articles on start: %s", exc)
        return
    if done.rebuilt or done.placed:
        log.warning(
            "stories: rebuilt state %s (%d live stories), placed %d unplaced articles",
            "yes" if done.rebuilt else "no", done.live_stories, done.placed,
        )  # fmt: skip


async def health(service: ServiceDep) -> Health:
    """Liveness and what the server holds; never needs the token."""
    count = await run_in_threadpool(service.count_articles)
    return Health(
        status="ok",
        version=newsfuse.__version__,
        store=service.store_kind,
        articles=count,
        models_loaded=service.session.models_loaded,
        private=service.settings.private,
    )


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the component schemas named by hand-written request bodies."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, summary=app.summary, routes=app.routes
    )
    defs = api_articles.JSON_BODY.json_schema(ref_template="#/components/schemas/{model}")
    schema.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
    for path in schema.get("paths", {}).values():
        body = path.get("post", {}).get("requestBody", {}).get("content", {})
        body.get("application/json", {}).get("schema", {}).pop("$defs", None)
    app.openapi_schema = schema
    return schema
