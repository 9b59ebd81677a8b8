"""Batch fixtures: small real inputs (ECB+ articles as a JSONL shard with bad records)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def write_shard(data_dir: Path, path: Path, *, topics: tuple[str, ...], per_topic: int) -> Path:
    """ECB+ dev articles of a few topics as a JSONL shard, with one broken line and one record
    without text after the third article."""
    text = (data_dir / "clustering" / "ecbplus_dev.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    chosen: list[dict[str, object]] = []
    for topic in topics:
        chosen += [r for r in rows if str(r["topic"]) == topic][:per_topic]
    lines = [json.dumps({"id": r["id"], "title": r["title"], "text": r["text"]}) for r in chosen]
    lines[3:3] = ['{"id": "broken", "text": "no closing brace"', '{"id": "empty", "title": "x"}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_shard(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six articles of two ECB+ topics and two bad records (the machine is slow: keep it small)."""
    folder = tmp_path_factory.mktemp("shard")
    return write_shard(data_dir, folder / "ecb.jsonl", topics=("3", "5"), per_topic=3)
