"""Renderers: the contract JSON, Markdown and a self-contained HTML file, from one Report."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from newsfuse.errors import NewsfuseError
from newsfuse.models import Report

Format = Literal["json", "md", "html"]
FORMATS: tuple[Format, ...] = ("json", "md", "html")
_EXTENSIONS: dict[str, Format] = {
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: Path | None, explicit: str | None) -> Format:
    """The output format: the explicit one if given, else inferred from the file's extension.

    Raises:
        NewsfuseError: the format is unknown or cannot be inferred.
    """
    if explicit:
        if explicit not in FORMATS:
            raise NewsfuseError(f"unknown format {explicit!r}; use one of {', '.join(FORMATS)}")
        return explicit
    if path is None:
        return "json"
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise NewsfuseError(
            f"{path}: cannot infer the format from {path.suffix or 'no extension'!r}; "
            f"pass --format {'|'.join(FORMATS)}"
        )
    return fmt


def render_report(report: Report, fmt: Format) -> str:
    """The report as text in the given format."""
    if fmt == "json":
        from newsfuse.render.json import report_to_json

        return report_to_json(report)
    if fmt == "md":
        from newsfuse.render.markdown import render_markdown

        return render_markdown(report)
    from newsfuse.render.html import render_html

    return render_html(report)
