"""Batch mode clusters with the clusterer's own features and algorithm (issue 6 and 8)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsfuse.analyze import analyze_articles
from newsfuse.batch import BatchOptions, BlockingOptions, LocalEngine, run_batch
from newsfuse.cluster import cluster_batch, extract_features
from newsfuse.cluster.metrics import agreement
from newsfuse.models import Article

# ECB+ dev topics with several events each, so the partition has real choices to make; the
# ecbplus articles carry a date line, the others none, so dated and undated articles mix.
_TOPICS = ("3", "8")


def _shard(data_dir: Path, path: Path) -> Path:
    rows = [
        json.loads(line)
        for line in (data_dir / "clustering" / "ecbplus_dev.jsonl").read_text().splitlines()
    ]
    chosen = [r for r in rows if str(r["topic"]) in _TOPICS]
    lines = [json.dumps({"id": r["id"], "title": r["title"], "text": r["text"]}) for r in chosen]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def job(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shard and a --no-fuse job over it (stories only)."""
    folder = tmp_path_factory.mktemp("cluster-path")
    shard = _shard(data_dir, folder / "ecb.jsonl")
    out = folder / "out"
    options = BatchOptions(fuse=False, fmt="jsonl", lines_per_partition=25)
    result = run_batch([shard], out=out, options=options, engine=LocalEngine())
    assert result.reports == 0 and not (out / "reports").exists()
    return shard, out


def _rows(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]


def _reference(rows: list[dict[str, Any]], nlp: Any) -> list[str]:
    """cluster_batch over the clusterer's own features (names from each article's analysis,
    as bench/cluster.py extracts them) of the articles as ingested, in input order."""
    articles = [Article(id=r["id"], source=r["source"], text=r["text"], title=r["title"],
                        published=r["published"]) for r in rows]  # fmt: skip
    assert any(a.published for a in articles) and not all(a.published for a in articles)
    feats = extract_features(articles, analyses=analyze_articles(articles, nlp=nlp))
    return cluster_batch(feats).labels_for([a.id for a in articles])


def test_batch_partition_equals_cluster_batch_on_ecb_dev(job: tuple[Path, Path], nlp: Any) -> None:
    _, out = job
    rows = _rows(out)
    assert len(rows) > 30
    # The input fits one block: the partition is exactly cluster_batch's.
    assert agreement(_reference(rows, nlp), [r["story_id"] for r in rows]) == 1.0
    stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
    assert sorted(i for s in stories for i in s["article_ids"]) == sorted(r["id"] for r in rows)


def test_small_blocks_reuse_the_analysis_and_stay_close(
    job: tuple[Path, Path], nlp: Any, tmp_path: Path
) -> None:
    shard, out = job
    rows = _rows(out)
    # The finished job re-clustered with blocks of a quarter of the articles: no partition is
    # analysed again (the stored features are reused), and the stories stay close.
    blocking = BlockingOptions(max_block=len(rows) // 4)
    options = BatchOptions(fuse=False, fmt="jsonl", lines_per_partition=25, blocking=blocking)
    result = run_batch([shard], out=out, options=options, engine=LocalEngine())
    assert result.resumed == result.partitions
    small = _rows(out)
    assert [r["id"] for r in small] == [r["id"] for r in rows]
    # Measured 2026-11-22: ARI 0.832 with blocks of a quarter (about 5 stories per block, so
    # most stories are cut and merged back); pinned lower.
    assert agreement(_reference(rows, nlp), [r["story_id"] for r in small]) >= 0.78
