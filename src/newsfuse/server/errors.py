"""Every error the service answers has one JSON shape: {"error": {"code": ..., "message": ...}}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsfuse.errors import ModelError, NewsfuseError, NotFoundError, StoreError

log = logging.getLogger("newsfuse.server")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
}


class ApiError(Exception):
    """An error a route raises on purpose: status, code and a message that says what to do."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(status: int, code: str, message: str, **headers: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers or None
    )


def _respond(request: Request, status: int, code: str, message: str, **headers: str) -> Response:
    """JSON for the API (always), an HTML page for a browser asking for a UI page."""
    path = request.url.path
    browser = "text/html" in request.headers.get("accept", "")
    if path.startswith("/api/") or path == "/openapi.json" or not browser:
        return error_response(status, code, message, **headers)
    from newsfuse.server.ui import page

    title = code.replace("_", " ")
    context = {"status": status, "title": title, "message": message}
    response = page(request, "error.html", context, status=status)
    response.headers.update(headers)
    return response


def newsfuse_status(exc: NewsfuseError) -> int:
    """404 for a missing item, 503 for a server-side model or store fault, else 400."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ModelError | StoreError):
        return 503
    return 400


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def install_error_handlers(app: FastAPI) -> None:
    """Route every failure (HTTP, validation, library, unexpected) through the JSON shape."""

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404 and message == "Not Found":
            message = f"no route {request.url.path}; see /docs for the API"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; see /docs"
        return _respond(request, exc.status_code, code, message, **(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 422, "invalid_request", _validation_message(exc))

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(NewsfuseError)
    async def _library(request: Request, exc: NewsfuseError) -> Response:
        return _respond(request, newsfuse_status(exc), exc.code, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _respond(
            request, 500, "internal_error", "internal error; the server log has details"
        )
