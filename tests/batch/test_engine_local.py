"""The local engine: torch on one thread while fusing (the process's setting given back), and
worker processes that give the output of one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import torch

from newsfuse.batch import BatchOptions, FuseSettings, LocalEngine, run_batch
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


def _outputs(out: Path) -> tuple[bytes, dict[str, object]]:
    """stories.jsonl as bytes, and each report without its generation time (the job's start)."""
    reports = {}
    for path in sorted((out / "reports").glob("*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        report.pop("generated_at")
        reports[path.name] = report
    return (out / "stories.jsonl").read_bytes(), reports


def test_two_worker_processes_give_the_output_of_one(small_shard: Path, tmp_path: Path) -> None:
    options = BatchOptions(fmt="jsonl", lines_per_partition=2)
    outputs = []
    for workers in (1, 2):
        engine = LocalEngine(workers=workers)
        try:
            result = run_batch([small_shard], out=tmp_path / str(workers), options=options,
                               engine=engine)  # fmt: skip
        finally:
            engine.close()
        assert result.reports == result.stories > 0 and result.failed == 0
        outputs.append(_outputs(tmp_path / str(workers)))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][1]) == result.stories
