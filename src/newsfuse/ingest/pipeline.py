"""Reading sources into the store: batches of articles, one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.ingest.sources import read_sources, walk_folder
from newsfuse.ingest.url import is_url
from newsfuse.models import Article, Skipped

if TYPE_CHECKING:
    from newsfuse.config import Settings
    from newsfuse.store import AddResult, Store

# Articles per transaction: big enough that commits do not dominate, small enough that a
# crash loses little work (everything committed before it stays).
DEFAULT_BATCH = 64

ProgressHook = Callable[[str], None]
BatchHook = Callable[[Sequence[Article], "AddResult"], None]


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest run did: ids added, ids already present, inputs skipped with reasons."""

    added: tuple[str, ...]
    present: tuple[str, ...]
    skipped: tuple[Skipped, ...]

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return not self.skipped


def expand_sources(sources: Sequence[str | Path]) -> list[str]:
    """Sources with every folder replaced by its files (recursively, sorted, no hidden ones).

    URLs, "-" and paths that do not exist are kept as given, so reading them reports them.
    """
    out: list[str] = []
    for source in sources:
        name = str(source)
        if name != "-" and not is_url(name) and Path(name).is_dir():
            out.extend(str(path) for path in walk_folder(Path(name)))
        else:
            out.append(name)
    return out


def ingest_sources(
    sources: Sequence[str | Path],
    *,
    store: Store,
    settings: Settings | None = None,
    encoding: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressHook | None = None,
    on_batch: BatchHook | None = None,
) -> IngestSummary:
    """Read every source and store its articles, `batch_size` articles per transaction.

    Guarantees: a bad input never stops the run (it is in `skipped`); each batch is committed
    before the next is read, so a crash keeps every earlier batch; content already stored is
    counted in `present` and not rewritten. `on_progress(source)` is called after each source
    is read; `on_batch(articles, result)` after each batch is committed (for clustering).

    Raises:
        StoreError: the store cannot be written (batches committed before stay stored).
    """
    if settings is None:
        from newsfuse.config import Settings

        settings = Settings()
    added: list[str] = []
    present: list[str] = []
    skipped: list[Skipped] = []
    batch: list[Article] = []
    for item in _items(sources, settings=settings, encoding=encoding, on_progress=on_progress):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            _flush(batch, store=store, added=added, present=present, on_batch=on_batch)
    _flush(batch, store=store, added=added, present=present, on_batch=on_batch)
    return IngestSummary(tuple(added), tuple(present), tuple(skipped))


def _items(
    sources: Sequence[str | Path],
    *,
    settings: Settings,
    encoding: str | None,
    on_progress: ProgressHook | None,
) -> Iterator[Article | Skipped]:
    for source in sources:
        yield from read_sources([source], settings=settings, encoding=encoding)
        if on_progress is not None:
            on_progress(str(source))


def _flush(
    batch: list[Article],
    *,
    store: Store,
    added: list[str],
    present: list[str],
    on_batch: BatchHook | None,
) -> None:
    if not batch:
        return
    result = store.add_articles(batch)
    added.extend(result.added)
    present.extend(result.present)
    if on_batch is not None:
        on_batch(tuple(batch), result)
    batch.clear()
