"""The Typer application and the few printing helpers every command shares."""

from __future__ import annotations

import sys
from pathlib import Path
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


def emit(text: str, output: Path | None) -> None:
    """Write `text` to the file `output`, or to stdout without one; a failed write exits 1."""
    if output is None:
        write_out(text)
        return
    try:
        output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror}); choose another path with -o")


def write_out(text: str) -> None:
    """Write machine-readable output to stdout, untouched by rich."""
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")
    sys.stdout.flush()


@app.callback()
def _root() -> None:
    """Many news reports of one event in, one verified, cited account out."""
