"""bench/batch.py runs end to end at its smallest size (not over the committed results)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "batch.py"


@pytest.mark.slow
def test_bench_quick_run_writes_its_table(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_batch", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--quick", "--configs", "local", "--out-dir", str(tmp_path)])
    text = (tmp_path / "batch.md").read_text()
    row = next(line for line in text.splitlines() if line.startswith("| 8 | local |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[2]) >= 1  # stories
    assert float(cells[4]) > 0  # articles per second
    assert float(cells[5]) > 0  # CPU seconds of the process tree
    assert float(cells[7]) > 100  # peak MiB: the models alone take more


def test_replay_gives_new_ids_and_separate_time_blocks(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_batch", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from newsfuse.batch.blocking import block_of
    from newsfuse.ingest import read_sources
    from newsfuse.models import Article

    shards = module.replay(1250, tmp_path, shard_lines=500)
    assert len(shards) == 3
    articles = [a for a in read_sources(shards) if isinstance(a, Article)]
    assert len(articles) == 1250
    assert len({a.id for a in articles}) >= 1240  # copies differ; the dev sets hold a few twins
    blocks = {block_of(a.published, window_days=14) for a in articles}
    assert len(blocks) == 3 and max(blocks) - min(blocks) >= 4  # copies never in adjacent blocks
