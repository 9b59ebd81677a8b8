"""The plain engine: every stage in this process, one unit after another.

For comparison with Ray and for users without it. Models are loaded once, on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

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


class LocalEngine:
    """Runs ingest, analysis and fusion in this process, with models loaded once.

    ``torch_threads`` caps torch's intra-op threads while stories are fused (a process-wide
    setting, restored when the fuse stage ends; None leaves torch's default). One thread is the
    default, as in the Ray actors:
    MiniLM encodes the short sentences of fusion in small batches, and a second thread cost
    1.8x the CPU per sentence on this 2-core machine for no wall-clock gain under load
    (bench/results/batch.md).
    """

    name = "local"

    def __init__(self, *, torch_threads: int | None = 1) -> None:
        self._nlp: Any = None
        self._encoder: Any = None
        self._threads = torch_threads

    def _models(self, *, encoder: bool) -> tuple[Any, Any]:
        from newsfuse.nlp import load_encoder, load_spacy

        if self._nlp is None:
            self._nlp = load_spacy()
        if encoder and self._encoder is None:
            self._encoder = load_encoder()
        return self._nlp, self._encoder

    def analyze(
        self, parts: Sequence[PartitionSpec], *, settings: Settings
    ) -> Iterator[AnalyzedPartition]:
        """Each partition read and analysed, in plan order."""
        for spec in parts:
            nlp, _ = self._models(encoder=False)
            yield analyze_partition(
                ingest_partition(spec, settings=settings),
                nlp=nlp,
                batch_size=settings.nlp_batch_size,
            )

    def fuse(self, jobs: Iterable[StoryJob], *, options: FuseSettings) -> Iterator[StoryOutput]:
        """Each story fused, in the order given."""
        with _torch_threads(self._threads):
            for job in jobs:
                nlp, encoder = self._models(encoder=True)
                yield fuse_story(
                    job,
                    nlp=nlp,
                    encoder=encoder,
                    brief_words=options.brief_words,
                    now=options.now,
                    html=options.html,
                )

    def close(self) -> None:
        """Nothing to release: the models stay cached for the process."""


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
