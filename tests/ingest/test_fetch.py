"""The guarded fetcher against real servers on loopback: DNS rebinding, limits, address checks.

Rebinding is played with two servers on one port: 127.0.0.2 stands for a public web host (the
address check is told to count it public) and 127.0.0.1 for a service on the host itself. The
resolver answers the public address first and loopback on every later lookup, as a rebinding
DNS server would; nothing may reach 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsfuse.errors import FetchError
from newsfuse.ingest import fetch as fetch_module
from newsfuse.ingest.fetch import Address, guarded_get, is_public
from newsfuse.ingest.url import fetch_url

PAGE = b"<html><body><article><p>The harbour reopened on Monday.</p></article></body></html>"
PUBLIC = ipaddress.ip_address("127.0.0.2")
LOOPBACK = ipaddress.ip_address("127.0.0.1")


@dataclass
class Server:
    """A server on `host`: /page answers PAGE, /hop redirects to /page, /drip sends slowly."""

    host: str
    port: int = 0
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)

    def start(self) -> Server:
        record = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                record.append((self.path, self.headers.get("Host", "")))
                if self.path == "/hop":
                    self.send_response(302)
                    self.send_header("Location", "/page")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                if self.path == "/drip":  # one byte every 0.1 s for far longer than any limit
                    try:
                        for _ in range(300):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(0.1)
                    except (BrokenPipeError, ConnectionResetError):
                        pass  # the client gave up, as it should
                    return
                self.wfile.write(PAGE)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((self.host, self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Rebinding:
    """A resolver that answers the public address first and loopback on every later call."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[Address]:
        self.calls.append(host)
        return [PUBLIC] if len(self.calls) == 1 else [LOOPBACK]


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Server, Server]]:
    """(public, internal) on one port; 127.0.0.2 counts as public for the address check."""
    real = fetch_module.is_public
    monkeypatch.setattr(fetch_module, "is_public", lambda a: a == PUBLIC or real(a))
    public = Server("127.0.0.2").start()
    internal = Server("127.0.0.1", public.port).start()
    yield public, internal
    public.stop()
    internal.stop()


def test_a_rebinding_resolver_never_steers_the_request_to_loopback(
    servers: tuple[Server, Server],
) -> None:
    public, internal = servers
    resolver = Rebinding()
    got = guarded_get(
        f"http://news.example:{public.port}/page", timeout_s=5, max_bytes=10**6, resolver=resolver
    )
    assert got.status == 200 and got.data == PAGE
    assert resolver.calls == ["news.example"]  # resolved once; the connection used that answer
    assert public.requests == [("/page", f"news.example:{public.port}")]
    assert internal.requests == []


def test_a_redirect_is_checked_again_and_its_rebound_answer_refused(
    servers: tuple[Server, Server],
) -> None:
    public, internal = servers
    resolver = Rebinding()
    with pytest.raises(FetchError, match="non-public address 127.0.0.1"):
        fetch_url(f"http://news.example:{public.port}/hop", timeout_s=5, max_bytes=10**6,
                  resolver=resolver)  # fmt: skip
    assert resolver.calls == ["news.example", "news.example"]
    assert [path for path, _ in public.requests] == ["/hop"] and internal.requests == []


def test_a_server_that_drips_bytes_is_cut_off_at_the_time_limit() -> None:
    slow = Server("127.0.0.1").start()
    try:
        start = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            guarded_get(f"http://127.0.0.1:{slow.port}/drip", timeout_s=1, max_bytes=10**6,
                        allow_private=True)  # fmt: skip
        assert time.monotonic() - start < 3
    finally:
        slow.stop()


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "255.255.255.255", "224.0.0.1", "192.0.2.1", "::1", "::", "fe80::1", "fc00::1",
     "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
     "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::1",
     "::127.0.0.1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"],
)  # fmt: skip
def test_non_public_addresses_and_their_ipv6_forms_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2002:808:808::1"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "only http"),
        ("file:///etc/passwd", "only http"),
        ("http://example.org:99999/a", "not a valid URL"),
        ("http://[::1/a", "not a valid URL"),
        ("http:///no-host", "only http"),
    ],
)
def test_malformed_urls_are_refused_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        guarded_get(url, timeout_s=5, max_bytes=100, resolver=Rebinding())


def test_a_non_ascii_host_name_is_sent_in_its_ascii_form(servers: tuple[Server, Server]) -> None:
    public, internal = servers
    got = guarded_get(f"http://bücher.example:{public.port}/page", timeout_s=5, max_bytes=10**6,
                      resolver=Rebinding())  # fmt: skip
    assert got.data == PAGE and internal.requests == []
    assert public.requests == [("/page", f"xn--bcher-kva.example:{public.port}")]
