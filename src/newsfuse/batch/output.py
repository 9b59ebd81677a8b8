"""The files a batch job leaves in its output folder.

``articles.parquet`` (or ``articles.jsonl``), ``stories.jsonl``, ``skipped.jsonl`` and
``reports/STORY.json`` (+ ``.html``). Every file is written whole to a temp name and renamed,
so an interrupted job never leaves half a file, and a rerun rewrites rather than appends.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

from newsfuse.batch.blocking import Story
from newsfuse.batch.stages import AnalyzedArticle, StoryOutput
from newsfuse.batch.workstore import write_atomic
from newsfuse.errors import NewsfuseError
from newsfuse.models import Skipped

ArticleFormat = Literal["parquet", "jsonl"]
_COLUMNS = ("id", "story_id", "source", "title", "outlet", "byline", "published", "url",
            "external_id", "credited_sources", "text")  # fmt: skip
_ROW_GROUP = 5_000


def check_format(fmt: str) -> ArticleFormat:
    """Raises NewsfuseError when ``fmt`` is unknown or parquet cannot be written here."""
    if fmt == "jsonl":
        return "jsonl"
    if fmt != "parquet":
        raise NewsfuseError(f"unknown article format {fmt!r}; use parquet or jsonl")
    try:
        importlib.import_module("pyarrow")
    except ImportError as exc:
        raise NewsfuseError(
            "writing parquet needs pyarrow: `pip install newsfuse[ray]`, or pass --format jsonl"
        ) from exc
    return "parquet"


def article_row(item: AnalyzedArticle, story_id: str) -> dict[str, Any]:
    a = item.article
    return {
        "id": a.id, "story_id": story_id, "source": a.source, "title": a.title,
        "outlet": a.outlet, "byline": a.byline, "published": a.published, "url": a.url,
        "external_id": a.external_id, "credited_sources": list(a.credited_sources),
        "text": a.text,
    }  # fmt: skip


def write_articles(out: Path, rows: Iterable[dict[str, Any]], *, fmt: ArticleFormat) -> Path:
    """Write every article row; returns the file written."""
    path = out / f"articles.{fmt}"
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == "jsonl":
        with tmp.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        _write_parquet(tmp, rows)
    os.replace(tmp, path)
    return path


def _write_parquet(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    pa: Any = importlib.import_module("pyarrow")
    pq: Any = importlib.import_module("pyarrow.parquet")

    fields = [(c, pa.list_(pa.string()) if c == "credited_sources" else pa.string())
              for c in _COLUMNS]  # fmt: skip
    schema = pa.schema(fields)
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= _ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                chunk = []
        writer.write_table(pa.Table.from_pylist(chunk, schema=schema))


def write_stories(out: Path, stories: Sequence[Story]) -> Path:
    """``stories.jsonl``: one line per story, ``{"story_id", "article_ids", "size"}``."""
    lines = [
        json.dumps(
            {"story_id": s.id, "article_ids": list(s.article_ids), "size": len(s.article_ids)}
        )
        for s in stories
    ]
    path = out / "stories.jsonl"
    write_atomic(path, "".join(line + "\n" for line in lines))
    return path


def write_skipped(out: Path, skipped: Iterable[Skipped]) -> int:
    """``skipped.jsonl``: one ``{"source", "reason"}`` per skipped record; returns the count."""
    lines = [
        json.dumps({"source": s.source, "reason": s.reason}, ensure_ascii=False) for s in skipped
    ]
    write_atomic(out / "skipped.jsonl", "".join(line + "\n" for line in lines))
    return len(lines)


def report_paths(out: Path, story_id: str, *, html: bool) -> list[Path]:
    folder = out / "reports"
    paths = [folder / f"{story_id}.json"]
    return paths + [folder / f"{story_id}.html"] if html else paths


def story_done(out: Path, story_id: str, *, html: bool) -> bool:
    """Whether an earlier run already wrote every file of this story."""
    return all(p.is_file() for p in report_paths(out, story_id, html=html))


def write_report(out: Path, result: StoryOutput) -> None:
    """Write one story's files (the JSON last, so it marks the story as done)."""
    if result.report_json is None:
        return
    folder = out / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    if result.html is not None:
        write_atomic(folder / f"{result.id}.html", result.html)
    write_atomic(folder / f"{result.id}.json", result.report_json)


def remove_stale_reports(out: Path, keep: set[str]) -> int:
    """Delete reports of stories that no longer exist (the inputs changed between runs)."""
    folder = out / "reports"
    removed = 0
    for path in sorted(folder.glob("s-*.*")) if folder.is_dir() else []:
        if path.stem not in keep and path.suffix in (".json", ".html"):
            path.unlink()
            removed += 1
    return removed
