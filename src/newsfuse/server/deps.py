"""FastAPI dependencies: the shared Service, and the bearer-token checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from newsfuse.server.auth import bearer_ok
from newsfuse.server.service import Service

_bearer = HTTPBearer(
    auto_error=False, description="NEWSFUSE_API_TOKEN, or the one printed at start"
)


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def _check(request: Request, credentials: HTTPAuthorizationCredentials | None) -> None:
    service = get_service(request)
    header = f"Bearer {credentials.credentials}" if credentials else None
    if not bearer_ok(header, service.token_digest):
        raise HTTPException(
            401,
            "this endpoint needs `Authorization: Bearer <token>` with the server's API token",
            headers={"WWW-Authenticate": "Bearer"},
        )


def require_writer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Write endpoints always need the token."""
    _check(request, credentials)


def require_reader(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Reads are open, unless the server runs with --private."""
    if get_service(request).settings.private:
        _check(request, credentials)


Writer = Depends(require_writer)
Reader = Depends(require_reader)
