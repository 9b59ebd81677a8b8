from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_fuse_bench_writes_its_table(tmp_path: Path) -> None:
    assert _load("fuse").main(["--quick", "--out-dir", str(tmp_path)]) == 0
    table = (tmp_path / "fuse.md").read_text(encoding="utf-8")
    rows = [line.split("|") for line in table.splitlines() if line.startswith(("| 3 |", "| 6 |"))]
    assert len(rows) == 2
    for row in rows:
        assert float(row[5]) > 0 and float(row[10]) > 0  # blocked and all-pairs seconds
        assert float(row[6]) > 0  # CPU seconds of the blocked fusion
    again = [line for line in table.splitlines() if line.startswith(("| 3 + 1 |", "| 6 + 1 |"))]
    assert len(again) == 2  # a story fused again with parses kept: the same report
    assert all(line.split("|")[-2].strip() == "True" for line in again)


def test_texts_fill_the_size_with_distinct_copies() -> None:
    texts = _load("fuse").load_texts(1200)
    assert len(texts) == 1200 and len(set(texts)) == 1200


def test_quick_conflicts_bench_reports_precision_and_recall(tmp_path: Path) -> None:
    assert _load("conflicts").main(["--quick", "--out-dir", str(tmp_path)]) == 0
    text = (tmp_path / "conflicts.md").read_text(encoding="utf-8")
    assert "Precision" in text and "recall" in text
    assert "| unchanged | 1 |" in text
