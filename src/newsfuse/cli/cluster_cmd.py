"""`newsfuse cluster` (batch stories of a file); `stories` and `report` over the store."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsfuse.cli._app import app, err_console, fail, write_out
from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Skipped


class ClusterFormat(StrEnum):
    json = "json"


@app.command("cluster")
def cluster_command(
    source: Annotated[
        str, typer.Argument(help="JSONL (or any input ingest reads), or - for stdin")
    ],
    fmt: Annotated[ClusterFormat, typer.Option("--format", "-f")] = ClusterFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here")] = None,
    names: Annotated[
        bool, typer.Option("--names/--no-names", help="find names with spaCy NER (slower)")
    ] = True,
) -> None:
    """Group articles into stories; print {article id: story id} as JSON.

    The article id is the record's own `id` field when it has one, else its content id."""
    from newsfuse.cluster.batch import cluster_articles
    from newsfuse.nlp import load_spacy

    try:
        articles, skipped = _read(source)
        nlp = (
            load_spacy(disable=("tagger", "parser", "attribute_ruler", "lemmatizer"))
            if names
            else None
        )
        with _progress(len(articles)) as bar:
            task = bar.add_task("clustering", total=len(articles))
            partition = cluster_articles(
                articles, nlp=nlp, progress=lambda done: bar.update(task, completed=done)
            )
    except NewsfuseError as exc:
        fail(str(exc))
    mapping = {a.id: partition.labels[a.id] for a in articles}
    text = json.dumps(mapping, ensure_ascii=False, indent=2)
    for item in skipped:
        err_console.print(f"skipped {item.source}: {item.reason}", highlight=False, markup=False)
    if output is None:
        write_out(text)
    else:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            fail(f"{output}: cannot write ({exc.strerror}); choose another path with -o")
        err_console.print(
            f"wrote {output}: {len(mapping)} articles in {len(set(mapping.values()))} stories"
        )


def _read(source: str) -> tuple[list[Article], list[Skipped]]:
    from newsfuse.ingest import read_sources

    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in read_sources([source]):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            articles.append(replace(item, id=item.external_id or item.id))
    if not articles:
        raise NewsfuseError(
            f"{source}: no article could be read; check the file (one JSON object per line)"
        )
    return articles, skipped


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err_console, transient=True, disable=total < 5,
    )  # fmt: skip
