from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="module")
def bench(load_bench: Callable[[str], ModuleType]) -> ModuleType:
    return load_bench("summarize")


def test_scoring_reproduces_the_published_lexrank_and_best_figures(
    data_dir: Path, bench: ModuleType
) -> None:
    references = [s["reference"] for s in bench.load_stories()]
    peers = bench.load_peers()
    lexrank = bench.rouge("lexrank", peers["lexrank"], references)
    best = bench.rouge("llama", peers["llama_event_relation_graph"], references)
    published = {"lexrank": (42.8, 18.4, 30.6), "best": (45.7, 22.1, 32.9)}
    assert (lexrank.r1, lexrank.r2, lexrank.rlsum) == pytest.approx(published["lexrank"], abs=0.1)
    assert (best.r1, best.r2, best.rlsum) == pytest.approx(published["best"], abs=0.1)


def test_one_per_line_splits_sentences(bench: ModuleType) -> None:
    assert bench.one_per_line("Rebels took Rastan. Thousands fled! Why?") == (
        "Rebels took Rastan.\nThousands fled!\nWhy?"
    )


def test_small_run_writes_the_table_with_newsfuse_and_peers(
    tmp_path: Path, bench: ModuleType
) -> None:
    assert bench.main(["--limit", "1", "--out-dir", str(tmp_path)]) == 0
    text = (tmp_path / "summarize.md").read_text(encoding="utf-8")
    assert "**newsfuse** (fused facts" in text
    assert "newsfuse (sentence facts" in text
    assert "| lexrank |" in text
    assert "among the 10 peers" in text
