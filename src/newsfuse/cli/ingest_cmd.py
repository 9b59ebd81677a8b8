"""`newsfuse` commands for the ingest stage."""

from __future__ import annotations

from newsfuse.cli._app import app  # noqa: F401
