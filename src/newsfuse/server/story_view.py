"""The story page's content: the report inline, the member reports, and the report's styles.

The report is the cached, self-contained HTML rendering (``newsfuse.render.html``): its
``<main>`` is taken as is (every text in it was escaped by the renderer, so article text cannot
open or close an element) and shown inside the site's layout, without the report's script. The
report's stylesheet is scoped to the inline report with ``@scope``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from urllib.parse import urlsplit

from markupsafe import Markup

from newsfuse.models import Article
from newsfuse.server.outlets import NO_PROFILES, OutletProfile, Profiles
from newsfuse.store.summary import Member, outlet_of, pick_headline

_OPEN = '<main id="main">'
_CLOSE = "</main>"


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One member report as the story page lists it."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    byline: str | None
    url: str | None  # http(s) only
    credits: tuple[str, ...] = ()
    profile: OutletProfile | None = None


def member_rows(articles: list[Article], profiles: Profiles = NO_PROFILES) -> list[MemberRow]:
    """The members in arrival order, with the outlet (or the address's domain) of each, the
    agencies it credits and its outlet's profile when one was supplied."""
    rows = []
    for a in articles:
        first_line = a.text.strip().split("\n", 1)[0]
        member = Member(a.id, a.title, a.outlet, a.url, a.published, "", first_line=first_line)
        rows.append(
            MemberRow(
                id=a.id,
                title=pick_headline([member]) or "Untitled report",
                outlet=outlet_of(member),
                published=a.published[:16].replace("T", " ") if a.published else None,
                byline=a.byline,
                url=safe_url(a.url),
                credits=a.credited_sources,
                profile=profiles.find(a),
            )
        )
    return rows


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown as links: a `javascript:` URL stays plain text."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return url
    return None


def report_body(html: str) -> Markup | None:
    """The ``<main>`` of a report rendered by newsfuse (None if the page has none).

    Safe to show as markup: the renderer escapes every text it puts in the page, so the first
    opening tag and the last closing tag are the renderer's own."""
    start, end = html.find(_OPEN), html.rfind(_CLOSE)
    if start < 0 or end < start:
        return None
    inner = html[start + len(_OPEN) : end]
    return Markup(f'<div class="report" id="report">{inner}</div>')  # noqa: S704


@lru_cache(maxsize=1)
def report_styles() -> Markup:
    """The report's stylesheet, applied only inside the inline report."""
    css = (files("newsfuse.render") / "templates" / "report.css").read_text(encoding="utf-8")
    css = css.replace(":root", ":scope").replace("body {", ":scope {")
    assert "</style" not in css.lower()
    return Markup("@scope (.report) {\n" + css + "\n}")  # noqa: S704
