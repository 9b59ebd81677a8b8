from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "cluster.py"


@pytest.mark.slow
def test_cluster_bench_runs_small(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSFUSE_BENCH_CACHE": str(tmp_path / "cache"), "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--out-dir", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    text = (tmp_path / "cluster.md").read_text(encoding="utf-8")
    for part in ("TF-IDF average link (tuned)", "newsfuse batch", "agreement", "articles/s"):
        assert part in text
