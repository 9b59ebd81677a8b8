"""newsfuse: many news reports of one event in, one verified, cited account out."""

from __future__ import annotations

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Report, Skipped

__all__ = ["Article", "NewsfuseError", "Report", "Skipped", "__version__"]

__version__ = "0.1.0"
