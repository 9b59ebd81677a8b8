"""Plain-text and Markdown articles: conventions applied, an `Article` out."""

from __future__ import annotations

import re
from dataclasses import replace

from newsfuse.errors import InputError
from newsfuse.ingest.conventions import apply_conventions, scripts_only
from newsfuse.ingest.dates import iso_date
from newsfuse.models import Article, content_id

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_FENCE = re.compile(r"^```.*$", re.MULTILINE)
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.MULTILINE)
_MD_QUOTE = re.compile(r"^>\s?", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n", re.DOTALL)
_META = re.compile(r"^(?P<key>title|author|date|published|outlet|source):\s*(?P<value>.+)$", re.I)


def article_from_text(
    text: str,
    *,
    source: str = "<text>",
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    external_id: str | None = None,
    markdown: bool = False,
) -> Article:
    """An `Article` from the raw text of one report, with the plain-text conventions applied.

    Guarantees: `id` is `content_id` of the cleaned body; explicit `title`, `published` and
    `outlet` win over what the conventions find (with a `title` given, a first line equal to
    it is dropped and no other line is taken for a headline); every sentence stays in `text`.

    Raises:
        InputError: the text has no body left (empty, or only metadata lines).
    """
    if title is not None:
        # a record with its own title: drop the headline if the body repeats it, find no other
        first, _, rest = text.lstrip().partition("\n")
        if rest.strip() and first.strip().lstrip("# ").casefold() == title.strip().casefold():
            text = rest
    cleaned = apply_conventions(text, markdown=markdown, head=title is None)
    if not cleaned.text.strip():
        if (reason := scripts_only(cleaned, source=source)) is not None:
            raise InputError(reason)
        raise InputError(f"{source}: no article text found (empty or only headline/metadata)")
    return Article(
        id=content_id(cleaned.text),
        source=source,
        text=cleaned.text,
        title=title or cleaned.title,
        outlet=outlet or cleaned.outlet,
        byline=cleaned.byline,
        published=published or cleaned.published,
        credited_sources=cleaned.credited_sources,
        boilerplate=cleaned.boilerplate,
        external_id=external_id,
        url=url,
    )


def article_from_markdown(text: str, *, source: str) -> Article:
    """An `Article` from a Markdown file: front matter read, markup removed, then conventions.

    Raises:
        InputError: no body text is left.
    """
    meta: dict[str, str] = {}
    front = _FRONT_MATTER.match(text)
    if front is not None:
        for line in front.group("meta").splitlines():
            if (m := _META.match(line.strip())) is not None:
                meta[m.group("key").lower()] = m.group("value").strip().strip("\"'")
        text = text[front.end() :]
    article = article_from_text(
        _strip_markdown(text),
        source=source,
        title=meta.get("title"),
        published=iso_date(meta.get("published") or meta.get("date")),
        outlet=meta.get("outlet") or meta.get("source"),
        markdown=True,
    )
    return replace(article, byline=meta["author"]) if "author" in meta else article


def _strip_markdown(text: str) -> str:
    """Markdown markup removed, headings kept as "# " lines so the headline can be found."""
    text = _MD_FENCE.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    head, sep, rest = text.lstrip("\n").partition("\n")
    return head + sep + _MD_HEADING.sub("", rest)
