"""`newsfuse fuse PATH...`: fuse reports of one event into one report (JSON, Markdown, HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsfuse.cli._app import app, console, emit, err_console, fail
from newsfuse.errors import NewsfuseError
from newsfuse.models import Skipped


@app.command("fuse")
def fuse_command(
    sources: Annotated[
        list[str], typer.Argument(help="Article files, folders, URLs, or - for stdin.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json, md or html (default: from -o, else json)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    brief_words: Annotated[
        int | None, typer.Option("--brief-words", min=10, help="Length of the brief in words.")
    ] = None,
    verifier: Annotated[
        str | None,
        typer.Option(
            "--verifier",
            metavar="URL",
            help="An OpenAI-compatible API base (e.g. http://127.0.0.1:8080/v1) that confirms "
            "or rejects each conflict the rules find. Default: NEWSFUSE_VERIFIER_URL, else "
            "the rules alone. The API key is read from NEWSFUSE_VERIFIER_API_KEY.",
        ),
    ] = None,
    verifier_model: Annotated[
        str | None,
        typer.Option("--verifier-model", help="The model name the endpoint expects."),
    ] = None,
) -> None:
    """Fuse reports of one event into one verified, cited report."""
    from newsfuse.config import Settings
    from newsfuse.pipeline import fuse
    from newsfuse.render import format_for, render_report

    try:
        chosen = format_for(output, fmt)
        settings = Settings()
        if verifier is not None or verifier_model is not None:
            settings = settings.model_copy(
                update={
                    "verifier_url": verifier or settings.verifier_url,
                    "verifier_model": verifier_model or settings.verifier_model,
                }
            )
        with console.status("fusing reports…", spinner="dots"):
            report = fuse(
                [Path(s) if s != "-" else s for s in sources],
                brief_words=brief_words,
                settings=settings,
                on_skip=_tell_skipped,
            )
        text = render_report(report, chosen)
    except NewsfuseError as exc:
        fail(str(exc))
    emit(text, output)
    if output is None:
        return
    console.print(
        f"wrote {output} ({chosen}: {len(report.facts)} facts, {len(report.conflicts)} conflicts)"
    )


def _tell_skipped(skipped: Skipped) -> None:
    """One line on stderr for an input left out of the report, with its reason."""
    err_console.print(
        f"skipped {skipped.source}: {skipped.reason}", markup=False, highlight=False, soft_wrap=True
    )
