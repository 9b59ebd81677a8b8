"""The one guarded HTTP GET behind everything newsfuse downloads (URL inputs and feed polls).

Each hop resolves its host once, refuses it unless every address is public, and connects to the
address it checked, keeping the name for the Host header and TLS: a second DNS answer (a
rebinding) can never steer the request. Redirects are followed only through the same check, and
the whole fetch is bounded in size and time.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsfuse.errors import FetchError

if TYPE_CHECKING:
    import httpx

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> every address of the host (the default asks the system resolver)
Resolver = Callable[[str, int], Sequence[Address]]

MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "newsfuse/0.1 (+https://pypi.org/project/newsfuse/)"
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, IPv4-compatible).
_EMBEDS_IPV4 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96"))


@dataclass(frozen=True, slots=True)
class Response:
    """The final answer of a guarded GET: its URL after redirects, status, headers and body.

    `data` is read only for a 2xx status; any other status has an empty body.
    """

    url: str
    status: int
    headers: httpx.Headers
    data: bytes = b""
    charset: str | None = None

    @property
    def media_type(self) -> str:
        value: str = self.headers.get("content-type", "")
        return value.split(";")[0].strip().lower()


def guarded_get(
    url: str,
    *,
    timeout_s: float,
    max_bytes: int,
    allow_private: bool = False,
    headers: Mapping[str, str] | None = None,
    accept: tuple[str, ...] | None = None,
    verify: ssl.SSLContext | bool = True,
    resolver: Resolver | None = None,
) -> Response:
    """GET `url`, following up to five redirects, each hop resolved once and checked.

    Guarantees: unless `allow_private`, no request goes to a host any of whose addresses is
    not public (`is_public`), and each request goes to an address that was checked, so a
    second DNS answer is never used; the whole fetch, redirects and body included, stops
    after about `timeout_s`; the body stops as soon as it passes `max_bytes`; a 2xx answer
    whose media type does not start with one of `accept` is refused before its body is read.

    Raises:
        FetchError: the URL is refused or does not resolve, the server cannot be reached, the
            fetch takes too long, the body is too large or of a refused type, or there are
            too many redirects.
    """
    import httpx  # here, not at import: reading local files never needs it

    deadline = time.monotonic() + timeout_s
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    try:
        with httpx.Client(headers=sent, verify=verify) as client:
            for _ in range(MAX_REDIRECTS + 1):
                addresses = check_target(url, allow_private=allow_private, resolver=resolver)
                response = _send(client, url, addresses, _left(url, deadline, timeout_s))
                try:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _answer(response, url, max_bytes, accept, deadline, timeout_s)
                finally:
                    response.close()
    except httpx.TimeoutException as exc:
        raise FetchError(_timed_out(url, timeout_s)) from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"{url}: cannot fetch ({type(exc).__name__}: {exc}); check it") from exc
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; give the final address")


def check_target(
    url: str, *, allow_private: bool, resolver: Resolver | None = None
) -> list[Address]:
    """The addresses of a URL's host, resolved once; refuse a URL that is not http(s) or
    (unless `allow_private`) whose host has any non-public address.

    Raises:
        FetchError: the scheme is not http/https, the host does not resolve, or (unless
            `allow_private`) any of its addresses is loopback, private, link-local or reserved.
    """
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # a port that is not a number, or out of range
        raise FetchError(f"{url}: not a valid URL ({exc}); check it") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(f"{url}: only http:// and https:// URLs with a host can be fetched")
    try:
        addresses = list((resolver or resolve)(host, port or _default_port(parts.scheme)))
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"{url}: host {host} does not resolve ({exc}); check it") from exc
    if not addresses:
        raise FetchError(f"{url}: host {host} has no address; check it")
    if allow_private:
        return addresses
    for address in addresses:
        if not is_public(address):
            raise FetchError(
                f"{url}: refused, {host} resolves to non-public address {address}; "
                "pass --allow-private to fetch from local or private networks"
            )
    return addresses


def is_public(address: Address) -> bool:
    """True for a globally routable unicast address: not loopback, private, link-local,
    multicast, reserved or unspecified, and no IPv6 form (IPv4-mapped, NAT64, 6to4, Teredo)
    of an IPv4 address that is not public itself."""
    if address.is_multicast or not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        return all(is_public(inner) for inner in _embedded_ipv4(address))
    return True


def resolve(host: str, port: int) -> list[Address]:
    """Every address `host` resolves to, by the system resolver (IPv6 scope ids dropped).

    Raises:
        OSError: the host does not resolve.
    """
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo is not None:
        found.extend(address.teredo)
    if any(address in net for net in _EMBEDS_IPV4):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _left(url: str, deadline: float, timeout_s: float) -> float:
    """Seconds left before the deadline.

    Raises:
        FetchError: none are left.
    """
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(_timed_out(url, timeout_s))
    return left


def _send(client: httpx.Client, url: str, addresses: list[Address], left: float) -> httpx.Response:
    """Send the GET to each checked address in turn until one accepts the connection."""
    import httpx

    for address in addresses[:-1]:
        try:
            return client.send(_pinned_request(client, url, address, left), stream=True)
        except httpx.ConnectError:
            continue  # e.g. ::1 first while the server listens on 127.0.0.1 only
    return client.send(_pinned_request(client, url, addresses[-1], left), stream=True)


def _pinned_request(client: httpx.Client, url: str, address: Address, left: float) -> httpx.Request:
    """A GET for `url` sent to `address` itself, with the original Host header and TLS name."""
    parts = urlsplit(url)
    name = parts.hostname or ""
    try:
        ascii_name = name.encode("idna").decode("ascii") if not name.isascii() else name
    except UnicodeError as exc:
        raise FetchError(f"{url}: host {name} is not a valid host name; check it") from exc
    host = f"[{address}]" if address.version == 6 else str(address)
    port = f":{parts.port}" if parts.port else ""
    pinned = parts._replace(netloc=host + port).geturl()
    shown = f"[{ascii_name}]" if ":" in ascii_name else ascii_name  # an IPv6 literal
    extensions = {"sni_hostname": ascii_name} if parts.scheme == "https" else {}
    return client.build_request(
        "GET", pinned, headers={"Host": shown + port}, extensions=extensions, timeout=left
    )


def _answer(
    response: httpx.Response,
    url: str,
    max_bytes: int,
    accept: tuple[str, ...] | None,
    deadline: float,
    timeout_s: float,
) -> Response:
    """The final response, its body read (2xx only) within the size and time limits."""
    answer = Response(url=url, status=response.status_code, headers=response.headers)
    if not 200 <= response.status_code < 300:
        return answer
    if accept is not None and answer.media_type and not answer.media_type.startswith(accept):
        raise FetchError(
            f"{url}: content type {answer.media_type} is not an article (HTML, text, JSON, feed)"
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_big(url, max_bytes))
    data = bytearray()
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) > max_bytes:
            raise FetchError(_too_big(url, max_bytes))
        _left(url, deadline, timeout_s)  # a server that drips bytes must not hold us forever
    return Response(
        url=url,
        status=response.status_code,
        headers=response.headers,
        data=bytes(data),
        charset=response.charset_encoding,
    )


def _timed_out(url: str, timeout_s: float) -> str:
    return f"{url}: timed out after {timeout_s:g} s; try again later"


def _too_big(url: str, max_bytes: int) -> str:
    return (
        f"{url}: larger than the {max_bytes / 2**20:.1f} MiB download limit; "
        "raise NEWSFUSE_FETCH_MAX_BYTES to fetch it"
    )
