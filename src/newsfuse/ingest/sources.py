"""Where articles come from: paths, folders (recursively), URLs and "-" for standard input.

Each input is read by the reader for its kind (from its suffix, media type or first bytes);
an input that cannot be read becomes a `Skipped` with a one-line reason and reading goes on.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newsfuse.errors import InputError, NewsfuseError
from newsfuse.ingest.decode import read_limited
from newsfuse.ingest.language import with_language
from newsfuse.ingest.url import is_url
from newsfuse.models import Article, Skipped

if TYPE_CHECKING:
    from newsfuse.config import Settings

_SUFFIX_KIND = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
}  # fmt: skip
_MEDIA_KIND = {
    "text/html": "html", "application/xhtml+xml": "html", "text/markdown": "markdown",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/rss+xml": "feed", "application/atom+xml": "feed", "application/rdf+xml": "feed",
    "application/xml": "feed", "text/xml": "feed", "application/feed+json": "json",
    "application/warc": "warc",
}  # fmt: skip


def read_sources(
    sources: Sequence[str | Path],
    *,
    settings: Settings | None = None,
    encoding: str | None = None,
) -> Iterator[Article | Skipped]:
    """Every article in `sources`, in order: files, folders (recursively), URLs, and "-".

    Guarantees: never raises for a bad input; each one that yields nothing becomes one
    `Skipped(source, reason)`; files in a folder are read in sorted order, hidden ones skipped.
    """
    if settings is None:
        from newsfuse.config import Settings

        settings = Settings()
    for source in sources:
        name = str(source)
        if name == "-":
            yield from _guard(name, partial(_read_stdin, settings, encoding))
        elif is_url(name):
            yield from _guard(name, partial(_read_url, name, settings, encoding))
        elif Path(name).is_dir():
            for path in walk_folder(Path(name)):
                yield from _guard(str(path), partial(_read_file, path, settings, encoding))
        elif not Path(name).exists():
            yield Skipped(name, f"{name}: no such file, folder or URL; check the path")
        else:
            yield from _guard(name, partial(_read_file, Path(name), settings, encoding))


def walk_folder(folder: Path) -> Iterator[Path]:
    """Files under `folder`, recursively, sorted, without hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def kind_of(name: str, data: bytes, *, media_type: str = "") -> str:
    """The reader for an input: from its suffix, else its media type, else its first bytes."""
    lower = name.lower().split("?")[0]
    if lower.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    lower = lower.removesuffix(".gz")
    suffix = os.path.splitext(lower)[1]
    if suffix in _SUFFIX_KIND:
        kind = _SUFFIX_KIND[suffix]
        # a page saved as .txt is still a page
        return "html" if kind == "text" and _sniff(data) == "html" else kind
    if media_type in _MEDIA_KIND:
        return _MEDIA_KIND[media_type]
    return _sniff(data)


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"<rss", b"<feed", b"<rdf")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)
    ):
        return "feed"
    if head.startswith(b"<"):
        return "html"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        try:
            json.loads(data)
        except ValueError:
            return "jsonl"  # several objects, one a line (or broken JSON: reported per line)
        return "json"
    return "text"


def parse_bytes(
    data: bytes,
    *,
    source: str,
    kind: str,
    encoding: str | None = None,
    url: str | None = None,
    max_bytes: int | None = None,
) -> Iterator[Article | Skipped]:
    """The articles in one input's bytes, read as `kind`; a WARC archive unpacks to at most
    `max_bytes` (the default input limit when None).

    Raises:
        InputError: the whole input cannot be read (a bad record inside is a `Skipped`).
    """
    # Each reader (and its parser: trafilatura, feedparser, warcio) is imported when an input
    # of its kind comes: reading one text file stays a fast command.
    if kind == "warc":
        from newsfuse.ingest.warc import articles_from_warc

        yield from articles_from_warc(data, source=source, max_bytes=max_bytes)
    elif kind == "feed":
        from newsfuse.ingest.feeds import articles_from_feed

        yield from articles_from_feed(data, source=source)
    elif kind == "html":
        from newsfuse.ingest.html import article_from_html, decode_html

        yield article_from_html(decode_html(data, source=source, encoding=encoding),
                                source=source, url=url)  # fmt: skip
    else:
        yield from _parse_text(data, source=source, kind=kind, encoding=encoding, url=url)


def _parse_text(
    data: bytes, *, source: str, kind: str, encoding: str | None, url: str | None
) -> Iterator[Article | Skipped]:
    from newsfuse.ingest.decode import decode_bytes
    from newsfuse.ingest.text import article_from_markdown, article_from_text

    text = decode_bytes(data, source=source, encoding=encoding).text
    if kind == "json":
        from newsfuse.ingest.jsonl import articles_from_json

        yield from articles_from_json(text, source=source)
    elif kind == "jsonl":
        from newsfuse.ingest.jsonl import articles_from_jsonl

        yield from articles_from_jsonl(text, source=source)
    elif kind == "markdown":
        yield article_from_markdown(text, source=source)
    else:
        yield article_from_text(text, source=source, url=url)


def _guard(
    name: str, read: Callable[[], Iterator[Article | Skipped]]
) -> Iterator[Article | Skipped]:
    """Run one input's reader; a failure becomes a `Skipped` and reading goes on.

    A `NewsfuseError` carries its own advice; any other exception is a fault in a parser
    (trafilatura, lxml, feedparser...) on this input, reported with its type so that one odd
    input never ends a run over thousands.
    """
    produced = False
    try:
        for item in read():
            produced = True
            yield with_language(item) if isinstance(item, Article) else item
    except NewsfuseError as exc:
        yield Skipped(name, str(exc))
        return
    except Exception as exc:  # noqa: BLE001 (per-input boundary: becomes data, see docstring)
        yield Skipped(name, f"{name}: could not be parsed ({type(exc).__name__}: {exc}); skipped")
        return
    if not produced:
        yield Skipped(name, f"{name}: no articles found in it")


def _read_file(path: Path, settings: Settings, encoding: str | None) -> Iterator[Article | Skipped]:
    # a WARC archive unpacks itself, member by member, to keep the records before a cut
    warc = kind_of(path.name, b"") == "warc"
    data = read_limited(path, max_bytes=settings.max_input_bytes, gunzip=not warc)
    kind = "warc" if warc else kind_of(path.name, data)
    return parse_bytes(data, source=str(path), kind=kind, encoding=encoding,
                       max_bytes=settings.max_input_bytes)  # fmt: skip


def _read_stdin(settings: Settings, encoding: str | None) -> Iterator[Article | Skipped]:
    data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
    if len(data) > settings.max_input_bytes:
        raise InputError("<stdin>: over the input size limit; raise NEWSFUSE_MAX_INPUT_BYTES")
    return parse_bytes(data, source="<stdin>", kind=_sniff(data), encoding=encoding)


def _read_url(url: str, settings: Settings, encoding: str | None) -> Iterator[Article | Skipped]:
    from newsfuse.ingest.url import fetch_url

    fetched = fetch_url(
        url,
        timeout_s=settings.fetch_timeout_s,
        max_bytes=settings.fetch_max_bytes,
        allow_private=settings.allow_private,
    )
    kind = kind_of(urlsplit(fetched.url).path, fetched.data, media_type=fetched.content_type)
    if fetched.content_type == "text/plain" and kind == "html":
        kind = "text"
    return parse_bytes(fetched.data, source=url, kind=kind, encoding=encoding or fetched.charset,
                       url=fetched.url, max_bytes=settings.max_input_bytes)  # fmt: skip
