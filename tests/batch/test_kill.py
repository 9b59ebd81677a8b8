"""A real `kill -9` of `newsfuse batch` mid-job, then a resume: nothing redone, nothing twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfuse.batch import BatchOptions, run_batch


@pytest.mark.slow
def test_killed_job_resumes_without_duplicates(small_shard: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from newsfuse.cli import main; main()", "batch",
               str(small_shard), "--out", str(out),
               "--format", "jsonl", "--lines-per-partition", "1", "--workers", "1"]  # fmt: skip
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = out / "manifest.json"
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:
            if manifest.is_file() and json.loads(manifest.read_text())["partitions"]:
                break
            assert proc.poll() is None, "the job ended before it could be killed"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    killed = json.loads(manifest.read_text())
    assert killed["partitions"] and not killed["complete"]
    options = BatchOptions(fmt="jsonl", lines_per_partition=1)
    result = run_batch([small_shard], out=out, options=options)
    assert result.resumed >= len(killed["partitions"])
    assert result.resumed < result.partitions  # it was killed before the end
    rows = [json.loads(line) for line in (out / "articles.jsonl").read_text().splitlines()]
    assert len(rows) == len({r["id"] for r in rows}) == 6
    assert not list(out.glob("**/.*.tmp"))  # no half-written file survives
