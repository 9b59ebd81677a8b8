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
    lines = (tmp_path / "serve.md").read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("| store | endpoint |"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    endpoints = (
        "GET /api/health",
        "GET /api/stories (list, pages 1-5)",
        "GET /stories/{id} (story page)",
        "GET /api/stories/{id}",
        "POST /api/articles",
    )
    for endpoint in endpoints:
        row = next(line for line in lines if f"| {endpoint} |" in line)
        cell = dict(zip(columns, (c.strip() for c in row.strip("|").split("|")), strict=True))
        assert cell["store"] == "SQLite" and int(cell["requests"]) > 0 and cell["errors"] == "0"
