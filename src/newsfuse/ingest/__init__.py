"""Ingest: every input kind (text, Markdown, HTML, JSON/JSONL, feeds, WARC, URLs, folders, "-")
read into `Article`s with a content-derived id, or `Skipped` with a one-line reason."""

from __future__ import annotations

from newsfuse.ingest.html import article_from_html
from newsfuse.ingest.pipeline import IngestSummary, expand_sources, ingest_sources
from newsfuse.ingest.sources import read_sources
from newsfuse.ingest.text import article_from_text

__all__ = [
    "IngestSummary",
    "article_from_html",
    "article_from_text",
    "expand_sources",
    "ingest_sources",
    "read_sources",
]
