"""`newsfuse cluster` (batch stories of a file); `stories` and `report` over the store."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from newsfuse.cli._app import app, console, emit, err_console, fail, write_out
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
        bool | None,
        typer.Option(
            "--names/--no-names",
            help="compare names from each article's analysis (spaCy; slower) [default: on, "
            "NEWSFUSE_CLUSTER_NAMES]",
            show_default=False,
        ),
    ] = None,
    across: Annotated[
        bool,
        typer.Option(
            "--across-languages/--within-languages",
            help="join stories of one event in different languages (multilingual-e5 titles)",
        ),
    ] = True,
) -> None:
    """Group articles into stories; print {article id: story id} as JSON.

    The article id is the record's own `id` field when it has one, else its content id."""
    from newsfuse.cluster.batch import cluster_articles
    from newsfuse.config import Settings
    from newsfuse.nlp import load_multilingual
    from newsfuse.session import Session

    settings = Settings() if names is None else Settings(cluster_names=names)
    try:
        articles, skipped = _read(source)
        analyze = Session(settings).cluster_analyzer()
        # The encoder is loaded only when some article is not in English.
        mixed = across and any(a.language not in (None, "en") for a in articles)
        multilingual = load_multilingual() if mixed else None
        with _progress(len(articles)) as bar:
            task = bar.add_task("clustering", total=len(articles))
            partition = cluster_articles(
                articles,
                analyze=analyze,
                progress=lambda done: bar.update(task, completed=done),
                multilingual=multilingual,
            )
    except NewsfuseError as exc:
        fail(str(exc))
    mapping = {a.id: partition.labels[a.id] for a in articles}
    text = json.dumps(mapping, ensure_ascii=False, indent=2)
    for item in skipped:
        err_console.print(f"skipped {item.source}: {item.reason}", highlight=False, markup=False)
    emit(text, output)
    if output is not None:
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


DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLite file or database URL [default: newsfuse.db]")
]


@app.command("stories")
def stories_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="show at most this many")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="first rebuild the clusterer state from the stored stories and place every "
            "stored article that has no story (after an upgrade or a crash)",
        ),
    ] = False,
) -> None:
    """List the stories in the store, most recently updated first."""
    from rich.table import Table

    from newsfuse.cli.ingest_cmd import recover_stories
    from newsfuse.config import Settings
    from newsfuse.store import open_store

    settings = Settings(db=db) if db else Settings()
    path = settings.db
    try:
        with open_store(path) as store:
            if rebuild:
                recover_stories(store, settings=settings, rebuild=True)
            records = store.list_stories(limit=limit)
            titles = _publication_span(store, records)
            waiting = len(store.unplaced(limit=1000))
    except NewsfuseError as exc:
        fail(str(exc))
    if waiting:
        err_console.print(
            f"{waiting}{'+' if waiting == 1000 else ''} stored articles have no story yet; the "
            "next `newsfuse ingest`, `newsfuse serve` or `newsfuse stories --rebuild` places them"
        )
    if as_json:
        rows = [
            {"id": r.id, "title": r.title, "size": len(r.article_ids), "outlets": list(r.outlets),
             "first_published": titles[r.id][0], "last_published": titles[r.id][1],
             "languages": titles[r.id][2], "frozen": r.frozen}
            for r in records
        ]  # fmt: skip
        write_out(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("story", "title", "size", "languages", "outlets", "first", "last")
    for r in records:
        first, last, languages = titles[r.id]
        table.add_row(
            r.id, r.title[:70], str(len(r.article_ids)), ", ".join(languages) or "-",
            ", ".join(r.outlets[:3]) or "-", first or "-", last or "-",
        )  # fmt: skip
    console.print(table)
    if not records:
        console.print(f"no stories in {path}; add articles with `newsfuse ingest`")


def _publication_span(
    store: Any, records: Any
) -> dict[str, tuple[str | None, str | None, list[str]]]:
    """First and last publication time of each story, and its members' languages (most
    common first), from its stored articles."""
    out: dict[str, tuple[str | None, str | None, list[str]]] = {}
    for record in records:
        members = store.get_articles(record.article_ids)
        dates = sorted(a.published for a in members if a.published)
        counts = Counter(a.language for a in members if a.language)
        span = (dates[0], dates[-1]) if dates else (record.first_published, record.last_published)
        out[record.id] = (*span, [code for code, _ in counts.most_common()])
    return out


@app.command("report")
def report_command(
    story_id: Annotated[str, typer.Argument(help="a story id from `newsfuse stories`")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="html, md or json (default: from -o, else json)"),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here")] = None,
    db: DbOption = None,
) -> None:
    """The fused report of one story; cached until the story's articles change."""
    from newsfuse.config import Settings
    from newsfuse.render import format_for
    from newsfuse.session import Session
    from newsfuse.store import open_store

    settings = Settings(db=db) if db else Settings()
    try:
        chosen = format_for(output, fmt)
        with open_store(settings.db) as store:
            with err_console.status("fusing the story's reports…", spinner="dots"):
                got = Session(settings).story_report(store, story_id, chosen)
    except NewsfuseError as exc:
        fail(str(exc))
    emit(got.body, output)
    if output is None:
        return
    err_console.print(f"wrote {output} ({chosen}{', cached' if got.cached else ''})")
