from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "bench" / "analyze.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_analyze", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_writes_its_table(tmp_path: Path) -> None:
    bench = _load()
    assert bench.main(["--quick", "--out-dir", str(tmp_path)]) == 0
    table = (tmp_path / "analyze.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| 10 |")]
    assert len(rows) == 3  # batch, the one-at-a-time baseline, resolution
    batch = rows[0].split("|")
    assert "batch" in batch[2] and float(batch[5]) > 0  # articles/s


def test_corpus_repeats_to_the_size() -> None:
    articles = _load().corpus(700)
    assert len(articles) == 700 and len({a.id for a in articles}) == 700
    assert articles[0].text == articles[622].text
