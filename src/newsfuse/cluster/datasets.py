"""Labelled clustering sets (JSON lines with id, title, text and a gold ``event``) as articles.

Used by the benchmark and the quality tests; the files themselves stay in the shared data
folder and are never copied into the repository.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.models import Article


@dataclass(frozen=True, slots=True)
class LabelledSet:
    """Articles in file order and the gold event label of each (same order)."""

    name: str
    articles: tuple[Article, ...]
    events: tuple[str, ...]


def load_labelled(path: Path) -> LabelledSet:
    """Read a labelled JSONL file; ids and events are kept as strings.

    Raises:
        InputError: when the file is missing or a line lacks ``id``, ``text`` or ``event``.
    """
    if not path.is_file():
        raise InputError(f"{path}: no such file; point to the shared data folder (NEWSFUSE_SHARED)")
    articles: list[Article] = []
    events: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            article_id, text, event = str(record["id"]), record["text"], str(record["event"])
        except KeyError as exc:
            raise InputError(
                f"{path}:{number}: missing field {exc}; each line needs id, text, event"
            ) from exc
        articles.append(
            Article(
                id=article_id,
                source=str(path),
                text=text,
                title=record.get("title"),
                external_id=article_id,
            )
        )
        events.append(event)
    return LabelledSet(path.stem, tuple(articles), tuple(events))
