"""`newsfuse extract`, `newsfuse ingest`, `newsfuse articles`: reading inputs and the store."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from newsfuse.cli._app import app, console, err_console, fail, write_out
from newsfuse.errors import NewsfuseError
from newsfuse.ingest.pipeline import DEFAULT_BATCH, IngestSummary, expand_sources, ingest_sources
from newsfuse.ingest.records import article_to_dict
from newsfuse.ingest.sources import read_sources
from newsfuse.models import Article, Skipped

if TYPE_CHECKING:
    from newsfuse.cluster.live import StoryAssigner
    from newsfuse.config import Settings
    from newsfuse.store import Store

# A progress bar for fewer inputs than this is only noise.
_PROGRESS_MIN = 5


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


DbOption = Annotated[
    str | None, typer.Option("--db", help="SQLite file or database URL [default: newsfuse.db]")
]
EncodingOption = Annotated[
    str | None, typer.Option(help="decode text inputs with this encoding instead of detecting it")
]
PrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="allow URLs on loopback/private/link-local hosts")
]


def _settings(*, allow_private: bool, db: str | None = None) -> Settings:
    from newsfuse.config import Settings

    overrides: dict[str, object] = {}
    if allow_private:
        overrides["allow_private"] = True
    if db is not None:
        overrides["db"] = db
    return Settings(**overrides)  # type: ignore[arg-type]


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="files, folders, URLs, or - for stdin")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    encoding: EncodingOption = None,
    allow_private: PrivateOption = False,
) -> None:
    """Read inputs and print the articles as JSON, without storing them.

    One input that gives one article prints one object; otherwise a JSON array (json) or one
    object per line (jsonl). Inputs that cannot be read are listed on stderr; exit code 1."""
    settings = _settings(allow_private=allow_private)
    found: list[Article] = []
    skipped: list[Skipped] = []
    inputs = expand_sources(paths)
    with _progress(len(inputs)) as advance:
        for source in inputs:
            for item in read_sources([source], settings=settings, encoding=encoding):
                if isinstance(item, Skipped):
                    skipped.append(item)
                else:
                    found.append(item)
            advance(source)
    records = [article_to_dict(a) for a in found]
    if format is ExtractFormat.jsonl:
        if records:
            write_out("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    elif len(records) == 1 and len(paths) == 1 and not Path(paths[0]).is_dir():
        write_out(json.dumps(records[0], ensure_ascii=False, indent=2))
    else:
        write_out(json.dumps(records, ensure_ascii=False, indent=2))
    _report_skipped(skipped)
    if skipped:
        raise typer.Exit(1)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="files, folders, URLs, or - for stdin")],
    db: DbOption = None,
    encoding: EncodingOption = None,
    allow_private: PrivateOption = False,
    batch_size: Annotated[
        int, typer.Option(min=1, help="articles per transaction")
    ] = DEFAULT_BATCH,
) -> None:
    """Read inputs and store their articles; the same content is stored once.

    Ends with a summary: added, already present, and each skipped input with its reason.
    Exit code 0 when every input was read, 1 when some were skipped."""
    from newsfuse.store import open_store

    settings = _settings(allow_private=allow_private, db=db)
    inputs = expand_sources(sources)
    try:
        with open_store(settings.db) as store:
            # Places first what a process that died left unplaced.
            assigner = recover_stories(store, settings=settings)
            with _progress(len(inputs)) as advance:
                summary = ingest_sources(
                    inputs,
                    store=store,
                    settings=settings,
                    encoding=encoding,
                    batch_size=batch_size,
                    on_progress=advance,
                    on_batch=assigner,  # stories kept up to date (issue 6)
                )
    except NewsfuseError as exc:
        fail(str(exc))
    _print_summary(summary)
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def articles(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="show at most this many")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON lines instead")] = False,
) -> None:
    """List stored articles, newest first."""
    from newsfuse.store import open_store

    settings = _settings(allow_private=False, db=db)
    if "://" not in settings.db and not Path(settings.db).exists():
        fail(f"no database at {settings.db}; store articles first with `newsfuse ingest`")
    try:
        with open_store(settings.db) as store:
            total = store.count_articles()
            rows = store.list_articles(limit=limit)
    except NewsfuseError as exc:
        fail(str(exc))
    if as_json:
        if rows:
            write_out("\n".join(json.dumps(article_to_dict(a), ensure_ascii=False) for a in rows))
        return
    console.print(_table(rows, total=total))


def _table(rows: Sequence[Article], *, total: int) -> Table:
    table = Table(title=f"{len(rows)} of {total} stored articles", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3)
    for column in ("outlet", "published", "words"):
        table.add_column(column)
    table.add_column("source", ratio=2, overflow="fold")
    for a in rows:
        title = a.title or a.text[:60].replace("\n", " ") + "…"
        words = str(len(a.text.split()))
        table.add_row(a.id, title, a.outlet or "", a.published or "", words, a.source)
    return table


def recover_stories(
    store: Store, *, settings: Settings | None = None, rebuild: bool = False
) -> StoryAssigner:
    """A story assigner over ``store`` (names as ``settings.cluster_names`` says) that has
    placed every article left unplaced, after
    rebuilding the clusterer state (always with ``rebuild``; otherwise when it lacks stored
    stories), with a progress bar on a terminal and a line on stderr saying what it did.

    Raises:
        StoreError: the state cannot be read or written.
    """
    columns = (TextColumn("rebuilding stories"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())  # fmt: skip
    quiet = not err_console.is_terminal
    with Progress(*columns, console=err_console, transient=True, disable=quiet) as bar:
        task = bar.add_task("rebuild", total=None, visible=False)

        def show(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, visible=True)

        from newsfuse.cluster.live import StoryAssigner
        from newsfuse.session import Session

        analyze = Session(settings).cluster_analyzer()
        assigner = StoryAssigner(store, analyze=analyze, progress=show)
        live = assigner.rebuild() if rebuild else None
        done = assigner.recover()
    assigner.progress = None
    if done.rebuilt or live is not None:
        count = live if live is not None else done.live_stories
        err_console.print(f"rebuilt the story state from the stored articles: {count} live stories")
    if done.placed:
        err_console.print(f"placed {done.placed} stored articles that had no story")
    return assigner


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for many inputs on a terminal; otherwise a no-op callback."""
    if total < _PROGRESS_MIN or not err_console.is_terminal:
        yield lambda _source: None
        return
    columns = (TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("reading", total=total)
        yield lambda _source: bar.advance(task)


def _print_summary(summary: IngestSummary) -> None:
    console.print(
        f"added {len(summary.added)}, already present {len(summary.present)}, "
        f"skipped {len(summary.skipped)}",
        highlight=False,
    )
    _report_skipped(summary.skipped)


def _report_skipped(skipped: Sequence[Skipped]) -> None:
    for item in skipped:
        reason = (
            item.reason if item.reason.startswith(item.source) else f"{item.source}: {item.reason}"
        )
        err_console.print(
            f"[yellow]skipped[/yellow] {escape(reason)}", highlight=False, soft_wrap=True
        )
