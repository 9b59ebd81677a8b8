"""The Ray engine: the batch stages as Ray Data map stages, on this machine or a cluster.

Ingest is a stateless map (Ray tasks); analysis and fusion are maps over actor classes, so each
worker loads spaCy (and the encoder) once and keeps it for every partition or story it gets.
Ray is imported only here: the core install does not need it (``pip install newsfuse[ray]``).

On a cluster the input files must be readable at the same path on every node (a shared or
mounted file system); the output folder is written by the driver only.
"""

from __future__ import annotations

import importlib
import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from newsfuse.batch.engine_local import FuseSettings, batch_session
from newsfuse.batch.plan import PartitionSpec
from newsfuse.batch.stages import (
    AnalyzedPartition,
    StoryJob,
    StoryOutput,
    analyze_partition,
    fuse_story,
    ingest_partition,
)
from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.session import Session

# Stories are sent to the fuse actors in waves, so the driver never holds every story's
# analyses at once; each wave starts its actors anew, so a wave must be long enough to pay
# for loading the models (about 10 s).
_STORY_WAVE = 2_000


def _ray() -> Any:
    """Ray, imported when the engine is used (typed as Any: its stubs are partial)."""
    return importlib.import_module("ray")


def _table(payloads: list[bytes]) -> Any:
    pa: Any = importlib.import_module("pyarrow")
    return pa.table({"payload": pa.array(payloads, type=pa.large_binary())})


def _payloads(batch: Any) -> list[bytes]:
    return list(batch.column("payload").to_pylist())


def _ingest_batch(batch: Any, settings: Settings) -> Any:
    """Ray task: read the partitions of a batch (pure per-partition map)."""
    specs = [pickle.loads(p) for p in _payloads(batch)]
    return _table([pickle.dumps(ingest_partition(s, settings=settings)) for s in specs])


class _Analyzer:
    """Ray actor: holds the job's session (spaCy loaded once), analyses every partition."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __call__(self, batch: Any) -> Any:
        parts = [pickle.loads(p) for p in _payloads(batch)]
        done = [analyze_partition(p, session=self.session) for p in parts]
        return _table([pickle.dumps(d) for d in done])


class _Fuser:
    """Ray actor: holds the job's session (models loaded once), fuses every story."""

    def __init__(self, options: FuseSettings, session: Session) -> None:
        import torch

        torch.set_num_threads(1)  # one CPU per actor: more threads only contend
        self.session, self.options = session, options

    def __call__(self, batch: Any) -> Any:
        jobs: list[StoryJob] = [pickle.loads(p) for p in _payloads(batch)]
        opts = self.options
        done = [
            fuse_story(j, session=self.session, brief_words=opts.brief_words, now=opts.now,
                       html=opts.html)
            for j in jobs
        ]  # fmt: skip
        return _table([pickle.dumps(d) for d in done])


class RayEngine:
    """Runs the stages on Ray: a local runtime, or the cluster at ``address``.

    Raises:
        InputError: Ray is not installed, or the cluster cannot be reached.
    """

    name = "ray"

    def __init__(
        self,
        *,
        address: str | None = None,
        workers: int | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.session = batch_session(settings)  # pickled to each actor: its configuration
        try:
            ray = _ray()
        except ImportError as exc:
            raise InputError(
                "--engine ray needs Ray: `pip install newsfuse[ray]`, or use --engine local"
            ) from exc
        self._started = False
        if not ray.is_initialized():
            try:
                _init(ray, address=address, workers=workers)
            except ConnectionError as exc:
                raise InputError(f"cannot reach the Ray cluster at {address}: {exc}") from exc
            self._started = True
        # Rich progress on stderr is the runner's; Ray Data's own bars would interleave with it.
        ray.data.DataContext.get_current().enable_progress_bars = False
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, min(workers or cpus, cpus))

    def analyze(
        self, parts: Sequence[PartitionSpec], *, settings: Settings
    ) -> Iterator[AnalyzedPartition]:
        """Partitions read (tasks) and analysed (actors), as each one finishes."""
        ray = _ray()
        if not parts:
            return
        items = [{"payload": pickle.dumps(p)} for p in parts]
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        # Reading is light: it takes no CPU slot, so it cannot starve the analysis actors.
        ds = ds.map_batches(_ingest_batch, batch_size=1, batch_format="pyarrow",
                            fn_kwargs={"settings": settings}, num_cpus=0,
                            concurrency=self.workers)  # fmt: skip
        ds = ds.map_batches(_Analyzer, batch_size=1, batch_format="pyarrow",
                            fn_constructor_kwargs={"session": self.session},
                            concurrency=self.workers, num_cpus=1)  # fmt: skip
        for row in ds.iter_rows():
            yield pickle.loads(row["payload"])

    def fuse(self, jobs: Iterable[StoryJob], *, options: FuseSettings) -> Iterator[StoryOutput]:
        """Stories fused in parallel by actors, as each one finishes."""
        ray = _ray()
        stream = iter(jobs)
        while wave := list(islice(stream, _STORY_WAVE)):
            items = [{"payload": pickle.dumps(j)} for j in wave]
            ds = ray.data.from_items(items, override_num_blocks=min(len(items), 200))
            ds = ds.map_batches(_Fuser, batch_size=1, batch_format="pyarrow",
                                fn_constructor_kwargs={"options": options,
                                                       "session": self.session},
                                concurrency=self.workers, num_cpus=1)  # fmt: skip
            for row in ds.iter_rows():
                yield pickle.loads(row["payload"])

    def close(self) -> None:
        """Shut down the local runtime this engine started, or disconnect from the cluster
        (which keeps running); a runtime someone else started is left alone."""
        if self._started:
            _ray().shutdown()


def _init(ray: Any, *, address: str | None, workers: int | None) -> None:
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                 log_to_driver=False)  # fmt: skip
