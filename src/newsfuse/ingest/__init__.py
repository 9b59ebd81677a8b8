"""Ingest: every input kind (text, Markdown, HTML, JSON/JSONL, feeds, WARC, URLs, folders, "-")
read into `Article`s with a content-derived id, or `Skipped` with a one-line reason.

The names below are imported on first use, so that importing one reader does not import
every parser (trafilatura, feedparser, warcio, the store).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsfuse.ingest.html import article_from_html
    from newsfuse.ingest.pipeline import IngestSummary, expand_sources, ingest_sources
    from newsfuse.ingest.sources import read_sources
    from newsfuse.ingest.text import article_from_text

_HOMES = {
    "IngestSummary": "newsfuse.ingest.pipeline",
    "article_from_html": "newsfuse.ingest.html",
    "article_from_text": "newsfuse.ingest.text",
    "expand_sources": "newsfuse.ingest.pipeline",
    "ingest_sources": "newsfuse.ingest.pipeline",
    "read_sources": "newsfuse.ingest.sources",
}

__all__ = [
    "IngestSummary",
    "article_from_html",
    "article_from_text",
    "expand_sources",
    "ingest_sources",
    "read_sources",
]


def __getattr__(name: str) -> object:
    """A public name of the package, imported from its module the first time it is asked for.

    Raises:
        AttributeError: ``name`` is not a public name of the package (nor a submodule).
    """
    home = _HOMES.get(name)
    if home is None:
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    found = getattr(importlib.import_module(home), name)
    globals()[name] = found
    return found
