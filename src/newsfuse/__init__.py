"""newsfuse: many news reports of one event in, one verified, cited account out."""

from __future__ import annotations

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Report, Skipped
from newsfuse.pipeline import fuse

__all__ = ["Article", "NewsfuseError", "Report", "Skipped", "__version__", "fuse"]

__version__ = "0.1.0"
