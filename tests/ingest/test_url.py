"""Fetching URLs from a real local server: types, sizes, redirects, private-address refusal."""

from __future__ import annotations

import ipaddress

import pytest

from newsfuse.config import Settings
from newsfuse.errors import FetchError
from newsfuse.ingest import fetch as fetch_module
from newsfuse.ingest import read_sources
from newsfuse.ingest.url import check_target, fetch_url
from newsfuse.models import Article, Skipped

PRIVATE = Settings(allow_private=True, fetch_timeout_s=5)


def _fetch(url: str, *, max_bytes: int = 100_000) -> bytes:
    return fetch_url(url, timeout_s=5, max_bytes=max_bytes, allow_private=True).data


def test_html_page_becomes_an_article(http_base: str) -> None:
    (item,) = read_sources([f"{http_base}/article"], settings=PRIVATE)
    assert isinstance(item, Article)
    assert item.title == "Harbour fire contained" and "Firefighters contained" in item.text
    assert item.url == f"{http_base}/article"


def test_plain_text_url_uses_the_text_conventions(http_base: str) -> None:
    (item,) = read_sources([f"{http_base}/plain.txt"], settings=PRIVATE)
    assert isinstance(item, Article)
    assert item.title == "Harbour fire" and item.credited_sources == ("Associated Press",)


def test_redirects_are_followed_and_loops_stopped(http_base: str) -> None:
    fetched = fetch_url(f"{http_base}/redirect", timeout_s=5, max_bytes=10**6, allow_private=True)
    assert fetched.url == f"{http_base}/article" and b"Harbour fire" in fetched.data
    with pytest.raises(FetchError, match="more than 5 redirects"):
        _fetch(f"{http_base}/loop")


def test_size_cap_stops_a_stream_without_length(http_base: str) -> None:
    with pytest.raises(FetchError, match="larger than the 0.1 MiB download limit"):
        _fetch(f"{http_base}/big")


def test_other_content_types_and_error_statuses_are_refused(http_base: str) -> None:
    with pytest.raises(FetchError, match="content type image/png is not an article"):
        _fetch(f"{http_base}/image.png")
    with pytest.raises(FetchError, match="answered 404"):
        _fetch(f"{http_base}/missing")


def test_loopback_is_refused_without_allow_private(http_base: str) -> None:
    (item,) = read_sources([f"{http_base}/article"], settings=Settings(allow_private=False))
    assert isinstance(item, Skipped)
    assert "non-public address 127.0.0.1" in item.reason and "--allow-private" in item.reason


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/a",
        "http://192.168.0.10/a",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/a",
        "http://[fe80::1]/a",
        "http://0.0.0.0/a",
        "http://localhost/a",
    ],
)
def test_private_link_local_and_loopback_targets_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="refused"):
        check_target(url, allow_private=False)


def test_unreachable_and_unresolvable_urls_are_skipped_with_a_reason() -> None:
    (refused,) = read_sources(["http://127.0.0.1:9/x"], settings=PRIVATE)
    assert isinstance(refused, Skipped) and "cannot fetch" in refused.reason
    (unknown,) = read_sources(["http://no-such-host.invalid/x"], settings=PRIVATE)
    assert isinstance(unknown, Skipped) and "does not resolve" in unknown.reason


def test_only_http_schemes() -> None:
    with pytest.raises(FetchError, match="only http"):
        check_target("ftp://example.org/x", allow_private=True)


def test_a_redirect_to_a_private_address_is_refused(
    http_base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server must pass the first check as if it were a public host; the redirect it
    # answers with (to the cloud metadata address) must then be refused before it is followed.
    real = fetch_module.is_public

    def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return str(address) == "127.0.0.1" or real(address)

    monkeypatch.setattr(fetch_module, "is_public", is_public)
    with pytest.raises(FetchError, match="refused.*169.254.169.254"):
        fetch_url(f"{http_base}/to-metadata", timeout_s=5, max_bytes=10**6, allow_private=False)
    assert fetch_url(f"{http_base}/article", timeout_s=5, max_bytes=10**6).data  # first hop allowed


def test_the_connection_goes_to_the_checked_address(http_base: str) -> None:
    # "localhost" is resolved once, checked, and the request is sent to that address with the
    # original Host header, so a second lookup cannot point it elsewhere.
    port = http_base.rsplit(":", 1)[1]
    fetched = fetch_url(
        f"http://localhost:{port}/article", timeout_s=5, max_bytes=10**6, allow_private=True
    )
    assert fetched.url == f"http://localhost:{port}/article" and b"Harbour" in fetched.data
