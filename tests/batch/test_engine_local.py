"""The local engine fuses with torch on one thread and gives the process its setting back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import torch

from newsfuse.batch import FuseSettings, LocalEngine
from newsfuse.batch.stages import StoryJob


def test_fuse_stage_runs_torch_on_one_thread_and_restores_it() -> None:
    seen: list[int] = []

    def jobs() -> Iterator[StoryJob]:
        seen.append(torch.get_num_threads())  # read while the engine is fusing
        yield from ()

    before = torch.get_num_threads()
    options = FuseSettings(brief_words=60, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert list(LocalEngine().fuse(jobs(), options=options)) == []
    assert seen == [1]
    assert torch.get_num_threads() == before
    assert list(LocalEngine(torch_threads=None).fuse(jobs(), options=options)) == []
    assert seen == [1, before]
