"""`newsfuse analyze`: sentences, entities, quotes, quantities, dates and attributions per
document, with offsets, plus the entities resolved across the documents."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from newsfuse.cli._app import app, err_console, fail, write_out
from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, DocAnalysis, Skipped

# A progress bar for fewer articles than this is only noise.
_PROGRESS_MIN = 5


class AnalyzeFormat(StrEnum):
    json = "json"


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="files, folders, URLs, or - for stdin")],
    format: Annotated[AnalyzeFormat, typer.Option("--format", "-f")] = AnalyzeFormat.json,
    encoding: Annotated[
        str | None, typer.Option(help="decode text inputs with this encoding")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="allow URLs on private hosts")
    ] = False,
    processes: Annotated[
        int | None, typer.Option(min=1, help="parser worker processes [default: settings]")
    ] = None,
) -> None:
    """Print the analysis of each document and the entities resolved across them, as JSON.

    Inputs that cannot be read are listed on stderr and give exit code 1."""
    from newsfuse.analyze import analyze_articles, link_speakers, resolve_entities
    from newsfuse.analyze.export import analyses_to_dict
    from newsfuse.config import Settings
    from newsfuse.ingest import read_sources
    from newsfuse.nlp import load_spacy

    settings = Settings(allow_private=True) if allow_private else Settings()
    articles: list[Article] = []
    skipped: list[Skipped] = []
    try:
        for item in read_sources(paths, settings=settings, encoding=encoding):
            (skipped if isinstance(item, Skipped) else articles).append(item)  # type: ignore[arg-type]
        if not articles:
            _report_skipped(skipped)
            fail("no article could be read from the inputs; check the paths above")
        nlp = load_spacy()
        analyses: list[DocAnalysis] = []
        step = settings.nlp_batch_size * 4
        with _progress(len(articles)) as advance:
            for i in range(0, len(articles), step):
                chunk = articles[i : i + step]
                n_process = processes or settings.nlp_processes
                analyses += analyze_articles(
                    chunk, nlp=nlp, batch_size=settings.nlp_batch_size, n_process=n_process
                )
                advance(len(chunk))
        entities = resolve_entities(articles, analyses)
        analyses = link_speakers(analyses, entities, articles=articles)
    except NewsfuseError as exc:
        fail(str(exc))
    write_out(
        json.dumps(analyses_to_dict(articles, analyses, entities), ensure_ascii=False, indent=2)
    )
    _report_skipped(skipped)
    if skipped:
        raise typer.Exit(1)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for many articles on a terminal; otherwise a no-op."""
    if total < _PROGRESS_MIN or not err_console.is_terminal:
        yield lambda _n: None
        return
    columns = (TextColumn("analyzing"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("analyzing", total=total)
        yield lambda n: bar.advance(task, n)


def _report_skipped(skipped: Sequence[Skipped]) -> None:
    for item in skipped:
        reason = (
            item.reason if item.reason.startswith(item.source) else f"{item.source}: {item.reason}"
        )
        err_console.print(
            f"[yellow]skipped[/yellow] {escape(reason)}", highlight=False, soft_wrap=True
        )
