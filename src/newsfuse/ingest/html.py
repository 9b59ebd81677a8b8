"""HTML pages: the article body and metadata by trafilatura, then residual boilerplate removed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import trafilatura

from newsfuse.errors import InputError
from newsfuse.ingest.conventions import apply_conventions, scripts_only
from newsfuse.ingest.decode import decode_bytes
from newsfuse.models import Article, content_id

_TAG = re.compile(r"<(?:html|body|p|div|br|article|span|h[1-6])\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
# Extractions shorter than this many characters are often a teaser or a caption: a second,
# recall-oriented pass is tried and kept when it finds clearly more text.
_SHORT_BODY = 250
# Fewer words than this is a menu or a caption left over, not an article.
_MIN_WORDS = 5


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura found on one page."""

    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def looks_like_html(text: str) -> bool:
    """True when `text` carries HTML markup (a JSON `content` field holding a page, say)."""
    return bool(_TAG.search(text[:5000]))


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 KiB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """The text of an HTML page: `encoding` if given, else its declared charset, else detected.

    Raises:
        InputError: the bytes are binary or cannot be decoded.
    """
    if encoding is None and (declared := declared_charset(data)) is not None:
        try:
            return decode_bytes(data, source=source, encoding=declared).text
        except InputError:
            pass  # a wrong or unknown declaration: fall back to detection
    return decode_bytes(data, source=source, encoding=encoding).text


def extract_page(html: str, *, url: str | None = None) -> PageText | None:
    """The main text and metadata of a page, or None when no article text is found.

    Guarantees: scripts, styles, navigation and comments are never in `body`; when the
    default pass returns a very short text, a recall-oriented pass is used if it finds more.
    """
    doc = _bare(html, url=url, favor_recall=False)
    body = _body(doc)
    if len(body) < _SHORT_BODY:
        recall = _body(_bare(html, url=url, favor_recall=True))
        if len(recall) > 2 * max(len(body), 1):
            body = recall
    if not body.strip():
        return None
    meta: dict[str, Any] = doc.as_dict() if doc is not None else {}
    return PageText(
        body=body,
        title=meta.get("title") or None,
        author=meta.get("author") or None,
        date=meta.get("date") or None,
        sitename=meta.get("sitename") or meta.get("hostname") or None,
        url=meta.get("url") or url,
    )


def extract_body(html: str, *, url: str | None = None) -> str:
    """The cleaned article body of a page ("" when none is found): what the benchmark scores."""
    page = extract_page(html, url=url)
    return apply_conventions(page.body, head=False).text if page is not None else ""


def article_from_html(html: str, *, source: str, url: str | None = None) -> Article:
    """An `Article` from one HTML page: body and metadata, with residual boilerplate removed.

    Raises:
        InputError: no article text could be found on the page (or only a notice that the
            page needs JavaScript).
    """
    page = extract_page(html, url=url)
    if page is None:
        raise InputError(f"{source}: no article text found in the HTML (empty or not an article)")
    cleaned = apply_conventions(page.body, head=False)
    if len(cleaned.text.split()) < _MIN_WORDS:
        if (reason := scripts_only(cleaned, source=source)) is not None:
            raise InputError(reason)
        raise InputError(
            f"{source}: no article text found in the HTML (only navigation or a few words)"
        )
    return Article(
        id=content_id(cleaned.text),
        source=source,
        text=cleaned.text,
        title=page.title,
        outlet=page.sitename or cleaned.outlet,
        byline=page.author or cleaned.byline,
        published=page.date,
        credited_sources=cleaned.credited_sources,
        boilerplate=cleaned.boilerplate,
        url=page.url,
    )


def _bare(html: str, *, url: str | None, favor_recall: bool) -> Any:
    # favor_precision and no comments: +0.013 F1 over trafilatura's defaults on the dev half
    # of the extraction benchmark (bench/results/extraction.md), at the same recall.
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=not favor_recall,
        favor_recall=favor_recall,
    )


def _body(doc: Any) -> str:
    if doc is None:
        return ""
    text = getattr(doc, "text", None)
    return text if isinstance(text, str) else ""
