"""Ingesting into the store: batches, summaries, and survival of a kill -9 mid-batch."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from newsfuse.ingest.pipeline import expand_sources, ingest_sources
from newsfuse.models import Article
from newsfuse.store import AddResult, open_store

# Enough inputs that the run is still going when 50 articles are stored (about 1 ms each).
_KILL_FILES = 1200
# Odd-sized batches, so that a batch stored in part would show in the count.
_KILL_BATCH = 17


def _write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"{i:05d}.txt"
        path.write_text(
            f"Report {i} on the flooding\nThe river rose {i} centimetres in district {i}, "
            f"officials said on day {i}. Residents were told to move to higher ground.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_summary_counts_added_present_and_skipped(tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    batches: list[int] = []

    def on_batch(articles: Sequence[Article], result: AddResult) -> None:
        batches.append(len(articles))
        assert len(result.added) + len(result.present) == len(articles)

    with open_store(tmp_path / "news.db") as store:
        first = ingest_sources(
            [seeds_dir, tmp_path / "empty.txt"], store=store, batch_size=2, on_batch=on_batch
        )
        again = ingest_sources([seeds_dir], store=store)
    assert len(first.added) == 5 and first.present == ()
    assert [s.source for s in first.skipped] == [str(tmp_path / "empty.txt")]
    assert "empty" in first.skipped[0].reason
    assert batches == [2, 2, 1]
    assert again.added == () and len(again.present) == 5 and again.ok


def test_expand_sources_lists_folder_files_and_keeps_others(tmp_path: Path) -> None:
    paths = _write_articles(tmp_path / "a" / "b", 3)
    (tmp_path / "a" / ".hidden.txt").write_text("secret", encoding="utf-8")
    expanded = expand_sources([tmp_path / "a", "-", "https://example.org/x", "missing.txt"])
    assert expanded == [*map(str, paths), "-", "https://example.org/x", "missing.txt"]


def test_progress_called_once_per_source(tmp_path: Path) -> None:
    paths = _write_articles(tmp_path / "in", 4)
    seen: list[str] = []
    with open_store(tmp_path / "news.db") as store:
        ingest_sources(paths, store=store, on_progress=seen.append)
    assert seen == [str(p) for p in paths]


def _count(db: Path) -> set[str]:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return {row[0] for row in con.execute("SELECT id FROM articles")}
        finally:
            con.close()
    except sqlite3.OperationalError:
        return set()  # not created yet


def test_kill_9_mid_batch_loses_nothing_committed(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", _KILL_FILES)
    db = tmp_path / "news.db"
    command = [sys.executable, "-c", "from newsfuse.cli import main; main()", "ingest",
               str(tmp_path / "in"), "--db", str(db), "--batch-size", str(_KILL_BATCH)]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    before: set[str] = set()
    deadline = time.monotonic() + 120
    while len(before) < 50 and time.monotonic() < deadline and proc.poll() is None:
        before = _count(db)
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"
    assert 50 <= len(before) < _KILL_FILES
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after_kill = {row[0] for row in con.execute("SELECT id FROM articles")}
    con.close()
    assert before <= after_kill
    assert len(after_kill) % _KILL_BATCH == 0, "a batch was stored in part"
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"already present {len(after_kill)}" in rerun.stdout
    assert len(_count(db)) == _KILL_FILES
