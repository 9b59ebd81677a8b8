"""RSS and Atom feeds: one article per entry, from its full content or else its summary."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import feedparser

from newsfuse.errors import InputError
from newsfuse.ingest.dates import iso_date
from newsfuse.ingest.html import extract_page, looks_like_html
from newsfuse.ingest.text import article_from_text
from newsfuse.models import Article, Skipped


def articles_from_feed(data: bytes, *, source: str) -> Iterator[Article | Skipped]:
    """Articles from an RSS or Atom document, one per entry, in feed order.

    Guarantees: an entry's body is its longest `content` value, else its summary; HTML in it is
    reduced to text; the entry link, title and published date are kept. An entry without text
    is a `Skipped` naming the entry.

    Raises:
        InputError: the document is not a feed, or the feed has no entries.
    """
    parsed = feedparser.parse(data)
    feed = parsed.get("feed", {})
    if not parsed.get("entries"):
        if parsed.get("bozo") and not feed:
            reason = parsed.get("bozo_exception")
            raise InputError(f"{source}: not an RSS or Atom feed ({reason}); check the file")
        raise InputError(f"{source}: the feed has no entries; nothing to read")
    outlet = feed.get("title") or None
    for index, entry in enumerate(parsed["entries"]):
        yield _entry_article(entry, source=f"{source}#{index}", outlet=outlet)


def _entry_article(entry: Any, *, source: str, outlet: str | None) -> Article | Skipped:
    body = _entry_body(entry)
    if not body.strip():
        return Skipped(source, "feed entry has no content or summary; nothing to read")
    link = entry.get("link") or None
    if looks_like_html(body):
        page = extract_page(f"<html><body><article>{body}</article></body></html>")
        body = page.body if page is not None else ""
        if not body:
            return Skipped(source, "feed entry's HTML holds no text; nothing to read")
    try:
        return article_from_text(
            body,
            source=link or source,
            title=entry.get("title") or None,
            published=_published(entry),
            outlet=outlet,
            url=link,
            external_id=entry.get("id") or None,
        )
    except InputError as exc:
        return Skipped(source, str(exc))
    except Exception as exc:  # one record's parser fault must not lose the other records
        return Skipped(source, f"could not be parsed ({type(exc).__name__}: {exc}); skipped")


def _entry_body(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        return str(max(contents, key=len))
    return str(entry.get("summary") or entry.get("description") or "")


def _published(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return iso_date(entry.get("published") or entry.get("updated"))
