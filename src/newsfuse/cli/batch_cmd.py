"""`newsfuse batch`: the whole pipeline over an archive, in one process or on Ray."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from newsfuse.cli._app import app, console, err_console, fail
from newsfuse.errors import NewsfuseError

if TYPE_CHECKING:
    from newsfuse.batch.runner import Progress as ProgressCallback

_STAGES = {"analyse": "read + analyse partitions", "cluster": "cluster articles",
           "fuse": "fuse stories"}  # fmt: skip


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


class ArticleFormat(StrEnum):
    parquet = "parquet"
    jsonl = "jsonl"


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="JSONL/WARC/other files, folders, globs")],
    out: Annotated[Path, typer.Option("--out", "-o", help="output folder (resumed if it exists)")],
    engine: Annotated[EngineName, typer.Option(help="where the stages run")] = EngineName.local,
    address: Annotated[
        str | None, typer.Option(help="Ray cluster address; default: start Ray locally")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="worker processes (local) or actors per stage (ray); default: CPUs"
        ),
    ] = None,
    html: Annotated[bool, typer.Option("--html", help="also write reports/STORY.html")] = False,
    fuse: Annotated[
        bool, typer.Option("--fuse/--no-fuse", help="--no-fuse: stories only, no reports")
    ] = True,
    format: Annotated[
        ArticleFormat, typer.Option("--format", help="format of the articles file")
    ] = ArticleFormat.parquet,
    lines_per_partition: Annotated[
        int, typer.Option(min=1, help="JSONL lines per partition (the unit of work and resume)")
    ] = 500,
    block_size: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="most articles clustered together (default 5000); up to this many, the stories "
            "are exactly those of one cluster_batch pass over the input",
        ),
    ] = None,
) -> None:
    """Read an archive, cluster it into stories and write one fused report per story.

    Writes OUT/articles.parquet (or .jsonl), OUT/stories.jsonl, OUT/reports/STORY.json and
    OUT/skipped.jsonl. Run it again on the same OUT to resume after an interruption."""
    from newsfuse.batch import BatchOptions, BlockingOptions, run_batch

    if address and engine is not EngineName.ray:
        fail("--address needs --engine ray")
    options = BatchOptions(
        engine=engine.value,
        address=address,
        workers=workers,
        html=html,
        fuse=fuse,
        fmt=format.value,
        lines_per_partition=lines_per_partition,
        blocking=BlockingOptions(max_block=block_size) if block_size else BlockingOptions(),
    )
    try:
        with _progress() as progress:
            result = run_batch(inputs, out=out, options=options, progress=progress)
    except NewsfuseError as exc:
        fail(str(exc))
    console.print(
        f"{result.articles} articles in {result.stories} stories; "
        f"{result.reports} reports written, {result.reused} kept from an earlier run; "
        f"{result.partitions} partitions ({result.resumed} resumed); "
        f"{result.skipped} skipped (see {out / 'skipped.jsonl'})",
        highlight=False,
    )
    if result.failed:
        fail(f"{result.failed} stories could not be fused; run again to retry them")


@contextmanager
def _progress() -> Iterator[ProgressCallback]:
    """Rich progress bars on stderr, one per stage, fed by the runner's callback."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=err_console, transient=False) as bars:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(_STAGES.get(stage, stage), total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield update
