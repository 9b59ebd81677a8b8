"""Fetching a URL safely: timeouts, a size cap, a content-type check, no private addresses."""

from __future__ import annotations

import ipaddress
import socket
import ssl
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsfuse.errors import FetchError

if TYPE_CHECKING:
    import httpx

_MAX_REDIRECTS = 5
_ACCEPTED = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
             "application/rdf", "application/json", "application/x-ndjson", "application/jsonl",
             "application/warc", "application/feed")  # fmt: skip
_USER_AGENT = "newsfuse/0.1 (+https://pypi.org/project/newsfuse/)"


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
) -> Fetched:
    """GET `url`, following up to five redirects, each target checked before it is contacted.

    Guarantees: unless `allow_private`, no request goes to a host any of whose addresses is
    loopback, private, link-local or otherwise not global, and the connection is made to the
    address that was checked (no second DNS lookup to rebind); the body is streamed and the
    download stops as soon as it passes `max_bytes`; only text, HTML, XML, JSON and WARC
    media types are accepted. `verify` is passed to httpx (an SSLContext with extra CAs, say).

    Raises:
        FetchError: the URL is refused, unreachable, too large, of another type, or answers
            with an error status.
    """
    import httpx  # here, not at import: reading local files never needs it

    try:
        headers = {"User-Agent": _USER_AGENT}
        with httpx.Client(timeout=timeout_s, headers=headers, verify=verify) as client:
            for _ in range(_MAX_REDIRECTS + 1):
                response = _send(client, url, check_target(url, allow_private=allow_private))
                try:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _read(response, url=url, max_bytes=max_bytes)
                finally:
                    response.close()
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out after {timeout_s:g} s; try again later") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch ({exc}); check the address") from exc
    raise FetchError(f"{url}: more than {_MAX_REDIRECTS} redirects; give the final address")


def check_target(
    url: str, *, allow_private: bool
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """The addresses of a URL's host; refuse a URL that is not http(s) or (unless
    `allow_private`) whose host resolves to any non-public address.

    Raises:
        FetchError: the scheme is not http/https, the host does not resolve, or (unless
            `allow_private`) any of its addresses is loopback, private, link-local or reserved.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http:// and https:// URLs with a host can be fetched")
    try:
        addresses = resolve(parts.hostname, parts.port or 80)
    except (OSError, UnicodeError) as exc:
        raise FetchError(
            f"{url}: host {parts.hostname} does not resolve ({exc}); check it"
        ) from exc
    if not addresses:
        raise FetchError(f"{url}: host {parts.hostname} has no address; check it")
    if allow_private:
        return addresses
    for address in addresses:
        if not is_public(address):
            raise FetchError(
                f"{url}: refused, {parts.hostname} resolves to non-public address {address}; "
                "pass --allow-private to fetch from local or private networks"
            )
    return addresses


def _send(
    client: httpx.Client, url: str, addresses: list[ipaddress.IPv4Address | ipaddress.IPv6Address]
) -> httpx.Response:
    """Send the GET to each checked address in turn until one accepts the connection."""
    import httpx

    for address in addresses[:-1]:
        try:
            return client.send(_pinned_request(client, url, address), stream=True)
        except httpx.ConnectError:
            continue  # e.g. ::1 first while the server listens on 127.0.0.1 only
    return client.send(_pinned_request(client, url, addresses[-1]), stream=True)


def _pinned_request(
    client: httpx.Client, url: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address
) -> httpx.Request:
    """A GET for `url` sent to `address` itself, with the original Host header and TLS name."""
    parts = urlsplit(url)
    host = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{host}:{parts.port}" if parts.port else host
    pinned = parts._replace(netloc=netloc).geturl()
    host_header = parts.netloc.rsplit("@", 1)[-1]
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return client.build_request("GET", pinned, headers={"Host": host_header}, extensions=extensions)


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a globally routable unicast address (not loopback, private, link-local...)."""
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address `host` resolves to (IPv6 scope ids dropped).

    Raises:
        OSError: the host does not resolve.
    """
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _read(response: httpx.Response, *, url: str, max_bytes: int) -> Fetched:
    if response.status_code >= 400:
        raise FetchError(f"{url}: the server answered {response.status_code}; check the address")
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media and not media.startswith(_ACCEPTED):
        raise FetchError(f"{url}: content type {media} is not an article (HTML, text, JSON, feed)")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_big(url, max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_too_big(url, max_bytes))
        chunks.append(chunk)
    return Fetched(
        url=url, data=b"".join(chunks), content_type=media, charset=response.charset_encoding
    )


def _too_big(url: str, max_bytes: int) -> str:
    return (
        f"{url}: larger than the {max_bytes / 2**20:.1f} MiB download limit; "
        "raise NEWSFUSE_FETCH_MAX_BYTES to fetch it"
    )
