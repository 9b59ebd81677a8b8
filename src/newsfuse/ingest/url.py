"""Fetching an article URL: the guarded GET of `newsfuse.ingest.fetch`, article types only."""

from __future__ import annotations

import ssl
from dataclasses import dataclass

from newsfuse.errors import FetchError
from newsfuse.ingest.fetch import Resolver, check_target, guarded_get, is_public, resolve

__all__ = ["Fetched", "check_target", "fetch_url", "is_public", "is_url", "resolve"]

_ACCEPTED = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
             "application/rdf", "application/json", "application/x-ndjson", "application/jsonl",
             "application/warc", "application/feed")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched document: the final URL after redirects, its bytes and its media type."""

    url: str
    data: bytes
    content_type: str
    charset: str | None = None


def is_url(source: str) -> bool:
    """True for an http:// or https:// address (anything else is read as a path)."""
    return source.startswith(("http://", "https://"))


def fetch_url(
    url: str,
    *,
    timeout_s: float,
    max_bytes: int,
    allow_private: bool = False,
    verify: ssl.SSLContext | bool = True,
    resolver: Resolver | None = None,
) -> Fetched:
    """GET `url` through `guarded_get` (its guarantees hold: each hop resolved once, checked
    and connected to by address; bounded in size and time), accepting only text, HTML, XML,
    JSON and WARC media types. `verify` is passed to httpx (an SSLContext with extra CAs, say).

    Raises:
        FetchError: the URL is refused, unreachable, too large, of another type, or answers
            with an error status.
    """
    got = guarded_get(
        url,
        timeout_s=timeout_s,
        max_bytes=max_bytes,
        allow_private=allow_private,
        accept=_ACCEPTED,
        verify=verify,
        resolver=resolver,
    )
    if not 200 <= got.status < 300:
        raise FetchError(f"{got.url}: the server answered {got.status}; check the address")
    return Fetched(url=got.url, data=got.data, content_type=got.media_type, charset=got.charset)
