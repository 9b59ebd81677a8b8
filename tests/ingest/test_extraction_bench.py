"""bench/extraction.py: its metric, a quick run, and the quality floor against trafilatura."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="module")
def bench(load_bench: Callable[[str], ModuleType]) -> ModuleType:
    return load_bench("extraction")


def test_metric_matches_the_benchmark_definition(bench: ModuleType) -> None:
    text = "one two three four five six seven"
    assert bench.tp_fp_fn(text, text) == (1.0, 0.0, 0.0)
    tp, fp, fn = bench.tp_fp_fn(text, "one two three four")
    assert (tp, fp, fn) == pytest.approx((0.25, 0.0, 0.75))
    empty = bench.tp_fp_fn(text, "")
    assert empty == (0.0, 0.0, 1.0)
    # an empty output: recall 0 on its page, and no part of the precision mean
    f1, precision, recall = bench.summarise([(1.0, 0.0, 0.0), empty])
    assert (precision, recall) == (1.0, 0.5)
    assert f1 == pytest.approx(2 / 3)


def test_quick_run_writes_a_results_table(bench: ModuleType, tmp_path: Path) -> None:
    scores = bench.run(3, tmp_path)
    out = (tmp_path / "extraction.md").read_text(encoding="utf-8")
    assert "| newsfuse |" in out and "| trafilatura.extract (plain) |" in out
    assert [s.name for s in scores] == ["trafilatura.extract (plain)", "newsfuse"]
    assert all(0.5 < s.f1 <= 1.0 for s in scores)


@pytest.mark.slow
def test_newsfuse_is_at_least_as_good_as_plain_trafilatura(bench: ModuleType) -> None:
    pages = bench.load_pages()
    base, ours = (bench.score(name, fn, pages) for name, fn in bench.extractors().items())
    assert ours.f1 >= base.f1
    assert ours.empty <= base.empty
    for row in bench.by_length(pages, [base, ours]):
        assert row[3] >= row[2] - 0.005, row  # no class of page length got worse
