"""bench/batch.py runs end to end at its smallest size (not over the committed results)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from newsfuse.batch.blocking import window_of
from newsfuse.cluster.features import parse_published
from newsfuse.ingest import read_sources
from newsfuse.models import Article


@pytest.fixture(scope="module")
def bench(load_bench: Callable[[str], ModuleType]) -> ModuleType:
    return load_bench("batch")


@pytest.mark.slow
def test_bench_quick_run_writes_its_table(bench: ModuleType, tmp_path: Path) -> None:
    bench.main(["--quick", "--configs", "local", "--out-dir", str(tmp_path)])
    text = (tmp_path / "batch.md").read_text()
    row = next(line for line in text.splitlines() if line.startswith("| 8 | local |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[2]) >= 1  # stories
    assert float(cells[4]) > 0  # articles per second
    assert float(cells[5]) > 0  # CPU seconds of the process tree
    assert float(cells[7]) > 100  # peak MiB: the models alone take more


def test_replay_gives_new_ids_and_separate_time_windows(bench: ModuleType, tmp_path: Path) -> None:
    shards = bench.replay(1250, tmp_path, shard_lines=500)
    assert len(shards) == 3
    articles = [a for a in read_sources(shards) if isinstance(a, Article)]
    assert len(articles) == 1250
    assert len({a.id for a in articles}) >= 1240  # copies differ; the dev sets hold a few twins
    windows = {window_of(parse_published(a.published), window_days=14) for a in articles}
    assert len(windows) == 3 and max(windows) - min(windows) >= 4  # never adjacent windows


def test_shards_are_written_once_per_work_dir(bench: ModuleType, tmp_path: Path) -> None:
    shards = bench.replay_once(30, tmp_path / "in-30")
    stamp = [p.stat().st_mtime_ns for p in shards]
    time.sleep(0.01)
    assert bench.replay_once(30, tmp_path / "in-30") == shards
    assert [p.stat().st_mtime_ns for p in shards] == stamp  # same files: the job resumes


def test_a_resumed_configuration_sums_its_segments(bench: ModuleType, tmp_path: Path) -> None:
    segments = [
        {"seconds": 100.0, "cpu": 40.0, "peak_mib": 900.0, "complete": False},
        {"seconds": 50.0, "cpu": 20.0, "peak_mib": 1200.0, "stories": 7, "t_fuse": 30.0,
         "complete": True},
    ]  # fmt: skip
    (tmp_path / "segments-200-local.json").write_text(json.dumps(segments))
    # The last segment finished: the row comes from the log, nothing is run again.
    row = bench.measure([], tmp_path, 200, "local")
    assert row[:3] == [200, "local (resumed, 2 segments)", 7]
    assert row[3] == 150.0 and row[5] == 60.0 and row[6] == 60.0 / 200
    assert row[7] == 1200.0  # the largest peak
    assert not (tmp_path / "out-200-local").exists()


def test_stop_group_ends_the_command_and_what_it_started(bench: ModuleType) -> None:
    command = ["sh", "-c", "sleep 300 & sleep 300 & wait"]
    proc = subprocess.Popen(command, start_new_session=True)
    time.sleep(0.3)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    assert len(children) == 2
    bench.stop_group(proc, grace=5.0)
    assert proc.returncode is not None
    time.sleep(0.2)
    for pid in children:  # the group's other processes are gone too (or zombies of init)
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "zombie" in status.read_text()
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
