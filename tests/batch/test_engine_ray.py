"""The Ray engine gives the same stories and reports as the local engine (Ray runs locally)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.batch import BatchOptions, LocalEngine, run_batch

# Ray Data warns about its own deprecated settings while copying its context to workers.
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")]


@pytest.fixture(scope="session")
def ray_runtime() -> Iterator[Any]:
    """One local Ray runtime for the session: it takes 10-25 s to start on this machine."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _reports(out: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((out / "reports").glob("*.json")):
        report = json.loads(path.read_text())
        report.pop("generated_at", None)  # the time each job started
        found[path.stem] = report
    return found


def test_ray_and_local_engines_agree(ray_runtime: Any, small_shard: Path, tmp_path: Path) -> None:
    from newsfuse.batch.engine_ray import RayEngine

    options = BatchOptions(fmt="parquet", lines_per_partition=3)
    local = run_batch([small_shard], out=tmp_path / "local", options=options, engine=LocalEngine())
    engine = RayEngine(workers=2)
    assert engine.workers == 2
    ray_result = run_batch([small_shard], out=tmp_path / "ray", options=options, engine=engine)
    engine.close()
    assert ray_runtime.is_initialized()  # an engine never shuts down a runtime it did not start
    assert (ray_result.articles, ray_result.stories) == (local.articles, local.stories)
    for name in ("stories.jsonl", "skipped.jsonl"):
        assert (tmp_path / "ray" / name).read_text() == (tmp_path / "local" / name).read_text()
    ray_reports, local_reports = _reports(tmp_path / "ray"), _reports(tmp_path / "local")
    assert ray_reports.keys() == local_reports.keys()
    for story_id, report in local_reports.items():
        assert ray_reports[story_id]["facts"] == report["facts"]
        assert ray_reports[story_id]["conflicts"] == report["conflicts"]
        assert ray_reports[story_id] == report
    import pyarrow.parquet as pq

    rows = pq.read_table(tmp_path / "ray" / "articles.parquet").to_pylist()
    assert rows == pq.read_table(tmp_path / "local" / "articles.parquet").to_pylist()
