from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="module")
def bench(load_bench: Callable[[str], ModuleType]) -> ModuleType:
    return load_bench("analyze")


def test_quick_run_writes_its_table(tmp_path: Path, bench: ModuleType) -> None:
    assert bench.main(["--quick", "--out-dir", str(tmp_path)]) == 0
    table = (tmp_path / "analyze.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| 10 |")]
    assert len(rows) == 3  # batch, the one-at-a-time baseline, resolution
    batch = rows[0].split("|")
    assert "batch" in batch[2] and float(batch[5]) > 0  # articles/s


def test_corpus_repeats_to_the_size(bench: ModuleType) -> None:
    articles = bench.corpus(700)
    assert len(articles) == 700 and len({a.id for a in articles}) == 700
    assert articles[0].text == articles[622].text
