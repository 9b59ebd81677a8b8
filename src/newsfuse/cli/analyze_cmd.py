"""`newsfuse` commands for the analyze stage."""

from __future__ import annotations

from newsfuse.cli._app import app  # noqa: F401
