"""A batch job end to end on the local engine: outputs, skipped records, resume."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsfuse.batch import BatchOptions, LocalEngine, run_batch
from newsfuse.batch.plan import PartitionSpec
from newsfuse.batch.stages import AnalyzedPartition
from newsfuse.cluster.features import FEATURES_VERSION
from newsfuse.config import Settings
from newsfuse.errors import InputError

OPTIONS = BatchOptions(fmt="jsonl", lines_per_partition=4)


class Interrupted(Exception):
    """Stands for the job being killed."""


class StopsAfter(LocalEngine):
    """The local engine, killed after `n` partitions (the job stops mid-way)."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n
        self.seen: list[str] = []

    def analyze(
        self, parts: Sequence[PartitionSpec], *, settings: Settings
    ) -> Iterator[AnalyzedPartition]:
        for result in super().analyze(parts, settings=settings):
            self.seen.append(result.id)
            yield result
            if len(self.seen) >= self.n:
                raise Interrupted


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def inputs(small_shard: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The shard, and a second file repeating its first record (a duplicate article)."""
    copy = tmp_path_factory.mktemp("copy") / "copy.jsonl"
    copy.write_text(small_shard.read_text().splitlines()[0] + "\n")
    return [small_shard, copy]


@pytest.fixture(scope="module")
def finished(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One job interrupted after its first partition, then resumed to the end."""
    out = tmp_path_factory.mktemp("job")
    with pytest.raises(Interrupted):
        run_batch(inputs, out=out, options=OPTIONS, engine=StopsAfter(1))
    manifest = json.loads((out / "manifest.json").read_text())
    assert len(manifest["partitions"]) == 1 and not manifest["complete"]
    engine = StopsAfter(99)
    result = run_batch(inputs, out=out, options=OPTIONS, engine=engine)
    assert result.resumed == 1
    assert manifest["partitions"][0] not in engine.seen  # the finished partition is not redone
    assert len(engine.seen) == result.partitions - 1
    return out


def test_outputs_cover_every_article_once(finished: Path, shared_dir: Path) -> None:
    articles = _lines(finished / "articles.jsonl")
    stories = _lines(finished / "stories.jsonl")
    assert len(articles) == 6
    assert len({a["id"] for a in articles}) == 6  # no duplicates after the resume
    members = [a for s in stories for a in s["article_ids"]]
    assert sorted(members) == sorted(a["id"] for a in articles)
    assert all(a["story_id"] in {s["story_id"] for s in stories} for a in articles)
    schema = json.loads((shared_dir / "contracts" / "report.schema.json").read_text())
    for story in stories:
        report = json.loads((finished / "reports" / f"{story['story_id']}.json").read_text())
        jsonschema.validate(report, schema)
        assert sorted(d["id"] for d in report["documents"]) == story["article_ids"]


def test_bad_records_and_duplicates_are_skipped_with_reasons(
    finished: Path, inputs: list[Path]
) -> None:
    shard, copy = inputs
    skipped = _lines(finished / "skipped.jsonl")
    assert [s["source"] for s in skipped] == [f"{shard}:4", f"{shard}:5", f"{copy}:1"]
    assert "invalid JSON" in skipped[0]["reason"]
    assert "no text" in skipped[1]["reason"]
    assert "same text as article" in skipped[2]["reason"]


def test_a_rerun_of_a_finished_job_redoes_nothing(finished: Path, inputs: list[Path]) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in (finished / "reports").iterdir()}
    engine = StopsAfter(99)
    result = run_batch(inputs, out=finished, options=OPTIONS, engine=engine)
    assert engine.seen == []
    assert result.reports == 0 and result.reused == result.stories
    assert {p.name: p.stat().st_mtime_ns for p in (finished / "reports").iterdir()} == before


def test_a_job_analysed_by_another_features_version_is_analysed_again(
    inputs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "job"
    first = run_batch(inputs, out=out, options=OPTIONS, engine=StopsAfter(99))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["features"] == FEATURES_VERSION
    (out / "manifest.json").write_text(json.dumps({**manifest, "features": 3}))
    engine = StopsAfter(99)
    again = run_batch(inputs, out=out, options=OPTIONS, engine=engine)
    assert again.resumed == 0 and len(engine.seen) == first.partitions
    assert again.stories == first.stories


def test_nothing_to_read_is_an_error_that_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pass JSONL/WARC files"):
        run_batch([tmp_path / "none-*.jsonl"], out=tmp_path / "out", options=OPTIONS)
