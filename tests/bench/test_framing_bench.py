from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_quick_framing_bench_writes_its_table(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_framing", BENCH / "framing.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--quick", "--out-dir", str(tmp_path)]) == 0
    table = (tmp_path / "framing.md").read_text(encoding="utf-8")
    rows = [line.split("|") for line in table.splitlines() if line.startswith(("| 5 |", "| 10 |"))]
    assert len(rows) == 2
    # Copies add documents and counted terms but no sentence to parse.
    assert int(rows[0][3]) == int(rows[1][3]) > 0
    assert 2 * int(rows[0][4]) == int(rows[1][4]) > 0
    assert float(rows[1][7]) > 0  # the parse-all baseline ran
