from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "stream_state.py"


@pytest.mark.slow
def test_stream_state_bench_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out-dir", str(tmp_path)],
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = (tmp_path / "stream_state.md").read_text(encoding="utf-8")
    assert "placements identical: True" in text
    assert "rebuild from the stored articles (same stories: True)" in text
    rows = [line.split("|") for line in text.splitlines() if "| changed rows |" in line]
    whole = [line.split("|") for line in text.splitlines() if "| whole pickle |" in line]
    assert len(rows) == len(whole) == 2
    # The changed rows of a batch are far fewer bytes than the whole state.
    for changed, full in zip(rows, whole, strict=True):
        assert float(changed[6]) < float(full[6]) / 5
