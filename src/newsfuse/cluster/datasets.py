"""Labelled clustering sets (JSON lines with id, title, text and a gold ``event``) as articles.

Used by the benchmarks and the quality tests; the files themselves stay in the shared data
folder and are never copied into the repository. The articles are read by ingest, as
`newsfuse cluster`, `ingest` and `batch` read the same file, so what is measured is what a
user gets: ingest drops a first text line that repeats the title and lifts a date line under
the headline into ``published``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.models import Article, Skipped


@dataclass(frozen=True, slots=True)
class LabelledSet:
    """Articles in file order and the gold event label of each (same order)."""

    name: str
    articles: tuple[Article, ...]
    events: tuple[str, ...]


def load_labelled(path: Path) -> LabelledSet:
    """Read a labelled JSONL file through ingest; each article's id is its record's ``id``.

    Raises:
        InputError: when the file is missing or not UTF-8, a line is not a JSON object with
            ``id`` and ``event``, two lines share an id, or ingest cannot read a labelled
            record (the gold would no longer match).
    """
    from newsfuse.ingest import read_sources

    if not path.is_file():
        raise InputError(f"{path}: no such file; point to the shared data folder (NEWSFUSE_SHARED)")
    gold: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason}); a labelled set is JSONL") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            article_id, event = str(record["id"]), str(record["event"])
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        except KeyError as exc:
            raise InputError(
                f"{path}:{number}: missing field {exc}; each line needs id, text, event"
            ) from exc
        except TypeError as exc:
            raise InputError(f"{path}:{number}: not a JSON object with id, text, event") from exc
        if article_id in gold:
            raise InputError(f"{path}:{number}: id {article_id} is used twice")
        gold[article_id] = event
    articles: list[Article] = []
    for item in read_sources([path]):
        if isinstance(item, Skipped):
            raise InputError(f"{item.source}: ingest skipped a labelled record: {item.reason}")
        articles.append(replace(item, id=item.external_id or item.id))
    if sorted(a.id for a in articles) != sorted(gold):
        raise InputError(f"{path}: ingest read {len(articles)} articles for {len(gold)} labels")
    return LabelledSet(path.stem, tuple(articles), tuple(gold[a.id] for a in articles))
