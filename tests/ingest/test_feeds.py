"""RSS and Atom feeds, served by a real local server and read from files."""

from __future__ import annotations

from pathlib import Path

import httpx

from newsfuse.config import Settings
from newsfuse.ingest import read_sources
from newsfuse.ingest.feeds import articles_from_feed
from newsfuse.models import Article, Skipped

PARAGRAPH = "Firefighters contained the blaze near the harbour on Sunday after a night of work."
PRIVATE = Settings(allow_private=True, fetch_timeout_s=5)


def test_rss_entries_from_content_or_summary(http_base: str) -> None:
    items = list(read_sources([f"{http_base}/feed.rss"], settings=PRIVATE))
    fire, ferry, empty = items
    assert isinstance(fire, Article) and isinstance(ferry, Article)
    assert PARAGRAPH in fire.text and "Short teaser" not in fire.text
    assert (fire.title, fire.url, fire.outlet) == (
        "Fire contained",
        "http://example.org/fire",
        "Harbour News",
    )
    assert fire.published == "2024-12-08T10:00:00Z" and fire.external_id == "fire-1"
    assert ferry.text.startswith("The ferry to the islands resumed")
    assert isinstance(empty, Skipped) and "no content or summary" in empty.reason


def test_atom_feed(http_base: str) -> None:
    (entry,) = read_sources([f"{http_base}/atom"], settings=PRIVATE)
    assert isinstance(entry, Article)
    assert entry.title == "Storm warning" and entry.url == "http://example.org/storm"
    assert entry.published == "2024-12-08T09:00:00Z"


def test_feed_with_no_entries_is_skipped_with_a_reason(http_base: str, tmp_path: Path) -> None:
    (served,) = read_sources([f"{http_base}/empty.rss"], settings=PRIVATE)
    assert isinstance(served, Skipped) and "the feed has no entries" in served.reason
    path = tmp_path / "quiet.xml"
    path.write_bytes(httpx.get(f"{http_base}/empty.rss").content)
    (local,) = read_sources([path])
    assert isinstance(local, Skipped) and "no entries" in local.reason


def test_feed_file_reads_like_the_served_one(http_base: str, tmp_path: Path) -> None:
    rss = httpx.get(f"{http_base}/feed.rss").content
    direct = list(articles_from_feed(rss, source="feed.rss"))
    path = tmp_path / "feed.rss"
    path.write_bytes(rss)
    assert [a.id for a in read_sources([path]) if isinstance(a, Article)] == [
        a.id for a in direct if isinstance(a, Article)
    ]
