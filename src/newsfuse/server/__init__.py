"""The HTTP API and web UI (`newsfuse serve`): thin over the library and the store."""

from __future__ import annotations

from newsfuse.server.app import create_app
from newsfuse.server.config import ServerSettings

__all__ = ["ServerSettings", "create_app"]
