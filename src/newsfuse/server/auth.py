"""Bearer-token checks for write endpoints (and reads, on a private server).

Only the token's SHA-256 is kept in memory and on disk: a token printed once at start cannot be
recovered from the server's files.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from newsfuse.server.config import ServerSettings, token_path


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class TokenSetup:
    """The accepted token's hash; ``new_token`` is set only when one was just generated."""

    digest: str
    new_token: str | None = None


def setup_token(settings: ServerSettings) -> TokenSetup:
    """The token the server accepts: NEWSFUSE_API_TOKEN, else the stored hash, else a new one.

    A new token is 32 random bytes (URL-safe); its hash is written with mode 0600 and the token
    itself is returned once so the caller can print it.
    """
    if settings.api_token:
        return TokenSetup(token_hash(settings.api_token))
    path = token_path(settings)
    if path.is_file():
        digest = path.read_text(encoding="ascii").strip()
        if len(digest) == 64:
            return TokenSetup(digest)
    token = secrets.token_urlsafe(32)
    _write_private(path, token_hash(token))
    return TokenSetup(token_hash(token), new_token=token)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text + "\n")


def bearer_ok(header: str | None, digest: str) -> bool:
    """True when an ``Authorization: Bearer <token>`` header carries the accepted token."""
    if not header:
        return False
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    return hmac.compare_digest(token_hash(token.strip()), digest)
