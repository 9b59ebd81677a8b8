"""newsfuse: many news reports of one event in, one verified, cited account out.

``import newsfuse`` is light: the models, the errors and the version load at once, while
``newsfuse.fuse`` (and with it numpy, spaCy and the fusion stages) loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsfuse.errors import NewsfuseError
from newsfuse.models import Article, Report, Skipped

if TYPE_CHECKING:
    from newsfuse.pipeline import fuse

__all__ = ["Article", "NewsfuseError", "Report", "Skipped", "__version__", "fuse"]

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``newsfuse.fuse``, imported from the pipeline the first time it is asked for.

    Raises:
        AttributeError: ``name`` is not a public attribute of the package.
    """
    if name == "fuse":
        from newsfuse.pipeline import fuse as found

        globals()["fuse"] = found
        return found
    raise AttributeError(f"module 'newsfuse' has no attribute {name!r}")
