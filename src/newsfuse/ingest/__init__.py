"""Ingest: every input kind (text, Markdown, HTML, JSON/JSONL, feeds, WARC, URLs, folders, "-")
read into `Article`s with a content-derived id, or `Skipped` with a one-line reason."""

from __future__ import annotations

from newsfuse.ingest.html import article_from_html
from newsfuse.ingest.sources import read_sources
from newsfuse.ingest.text import article_from_text

__all__ = ["article_from_html", "article_from_text", "read_sources"]
