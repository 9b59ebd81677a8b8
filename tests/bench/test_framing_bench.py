from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType


def test_quick_framing_bench_writes_its_table(
    tmp_path: Path, load_bench: Callable[[str], ModuleType]
) -> None:
    assert load_bench("framing").main(["--quick", "--out-dir", str(tmp_path)]) == 0
    table = (tmp_path / "framing.md").read_text(encoding="utf-8")
    rows = [line.split("|") for line in table.splitlines() if line.startswith(("| 5 |", "| 10 |"))]
    assert len(rows) == 2
    # Copies add documents and counted terms but no sentence to parse.
    assert int(rows[0][3]) == int(rows[1][3]) > 0
    assert 2 * int(rows[0][4]) == int(rows[1][4]) > 0
    assert float(rows[1][7]) > 0  # the parse-all baseline ran
