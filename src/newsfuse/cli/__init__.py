"""The `newsfuse` command. Each command group lives in its own module and registers on `app`.

Commands are thin: parse options, build Settings, call one library function, print the result.
A NewsfuseError becomes one red line and exit code 1; a usage error exits 2 (Typer's default).
"""

from __future__ import annotations

# Importing a command module registers its commands on `app`.
from newsfuse.cli import analyze_cmd, batch_cmd, cluster_cmd, fuse_cmd, ingest_cmd, serve_cmd  # noqa: E402,F401
from newsfuse.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
