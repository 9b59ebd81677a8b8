"""The Typer application and the few printing helpers every command shares."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="newsfuse",
    help="Many news reports of one event in, one verified, cited account out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console()
err_console = Console(stderr=True)


def fail(message: str, *, code: int = 1) -> NoReturn:
    """Print one red line on stderr and exit with `code`."""
    err_console.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def write_out(text: str) -> None:
    """Write machine-readable output to stdout, untouched by rich."""
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


@app.callback()
def _root() -> None:
    """Many news reports of one event in, one verified, cited account out."""
