"""Feed polling against a real HTTP server on 127.0.0.1: validators, backoff, no duplicates."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.ingest import fetch as fetch_module
from newsfuse.ingest.fetch import Address
from newsfuse.server.feeds import Feed, FeedPoller, Poll, fetch_feed, schedule


def new_feed(url: str) -> Feed:
    return Feed(id=1, url=url, interval_s=60.0, next_poll=0.0)


def test_first_poll_reads_entries_and_validators(site: Any) -> None:
    poll = fetch_feed(new_feed(site.url), timeout_s=5, max_bytes=1 << 20, allow_private=True)
    assert poll.error is None and poll.status == 200
    assert len(poll.articles) == 3
    assert "Rastan" in poll.articles[0].text
    assert poll.etag == '"v1"' and poll.last_modified == site.last_modified


def test_second_poll_sends_validators_and_gets_304(site: Any) -> None:
    feed = new_feed(site.url)
    first = fetch_feed(feed, timeout_s=5, max_bytes=1 << 20, allow_private=True)
    feed = schedule(feed, first, added=3, now=1000.0, max_backoff_s=3600)
    second = fetch_feed(feed, timeout_s=5, max_bytes=1 << 20, allow_private=True)
    assert second.status == 304 and second.articles == ()
    assert site.requests[-1]["If-None-Match"] == '"v1"'
    assert site.requests[-1]["If-Modified-Since"] == site.last_modified
    after = schedule(feed, second, added=0, now=2000.0, max_backoff_s=3600)
    assert after.etag == '"v1"' and after.next_poll == 2060.0 and after.added == 3


def test_loopback_feed_refused_unless_allowed(site: Any) -> None:
    poll = fetch_feed(new_feed(site.url), timeout_s=5, max_bytes=1 << 20)
    assert poll.error is not None and "non-public address" in poll.error
    assert site.requests == []


def test_a_rebinding_feed_host_never_reaches_loopback(
    site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `site` on 127.0.0.1 is a service on the host itself; a twin on 127.0.0.2 (same port)
    # stands for the public feed host. The resolver answers public first, loopback after.
    public_ip = ipaddress.ip_address("127.0.0.2")
    real = fetch_module.is_public
    monkeypatch.setattr(fetch_module, "is_public", lambda a: a == public_ip or real(a))
    public = type(site)(site.body, host="127.0.0.2", port=site.port)
    public.thread.start()
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[Address]:
        calls.append(host)
        return [public_ip] if len(calls) == 1 else [ipaddress.ip_address("127.0.0.1")]

    try:
        feed = new_feed(f"http://feeds.example:{site.port}/feed.xml")
        poll = fetch_feed(feed, timeout_s=5, max_bytes=1 << 20, resolver=rebinding)
    finally:
        public.server.shutdown()
        public.server.server_close()
    assert poll.error is None and len(poll.articles) == 3
    assert calls == ["feeds.example"] and len(public.requests) == 1
    assert public.requests[0]["Host"] == f"feeds.example:{site.port}"
    assert site.requests == []


def test_redirect_is_followed_and_checked(site: Any) -> None:
    moved = site.url.replace("/feed.xml", "/moved")
    poll = fetch_feed(new_feed(moved), timeout_s=5, max_bytes=1 << 20, allow_private=True)
    assert poll.status == 200 and len(poll.articles) == 3


def test_server_error_backs_off_with_retry_after(site: Any) -> None:
    site.fail_status = 503
    feed = new_feed(site.url)
    poll = fetch_feed(feed, timeout_s=5, max_bytes=1 << 20, allow_private=True)
    assert poll.error is not None and "503" in poll.error and poll.retry_after_s == 120
    after = schedule(feed, poll, added=0, now=0.0, max_backoff_s=3600)
    assert after.failures == 1 and after.next_poll == 120.0
    assert after.last_status is not None and after.last_status.startswith("error")


def test_oversized_feed_is_an_error(site: Any) -> None:
    poll = fetch_feed(new_feed(site.url), timeout_s=5, max_bytes=100, allow_private=True)
    assert poll.error is not None and "larger than" in poll.error


@given(
    failures=st.integers(min_value=0, max_value=40),
    interval=st.floats(min_value=1, max_value=86400),
    cap=st.floats(min_value=1, max_value=7 * 86400),
)
def test_backoff_grows_and_is_capped(failures: int, interval: float, cap: float) -> None:
    feed = Feed(id=1, url="https://x.test/f", interval_s=interval, next_poll=0, failures=failures)
    error = Poll(status=None, error="unreachable")
    once = schedule(feed, error, added=0, now=0.0, max_backoff_s=cap)
    twice = schedule(once, error, added=0, now=0.0, max_backoff_s=cap)
    assert once.failures == failures + 1
    assert 0 < once.next_poll <= cap and once.next_poll <= twice.next_poll <= cap
    ok = schedule(twice, Poll(status=304), added=0, now=0.0, max_backoff_s=cap)
    assert ok.failures == 0 and ok.next_poll == interval


def test_poller_stores_each_entry_once(site: Any) -> None:
    stored: dict[str, str] = {}
    feeds = {1: new_feed(site.url)}

    def store_articles(articles: list) -> int:  # type: ignore[type-arg]
        new = [a for a in articles if a.id not in stored]
        stored.update((a.id, a.text) for a in new)
        return len(new)

    poller = FeedPoller(
        due=lambda now: [f for f in feeds.values() if f.next_poll <= now],
        store_articles=store_articles,
        save=lambda f: feeds.__setitem__(f.id, f),
        fetch=lambda f: fetch_feed(f, timeout_s=5, max_bytes=1 << 20, allow_private=True),
        max_backoff_s=3600,
    )
    first = poller.poll_due(now=1e12)
    site.etag = '"v2"'  # the feed changes its validator but not its entries
    second = poller.poll_due(now=1e13)
    assert first[0].added == 3 and second[0].added == 3
    assert second[0].last_status == "0 new"
    assert len(stored) == 3
    assert poller.poll_due(now=0.0) == []  # nothing due before next_poll
