from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "serve.py"


@pytest.mark.slow
def test_serve_bench_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--clients", "2", "--out-dir", str(tmp_path)],
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = (tmp_path / "serve.md").read_text(encoding="utf-8")
    for endpoint in ("GET /api/health", "GET /api/stories/{id}", "POST /api/articles"):
        row = next(line for line in text.splitlines() if f"| {endpoint} |" in line)
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == "SQLite" and int(cells[2]) > 0 and cells[-1] == "0"
