"""The plain engine: every stage on this machine, in this process or in worker processes.

For users without Ray, and as the reference the Ray engine is compared with. With one worker
the stages run in this process, one unit after another. With more, partitions and stories go
to a pool of worker processes: each builds the job's `Session` once (from its pickled
configuration) and loads the models on first use, and the results come back as they finish
(the runner orders them). The output is the same for any number of workers: analysis and
parses depend only on their texts, and each story's sentence vectors are its own
(``Session(vectors="per_fusion")``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, TypeVar

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
from newsfuse.session import Session

_In = TypeVar("_In")
_Out = TypeVar("_Out")
# Units handed to the pool ahead of the results read back, per worker: enough to keep every
# worker busy, few enough that the stories' analyses are never all in memory at once.
_AHEAD = 2


@dataclass(frozen=True, slots=True)
class FuseSettings:
    """What every story is fused with: the same for all stories and all engines."""

    brief_words: int
    now: dt.datetime
    html: bool = False


class Engine(Protocol):
    """Where the stages run. Results may come back in any order; the runner sorts them."""

    def analyze(
        self, parts: Sequence[PartitionSpec], *, settings: Settings
    ) -> Iterator[AnalyzedPartition]: ...

    def fuse(self, jobs: Iterable[StoryJob], *, options: FuseSettings) -> Iterator[StoryOutput]: ...

    def close(self) -> None: ...


def batch_session(settings: Settings | None = None) -> Session:
    """The session a batch job analyses and fuses with: vectors kept per story, so a report
    never depends on which stories its worker fused before."""
    return Session(settings, vectors="per_fusion")


class LocalEngine:
    """Runs ingest, analysis and fusion on this machine, with models loaded once per process.

    ``workers`` processes (1: this process; None: the CPUs) each hold one session. torch runs
    on ``torch_threads`` intra-op threads while stories are fused (in this process the setting
    is restored when the fuse stage ends; None leaves torch's default). One thread is the
    default: MiniLM encodes the short sentences of fusion in small batches, and a second thread
    cost 1.8x the CPU per sentence on a 2-core machine for no wall-clock gain under load
    (bench/results/batch.md); with several workers every core already has a process.
    """

    name = "local"

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        workers: int | None = 1,
        torch_threads: int | None = 1,
    ) -> None:
        self.session = batch_session(settings)
        self.workers = max(1, workers if workers is not None else os.cpu_count() or 1)
        self._threads = torch_threads
        self._pool: ProcessPoolExecutor | None = None

    def analyze(
        self, parts: Sequence[PartitionSpec], *, settings: Settings
    ) -> Iterator[AnalyzedPartition]:
        """Each partition read and analysed: in plan order with one worker, else as each one
        finishes."""
        if self.workers == 1:
            for spec in parts:
                yield _analyse(spec, settings, self.session)
            return
        yield from self._map(_analyse_in_worker, ((spec, settings) for spec in parts))

    def fuse(self, jobs: Iterable[StoryJob], *, options: FuseSettings) -> Iterator[StoryOutput]:
        """Each story fused: in the order given with one worker, else as each one finishes."""
        if self.workers > 1:
            yield from self._map(_fuse_in_worker, ((job, options) for job in jobs))
            return
        with _torch_threads(self._threads):
            for job in jobs:
                yield _fuse(job, options, self.session)

    def close(self) -> None:
        """Stop the worker processes (the models of this process stay cached)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _map(self, work: Callable[[_In], _Out], units: Iterable[_In]) -> Iterator[_Out]:
        """``work`` of every unit in the pool, a few units ahead, results as they finish."""
        pool = self._start()
        pending: set[Future[_Out]] = set()
        stream = iter(units)
        for unit in stream:
            pending.add(pool.submit(work, unit))
            if len(pending) >= self.workers * _AHEAD:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: workers start from a clean interpreter, never a fork of a process whose
            # torch or spaCy already started threads; and they are this process's own children,
            # so its resource usage (wait4, RUSAGE_CHILDREN) counts their CPU.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self.session, self._threads),
            )
        return self._pool


def _analyse(spec: PartitionSpec, settings: Settings, session: Session) -> AnalyzedPartition:
    return analyze_partition(ingest_partition(spec, settings=settings), session=session)


def _fuse(job: StoryJob, options: FuseSettings, session: Session) -> StoryOutput:
    return fuse_story(
        job, session=session, brief_words=options.brief_words, now=options.now, html=options.html
    )


# The worker process's session, set once by its initializer (one per process, by design).
_WORKER: list[Session] = []


def _start_worker(session: Session, torch_threads: int | None) -> None:
    """Pool initializer: keep the session (rebuilt from its configuration) and cap torch's
    threads before torch is first imported."""
    if torch_threads is not None:
        os.environ["OMP_NUM_THREADS"] = str(torch_threads)
        os.environ["MKL_NUM_THREADS"] = str(torch_threads)
    _WORKER[:] = [session]


def _analyse_in_worker(unit: tuple[PartitionSpec, Settings]) -> AnalyzedPartition:
    spec, settings = unit
    return _analyse(spec, settings, _WORKER[0])


def _fuse_in_worker(unit: tuple[StoryJob, FuseSettings]) -> StoryOutput:
    job, options = unit
    return _fuse(job, options, _WORKER[0])


@contextmanager
def _torch_threads(count: int | None) -> Iterator[None]:
    """torch's intra-op thread count set to ``count`` inside the block (None: unchanged)."""
    if count is None:
        yield
        return
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)
